"""A Redis cache that degrades to "no cache" instead of failing a request.

The cache only saves work: when Redis is down, slow or full, a widget must
still be served, only slower. Every call has a short socket timeout
(``REDIS_TIMEOUT_MS``) and, after a failure, Redis is skipped for
``RETRY_AFTER`` seconds so a dead server costs one timeout per worker thread
per interval, not one per request.

Use with ``CACHE_TYPE = "bff.caching.backend.ResilientRedisCache"`` (set by
``bff.settings`` when ``REDIS_URL`` is given). Without Redis (the embedded default) the
cache is ``BatchPrunedSimpleCache``, below.
"""
from __future__ import annotations

import functools
import heapq
import logging
import threading
import time
from typing import Any

from flask_caching.backends.rediscache import RedisCache
from flask_caching.backends.simplecache import SimpleCache

log = logging.getLogger("bff.cache")

RETRY_AFTER = 2.0


def _bypass_on_failure(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self.bypassed():
                return fallback(*args) if callable(fallback) else fallback
            try:
                result = method(self, *args, **kwargs)
            except Exception as error:  # redis.RedisError, OSError, timeouts, bad replies
                self._failed(error)
                return fallback(*args) if callable(fallback) else fallback
            self._succeeded()
            return result
        return wrapper
    return decorate


class ResilientRedisCache(RedisCache):
    """flask-caching's RedisCache whose operations never raise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._down_until = 0.0
        self._lock = threading.Lock()
        self.failures = 0

    # -- circuit ---------------------------------------------------------------------
    def bypassed(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, error: Exception) -> None:
        with self._lock:
            first = not self.bypassed()
            self.failures += 1
            self._down_until = time.monotonic() + RETRY_AFTER
        if first:
            log.warning("Redis unavailable, cache bypassed for %.0f s: %s",
                        RETRY_AFTER, type(error).__name__)

    def _succeeded(self) -> None:
        if self._down_until:
            self._down_until = 0.0

    def healthy(self) -> bool:
        """Ping Redis now (ignoring the circuit), for the readiness probe."""
        try:
            self._write_client.ping()
        except Exception as error:
            self._failed(error)
            return False
        self._succeeded()
        return True

    def state(self) -> str:
        return "bypassed" if self.bypassed() else "closed"

    # -- operations: a miss, a no-op or a failure, never an exception -----------------
    get = _bypass_on_failure(None)(RedisCache.get)
    get_many = _bypass_on_failure(lambda *keys: [None] * len(keys))(RedisCache.get_many)
    get_dict = _bypass_on_failure(lambda *keys: dict.fromkeys(keys))(RedisCache.get_dict)
    set = _bypass_on_failure(False)(RedisCache.set)
    add = _bypass_on_failure(False)(RedisCache.add)
    set_many = _bypass_on_failure(lambda *a: [])(RedisCache.set_many)
    delete = _bypass_on_failure(False)(RedisCache.delete)
    delete_many = _bypass_on_failure(lambda *keys: [])(RedisCache.delete_many)
    has = _bypass_on_failure(False)(RedisCache.has)
    clear = _bypass_on_failure(False)(RedisCache.clear)
    inc = _bypass_on_failure(None)(RedisCache.inc)
    dec = _bypass_on_failure(None)(RedisCache.dec)
    unlink = _bypass_on_failure(None)(RedisCache.unlink)


class BatchPrunedSimpleCache(SimpleCache):
    """flask-caching's in-process ``SimpleCache`` (the embedded default) pruned in batches.

    cachelib's version prunes on every write once it holds ``threshold`` entries: it scans
    every entry for expired ones, then sorts them all to drop one, so each new answer of a
    long-running embedded server (which is always full) costs a sort of the whole cache.
    Here a full cache first drops its expired entries, then, if still above
    ``LOW_WATER`` of the threshold, the entries closest to expiry down to that mark (those
    that never expire last, where cachelib drops them as expired): one pass every
    ``threshold * (1 - LOW_WATER)`` writes."""

    LOW_WATER = 0.8

    def _remove_expired(self, now: float) -> None:
        # cachelib's drops never-expiring entries (expiry 0) with the expired ones.
        for key in [k for k, (expires, _) in self._cache.items() if 0 < expires < now]:
            self._cache.pop(key, None)

    def _prune(self) -> None:
        if not self._over_threshold():
            return
        self._remove_expired(time.time())
        keep = int(self._threshold * self.LOW_WATER)
        excess = len(self._cache) - keep
        if excess <= 0:
            return
        never = float("inf")
        for key in heapq.nsmallest(excess, self._cache,
                                   key=lambda k: self._cache[k][0] or never):
            self._cache.pop(key, None)
