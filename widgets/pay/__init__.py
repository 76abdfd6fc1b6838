"""Apprentice pay simulator: dated figures (``data/``), rules, query schema, texts."""
