"""The one settings object: every setting, its default, its environment variable, its check.

Every variable is declared in ``VARIABLES`` with what it means and its default;
``from_environment`` checks them all and raises one ``SettingsError`` listing each
wrong variable with a message saying what was expected, so an operator fixes
everything in one go. ``BFF_ENV=production`` makes the settings a production
instance cannot run without mandatory (secret key, PostgreSQL, Redis, public URL,
API key). ``load`` gives the app's configuration: defaults, then the environment,
then a test configuration. No other module reads ``os.environ`` or keeps defaults.

With nothing set the BFF runs on one machine: an SQLite file in the instance
folder, an in-process cache, bundled demo data.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

ENVIRONMENTS = ("development", "production")
# Validation patterns are used with fullmatch(): "$" would also accept a trailing newline.
ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")
HOST_NAME = re.compile(r"\.?[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)*")
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
# Host names the development server answers to besides PUBLIC_URL's: the demo swaps one
# for the other to get two origins on one machine.
DEVELOPMENT_HOSTS = ("localhost", "127.0.0.1")
MAX_TRUSTED_PROXIES = 5
DEFAULT_HSTS_SECONDS = 31_536_000
MIN_SECRET_KEY_LENGTH = 32


class SettingsError(ValueError):
    """One or more environment variables are wrong; ``problems`` has one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Invalid settings (environment variables):\n"
                         + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class Variable:
    name: str
    doc: str
    parse: Callable[[str, bool], dict]    # (value, production) -> config entries
    required_in_production: bool = False
    example: str = ""
    default: Any = None          # the config entry's value when the variable is not set
    # Config entries when the variable is set to the empty string (None: as if unset).
    empty: dict | None = None


def _url(value: str, schemes: tuple[str, ...]) -> tuple:
    parts = urlsplit(value)
    if parts.scheme not in schemes or not (parts.netloc or parts.path):
        raise ValueError(f"expected a URL starting with {' or '.join(s + '://' for s in schemes)}, "
                         f"got {_shown(value)}")
    return parts


def _shown(value: str) -> str:
    """The value as it may appear in an error message: never a password."""
    parts = urlsplit(value)
    if parts.password:
        value = value.replace(f":{parts.password}@", ":***@", 1)
    return repr(value if len(value) <= 80 else value[:77] + "...")


def _positive_int(name: str, maximum: int, minimum: int = 1) -> Callable[[str, bool], dict]:
    def parse(value: str, production: bool) -> dict:
        # Length and ASCII first: int() accepts other scripts' digits and refuses huge ones.
        if (not (value.isascii() and value.isdigit()) or len(value) > 12
                or not minimum <= int(value) <= maximum):
            raise ValueError(f"expected a whole number between {minimum} and {maximum}, "
                             f"got {_shown(value)}")
        return {name: int(value)}
    return parse


def _positive_number(name: str, maximum: float) -> Callable[[str, bool], dict]:
    def parse(value: str, production: bool) -> dict:
        try:
            number = float(value)
        except ValueError:
            number = -1.0
        if not 0 < number <= maximum:
            raise ValueError(f"expected a number of seconds above 0 and up to {maximum:g}, "
                             f"got {_shown(value)}")
        return {name: number}
    return parse


def parse_instance_dir(value: str, production: bool) -> dict:
    path = Path(value)
    if not path.is_absolute():
        raise ValueError(f"expected an absolute path, got {_shown(value)}")
    return {"BFF_INSTANCE_DIR": str(path)}


def _base_url(name: str) -> Callable[[str, bool], dict]:
    def parse(value: str, production: bool) -> dict:
        parts = _url(value, ("https", "http"))
        if not parts.hostname or parts.query or parts.fragment:
            raise ValueError(f"expected an https:// base URL with a host name and no query, "
                             f"got {_shown(value)}")
        return {name: value.rstrip("/")}
    return parse


