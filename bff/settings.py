"""Settings from environment variables only, validated once at start.

Every variable is declared here with what it means; ``from_environment`` checks
them all and raises one ``SettingsError`` listing each wrong variable with a
message saying what was expected, so an operator fixes everything in one go.
``BFF_ENV=production`` makes the settings a production instance cannot run
without mandatory (secret key, PostgreSQL, Redis, public URL, API key).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Callable, Mapping
from urllib.parse import urlsplit

from bff import config

ENVIRONMENTS = ("development", "production")
ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
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
        if not value.isdigit() or not minimum <= int(value) <= maximum:
            raise ValueError(f"expected a whole number between {minimum} and {maximum}, "
                             f"got {_shown(value)}")
        return {name: int(value)}
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
            "CACHE_TYPE": "bff.cache_backend.ResilientRedisCache",
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
    wrong = [o for o in origins if not ORIGIN.match(o) and o != "*"]
    if wrong or not origins:
        raise ValueError("expected a comma-separated list of origins such as "
                         "https://www.parcoursup.gouv.fr (scheme://host[:port], no path); "
                         f"not origins: {', '.join(map(_shown, wrong)) or 'none given'}")
    if production and "*" in origins:
        raise ValueError("'*' would let any site call the API with credentials: list the origins")
    return {"ALLOWED_ORIGINS": tuple(origins)}


def parse_log_level(value: str, production: bool) -> dict:
    level = value.upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ValueError(f"expected DEBUG, INFO, WARNING or ERROR, got {_shown(value)}")
    return {"LOG_LEVEL": level}


def parse_text(name: str) -> Callable[[str, bool], dict]:
    def parse(value: str, production: bool) -> dict:
        if any(c.isspace() for c in value):
            raise ValueError("the value contains a space or a line break (copied with its "
                             "quotes or a newline?)")
        return {name: value}
    return parse


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
             parse_environment_name, example="production"),
    Variable("DATABASE_URL", "SQLAlchemy URL of the database holding published texts, "
             "calendars and partners; `postgresql://` is read with psycopg 3. Default: an "
             "SQLite file in `./instance/`",
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
             _positive_int("REDIS_TIMEOUT_MS", 10_000), example="250"),
    Variable("APPRENTISSAGE_API_URL", "base URL of the apprenticeship offers API "
             "(default https://api.apprentissage.beta.gouv.fr/api)",
             parse_api_url, example="https://api.apprentissage.beta.gouv.fr/api"),
    Variable("APPRENTISSAGE_API_KEY", "key of the apprenticeship offers API",
             parse_api_key, True, "eyJhbGciOi..."),
    Variable("SECRET_KEY", f"signs admin sessions; at least {MIN_SECRET_KEY_LENGTH} "
             "characters, the same on every instance. Default (development only): random "
             "at each start", parse_secret_key, True, "<64 hex characters>"),
    Variable("PUBLIC_URL", "base URL browsers load the widgets from (no trailing slash); "
             "https in production", parse_public_url, True,
             "https://widgets.apprentissage.beta.gouv.fr"),
    Variable("APPRENTISSAGE_CALLS_PER_MINUTE", "calls to the offers API each worker "
             "process may make per minute (quota: 60 per key; default 55 — divide it by the "
             "number of processes sharing the key)",
             _positive_int("APPRENTISSAGE_CALLS_PER_MINUTE", 1_000_000), example="13"),
    Variable("OFFERS_CACHE_TTL", "seconds a search answer is reused from the cache "
             "(default 600)", _positive_int("OFFERS_CACHE_TTL", 86_400), example="600"),
    Variable("CONTENT_REFRESH_SECONDS", "how often each process checks for a new "
             "publication (default 2)", _positive_int("CONTENT_REFRESH_SECONDS", 300),
             example="2"),
    Variable("ALLOWED_ORIGINS", "extra origins, comma-separated, allowed to call the API "
             "from a browser (CORS) besides the registered partners' origins",
             parse_allowed_origins, example="https://www.parcoursup.gouv.fr"),
    Variable("CACHE_DEFAULT_TIMEOUT", "lifetime in seconds of cache entries (default 300)",
             _positive_int("CACHE_DEFAULT_TIMEOUT", 86_400), example="300"),
    Variable("HTTP_MAX_AGE", "seconds a browser, proxy or CDN may reuse a widget page or "
             "GET API answer without asking again (default 60)",
             _positive_int("HTTP_MAX_AGE", 86_400), example="60"),
    Variable("PAGE_CACHE_SECONDS", "seconds each worker keeps a rendered widget page for "
             "the same URL and published content (default 30; 0 turns it off)",
             _positive_int("PAGE_CACHE_SECONDS", 3600, minimum=0), example="30"),
    Variable("MARKET_REFRESH_SECONDS", "how often each process checks for a new job-market "
             "snapshot stored by `flask --app bff market refresh` (default 5)",
             _positive_int("MARKET_REFRESH_SECONDS", 3600), example="5"),
    Variable("MARKET_DOWNLOAD_TIMEOUT", "seconds the market refresh may spend downloading "
             "the offers export (default 600)",
             _positive_int("MARKET_DOWNLOAD_TIMEOUT", 86_400), example="600"),
    Variable("FRANCE_TRAVAIL_CLIENT_ID", "France Travail API client id (OAuth2 client "
             "credentials, scope api_stats-offres-demandes-emploiv1): enables the "
             "recruitment-tension indicator of the job market; unset, it is absent",
             parse_text("FRANCE_TRAVAIL_CLIENT_ID"), example="PAR_monappli_0123"),
    Variable("FRANCE_TRAVAIL_CLIENT_SECRET", "France Travail API client secret",
             parse_text("FRANCE_TRAVAIL_CLIENT_SECRET"), example="<secret>"),
    Variable("FRANCE_TRAVAIL_API_URL", "base URL of France Travail's partner APIs "
             "(default https://api.francetravail.io/partenaire)",
             parse_https_url("FRANCE_TRAVAIL_API_URL"),
             example="https://api.francetravail.io/partenaire"),
    Variable("FRANCE_TRAVAIL_TOKEN_URL", "France Travail's OAuth2 token URL (default "
             "https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=%2Fpartenaire)",
             parse_https_url("FRANCE_TRAVAIL_TOKEN_URL"),
             example="https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=%2Fpartenaire"),
    Variable("LOG_LEVEL", "DEBUG, INFO (default), WARNING or ERROR",
             parse_log_level, example="INFO"),
    Variable("ACCESS_LOG", "one JSON line per request (default on)",
             parse_flag("ACCESS_LOG"), example="on"),
)


def is_production(env: Mapping[str, str] = os.environ) -> bool:
    return env.get("BFF_ENV", "").strip() == "production"


def from_environment(env: Mapping[str, str] = os.environ) -> dict:
    """Validated settings from ``env``: only the variables that are set.

    Raises ``SettingsError`` naming every wrong or (in production) missing variable.
    """
    settings = config.from_environment(env)
    production = is_production(env)
    problems = []
    for variable in VARIABLES:
        raw = env.get(variable.name)
        value = raw.strip() if raw is not None else ""
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
    """(name, doc, required in production) for the README."""
    return [(v.name, v.doc, v.required_in_production) for v in VARIABLES]

