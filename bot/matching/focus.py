"""What a message asks, when it says more than a question: the question sentence of a long story,
the words that ask, and whether a part asks for something (how a message that asks two things is
cut in two is bot.matching.halves)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from bot.language.text import fold

_SENTENCE_END = re.compile(r"(?<=[.?!;…])\s+|\s*\n+\s*")
# Words that make a sentence a question even without a question mark.
_QUESTION_WORDS = re.compile(
    r"\b(?:khong|ko|k|hok|chua|bao nhieu|bn|the nao|ntn|nhu the nao|ra sao|o dau|gi|j|nao|duoc khong|"
    r"nhieu khong|may|sao|ai)\b"
)


# The question words and particles above as written with their diacritics: a word typed with diacritics
# is a question word only when it is one of these ("máy" is not "mấy", "chỉ" not "chi", "hỏng" not
# "hông", "hơn" not "hôn", "chị" not "chi"); a word typed plain may be any of them ("may", "chi", "hong").
_ASKED_FORMS = frozenset(
    {
        "không", "chưa", "gì", "nào", "đâu", "mô", "hông", "hổng", "hôn", "hở", "nhiêu", "lâu", "giờ", "thế", "như",
        "mấy", "được", "nhiều", "lúc", "ở", "làm", "để", "mất", "tại", "vì", "mà", "có", "người", "cán", "bộ", "rứa",
        "răng", "ạ", "à", "vậy", "nhỉ", "nhé", "nhá", "hả", "ơi", "đây", "đấy", "nữa", "rồi", "nè", "ừ", "hì", "hà",
        "vầy", "dzậy", "zậy", "hỉ", "hè", "hén", "á", "thì", "là", "bây", "hỏi", "muốn", "tôi", "mình", "phải",
        "cần", "bạn",
    }
)


def asked_words(text: str) -> list[str]:
    """The words of `text` as the question-word tests compare them: folded when typed plain or when they
    are a question word or particle typed with its diacritics, as typed otherwise (so that they match
    none of the folded question words)."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).casefold())
    return [folded if (folded := fold(word)) == word or word in _ASKED_FORMS else word for word in words]


# "Mấy" opening a sentence before anything but a count's unit is the plural "several" ("Mấy xưởng mộc trong
# xã muốn…", "Mấy chị em trong tổ…"); before a unit it asks how many ("Mấy ngày thì có kết quả").
_COUNT_UNITS = frozenset({"gio", "ngay", "thang", "nam", "tuan", "buoc", "lan", "loai", "phan", "trieu", "ty", "dot"})


def _asked(text: str) -> str:
    words = asked_words(text)
    if len(words) > 1 and words[0] == "may" and fold(words[1]) not in _COUNT_UNITS:
        words = words[1:]
    return " ".join(words)


def sentences(text: str) -> list[str]:
    """The message's sentences (line breaks and . ? ! ; end one), empty ones dropped."""
    return list(_sentences(text))  # a copy: callers may change their list


# A message and its parts are cut into sentences again by each reader that looks at them (a few messages' worth).
@lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in _SENTENCE_END.split(text) if part and part.strip())


def question_sentence(parts: list[str]) -> str:
    """The last sentence that asks something (a question mark or a question word), else the last."""
    for part in reversed(parts):
        if "?" in part or _QUESTION_WORDS.search(_asked(part)):
            return part
    return parts[-1]


# Words by which a sentence points back to what was said before it ("chính sách đó", "trường hợp này",
# "người như em"), compared as typed: folded, "do" and "nay" are ordinary words.
_BACK_WORDS = frozenset({"đó", "đấy", "này", "ấy", "kia", "nọ", "trên", "nớ"})
_BACK_PAIRS = frozenset(
    {("như", word) for word in ("vậy", "thế", "em", "tôi", "mình", "tui", "cháu", "chúng", "tụi", "bác")}
    | {("trường", "hợp"), ("kiểu", "thế"), ("kiểu", "vậy"), ("kiểu", "này"), ("kiểu", "đó"), ("vụ", "này")}
)


