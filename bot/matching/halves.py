"""The two halves of a message that asks two things ("…đào tạo nghề thế nào và hội chợ được hỗ trợ
bao nhiêu?", "…, sẵn cho hỏi…", "Thứ nhất, … Thứ hai, …"): where it may be cut, and the words by which
its writer says that a second question or want follows."""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from bot.language.text import fold, is_plain, spelt_as
from bot.matching.focus import (
    ASKS_MORE,
    BY_THE_WAY,
    FOLLOW_UP,
    LEADS_IN,
    PERSONS,
    asked_words,
    asks,
    asks_how_at_end,
    ends_as_question,
    follows_up,
    has_question_word,
    requests,
    sentences,
)

# Words that often join two questions (matched on folded text: typed with or without diacritics). Not
# "hay", "hoặc" (or): they offer the alternatives of one question ("…có được ưu tiên không, hay chỉ nghề
# truyền thống mới được?", "khắc phục hoặc di dời"); nor "thêm" alone, which says "more" ("thuê thêm…").
# "vs lại" is "với lại" typed short.
_JOINS = re.compile(
    # Those that open a sentence may take a comma of their own ("Ngoài ra, …"); "rồi," and "và," end a clause.
    rf"\s*,?\s+(?:{ASKS_MORE}|voi lai|vs lai|con nua|ngoai ra|them nua|dong thoi|tien the|nhan tien|san tien|"
    r"tien hoi|ben canh do|mat khac)(?:\s*,)?\s+"
    # "…muốn liên kết lại làm ăn chung, à mà có hỗ trợ đi tham quan…": "à mà" after a pause, as at a sentence start.
    r"|\s*,\s*a ma\s+"
    r"|\s*,?\s+(?:va|con|voi ca|roi|sau do|cung nhu)\s+"
    # Voice typed: "…có được hỗ trợ không mà nếu được thì…" follows the question up with another.
    rf"|\s+ma\s+(?={FOLLOW_UP}\b)"
    # "với" ("vs") is a preposition too: it joins two questions only after a comma.
    r"|\s*,\s*(?:voi|vs)\s+",
)
# Typed with diacritics, a joining word is spelt as one: "rối" (tangled) is no "rồi", "tiền" no "tiện", "hội" no "hỏi".
_JOIN_WORDS = {fold(w): frozenset({(w,)}) for w in re.findall(
    r"\w+", "rồi và còn với đó cũng như cả lại nữa ngoài thêm đồng thời tiện thể nhân sẵn hỏi bên cạnh mặt khác à mà")}

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
# …and the ordinals of such a list ("một là …, hai là …", "thứ nhất …, thứ hai …"), folded: the second after
# a pause, or dictated without one ("…bao nhiêu hai là hồ sơ…"), when the first stands before it.
_INLINE_ORDINAL = re.compile(r"(?:(?<=[,;:])\s*|\s+(?=hai la\b))(?=(?:hai la|thu hai|thu nhi)\b)")
_FIRST_ORDINAL = re.compile(r"(?:^|\W)(?:mot la|thu nhat)\b")
MAX_SPLITS = 6

# Words by which the writer says that one more question follows, closing the part before a cut or
# opening the part after it (folded).
_ENDS_ASKING_MORE = re.compile(rf"\b(?:{ASKS_MORE})\W*$")
_OPENS_ASKING_MORE = re.compile(rf"(?:{ASKS_MORE})\b")

# Words that turn to another matter ("…cấp tỉnh. Còn thiết kế bao bì thì có được hỗ trợ không?", "ok rõ
# rồi, thế còn hội chợ").
_TOPIC_SWITCHES = frozenset(
    {("con",), ("con", "nua"), ("ngoai", "ra"), ("them", "nua"), ("dong", "thoi"), ("voi", "lai"), ("vs", "lai"),
     ("tien", "the"), ("nhan", "tien"), ("san", "tien"), ("tien", "hoi"), ("mat", "khac"), ("ben", "canh", "do"),
     ("a", "ma"), ("song", "song"), ("the", "con"), ("vay", "con"), ("rua", "con")}
)


