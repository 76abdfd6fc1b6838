"""The calendar's home in the BFF: its page, its JSON and .ics API (``routes``) and the
campaigns it reads (published overrides, else bundled files), over ``widgets.calendar``."""
