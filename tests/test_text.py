from __future__ import annotations

import pytest

from bot.language.smalltalk import SmallTalkReader
from bot.language.text import Normalizer, bigrams, fold, tokenize
from bot.policies.lexicon import Lexicon

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
        ("Cho em hỏi htx sx đc ko ạ", ["hợp", "tác", "xã", "sản", "xuất", "được", "không"]),
        ("bán online trên shopee", ["thương", "mại", "điện", "tử", "trên", "thương", "mại", "điện", "tử"]),
        ("hội trợ là gì", ["hội", "chợ", "gì"]),
        ("hoi tro la gi", ["hội", "chợ", "gi"]),
        ("ơi ơi ạ", []),
    ],
)
def test_normalizer_expands_shorthand_drops_fillers_and_maps_synonyms(text: str, expected: list[str]) -> None:
    assert Normalizer(LEXICON).normalize(text) == expected


def test_a_word_already_written_in_full_is_not_expanded_again() -> None:
    # "nhiêu" is short for "bao nhiêu"; "bao nhiêu" must not become "bao bao nhiêu".
    lexicon = LEXICON.model_copy(update={"abbreviations": {"nhiêu": "bao nhiêu"}})
    assert Normalizer(lexicon).normalize("hỗ trợ bao nhiêu, nhiêu tiền") == ["hỗ", "trợ", "bao", "nhiêu", "bao", "nhiêu", "tiền"]


ACCENTS = LEXICON.model_copy(
    update={
        "fillers": ["ạ", "vậy", "dạ"],
        "stopwords": ["hỏi", "là"],
        "abbreviations": {"dn": "doanh nghiệp", "đn": "đà nẵng", "đa": "đề án"},
        "accented_only": ["vậy", "hỏi", "đa"],
    }
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An accented word is only its own reading: "hội" is not the stopword "hỏi", "vay" not "vậy".
        ("hội chợ", ["hội", "chợ"]),
        ("hỏi hội chợ", ["hội", "chợ"]),
        ("hoi cho", ["hoi", "cho"]),
        ("vay vốn vậy", ["vay", "vốn"]),
        # Plain shorthand wins over a folded accented one; an accented-only rule needs its accents.
        ("dn nhỏ", ["doanh", "nghiệp", "nhỏ"]),
        ("đn", ["đà", "nẵng"]),
        ("đà lạt", ["đà", "lạt"]),
        ("da lat", ["lat"]),
        ("đa", ["đề", "án"]),
        # A rule written with diacritics covers the plain spelling unless listed accented_only.
        ("la", []),
        ("là", []),
        ("hoi", ["hoi"]),
    ],
)
def test_normalizer_reads_words_as_typed(text: str, expected: list[str]) -> None:
    assert Normalizer(ACCENTS).normalize(text) == expected


