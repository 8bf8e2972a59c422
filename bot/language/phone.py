"""Vietnamese phone numbers: validation and normalisation to the 0xxxxxxxxx form."""

from __future__ import annotations

import re

# Mobile: 03, 05, 07, 08, 09 + 8 digits; landline: 02x + 8 digits.
_VALID = re.compile(r"0(?:[35789]\d{8}|2\d{9})")


def normalize_phone(text: str) -> str | None:
    """'+84 912 345 678', '0912.345.678' → '0912345678'; None when it is not a Vietnamese number."""
    digits = re.sub(r"[\s().-]", "", text.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits if _VALID.fullmatch(digits) else None


def mask_phone(phone: str) -> str:
    """0912345678 → 0912***678, for places where the full number is not needed."""
    return phone[:4] + "***" + phone[-3:] if len(phone) >= 8 else "***"
