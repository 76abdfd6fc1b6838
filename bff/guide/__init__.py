"""The guide panel's home in the BFF: its page and its API (``routes``), over
``widgets.guide`` (entries, wording per platform, search)."""
