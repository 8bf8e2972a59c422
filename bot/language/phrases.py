"""Phrase tables shared by the readers of messages that are not questions (bot/language/smalltalk.py,
bot/language/venting.py): the word lists both use, the variants a listed phrase is recognised in (each
negation, intensifier, figure or way to say "I"), and the search for a table's phrases in a message."""

from __future__ import annotations

from collections.abc import Iterator

# Intensifiers that close a complaint or an outburst interchangeably: "rắc rối quá" and "rắc rối thế",
# "khổ quá" and "khổ thật", and the regional ones: "chán thiệt", "mệt dữ", "tức gì đâu" (Nam Bộ), "buồn
# chi lạ" (Trung).
INTENSIFIERS = ("quá", "thế", "ghê", "lắm", "thật", "thiệt", "dữ", "hết sức", "dễ sợ", "gì đâu", "chi lạ",
                "kinh khủng", "vô cùng")
# Ways to say "I": "let me… first" puts the conversation off whoever says it ("để em hỏi lại", "để chị
# bàn với nhà đã"), so an acknowledgement listed as "để em …" is recognised with each of them.
SPEAKERS = ("em", "mình", "tôi", "tui", "anh", "chị", "cháu", "con", "bác", "chú", "cô", "tớ")
# Negations a complaint may use interchangeably: "chưa thấy đâu" says what "chẳng thấy đâu" says, so a
# complaint listed with one of them is recognised with any of them.
_NEGATORS = ("không", "chưa", "chẳng", "chả")
# Numbers in a complaint are often typed as figures: "hỏi 1 đằng trả lời 1 nẻo" says "hỏi một đằng
# trả lời một nẻo", so a listed phrase with a number word is recognised with the figure too.
_FIGURES = {"một": "1", "hai": "2", "ba": "3"}


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


# Tables whose first words are known, by identity: a table holds thousands of phrases, and a look-up by
# value (an lru_cache) compares a reloaded knowledge base's new table with the old, equal one phrase by
# phrase on every call. Each entry keeps its table alive, so its id cannot be reused meanwhile.
_FIRST_WORDS: dict[int, tuple[frozenset[tuple[str, ...]], frozenset[str]]] = {}
MAX_TABLES = 64


def first_words(table: frozenset[tuple[str, ...]]) -> frozenset[str]:
    """The words the table's phrases open with: most words of a message open none, and are passed over
    without a look-up per phrase length (worked out once per table)."""
    known = _FIRST_WORDS.get(id(table))
    if known is not None and known[0] is table:
        return known[1]
    if len(_FIRST_WORDS) >= MAX_TABLES:
        _FIRST_WORDS.clear()
    firsts = frozenset(phrase[0] for phrase in table if phrase)
    _FIRST_WORDS[id(table)] = (table, firsts)
    return firsts


def with_each_negation(phrases: list[str]) -> list[str]:
    """The phrases, each opening with a negation also with the others ("chẳng thấy đâu": "chưa thấy
    đâu", "không thấy đâu"…), each closing with an intensifier also with the others, and each with a
    number word also with its figure."""
    out = [*phrases, *_with_figures(phrases)]
    for phrase in phrases:
        first, _, rest = phrase.partition(" ")
        if first in _NEGATORS and rest:
            out.extend(f"{other} {rest}" for other in _NEGATORS if other != first)
        head, _, last = phrase.rpartition(" ")
        if last in INTENSIFIERS and head:
            out.extend(f"{head} {other}" for other in INTENSIFIERS if other != last)
    return out


def _with_figures(phrases: list[str]) -> list[str]:
    """The phrases that have a number word ("hỏi một đằng"), with each written as a figure ("hỏi 1 đằng")."""
    out = []
    for phrase in phrases:
        words = phrase.split()
        if any(word in _FIGURES for word in words):
            out.append(" ".join(_FIGURES.get(word, word) for word in words))
    return out


def with_each_speaker(phrases: list[str]) -> list[str]:
    """The phrases, each "để <I> …" also with every other way to say "I" ("để em hỏi lại": "để chị hỏi
    lại", "để bác hỏi lại"…)."""
    out = list(phrases)
    for phrase in phrases:
        words = phrase.split()
        if len(words) > 2 and words[0] == "để" and words[1] in SPEAKERS:
            out.extend(" ".join(["để", other, *words[2:]]) for other in SPEAKERS if other != words[1])
    return out


def negation_then(
    tokens: list[str], negations: tuple[frozenset[tuple[str, ...]], int], table: tuple[frozenset[tuple[str, ...]], int],
    gap: int,
) -> Iterator[tuple[int, int]]:
    """Where a phrase of `negations` is followed, at most `gap` words after it, by a phrase of `table` (start
    of the negation, end of the phrase): "không ai bắt máy", "vẫn chưa về". Each table comes with the word
    count of its longest phrase (worked out once, by its reader)."""
    (negated, longest_negation), (phrases, longest) = negations, table
    # Most words open no negation and no phrase of the table: no look-up per length there.
    opening, table_opening = first_words(negated), first_words(phrases)
    for i in range(len(tokens)):
        if tokens[i] not in opening:
            continue
        for size in range(1, min(longest_negation, len(tokens) - i) + 1):
            if tuple(tokens[i : i + size]) not in negated:
                continue
            start = i + size
            for j in range(min(gap + 1, len(tokens) - start)):
                if tokens[start + j] not in table_opening:
                    continue
                for length in range(1, min(longest, len(tokens) - start - j) + 1):
                    if tuple(tokens[start + j : start + j + length]) in phrases:
                        yield i, start + j + length