# Words that open a sentence drawing on what was said before it ("Vậy phải chuẩn bị những gì?", "Thế
# thì xin ở đâu?", Central "Rứa…", Southern "Dzậy…"), folded: at the end of a question "vậy" is only a
# particle ("…là gì vậy").
_BACK_OPENINGS = frozenset(
    {"vay", "the", "vay thi", "the thi", "neu vay", "neu the", "rua", "rua thi", "dzay", "dzay thi"}
)


def opens_back(sentence: str) -> bool:
    """Whether a sentence opens with a word that draws on what was said before it ("Vậy…", "Rứa chừ…")."""
    words = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", sentence).casefold())
    return bool(words) and (fold(words[0]) in _BACK_OPENINGS or fold(" ".join(words[:2])) in _BACK_OPENINGS)


def refers_back(sentence: str) -> bool:
    """Whether a sentence points back to what was said before it, so that it cannot be read alone."""
    if opens_back(sentence):
        return True
    words = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", sentence).casefold())
    return any(word in _BACK_WORDS for word in words) or any(pair in _BACK_PAIRS for pair in itertools.pairwise(words))


# A question whose only thing asked is whether there is any of something ("Bên mình có mở lớp nào không",
# "có chương trình nào vậy hông", "có chương trình nào giúp không"), folded, by clause: "nào" ends it, only
# helping and particles and a question word after. What kind of class or programme is meant the story has said
# ("Tôi muốn học một khóa về quản lý…", "Tôi muốn truyền lại nghề cho mấy đứa nhỏ…").
_ANY_OF = re.compile(
    r"\bco (?:[a-z]+ ){0,3}?[a-z]+ nao(?: (?:giup|giup do|ho tro|giup duoc|ho tro duoc|giup minh|giup em))?"
    r"(?: (?:vay|the|a|ha|nhi|nha|ne|day|khong|ko|k|hong|hok|hem|chua))*$"
)


def asks_for_any(sentence: str) -> bool:
    """Whether a clause of a sentence asks only whether there is any such thing ("có lớp nào không"),
    naming nothing of what it is ("có chương trình nào hỗ trợ đi học ở nước ngoài không" names it)."""
    return any(
        _ANY_OF.search(" ".join(re.findall(r"[a-z0-9]+", fold(clause))))
        for clause in re.split(r"[,;:?!.]+", sentence)
        if clause.strip()
    )


PERSONS = r"(?:em|toi|minh|tui|chau|chi|anh|con|bac)"
# Words by which the writer says that one more question follows ("…, sẵn cho hỏi…", "tiện hỏi luôn…",
# "nhân tiện cho em hỏi thêm…"), folded: the lead of a second question, not a part of it.
ASKS_MORE = (
    rf"(?:(?:a |u )?ma )?(?:(?:(?:san|nhan|tien) tien|san|tien|tien the|nhan tien|tien day)(?: cho(?: {PERSONS})?)?"
    rf"(?: {PERSONS})? hoi(?: (?:luon|them|them luon|luon them))?|(?:cho(?: {PERSONS})? )?hoi (?:them(?: luon)?|luon))"
)
# Words by which the writer opens the question after telling something ("Em mới vào nhóm, cho em hỏi
# khuyến công là gì", "…, sẵn cho em hỏi…", "…, em muốn hỏi…"), folded, after a comma.
_ASKING_OPENS = re.compile(
    rf",\s*(?=(?:(?:da|vay|the) )?(?:{ASKS_MORE}|cho {PERSONS} hoi|xin hoi|em hoi|toi hoi|minh hoi|"
    r"(?:em|toi|minh|tui) muon hoi)\b)"
)
def asked_clause(text: str, opens: re.Pattern[str] = _ASKING_OPENS) -> str | None:
    """The part of a sentence from its last "…, cho em hỏi" on (after "…, sẵn cho em hỏi", "…, tiện hỏi
    luôn"), when a told part comes before it."""
    single = unicodedata.normalize("NFC", " ".join(text.split()))
    folded = fold(single)
    if len(folded) != len(single):
        return None
    found = list(opens.finditer(folded))
    if not found:
        return None
    at = found[-1].end()
    # "…, tiện thể hỏi luôn là gốm có được…": the words that say one more question follows are no part of it.
    lead = re.match(rf"(?:{ASKS_MORE})(?: la)?\s+", folded[at:])
    return single[at + (lead.end() if lead else 0) :].strip() or None


