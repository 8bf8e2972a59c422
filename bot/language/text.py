"""Vietnamese text handling: NFC, case and diacritic folding, tokens, lexicon normalisation.

Diacritics carry meaning: "vay" (a loan) and "vậy" (a filler), "hội" (fair) and "hỏi" (ask), "đà"
and "đa". So the normaliser keeps each word as typed. A word typed with diacritics is only ever read
as itself; a word typed without them may be any word that folds to it. The lexicon's rules apply
to the surface form accordingly: a rule written with diacritics also covers the plain spelling,
unless the lexicon lists the word under `accented_only`; a rule written plain covers only plain.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from bot.language.telex import TelexReader
from bot.policies.lexicon import Lexicon

_TOKEN = re.compile(r"[a-z0-9]+")
_SURFACE = re.compile(r"[^\W_]+")
# A word ending in "g" after a vowel: "ng" typed without its "n" (Vietnamese syllables end in "ng", never "g").
_BARE_G = re.compile(r"[^\W\d_]*[aeiouyăâêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]g")
# Vietnamese letters whose base is not recovered by NFD decomposition.
_SPECIAL_FOLDS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})




def _latin_folds() -> dict[int, str]:
    """Each precomposed Latin letter (Vietnamese ones included) → its base letters, and each combining
    mark → nothing: what NFD followed by dropping the marks does, as one table for str.translate."""
    table: dict[int, str] = {}
    for code in itertools.chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        base = "".join(ch for ch in unicodedata.normalize("NFD", chr(code)) if unicodedata.category(ch) != "Mn")
        if base != chr(code):
            table[code] = base
    table.update(dict.fromkeys(range(0x300, 0x370), ""))
    table.update({ord(k): v for k, v in (("đ", "d"), ("Đ", "d"), ("ð", "d"))})
    return table


_LATIN_FOLDS = _latin_folds()


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case ASCII form: NFC, casefold, diacritics removed (đ → d), spaces collapsed."""
    if text.isascii():
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFC", text).casefold()
    # The table covers Vietnamese; anything it leaves outside ASCII takes the general road.
    quick = text.translate(_LATIN_FOLDS)
    if quick.isascii():
        return " ".join(quick.split())
    text = text.translate(_SPECIAL_FOLDS)
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.split())


def tokenize(text: str) -> list[str]:
    """Folded word tokens (letters and digits); everything else separates words."""
    return _TOKEN.findall(fold(text))


# Texts whose tokens are remembered: the reply decision reads a message, its sentences and its halves
# with several readers in a row, each asking for the same tokens (a few messages' worth).
SURFACE_CACHE_SIZE = 64


def surface_tokens(text: str) -> list[str]:
    """Word tokens as typed (NFC, lower case, diacritics kept); tokens that fold to nothing are dropped."""
    return list(_surface_tokens(text))  # a copy: callers may change their list


@lru_cache(maxsize=SURFACE_CACHE_SIZE)
def _surface_tokens(text: str) -> tuple[str, ...]:
    words = _SURFACE.findall(unicodedata.normalize("NFC", text).casefold())
    # An ASCII word found here is lower-case letters and digits already: only the others need folding.
    return tuple(word for word in words if word.isascii() or ((f := fold(word)).isascii() and _TOKEN.fullmatch(f)))


@lru_cache(maxsize=SURFACE_CACHE_SIZE)
def typed_words(text: str) -> str:
    """The words of a text as typed (NFC, lower case), one space apart: what phrase patterns read."""
    return " ".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).casefold()))


@lru_cache(maxsize=SURFACE_CACHE_SIZE)
def folded_words(text: str) -> str:
    """The words of a text without diacritics, one space apart: what plain phrase patterns read."""
    return " ".join(re.findall(r"\w+", fold(text)))


