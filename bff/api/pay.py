"""JSON API v1 routes of the pay widget."""
from bff.api import bp  # noqa: F401