def _plain_con(text: str, word: str) -> bool:
    """Whether `word`, a "con" of `text` as folded, is typed as plain "con" ("con gái", "con cháu") in a
    message typed with diacritics: there it is not "còn"."""
    typed = unicodedata.normalize("NFC", word).casefold()  # "Con gái" opening a sentence too
    return fold(typed) == typed and not is_plain(unicodedata.normalize("NFC", text).casefold())


def _folded_words(text: str, accented: bool, *, first: int | None = None, last: int | None = None) -> list[str]:
    """The words of `text` (or only its `first` or `last` few), folded; in a message typed with diacritics
    (`accented`), "con" typed plain is kept apart from "còn" ("con~")."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).casefold())
    words = words[:first] if first is not None else words
    words = words[-last:] if last else words
    return [f"{word}~" if accented and word == "con" else fold(word) for word in words]


# A part that says the writer also wants another thing ("…, tôi cũng muốn lập hiệp hội…", "…và cũng cần hỗ
# trợ thiết kế…", "mà em cũng muốn lên công ty"), folded: a second request of its own.
_ALSO_WANTS = re.compile(
    rf"^(?:(?:ma|va|nhung|voi lai|con) )?(?:{PERSONS} |(?:ben|nha|ban than) (?:em|toi|minh) )?"
    r"(?:cung|con) (?:muon|can|mong|dinh)\b"
)
# A want paired with another ("…, vừa muốn xin hỗ trợ thành lập…, vừa muốn học khóa khởi sự…"), folded: the
# second "vừa muốn" opens a second request when a first one stands before it.
_PAIRED_WANT = re.compile(r"(?:^|[\s,])vua (?:muon|can|dinh|xin|hoc|lam|phai)\b")
# …or one want over two deeds ("mình muốn vừa giảm điện nước, vừa xây hệ thống xử lý nước thải"), folded:
# the "vừa" after the comma opens the second.
_WANTS_BOTH = re.compile(r"\b(?:muon|can|dinh|mong) vua\b")


def _pairs_a_want(head: str, second: str) -> bool:
    """Whether `second` opens with "vừa muốn…" (or "vừa cần", "vừa định"…) and `head` holds the first of the
    pair, or `second` opens with "vừa" after a pause and `head` wants both ("muốn vừa…")."""
    opening = " ".join(re.findall(r"[a-z0-9]+", fold(second)))
    if _PAIRED_WANT.match(" " + opening) is not None and _PAIRED_WANT.search(fold(head)) is not None:
        return True
    return opening.startswith("vua ") and _WANTS_BOTH.search(" ".join(re.findall(r"[a-z0-9]+", fold(head)))) is not None


# Words by which a part states a want ("Em muốn biết mức hỗ trợ…", "…cần hỗ trợ thiết kế bao bì"), as
# typed or typed plain ("cán bộ" is not "cần"), among the first WANT_WITHIN words
# of its clause (the writer's own want, "Làng rèn chúng tôi ở Phúc Sen muốn…", not what someone else in a
# long clause wants), and not after a negation ("không muốn dời xưởng").
_WANT_WORDS = frozenset({"muốn", "cần", "muon", "can"})
_NEGATIONS = frozenset({"khong", "ko", "k", "chua", "chang", "cha"})
WANT_WITHIN = 8

# A sentence that asks for one more thing by the way ("Tiện cho em xin số điện thoại… luôn.") or wants one
# after the first ("Xong rồi muốn dự bình chọn… luôn, được không?"), folded: a second request of its own.
_MORE_WANTED = re.compile(
    rf"^(?:{BY_THE_WAY} (?:cho )?(?:{PERSONS} )?xin|(?:xong roi|xong|sau do) (?:{PERSONS} )?(?:cung )?(?:muon|can))\b"
)

# "Xin hỏi…", "Cho em xin hỏi…" ask the question of the sentence before rather than for another thing.
_ASKS_LEAD = re.compile(rf"^\W*(?:cho )?(?:{PERSONS} )?xin (?:phep )?hoi\b")


def also_wants(text: str) -> bool:
    """Whether a part of a message opens by saying that the writer also wants another thing."""
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(text)))
    return _ALSO_WANTS.match(folded) is not None or _MORE_WANTED.match(folded) is not None


def wants(text: str, within: int | None = WANT_WITHIN) -> bool:
    """Whether a clause of the last sentence of a part of a message states a want ("em muốn biết…",
    "cũng cần hỗ trợ…") among its first `within` words (None: anywhere): a want that names a policy's
    topic asks about it as a question would."""
    last = sentences(text)[-1] if text.strip() else ""
    return any(_wants_in(clause, within) for clause in re.split(r"[,:]+\s*", last))


def _wants_in(clause: str, within: int | None) -> bool:
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", clause).casefold())
    return any(_want_at(words, at) for at in range(min(len(words), within if within is not None else len(words))))


# A want that opens a clause ("…thợ giỏi thì già dần, cần dạy thêm chừng 20 thợ mới"): among its first words.
_WANT_OPENS_WITHIN = 3


def wanted_clause(text: str) -> str | None:
    """The last clause of the last sentence of a part that opens with a want, to the end of the part ("…thợ
    giỏi thì già dần, cần dạy thêm chừng 20 thợ mới trong xã": "cần dạy thêm…"), or None. In a part that
    tells a story, it says what the writer asks for; the clauses before it, why."""
    last = sentences(text)[-1] if text.strip() else ""
    clauses = re.split(r"[,:]\s*", last)
    for at in range(len(clauses) - 1, 0, -1):
        if _wants_in(clauses[at], _WANT_OPENS_WITHIN):
            found = text.rfind(clauses[at])
            return text[found:] if found >= 0 else None
    return None


# A sentence typed as one run (voice, no commas) of at least this many words may tell its story before its want.
RUN_ON_WORDS = 20


def _want_at(words: list[str], at: int) -> bool:
    """Whether the word at `at` states a want: not negated, and not the "Cần" of "Cần Thơ"."""
    if words[at].casefold() not in _WANT_WORDS or (at > 0 and fold(words[at - 1]) in _NEGATIONS):
        return False
    return not (fold(words[at]) == "can" and at + 1 < len(words) and fold(words[at + 1]) == "tho")


def run_on_want(text: str) -> str | None:
    """The words from the want on in a long run-on sentence ("…nhà em làm kẹo dừa mấy đời rồi giờ em muốn làm
    cái bao bì cho nó đẹp… có được hỗ trợ không"), or None: the story before it only dilutes what is asked.
    Only a run with one want: two may ask two things, which the whole message's reading keeps."""
    single = unicodedata.normalize("NFC", " ".join(text.split()))
    words = single.split(" ")
    if len(words) < RUN_ON_WORDS or re.search(r"[,.;:!?]\s", single):
        return None
    found = [at for at in range(len(words)) if _want_at(words, at)]
    if len(found) != 1 or found[0] < WANT_WITHIN:
        return None
    return " ".join(words[found[0] :])


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
    if also_wants(second) or _pairs_a_want(typed_head, second) or _ENDS_ASKING_MORE.search(fold(typed_head)):
        return True
    if _OPENS_ASKING_MORE.match(" ".join(re.findall(r"[a-z0-9]+", fold(second)))):
        return True
    # "còn" also means "still" ("…còn áp dụng không"): it turns to another matter after a pause only.
    last = re.search(r"(?:^|[,.;?!])\s*(\w+)\s*$", typed_head)
    if last and fold(last.group(1)) == "con" and not _plain_con(text, last.group(1)):
        return True
    accented = not is_plain(unicodedata.normalize("NFC", text).casefold())
    # The words either side of the cut, as many as the longest switch has.
    before, opening = _folded_words(typed_head, accented, last=3), _folded_words(second, accented, first=3)
    return any(
        (n > 1 and tuple(before[-n:]) in _TOPIC_SWITCHES) or tuple(opening[:n]) in _TOPIC_SWITCHES for n in (1, 2, 3)
    )


# Words by which a message says itself that it asks two things ("…cả hai có được hỗ trợ không",
# "cho hỏi 2 việc", "cả việc mở lớp và tiền gian hàng"), folded.
_SAYS_TWO = re.compile(
    r"\b(?:ca (?:hai|2)|(?:hai|2) (?:viec|van de|cau hoi|cau|y|chuyen|khoan do)|ca viec(?: \w+){1,6} va)\b"
)


def says_two(text: str) -> bool:
    """Whether a message says that it asks two things."""
    return _SAYS_TWO.search(fold(text)) is not None


def is_list_item(text: str) -> bool:
    """Whether a part of a message starts like an item of a numbered or bulleted list."""
    return _LIST_ITEM.match(text) is not None or _ORDINAL.match(fold(text)) is not None


# Words after which "còn" (without a pause) means "still, remaining" ("không còn huyện nữa", "giờ chỉ
# còn mấy nhà"), as asked_words() gives them: typed with diacritics, or plain; so does a "còn" inside a
# clause that opens with "but" ("…bán được lắm, mà bao bì còn in sơ sài"), folded.
_STILL = frozenset({"khong", "ko", "co", "chẳng", "chả", "vẫn", "chỉ", "cũng", "hết", "van", "cung"})
_BUT = frozenset({"ma", "nhung", "tuy"})
_ANY_LEFT = re.compile(r"^(?:cho nao|noi nao|ai|gi|cai gi|cho)\b")  # "…ở Phan Thiết còn chỗ nào tiếp hông": any left


def _closes_a_question(before: str, after: str) -> bool:
    """Whether the "không" before a "còn" typed without a pause closes a "có … không" question and the
    part after asks again ("co duoc uu tien khong con mua may thi duoc ho tro may phan tram"), rather
    than saying "no longer" ("giờ không còn huyện nữa")."""
    clause = re.split(r"[,;:.?!]", before)[-1]
    words = [fold(word) for word in asked_words(clause)]
    closes = words[-1:] in (["khong"], ["ko"]) and ("co" in words[:-1] or "duoc" in words[:-1])
    return closes and has_question_word(after)


def _joins_two_deeds(text: str, before: str, after: str) -> bool:
    """Whether a joining word inside a story ("…lắp dây chuyền mới rồi mời các cơ sở tới xem. … Nếu làm
    thì được hỗ trợ bao nhiêu?") joins two things done rather than two questions: neither the sentence
    it ends nor the one it opens asks or asks for something, it turns to no other matter ("ngoài ra",
    "đồng thời"), and the message does not say that it asks two things ("cả hai có được hỗ trợ không"),
    nor that the writer wants each ("em muốn đăng ký thương hiệu với cả muốn đi tham quan…")."""
    ended, opened = sentences(before)[-1], sentences(after)[0]
    if asks(ended) or asks(opened) or requests(opened) or says_two(text) or (wants(ended) and wants(opened)):
        return False
    return not switches_topic(text, after)


# A condition ("nếu…") and the word that closes it ("thì"), folded.
_IF = re.compile(r"\bneu\b")
_THEN = re.compile(r"\bthi\b")
# The joining words that chain steps ("…rồi…", "…sau đó…").
_THEN_JOINS = frozenset({"roi", "sau do"})


def _inside_a_condition(before: str, after: str) -> bool:
    """Whether a "rồi" joins two steps of one condition ("nếu làm dây chuyền mới rồi cho các lò khác tới
    xem thì được hỗ trợ không"): the clause before it opens a "nếu" that no "thì" has closed yet, and the
    clause after it closes it. One question, asked of what both steps make together."""
    clause_before = re.split(r"[,;:.?!]", fold(before))[-1]
    clause_after = re.split(r"[,;:.?!]", fold(after))[0]
    opened = [found.end() for found in _IF.finditer(clause_before)]
    return bool(opened) and not _THEN.search(clause_before[opened[-1] :]) and _THEN.search(clause_after) is not None


def _about_the_same(second: str) -> bool:
    """Whether a part opens with "nó" (it), only words leading into it before: it asks more about what
    the part before named ("Khuyến công là cái gì, nó làm những việc gì?"), not about another matter."""
    words = asked_words(second)  # "hội chợ" typed with diacritics does not lead in as "hỏi cho"
    at = 0
    while at < len(words) and words[at] in LEADS_IN:
        at += 1
    return at < len(words) and words[at] in ("nó", "no")


# One question asked of two things named before it ("Đi tham quan học tập với đi hội chợ thì khuyến công có
# hỗ trợ chi phí không?"): each thing, in at most 8 words, asks it on its own. Typed with diacritics
# only: plain "thi" may be an exam ("dự thi"), plain "va", "voi" other words.
_SHARED_QUESTION = re.compile(
    r"^(?P<one>(?:[^\s,;:]+\s+){0,7}?[^\s,;:]+)\s+(?:với|và|cùng)\s+(?!lại\b)(?P<other>(?:[^\s,;:]+\s+){0,7}?[^\s,;:]+)\s+thì\s+"
    r"(?P<asked>[^,;:]+)$"
)


def _shared_question(text: str) -> tuple[str, str] | None:
    """The two questions of a last sentence that asks one question of two things named before it: each
    thing with the question ("Đi tham quan học tập thì…", "đi hội chợ thì…"), or None."""
    last = sentences(text)[-1] if text.strip() else ""
    found = _SHARED_QUESTION.match(unicodedata.normalize("NFC", last))
    # …the question in one clause that ends as one (not "…thì bên em thuê thiết kế xong rồi, giờ…"), the two
    # things named, not asked ("phải chuẩn bị những gì và khi nào thì đăng ký": two asks of one policy).
    if found is None or not ends_as_question(found["asked"]):
        return None
    if has_question_word(found["one"]) or has_question_word(found["other"]):
        return None
    return f"{found['one']} thì {found['asked']}", f"{found['other']} thì {found['asked']}"


def halves(text: str) -> list[tuple[str, str]]:
    """Ways to cut a message into two questions: at sentence ends after a question, at joining words, then at
    commas, never before a part opening with "nó"; and one question of two things named before "thì"."""
    return list(_halves(text))  # a copy: callers may change their list


# The reply decision looks for a second topic, then for two questions, in the same halves (a few messages' worth).
@lru_cache(maxsize=64)
def _halves(text: str) -> tuple[tuple[str, str], ...]:
    cuts = dict.fromkeys(cut for cut in _cuts(text) if not _about_the_same(cut[1]))  # each cut once
    return tuple(cuts)[:MAX_SPLITS]


def _cuts(text: str) -> list[tuple[str, str]]:
    cuts: list[tuple[str, str]] = []
    parts = sentences(text)
    for i in range(1, len(parts)):
        # "…muốn đăng ký bình chọn… . Cho em xin số điện thoại…": a want, then a request of its own.
        asked_for = requests(parts[i]) and wants(parts[i - 1]) and not _ASKS_LEAD.match(fold(parts[i]))
        if ends_as_question(parts[i - 1]) or is_list_item(parts[i]) or asked_for or switches_topic(text, parts[i]):
            cuts.append((" ".join(parts[:i]), " ".join(parts[i:])))
    single = unicodedata.normalize("NFC", " ".join(text.split()))
    numbers = [(found.group(1), found.start()) for found in _INLINE_ITEM.finditer(single)]
    for (number, _), (following, at) in itertools.pairwise(numbers):
        if int(following) == int(number) + 1 and single[:at].strip():
            cuts.append((single[:at].strip(), single[at:].strip()))
    folded = fold(single)
    for found in itertools.chain(_PAIRED_WANT.finditer(folded), re.finditer(r",\s*(?=vua\s)", folded)):
        before, after = single[: found.start()].strip(" ,"), single[found.start() :].strip(" ,")
        if before and _pairs_a_want(before, after):
            cuts.append((before, after))  # "…vừa muốn xin hỗ trợ thành lập…, vừa muốn học…": two wants
    # Offsets in the folded text are offsets in the typed text when folding kept every character.
    if len(folded) == len(single):
        # "…2 chuyện: một là có hỗ trợ… hông, hai là có chương trình…": the ordinals of a list inside one line.
        for found in _INLINE_ORDINAL.finditer(folded):
            before, after = single[: found.start()].strip(" ,;:"), single[found.start() :].strip()
            if _FIRST_ORDINAL.search(fold(before)):
                cuts.append((before, after))
        for found in _JOINS.finditer(folded):
            typed = single[found.start() : found.end()].strip(" ,")
            if typed.casefold().split()[0:1] == ["con"] and _plain_con(single, "con"):
                continue  # "con gái", "con cháu": not "còn"
            if any(not spelt_as((w,), _JOIN_WORDS.get(fold(w), frozenset({(w,)}))) for w in typed.casefold().split()):
                continue  # "không có sẵn tiền để thuê…": money, not "sẵn tiện" (by the way)
            before, after = single[: found.start()].strip(), single[found.end() :].strip()
            if fold(typed) == "roi" and fold(after).split()[:1] in (["ma"], ["nhung"], ["nen"]):
                continue  # "…duyệt rồi mà bao giờ được giải ngân": "rồi" says "already", it joins nothing
            if fold(typed) in _THEN_JOINS and _inside_a_condition(before, after):
                continue  # "nếu làm dây chuyền mới rồi cho các lò khác tới xem thì…": one condition
            paused = "," in single[found.start() : found.end()]
            opening = asked_words(re.split(r"[,;:.?!]", before)[-1])[:1]
            but = bool({fold(word) for word in opening} & _BUT) or _ANY_LEFT.match(fold(after)) is not None
            still = fold(typed) == "con" and not paused and (asked_words(before)[-1:] in [[w] for w in _STILL] or but)
            if still and not _closes_a_question(before, after):
                continue  # "không còn", "chỉ còn", "vẫn còn": "còn" says "still", it turns to nothing
            if before and after and not _joins_two_deeds(single, before, after):
                cuts.append((before, after))
        # "…bao nhiêu tiền với hồ sơ nộp ở đâu": "với" after an ended question joins one asked by its own words,
        # or in a sentence that says it asks two ("2 việc: … với …"); elsewhere a preposition ("với cán bộ").
        for found in re.finditer(r"\s+(?:voi|vs)\s+", folded):
            before, after = single[: found.start()].strip(), single[found.end() :].strip()
            asked = (ends_as_question(before) or asks_how_at_end(before)) and has_question_word(after)
            if asked or (says_two(before) and len(sentences(before)) == 1):
                cuts.append((before, after))
        # At a comma, the part after must ask by its own words: the message's question mark alone may
        # end a clause that only says why ("…ưu tiên những gì, để chị đưa vào kế hoạch cho khớp?").
        for found in re.finditer(r",\s+", single):
            before, after = single[: found.start()].strip(), single[found.end() :].strip()
            # …and the part before must end as one: "…có ai tới đánh giá, tư vấn cho không?" lists two things.
            ended = ends_as_question(before) or asks_how_at_end(before)
            # "…có được ưu tiên hông, hay chỉ mấy nghề truyền thống mới được?": the alternative of one question.
            offered = fold(after).split()[:1] in (["hay"], ["hoac"])
            # "…có thuộc diện … ko, nếu có thì e muốn xin hỗ trợ làm web": a want that follows the question up.
            asked = has_question_word(after) or requests(after) or (follows_up(after) and wants(after))
            if (ended and not offered and asked) or also_wants(after):
                cuts.append((before, after))
    shared = _shared_question(text)
    return [*cuts, shared] if shared is not None else cuts
