"""What a message asks, when it says more than a question: the question sentence of a long story,
and the two halves of a message that asks two things ("…đào tạo nghề thế nào và hội chợ được hỗ
trợ bao nhiêu?")."""

from __future__ import annotations

import itertools
import re
import unicodedata

from bot.language.text import fold, is_plain

_SENTENCE_END = re.compile(r"(?<=[.?!;…])\s+|\s*\n+\s*")
# Words that often join two questions (matched on folded text: typed with or without diacritics). Not
# "hay", "hoặc" (or): they offer the alternatives of one question ("…có được ưu tiên không, hay chỉ nghề
# truyền thống mới được?", "khắc phục hoặc di dời"); nor "thêm" alone, which says "more" ("thuê thêm…").
# "vs lại" is "với lại" typed short.
_PERSONS = r"(?:em|toi|minh|tui|chau|chi|anh|con|bac)"
# Words by which the writer says that one more question follows ("…, sẵn cho hỏi…", "tiện hỏi luôn…",
# "nhân tiện cho em hỏi thêm…"), folded: the lead of a second question, not a part of it.
ASKS_MORE = (
    rf"(?:(?:san|nhan|tien) tien|san|tien|tien the|nhan tien|tien day)(?: cho(?: {_PERSONS})?)?(?: {_PERSONS})? hoi"
    rf"(?: (?:luon|them|them luon|luon them))?|(?:cho(?: {_PERSONS})? )?hoi them(?: luon)?"
)
_JOINS = re.compile(
    # Those that open a sentence may take a comma of their own ("Ngoài ra, …"); "rồi," and "và," end a clause.
    rf"\s*,?\s+(?:{ASKS_MORE}|voi lai|vs lai|con nua|ngoai ra|them nua|dong thoi|tien the|nhan tien|san tien|"
    r"tien hoi|ben canh do|mat khac)(?:\s*,)?\s+"
    r"|\s*,?\s+(?:va|con|voi ca|roi|sau do|cung nhu)\s+"
    # "với" ("vs") is a preposition too: it joins two questions only after a comma.
    r"|\s*,\s*(?:voi|vs)\s+",
)
# Words that make a sentence a question even without a question mark.
_QUESTION_WORDS = re.compile(
    r"\b(?:khong|ko|k|hok|chua|bao nhieu|bn|the nao|ntn|nhu the nao|ra sao|o dau|gi|j|nao|duoc khong|"
    r"nhieu khong|may|sao|ai)\b"
)
# A numbered or bulleted line ("1. …", "2) …", "- …") starts a new question whatever the line before.
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.)/:-]|[-•*+])\s*")
# …and so does an ordinal that opens a sentence ("Thứ nhất, … Thứ hai, …", "Một là… Hai là…"), folded.
# A comma, colon or "là" after the ordinal: "Thứ hai tuần sau" is a Monday.
_ORDINAL = re.compile(
    r"^\W*(?:thu (?:nhat|nhi|hai|ba|tu)\s*(?:[,:.-]|la\b)|(?:mot|hai|ba) la\b|cau (?:hoi )?[1-3]\s*[,:.])"
)
# The same numbering inside one line ("…2 việc: 1) lớp dạy nghề có mở không 2) đi hội chợ…"): a
# number with ")" or "." after a space, followed by a word, not a figure ("1.5 tỷ").
_INLINE_ITEM = re.compile(r"(?:^|(?<=\s))([1-9])\s*[.)]\s+(?=[^\W\d_])")
MAX_SPLITS = 6


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


def _asked(text: str) -> str:
    return " ".join(asked_words(text))


