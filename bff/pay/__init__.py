"""The pay simulator's home in the BFF: its page and its API (``routes``), over the pure
rules of ``widgets.pay``."""