def has_question_word(text: str) -> bool:
    """Whether a part of a message has a question word (a question mark alone is not one)."""
    return _QUESTION_WORDS.search(_asked(text)) is not None


def asks(text: str) -> bool:
    """Whether a sentence asks something (a question mark or a question word)."""
    return "?" in text or _QUESTION_WORDS.search(_asked(text)) is not None


# Question words a question ends on ("…được hỗ trợ không", "…hồ sơ gồm những gì"), folded, and the
# particles and forms of address that may follow them ("…không ạ", "…là gì vậy anh").
_FINAL_QUESTION_WORDS = frozenset(
    {"khong", "ko", "k", "kg", "kh", "hok", "hong", "hem", "hon", "chua", "gi", "j", "ji", "nao", "dau", "sao", "bn",
     "ntn", "chi", "mo", "ai"}
)
_FINAL_QUESTION_PAIRS = frozenset({("bao", "nhieu"), ("bao", "lau"), ("ra", "sao"), ("the", "nao"), ("bao", "gio")})
# "…nào mới đúng", "…sao mới phải": which one, or how, is the right one.
_RIGHT_ONE = frozenset({("moi", "dung"), ("moi", "phai")})
_WHICH = frozenset({"nao", "sao", "gi", "dau", "chi", "mo"})
# "mấy" asks which day, month or week at the end ("…nộp trước ngày mấy"), the word before it folded;
# alone, typed plain, a final "may" is more often "xưởng may" than "mấy".
_WHICH_DAY = frozenset({"ngay", "thang", "tuan"})
# "he" is the Central "hè" ("có lớp mô không hè"), as "hen", "nhen" are the Southern particles.
TRAILING = frozenset(
    {"a", "ah", "vay", "v", "z", "dzay", "zay", "nhi", "nhe", "nha", "ha", "hen", "nhen", "nghen", "ad", "anh", "em",
     "ban", "bot", "oi", "the", "ta", "ru", "rua", "day", "nua", "roi", "ne", "u", "hi", "he"}
)


def without_sister(words: list[str]) -> list[str]:
    """Words (as typed) without the "chị" addressed at their end ("…có thuộc đối tượng không chị", or "chi" typed
    plain after the "không" of a "có … không" question): she is spoken to, it is no Central "gì"."""
    plain = words[-1:] == ["chi"] and len(words) > 2 and fold(words[-2]) in ("khong", "ko", "hong", "chua")
    sister = words[-1:] == ["chị"] or (plain and any(fold(word) in ("co", "duoc") for word in words[:-2]))
    return words[:-1] if sister else words


def ends_as_question(text: str) -> bool:
    """Whether a part of a message is a question of its own: it ends in a question mark or on a
    question word ("…có được hỗ trợ không ạ"), not merely contains one ("mấy lớp dạy làm chủ")."""
    if text.rstrip().endswith("?"):
        return True
    words = asked_words(text)
    while len(words) > 1 and words[-1] in TRAILING:
        words.pop()
    words = without_sister(words)
    if not words:
        return False
    if len(words) > 1 and words[-1] == "may" and fold(words[-2]) in _WHICH_DAY:
        return True
    if len(words) > 2 and tuple(fold(w) for w in words[-2:]) in _RIGHT_ONE and words[-3] in _WHICH:
        return True  # "số nào mới đúng vậy", "làm sao mới phải": which one is right
    if fold(words[-1]) == "khong" and len(words) > 1 and words[-2] in ("chân", "chan"):
        return False  # "…mua máy hút chân không": a vacuum machine, not a question
    return words[-1] in _FINAL_QUESTION_WORDS or tuple(words[-2:]) in _FINAL_QUESTION_PAIRS


