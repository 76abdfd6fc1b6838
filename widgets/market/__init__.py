"""Job market: true counts of apprenticeship offers and recruiting companies.

Built once a day from API Apprentissage's full export (``/job/v1/export``) into a compact
snapshot (``snapshot.Snapshot``) that answers ``count(romes, lat, lon, radius_km)`` in well
under a millisecond, with no upstream call per page view. Pure Python and numpy: no Flask,
no network (the BFF downloads, stores and serves; see ``bff.market``).
"""