def _key(name: str) -> Callable[[str, bool], dict]:
    def parse(value: str, production: bool) -> dict:
        if any(c.isspace() for c in value):
            raise ValueError("the key contains a space or a line break (copied with its "
                             "quotes or a newline?)")
        return {name: value}
    return parse


def parse_environment_name(value: str, production: bool) -> dict:
    if value not in ENVIRONMENTS:
        raise ValueError(f"expected one of {', '.join(ENVIRONMENTS)}, got {_shown(value)}")
    return {"BFF_ENV": value}


def parse_database_url(value: str, production: bool) -> dict:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(value)
    except ArgumentError:
        raise ValueError("expected an SQLAlchemy URL such as "
                         "postgresql://user:password@host:5432/name, got "
                         f"{_shown(value)}") from None
    backend = url.get_backend_name()
    if backend == "postgres":
        backend, url = "postgresql", url.set(drivername="postgresql")
    if backend not in ("postgresql", "sqlite"):
        raise ValueError(f"expected a postgresql:// (or, outside production, sqlite://) URL, "
                         f"got the {backend!r} backend")
    if production and backend != "postgresql":
        raise ValueError("production instances share their texts through PostgreSQL: "
                         "expected a postgresql:// URL, got an SQLite file")
    if backend == "postgresql":
        if not url.host and not url.query.get("host"):
            raise ValueError("the PostgreSQL URL names no host")
        if not url.database:
            raise ValueError("the PostgreSQL URL names no database")
        # psycopg (3) is the driver we ship; a bare postgresql:// would pick psycopg2.
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
    return {"DATABASE_URL": url.render_as_string(hide_password=False)}


def parse_redis_url(value: str, production: bool) -> dict:
    _url(value, ("redis", "rediss", "unix"))
    return {"REDIS_URL": value,
            "CACHE_TYPE": "bff.caching.backend.ResilientRedisCache",
            "CACHE_REDIS_URL": value}


def parse_key_prefix(value: str, production: bool) -> dict:
    if not re.fullmatch(r"[A-Za-z0-9:_.-]{1,64}", value):
        raise ValueError("expected up to 64 letters, digits or : _ . - characters, "
                         f"got {_shown(value)}")
    return {"CACHE_KEY_PREFIX": value}


def parse_api_url(value: str, production: bool) -> dict:
    parts = _url(value, ("https", "http"))
    if not parts.hostname:
        raise ValueError(f"expected an https:// URL with a host name, got {_shown(value)}")
    return {"APPRENTISSAGE_API_URL": value.rstrip("/")}


def parse_api_key(value: str, production: bool) -> dict:
    if any(c.isspace() for c in value):
        raise ValueError("the key contains a space or a line break (copied with its quotes "
                         "or a newline?)")
    return {"APPRENTISSAGE_API_KEY": value}


def parse_secret_key(value: str, production: bool) -> dict:
    if len(value) < MIN_SECRET_KEY_LENGTH:
        raise ValueError(f"expected at least {MIN_SECRET_KEY_LENGTH} characters "
                         f"(got {len(value)}); generate one with "
                         "python3 -c 'import secrets; print(secrets.token_hex(32))'")
    return {"SECRET_KEY": value}


def parse_public_url(value: str, production: bool) -> dict:
    parts = _url(value, ("https", "http"))
    if not parts.hostname:
        raise ValueError(f"expected a URL with a host name, got {_shown(value)}")
    if parts.query or parts.fragment or value.endswith("/"):
        raise ValueError("expected a base URL with no trailing slash, query or fragment, "
                         "e.g. https://widgets.apprentissage.beta.gouv.fr")
    if production and parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS:
        raise ValueError("production widgets are embedded in https pages: expected https://")
    return {"PUBLIC_URL": value}


def parse_allowed_origins(value: str, production: bool) -> dict:
    origins = [o.strip() for o in value.split(",") if o.strip()]
    wrong = [o for o in origins if not ORIGIN.fullmatch(o) and o != "*"]
    if wrong or not origins:
        raise ValueError("expected a comma-separated list of origins such as "
                         "https://www.parcoursup.gouv.fr (scheme://host[:port], no path); "
                         f"not origins: {', '.join(map(_shown, wrong)) or 'none given'}")
    if production and "*" in origins:
        raise ValueError("'*' would let any site call the API with credentials: list the origins")
    return {"ALLOWED_ORIGINS": tuple(origins)}


