"""Insertion rates: which source answers, the cache, and what happens when it fails.

- ``uai`` alone: the bundled per-CFA figures (open data, all formations together).
- a certification code: the Exposition InserJeunes API (establishment × certification
  with ``uai``, a region with ``region``, else France), its validated answers cached
  ``INSERJEUNES_CACHE_TTL_DAYS`` days under a key holding the millésime, and a second
  copy kept ``INSERJEUNES_STALE_DAYS`` days to be shown, marked stale, while the API does
  not answer. With nothing cached, a ``uai`` falls back to the CFA's bundled figures (the
  page says these are the whole CFA's); without ``uai``, the figures are said to be
  unavailable: never invented.
- ``cfd`` with ``mefstat11``: the school route's figures for the same certification-level
  scope come beside the apprenticeship's (``compared``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from flask import Flask

from bff.caching.answers import AnswerCache, AnswerUnavailable
from bff.upstream import per_app
from bff.upstream.inserjeunes import InserJeunesClient, InserJeunesNotFound
from bff.upstream.resilience import RetryPolicy, UpstreamError
from widgets.insertion.answer import SOURCE_API_LABEL, SOURCE_API_URL
from widgets.insertion.figures import bundle
from widgets.insertion.rules import (PERIOD, REGIONS, Request, Result, Source,
                                     certification_code, empty_rates, from_api,
                                     from_open_data, note)
from widgets.insertion.upstream_schemas import (MalformedPayload, available_millesimes,
                                                load_stats)

log = logging.getLogger("bff.insertion")

DAY = 86_400
CACHE_VERSION = "v1"


class NotFound(Exception):
    """No figures for this request; ``millesimes`` lists those that exist, if known."""

    def __init__(self, reason: str, millesimes: list[str] | None = None,
                 codes: list[str] | None = None):
        super().__init__(reason)
        self.reason = reason                # "unknown" | "millesime" | "not_final_year"
        self.millesimes = millesimes or []
        self.codes = codes or []


class Unavailable(Exception):
    """The API is off or did not answer, and nothing is cached."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def recoverable(error: Exception) -> bool:
    """Failures a stale copy may stand in for: the API down or answering garbage."""
    return isinstance(error, (UpstreamError, MalformedPayload))


class InsertionService:
    def __init__(self, client: InserJeunesClient | None, ttl: int, stale_ttl: int,
                 not_found_ttl: int):
        self.client = client
        self.not_found_ttl = not_found_ttl
        # Answers of the API, keyed by scope, place, code and millésime (the data changes
        # once a year): fresh for days, a stale copy kept longer for when the API fails.
        self.answers = AnswerCache(f"insertion:{CACHE_VERSION}", ttl=ttl, stale_ttl=stale_ttl,
                                   wait_timeout=30.0)

    def circuit_state(self) -> dict:
        if self.client is None:
            return {"state": "off"}
        return self.client.circuit_state()

    def stats(self, scope: str, code: str, *, uai: str | None = None,
              region: str | None = None, millesime: str | None = None) -> tuple[dict, bool]:
        """The validated API answer for one route, and whether it is a stale copy.

        Raises NotFound (the API said so, now or within ``not_found_ttl``) or
        Unavailable (API off, down, or answering garbage, with nothing cached).
        """
        if self.client is None:
            raise Unavailable("disabled")

        def call() -> dict:
            try:
                if scope == "etablissement":
                    payload = self.client.formation(uai, code, millesime)
                elif scope == "region":
                    payload = self.client.regionale(region, code, millesime)
                else:
                    payload = self.client.certification(code, millesime)
                return load_stats(scope, payload)
            except InserJeunesNotFound as error:
                return {"not_found": available_millesimes(error.body)}
            except (UpstreamError, MalformedPayload) as error:
                log.warning("inserjeunes %s failed: %s", scope,
                            getattr(error, "reason", "malformed"))
                raise

        key = f"{scope}:{uai or region or 'fr'}:{code}:{millesime or 'latest'}"
        try:
            answer = self.answers.get(
                key, call, recoverable=recoverable,
                reason=lambda error: getattr(error, "reason", "malformed"),
                ttl_of=lambda value: self.not_found_ttl if "not_found" in value else None)
        except AnswerUnavailable as error:
            raise Unavailable(error.reason) from None
        return _unpack(answer.value), answer.stale


