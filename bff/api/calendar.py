"""JSON API v1 routes of the calendar widget."""
from bff.api import bp  # noqa: F401
