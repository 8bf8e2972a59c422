"""Words typed with Telex keys that were never converted ("hoox trowj" for "hỗ trợ", "mays" for
"máy"): the phone's Vietnamese keyboard was off, or the message was pasted from a computer without
one. Telex writes a mark as a letter: a doubled vowel for the circumflex (aa → â, ee → ê, oo → ô),
w for the horn and the breve (uw → ư, ow → ơ, aw → ă, uow → ươ), dd for đ, and a tone letter after
the vowel (s sắc, f huyền, r hỏi, x ngã, j nặng), usually at the end of the word.

A plain Vietnamese word never has s, f, r, x or j after its vowel, nor w, aa, ee or dd, so such a
word is Telex or a foreign word. A decoded word is only used when it is a word the bot knows, so a
foreign word ("class", "gas") stays as typed unless it happens to spell a known word; a known word
("website", "ko") is never decoded at all (the caller checks that first).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

_TONE_KEYS = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TONE_MARKS = frozenset(_TONE_KEYS.values())
_VOWELS = frozenset("aeiouyâêôơăư")
_DOUBLED = {"a": "â", "e": "ê", "o": "ô"}
_HORN = {"u": "ư", "o": "ơ", "a": "ă"}
MAX_LENGTH = 10  # letters: the longest Vietnamese syllable in Telex ("nghieengx") is nine


def tone_key(word: str) -> tuple[str, str]:
    """A word as (its letters without the tone mark, NFC; the tone's combining mark or "")."""
    decomposed = unicodedata.normalize("NFD", word)
    tone = next((ch for ch in decomposed if ch in _TONE_MARKS), "")
    letters = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    return unicodedata.normalize("NFC", letters), tone


def _horn(out: list[str]) -> bool:
    """Put the horn or breve a "w" asks for on the last vowel group (False: there is none)."""
    end = len(out)
    while end and out[end - 1] not in _VOWELS:
        end -= 1
    start = end
    while start and out[start - 1] in _VOWELS:
        start -= 1
    if start == end:
        return False
    if start and out[start - 1] == "q" and out[start] == "u":  # "qu" is a consonant: "quawng" → quăng
        start += 1
    group = "".join(out[start:end])
    for i in range(start, end - 1):
        if out[i] in "uư" and out[i + 1] == "o":  # "uow", "uwow" → ươ
            out[i : i + 2] = ["ư", "ơ"]
            return True
    if group.startswith("oa"):  # "hoawcj" → hoặc
        out[start + 1] = "ă"
        return True
    for i in range(start, end):
        if out[i] in _HORN:
            out[i] = _HORN[out[i]]
            return True
    return False


def decode(token: str) -> tuple[str, str] | None:
    """The Telex reading of a plain lower-case token as `tone_key` gives it, or None when the token
    uses no Telex key (or more than one tone key: that is not a syllable typed in Telex)."""
    if not token.isascii() or not token.isalpha() or len(token) > MAX_LENGTH:
        return None
    # A tone key only counts after a vowel: before it, s, r and x are consonants ("sản", "trợ", "xã").
    first_vowel = next((i for i, ch in enumerate(token) if ch in _VOWELS), len(token))
    tones = [i for i in range(first_vowel + 1, len(token)) if token[i] in _TONE_KEYS]
    if len(tones) > 1:
        return None
    tone = _TONE_KEYS[token[tones[0]]] if tones else ""
    letters = token[: tones[0]] + token[tones[0] + 1 :] if tones else token
    out: list[str] = []
    for ch in letters:
        if ch == "w":
            if not _horn(out):
                out.append("ư")  # "nhw" → như
        elif ch in _DOUBLED and out and out[-1] == ch:
            out[-1] = _DOUBLED[ch]
        elif ch == "d" and out == ["d"]:
            out[0] = "đ"
        else:
            out.append(ch)
    word = "".join(out)
    if not tone and word == token:
        return None
    return unicodedata.normalize("NFC", word), tone


class TelexReader:
    """Reads Telex leftovers as the known words they spell (immutable)."""

    def __init__(self, known: Iterable[str]) -> None:
        self.words: dict[tuple[str, str], str] = {}
        self.plain: set[str] = set()
        for word in sorted(set(known)):
            # Old and new tone placement ("hòa", "hoà") share a key; the first spelling is kept.
            self.words.setdefault(tone_key(word), word)
            self.plain.add(_fold(word))

    def read(self, token: str) -> str | None:
        """The known word a plain token spells in Telex, or None. A word whose marks are typed wrong
        ("hox" for "hoox", hỗ) is read plain, as the letters it spells without them, when that is a
        known word: typed plain, it may be any of their readings."""
        key = decode(token)
        if key is None:
            return None
        found = self.words.get(key)
        if found is None and (letters := _fold(key[0])) != token and letters in self.plain:
            return letters
        return found


def _fold(word: str) -> str:
    """The word without its marks (đ → d): what it is typed plain."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