# Question words a question may open with instead ("bao lâu thì được giải ngân…", "thì bao nhiêu mới
# đủ…"), folded, after the words that lead into it ("thì", "vậy", "giờ", "cho hỏi"…).
_OPENING_QUESTIONS = frozenset(
    {("bao", "lau"), ("bao", "nhieu"), ("bao", "gio"), ("khi", "nao"), ("luc", "nao"), ("the", "nao"),
     ("nhu", "the", "nao"), ("lam", "the", "nao"), ("lam", "sao", "de"), ("o", "dau"), ("mat", "bao", "lau")}
)
LEADS_IN = frozenset(
    {"thi", "la", "vay", "the", "gio", "bay", "roi", "ma", "cho", "hoi", "muon", "em", "toi", "minh", "tui", "anh",
     "chi", "oi", "ad", "bot", "phai", "can"}
)


def opens_as_question(text: str) -> bool:
    """Whether a part of a message opens with a question word, only words leading into it before it
    ("thì bao lâu mới được duyệt vậy", "bao lâu thì được giải ngân…")."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    for at in range(len(words)):
        if any(tuple(words[at : at + len(pair)]) == pair for pair in _OPENING_QUESTIONS):
            return True
        if words[at] not in LEADS_IN:
            return False
    return False


def scoffs(text: str) -> bool:
    """Whether a part of a message ends on "gì" in a way that scoffs rather than asks: after an echo
    of its words ("khuyến công khuyến kiếc gì", "hỗ trợ hỗ trợt gì", "máy miếc gì") or after "kiểu"
    ("support kiểu gì vậy", "làm ăn kiểu chi rứa": what kind of support is that). Said after a complaint,
    these vent."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    while len(words) > 1 and (words[-1] in TRAILING or words[-2:] == ["gi", "gio"]):  # "…trả lời kiểu gì giờ"
        words.pop()
    if len(words) < 2 or words[-1] not in ("gi", "j", "chi"):  # "chi": the Central "gì" ("kiểu chi rứa")
        return False
    echoed = len(words) >= 5 and words[-5] == words[-3] and words[-4] != words[-2]
    return echoed or words[-2] == "kieu" or (len(words) >= 3 and words[-2].endswith("iec") and words[-3] != words[-2])


# Words by which a question asks the service rather than about a policy: why ("sao phải nộp nhiều giấy
# tờ vậy": after a complaint, "why" vents), or whether someone will act ("bao giờ mới có người xuống",
# "có ai xem hồ sơ chưa") or answer for it ("ai chịu trách nhiệm?", "cho tôi gặp cán bộ phụ trách"), folded.
_WHY = frozenset({("sao",), ("tai", "sao"), ("vi", "sao"), ("sao", "ma")})
_SOMEONE = frozenset({("co", "ai"), ("co", "nguoi"), ("co", "can", "bo"), ("ai", "chiu", "trach", "nhiem"),
                      ("gap", "can", "bo"), ("gap", "nguoi"), ("gap", "lanh", "dao"), ("noi", "chuyen", "voi")})
# "…hông ai trả lời hết trơn, vậy có làm việc hông?": whether the service works at all (not "thứ bảy có làm việc").
_WORKS = ("co", "lam", "viec")


