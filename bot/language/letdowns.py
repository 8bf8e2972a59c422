"""Let-downs told of the service ("hứa đầu năm có đề án, giờ cuối năm rồi chẳng thấy gì", "nghiệm thu xong
từ tháng 8 rồi mà tới giờ tiền vẫn chưa về", "hồ sơ bị trả về lần thứ hai"): a promise or an awaited step,
then an outcome that did not come or a setback. Read by bot/language/smalltalk.py, from the lexicon's
`letdowns` tables."""

from __future__ import annotations

from collections.abc import Iterator

from bot.language.phrases import negation_then, spans
from bot.language.text import Normalizer
from bot.policies.lexicon import LetdownPart

# A let-down is told in a few sentences at most ("hứa đầu năm có đề án, giờ cuối năm rồi chẳng thấy gì");
# its negated outcome ("vẫn chưa về", "chẳng thấy gì") at most this many words after the negation.
MAX_LETDOWN_WORDS = 60
LETDOWN_GAP = 1

Table = frozenset[tuple[str, ...]]


class LetdownReader:
    """Reads whether a message's words tell of a let-down (immutable)."""

    def __init__(
        self, normalizer: Normalizer, letdowns: dict[LetdownPart, list[str]], negations: tuple[Table, int]
    ) -> None:
        self.promises = normalizer.phrases(letdowns.get("promises", []))
        self.awaited = normalizer.phrases(letdowns.get("awaited", []))
        self.elapsed = normalizer.phrases(letdowns.get("elapsed", []))
        self.outcomes = normalizer.phrases(letdowns.get("outcomes", []))
        self.setbacks = normalizer.phrases(letdowns.get("setbacks", []))
        tables = (self.promises, self.awaited, self.elapsed, self.outcomes, self.setbacks)
        self._longest = max((len(p) for table in tables for p in table), default=1)
        self.negations = negations  # the complaint negations and their longest phrase, shared with the reader

    def lets_down(self, tokens: list[str]) -> bool:
        """Whether a message's words (as the lexicon reads them) tell of a let-down: a promise, or an awaited
        step in a message that says how long ago, followed by a negated outcome or a setback; or a setback
        with a time or a repetition. The caller checks that it asks nothing."""
        if len(tokens) > MAX_LETDOWN_WORDS:
            return False
        setbacks, promised = self._starts(tokens, self.setbacks), self._starts(tokens, self.promises)
        awaited, timed = self._starts(tokens, self.awaited), bool(self._starts(tokens, self.elapsed))
        if setbacks and timed:
            return True
        letdowns = [*setbacks, *self._negated_outcomes(tokens)]
        expected = [*promised, *(awaited if timed else [])]
        return any(at > since for at in letdowns for since in expected)

    def _starts(self, tokens: list[str], table: Table) -> list[int]:
        return [start for start, _ in spans(tokens, table, self._longest)]

    def _negated_outcomes(self, tokens: list[str]) -> Iterator[int]:
        """Where a complaint negation is followed, at most one word after it, by an outcome that did not
        come ("vẫn chưa về", "chẳng thấy gì", "không ai tới")."""
        for i, _ in negation_then(tokens, self.negations, (self.outcomes, self._longest), LETDOWN_GAP):
            yield i
