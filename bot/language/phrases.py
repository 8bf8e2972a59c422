"""Phrase tables shared by the readers of messages that are not questions (bot/language/smalltalk.py,
bot/language/venting.py): the word lists both use, and the search for a table's phrases in a message."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

# Intensifiers that close a complaint or an outburst interchangeably: "rắc rối quá" and "rắc rối thế",
# "khổ quá" and "khổ thật", and the regional ones: "chán thiệt", "mệt dữ", "tức gì đâu" (Nam Bộ), "buồn
# chi lạ" (Trung).
INTENSIFIERS = ("quá", "thế", "ghê", "lắm", "thật", "thiệt", "dữ", "hết sức", "dễ sợ", "gì đâu", "chi lạ",
                "kinh khủng", "vô cùng")
# Ways to say "I": "let me… first" puts the conversation off whoever says it ("để em hỏi lại", "để chị
# bàn với nhà đã"), so an acknowledgement listed as "để em …" is recognised with each of them.
SPEAKERS = ("em", "mình", "tôi", "tui", "anh", "chị", "cháu", "con", "bác", "chú", "cô", "tớ")


def contains(tokens: list[str], table: frozenset[tuple[str, ...]], longest: int) -> bool:
    """Whether any phrase of `table` (at most `longest` words) occurs in `tokens`."""
    return next(spans(tokens, table, longest), None) is not None


def spans(tokens: list[str], table: frozenset[tuple[str, ...]], longest: int) -> Iterator[tuple[int, int]]:
    """Where the phrases of `table` occur in `tokens` (start and end)."""
    firsts = first_words(table)
    for i in range(len(tokens)):
        if tokens[i] not in firsts:
            continue
        for size in range(1, min(longest, len(tokens) - i) + 1):
            if tuple(tokens[i : i + size]) in table:
                yield i, i + size


@lru_cache(maxsize=64)
def first_words(table: frozenset[tuple[str, ...]]) -> frozenset[str]:
    """The words the table's phrases open with: most words of a message open none, and are passed over
    without a look-up per phrase length (a frozenset keeps its hash, so the look-up here is cheap)."""
    return frozenset(phrase[0] for phrase in table if phrase)