def asks_the_service(text: str) -> bool:
    """Whether a part of a message asks why (it opens with "sao", "tại sao", "vì sao", only words
    leading into it before), whether the service works at all ("vậy có làm việc không") or whether
    someone will act ("có ai", "có người", "có cán bộ")."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    at = 0
    while at < len(words) and words[at] in LEADS_IN:
        at += 1
    if any(tuple(words[at : at + len(why)]) == why for why in _WHY) or tuple(words[at : at + 3]) == _WORKS:
        return True
    return any(
        tuple(words[i : i + len(who)]) == who and not _asks_help_with(words[i + len(who) :])
        for who in _SOMEONE
        for i in range(len(words))
    )


# Helping verbs, folded: "có ai giúp tôi làm hồ sơ không", "có ai hướng dẫn cách viết đề án không" ask for
# help with something named, a question of its own ("có ai giúp không" alone still asks the service to act).
_HELPS = (("tu", "van"), ("huong", "dan"), ("chi", "dan"), ("giup",), ("chi",))
# …in at least this many words after the verb, its last question word and particles dropped.
MIN_HELPED_WORDS = 3


def _asks_help_with(words: list[str]) -> bool:
    """Whether the words after "có ai" ask for help with something they name."""
    helper = next((h for h in _HELPS if tuple(words[: len(h)]) == h), None)
    if helper is None:
        return False
    rest = words[len(helper) :]
    while rest and (rest[-1] in TRAILING or rest[-1] in _FINAL_QUESTION_WORDS):
        rest.pop()
    return len(rest) >= MIN_HELPED_WORDS


# Question words that ask how long, how much, how, when or where…
_HOW_PAIRS = frozenset({("bao", "nhieu"), ("bao", "lau"), ("ra", "sao"), ("the", "nao"), ("bao", "gio"), ("o", "dau"),
                        ("khi", "nao"), ("luc", "nao")})
# …and how close to its end a question has them ("…được bao nhiêu phần trăm vậy"): earlier, "bao
# nhiêu" may only say how often ("đi lại bao nhiêu lần mà vẫn bị trả hồ sơ").
HOW_AT_END = 4


# "How long / when" followed by "thì" or "mới" asks when something will at last happen, wherever it
# stands ("…từ tháng năm rồi mà giờ chưa thấy kết quả thì là bao lâu thì mới được duyệt vậy"); so does
# "mấy <a unit of time> (thì) mới" ("mấy tháng mới được giải ngân vậy"), "mấy" as typed ("máy" is not it).
_WHEN_PAIRS = frozenset({("bao", "lau"), ("bao", "gio"), ("khi", "nao"), ("luc", "nao")})
_AT_LAST = frozenset({"thi", "moi"})
_TIME_UNITS = frozenset({"ngay", "tuan", "thang", "nam", "hom", "bua"})


def asks_how(text: str) -> bool:
    """Whether a part of a message asks how long, how much, how, when or where: it opens with such
    question words or has them among its last HOW_AT_END words ("…thì hỗ trợ được bao nhiêu phần
    trăm"), or asks when something will at last happen ("bao lâu thì mới được duyệt", "mấy tháng mới
    được giải ngân"), not only "có … không" or "gì"."""
    return opens_as_question(text) or asks_how_at_end(text) or asks_when_at_last(text)


def asks_how_at_end(text: str) -> bool:
    """Whether a part of a message has question words that ask how long, how much, how, when or where
    among its last HOW_AT_END words ("…được hỗ trợ bao nhiêu một lớp")."""
    typed = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).casefold())
    words = [fold(word) for word in typed]
    while len(words) > 1 and words[-1] in TRAILING:
        words.pop()
    end = words[-HOW_AT_END:]
    # "…được hỗ trợ nhiêu tiền": "nhiêu" alone, as typed (not "nhiều", much), is "bao nhiêu" spoken short.
    start = max(0, len(words) - HOW_AT_END)
    short = any(typed[at] == "nhiêu" and words[at - 1 : at] != ["bao"] for at in range(start, len(words)))
    return short or any(pair in _HOW_PAIRS for pair in itertools.pairwise(end))


