"""Communes, wards and special zones as people type them: matched against the official list of
administrative units since 1 July 2025 (34 provinces, communes / wards / special zones only).

The list comes from the `vietnam-provinces` package (General Statistics Office names and codes),
loaded once on first use. "xa ham thuan bac lam dong", "Hàm Thuận Bắc, tỉnh Lâm Đồng" and
"ham thuan bac lam dongg" all find Xã Hàm Thuận Bắc, tỉnh Lâm Đồng: matching is on folded text
(no diacritics) with rapidfuzz for typos. Which provinces are centrally-run cities, and which
former provinces now belong to which, is content (`_facts.yaml` → location), not code.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.language.text import fold

UNIT_TYPES = ("xã", "phường", "đặc khu")
# Words that name the kind of unit; read as a hint and dropped before the name is matched.
_UNIT_WORDS = {"xa": "xã", "phuong": "phường", "p": "phường", "dac khu": "đặc khu"}
_PROVINCE_WORDS = ("thanh pho truc thuoc trung uong", "thanh pho", "tinh", "tp")
_FILLERS = {"o", "tai", "thuoc", "cua", "co", "so", "em", "toi", "minh", "a", "nha", "moi", "cu"}
# Former districts and towns (abolished on 1 July 2025): what follows them is not the commune's name.
_DISTRICT_WORDS = ("huyen", "quan", "thi xa", "thi tran")
# Common ways of writing a city's name (folded); the official short name is always understood.
_ALIASES = {"ho chi minh": ("hcm", "tphcm", "tp hcm", "sài gòn", "saigon"), "ha noi": ("hn",)}
NAME_CUTOFF = 85  # rapidfuzz ratio for a typo in a commune or province name
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Place:
    """One commune-level unit."""

    code: int
    name: str  # "Xã Hàm Thuận Bắc"
    unit: str  # "xã", "phường" or "đặc khu"
    province: str  # short name: "Lâm Đồng", "Hồ Chí Minh"
    province_is_city: bool  # the package's own type; the knowledge base decides what counts

    def province_label(self, central_cities: Iterable[str] = ()) -> str:
        """'tỉnh Lâm Đồng' or 'thành phố Hồ Chí Minh' (by the knowledge base's list when given)."""
        cities = {fold(c) for c in central_cities}
        city = fold(self.province) in cities if cities else self.province_is_city
        return f"{'thành phố' if city else 'tỉnh'} {self.province}"

    def label(self, central_cities: Iterable[str] = ()) -> str:
        """What the bot shows back: 'Xã Hàm Thuận Bắc, tỉnh Lâm Đồng'."""
        return f"{self.name}, {self.province_label(central_cities)}"


def _short_province(name: str) -> str:
    return name.removeprefix("Thành phố ").removeprefix("Tỉnh ").strip()


def _bare_name(name: str) -> str:
    """The folded name without its unit word: 'Xã Hàm Thuận Bắc' → 'ham thuan bac'."""
    folded = fold(name)
    for word in ("dac khu ", "phuong ", "xa "):
        if folded.startswith(word):
            return folded[len(word) :]
    return folded


class PlaceIndex:
    """The official list, indexed by folded names."""

    def __init__(self, provinces: Iterable[Mapping[str, object]]) -> None:
        self.places: list[Place] = []
        self.provinces: dict[str, str] = {}  # folded short name (and aliases) → short name
        for province in provinces:
            short = _short_province(str(province["name"]))
            is_city = province.get("division_type") == "thành phố trung ương"
            self.provinces[fold(short)] = short
            for alias in _ALIASES.get(fold(short), ()):
                self.provinces[fold(alias)] = short
            for ward in province.get("wards", []):  # type: ignore[attr-defined]
                self.places.append(
                    Place(int(ward["code"]), str(ward["name"]), str(ward["division_type"]), short, is_city)
                )
        self.by_name: dict[str, list[Place]] = {}
        for place in self.places:
            self.by_name.setdefault(_bare_name(place.name), []).append(place)
        self.by_code = {place.code: place for place in self.places}
        self._province_names = sorted(self.provinces, key=len, reverse=True)

    @classmethod
    def official(cls) -> PlaceIndex:
        """The list shipped by `vietnam-provinces`, loaded once."""
        return _official()

    def province(self, name: str) -> str | None:
        """The official short name of a province typed in any form, or None."""
        return self.provinces.get(fold(name).removeprefix("tinh ").removeprefix("thanh pho ").strip())

    def _split_province(self, words: list[str], former: Mapping[str, str]) -> tuple[list[str], str | None]:
        """Find the province in the words (usually last), fuzzily; returns the other words and it."""
        known = {**self.provinces, **{fold(old): new for old, new in former.items()}}
        text = " ".join(words)
        for folded in sorted(known, key=len, reverse=True):
            match = re.search(rf"(?:^| ){re.escape(folded)}(?: |$)", text)
            if match:
                rest = (text[: match.start()] + " " + text[match.end() :]).split()
                return rest, known[folded]
        for size in (3, 2, 1):  # a typo in the province at the end: "lam dongg"
            if len(words) > size:
                tail = " ".join(words[-size:])
                found = process.extractOne(tail, list(known), scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF)
                if found and len(found[0].split()) == size:
                    return words[:-size], known[found[0]]
        return words, None

    def lookup(self, text: str, former: Mapping[str, str] | None = None, limit: int = 3) -> list[Place]:
        """The units that best match a typed commune, best first (empty when none is close).

        `former` maps former provinces to the ones they now belong to ("Bình Thuận" → "Lâm Đồng")."""
        words = _WORD.findall(fold(text))
        words, province = self._split_province(words, former or {})
        name_words, unit = _strip_unit_words(words)
        name = " ".join(name_words)
        if not name:
            return []
        pool = [p for p in self.places if p.province == province] if province else self.places
        exact = [p for p in self.by_name.get(name, []) if province is None or p.province == province]
        if exact:
            return _prefer_unit(exact, unit)[:limit]
        names = sorted({_bare_name(p.name) for p in pool})
        scored = process.extract(name, names, scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF, limit=limit * 2)
        found = [p for match, _, _ in scored for p in self.by_name[match] if p in pool]
        return _prefer_unit(found, unit)[:limit]


def _strip_unit_words(words: list[str]) -> tuple[list[str], str | None]:
    """Drop fillers, province words and the unit word; returns the name words and the unit hint."""
    unit = None
    text = " " + " ".join(w for w in words if w not in _FILLERS) + " "
    for word in _DISTRICT_WORDS:
        before, found, after = text.partition(f" {word} ")
        if found:
            text = f"{before} " if before.strip() else f" {after}"
    for word in _PROVINCE_WORDS:
        text = text.replace(f" {word} ", " ")
    for word, kind in sorted(_UNIT_WORDS.items(), key=lambda item: -len(item[0])):
        if f" {word} " in text:
            unit = unit or kind
            text = text.replace(f" {word} ", " ", 1)
    return text.split(), unit


def _prefer_unit(places: list[Place], unit: str | None) -> list[Place]:
    """Places of the typed kind first (a stable sort keeps the match order otherwise)."""
    return sorted(places, key=lambda p: unit is not None and p.unit != unit)


@lru_cache(maxsize=1)
def _official() -> PlaceIndex:
    # The package's data file, found without importing the package (its enums of every code cost ~0.1 s).
    spec = importlib.util.find_spec("vietnam_provinces")
    assert spec is not None and spec.origin is not None, "vietnam-provinces is a dependency"
    data = Path(spec.origin).parent / "data" / "nested-divisions.json"
    return PlaceIndex(json.loads(data.read_text(encoding="utf-8")))


def place_phrases(
    former_provinces: Iterable[str] = (), keep: Iterable[str] = ()
) -> tuple[dict[tuple[str, ...], frozenset[tuple[str, ...]]], dict[tuple[str, ...], frozenset[tuple[str, ...]]]]:
    """Word sequences that name a place, folded, each with its spellings as written (lower case):
    (provinces, with the usual short forms and the former provinces people still type; communes of
    two words or more). Commune names are ordinary syllables ("Ái Tử" is "ai tu" as in "có ai tư
    vấn"), so callers drop them only after a unit word; those in `keep` (ordinary words of the
    knowledge base) never. A word typed with diacritics names the place only as written ("đánh giá
    lại quy trình" is no "Gia Lai")."""
    index = PlaceIndex.official()
    kept = {fold(text) for text in keep}
    provinces: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for folded, short in index.provinces.items():
        if fold(short) == folded:  # aliases are spelt as _ALIASES writes them
            _add_spelling(provinces, folded, short)
    for alias in (alias for aliases in _ALIASES.values() for alias in aliases):
        _add_spelling(provinces, fold(alias), alias)
    for name in former_provinces:
        _add_spelling(provinces, fold(name), name)
    communes: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for folded, places in index.by_name.items():
        if " " in folded and folded not in kept:
            for place in places:
                _add_spelling(communes, folded, _bare_spelling(place.name))
    return (
        {phrase: frozenset(spellings) for phrase, spellings in provinces.items() if phrase},
        {phrase: frozenset(spellings) for phrase, spellings in communes.items() if phrase},
    )


def _add_spelling(table: dict[tuple[str, ...], set[tuple[str, ...]]], folded: str, written: str) -> None:
    words = tuple(_WORD.findall(folded))
    spelt = tuple(re.findall(r"\w+", unicodedata.normalize("NFC", written).lower()))
    if words and len(spelt) == len(words):
        table.setdefault(words, set()).add(spelt)


def _bare_spelling(name: str) -> str:
    """A unit's name as written without its unit word: 'Xã Hàm Thuận Bắc' → 'Hàm Thuận Bắc'."""
    for word in ("Đặc khu ", "Phường ", "Xã "):
        if name.startswith(word):
            return name[len(word) :]
    return name
