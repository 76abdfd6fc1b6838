"""Widget page of the calendar widget."""
from bff.pages import bp  # noqa: F401
