"""The embedded default's in-process cache (bff.caching.backend.BatchPrunedSimpleCache):
bounded like flask-caching's SimpleCache, but pruned in batches, not on every write."""
import time

from bff import create_app
from bff.caching import cache
from bff.caching.backend import BatchPrunedSimpleCache


def test_the_embedded_default_uses_it():
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "REDIS_URL": None})
    with app.app_context():
        assert isinstance(cache.cache, BatchPrunedSimpleCache)


def test_a_full_cache_drops_expired_entries_then_those_closest_to_expiry():
    store = BatchPrunedSimpleCache(threshold=100, default_timeout=300)
    store.set("forever", 1, timeout=0)
    for n in range(99):
        store.set(f"k{n}", n, timeout=1000 + n)        # k0 expires first
    store._cache["gone"] = (time.time() - 1, store.serializer.dumps(0))   # already expired
    assert len(store._cache) == 101
    store.set("new", 1, timeout=5000)                  # over the threshold: one batch
    assert len(store._cache) == 81                     # down to 80 %, then the new entry
    assert store.get("gone") is None
    assert store.get("forever") == 1                   # never-expiring entries go last
    assert store.get("new") == 1
    dropped = [n for n in range(99) if store.get(f"k{n}") is None]
    assert dropped == list(range(20))                  # the 20 closest to expiry


def test_it_prunes_once_per_batch_not_on_every_write(monkeypatch):
    store = BatchPrunedSimpleCache(threshold=100)
    passes = []
    original = store._remove_expired
    monkeypatch.setattr(store, "_remove_expired", lambda now: (passes.append(now),
                                                               original(now)))
    for n in range(1000):
        store.set(f"k{n}", n, timeout=600)
        assert len(store._cache) <= 101
    # One pass per 20 writes once full (cachelib's SimpleCache: one per write, 900).
    assert 40 <= len(passes) <= 46