def parse_trusted_hosts(value: str, production: bool) -> dict:
    hosts = [h.strip().lower() for h in value.split(",") if h.strip()]
    wrong = [h for h in hosts if not HOST_NAME.fullmatch(h)]
    if wrong or not hosts:
        raise ValueError("expected a comma-separated list of host names such as "
                         "widgets.example.fr (no scheme, port or path; a leading dot accepts "
                         f"every subdomain); not host names: {', '.join(map(_shown, wrong)) or 'none given'}")
    return {"TRUSTED_HOSTS": tuple(hosts)}


def trusted_hosts(values: Mapping) -> tuple[str, ...]:
    """The Host names requests may carry: TRUSTED_HOSTS, PUBLIC_URL's host (always), and
    outside production the loopback names (``localhost`` and ``127.0.0.1``, both: the demo
    needs two origins). Never empty: an empty list would turn the check off."""
    hosts = list(values.get("TRUSTED_HOSTS") or ())
    public = urlsplit(values.get("PUBLIC_URL") or "").hostname
    if public and public not in hosts:
        hosts.append(public)
    if values.get("BFF_ENV") != "production" or not hosts:
        hosts += [h for h in DEVELOPMENT_HOSTS if h not in hosts]
    return tuple(hosts)


def parse_log_level(value: str, production: bool) -> dict:
    level = value.upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ValueError(f"expected DEBUG, INFO, WARNING or ERROR, got {_shown(value)}")
    return {"LOG_LEVEL": level}


def parse_password_profile(value: str, production: bool) -> dict:
    if value not in PASSWORD_PROFILES:
        raise ValueError(f"expected one of {', '.join(PASSWORD_PROFILES)}, got {_shown(value)}")
    if production and value == "CHEAPEST":
        raise ValueError("CHEAPEST is for tests only: production keeps argon2id's "
                         "RFC_9106_LOW_MEMORY profile")
    return {"ADMIN_PASSWORD_PROFILE": value}


PASSWORD_PROFILES = ("RFC_9106_LOW_MEMORY", "RFC_9106_HIGH_MEMORY", "CHEAPEST")


def parse_https_url(name: str) -> Callable[[str, bool], dict]:
    def parse(value: str, production: bool) -> dict:
        parts = _url(value, ("https", "http"))
        if not parts.hostname:
            raise ValueError(f"expected an https:// URL with a host name, got {_shown(value)}")
        return {name: value.rstrip("/")}
    return parse


def parse_flag(name: str) -> Callable[[str, bool], dict]:
    def parse(value: str, production: bool) -> dict:
        if value.lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            raise ValueError(f"expected 1/0, true/false, yes/no or on/off, got {_shown(value)}")
        return {name: value.lower() in ("1", "true", "yes", "on")}
    return parse


