"""Reading amounts of money as Vietnamese business owners type them."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from bot.language.text import fold

_UNITS = {
    "ty": 1_000_000_000,
    "ti": 1_000_000_000,
    "trieu": 1_000_000,
    "tr": 1_000_000,
    "cu": 1_000_000,
    "m": 1_000_000,
    "nghin": 1_000,
    "ngan": 1_000,
    "k": 1_000,
    "tram": 100,
    "chuc": 10,
    "dong": 1,
    "d": 1,
    "vnd": 1,
}
_DIGITS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+")
MAX_VND = 10**15
# Below this the user almost certainly left out the unit ("500" for 500 triệu): ask again.
MIN_VND = 1_000


MAX_DIGITS = 20  # more digits than any amount can have: a float of them may be inf


def _number(token: str) -> float | None:
    """'200.000.000' → 200000000; '1,5' → 1.5; '1.5' → 1.5."""
    if sum(char.isdigit() for char in token) > MAX_DIGITS:
        return None
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", token) and not re.fullmatch(r"\d{1,3}[.,]\d{3}", token):
        return float(re.sub(r"[.,]", "", token))
    if re.fullmatch(r"\d{1,3}\.\d{3}", token):
        return float(token.replace(".", ""))
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


def parse_money(text: str) -> int | None:
    """Amount in VND from '500tr', '1,5 tỷ', '200.000.000', '2 trăm triệu', '1 tỷ 200 triệu'; None if unreadable."""
    tokens = _TOKEN.findall(fold(text).replace("đ", "d"))
    tokens = [part for token in tokens for part in re.findall(r"\d+(?:[.,]\d+)*|[a-z]+", token)]
    if not tokens:
        return None
    total = 0.0
    current: float | None = None
    saw_number = False
    for token in tokens:
        if token[0].isdigit():
            value = _number(token)
            if value is None:
                return None
            current = value if current is None else current + value
            saw_number = True
        elif token in _DIGITS:
            current = (current or 0) + _DIGITS[token]
            saw_number = True
        elif token in _UNITS:
            unit = _UNITS[token]
            if current is None:
                return None
            if unit >= 1000:
                total += current * unit
                current = None
            else:
                current *= unit
        elif token in ("va", "le", "linh", "khoang", "chung", "du", "kien"):
            continue
        else:
            return None
    if not saw_number:
        return None
    total += current or 0
    if not math.isfinite(total) or total >= MAX_VND:
        return None
    amount = round(total)
    return amount if MIN_VND <= amount < MAX_VND else None


# Units that make a figure an amount of money ("50 triệu", "2 tỷ", "300k"), folded: "trăm", "chục" only count,
# and after a figure "m" is as often metres.
_MONEY_UNITS = frozenset(_UNITS) - {"tram", "chuc", "m"}


def amount_positions(tokens: Sequence[str]) -> frozenset[int]:
    """Where a figure and the unit after it name an amount of money in a list of words ("máy giá 50 triệu")."""
    found: set[int] = set()
    for at in range(len(tokens) - 1):
        if tokens[at].isdigit() and fold(tokens[at + 1]) in _MONEY_UNITS:
            found.update((at, at + 1))
    return frozenset(found)

