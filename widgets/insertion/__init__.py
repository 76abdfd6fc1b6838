"""Insertion rates (InserJeunes): what became of the previous apprentices of a training
and a CFA. Bundled per-CFA figures (``data/``), the source's rules, query and upstream
schemas, the answer builder, texts and the page template."""
