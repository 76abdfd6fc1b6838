"""Widget page of the guide widget."""
from bff.pages import bp  # noqa: F401