VARIABLES = (
    Variable("BFF_ENV", "`development` (default: embedded defaults allowed) or `production` "
             "(the variables marked *production* become mandatory)",
             parse_environment_name, example="production", default="development"),
    Variable("BFF_INSTANCE_DIR", "absolute path of the instance folder (SQLite file, "
             "generated secret key). Default: `instance/` next to the `bff` package, i.e. in "
             "the checkout, whatever the current directory",
             parse_instance_dir, example="/var/lib/apprentissage-widgets"),
    Variable("DATABASE_URL", "SQLAlchemy URL of the database holding published texts, "
             "calendars and partners; `postgresql://` is read with psycopg 3. Default: an "
             "SQLite file in the instance folder",
             parse_database_url, True, "postgresql://bff:secret@db:5432/apprentissage"),
    Variable("DATABASE_AUTO_MIGRATE", "apply database migrations at start (default: on for "
             "SQLite, off for PostgreSQL, migrated by `flask --app bff db upgrade`)",
             parse_flag("DATABASE_AUTO_MIGRATE"), example="0"),
    Variable("REDIS_URL", "Redis shared by every instance for the cache (upstream answers, "
             "rendered fragments). Default: an in-process cache",
             parse_redis_url, True, "redis://cache:6379/0"),
    Variable("REDIS_KEY_PREFIX", "prefix of every cache key, so that several deployments can "
             "share one Redis (default `aw:`)", parse_key_prefix, example="aw:"),
    Variable("REDIS_TIMEOUT_MS", "connect and read timeout of every Redis call; past it the "
             "cache is bypassed (default 250)",
             _positive_int("REDIS_TIMEOUT_MS", 10_000), example="250", default=250),
    Variable("APPRENTISSAGE_API_URL", "base URL of the apprenticeship offers API "
             "(default https://api.apprentissage.beta.gouv.fr/api)",
             parse_api_url, example="https://api.apprentissage.beta.gouv.fr/api",
             default="https://api.apprentissage.beta.gouv.fr/api"),
    Variable("APPRENTISSAGE_API_KEY", "key of the apprenticeship offers API; without it a "
             "deterministic demo provider answers, labelled as such",
             parse_api_key, True, "eyJhbGciOi..."),
    Variable("SECRET_KEY", f"signs admin sessions; at least {MIN_SECRET_KEY_LENGTH} "
             "characters, the same on every instance. Default (development only): generated "
             "once into the instance folder", parse_secret_key, True, "<64 hex characters>"),
    Variable("PUBLIC_URL", "base URL browsers load the widgets from (no trailing slash); "
             "https in production. Default: the address each request was made to",
             parse_public_url, True, "https://widgets.apprentissage.beta.gouv.fr"),
    Variable("TRUSTED_HOSTS", "comma-separated host names the service answers to besides "
             "PUBLIC_URL's (a leading dot accepts every subdomain); a request whose `Host` "
             "is another name gets 400. Default: PUBLIC_URL's host, plus `localhost` and "
             "`127.0.0.1` outside production", parse_trusted_hosts,
             example="widgets.example.fr,admin.widgets.example.fr"),
    Variable("TRUSTED_PROXIES", "number of reverse proxies in front of the service whose "
             "`X-Forwarded-For` and `X-Forwarded-Proto` are believed (werkzeug's ProxyFix): "
             "the client address is the one the last of them saw. 0 (default): the address "
             "of the connection. Set it to 1 behind the documented nginx, never when clients "
             "can reach the service directly", _positive_int("TRUSTED_PROXIES",
                                                            MAX_TRUSTED_PROXIES, minimum=0),
             example="1", default=0),
    Variable("HSTS_MAX_AGE", "seconds browsers must keep to HTTPS (`Strict-Transport-"
             "Security`, sent in production when PUBLIC_URL is https; default 31536000, one "
             "year; 0 turns it off)", _positive_int("HSTS_MAX_AGE", 2 * DEFAULT_HSTS_SECONDS,
                                                     minimum=0),
             example="31536000", default=DEFAULT_HSTS_SECONDS),
    Variable("APPRENTISSAGE_CALLS_PER_MINUTE", "calls to the offers API each worker "
             "process may make per minute (quota: 60 per key; default 55 — divide it by the "
             "number of processes sharing the key)",
             _positive_int("APPRENTISSAGE_CALLS_PER_MINUTE", 1_000_000), example="13",
             default=55),
    Variable("APPRENTISSAGE_CONNECT_TIMEOUT", "seconds to connect to the offers API "
             "(default 2)", _positive_number("APPRENTISSAGE_CONNECT_TIMEOUT", 60),
             example="2", default=2.0),
    Variable("APPRENTISSAGE_READ_TIMEOUT", "seconds to wait for each read from the offers "
             "API (default 5)", _positive_number("APPRENTISSAGE_READ_TIMEOUT", 120),
             example="5", default=5.0),
    Variable("APPRENTISSAGE_TOTAL_TIMEOUT", "budget in seconds of one search, retries "
             "included (default 8)", _positive_number("APPRENTISSAGE_TOTAL_TIMEOUT", 300),
             example="8", default=8.0),
    Variable("APPRENTISSAGE_MAX_RETRIES", "retries of a failed call within the budget "
             "(default 2)", _positive_int("APPRENTISSAGE_MAX_RETRIES", 10, minimum=0),
             example="2", default=2),
    Variable("APPRENTISSAGE_BACKOFF", "base of the exponential backoff between retries, in "
             "seconds, with jitter (default 0.2)",
             _positive_number("APPRENTISSAGE_BACKOFF", 30), example="0.2", default=0.2),
    Variable("APPRENTISSAGE_MAX_RETRY_AFTER", "longest Retry-After (seconds) honoured "
             "before giving up (default 5)",
             _positive_number("APPRENTISSAGE_MAX_RETRY_AFTER", 120), example="5", default=5.0),
    Variable("APPRENTISSAGE_BREAKER_THRESHOLD", "consecutive failures that open the circuit "
             "(default 5)", _positive_int("APPRENTISSAGE_BREAKER_THRESHOLD", 1000),
             example="5", default=5),
    Variable("APPRENTISSAGE_BREAKER_RESET", "seconds the circuit stays open before one trial "
             "call (default 30)", _positive_number("APPRENTISSAGE_BREAKER_RESET", 3600),
             example="30", default=30.0),
    Variable("OFFERS_CACHE_TTL", "seconds a search answer is reused from the cache "
             "(default 600)", _positive_int("OFFERS_CACHE_TTL", 86_400), example="600",
             default=600),
    Variable("OFFERS_STALE_TTL", "seconds a search answer is kept to be served, marked stale, "
             "when the upstream fails (default 86400)",
             _positive_int("OFFERS_STALE_TTL", 30 * 86_400), example="86400", default=86_400),
    Variable("OFFERS_LOCAL_TTL", "seconds a hot search answer is also kept in each worker's "
             "memory (default 30; 0 turns it off)",
             _positive_int("OFFERS_LOCAL_TTL", 3600, minimum=0), example="30", default=30),
    Variable("CONTENT_REFRESH_SECONDS", "how often each process checks for a new "
             "publication (default 2)", _positive_number("CONTENT_REFRESH_SECONDS", 300),
             example="2", default=2.0),
    Variable("CONTENT_RETRY_SECONDS", "after a failed database read, seconds before the "
             "next attempt; the last known content is served meanwhile (default 10)",
             _positive_number("CONTENT_RETRY_SECONDS", 600), example="10", default=10.0),
    Variable("CALLERS_REFRESH_SECONDS", "how often each process reloads the registered "
             "partners (default 5)", _positive_number("CALLERS_REFRESH_SECONDS", 600),
             example="5", default=5.0),
    Variable("CALLERS_RETRY_SECONDS", "after a failed read of the partners, seconds before "
             "the next attempt (default 10)", _positive_number("CALLERS_RETRY_SECONDS", 600),
             example="10", default=10.0),
    Variable("ALLOWED_ORIGINS", "extra origins, comma-separated, allowed to call the API "
             "from a browser (CORS) besides the registered partners' origins",
             parse_allowed_origins, example="https://www.parcoursup.gouv.fr", default=()),
    Variable("CACHE_DEFAULT_TIMEOUT", "lifetime in seconds of cache entries (default 300)",
             _positive_int("CACHE_DEFAULT_TIMEOUT", 86_400), example="300", default=300),
    Variable("HTTP_MAX_AGE", "seconds a browser, proxy or CDN may reuse a widget page or "
             "GET API answer without asking again (default 60)",
             _positive_int("HTTP_MAX_AGE", 86_400), example="60", default=60),
    Variable("PAGE_CACHE_SECONDS", "seconds each worker keeps a rendered widget page for "
             "the same URL and published content (default 30; 0 turns it off)",
             _positive_int("PAGE_CACHE_SECONDS", 3600, minimum=0), example="30", default=30),
    Variable("INSERJEUNES_API_URL", "base URL of the Exposition InserJeunes API, for the "
             "insertion rates per certification (default "
             "https://exposition.inserjeunes.beta.gouv.fr/api/inserjeunes); set it to the "
             "empty string to turn the client off: the insertion widget then shows only its "
             "bundled per-CFA figures", _base_url("INSERJEUNES_API_URL"),
             example="https://exposition.inserjeunes.beta.gouv.fr/api/inserjeunes",
             default="https://exposition.inserjeunes.beta.gouv.fr/api/inserjeunes",
             empty={"INSERJEUNES_API_URL": ""}),
    Variable("INSERJEUNES_API_KEY", "optional key of the Exposition InserJeunes API, sent in "
             "the x-api-key header (the public routes the widget calls need none)",
             _key("INSERJEUNES_API_KEY"), example="<key given by the InserJeunes team>"),
    Variable("INSERJEUNES_CACHE_TTL_DAYS", "days an InserJeunes answer is reused from the "
             "cache before asking again; the data changes once a year (default 7)",
             _positive_int("INSERJEUNES_CACHE_TTL_DAYS", 366), example="7", default=7),
    Variable("INSERJEUNES_STALE_DAYS", "days an InserJeunes answer is kept to be shown, "
             "marked as such, while the API does not answer (default 90)",
             _positive_int("INSERJEUNES_STALE_DAYS", 366), example="90", default=90),
    Variable("INSERJEUNES_NOT_FOUND_SECONDS", "seconds a \"no figures for this code\" answer "
             "is kept before asking again (default 86400)",
             _positive_int("INSERJEUNES_NOT_FOUND_SECONDS", 30 * 86_400), example="86400",
             default=86_400),
    Variable("INSERJEUNES_CONNECT_TIMEOUT", "seconds to connect to the InserJeunes API "
             "(default 2)", _positive_number("INSERJEUNES_CONNECT_TIMEOUT", 60), example="2",
             default=2.0),
    Variable("INSERJEUNES_READ_TIMEOUT", "seconds to wait for each read from the InserJeunes "
             "API (default 4)", _positive_number("INSERJEUNES_READ_TIMEOUT", 120), example="4",
             default=4.0),
    Variable("INSERJEUNES_TOTAL_TIMEOUT", "budget in seconds of one InserJeunes answer, "
             "retries included (default 6)", _positive_number("INSERJEUNES_TOTAL_TIMEOUT", 300),
             example="6", default=6.0),
    Variable("INSERJEUNES_MAX_RETRIES", "retries of a failed InserJeunes call within the "
             "budget (default 1)", _positive_int("INSERJEUNES_MAX_RETRIES", 10, minimum=0),
             example="1", default=1),
    Variable("INSERJEUNES_BACKOFF", "base of the backoff between InserJeunes retries, in "
             "seconds (default 0.2)", _positive_number("INSERJEUNES_BACKOFF", 30),
             example="0.2", default=0.2),
    Variable("INSERJEUNES_BREAKER_THRESHOLD", "consecutive InserJeunes failures that open its "
             "circuit (default 5)", _positive_int("INSERJEUNES_BREAKER_THRESHOLD", 1000),
             example="5", default=5),
    Variable("INSERJEUNES_BREAKER_RESET", "seconds the InserJeunes circuit stays open before "
             "one trial call (default 30)", _positive_number("INSERJEUNES_BREAKER_RESET", 3600),
             example="30", default=30.0),
    Variable("MARKET_REFRESH_SECONDS", "how often each process checks for a new job-market "
             "snapshot stored by `flask --app bff market refresh` (default 5)",
             _positive_int("MARKET_REFRESH_SECONDS", 3600), example="5", default=5),
    Variable("MARKET_RETRY_SECONDS", "after a failed read of the job-market snapshot, seconds "
             "before the next attempt; the loaded snapshot is served meanwhile (default 30)",
             _positive_int("MARKET_RETRY_SECONDS", 3600), example="30", default=30),
    Variable("MARKET_DOWNLOAD_TIMEOUT", "seconds the market refresh may spend downloading "
             "the offers export (default 600)",
             _positive_int("MARKET_DOWNLOAD_TIMEOUT", 86_400), example="600", default=600),
    Variable("MARKET_MAX_RETRY_AFTER", "longest Retry-After (seconds) the market refresh "
             "waits when the export answers 429 (default 65: its quota is 2 calls a minute)",
             _positive_int("MARKET_MAX_RETRY_AFTER", 3600), example="65", default=65),
    Variable("MARKET_BACKOFF", "base of the backoff between the market refresh's retries, in "
             "seconds (default 1)", _positive_number("MARKET_BACKOFF", 300), example="1",
             default=1.0),
    Variable("FRANCE_TRAVAIL_CLIENT_ID", "France Travail API client id (OAuth2 client "
             "credentials, scope api_stats-offres-demandes-emploiv1): enables the "
             "recruitment-tension indicator of the job market; unset, it is absent",
             _key("FRANCE_TRAVAIL_CLIENT_ID"), example="PAR_monappli_0123"),
    Variable("FRANCE_TRAVAIL_CLIENT_SECRET", "France Travail API client secret",
             _key("FRANCE_TRAVAIL_CLIENT_SECRET"), example="<secret>"),
    Variable("FRANCE_TRAVAIL_API_URL", "base URL of France Travail's partner APIs "
             "(default https://api.francetravail.io/partenaire)",
             parse_https_url("FRANCE_TRAVAIL_API_URL"),
             example="https://api.francetravail.io/partenaire",
             default="https://api.francetravail.io/partenaire"),
    Variable("FRANCE_TRAVAIL_TOKEN_URL", "France Travail's OAuth2 token URL (default "
             "https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=%2Fpartenaire)",
             parse_https_url("FRANCE_TRAVAIL_TOKEN_URL"),
             example="https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=%2Fpartenaire",
             default="https://entreprise.francetravail.fr/connexion/oauth2/access_token"
                     "?realm=%2Fpartenaire"),
    Variable("ADMIN_COOKIE_SECURE", "send the admin session cookie over HTTPS only (default: "
             "on, except on the embedded SQLite default served over plain HTTP on localhost)",
             parse_flag("ADMIN_COOKIE_SECURE"), example="1"),
    Variable("ADMIN_LOCKOUT_FAILURES", "failed logins of one account, within the lockout "
             "window, that lock it (default 5)",
             _positive_int("ADMIN_LOCKOUT_FAILURES", 1000), example="5", default=5),
    Variable("ADMIN_LOCKOUT_IP_FAILURES", "failed logins from one client address, within the "
             "lockout window, that lock that address out (default 30)",
             _positive_int("ADMIN_LOCKOUT_IP_FAILURES", 100_000), example="30", default=30),
    Variable("ADMIN_LOCKOUT_MINUTES", "the lockout window and duration, in minutes "
             "(default 15)", _positive_int("ADMIN_LOCKOUT_MINUTES", 24 * 60), example="15",
             default=15),
    Variable("ADMIN_PASSWORD_PROFILE", "argon2id cost profile: RFC_9106_LOW_MEMORY "
             "(default), RFC_9106_HIGH_MEMORY, or CHEAPEST (tests only, refused in production)",
             parse_password_profile, example="RFC_9106_LOW_MEMORY",
             default="RFC_9106_LOW_MEMORY"),
    Variable("LOG_LEVEL", "DEBUG, INFO (default), WARNING or ERROR",
             parse_log_level, example="INFO", default="INFO"),
    Variable("ACCESS_LOG", "one JSON line per request (default on)",
             parse_flag("ACCESS_LOG"), example="on", default=True),
)