def sentences(text: str) -> list[str]:
    """The message's sentences (line breaks and . ? ! ; end one), empty ones dropped."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def question_sentence(parts: list[str]) -> str:
    """The last sentence that asks something (a question mark or a question word), else the last."""
    for part in reversed(parts):
        if "?" in part or _QUESTION_WORDS.search(_asked(part)):
            return part
    return parts[-1]


# Words by which a sentence points back to what was said before it ("chính sách đó", "trường hợp này",
# "người như em"), compared as typed: folded, "do" and "nay" are ordinary words.
_BACK_WORDS = frozenset({"đó", "đấy", "này", "ấy", "kia", "nọ", "trên"})
_BACK_PAIRS = frozenset(
    {("như", word) for word in ("vậy", "thế", "em", "tôi", "mình", "tui", "cháu", "chúng", "tụi", "bác")}
    | {("trường", "hợp")}
)


# Words that open a sentence drawing on what was said before it ("Vậy phải chuẩn bị những gì?", "Thế
# thì xin ở đâu?"), folded: at the end of a question "vậy" is only a particle ("…là gì vậy").
_BACK_OPENINGS = frozenset({"vay", "the", "vay thi", "the thi", "neu vay", "neu the", "rua", "rua thi"})


def opens_back(sentence: str) -> bool:
    """Whether a sentence opens with a word that draws on what was said before it ("Vậy…", "Rứa chừ…")."""
    words = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", sentence).casefold())
    return bool(words) and (fold(words[0]) in _BACK_OPENINGS or fold(" ".join(words[:2])) in _BACK_OPENINGS)


def refers_back(sentence: str) -> bool:
    """Whether a sentence points back to what was said before it, so that it cannot be read alone."""
    words = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", sentence).casefold())
    if words and (fold(words[0]) in _BACK_OPENINGS or fold(" ".join(words[:2])) in _BACK_OPENINGS):
        return True
    return any(word in _BACK_WORDS for word in words) or any(pair in _BACK_PAIRS for pair in itertools.pairwise(words))


# Words by which the writer opens the question after telling something ("Em mới vào nhóm, cho em hỏi
# khuyến công là gì"), folded, after a comma.
_ASKING_OPENS = re.compile(
    r",\s*(?=(?:(?:da|vay|the) )?(?:cho (?:em|toi|minh|tui|chau|chi|anh|con) hoi|xin hoi|em hoi|toi hoi|minh hoi)\b)"
)


def asked_clause(text: str) -> str | None:
    """The part of a sentence from its last "…, cho em hỏi" on, when a told part comes before it."""
    single = unicodedata.normalize("NFC", " ".join(text.split()))
    folded = fold(single)
    if len(folded) != len(single):
        return None
    found = list(_ASKING_OPENS.finditer(folded))
    if not found:
        return None
    return single[found[-1].end() :].strip() or None


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
# "mấy" asks which day, month or week at the end ("…nộp trước ngày mấy"), the word before it folded;
# alone, typed plain, a final "may" is more often "xưởng may" than "mấy".
_WHICH_DAY = frozenset({"ngay", "thang", "tuan"})
TRAILING = frozenset(
    {"a", "ah", "vay", "v", "z", "dzay", "zay", "nhi", "nhe", "nha", "ha", "hen", "nhen", "nghen", "ad", "anh", "em",
     "ban", "bot", "oi", "the", "ta", "ru", "rua", "day", "nua", "roi", "ne", "u", "hi"}
)


def ends_as_question(text: str) -> bool:
    """Whether a part of a message is a question of its own: it ends in a question mark or on a
    question word ("…có được hỗ trợ không ạ"), not merely contains one ("mấy lớp dạy làm chủ")."""
    if text.rstrip().endswith("?"):
        return True
    words = asked_words(text)
    while len(words) > 1 and words[-1] in TRAILING:
        words.pop()
    if not words:
        return False
    if len(words) > 1 and words[-1] == "may" and fold(words[-2]) in _WHICH_DAY:
        return True
    return words[-1] in _FINAL_QUESTION_WORDS or tuple(words[-2:]) in _FINAL_QUESTION_PAIRS


# Question words a question may open with instead ("bao lâu thì được giải ngân…", "thì bao nhiêu mới
# đủ…"), folded, after the words that lead into it ("thì", "vậy", "giờ", "cho hỏi"…).
_OPENING_QUESTIONS = frozenset(
    {("bao", "lau"), ("bao", "nhieu"), ("bao", "gio"), ("khi", "nao"), ("luc", "nao"), ("the", "nao"),
     ("nhu", "the", "nao"), ("lam", "the", "nao"), ("lam", "sao", "de"), ("o", "dau"), ("mat", "bao", "lau")}
)
_LEADS_IN = frozenset(
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
        if words[at] not in _LEADS_IN:
            return False
    return False


def scoffs(text: str) -> bool:
    """Whether a part of a message ends on "gì" in a way that scoffs rather than asks: after an echo
    of its words ("khuyến công khuyến kiếc gì", "hỗ trợ hỗ trợt gì", "máy miếc gì") or after "kiểu"
    ("support kiểu gì vậy": what kind of support is that). Said after a complaint, these vent."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    while len(words) > 1 and words[-1] in TRAILING:
        words.pop()
    if len(words) < 2 or words[-1] not in ("gi", "j"):
        return False
    echoed = len(words) >= 5 and words[-5] == words[-3] and words[-4] != words[-2]
    return echoed or words[-2] == "kieu" or (len(words) >= 3 and words[-2].endswith("iec") and words[-3] != words[-2])


