"""Number parameters read from query strings: checked as short runs of ASCII characters
before conversion.

``int()`` and ``float()`` are lenient in ways a query string must not rely on: they accept
other scripts' digits (``"\u0663"``, an Arabic-Indic three), underscores (``"1_000"``) and, for ``int()``, refuse
thousands of digits with an error Python raises before converting. These fields accept the
plain ASCII forms only, bounded in length, and answer their ``invalid`` message otherwise.
"""
from __future__ import annotations

import re

from marshmallow import fields

BLANKS = " \t\r\n"
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?")
MAX_DECIMAL_LENGTH = 32


def whole_number_text(value, max_digits: int) -> str | None:
    """``value`` stripped of surrounding blanks when it is an optionally signed run of at
    most ``max_digits`` ASCII digits, else None."""
    if not isinstance(value, str):
        return None
    text = value.strip(BLANKS)
    digits = text[1:] if text[:1] in "+-" else text
    if not (1 <= len(digits) <= max_digits and digits.isascii() and digits.isdigit()):
        return None
    return text


class WholeNumber(fields.Integer):
    """An integer of at most ``max_digits`` digits (default 6)."""

    def __init__(self, *, max_digits: int = 6, **kwargs):
        self.max_digits = max_digits
        super().__init__(strict=False, **kwargs)

    def _validated(self, value):
        if isinstance(value, str):
            value = whole_number_text(value, self.max_digits)
            if value is None:
                raise self.make_error("invalid")
        elif isinstance(value, int) and not isinstance(value, bool):
            if len(str(abs(value))) > self.max_digits:
                raise self.make_error("invalid")
        return super()._validated(value)


class DecimalNumber(fields.Float):
    """A finite decimal number written with ASCII digits, at most 32 characters."""

    def __init__(self, **kwargs):
        super().__init__(allow_nan=False, **kwargs)

    def _validated(self, value):
        if isinstance(value, str):
            text = value.strip(BLANKS)
            if len(text) > MAX_DECIMAL_LENGTH or not _DECIMAL.fullmatch(text):
                raise self.make_error("invalid")
            value = text
        return super()._validated(value)