# Fixed configuration: not settings an operator changes, listed here so that the app's
# configuration has one origin.
FIXED = {
    "CACHE_TYPE": "bff.caching.backend.BatchPrunedSimpleCache",
    "CACHE_KEY_PREFIX": "aw:",
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "JSON_SORT_KEYS": False,
}


def is_production(env: Mapping[str, str] = os.environ) -> bool:
    return env.get("BFF_ENV", "").strip() == "production"


def from_environment(env: Mapping[str, str] = os.environ) -> dict:
    """Validated settings from ``env``: only the variables that are set.

    Raises ``SettingsError`` naming every wrong or (in production) missing variable.
    """
    settings: dict = {}
    production = is_production(env)
    problems = []
    for variable in VARIABLES:
        raw = env.get(variable.name)
        value = raw.strip() if raw is not None else ""
        if raw == "" and variable.empty is not None:
            settings.update(variable.empty)
            continue
        if not value:
            if production and variable.required_in_production:
                problems.append(f"{variable.name} is missing: BFF_ENV=production requires it "
                                f"({variable.doc.split(';')[0]}), e.g. "
                                f"{variable.name}={variable.example}")
            elif raw is not None and raw != "":
                problems.append(f"{variable.name} is blank: unset it or give it a value")
            continue
        try:
            settings.update(variable.parse(value, production))
        except ValueError as error:
            problems.append(f"{variable.name}: {error}")
    if problems:
        raise SettingsError(problems)
    if settings.get("REDIS_URL"):
        timeout = settings.get("REDIS_TIMEOUT_MS", 250) / 1000
        settings["CACHE_OPTIONS"] = {"socket_timeout": timeout,
                                     "socket_connect_timeout": timeout}
    return settings


