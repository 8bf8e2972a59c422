"""Vietnamese text handling: NFC, case and diacritic folding, tokens, lexicon expansion."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from bot.policies.schema import Lexicon

_TOKEN = re.compile(r"[a-z0-9]+")
# Vietnamese letters whose base is not recovered by NFD decomposition.
_SPECIAL_FOLDS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case ASCII form: NFC, casefold, diacritics removed (đ → d), spaces collapsed."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_SPECIAL_FOLDS)
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.split())


def tokenize(text: str) -> list[str]:
    """Folded word tokens (letters and digits); everything else separates words."""
    return _TOKEN.findall(fold(text))


def bigrams(tokens: Sequence[str]) -> list[str]:
    """Adjacent token pairs joined by an underscore ("day_chuyen")."""
    return [f"{a}_{b}" for a, b in itertools.pairwise(tokens)]


class Normalizer:
    """Turns a user's question into canonical folded tokens using the YAML lexicon.

    Order: fold → expand shorthand ("ko" → "không") → drop filler phrases ("cho em hỏi") →
    map synonyms to their canonical phrase → drop stopwords.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.abbreviations = {fold(k): tokenize(v) for k, v in lexicon.abbreviations.items()}
        self.fillers = self._phrases(lexicon.fillers)
        self.synonyms: dict[tuple[str, ...], tuple[str, ...]] = {}
        for canonical, variants in lexicon.synonyms.items():
            target = tuple(tokenize(canonical))
            for variant in variants:
                self.synonyms[tuple(tokenize(variant))] = target
        self.stopwords = frozenset(fold(word) for word in lexicon.stopwords)
        self._max_filler = max((len(p) for p in self.fillers), default=0)
        self._max_synonym = max((len(p) for p in self.synonyms), default=0)
        self.greetings = self._phrases(lexicon.greetings)
        # Small talk is read after shorthand expansion, where the filler "ạ" (folded "a") became "anh".
        self._chat_fillers = self.fillers | {tuple(self.expand(phrase)) for phrase in self.fillers}
        self._max_chat_filler = max((len(p) for p in self._chat_fillers), default=0)
        self.thanks = self._phrases(lexicon.thanks)
        longest = max((len(p) for p in (*self.greetings, *self.thanks)), default=0)
        self._max_small_talk = longest + 2 * max(self._max_filler, 1) + 2

    @staticmethod
    def _phrases(items: Iterable[str]) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(tokenize(item)) for item in items if tokenize(item))

    def expand(self, tokens: Iterable[str]) -> list[str]:
        """Replace chat shorthand tokens by their full form."""
        out: list[str] = []
        for token in tokens:
            out.extend(self.abbreviations.get(token, (token,)))
        return out

    @staticmethod
    def _rewrite(
        tokens: list[str], table: dict[tuple[str, ...], tuple[str, ...]] | frozenset[tuple[str, ...]], longest: int
    ) -> list[str]:
        """Greedy longest-match replacement of phrases (a frozenset means delete)."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(longest, len(tokens) - i), 0, -1):
                phrase = tuple(tokens[i : i + size])
                if phrase in table:
                    if isinstance(table, dict):
                        out.extend(table[phrase])
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def normalize(self, text: str) -> list[str]:
        """Canonical tokens for matching."""
        tokens = self.expand(tokenize(text))
        tokens = self._rewrite(tokens, self.fillers, self._max_filler)
        tokens = self._rewrite(tokens, self.synonyms, self._max_synonym)
        return [t for t in tokens if t not in self.stopwords]

    def is_small_talk(self, text: str) -> str | None:
        """'greeting' or 'thanks' when the message is only that (plus filler words), else None."""
        tokens = self.expand(tokenize(text))
        if len(tokens) > self._max_small_talk:
            return None  # a real question, not just "chào ạ"
        for kind, phrases in (("thanks", self.thanks), ("greeting", self.greetings)):
            longest = max((len(p) for p in phrases), default=0)
            remaining = self._rewrite(tokens, phrases, longest)
            if len(remaining) < len(tokens) and not self._rewrite(remaining, self._chat_fillers, self._max_chat_filler):
                return kind
        return None


# C0 and C1 control characters but the line break and tab: ESC starts terminal escape sequences
# (colours, window titles, OSC 8 links), 0x9b is a one-byte CSI, and XLSX refuses most of them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """`text` with control characters removed (line breaks and tabs kept)."""
    return _CONTROLS.sub("", text)