def _unpack(entry: dict) -> dict:
    if "not_found" in entry:
        millesimes = entry["not_found"]
        raise NotFound("millesime" if millesimes else "unknown", millesimes)
    terminal = entry.get("certificationsTerminales")
    if terminal:
        # Not a final-year code: the API sends no figures, only the codes that have them.
        raise NotFound("not_final_year", codes=[t.get("code_certification", "")
                                                for t in terminal if t.get("code_certification")])
    return entry


def build_service(app: Flask) -> InsertionService:
    config = app.config
    url = config["INSERJEUNES_API_URL"]     # "" turns the client off (bff.settings)
    client = None
    if url:
        client = InserJeunesClient(url, RetryPolicy(
            connect_timeout=config["INSERJEUNES_CONNECT_TIMEOUT"],
            read_timeout=config["INSERJEUNES_READ_TIMEOUT"],
            total_timeout=config["INSERJEUNES_TOTAL_TIMEOUT"],
            max_retries=config["INSERJEUNES_MAX_RETRIES"],
            backoff_base=config["INSERJEUNES_BACKOFF"],
            max_retry_after=config["INSERJEUNES_TOTAL_TIMEOUT"] / 2,
            breaker_threshold=config["INSERJEUNES_BREAKER_THRESHOLD"],
            breaker_reset_after=config["INSERJEUNES_BREAKER_RESET"],
        ), api_key=config["INSERJEUNES_API_KEY"] or None)
    return InsertionService(client, ttl=config["INSERJEUNES_CACHE_TTL_DAYS"] * DAY,
                            stale_ttl=config["INSERJEUNES_STALE_DAYS"] * DAY,
                            not_found_ttl=config["INSERJEUNES_NOT_FOUND_SECONDS"])


def insertion_service(app: Flask | None = None) -> InsertionService:
    """The app's service, built on first use (one HTTP session and breaker per process)."""
    return per_app("insertion_service", build_service, app)


# Orchestration ---------------------------------------------------------------------------

@dataclass
class Outcome:
    status: int                         # 200, 404 or 503
    result: Result | None = None
    compared: Result | None = None
    error: str | None = None            # "not_found" | "upstream_unavailable"
    reason: str | None = None
    millesimes: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()

    @property
    def degraded(self) -> bool:
        """Served while the API failed: from a stale copy or the bundled fallback."""
        if self.result is None:
            return False
        return self.result.stale or any(n.code in ("fallback_all_formations",
                                                   "compared_unavailable", "unavailable")
                                        for n in self.result.notes)


def _not_found(error: NotFound) -> Outcome:
    return Outcome(404, error="not_found", reason=error.reason,
                   millesimes=tuple(error.millesimes), codes=tuple(error.codes))


def _api_result(service: InsertionService, scope: str, kind: str, code: str,
                request: Request, millesime: str | None) -> Result:
    full_code = certification_code(kind, code)
    payload, stale = service.stats(scope, full_code, uai=request.uai, region=request.region,
                                   millesime=millesime)
    population = {"cfd": "apprentissage", "mefstat11": "voie_scolaire",
                  "sise": "superieur"}[kind]
    result = from_api(payload, scope=scope, population=population, code=full_code,
                      asked_uai=request.uai, source_label=SOURCE_API_LABEL,
                      source_url=SOURCE_API_URL)
    if stale:
        result = replace(result, stale=True).with_notes(note("stale"))
    return result


def _fallback(request: Request) -> Result | None:
    """The CFA's bundled figures when the formation's are unavailable."""
    if not request.uai:
        return None
    if request.millesime and not PERIOD.match(request.millesime):
        return None
    row = bundle().figures(request.uai, request.millesime)
    if row is None:
        return None
    result = from_open_data(row, bundle())
    notes = tuple(n for n in result.notes if n.code != "all_formations")
    return replace(result, notes=(note("fallback_all_formations"),) + notes)


