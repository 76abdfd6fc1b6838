"""JSON API v1 routes of the guide widget."""
from bff.api import bp  # noqa: F401
