"""How the matcher reads one query word it does not know as typed: a wrong tone mark repaired among
the readings of the same word, a typo repaired against the known words, or a typo of a word that
carries no meaning ("khôg", "đươc") dropped instead of read as the content word it happens to be
near ("kho", "dược")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process

from bot.language.text import fold, is_plain, tone_of, toneless

TYPO_MIN_LENGTH = 4
TYPO_CUTOFF = 80.0
TYPO_CACHE_SIZE = 10_000  # words remembered (users' typos are endless: the cache must not grow with them)
# A word typed with diacritics the knowledge base never uses on it still counts as its folded form,
# at this share of its weight.
ACCENT_MISMATCH = 0.6
# A word typed with a tone mark that fits a meaningless word ("đươc" for "được") at least this well
# (fuzz.ratio; one mark wrong in a four-letter word is 75) is read as that word.
FUNCTION_TONE_CUTOFF = 60.0

# Typo candidates looked at (best first) when the best is ruled out.
TYPO_CANDIDATES = 5
# Texts of the index that must use a pair for it to repair a wrong tone mark next to it ("hỗ trợ", "tư
# vấn" are everywhere; a pair two texts use, "chợ hàng", does not make "chở hàng" a typo).
PAIR_EVIDENCE = 3
# A plain pair is folded, the same for every reading of its words: it takes more texts to count.
PLAIN_PAIR_EVIDENCE = 6
# fuzz.ratio an unknown plain word must reach with a known one to be repaired by a common pair ("kin"/"kinh" 86).
PAIRED_CUTOFF = 75.0
SHORT_WORD = 5  # letters: up to this length a letter dropped at the end also makes another syllable

Reading = tuple[str, float] | Literal["drop"] | None


def _other_onset(token: str, word: str) -> bool:
    """Whether two spellings differ by a letter added or dropped at the start or the end of a
    short word ("mảnh"/"anh"/"man", "hoài"/"thoại"): that makes another syllable, not a typo."""
    if max(len(token), len(word)) > SHORT_WORD:
        return token[1:] == word or word[1:] == token
    return word in (token[1:], token[:-1]) or token in (word[1:], word[:-1])


# Onsets that speakers of one region or another say alike and type as they say them (Northern l/n and
# tr/ch, Southern s/x and d/gi), and the foreign letters people type for the sound they make ("fần" for
# "phần", "jờ" for "giờ", "wá" for "quá", "zề"/"dzề" for "về"… no Vietnamese word starts with f, j, w or z):
# a word known with the other onset is that word.
_ONSET_PAIRS = (("s", "x"), ("x", "s"), ("tr", "ch"), ("ch", "tr"), ("l", "n"), ("n", "l"), ("gi", "d"), ("d", "gi"),
                ("f", "ph"), ("j", "gi"), ("w", "qu"), ("dz", "d"), ("dz", "gi"), ("z", "d"), ("z", "gi"))
# A final "i" or "y" after a consonant (or "qu") is one sound spelt either way ("kí"/"ký", "lí"/"lý", "quí"/"quý").
_FINAL_I_OR_Y = re.compile(r"(?:(?<=[bcdđghklmnprstvx])|(?<=qu))[iíìỉĩịyýỳỷỹỵ]$")
_I_Y = dict(zip("iíìỉĩịyýỳỷỹỵ", "yýỳỷỹỵiíìỉĩị", strict=True))


def other_final_i(word: str) -> str | None:
    """The word with its final "i" spelt "y" or the other way round ("kí" → "ký"), if it ends so."""
    found = _FINAL_I_OR_Y.search(word)
    return word[:-1] + _I_Y[word[-1]] if found else None


def pair_of(a: str, b: str) -> str:
    """The bigram column name of two words: their readings when both have diacritics, else folded."""
    return f"{fold(a)}_{fold(b)}" if a.isascii() or b.isascii() else f"{a}_{b}"


def _onset_swaps(token: str) -> list[str]:
    """The token with each mixed-up onset swapped for its partner ("xấy" → "sấy")."""
    return [other + token[len(onset) :] for onset, other in _ONSET_PAIRS if token.startswith(onset)]


# Final consonants Southern speech merges, typed as said ("thủ tụt" for "thủ tục", "phần mền" for "phần mềm").
_FINAL_PAIRS = (("t", "c"), ("c", "t"), ("n", "ng"), ("ng", "n"), ("n", "m"), ("m", "n"), ("nh", "n"), ("n", "nh"))


def _final_swaps(token: str) -> list[str]:
    """The token with a merged final consonant swapped for its partner ("tụt" → "tục")."""
    return [token[: -len(final)] + other for final, other in _FINAL_PAIRS if token.endswith(final)]


class WordReader:
    """Repairs query words against the index's vocabulary (immutable but for its bounded cache)."""

    def __init__(
        self,
        vocab: dict[str, int],
        unigrams: list[str],
        accented: list[str],
        meaningless: Iterable[str],
        units_using: Sequence[int] | np.ndarray = (),
    ):
        """`units_using`: by column, how many of the index's texts use the feature (ranks the words a
        wrong tone mark may stand for; without it, first known first)."""
        self.vocab = vocab
        self._units_using = units_using
        self.readings: dict[str, list[str]] = {}  # folded word → its readings with diacritics
        for name in accented:
            self.readings.setdefault(fold(name), []).append(name)
        self.meaningless = {word for word in meaningless if word not in vocab}
        self._meaningless_folds: dict[str, list[str]] = {}
        for word in sorted(self.meaningless):
            self._meaningless_folds.setdefault(fold(word), []).append(word)
        self._plain_choices = unigrams + sorted(w for w in self.meaningless if is_plain(w))
        self._accented_choices = accented + sorted(w for w in self.meaningless if not is_plain(w))
        # Toneless form → the known accented words it may be, the most used in the knowledge base first.
        def use(word: str) -> int:
            column = vocab.get(word)
            return -int(units_using[column]) if column is not None and column < len(units_using) else 0

        self._same_letters: dict[str, list[str]] = {}
        for word in sorted(accented, key=use):
            self._same_letters.setdefault(toneless(word), []).append(word)
        self._meaningless_letters = frozenset(toneless(word) for word in self.meaningless if not is_plain(word))
        self.cache: dict[str, str | None] = {}
        self._plain_words = [word for word in unigrams if word not in self.meaningless]
        self._near_cache: dict[str, list[str]] = {}
        # Readings by word: a long message is read whole, then by sentence and by half, the same words
        # again each time. Bounded like the typo cache.
        self._readings: dict[str, Reading] = {}

    def correct(self, token: str) -> str | None:
        """The known word a typo most likely meant, or None (accented words among accented ones)."""
        if token in self.cache:
            return self.cache[token]
        found = None
        if len(token) >= TYPO_MIN_LENGTH and not token.isdigit():
            choices = self._plain_choices if is_plain(token) else self._accented_choices
            hits = process.extract(token, choices, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, limit=TYPO_CANDIDATES)
            found = next((hit[0] for hit in hits if not _other_onset(token, hit[0])), None)
        if len(self.cache) >= TYPO_CACHE_SIZE:
            self.cache.clear()
        self.cache[token] = found
        return found

    def _swapped(self, token: str) -> str | None:
        """The known word the token spells with a mixed-up onset swapped for its partner, if any."""
        return next((word for word in _onset_swaps(token) if word in self.vocab), None)

    def only_look_alikes(self, tokens: Sequence[str], factors: Sequence[float]) -> bool:
        """Whether every word is read only as its folded look-alike, at a discount (ACCENT_MISMATCH). Asked
        only when no feature weighs 1 (a word read as itself): most questions resolve no word twice."""
        if any(factor >= 1.0 for factor in factors):
            return False
        return all(isinstance(found := self.resolve(token), tuple) and found[1] == ACCENT_MISMATCH for token in tokens)

    def resolve(self, token: str) -> Reading:
        """The column a query word reads as, and how much it counts: its own reading or plain word, a
        wrong tone mark repaired among the readings of the same word, a repaired typo, or (for a
        reading the knowledge base never uses) the folded word at a discount; "drop" for a typo of a
        word that carries no meaning; None for a word the index cannot read."""
        try:
            return self._readings[token]
        except KeyError:
            pass
        if len(self._readings) >= TYPO_CACHE_SIZE:
            self._readings.clear()
        found = self._readings[token] = self._resolve(token)
        return found

    def _resolve(self, token: str) -> Reading:
        if token in self.vocab:
            return token, 1.0
        spelt = other_final_i(token) if not is_plain(token) else None  # typed plain, "mi" is as often "mì"
        if spelt is not None and spelt in self.vocab:
            return spelt, 1.0
        folded = fold(token)
        if folded in self.vocab:
            # Typed with diacritics the knowledge base never puts on this word: a wrong tone mark
            # ("khuyên công") is repaired among its readings; another word ("đà") keeps a discount…
            options = self.readings.get(folded, ())
            placed = (o for o in options if toneless(o) == toneless(token) and tone_of(o) == tone_of(token))
            if (moved := next(placed, None)) is not None:
                return moved, 1.0
            hit = process.extractOne(token, options, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF) if options else None
            if hit:
                return hit[0], 1.0
            # …unless it is a wrong tone mark on a meaningless word ("đươc", "vây"), closer to it than
            # to any reading of the content word.
            near = process.extractOne(token, self._meaningless_folds.get(folded, ()), scorer=fuzz.ratio)
            if near and near[1] >= FUNCTION_TONE_CUTOFF:
                best = process.extractOne(token, options, scorer=fuzz.ratio) if options else None
                if best is None or near[1] > best[1]:
                    return "drop"
            # …or a mixed-up onset of a word the knowledge base writes so ("xấy" for "sấy": "xay" is known).
            swapped = self._swapped(token)
            return (swapped, 1.0) if swapped is not None else (folded, ACCENT_MISMATCH)
        # A word the knowledge base has in no spelling: first the onsets people mix up ("xấy" for "sấy",
        # "sưởng" for "xưởng", "chen" for "tren"), then a typo of a known word, searched once: among the
        # accented words when typed with diacritics ("buổi" is no typo of "bụi", though "buoi" is of "bui").
        swapped = self._swapped(token)
        if swapped is not None:
            return swapped, 1.0
        fixed = self.correct(token if not is_plain(token) else folded)
        if fixed is not None and (fixed in self.meaningless or toneless(token) in self._meaningless_letters):
            # A typo of a meaningless word, or a meaningless word's letters with a wrong tone mark ("muôn"
            # for "muốn" is no typo of "môn").
            return "drop"
        return (fixed, 1.0) if fixed is not None else None

    def _common_pair(self, word: str, other: str, before: bool) -> bool:
        """Whether `word` next to `other` (before it or after) is a pair several texts of the index use;
        next to an accented `word`, a neighbour typed plain in one of its readings (a folded pair would
        fit any reading of `word`)."""
        accented = not is_plain(word)
        least = PAIR_EVIDENCE if accented else PLAIN_PAIR_EVIDENCE
        for reading in self.readings.get(other, ()) if accented and is_plain(other) else (other,):
            column = self.vocab.get(pair_of(reading, word) if before else pair_of(word, reading))
            if column is not None and column < len(self._units_using) and self._units_using[column] >= least:
                return True
        return False

    def _near(self, token: str) -> list[str]:
        """Plain known words a short unknown plain word may be a slip of ("kin" for "kinh")."""
        found = self._near_cache.get(token)
        if found is None:
            hits = process.extract(token, self._plain_words, scorer=fuzz.ratio, score_cutoff=PAIRED_CUTOFF, limit=5)
            found = [hit[0] for hit in hits]
            if len(self._near_cache) >= TYPO_CACHE_SIZE:
                self._near_cache.clear()
            self._near_cache[token] = found
        return found

    def _candidates(self, token: str, reading: Reading) -> Sequence[str]:
        """Known words that the word as typed may stand for, if its neighbour says so."""
        if token in self.vocab:
            return ()
        if not is_plain(token):
            merged = [word for word in _final_swaps(token) if word in self.vocab]
            return [*self._same_letters.get(toneless(token), ()), *merged]
        # Not a meaningless word typed plain ("len" is "lên", not "liên"), nor a number ("2027" is no slip of "2026").
        if (
            reading is None
            and len(token) >= TYPO_MIN_LENGTH - 1
            and token not in self._meaningless_folds
            and not token.isdigit()
        ):
            return [*self._near(token), *(word for word in _final_swaps(token) if word in self.vocab)]
        return ()

    def read(self, tokens: Sequence[str]) -> list[Reading]:
        """How each word of a question reads (see `resolve`), repaired by its neighbour: an accented word
        the index does not have is read as a known word of the same letters or with a merged final
        consonant ("thủ tụt"), and an unknown plain word as a known word a letter away ("kin doanh"),
        when the two make a common pair with the word before or after ("hổ trợ", "tu vân", "nhản hiệu").
        Tones tell words apart ("thấy"/"thầy", "lời"/"lợi"), and a letter dropped at the end makes another
        syllable: alone such a word keeps its own reading."""
        readings = [self.resolve(token) for token in tokens]
        for at, token in enumerate(tokens):
            candidates = self._candidates(token, readings[at])
            if not candidates:
                continue
            neighbours = [
                (found[0] if isinstance(found, tuple) else tokens[near], near < at)
                for near in (at - 1, at + 1)
                if 0 <= near < len(tokens) and (found := readings[near]) != "drop"
            ]
            meant = (word for word in candidates if any(self._common_pair(word, *near) for near in neighbours))
            repaired = next(meant, None)
            if repaired is not None:
                readings[at] = (repaired, 1.0)
        return readings