SMALL_TALK = LEXICON.model_copy(
    update={
        "abbreviations": {"a": "anh", "e": "em", "ad": "anh"},
        "fillers": ["ạ", "dạ", "vâng", "nhé"],
        "stopwords": ["em", "anh", "mình", "để", "có", "không"],
        "greetings": ["xin chào", "chào", "chào buổi tối", "alo", "có ai không"],
        "thanks": ["cảm ơn", "cám ơn", "tks"],
        "acknowledgements": ["ok", "oke", "dạ", "vâng", "để mình xem"],
        "complaints": ["hỏi mãi", "chưa ai trả lời", "chẳng thấy đâu", "rắc rối quá"],
        "complaint_negations": ["chưa", "không"],
        "complaint_actions": ["trả lời", "gọi lại"],
        "accented_only": ["dạ", "vâng"],
    }
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Xin chào", "greeting"), ("chào ạ", "greeting"), ("Cảm ơn!", "thanks"), ("cam on a", "thanks"),
     ("chào buổi tối", "greeting"), ("alo có ai không", "greeting"), ("em cảm ơn ạ", "thanks"),
     ("tks ad", "thanks"), ("dạ vâng em cảm ơn ạ", "thanks"), ("da em cam on a", "thanks"),
     ("ok", "ack"), ("oke", "ack"), ("vâng ạ", "ack"), ("dạ", "ack"), ("👍", "ack"), ("ok để mình xem", "ack"),
     ("hỏi mãi không được", "complaint"), ("gửi 1 tuần chưa ai trả lời", "complaint"),
     ("chờ cả tuần không thấy ai gọi lại", "complaint"), ("khong ai tra loi", "complaint"),
     ("cảm ơn anh đã trả lời", "thanks"), ("cảm ơn, cho em hỏi về hội chợ", None),
     ("chào, hỗ trợ máy móc?", None), ("ok vậy hỗ trợ máy móc bao nhiêu", None), ("", None), ("...", None),
     # A complaint listed with one negation is heard with the others.
     ("hứa từ tết mà chưa thấy đâu", "complaint"), ("không thấy đâu", "complaint"),
     ("giấy tờ gì mà rắc rối thế", "complaint"),
     # Wishes and "is anybody there?" in words the lexicon does not list.
     ("chúc ad buổi tối vui vẻ", "ack"), ("chuc ca nha cuoi tuan vui ve", "ack"), ("chúc ad, cho em hỏi", None),
     ("có ai ở đấy không ạ", "greeting"), ("alo có ai đấy không", "greeting"), ("co ai dang truc khong", "greeting"), ("có ai hỗ trợ không", None),
     ("có ai làm việc không ạ", "greeting")],
)
def test_small_talk_is_recognised_only_when_it_is_the_whole_message(text: str, kind: str | None) -> None:
    assert SmallTalkReader(SMALL_TALK, Normalizer(SMALL_TALK)).classify(text) == kind


@pytest.mark.parametrize(
    ("text", "outside", "after"),
    [
        # The words around the complaint, and those after it: the question part of its clause.
        ("nộp từ tháng 3 mà chưa thấy ai trả lời thì bao lâu mới xong", "nộp từ tháng 3 mà thì bao lâu mới xong",
         "thì bao lâu mới xong"),
        ("hỏi mãi, hội chợ được hỗ trợ không", "hội chợ được hỗ trợ không", "hội chợ được hỗ trợ không"),
        ("hội chợ có hỗ trợ không, hỏi mãi", "hội chợ có hỗ trợ không", ""),
        # Every complaint counts, the listed ones and "nobody answers" in any words; the last one ends it.
        ("không ai gọi lại, hỏi mãi rồi đó", "rồi đó", "rồi đó"),
        ("khong ai tra loi ca", "ca", "ca"),
        # A message without a complaint is all question part.
        ("máy sấy có được hỗ trợ không", "máy sấy có được hỗ trợ không", "máy sấy có được hỗ trợ không"),
    ],
)
def test_the_words_outside_a_complaint_are_what_it_may_also_ask(text: str, outside: str, after: str) -> None:
    assert SmallTalkReader(SMALL_TALK, Normalizer(SMALL_TALK)).outside_complaint(text) == (outside, after)


VENTING = SMALL_TALK.model_copy(
    update={
        "abbreviations": {"răng": "sao", "rứa": "thế"},
        "accented_only": ["dạ", "vâng", "tức", "điên"],
        "feelings": ["buồn", "mệt", "tức", "điên", "cực", "muốn khóc", "haizz"],
    }
)


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        # A closing or opening clause of feeling and degrees only: the rest is returned.
        ("Người ta chê hàng mình. Buồn thiệt.", "Người ta chê hàng mình"),
        ("bao bì bị nhái y chang, tức gì đâu á", "bao bì bị nhái y chang"),
        ("Mệt răng mà mệt, giấy tờ nhiều rứa", "giấy tờ nhiều rứa"),
        ("Thợ nghỉ hết rồi. Tui mệt muốn khóc luôn á", "Thợ nghỉ hết rồi"),
        ("mưa hoài, bánh không khô. Nghề này cực muốn khóc", "mưa hoài. bánh không khô"),
        ("khách bỏ mối hết rồi. Buồn.", "khách bỏ mối hết rồi"),
        ("hàng ế cả tháng rồi. Haizz", "hàng ế cả tháng rồi"),
        ("chờ cả tháng rồi 😡", "chờ cả tháng rồi"),
        ("nộp lại lần ba rồi, buồn ghê 😢", "nộp lại lần ba rồi"),
        ("met qua", ""),
        # Not an outburst: a question mark, a feeling with words it does not cover, a bare plain word
        # (it may be another), a plain word that is another ("tuc" thủ tục, "dien" điện), a search.
        ("Buồn chi rứa?", None),
        ("buồn vì hồ sơ bị trả, hỏi thủ tục thế nào", None),
        ("khách bỏ mối hết rồi. buon", None),
        ("thu tuc lam ho so. tuc qua", None),
        ("lắp điện mặt trời, dien luon", None),
        ("hỗ trợ đào tạo nghề. Buồn quá", None),
        ("Tui nữa.", None),
    ],
)
def test_an_outburst_of_feeling_at_either_end_is_told_apart_from_the_rest(text: str, rest: str | None) -> None:
    assert SmallTalkReader(VENTING, Normalizer(VENTING)).vents(text) == rest