def sizes_by_first_word(phrases: Iterable[Phrase]) -> dict[str, tuple[int, ...]]:
    """First word of each phrase → the word counts of the phrases it opens, longest first: a greedy
    longest match need only try those lengths at a word (most words open one or two short phrases)."""
    sizes: dict[str, set[int]] = {}
    for phrase in phrases:
        if phrase:
            sizes.setdefault(phrase[0], set()).add(len(phrase))
    return {word: tuple(sorted(found, reverse=True)) for word, found in sizes.items()}


# The five tone marks (grave, acute, tilde, hook, dot below): the vowel's shape (â, ă, ê, ô, ơ, ư) stays.
_TONE_MARKS = dict.fromkeys((0x300, 0x301, 0x303, 0x309, 0x323))


@lru_cache(maxsize=8192)
def toneless(word: str) -> str:
    """A word without its tone mark: what a wrong or misplaced one ("hổ" for "hỗ", "vân" for "vấn") leaves the same."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", word).translate(_TONE_MARKS))


@lru_cache(maxsize=8192)
def tone_of(word: str) -> str:
    """The word's tone marks, wherever they sit: "khoá" and "khóa", "thuỷ" and "thủy" are one word with
    the mark put on another vowel (the old and the new placement are both taught and typed)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if ord(ch) in _TONE_MARKS)


def is_plain(token: str) -> bool:
    """True when a token was typed without diacritics (it may stand for any word that folds to it)."""
    return fold(token) == token


def bigrams(tokens: Sequence[str]) -> list[str]:
    """Adjacent token pairs joined by an underscore ("day_chuyen")."""
    return [f"{a}_{b}" for a, b in itertools.pairwise(tokens)]


Phrase = tuple[str, ...]
# Words after which a commune's name is read as a place (folded).
_UNIT_WORDS = frozenset({"xa", "phuong", "khu", "tran", "huyen", "lang", "thon", "ap", "ban", "o", "tai", "tinh"})