def _unavailable(request: Request) -> Result:
    """No figures, and why: the certification-level source is off on this instance."""
    return Result(scope=request.scope, population=request.population,
                  millesime=request.millesime, rates=empty_rates(),
                  code=certification_code(request.kind, request.code),
                  region={"code": request.region, "name": REGIONS.get(request.region)}
                  if request.region else None,
                  notes=(note("unavailable"),),
                  source=Source("api", SOURCE_API_LABEL, SOURCE_API_URL, None))


def _compared(service: InsertionService, request: Request) -> tuple[Result | None, str | None]:
    """The school route beside the apprenticeship, at the region's or France's level."""
    scope = "region" if request.region else "national"
    wanted = request.millesime
    fits = wanted and (bool(PERIOD.match(wanted)) == (scope == "region"))
    try:
        return _api_result(service, scope, request.compare_kind, request.compare_code,
                           replace(request, uai=None), wanted if fits else None), None
    except NotFound:
        return None, "compared_not_found"
    except Unavailable:
        return None, "compared_unavailable"


def insertion_outcome(request: Request) -> Outcome:
    """Figures for a validated request, from the right source, or why there are none."""
    if request.kind is None:
        row = bundle().figures(request.uai, request.millesime)
        if row is None:
            millesimes = bundle().millesimes(request.uai)
            return Outcome(404, error="not_found",
                           reason="millesime" if millesimes else "unknown",
                           millesimes=tuple(millesimes))
        return Outcome(200, from_open_data(row, bundle()))

    service = insertion_service()
    try:
        result = _api_result(service, request.scope, request.kind, request.code, request,
                             request.millesime)
    except NotFound as error:
        return _not_found(error)
    except Unavailable as error:
        result = _fallback(request)
        if result is None and error.reason == "disabled":
            # Turned off on purpose (INSERJEUNES_API_URL empty): not an error, a state
            # this instance is in. The answer says the figures are unavailable.
            return Outcome(200, _unavailable(request))
        if result is None:
            return Outcome(503, error="upstream_unavailable", reason=error.reason)
        if request.compare_kind:
            result = result.with_notes(note("compared_unavailable"))
        return Outcome(200, result)

    compared = None
    if request.compare_kind:
        compared, problem = _compared(service, request)
        if problem:
            result = result.with_notes(note(problem))
    return Outcome(200, result, compared)


# Texts and the one line of the wish summary ---------------------------------------------

def plain_texts(lookup):
    """``text(key, **context) -> str`` over a text lookup (``bff.texts.TextLookup``):
    filled plain text, which templates and JSON escape themselves."""
    from widgets.texts import fill

    def text(key: str, **context) -> str:
        return fill(lookup.value(key), context)
    return text


def insertion_line(uai: str | None = None, cfd: str | None = None,
                   mefstat11: str | None = None, sise: str | None = None,
                   region: str | None = None, millesime: str | None = None) -> str | None:
    """The one line a wish summary shows for these codes, e.g. « 57 % des apprentis de
    ce CFA en emploi 6 mois après leur sortie », or None when there is no
    published figure (bad code, no data, service unavailable). Worded in the request's
    context (its caller's and platform's texts)."""
    from bff import context
    from marshmallow import ValidationError

    from widgets.insertion.answer import answer_json, one_line
    from widgets.insertion.rules import request_of
    from widgets.insertion.schema import InsertionQuery

    given = {"uai": uai, "cfd": cfd, "mefstat11": mefstat11, "sise": sise, "region": region,
             "millesime": millesime}
    try:
        query = InsertionQuery().load({k: v for k, v in given.items() if v})
    except ValidationError:
        return None
    outcome = insertion_outcome(request_of(query))
    if outcome.result is None:
        return None
    text = plain_texts(context.current().texts)
    return one_line(answer_json(outcome.result, text, outcome.compared), text)