TELEX = LEXICON.model_copy(
    update={
        "abbreviations": {"ko": "không", "đc": "được", "ad": "anh", "dc": "được"},
        "synonyms": {"thương mại điện tử": ["shopee"], "website": ["web"]},
        "stopwords": ["là", "gì", "được", "không"],
        "fillers": ["vậy"],
    }
)


def telex_normalizer(vocabulary: list[str]) -> Normalizer:
    normalizer = Normalizer(TELEX)
    normalizer.read_telex(vocabulary)
    return normalizer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Tone keys at the end of the word, doubled vowels, w for the horn, dd for đ.
        ("khuyeens coong laf gif vaayj", ["khuyến", "công"]),
        ("mua mays thif ddc hoox trowj", ["mua", "máy", "thì", "hỗ", "trợ"]),
        ("truwowngf hoc nghe", ["trường", "hoc", "nghe"]),
        ("nguoiwf lamf", ["người", "làm"]),
        # The tone key may come before the final consonant; either tone placement matches.
        ("khuyeesn coong", ["khuyến", "công"]),
        ("hoaf vốn", ["hoà", "vốn"]),
        # Marks keyed wrong ("hox" for "hoox"): read plain, as the letters they spell, when that is a word.
        ("hox trowj", ["ho", "trợ"]),
        ("mayf", ["may"]),
    ],
)
def test_words_typed_with_unconverted_telex_keys_read_as_the_known_words_they_spell(
    text: str, expected: list[str]
) -> None:
    vocabulary = ["khuyến", "công", "máy", "mua", "hỗ", "trợ", "thì", "trường", "người", "làm", "hoà", "vốn"]
    assert telex_normalizer(vocabulary).normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Shorthand and known foreign words are read as they are, never as Telex.
        ("ko dc ad", ["anh"]),
        ("web shopee", ["website", "thương", "mại", "điện", "tử"]),
        # A foreign word whose Telex reading is no known word stays as typed.
        ("lò gas", ["lò", "gas"]),
        ("class laser inox", ["class", "laser", "inox"]),
        # A word the index knows as typed is not decoded ("tax" would spell "tã").
        ("tax", ["tax"]),
        # Typed with diacritics, a word is only ever itself.
        ("máys", ["máys"]),
    ],
)
def test_known_words_and_foreign_words_are_not_read_as_telex(text: str, expected: list[str]) -> None:
    assert telex_normalizer(["lò", "gas", "tax", "tã", "máy"]).normalize(text) == expected


def test_telex_is_read_only_once_the_index_is_known() -> None:
    # The knowledge base's own texts are normalised before: they are written with diacritics.
    assert Normalizer(TELEX).normalize("hoox trowj") == ["hoox", "trowj"]


@pytest.mark.parametrize("text", ["...", "!!!", "", " , . ", "…"])
def test_punctuation_alone_is_no_outburst(text: str) -> None:
    assert SmallTalkReader(VENTING, Normalizer(VENTING)).vents(text) is None