class Normalizer:
    """Turns a user's question into canonical surface tokens using the YAML lexicon.

    Order: expand shorthand ("ko" → "không") → drop filler phrases ("cho em hỏi") → map synonyms to
    their canonical phrase → drop stopwords. Every step compares the words as typed (see the module).
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.accented_only = frozenset(_nfc(word) for word in lexicon.accented_only)
        self.abbreviations: dict[str, list[str]] = {}
        written = {_nfc(key): surface_tokens(value) for key, value in lexicon.abbreviations.items()}
        self.abbreviations.update(written)
        for key, value in written.items():  # a plain key written as such wins over a folded one
            if self._covers_plain(key):
                self.abbreviations.setdefault(fold(key), value)
        self.fillers = self.phrases(lexicon.fillers)
        self.synonyms: dict[Phrase, Phrase] = {}
        for canonical, variants in lexicon.synonyms.items():
            target = tuple(surface_tokens(canonical))
            for variant in variants:
                for form in self._forms(surface_tokens(variant)):
                    self.synonyms.setdefault(form, target)
        self.stopwords = frozenset(key[0] for key in self.phrases(lexicon.stopwords) if len(key) == 1)
        self.products = self.phrases(lexicon.products)
        self._max_product = max((len(p) for p in self.products), default=0)
        self._product_starts = frozenset(p[0] for p in self.products)
        self._max_filler = max((len(p) for p in self.fillers), default=0)
        self._max_synonym = max((len(p) for p in self.synonyms), default=0)
        self._filler_starts = sizes_by_first_word(self.fillers)
        self._synonym_starts = sizes_by_first_word(self.synonyms)
        self._provinces: Mapping[Phrase, frozenset[Phrase]] = {}
        self._communes: Mapping[Phrase, frozenset[Phrase]] = {}
        self._max_place = 0
        # First word of a place name → the word counts of the names it opens, longest first: a common
        # word ("công", "thành") opens a few names, and only their lengths are worth a look-up. Away
        # from a unit word only a province can be dropped, and few words open one.
        self._place_sizes: dict[str, tuple[int, ...]] = {}
        self._province_sizes: dict[str, tuple[int, ...]] = {}
        self._lexicon_words = frozenset(_words_of(lexicon))
        self._telex: TelexReader | None = None
        self._known_plain: frozenset[str] = frozenset()
        self._read_as_typed: frozenset[str] = frozenset()

    def read_telex(self, vocabulary: Iterable[str]) -> None:
        """From now on read a plain word typed with unconverted Telex keys ("hoox trowj") as the word
        it spells, when that is a word of the lexicon or of `vocabulary` (the index's words) and the
        word as typed is neither. Called once the index is built: the knowledge base's own texts are
        written with their diacritics and are never decoded."""
        known = self._lexicon_words | frozenset(word for word in vocabulary if "_" not in word)
        self._telex = TelexReader(known)
        self._known_plain = frozenset(fold(word) for word in known)
        # Known words that _read_typed returns as they are: one look-up for most words of a message.
        accented = (word for word in known if not is_plain(word) and not _BARE_G.fullmatch(word))
        self._read_as_typed = self._known_plain | frozenset(accented)

    def _read_typed(self, token: str) -> str:
        if self._telex is None or token in self._read_as_typed:
            return token
        if _BARE_G.fullmatch(token):
            return token[:-1] + "ng"  # "hàg", "mạg", "khôg": no Vietnamese syllable ends in a bare "g"
        if not is_plain(token):
            return token
        return self._telex.read(token) or token

    def drop_places(
        self, provinces: Mapping[Phrase, frozenset[Phrase]], communes: Mapping[Phrase, frozenset[Phrase]]
    ) -> None:
        """Drop these place names (folded, each with its spellings as written) from questions: provinces
        anywhere, communes after a unit word ("xã", "phường"…): a place says where, not what is asked.
        A word typed with diacritics must be spelt as the name is ("giá lại" is no "Gia Lai")."""
        self._provinces, self._communes = provinces, communes
        self._max_place = max((len(p) for p in (*provinces, *communes)), default=0)
        self._place_sizes = sizes_by_first_word((*provinces, *communes))
        self._province_sizes = sizes_by_first_word(provinces)

    def _covers_plain(self, word: str) -> bool:
        return not is_plain(word) and word not in self.accented_only

    def _forms(self, words: Sequence[str], *, loose: bool = False) -> Iterable[Phrase]:
        """Every spelling a phrase rule covers: as written, and plain where the words allow it
        (`loose`: plain everywhere, for messages that are only courtesy words)."""
        options = [
            (word, fold(word)) if (self._covers_plain(word) or (loose and not is_plain(word))) else (word,)
            for word in words
        ]
        return itertools.product(*options)

    def phrases(self, items: Iterable[str], *, loose: bool = False) -> frozenset[Phrase]:
        """The spellings of a list of lexicon phrases, as token tuples."""
        return frozenset(
            form for item in items if surface_tokens(item) for form in self._forms(surface_tokens(item), loose=loose)
        )

    def expand(self, tokens: Iterable[str]) -> list[str]:
        """Replace chat shorthand tokens by their full form; a word already written out in full stays
        as it is ("nhiêu" is short for "bao nhiêu", but "bao nhiêu" is not "bao bao nhiêu")."""
        out: list[str] = []
        as_typed = self._read_as_typed if self._telex is not None else None
        for typed in tokens:
            token = typed if as_typed is None or typed in as_typed else self._read_typed(typed)
            full = self.abbreviations.get(token)
            if full is None:  # most words are no shorthand
                out.append(token)
                continue
            head = len(full) - 1
            if head and full[-1] == token and out[len(out) - head :] == list(full[:head]):
                out.append(token)
            else:
                out.extend(full)
        return out

    @staticmethod
    def rewrite(
        tokens: list[str],
        table: dict[Phrase, Phrase] | frozenset[Phrase],
        longest: int,
        starts: frozenset[str] | dict[str, tuple[int, ...]] | None = None,
    ) -> list[str]:
        """Greedy longest-match replacement of phrases (a frozenset means delete); `starts`, the first
        words of the phrases, lets most words through without a look-up per phrase length (and, as
        sizes_by_first_word gives them, the lengths worth trying at a word)."""
        out: list[str] = []
        i = 0
        count = len(tokens)
        while i < count:
            if starts is not None and tokens[i] not in starts:
                out.append(tokens[i])
                i += 1
                continue
            if isinstance(starts, dict):
                for size in starts[tokens[i]]:
                    if size > count - i:
                        continue
                    phrase = tuple(tokens[i : i + size])
                    if phrase in table:
                        if isinstance(table, dict):
                            out.extend(table[phrase])
                        i += size
                        break
                else:
                    out.append(tokens[i])
                    i += 1
                continue
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

    def _without_places(self, tokens: list[str]) -> list[str]:
        folded = [fold(t) for t in tokens]
        out: list[str] = []
        i = 0
        while i < len(tokens):
            after_unit = i > 0 and folded[i - 1] in _UNIT_WORDS
            sizes = (self._place_sizes if after_unit else self._province_sizes).get(folded[i])
            if sizes is None:
                out.append(tokens[i])
                i += 1
                continue
            for size in sizes:
                if size > len(tokens) - i:
                    continue
                phrase = tuple(folded[i : i + size])
                spellings = self._provinces.get(phrase) or (self._communes.get(phrase) if after_unit else None)
                if spellings and spelt_as(tokens[i : i + size], spellings):
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def normalize(self, text: str) -> list[str]:
        """Canonical surface tokens for matching."""
        tokens = self.expand(surface_tokens(text))
        if self._max_place:
            tokens = self._without_places(tokens)
        tokens = self.rewrite(tokens, self.fillers, self._max_filler, self._filler_starts)
        tokens = self.rewrite(tokens, self.synonyms, self._max_synonym, self._synonym_starts)
        return [t for t in tokens if t not in self.stopwords]

    def product_positions(self, tokens: Sequence[str]) -> frozenset[int]:
        """Which of the normalised tokens name what the workshop makes (the lexicon's products, longest first)."""
        found: set[int] = set()
        i = 0
        while i < len(tokens):
            if tokens[i] in self._product_starts:
                for size in range(min(self._max_product, len(tokens) - i), 0, -1):
                    if tuple(tokens[i : i + size]) in self.products:
                        found.update(range(i, i + size))
                        i += size
                        break
                else:
                    i += 1
            else:
                i += 1
        return frozenset(found)


def spelt_as(typed: Sequence[str], spellings: frozenset[Phrase]) -> bool:
    """Whether typed words may be one of these spellings: each word as written, typed plain, or
    without its tone marks, typed in haste ("Đăk Lăk"); never with a tone mark the name lacks ("giá lại")."""
    return any(
        all(
            word == spelt or is_plain(word) or word == toneless(spelt)
            for word, spelt in zip(typed, spelling, strict=True)
        )
        for spelling in spellings
    )


def _words_of(lexicon: Lexicon) -> Iterable[str]:
    """Every word the lexicon's rules and lists are written with."""
    for key, value in lexicon.abbreviations.items():
        yield from surface_tokens(key)
        yield from surface_tokens(value)
    for canonical, variants in lexicon.synonyms.items():
        for phrase in (canonical, *variants):
            yield from surface_tokens(phrase)
    lists = (lexicon.fillers, lexicon.stopwords, lexicon.greetings, lexicon.thanks, lexicon.acknowledgements,
             lexicon.about_bot, lexicon.unclear)
    for phrase in itertools.chain(*lists, lexicon.courtesy, lexicon.complaints, lexicon.complaint_actions):
        yield from surface_tokens(phrase)


def _nfc(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().strip()


# C0 and C1 control characters but the line break and tab: ESC starts terminal escape sequences
# (colours, window titles, OSC 8 links), 0x9b is a one-byte CSI, and XLSX refuses most of them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """`text` with control characters removed (line breaks and tabs kept)."""
    return _CONTROLS.sub("", text)