def defaults(instance_dir: Path) -> dict:
    """Every configuration entry with its default, for an app whose instance folder is
    ``instance_dir``."""
    values = dict(FIXED)
    for variable in VARIABLES:
        values.setdefault(variable.name, variable.default)
    values["BFF_INSTANCE_DIR"] = str(instance_dir)
    values["DATABASE_URL"] = f"sqlite:///{instance_dir / 'apprentissage.sqlite3'}"
    return values


def instance_dir(default: str | Path, env: Mapping[str, str] = os.environ) -> Path:
    """The instance folder: ``BFF_INSTANCE_DIR`` when set (validated), else ``default``."""
    chosen = from_environment({k: v for k, v in env.items() if k == "BFF_INSTANCE_DIR"})
    return Path(chosen.get("BFF_INSTANCE_DIR") or default)


def load(instance_path: str | Path, test_config: Mapping | None = None,
         env: Mapping[str, str] = os.environ) -> dict:
    """The app's configuration: defaults, then the environment, then ``test_config``.

    Settings that depend on others are derived last (the admin cookie's Secure flag,
    automatic migrations), so a test configuration gets the same derivations.
    """
    values = defaults(Path(instance_path))
    values.update(from_environment(env))
    if test_config:
        values.update(test_config)
    if values.get("DATABASE_AUTO_MIGRATE") is None:
        values["DATABASE_AUTO_MIGRATE"] = values["DATABASE_URL"].startswith("sqlite")
    if values.get("ADMIN_COOKIE_SECURE") is None:
        # Embedded default (SQLite on a developer's machine, plain HTTP on localhost):
        # not Secure; anything else is production and gets Secure cookies.
        values["ADMIN_COOKIE_SECURE"] = (values["BFF_ENV"] == "production"
                                         or not values["DATABASE_URL"].startswith("sqlite"))
    # Flask's own TRUSTED_HOSTS: other Host headers get 400 before any view runs.
    values["TRUSTED_HOSTS"] = list(trusted_hosts(values))
    return values


def check(env: Mapping[str, str] = os.environ, stream=None) -> bool:
    """Print every problem to ``stream`` (stderr); True when the settings are usable."""
    import sys

    try:
        from_environment(env)
    except SettingsError as error:
        print(str(error), file=stream or sys.stderr)
        return False
    return True


def describe() -> list[tuple[str, str, bool]]:
    """(name, doc, required in production) for the documentation."""
    return [(v.name, v.doc, v.required_in_production) for v in VARIABLES]