# Words by which a question asks the service rather than about a policy: why ("sao phải nộp nhiều giấy
# tờ vậy": after a complaint, "why" vents), or whether someone will act ("bao giờ mới có người xuống",
# "có ai xem hồ sơ chưa") or answer for it ("ai chịu trách nhiệm?"), folded.
_WHY = frozenset({("sao",), ("tai", "sao"), ("vi", "sao"), ("sao", "ma")})
_SOMEONE = frozenset({("co", "ai"), ("co", "nguoi"), ("co", "can", "bo"), ("ai", "chiu", "trach", "nhiem")})


def asks_the_service(text: str) -> bool:
    """Whether a part of a message asks why (it opens with "sao", "tại sao", "vì sao", only words
    leading into it before) or whether someone will act ("có ai", "có người", "có cán bộ")."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    at = 0
    while at < len(words) and words[at] in _LEADS_IN:
        at += 1
    if any(tuple(words[at : at + len(why)]) == why for why in _WHY):
        return True
    return any(tuple(words[i : i + len(who)]) == who for who in _SOMEONE for i in range(len(words)))


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
    words = re.findall(r"[a-z0-9]+", fold(text))
    while len(words) > 1 and words[-1] in TRAILING:
        words.pop()
    end = words[-HOW_AT_END:]
    return any(pair in _HOW_PAIRS for pair in itertools.pairwise(end))


def asks_when_at_last(text: str) -> bool:
    """Whether a part of a message asks when something will at last happen, wherever in it ("bao lâu
    thì mới được duyệt", "mấy tháng mới được giải ngân")."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    while len(words) > 1 and words[-1] in TRAILING:
        words.pop()
    if any((first, second) in _WHEN_PAIRS and after in _AT_LAST for first, second, after in _triples(words)):
        return True
    typed = asked_words(text)
    return any(
        first == "may" and fold(unit) in _TIME_UNITS and fold(after) in _AT_LAST
        for first, unit, after in _triples(typed)
    )


def _triples(words: list[str]) -> list[tuple[str, str, str]]:
    return list(zip(words, words[1:], words[2:], strict=False))


# Words that turn to another matter ("…cấp tỉnh. Còn thiết kế bao bì thì có được hỗ trợ không?").
_TOPIC_SWITCHES = frozenset(
    {("con",), ("con", "nua"), ("ngoai", "ra"), ("them", "nua"), ("dong", "thoi"), ("voi", "lai"), ("vs", "lai"),
     ("tien", "the"), ("nhan", "tien"), ("san", "tien"), ("tien", "hoi"), ("mat", "khac"), ("ben", "canh", "do")}
)


def _plain_con(text: str, word: str) -> bool:
    """Whether `word`, a "con" of `text` as folded, is typed as plain "con" ("con gái", "con cháu") in a
    message typed with diacritics: there it is not "còn"."""
    typed = unicodedata.normalize("NFC", word).casefold()  # "Con gái" opening a sentence too
    return fold(typed) == typed and not is_plain(unicodedata.normalize("NFC", text).casefold())


def _folded_words(text: str, accented: bool) -> list[str]:
    """The words of `text`, folded; in a message typed with diacritics (`accented`), "con" typed plain
    is kept apart from "còn" ("con~")."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).casefold())
    return [f"{word}~" if accented and word == "con" else fold(word) for word in words]


# A part that says the writer also wants another thing ("…, tôi cũng muốn lập hiệp hội…", "…và cũng cần hỗ
# trợ thiết kế…", "mà em cũng muốn lên công ty"), folded: a second request of its own.
_ALSO_WANTS = re.compile(
    rf"^(?:(?:ma|va|nhung|voi lai|con) )?(?:{_PERSONS} |(?:ben|nha|ban than) (?:em|toi|minh) )?"
    r"(?:cung|con) (?:muon|can|mong|dinh)\b"
)
# Words by which a part states a want ("Em muốn biết mức hỗ trợ…", "…cần hỗ trợ thiết kế bao bì"), as
# typed or typed plain ("cán bộ" is not "cần"), among the first WANT_WITHIN words
# of its clause (the writer's own want, "Làng rèn chúng tôi ở Phúc Sen muốn…", not what someone else in a
# long clause wants), and not after a negation ("không muốn dời xưởng").
_WANT_WORDS = frozenset({"muốn", "cần", "muon", "can"})
_NEGATIONS = frozenset({"khong", "ko", "k", "chua", "chang", "cha"})
WANT_WITHIN = 7


def also_wants(text: str) -> bool:
    """Whether a part of a message opens by saying that the writer also wants another thing."""
    return _ALSO_WANTS.match(" ".join(re.findall(r"[a-z0-9]+", fold(text)))) is not None


def wants(text: str) -> bool:
    """Whether a clause of the last sentence of a part of a message states a want ("em muốn biết…",
    "cũng cần hỗ trợ…"): a want that names a policy's topic asks about it as a question would."""
    last = sentences(text)[-1] if text.strip() else ""
    return any(_wants_in(clause) for clause in re.split(r"[,:]+\s*", last))


def _wants_in(clause: str) -> bool:
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", clause).casefold())[:WANT_WITHIN]
    return any(
        word in _WANT_WORDS and (at == 0 or fold(words[at - 1]) not in _NEGATIONS) for at, word in enumerate(words)
    )


def cut_at_comma(text: str, first: str, second: str) -> bool:
    """Whether a cut of `text` into `first` and `second` falls on a bare comma, no joining word or
    sentence end between them ("…muốn hùn lại lập chung một hội, có ai hỗ trợ giấy tờ không?")."""
    single = unicodedata.normalize("NFC", " ".join(text.split()))
    at = single.find(second, len(first))
    return single.startswith(first) and at >= 0 and single[len(first) : at].strip() == ","


def switches_topic(text: str, second: str) -> bool:
    """Whether the part `second` of `text` opens with, or follows, a word that turns to another matter,
    says that one more question follows ("…, sẵn cho hỏi…") or that the writer also wants another thing."""
    at = text.find(second)
    typed_head = text[: max(at, 0)]
    if also_wants(second) or re.search(rf"\b(?:{ASKS_MORE})\W*$", fold(typed_head)):
        return True
    if re.match(rf"(?:{ASKS_MORE})\b", " ".join(re.findall(r"[a-z0-9]+", fold(second)))):
        return True
    # "còn" also means "still" ("…còn áp dụng không"): it turns to another matter after a pause only.
    last = re.search(r"(?:^|[,.;?!])\s*(\w+)\s*$", typed_head)
    if last and fold(last.group(1)) == "con" and not _plain_con(text, last.group(1)):
        return True
    accented = not is_plain(unicodedata.normalize("NFC", text).casefold())
    before, opening = _folded_words(typed_head, accented), _folded_words(second, accented)
    return any(
        (n > 1 and tuple(before[-n:]) in _TOPIC_SWITCHES) or tuple(opening[:n]) in _TOPIC_SWITCHES for n in (1, 2, 3)
    )


# Words by which a message says itself that it asks two things ("…cả hai có được hỗ trợ không",
# "cho hỏi 2 việc"), folded.
_SAYS_TWO = re.compile(r"\b(?:ca (?:hai|2)|(?:hai|2) (?:viec|van de|cau hoi|cau|y|chuyen|khoan do))\b")


def says_two(text: str) -> bool:
    """Whether a message says that it asks two things."""
    return _SAYS_TWO.search(fold(text)) is not None


# A part that asks for something rather than asking a question ("cho mình xin sđt sở công thương",
# "nếu được thì cho tôi số điện thoại", "tôi muốn xin hỗ trợ lắp thiết bị…"; "xin chào" greets), folded;
# and the follow-up that takes the first question's answer for granted ("nếu được thì…", "nếu có thì…").
_FOLLOW_UP = r"neu (?:duoc|co|vay|the|dung|phai)(?: thi)?"
_REQUEST = re.compile(
    rf"^(?:{_FOLLOW_UP} )?(?:(?:cho )?(?:(?:toi|minh|em|chau|bac|tui|anh|chi) )?xin(?! chao)|"
    r"cho (?:toi|minh|em|chau|bac|tui) |(?:toi|minh|em|tui|chau) muon xin)\b"
)
_FOLLOWS_UP = re.compile(rf"^{_FOLLOW_UP}\b")


def requests(text: str) -> bool:
    """Whether a part of a message asks for something ("cho mình xin số điện thoại…")."""
    return _REQUEST.match(" ".join(re.findall(r"[a-z0-9]+", fold(text)))) is not None


def follows_up(text: str) -> bool:
    """Whether a part of a message follows up on the question before it ("nếu được thì…")."""
    return _FOLLOWS_UP.match(" ".join(re.findall(r"[a-z0-9]+", fold(text)))) is not None


def is_list_item(text: str) -> bool:
    """Whether a part of a message starts like an item of a numbered or bulleted list."""
    if _LIST_ITEM.match(text) is not None:
        return True
    return _ORDINAL.match(fold(text)) is not None


# Words after which "còn" (without a pause) means "still, remaining" ("không còn huyện nữa", "giờ chỉ
# còn mấy nhà"), as asked_words() gives them: typed with diacritics, or plain.
_STILL = frozenset({"khong", "ko", "co", "chẳng", "chả", "vẫn", "chỉ", "cũng", "hết", "van", "cung"})


def _joins_two_deeds(text: str, before: str, after: str) -> bool:
    """Whether a joining word inside a story ("…lắp dây chuyền mới rồi mời các cơ sở tới xem. … Nếu làm
    thì được hỗ trợ bao nhiêu?") joins two things done rather than two questions: neither the sentence
    it ends nor the one it opens asks or asks for something, it turns to no other matter ("ngoài ra",
    "đồng thời"), and the message does not say that it asks two things ("cả hai có được hỗ trợ không")."""
    ended, opened = sentences(before)[-1], sentences(after)[0]
    if asks(ended) or asks(opened) or requests(opened) or says_two(text):
        return False
    return not switches_topic(text, after)


def _about_the_same(second: str) -> bool:
    """Whether a part opens with "nó" (it), only words leading into it before: it asks more about what
    the part before named ("Khuyến công là cái gì, nó làm những việc gì?"), not about another matter."""
    words = asked_words(second)  # "hội chợ" typed with diacritics does not lead in as "hỏi cho"
    at = 0
    while at < len(words) and words[at] in _LEADS_IN:
        at += 1
    return at < len(words) and words[at] in ("nó", "no")


def halves(text: str) -> list[tuple[str, str]]:
    """Ways to cut a message into two questions: at sentence ends (where the first part ends in a
    question: a story's context is not a question), at joining words, then at commas; never before a
    part that opens with "nó", which asks about the same thing."""
    return [(first, second) for first, second in _cuts(text) if not _about_the_same(second)][:MAX_SPLITS]


def _cuts(text: str) -> list[tuple[str, str]]:
    cuts: list[tuple[str, str]] = []
    parts = sentences(text)
    for i in range(1, len(parts)):
        if ends_as_question(parts[i - 1]) or is_list_item(parts[i]) or switches_topic(text, parts[i]):
            cuts.append((" ".join(parts[:i]), " ".join(parts[i:])))
    single = unicodedata.normalize("NFC", " ".join(text.split()))
    numbers = [(found.group(1), found.start()) for found in _INLINE_ITEM.finditer(single)]
    for (number, _), (following, at) in itertools.pairwise(numbers):
        if int(following) == int(number) + 1 and single[:at].strip():
            cuts.append((single[:at].strip(), single[at:].strip()))
    folded = fold(single)
    # Offsets in the folded text are offsets in the typed text when folding kept every character.
    if len(folded) == len(single):
        for found in _JOINS.finditer(folded):
            typed = single[found.start() : found.end()].strip(" ,")
            if typed.casefold().split()[0:1] == ["con"] and _plain_con(single, "con"):
                continue  # "con gái", "con cháu": not "còn"
            if "tiền" in typed.casefold():
                continue  # "không có sẵn tiền để thuê…": money, not "sẵn tiện" (by the way)
            before, after = single[: found.start()].strip(), single[found.end() :].strip()
            if fold(typed) == "roi" and fold(after).split()[:1] in (["ma"], ["nhung"], ["nen"]):
                continue  # "…duyệt rồi mà bao giờ được giải ngân": "rồi" says "already", it joins nothing
            paused = "," in single[found.start() : found.end()]
            if fold(typed) == "con" and not paused and asked_words(before)[-1:] and asked_words(before)[-1] in _STILL:
                continue  # "không còn", "chỉ còn", "vẫn còn": "còn" says "still", it turns to nothing
            if before and after and _joins_two_deeds(single, before, after):
                continue
            if before and after:
                cuts.append((before, after))
        # At a comma, the part after must ask by its own words: the message's question mark alone may
        # end a clause that only says why ("…ưu tiên những gì, để chị đưa vào kế hoạch cho khớp?").
        for found in re.finditer(r",\s+", single):
            before, after = single[: found.start()].strip(), single[found.end() :].strip()
            # …and the part before must end as one: "…có ai tới đánh giá, tư vấn cho không?" lists two things
            # one question asks about.
            ended = ends_as_question(before) or asks_how_at_end(before)
            # "…có được ưu tiên hông, hay chỉ mấy nghề truyền thống mới được?": the alternative of one question.
            offered = fold(after).split()[:1] in (["hay"], ["hoac"])
            if (ended and not offered and (_QUESTION_WORDS.search(_asked(after)) or requests(after))) or also_wants(
                after
            ):
                cuts.append((before, after))
    return cuts
