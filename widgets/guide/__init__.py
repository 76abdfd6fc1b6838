"""The guide panel: key facts, support schemes, FAQ and next steps of apprenticeship.

Entries are dated data with sources (``data/*.json``); every sentence a candidate
reads is a text (``texts.py``) so admins can edit it. Pure Python.
"""
