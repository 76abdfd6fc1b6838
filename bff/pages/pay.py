"""Widget page of the pay widget."""
from bff.pages import bp  # noqa: F401
