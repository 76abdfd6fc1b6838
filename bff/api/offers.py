"""JSON API v1 routes of the offers widget."""
from bff.api import bp  # noqa: F401
