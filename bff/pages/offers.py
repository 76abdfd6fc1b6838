"""Widget page of the offers widget."""
from bff.pages import bp  # noqa: F401
