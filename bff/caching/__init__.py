"""Every cache of the BFF, one module per kind, each in one place:

- ``page``: the per-worker micro-cache of rendered widget pages and public GET answers,
  keyed by host, URL and published content version;
- ``http``: the HTTP caching headers (Cache-Control, ETag/304) that let browsers, proxies
  and CDNs keep answers;
- ``answers``: upstream answers (offers, insertion rates...) in the shared cache, with a
  per-worker hot copy, single flight and a stale copy served when the upstream fails;
- ``backend``: the Redis backend of the shared cache, which degrades to "no cache".

``cache`` is the shared cache (flask-caching): in-process by default, Redis with REDIS_URL.
"""
from flask_caching import Cache

cache = Cache()
