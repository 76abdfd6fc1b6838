"""Calendar timeline: platform campaigns as dated data, and the apprenticeship steps."""
from widgets.calendar import texts  # noqa: F401  (declares the widget's texts)
