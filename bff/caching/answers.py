"""Upstream answers in the cache: the one layer every upstream client's answers go through.

``AnswerCache.get`` returns an answer for a key from, in order: a hot copy in this
worker's memory (no Redis round trip, no unpickling), the shared cache (Redis in
production, so every instance shares it), or one call to the upstream. Identical
requests arriving together in one process wait for the call in flight (single flight);
across processes each may make one call for the same cold key, and the first answer
then fills the shared cache.

Every answer is also kept, longer, as a *stale* copy: when the upstream fails with one
of the errors the caller calls recoverable, the stale copy is served (marked stale)
rather than an error; with none, ``AnswerUnavailable`` is raised.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable

from bff.caching import cache


class AnswerUnavailable(Exception):
    """The upstream failed and nothing, not even a stale copy, is cached for this key."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Answer:
    value: Any
    stale: bool


class _Flight:
    __slots__ = ("done", "result", "error")

    def __init__(self):
        self.done = threading.Event()
        self.result = None
        self.error: BaseException | None = None


class SingleFlight:
    """Runs one call per key at a time; concurrent callers with that key share its outcome."""

    def __init__(self):
        self._lock = threading.Lock()
        self._flights: dict[str, _Flight] = {}

    def run(self, key: str, fn, wait_timeout: float):
        with self._lock:
            flight = self._flights.get(key)
            leader = flight is None
            if leader:
                flight = self._flights[key] = _Flight()
        if leader:
            try:
                flight.result = fn()
            except BaseException as error:  # shared with the followers, then re-raised
                flight.error = error
            finally:
                with self._lock:
                    self._flights.pop(key, None)
                flight.done.set()
        elif not flight.done.wait(wait_timeout):
            raise AnswerUnavailable("coalesced_wait_timeout")
        if flight.error is not None:
            raise flight.error
        return flight.result


class LocalCache:
    """A small per-process LRU with expiry, in front of the shared cache."""

    def __init__(self, ttl: float, size: int = 512):
        self.ttl, self.size = ttl, size
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            if entry[0] <= time.monotonic():
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return entry[1]

    def set(self, key: str, value, ttl: float) -> None:
        ttl = min(ttl, self.ttl)
        if ttl <= 0:
            return
        with self._lock:
            self._items[key] = (time.monotonic() + ttl, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class AnswerCache:
    """Answers of one upstream (``namespace``, e.g. ``offers:v1:api``), fresh and stale."""

    def __init__(self, namespace: str, *, ttl: float, stale_ttl: float, wait_timeout: float,
                 local_ttl: float = 0, local_size: int = 512):
        self.namespace = namespace
        self.ttl, self.stale_ttl, self.wait_timeout = ttl, stale_ttl, wait_timeout
        self.local = LocalCache(local_ttl, local_size)
        self.flights = SingleFlight()

    def keys(self, key: str) -> tuple[str, str]:
        return f"{self.namespace}:{key}", f"{self.namespace}:stale:{key}"

    def cached(self, key: str):
        """The fresh answer for ``key`` if this worker or the shared cache has one."""
        fresh_key, _ = self.keys(key)
        value = self.local.get(fresh_key)
        if value is not None:
            return value
        value = cache.get(fresh_key)
        if value is not None:
            # The shared entry may be older than our local TTL: keep it locally no longer
            # than the local TTL, which is short compared with the shared one.
            self.local.set(fresh_key, value, self.ttl)
        return value

    def peek(self, key: str) -> Answer | None:
        """The fresh answer for ``key``, else its stale copy, else None: caches only, never
        a call nor a wait for one in flight."""
        value = self.cached(key)
        if value is not None:
            return Answer(value, False)
        stale = cache.get(self.keys(key)[1])
        return None if stale is None else Answer(stale, True)

    def get(self, key: str, call: Callable[[], Any], *,
            recoverable: Callable[[Exception], bool] = lambda error: False,
            reason: Callable[[Exception], str] = lambda e: type(e).__name__,
            ttl_of: Callable[[Any], float | None] = lambda value: None) -> Answer:
        """The answer for ``key``; on a miss ``call()`` is made once per key in flight.

        When ``call`` raises an error for which ``recoverable(error)`` is true, the stale
        copy is served, or else ``AnswerUnavailable(reason(error))`` is raised; other
        errors propagate. ``ttl_of(value)`` may give a fresh answer a shorter life than
        the cache's (e.g. "no data for this code", which may change sooner).
        """
        value = self.cached(key)
        if value is not None:
            return Answer(value, False)
        return self.flights.run(self.keys(key)[0],
                                lambda: self._fetch(key, call, recoverable, reason, ttl_of),
                                self.wait_timeout)

    def _fetch(self, key, call, recoverable, reason, ttl_of) -> Answer:
        fresh_key, stale_key = self.keys(key)
        value = cache.get(fresh_key)   # filled while we waited for the flight slot
        if value is not None:
            return Answer(value, False)
        try:
            value = call()
        except Exception as error:
            if not recoverable(error):
                raise
            stale = cache.get(stale_key)
            if stale is not None:
                return Answer(stale, True)
            raise AnswerUnavailable(reason(error)) from None
        self.put(key, value, ttl_of(value))
        return Answer(value, False)

    def put(self, key: str, value, ttl: float | None = None) -> None:
        fresh_key, stale_key = self.keys(key)
        ttl = self.ttl if ttl is None else ttl
        cache.set(fresh_key, value, timeout=ttl)
        cache.set(stale_key, value, timeout=self.stale_ttl)
        self.local.set(fresh_key, value, ttl)