def asks_when_at_last(text: str) -> bool:
    """Whether a part of a message asks when something will at last happen, wherever in it ("bao lâu
    thì mới được duyệt", "mấy tháng mới được giải ngân", "bao lâu nữa thì…")."""
    words = [word for word in re.findall(r"[a-z0-9]+", fold(text)) if word != "nua"]
    while len(words) > 1 and words[-1] in TRAILING:
        words.pop()
    if any((first, second) in _WHEN_PAIRS and after in _AT_LAST for first, second, after in _triples(words)):
        return True
    typed = asked_words(text)
    return any(
        first == "may" and fold(unit) in _TIME_UNITS and fold(after) in _AT_LAST
        for first, unit, after in _triples(typed)
    )


# Before "bao giờ": it says "never" ("chưa bao giờ được hỗ trợ"), not "when".
_NEVER = frozenset({"khong", "chua", "chang", "cha", "ko"})


def asks_when(text: str) -> bool:
    """Whether the last clause of a part of a message asks when, wherever in it ("Bình chọn năm nay bao giờ
    mở đăng ký"), not "never" ("chưa bao giờ…") nor "always" ("bao giờ cũng…")."""
    clause = re.split(r"[,;:.?!]", text.strip().rstrip(",;:.?! "))[-1]
    words = re.findall(r"[a-z0-9]+", fold(clause))
    return any(
        words[at : at + 2] == ["bao", "gio"]
        and not (at > 0 and words[at - 1] in _NEVER)
        and words[at + 2 : at + 3] != ["cung"]
        for at in range(len(words) - 1)
    )


def _triples(words: list[str]) -> list[tuple[str, str, str]]:
    return list(zip(words, words[1:], words[2:], strict=False))


# A part that asks for something rather than asking a question ("cho mình xin sđt sở công thương",
# "nếu được thì cho tôi số điện thoại", "tôi muốn xin hỗ trợ lắp thiết bị…"; "xin chào" greets, "xin lỗi"
# apologises), folded;
# and the follow-up that takes the first question's answer for granted ("nếu được thì…", "nếu có thì…").
FOLLOW_UP = r"neu (?:duoc|co|vay|the|dung|phai)(?: thi)?"
# The request may come by the way, as a sentence of its own ("Tiện cho em xin số điện thoại… luôn.", "Em
# cũng xin…", "Mà em cho chị xin…": after "mà", the one asked first).
BY_THE_WAY = r"(?:(?:san|nhan|tien) tien|tien the|nhan tien|tien day|san|tien)"
_REQUEST = re.compile(
    rf"^(?:(?:a |u )?ma )?(?:{FOLLOW_UP} |{BY_THE_WAY} )?(?:(?:em|anh|chi|ad|ban|bot) (?=cho ))?(?:(?:cho )?"
    r"(?:(?:toi|minh|em|chau|bac|tui|anh|chi) )?(?:cung )?xin(?! chao| loi)|"
    r"cho (?:toi|minh|em|chau|bac|tui) |(?:toi|minh|em|tui|chau) muon xin)\b"
)
_FOLLOWS_UP = re.compile(rf"^{FOLLOW_UP}\b")


# …but a part that opens "xin … mà …" tells of an application made ("Xin hỗ trợ làm nhãn mác mà giấy tờ
# đòi đủ thứ"), as typed ("ma" folded is "mã" as well).
APPLIED_BEFORE = re.compile(r"(?<!cho )\bxin(?: [^\W\d_]+){1,5}? mà\b")


def requests(text: str) -> bool:
    """Whether a part of a message asks for something ("cho mình xin số điện thoại…")."""
    if APPLIED_BEFORE.match(unicodedata.normalize("NFC", text).strip().casefold()):
        return False
    return _REQUEST.match(" ".join(re.findall(r"[a-z0-9]+", fold(text)))) is not None


def follows_up(text: str) -> bool:
    """Whether a part of a message follows up on the question before it ("nếu được thì…")."""
    return _FOLLOWS_UP.match(" ".join(re.findall(r"[a-z0-9]+", fold(text)))) is not None
