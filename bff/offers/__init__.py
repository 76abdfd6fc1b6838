"""The offer search's home in the BFF: its page, its API and autocompletes (``routes``)
and the cached, coalesced search in front of the upstream (``service``), over
``widgets.offers``."""
