"""THE reply decision: what the bot answers to a message, used by Telegram, the console, `ask`,
`eval` and the benchmarks alike, so that they can never disagree.

Small talk (a greeting, thanks, "ok", 👍) gets a short friendly reply and a complaint an apology
with the way to a human (but the answer, when it also asks a question a policy clearly answers);
otherwise the matcher decides between an answer card, "you asked two things", "did you mean" and
an honest don't-know (saying where to ask for out-of-scope topics).
A long story is judged by its question sentence when that is clearer than the whole
(bot.matching.understanding); a message that asks two things, by bot.matching.two_questions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from bot.language.text import fold
from bot.matching.asking import MessageAsking, asks_nothing, asks_outright, cannot_afford, clauses, gives_up
from bot.matching.complaints import closes_on_complaint, complaint_question, only_feels
from bot.matching.elsewhere import asked_elsewhere
from bot.matching.focus import asks, ends_as_question, requests, sentences
from bot.matching.halves import halves, switches_topic, wants
from bot.matching.matcher import Matcher, MatchResult
from bot.matching.two_questions import two_questions
from bot.matching.understanding import understand
from bot.render import texts
from bot.render.cards import suggestion_text, two_topics_text, unknown_text
from bot.snapshot import Snapshot

ReplyKind = Literal["smalltalk", "complaint", "answer", "two", "suggest", "unknown"]
SMALL_TALK: frozenset[ReplyKind] = frozenset({"smalltalk", "complaint"})
# What a labelled question expects when the bot must not answer any policy.
NONE = "none"
SMALLTALK = "smalltalk"
_SMALL_TALK_HTML = {
    "greeting": texts.GREETING,
    "thanks": texts.THANKS,
    "ack": texts.ACK,
    "about_bot": texts.ABOUT_BOT,
    "unclear": texts.UNCLEAR,
}
# The programme itself, as the matcher's normalised text spells it: a question that names it is about
# khuyến công whatever else it mentions ("hộ kinh doanh chưa có giấy phép có xin hỗ trợ khuyến công được
# không" is not a business-licence question).
SCOPE_NAME = "khuyen cong"


# A tax or duty the state charges ("bán hàng ở hội chợ có phải đóng thuế không", "thuế nhập khẩu máy dệt"),
# as typed folded: paying, declaring or being exempted from one, or a kind of one. Asked without a word of
# support, it is the tax or customs office's question whatever policy words surround it (a fair, a machine).
# Typed plain, "thue" alone may be "thuê" (rent: "hỗ trợ thuê gian hàng"), so it counts only beside such a
# verb or kind. A "lệ phí" is not here: each office charges its own (trademarks, food safety…).
_LEVY = re.compile(
    r"\b(?:(?:dong|nop|chiu|danh|khai|mien|giam|hoan) thue|thue (?:ban hang|kinh doanh))\b|\b(?P<kind>thue "
    r"(?:nhap khau|xuat khau|suat|vat|gtgt|gia tri gia tang|thu nhap|mon bai|khoan|doi ung|tncn|tndn))\b"
)
# Typed with its tone mark, "thuế" is a tax wherever it stands ("thuế bán hàng online phải đóng bao nhiêu").
_TAX_TYPED = re.compile(r"\bthuế\b")
_SUPPORT = (" ho tro ", f" {SCOPE_NAME} ")


@dataclass(frozen=True)
class Reply:
    """The decision for one message and the HTML the user gets."""

    kind: ReplyKind
    html: str
    policy_ids: tuple[str, ...] = ()  # answer: the policy; two: both; suggest: the options in rank order
    match: MatchResult | None = None  # None for small talk
    small_talk: str | None = None  # greeting, thanks, ack, about_bot, unclear or complaint

    @property
    def offers_staff(self) -> bool:
        """Whether small talk points to a human (who answers here, an answer not understood): it gets the button."""
        return self.small_talk in ("about_bot", "unclear")

    @property
    def policy_id(self) -> str | None:
        """The policy answered directly, if any."""
        return self.policy_ids[0] if self.kind == "answer" else None

    @property
    def predicted(self) -> str | tuple[str, ...]:
        """What the reply routes to, as labelled question files name it: a policy id, "smalltalk",
        "none" (don't-know, out of scope, a complaint), or both ids of a two-question reply."""
        if self.kind == "smalltalk":
            return SMALLTALK
        if self.kind in ("unknown", "complaint") or not self.policy_ids:
            return NONE
        if self.kind == "two":
            return self.policy_ids
        return self.policy_ids[0]


def turns_to_another(text: str) -> bool:
    """Whether a message turns to another matter part-way ("…không? Còn nếu…"): it may ask two things."""
    return any(switches_topic(text, second) for _, second in halves(text))


def asks_on(text: str) -> bool:
    """Whether a message turns to another matter at a sentence or a clause after its first ("ok hiểu
    rồi, thế còn hội chợ"): after small talk, what follows asks on."""
    return turns_to_another(text) or any(switches_topic(text, part) for part in clauses(text)[1:])


def lead_only(matcher: Matcher, text: str, result: MatchResult) -> MatchResult:
    """An answer by lead alone (under the answer threshold) is "did you mean" if the message turns to another matter."""
    top = result.top
    if result.band != "answer" or top is None or top.score >= matcher.answer_threshold:
        return result
    return replace(result, band="suggest") if turns_to_another(text) else result


def named_in_scope(matcher: Matcher, result: MatchResult, typed: str | None = None) -> MatchResult:
    """An out-of-scope verdict on a message that names khuyến công, read as the policies rank it: an
    answer when the best is clear, "did you mean" when it is only likely, don't-know otherwise. `typed`:
    the whole message as typed (the lexicon reads "đề án khuyến công" as "đề án", dropping the name, and
    a story may name the programme before a question sentence that does not: "…định xin khuyến công.
    Nộp xong thì bao lâu mới có kết quả?")."""
    if result.out_of_scope is None or not result.matches:
        return result
    words = f" {result.normalized} " + (" ".join(["", *re.findall(r"\w+", fold(typed)), ""]) if typed else "")
    if f" {SCOPE_NAME} " not in words:
        return result
    top = result.matches[0].score
    second = result.matches[1].score if len(result.matches) > 1 else 0.0
    if matcher.answers(top, second):  # the matcher's own rule, a clear lead included
        return replace(result, band="answer", out_of_scope=None)
    if top >= matcher.suggest_threshold:
        return replace(result, band="suggest", out_of_scope=None)
    return result


def charged_by_the_state(matcher: Matcher, text: str) -> str | None:
    """The out-of-scope topic of a question about a tax or duty the state charges (the topic the
    levy's own words match alone: "thuế nhập khẩu" customs, "đóng thuế" tax), or None when the message
    names no levy or asks for support ("hỗ trợ", "khuyến công": that is the matcher's to read)."""
    found = _LEVY.search(" ".join(re.findall(r"\w+", fold(text))))
    typed = found is None and _TAX_TYPED.search(unicodedata.normalize("NFC", text).casefold()) is not None
    if not (found or typed) or any(word in f" {matcher.match(text).normalized} " for word in _SUPPORT):
        return None
    return matcher.match((found.group("kind") if found else None) or "thue").out_of_scope


def reply_for(snapshot: Snapshot, text: str, today: date) -> Reply:
    """Decide and render the reply to `text` on `today`."""
    kb, matcher = snapshot.kb, snapshot.matcher
    small_talk = matcher.small_talk.classify(text)
    if small_talk is None and closes_on_complaint(matcher.small_talk, text):
        small_talk = "complaint"  # a story closing on "Làm ăn kiểu gì kỳ vậy?": read as its last sentence is
    if small_talk == "complaint":
        asked = complaint_question(matcher, text)
        elsewhere = asked_elsewhere(matcher, text) if asked is not None else None
        if asked is not None and elsewhere is not None:
            # "…có bắt buộc làm hồ sơ phòng cháy không, ai xuống kiểm tra?": the question asked beside the
            # complaint is another office's, whatever policy its words name.
            unasked = replace(asked, band="none", out_of_scope=elsewhere)
            return Reply("unknown", unknown_text(kb, elsewhere), (), unasked)
        if asked is not None and asked.top is not None:
            # The question part is what is asked: the complaint's words would only blur its match.
            return Reply("answer", snapshot.answer_card(asked.top.policy_id, today), (asked.top.policy_id,), asked)
        if not (only_feels(matcher.small_talk, text) and asks_outright(text)):
            return Reply("complaint", texts.COMPLAINT, small_talk=small_talk)
        # "…có giúp tiền mua máy không, … làm tay mệt quá": a question with a sigh, read on as one.
        small_talk = None
    if small_talk is not None:
        return Reply("smalltalk", _SMALL_TALK_HTML[small_talk], small_talk=small_talk)
    asking = MessageAsking(text)  # asked below in turn whether it asks nothing, only tells…
    if (matcher.small_talk.grieves(text) or gives_up(text)) and asking.nothing:
        # "Giá nguyên liệu lên, lỗ nặng rồi", "…người già sao mà làm nổi": venting, or giving up, even when
        # it names a policy's words.
        return Reply("complaint", texts.GRIEVANCE, small_talk="complaint")
    rest = matcher.small_talk.vents(text)
    if rest is not None and asks_nothing(rest) and not asks_outright(rest):
        # "…người ta chê nước mắm nhà mình. Buồn thiệt.": the story closes on a feeling, asking nothing.
        return Reply("complaint", texts.GRIEVANCE, small_talk="complaint")
    if asking.only_tells() and not cannot_afford(text):
        # "Hội chợ năm ngoái xếp cho nhà tôi gian cuối góc… Tiền xe còn hơn tiền bán hàng.": told, not asked.
        # A need told with the money short for it ("…phải dời vô cụm mà chi phí lớn quá") asks for help: read on.
        return Reply("complaint", texts.GRIEVANCE, small_talk="complaint")
    if matcher.small_talk.lets_down(text):
        if asking.nothing:
            # "Hứa đầu năm có đề án, giờ cuối năm rồi chẳng thấy gì": a promise or a wait let down, told in
            # a sentence (a longer story that asks nothing has had its sympathy above).
            return Reply("complaint", texts.COMPLAINT, small_talk="complaint")
        # "Trung tâm hứa gửi mẫu đơn mà chờ cả tuần chưa thấy, mẫu đơn lấy ở đâu vậy": the question is
        # asked in a clause of its own, as after a complaint; the let-down's words would blur its match.
        # Only in one sentence: a longer story has its question sentence read with its context below.
        asked = complaint_question(matcher, text) if len(sentences(text)) == 1 else None
        if asked is not None and asked.top is not None:
            return Reply("answer", snapshot.answer_card(asked.top.policy_id, today), (asked.top.policy_id,), asked)
        if asked is None and len(sentences(text)) == 1 and not (asks_outright(text) or wants(text, None)):
            # "…chưa thấy giải ngân đồng nào, 12 hộ ngày nào cũng hỏi em, trả lời kiểu gì giờ": a let-down whose
            # only question scoffs, whoever it tells of asking.
            return Reply("complaint", texts.COMPLAINT, small_talk="complaint")
    if asking.closes_on_nothing():
        # "…bao năm nay chưa từng được ai hỏi han hỗ trợ chi", "…hổng trúng ý gì hết trơn": told of what
        # never came, asking nothing.
        return Reply("complaint", texts.GRIEVANCE, small_talk="complaint")
    if matcher.small_talk.praises(text) and asking.nothing:
        return Reply("smalltalk", texts.THANKS, small_talk="thanks")  # "bot rep nhanh thật đấy"
    whole = matcher.match(text)
    opening = matcher.small_talk.opening(text)
    # Thanks and a few words that ask for nothing at all close the talk, whatever policy their words name
    # ("Cảm ơn nhiều nha, để mai tôi chuẩn bị giấy tờ.", "thanks nha, thông tin hữu ích quá").
    thanked = opening == "thanks" and asking.nothing and matcher.small_talk.closes(text)
    # "dạ em hiểu rồi. Em muốn hỏi thêm về hội chợ", "vậy là rõ rồi, thế còn hỗ trợ đào tạo", "ok lưu rồi,
    # cho em xin thêm số…": after the "ok" it turns to another matter or asks for something, asking on
    # (tested last: the costliest, and only wanted after an opening).
    if opening is not None and (opening != "greeting" or asking.nothing) and (whole.band != "answer" or thanked) \
            and not asks(text) and not asks_on(text) and not any(requests(part) for part in asking.clauses[1:]):
        # "oke bot, để mai mình gọi": thanks or "ok" and a few words that ask for no policy; a greeting
        # and a few words about oneself ("chào bạn, mình làm mộc ở Bắc Ninh") that ask for nothing at all.
        return Reply("smalltalk", _SMALL_TALK_HTML[opening], small_talk=opening)
    signed_off = matcher.small_talk.signs_off(text) if asking.nothing and not asks_outright(text) else None
    if signed_off is not None:
        # "ờ ờ, vụ chấm sản phẩm tiêu biểu thì năm sau tui mới tính, giờ biết vậy đã": it closes on having
        # noted, understood or put off what it names, asking nothing: the talk ends, no card is wanted.
        return Reply("smalltalk", _SMALL_TALK_HTML[signed_off], small_talk=signed_off)
    if matcher.small_talk.defers(text) and not ends_as_question(text):
        # "Để chị hỏi lại mấy chị trong tổ rồi tính tiếp nha": whatever words follow, it puts off.
        return Reply("smalltalk", texts.ACK, small_talk="ack")
    levy = charged_by_the_state(matcher, text)
    if levy is not None:
        # Asked about a tax the state charges: where to ask, even beside a fair's or a machine's words.
        return Reply("unknown", unknown_text(kb, levy), (), replace(whole, band="none", out_of_scope=levy))
    elsewhere = asked_elsewhere(matcher, text)
    if elsewhere is not None:
        # The weather tomorrow, where a permit is issued, fields turned to a crop (bot/matching/elsewhere.py):
        # another office's question, even beside a fair's or a workshop's words.
        return Reply("unknown", unknown_text(kb, elsewhere), (), replace(whole, band="none", out_of_scope=elsewhere))
    understood = understand(matcher, text, whole)
    result = named_in_scope(matcher, understood, text)
    both = two_questions(matcher, text, whole)
    if both is not None:
        return Reply("two", two_topics_text(kb, both), both, result)
    result = lead_only(matcher, text, result)
    if result.band == "answer" and result.top:
        policy_id = result.top.policy_id
        return Reply("answer", snapshot.answer_card(policy_id, today), (policy_id,), result)
    if result.band == "suggest":
        ids = tuple(m.policy_id for m in result.matches)
        return Reply("suggest", suggestion_text(kb, ids), ids, result)
    # The top candidates are kept: a request filed from here still gets a best guess of its topic.
    ids = tuple(m.policy_id for m in result.matches)
    return Reply("unknown", unknown_text(kb, result.out_of_scope), ids, result)
