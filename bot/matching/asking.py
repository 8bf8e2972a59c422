"""Whether a message asks anything, and which words ask: a story or a grievance that only tells gets
sympathy, not a policy card, and a complaint's question is read without the words around it
("…ở địa chỉ nào để tôi tới tận nơi", "…mà không nói rõ thiếu cái gì" says "nothing"); a plea to be
advised ("Nhờ ad tư vấn giúp") asks about what came before it. Read by the reply decision (bot/replies.py)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cached_property

from bot.language.text import fold, surface_tokens
from bot.matching.focus import (
    APPLIED_BEFORE,
    PERSONS,
    TRAILING,
    asked_clause,
    asks_how,
    asks_the_service,
    ends_as_question,
    requests,
    scoffs,
    sentences,
    without_sister,
)

_CLAUSE_END = re.compile(r"\s*,\s*")
# A message of at least this many sentences and words that asks nothing is told, not asked (only_tells).
STORY_SENTENCES = 2
STORY_WORDS = 15
# Words by which a message without a question still asks for something ("em muốn làm lại nhãn…",
# "nhờ bên mình tư vấn giúp"), as typed: folded, "nhờ" would be "nhỏ" as well ("xin chào" greets,
# "hoi cho" typed plain is "hội chợ", "chưa ai hỏi han" cares, "hỏi thăm" greets, "chẳng được nhờ gì" gains nothing).
_WANTS = re.compile(
    r"\b(?:muốn|mún|muon|cần|can|(?<!được )nhờ|xin(?! chào| chao)|tư vấn|tu van|hướng dẫn|huong dan|"
    r"hỏi(?! han| thăm| tham)|hoi(?! han| tham| cho\b))\b"
)
# …but "lúc cần", "khi cần" ("lúc cần thì không thấy đâu") say when, not what the writer wants, and "muốn
# chết", "muốn khóc" ("trả lãi muốn chết") say how much it hurts.
# …nor does a rule restated, "muốn … thì phải …" ("à ra vậy, muốn được đỡ tiền mua máy thì phải làm hồ sơ
# trước"): to get something one must; what the writer asks then asks by its own words ("…thì phải làm sao").
_WHEN_NEEDED = re.compile(
    r"\b(?:(?:lúc|luc|khi) (?:cần|can)|(?:muốn|mún) (?:chết|khóc|xỉu|điên|khùng|phát điên))\b"
    r"|\b(?:muốn|mún|muon)(?: \w+){1,8}? (?:thì|thi) (?:phải|phai|mới|moi)\b"
)
# …and "hỏi" followed within a few words by "rồi", "mà", "thì", "hoài", "cũng"… tells of asking done
# before ("hỏi mấy lần rồi mà…", "lên phường hỏi thì…", "hỏi cái gì cũng bảo…", "hỏi ba lần vẫn…"), not a
# question now.
# …and "hồ sơ xin", "đơn xin" name the application ("làm hồ sơ xin hỗ trợ máy, chờ gần một năm rồi rớt").
_APPLICATION = re.compile(r"\b(?:hồ sơ|ho so|đơn|đề án|de an) xin\b")
_ASKED_BEFORE = re.compile(r"\b(?:hỏi|hoi)(?: \w+){0,3}? (?:rồi|mà|thì|hoài|mãi|miết|cũng|vẫn|roi|hoai|miet)\b")
# …and going somewhere to ask more, at the end ("mai tôi ra ủy ban hỏi thêm"), plans to ask elsewhere.
_ASKED_LATER = re.compile(
    r"\b(?:ra|lên|xuống|qua|tới|đến|gọi|len|xuong|toi|den|goi)(?: \w+){0,3} (?:hỏi|hoi) (?:thêm|lại|them|lai)\W*$"
    # …or asking on another day, or if anything comes up ("mai hỏi tiếp chuyện hội chợ hen", "bữa khác tui hỏi
    # thêm", "có gì em hỏi tiếp vụ máy móc sau").
    r"|\b(?:mai|mốt|bữa khác|hôm khác|bữa sau|hôm sau|lát nữa|tuần sau|khi khác|dịp khác|bua khac|hom khac|"
    r"bua sau|hom sau|lat nua|tuan sau|khi khac|dip khac|có gì|co gi|có chi|co chi)(?: \w+){0,2}? (?:hỏi|hoi)"
    r" (?:tiếp|thêm|lại|sau|từ từ|tiep|them|lai|tu tu)\b"
)

# …and giving up, as typed or folded: "thôi khỏi xin cho rồi", "không xin nữa", "chịu thua", "bó tay". What
# the writer will no longer do or ask for is no want ("xin"), and "…không làm nữa đâu" no "where".
# Plain "khoi" only after "thôi": alone it may be "khói" (smoke).
_GIVES_UP = re.compile(
    r"\b(?:(?:thôi|thoi) (?:\w+ )?(?:khỏi|khoi)|khỏi) (?:xin|làm|lam|nộp|nop|đăng|dang|hỏi|hoi)\b"
    r"|\b(?:không|khong|ko|chẳng|chang|chả|hổng|hông)(?: thèm| them)? (?:xin|làm|lam|nộp|nop|đăng ký|dang ky|"
    r"đăng kí|dang ki|hỏi|hoi|theo)(?: \w+){0,2} (?:nữa|nua)(?: đâu| dau| luôn| luon| cho rồi| cho roi)?\b"
    r"|\b(?:chịu thua|chiu thua|bó tay|bỏ cuộc|bo cuoc|(?:thôi|thoi) (?:bỏ|bo|dẹp|dep|kệ|ke))\b"
    # …or says it cannot be managed, by a question that asks nothing: "người già sao mà làm nổi", "xin sao
    # nổi", "ai mà làm nổi" ("nổi" typed plain may be "nói", so only at the end), "biết đâu mà lần", "chữ
    # nghĩa đâu mà viết" to the end of its clause (the knowing or the means lacking: not "ở đâu mà bán rẻ",
    # nor "có … bao giờ đâu mà hiểu", a denial says_none reads whole), "hỏi làm gì cho mệt".
    r"|\b(?:(?:xin|làm|lam|nộp|nop|viết|viet) )?(?:sao|răng|ai)(?: mà| ma)?(?: \w+){0,3}? (?:nổi\b|noi\W*$)"
    r"|\b(?:biết|biet|hiểu|hieu|tiền|tien|vốn|von|chữ|chu|nghĩa|nghia|sức|suc|thời gian|thoi gian|người|nguoi)"
    r" (?:đâu|dau) (?:mà|ma) [^,.;!?]+"
    r"|\b(?:làm|lam) (?:gì|gi|chi) cho (?:mệt|met|cực|cuc|khổ|kho|tốn|ton|mất công|mắc công|nhọc)\b"
)


# What may follow a question inside its clause: a purpose ("…ở địa chỉ nào để tôi tới tận nơi") or an
# alternative ("…có hỗ trợ thật không hay chỉ nói cho vui"), as typed or folded.
_QUESTION_TAIL = re.compile(r"\s+(?:để|de|hay|hoặc|hoac)\s+", re.IGNORECASE)


def question_core(text: str) -> str:
    """A part of a message without what follows its question word in the clause: a purpose or an
    alternative ("…ở địa chỉ nào để tôi tới tận nơi": "…ở địa chỉ nào"), or the part itself."""
    for cut in _QUESTION_TAIL.finditer(text):
        head = text[: cut.start()]
        if ends_as_question(head):
            return head
    return text


# A question word that closes a clause under a negation says "nothing", "nobody", "not much": "không nói
# rõ thiếu cái gì", "chẳng thấy gì", "chẳng ai hướng dẫn gì", "chẳng được bao nhiêu". "Chẳng" only ever
# negates; "chả" does so before a verb ("chả thấy gì"; "chả cá" is a dish), as do "không", "chưa" before
# a verb of seeing, telling, getting, going or wanting ("chưa đi hội chợ lần nào", "không muốn dời đi đâu":
# never, nowhere; "không biết hồ sơ gồm những gì" still asks). A word that opens a new part of the clause
# ("không có giấy phép thì được hỗ trợ gì") ends the negation's reach. Compared
# folded, but the negations as typed ("cha" is a father, "hỏng" broken).
_ONLY_NEGATE = frozenset({"chẳng", "chang"})
# "Chả" typed with its diacritics negates whatever verb follows ("chả thực hành gì") unless a dish is named
# ("chả cá", "chả giò", "chả lụa"), folded.
_DISHES = frozenset({"ca", "gio", "lua", "que", "muc", "bo", "tom", "nem", "ram", "com", "chien", "heo", "ga"})
_NEGATE_VERB = frozenset({"chả", "không", "khong", "ko", "k", "hok", "hông", "hổng", "hong", "chưa", "chua"})
_NEGATED_VERBS = frozenset(
    {"ai", "thay", "noi", "bao", "huong", "giai", "chi", "tra", "duoc", "nhan", "tung", "ra", "con", "thuc", "hoc",
     "ap", "di", "muon"}
)
_NEGATED_ENDS = frozenset({"gi", "j", "ji", "nao", "dau", "ai", "chi"})
# "Không biết" asks ("không biết hồ sơ gồm những gì"), but not when someone is reported to have said it
# ("cán bộ xã bảo không biết khuyến công là cái gì"): after these words it is what they said.
_REPORTED = frozenset({"bao", "noi", "keu", "bieu"})
_WHY = frozenset({("vi", "sao"), ("tai", "sao")})
_TOLD_WHY = frozenset({"ai", "noi", "giai", "bao", "tra", "cho"})
# "…gì hết", "…gì cả", "…chi ráo" after a negation: "nothing at all" ("hổng trúng ý gì hết trơn").
_AT_ALL = (("het", "tron"), ("het",), ("ca",), ("rao",), ("het", "tron", "luon"))
# A denial by "có … đâu" ("có ai nói gì đâu", "có thấy đâu", "có xuống làng nghề bao giờ đâu"): "có" then
# one of these says "nobody", "never", "not at all".
_DENIED_AFTER_CO = frozenset({"ai", "bao", "thay", "duoc", "biet", "nghe", "them", "phan"})
_REACH_ENDS = frozenset({"thi", "vay", "the", "con", "nhung", "neu", "hay", "hoac", "gio"})
# "…chứ có phải … đâu", "có ai thèm nghe đâu", "có bao giờ được đâu": a closing "đâu" after these denies
# ("not at all", "never"); after "ở", "tại"… it still asks where.
_RHETORICAL = frozenset({"chứ", "chớ", "thèm"})
_WHERE_BEFORE = (["o"], ["tai"], ["tu"], ["di"], ["den"], ["toi"], ["ve"], ["len"], ["xuong"], ["nop"])


def says_none(text: str) -> bool:
    """Whether the last clause of a part of a message ends on a question word (or "bao nhiêu") that a
    negation before it makes a statement: "…mà không nói rõ thiếu cái gì", "chẳng thấy gì"; or is a
    rhetorical denial with what follows from it ("…chứ có xuống làng nghề bao giờ đâu mà hiểu … vất vả
    thế nào")."""
    clause = re.split(r"[,;:]", text)[-1]
    typed = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", clause).casefold())
    words = [fold(word) for word in typed]
    while len(words) > 1 and words[-1] in TRAILING:
        words.pop()
    typed = without_sister(typed[: len(words)])
    words = words[: len(typed)]
    for at in range(1, len(words) - 1):
        # "…đâu mà hiểu … thế nào": what a denial leads to is no question of its own.
        if words[at] == "dau" and words[at + 1] == "ma" and _denies(typed[: at + 1], words[: at + 1]):
            return True
    return _denies(typed, words)


def _denies(typed: list[str], words: list[str]) -> bool:
    """says_none of one clause's words, as typed and folded, its trailing particles dropped."""
    plain = words[:-1] if words[-1:] in (["dau"], ["ca"], ["het"]) else words
    before = typed[len(plain) - 2] if len(plain) >= 2 else ""
    if plain[-1:] == ["sao"] and (before in _ONLY_NEGATE or before in _NEGATE_VERB):
        return True  # "hổng sao, tui hiểu rồi", "không sao đâu": no matter, not "why"
    for tail in _AT_ALL:
        size = len(tail)
        ends = len(words) > size and tuple(words[-size:]) == tail and words[-size - 1] in ("gi", "chi", "j")
        if ends and any(word in _ONLY_NEGATE or word in _NEGATE_VERB for word in typed[: -size - 1]):
            return True  # "hổng trúng ý gì hết trơn", "chẳng hiểu gì cả": nothing at all
    if words and words[-1] == "dau" and words[-2:-1] not in _WHERE_BEFORE and (
        _RHETORICAL & set(typed[:-1]) or ("bao", "gio") in itertools.pairwise(words) or _denied_by_co(words)
    ):
        return True  # "mình làm nghề chớ có phải dân văn phòng đâu": "not at all", not "where"
    if len(words) > 2 and tuple(words[-3:]) in (("cung", "nhu", "khong"), ("cung", "bang", "khong")):
        return True  # "học cũng như không", "có cũng bằng không": no use, not "…or not?"
    if tuple(words[-2:]) in (("ra", "sao"), ("the", "nao")) and any(
        typed[i] == "đâu" and words[i + 1] in ("biet", "hieu") for i in range(len(words) - 2)
    ):
        return True  # "…đâu biết cái xưởng tiện trưa 40 độ nó ra sao": a denial by "đâu" before knowing
    if len(words) >= 2 and tuple(words[-2:]) in (("bao", "nhieu"), ("bao", "gio")):
        at = len(words) - 2  # "chẳng được bao nhiêu", "chị em tụi tui chẳng được mời bao giờ"
    elif len(words) >= 2 and tuple(words[-2:]) in _WHY:
        # "chẳng ai nói vì sao", "không ai giải thích tại sao": nobody told why ("không được hỗ trợ vì sao"
        # still asks).
        at = len(words) - 2
        return any(
            (typed[i] in _ONLY_NEGATE or typed[i] in _NEGATE_VERB) and words[i + 1] in _TOLD_WHY for i in range(at)
        )
    elif words and words[-1] in _NEGATED_ENDS:
        at = len(words) - 1
    else:
        return False
    for i in range(at - 1, -1, -1):
        # "còn" opens a new part ("còn hồ sơ thì gồm gì"), but not after a negation ("chẳng còn lại gì").
        kept = words[i] == "con" and i > 0 and (typed[i - 1] in _ONLY_NEGATE or typed[i - 1] in _NEGATE_VERB)
        if words[i] in _REACH_ENDS and not kept:
            return False
        if typed[i] in _ONLY_NEGATE or (typed[i] in _NEGATE_VERB and words[i + 1] in _NEGATED_VERBS):
            return True
        if typed[i] == "chả" and words[i + 1] not in _DISHES:
            return True
        if typed[i] in _NEGATE_VERB and words[i + 1] == "biet" and i and words[i - 1] in _REPORTED:
            return True  # "cán bộ bảo không biết khuyến công là cái gì": what they said
    return False


def _denied_by_co(words: list[str]) -> bool:
    """Whether a clause closing on "đâu" denies by "có" ("có ai nói gì đâu", "có thấy đâu"), no word
    that opens a new part of the clause ("thì") between them."""
    for i in range(len(words) - 2, -1, -1):
        if words[i] in _REACH_ENDS:
            return False
        if words[i] == "co" and words[i + 1] in _DENIED_AFTER_CO:
            return True
    return False


def gives_up(part: str) -> bool:
    """Whether a part of a message gives up ("thôi khỏi xin cho rồi", "tui chịu thua"): it asks nothing."""
    return _GIVES_UP.search(unicodedata.normalize("NFC", part).casefold()) is not None


def clauses(text: str) -> list[str]:
    """The message's sentences cut at their commas too."""
    return [clause for part in sentences(text) for clause in _CLAUSE_END.split(part) if clause.strip()]


def asks_nothing(text: str) -> bool:
    """Whether a message neither asks a question (no question mark, no sentence ending as one, no
    clause asking how much, how long or where: "khổ quá, ở vùng khó khăn thì được bao nhiêu phần trăm")
    nor asks for anything ("muốn", "nhờ", "xin"…): it only tells. What the writer gives up ("…tui chịu
    thua, không làm nữa đâu") asks nothing either."""
    text = _GIVES_UP.sub(" ", unicodedata.normalize("NFC", text).casefold())
    typed = _ASKED_BEFORE.sub(" ", _WHEN_NEEDED.sub(" ", _APPLICATION.sub(" hồ sơ ", text)))
    typed = _ASKED_LATER.sub(" ", typed)
    typed = APPLIED_BEFORE.sub(" ", typed)  # "xin hỗ trợ mà giấy tờ đòi đủ thứ": applied before
    if "?" in text or _WANTS.search(typed):
        return False
    parts = clauses(text)
    if any(asks_how_not_none(clause) for clause in parts):
        return False
    if any(ends_asking(part) or requests(part) for part in sentences(text)):
        return False
    # "Nó đổi cái gì dzậy, tui đọc hổng hiểu, nói giùm…": a clause closed by a question word and a
    # particle of asking asks, wherever it stands.
    if any(_PARTICLE_ASKED.search(clause) and ends_asking(clause) for clause in parts):
        return False
    # "…gồm những giấy tờ gì vậy nộp mấy bộ…": dictated without a pause, a question word and its particle ask
    # mid-run too, unless a negation makes them "nothing" ("không biết gì vậy đó").
    return not any((found := _ASKED_MID.search(clause)) and not says_none(clause[: found.end()]) for clause in parts)


# A question word then a particle that closes a question ("gì vậy", "không dzậy", "chưa hả", "nào nhỉ").
_PARTICLE_ASKED = re.compile(
    r"\b(?:gì|gi|j|chi|không|khong|ko|hông|hong|chưa|chua|nào|nao|sao|đâu|dau|mô|mo)"
    r"\s+(?:vậy|vay|dzậy|dzay|zậy|zay|hả|ha|hở|nhỉ|nhi|ta|rứa|rua|hè)\W*$",
    re.IGNORECASE,
)


_ASKED_MID = re.compile(r"\b(?:gì|gi|j|nào|nao)\s+(?:vậy|vay|dzậy|dzay|zậy)\b(?=\s+\w)", re.IGNORECASE)


# "Bao nhiêu" before what a life's work costs exclaims, it does not ask ("làm ra cái thương hiệu tốn bao
# nhiêu công sức, giờ bị làm nhái…").
# Nor does it before "cũng" ("dạy bao nhiêu lứa cũng vậy": however many).
_EXCLAIMED = re.compile(
    r"\bbao nhieu (?:cong suc|tam huyet|tam suc|mo hoi|nuoc mat|nam troi|thang troi)\b|\bbao nhieu(?: \w+){0,2} cung\b"
)


def asks_how_not_none(clause: str) -> bool:
    """asks_how, but not of "not much" ("tới tay dân chẳng được bao nhiêu") nor in an exclamation
    ("tốn bao nhiêu công sức")."""
    if _EXCLAIMED.search(" ".join(re.findall(r"[a-z0-9]+", fold(clause)))):
        return False
    return asks_how(clause) and not says_none(clause)


def ends_asking(part: str) -> bool:
    """ends_as_question, before a purpose or an alternative it may add ("…ở đâu để tôi tới nộp"), but
    not on "nothing", "nobody" ("…mà không nói rõ thiếu cái gì")."""
    core = question_core(part)
    return ends_as_question(core) and not says_none(core)


# A yes-no question run on into what follows it, unpunctuated as spoken ("nhà nước có giúp tiền mua máy
# không tôi làm bún…"): "có" … "không", perhaps "ạ", with a person opening the next words, folded.
_RUN_ON_YES_NO = re.compile(
    rf"\bco(?: [a-z0-9]+){{1,6}} (?:khong|ko|hong|hok)(?: (?:a|ha|vay|nhi|nhe|nha|the|he|hi))? (?={PERSONS}\b)"
)


def asks_outright(text: str) -> bool:
    """Whether a message asks by its own words: a question mark, a clause that ends as a question or
    asks how much, how long or where, a request, or a yes-no question run on into its story. Not a want
    told ("muốn", "hỏi": "hỏi sở thì sở bảo hỏi xã" tells of asking), which asks_nothing also hears."""
    if "?" in text:
        return True
    # "máy móc máy miếc gì", "sao không ai trả lời vậy" scoff at or ask the service: no question of a policy.
    parts = [part for part in clauses(text) if not (scoffs(part) or asks_the_service(part))]
    if any(ends_asking(part) or asks_how_not_none(part) or requests(part) for part in parts):
        return True
    return any(_RUN_ON_YES_NO.search(" ".join(re.findall(r"[a-z0-9]+", fold(part)))) for part in parts)


# A need the writer cannot pay for ("Xã bảo phải chuyển vào cụm công nghiệp mà chi phí di dời thì lớn quá",
# "…phải thiết kế lại bao bì, mà tiền thuê thiết kế thì không rẻ"), folded: a story that asks for help by
# telling it, not a grievance.
_CANNOT_AFFORD = re.compile(
    r"\b(?:phai|can|muon|dinh|tinh)\b[^.;!?]{3,80}?\bma\b[^.;!?]{0,40}?(?:(?:chi phi|tien|von|kinh phi)\b"
    r"[^.;!?]{0,30}?\b(?:lon qua|cao qua|dat qua|nang qua|khong re|chang re|ton kem|khong du|chua du)|"
    r"khong kham noi|kham khong noi|khong du tien|thieu tien|thieu von|khong co tien|khong du von)\b"
)


def cannot_afford(text: str) -> bool:
    """Whether a message tells of a need and that money is short for it (_CANNOT_AFFORD)."""
    return _CANNOT_AFFORD.search(" ".join(re.findall(r"[a-z0-9]+|[.;!?]", fold(text)))) is not None


def only_tells(text: str) -> bool:
    """Whether a message is a story of its own that asks nothing anywhere (MessageAsking.only_tells)."""
    return MessageAsking(text).only_tells()


def closes_on_nothing(text: str) -> bool:
    """Whether a message that asks nothing closes on "nothing" (MessageAsking.closes_on_nothing)."""
    return MessageAsking(text).closes_on_nothing()


class MessageAsking:
    """What one message asks, each part worked out once: the reply decision asks in a row whether the
    same message asks nothing, only tells or closes on nothing, and the last two read the same clauses."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def nothing(self) -> bool:
        """asks_nothing of the message."""
        return asks_nothing(self.text)

    @cached_property
    def clauses(self) -> list[str]:
        return clauses(self.text)

    @cached_property
    def a_clause_asks(self) -> bool:
        """Whether a clause ends as a question or asks for something."""
        return any(ends_asking(clause) or requests(clause) for clause in self.clauses)

    def only_tells(self) -> bool:
        """Whether the message is a story of its own that asks nothing anywhere: at least STORY_SENTENCES
        sentences and STORY_WORDS words, no question mark, no sentence or clause that ends as a question
        or asks for something. Its writer reports or vents ("gọi ba lần không ai nhấc máy… mất cả buổi"),
        and a policy card would answer a question nobody asked, however many policy words the story names."""
        told = (part for part in sentences(self.text) if surface_tokens(part))
        if sum(1 for _ in itertools.islice(told, STORY_SENTENCES)) < STORY_SENTENCES:
            return False
        if len(surface_tokens(self.text)) < STORY_WORDS or not self.nothing:
            return False
        return not self.a_clause_asks

    def closes_on_nothing(self) -> bool:
        """Whether the message asks nothing anywhere and closes on "nothing", "nobody", "never" ("…chưa từng
        được ai hỏi han hỗ trợ chi", "…hổng trúng ý gì hết trơn", "…có ai nói gì đâu"): its writer tells
        what did not come of it. A clause that ends as a question ("có lớp nào dạy kế toán ko ad, e … ko
        rành j hết") still asks."""
        parts = self.clauses
        if not parts or not self.nothing or not says_none(parts[-1]):
            return False
        return not self.a_clause_asks


# …or by asking someone to advise or guide ("…ma ko biet bat dau tu dau, co ai tu van cho ko"), folded.
_ADVICE_OPENS = re.compile(r",\s*(?=co ai (?:tu van|huong dan|chi dan|chi giup|giup)\b)")


# A plea to be advised on what came before ("Nhờ ad tư vấn giúp.", "mong anh chị hướng dẫn giùm em"), folded.
_PLEA_FOR_ADVICE = re.compile(
    rf"^(?:(?:nho|mong|xin|lam on|cho|rat mong|mong duoc) )?(?:(?:ad|admin|bot|ben minh|trung tam|anh chi|"
    rf"{PERSONS}|co|chu) )?(?:tu van|huong dan|chi dan|giai dap|chi)(?: (?:giup|gium|dum|ho|cho|voi|di))*"
    rf"(?: (?:{PERSONS}|ad|voi|nha|nhe|a|nhe ad|voi a|nha ad|luon|ha|nghen|nhen))*$"
)


def pleads_for_advice(text: str) -> bool:
    """Whether a part only asks the reader to advise on what was told ("Nhờ ad tư vấn giúp.")."""
    return _PLEA_FOR_ADVICE.match(" ".join(re.findall(r"[a-z0-9]+", fold(text)))) is not None


def advice_clause(text: str) -> str | None:
    """The part of a sentence from its last "…, có ai tư vấn" on, when a told part comes before it."""
    return asked_clause(text, _ADVICE_OPENS)
