"""Vietnamese phone numbers: one pattern for reading a number a user typed and for redacting numbers
from text that must not keep them (logs, the question log)."""

from __future__ import annotations

import re

# After the leading 0: mobile 3, 5, 7, 8, 9 + 8 digits; landline 2 + 9 digits.
_NATIONAL = re.compile(r"0(?:[35789]\d{8}|2\d{9})")
# A number as people write it inside text: +84 / 84 / 0, then 8–10 digits, in groups separated by a
# space, dot, dash or parentheses. Deliberately looser than a valid number: redaction errs on the
# safe side (a mistyped number is still personal data).
PHONE_IN_TEXT = re.compile(r"(?<![\w.])(?:\+?84|0)(?:[\s.()-]?\d){8,10}(?![\w.])")
_SEPARATORS = re.compile(r"[\s().-]")


def normalize_phone(text: str) -> str | None:
    """'+84 912 345 678', '0912.345.678' → '0912345678'; None when it is not a Vietnamese number."""
    digits = _SEPARATORS.sub("", text.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits if _NATIONAL.fullmatch(digits) else None


def redact_phones(text: str, placeholder: str = "[phone]") -> str:
    """`text` with every phone-like number replaced by `placeholder`."""
    return PHONE_IN_TEXT.sub(placeholder, text)
