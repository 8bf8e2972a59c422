from __future__ import annotations

import pytest

from bot.language.text import Normalizer, bigrams, fold, tokenize
from bot.policies.schema import Lexicon

LEXICON = Lexicon(
    abbreviations={"ko": "không", "đc": "được", "sx": "sản xuất", "htx": "hợp tác xã"},
    synonyms={"thương mại điện tử": ["shopee", "bán online"], "hội chợ": ["hội trợ"]},
    fillers=["ạ", "ơi", "cho em hỏi"],
    stopwords=["là", "thì"],
    greetings=["xin chào", "chào"],
    thanks=["cảm ơn", "cám ơn"],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đường Dây Chuyền", "duong day chuyen"),
        ("HỖ TRỢ", "ho tro"),
        ("Nghệ nhân ưu tú", "nghe nhan uu tu"),
        # Decomposed input (combining marks) folds the same as precomposed NFC.
        ("ho\u0302\u0303 tro\u031b\u0323", "ho tro"),
        ("  nhiều   khoảng\ttrắng ", "nhieu khoang trang"),
        ("", ""),
    ],
)
def test_fold_removes_case_diacritics_and_extra_spaces(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_tokenize_splits_on_punctuation_and_keeps_digits() -> None:
    assert tokenize("Máy CNC, 450tr/cơ-sở?!") == ["may", "cnc", "450tr", "co", "so"]


def test_bigrams_join_adjacent_tokens() -> None:
    assert bigrams(["day", "chuyen", "moi"]) == ["day_chuyen", "chuyen_moi"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cho em hỏi htx sx đc ko ạ", ["hop", "tac", "xa", "san", "xuat", "duoc", "khong"]),
        ("bán online trên shopee", ["thuong", "mai", "dien", "tu", "tren", "thuong", "mai", "dien", "tu"]),
        ("hội trợ là gì", ["hoi", "cho", "gi"]),
        ("ơi ơi ạ", []),
    ],
)
def test_normalizer_expands_shorthand_drops_fillers_and_maps_synonyms(text: str, expected: list[str]) -> None:
    assert Normalizer(LEXICON).normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Xin chào", "greeting"), ("chào ạ", "greeting"), ("Cảm ơn!", "thanks"), ("cam on a", "thanks"),
     ("chào, hỗ trợ máy móc?", None), ("", None)],
)
def test_small_talk_is_recognised_only_when_it_is_the_whole_message(text: str, kind: str | None) -> None:
    assert Normalizer(LEXICON).is_small_talk(text) == kind


@pytest.mark.parametrize("text", ["chào bạn ạ", "xin chào ạ", "dạ chào ạ", "chào a"])
def test_a_polite_particle_that_is_also_shorthand_still_counts_as_filler(text: str) -> None:
    # Folded "ạ" is "a", which the shorthand table expands to "anh"; the filler must win.
    lexicon = LEXICON.model_copy(
        update={"abbreviations": {"a": "anh"}, "fillers": ["ạ", "dạ"], "greetings": ["xin chào", "chào", "chào bạn"]}
    )
    assert Normalizer(lexicon).is_small_talk(text) == "greeting"
