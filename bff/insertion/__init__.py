"""Insertion rates (InserJeunes): the widget page and API routes (``routes``), and the
orchestration of the upstream API, the cache and the bundled per-CFA figures
(``service``)."""
