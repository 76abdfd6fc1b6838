"""Warm a new worker before it accepts requests, so its first candidates wait for nothing.

gunicorn calls ``warm_up(worker.wsgi)`` in ``post_worker_init`` (gunicorn.conf.py): the
worker has loaded the app and has not accepted a connection yet. A started worker then
has in memory:

- the reference data (communes, trades, training codes: ``widgets.offers.referentials``),
  the bundled insertion rates per CFA and the job-market snapshot;
- every template compiled (Jinja's cache holds them all);
- the widgets' texts (``load_texts``) and the content hash of every static file
  (the ``?v=`` of its URLs);
- each widget page rendered once, in process, without network (no search: the
  offer-search page is asked with no trade), which loads the lazy parts the templates
  do not show (regular expressions of the schemas, the published content's snapshot,
  database and cache connections).

The page micro-cache may still start cold. Nothing here may stop a worker from
starting: a failing step is logged and skipped, and the page renders stop after
``PAGE_BUDGET_S`` (a database that does not answer costs its connect timeout once).
"""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path

log = logging.getLogger("bff.warmup")

TEMPLATE_SUFFIXES = (".html", ".jinja", ".txt", ".ics", ".xml")
PAGE_BUDGET_S = 5.0
WARM_CALLER = "parcoursup"


def compile_templates(app) -> int:
    """Compile every template the app's loader can find; Jinja keeps them in its cache."""
    env = app.jinja_env
    names = [n for n in env.list_templates() if n.endswith(TEMPLATE_SUFFIXES)]
    if env.cache is not None and getattr(env.cache, "capacity", len(names)) < len(names):
        log.warning("Jinja cache (%s) smaller than the %d templates", env.cache.capacity,
                    len(names))
    for name in names:
        env.get_template(name)
    return len(names)


def hash_static_files(app) -> int:
    from bff.assets import path_digest

    count = 0
    for path in Path(app.static_folder).rglob("*"):
        if path.is_file() and path.suffix not in (".br", ".gz"):
            path_digest(path)
            count += 1
    return count


def render_pages(app, budget_s: float = PAGE_BUDGET_S) -> int:
    """Each widget page once, in process (no socket, no access log line)."""
    from widgets.registry import WIDGETS

    started, rendered = time.monotonic(), 0
    for name in WIDGETS:
        if time.monotonic() - started > budget_s:
            break
        # Asked at the service's public name: TRUSTED_HOSTS refuses any other in production.
        with app.test_request_context(f"/widgets/v1/{name}?caller={WARM_CALLER}",
                                      base_url=app.config["PUBLIC_URL"] or "http://localhost",
                                      headers={"Accept-Encoding": "br, gzip"}):
            response = app.full_dispatch_request()
            rendered += response.status_code == 200
    return rendered


def warm_up(app) -> dict:
    """Load data, templates and texts of ``app`` in this process; return what was done."""
    from widgets.insertion.figures import warm_up as load_insertion_figures
    from widgets.offers.referentials import warm_up as load_referentials
    from widgets.registry import load_texts

    started = time.perf_counter()
    state = {"pid": os.getpid()}
    steps = (("referentials", load_referentials),
             ("insertion_figures", load_insertion_figures),
             ("market_snapshot", lambda: app.extensions["market"].current() is not None),
             ("texts", load_texts),
             ("templates", lambda: compile_templates(app)),
             ("static_files", lambda: hash_static_files(app)),
             ("pages", lambda: render_pages(app)))
    for name, step in steps:
        try:
            result = step()
            state[name] = True if result is None else result
        except Exception:  # a worker that starts cold is better than no worker
            log.exception("warm-up step %s failed", name)
            state[name] = False
    state["seconds"] = round(time.perf_counter() - started, 3)
    app.extensions["warm_up"] = state
    log.info("worker %(pid)s warmed up in %(seconds)s s: reference data %(referentials)s, "
             "%(templates)s templates compiled, %(pages)s widget pages rendered", state,
             extra={"warm_up": state})
    return state
