"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py`` (see README "Production").

Every value can be overridden by an environment variable (named below) or a
command-line flag. The app's own settings (DATABASE_URL, REDIS_URL...) are
checked before any worker starts: a wrong one stops the master with a message
naming each problem, instead of workers crash-looping.
"""
import multiprocessing
import os
import sys

wsgi_app = "bff:create_app()"

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")

# Rendering a widget is CPU work; waiting for the offers API, Redis or PostgreSQL is not.
# One process per core uses the cores (each Python process runs on one at a time), threads
# cover the waits and keep-alive connections from the proxy. On the 2-core benchmark
# machine 2 processes served the results-day mix faster than 3 or 4 (bench/, README).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))

# A worker silent for `timeout` s is killed and replaced by the master. The upstream
# client gives up after 8 s in total, so 30 s only catches a truly stuck worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On SIGTERM (deploy, scale-in) workers stop accepting and finish in-flight requests
# for up to this long before being killed.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 20))
# Behind a reverse proxy that reuses its upstream connections (nginx keepalive).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# SO_REUSEPORT (GUNICORN_REUSE_PORT=1): the kernel spreads new connections over the
# workers; without it, long-lived keep-alive connections (a proxy's pool, 16 wrk clients)
# often all land on one worker of two, which then serves alone at half the capacity
# (bench/bench_connections.py). Off by default: with it, connections handed to a worker
# that is being replaced are refused (tests/production/test_prod_gunicorn.py and
# test_prod_workers.py fail), and losing no request on a restart comes first.
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "0") == "1"
# Workers are not recycled under normal load: a restart costs a cold page micro-cache and
# ~1 s of warm-up, and at 50,000 requests they restarted every 40 s on results day. A
# worker's memory levels off (bench/bench_workers.py: page micro-cache and answer copies
# are bounded; docs/benchmarks.md), so recycling is a safety net only:
# - after 5 million requests (55 min at 1,500 req/s per worker), with a 10 % jitter so
#   workers never restart together;
# - when its resident memory passes GUNICORN_MAX_WORKER_MEMORY_MB (512 MB, about 4 times
#   a worker's level; checked every GUNICORN_MEMORY_CHECK_EVERY requests, 1,000): the
#   worker finishes its requests in flight and exits, and the master starts a new one
#   (the same graceful path as max_requests).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5_000_000))
max_requests_jitter = max_requests // 10
MAX_WORKER_MEMORY_MB = int(os.environ.get("GUNICORN_MAX_WORKER_MEMORY_MB", 512))
MEMORY_CHECK_EVERY = int(os.environ.get("GUNICORN_MEMORY_CHECK_EVERY", 1000))

# Refuse oversize requests while parsing, before any Python of ours runs:
#   request line (method + URL) longer than 4094 bytes  -> 414 URI Too Long
#   more than 50 header fields, or one over 8190 bytes  -> 431 Request Header Fields Too Large
# Bodies over MAX_CONTENT_LENGTH (1 MiB) are refused by the app with a 413 (JSON on /api/).
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# X-Forwarded-Proto / -For are trusted only from the reverse proxy's addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The app writes one JSON access line per request (with a request id and without the
# query string); gunicorn's own access log would print query strings, so it stays off.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "bff.logs.JsonFormatter"}},
    "filters": {"request_id": {"()": "bff.logs.RequestIdFilter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                            "filters": ["request_id"], "stream": "ext://sys.stderr"}},
    "root": {"level": loglevel.upper(), "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"],
                           "propagate": False},
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
    },
}

# gunicorn >= 25 opens a control socket at one fixed path per user: several instances on
# one machine would take it from each other. Opt in with a path of the instance's own.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]

# Heartbeat files in memory: a slow disk must not make the master kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def on_starting(server):
    from bff import settings

    if not settings.check(os.environ, sys.stderr):
        print("gunicorn: not started; fix the variables above (README, section Production).",
              file=sys.stderr)
        raise SystemExit(4)
    # Once, in the master, before any worker starts: brotli and gzip copies of the static
    # files that changed since the build (bff/static_files.py).
    from pathlib import Path

    from bff.static_files import precompress

    precompress(Path(__file__).resolve().parent / "static")

    from bff.storage.partners import check_production_partners

    # Production refuses the demo's localhost origins (docs/security.md).
    ok, message = check_production_partners(os.environ)
    if not ok:
        print(message, "\ngunicorn: not started; fix the partners above.", file=sys.stderr)
        raise SystemExit(4)
    if message:
        server.log.warning(message)


def worker_abort(worker):
    worker.log.warning("worker %s timed out and was aborted", worker.pid)


def post_worker_init(worker):
    # The worker has loaded the app and accepts nothing yet: load the reference data,
    # compile every template, render each widget page once (bff/warmup.py), so its first
    # candidates do not wait seconds for what the others already have.
    from bff.warmup import warm_up

    warm_up(worker.wsgi)


def post_request(worker, req, environ, resp):
    if worker.nr % MEMORY_CHECK_EVERY or not worker.alive:
        return
    megabytes = resident_megabytes()
    if megabytes > MAX_WORKER_MEMORY_MB:
        worker.log.warning("worker %s uses %d MB (> GUNICORN_MAX_WORKER_MEMORY_MB=%d): "
                           "restarting it after its requests in flight", worker.pid,
                           megabytes, MAX_WORKER_MEMORY_MB)
        worker.alive = False


def resident_megabytes() -> float:
    """This process's resident memory (Linux /proc; 0 elsewhere, never restarting)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0
