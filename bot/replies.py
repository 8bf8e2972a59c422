"""THE reply decision: what the bot answers to a message, used by Telegram, the console, `ask`,
`eval` and the benchmarks alike, so that they can never disagree.

Small talk (a greeting, thanks, "ok", 👍) gets a short friendly reply and a complaint an apology
with the way to a human (but the answer, when it also asks a question a policy clearly answers);
otherwise the matcher decides between an answer card, "you asked two things", "did you mean" and
an honest don't-know (saying where to ask for out-of-scope topics).
A long story is judged by its question sentence when that is clearer than the whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from bot.language.text import fold
from bot.matching.asking import asks_nothing, closes_on_nothing, only_tells, question_core, says_none
from bot.matching.complaints import complaint_question
from bot.matching.elsewhere import asked_elsewhere
from bot.matching.focus import (
    asked_clause,
    asks,
    asks_how_at_end,
    ends_as_question,
    follows_up,
    opens_back,
    question_sentence,
    refers_back,
    requests,
    sentences,
)
from bot.matching.follow_ups import details_the_first, without_reason
from bot.matching.halves import (
    WANT_WITHIN,
    cut_at_comma,
    halves,
    is_list_item,
    says_two,
    switches_topic,
    wants,
)
from bot.matching.matcher import Matcher, MatchResult
from bot.render import texts
from bot.render.cards import suggestion_text, two_topics_text, unknown_text
from bot.snapshot import Snapshot

ReplyKind = Literal["smalltalk", "complaint", "answer", "two", "suggest", "unknown"]
SMALL_TALK: frozenset[ReplyKind] = frozenset({"smalltalk", "complaint"})
# What a labelled question expects when the bot must not answer any policy.
NONE = "none"
SMALLTALK = "smalltalk"
_SMALL_TALK_HTML = {"greeting": texts.GREETING, "thanks": texts.THANKS, "ack": texts.ACK}
# Each half of a two-question message must answer on its own at least this well, in this many words.
TWO_QUESTIONS_FLOOR = 0.48
MIN_HALF_WORDS = 3
CLEAR_HALF = 0.6  # …and be this clear in its half, or score this well on the whole message:
IN_WHOLE = 0.3
# When both halves are questions of their own ("…được hỗ trợ không? Còn hồ sơ gồm những gì?", or a
# numbered list), the cut itself is the evidence: each half need only point to its policy this well,
# in this many words (fewer when it is this clear: "ai được hưởng?").
ASKED_HALF_FLOOR = 0.37
# …or this well when the second opens with a word that turns to another matter ("…có được hỗ trợ không,
# thêm nữa…", "Còn…"): the writer says that a second question starts.
SWITCHED_HALF_FLOOR = 0.34
MIN_ASKED_WORDS = 2
# A first half that states a want ("Em muốn biết mức hỗ trợ…") asks in at most this many sentences.
WANT_SENTENCES = 2
SHORT_BUT_CLEAR = 0.7
UNRANKED_HALF = 0.5
# The programme itself, as the matcher's normalised text spells it: a question that names it is about
# khuyến công whatever else it mentions ("hộ kinh doanh chưa có giấy phép có xin hỗ trợ khuyến công được
# không" is not a business-licence question).
SCOPE_NAME = "khuyen cong"
BACK_IN_WHOLE = 0.5


# A tax or duty the state charges ("bán hàng ở hội chợ có phải đóng thuế không", "thuế nhập khẩu máy dệt"),
# as typed folded: paying, declaring or being exempted from one, or a kind of one. Asked without a word of
# support, it is the tax or customs office's question whatever policy words surround it (a fair, a machine).
# Typed plain, "thue" alone may be "thuê" (rent: "hỗ trợ thuê gian hàng"), so it counts only beside such a
# verb or kind. A "lệ phí" is not here: each office charges its own (trademarks, food safety…).
_LEVY = re.compile(
    r"\b(?:dong|nop|chiu|danh|khai|mien|giam|hoan) (?P<taxed>thue)\b"
    r"|\b(?P<kind>thue (?:nhap khau|xuat khau|suat|vat|gtgt|gia tri gia tang|thu nhap|mon bai|khoan|doi ung))\b"
)
_SUPPORT = (" ho tro ", f" {SCOPE_NAME} ")


@dataclass(frozen=True)
class Reply:
    """The decision for one message and the HTML the user gets."""

    kind: ReplyKind
    html: str
    policy_ids: tuple[str, ...] = ()  # answer: the policy; two: both; suggest: the options in rank order
    match: MatchResult | None = None  # None for small talk
    small_talk: str | None = None  # greeting, thanks, ack or complaint

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


def understand(matcher: Matcher, text: str, whole: MatchResult | None = None) -> MatchResult:
    """The match of the whole message (`whole`, when already known), or of its question part (the
    question sentence, alone or with the sentence before it, which it often refers to) when that is
    clearer. A question sentence that points back ("chính sách đó hỗ trợ những gì?") is read alone
    only when the whole message also ranks what it points to (at least BACK_IN_WHOLE of the whole's
    best score): alone it may be only its generic words."""
    best = whole if whole is not None else matcher.match(text)
    parts = sentences(text)
    clause = asked_clause(parts[-1]) if len(parts) == 1 else None
    if clause is not None and (focus := matcher.match(clause)).clearer_than(best):
        best = focus  # "Em mới vào nhóm Zalo, cho em hỏi khuyến công là gì vậy": what follows "cho em hỏi"
    if len(parts) > 1:
        asked = question_sentence(parts)
        at = parts.index(asked)
        back = at > 0 and refers_back(asked)
        in_whole = {m.policy_id: m.score for m in best.matches}
        floor = BACK_IN_WHOLE * best.matches[0].score if best.matches else 0.0
        for focus_text in dict.fromkeys((asked, " ".join(parts[max(0, at - 1) : at + 1]))):
            focus = matcher.match(focus_text)
            if back and focus_text == asked and focus.top and in_whole.get(focus.top.policy_id, 0.0) < floor:
                continue
            if focus.clearer_than(best):
                best = focus
    return best


def two_questions(matcher: Matcher, text: str, whole: MatchResult) -> tuple[str, str] | None:
    """The two policies of a message that asks two things: each half answered on its own, and each
    policy either clear in its half or already a candidate for the whole message (so that a tail of
    generic words, "có được hỗ trợ học phí không", does not make a second question)."""
    in_whole = {m.policy_id: m.score for m in whole.matches}
    announced = says_two(text)
    best: tuple[float, tuple[str, str]] | None = None
    for first, second in halves(text):
        # The second half first: most cuts fail on it, and then the first half need not be matched.
        # A closing clause that says why ("…hông, chớ tiền mua máy bả đang thiếu") is context, not asked.
        asked_half = without_reason(second)
        b = _half(matcher, asked_half)
        if b.top is None or b.out_of_scope is not None:
            continue
        # The second half often only asks more about the first's topic ("…, có mất phí không", "…, và hỗ
        # trợ bao nhiêu?", "cơ sở nhỏ có làm được không"): it is a question of its own when it names its
        # policy's topic, not when it only meets words of one of its examples.
        if not matcher.names_topic(b.top.policy_id, asked_half):
            continue
        # A second half whose question sentence opens by drawing on what was said ("…hỏi chi cũng lắc đầu.
        # Rứa chừ cơ sở…", "…đã hết. Vậy lớp…") asks the one question the story leads to.
        if _opens_back_sentence(text, question_sentence(sentences(second))):
            continue
        a = _half(matcher, first)
        if a.top is None or a.out_of_scope is not None or a.top.policy_id == b.top.policy_id:
            continue
        if not announced and details_the_first(text, first, second, a, b, in_whole):
            continue
        weakest = min(a.top.score, b.top.score)
        switched = switches_topic(text, second)
        if not (
            _both_asked(first, second, a, b, in_whole, switched, cut_at_comma(text, first, second))
            # A first half that only tells ("…tính lắp một dây chuyền mới" before "…gọi là mô hình trình diễn.
            # Nếu làm thì được hỗ trợ bao nhiêu?") is the story of the one question, not a question of its own.
            or (_two_clear_halves(a, b, in_whole) and not only_tells(first))
            or (announced and _two_announced_halves(a, b))
        ):
            continue
        if best is None or weakest > best[0]:
            best = (weakest, (a.top.policy_id, b.top.policy_id))
    return best[1] if best else None


def _opens_back_sentence(text: str, sentence: str) -> bool:
    """Whether `sentence` of `text` opens a sentence of the message (not a clause after a comma: "…nước thải,
    vậy khuyến công có hỗ trợ…") with a word that draws on what was said before it."""
    at = text.find(sentence)
    return at > 0 and text[:at].rstrip()[-1:] in (".", "?", "!", "…", "") and opens_back(sentence)


def _half(matcher: Matcher, half: str) -> MatchResult:
    """A half of a two-question message as understood, or its question without the purpose or the
    alternative that follows it, when that is clearer ("…hạn cuối là lúc nào để kịp vào kế hoạch năm
    sau?" says why, not what is asked; bot.matching.focus.question_core)."""
    whole = understand(matcher, half)
    # "…chưa có hệ thống xử lý nước thải, vậy khuyến công có hỗ trợ cụm làm hạ tầng không": the story
    # before "vậy" says why, the clause after it what is asked.
    told = re.search(r"^.*,\s*(?=(?:vậy|vay|thế thì|the thi)\s)", half, flags=re.IGNORECASE | re.DOTALL)
    for part in dict.fromkeys((question_core(half), half[told.end() :] if told else half)):
        if part != half and (asked := understand(matcher, part)).clearer_than(whole):
            whole = asked
    return whole


def _two_clear_halves(a: MatchResult, b: MatchResult, in_whole: dict[str, float]) -> bool:
    """Both halves answered, long enough, and each clear in its half or a candidate for the whole."""
    if a.band != "answer" or b.band != "answer" or a.top is None or b.top is None:
        return False
    if min(len(a.normalized.split()), len(b.normalized.split())) < MIN_HALF_WORDS:
        return False
    if not all(m.score >= CLEAR_HALF or in_whole.get(m.policy_id, 0.0) >= IN_WHOLE for m in (a.top, b.top)):
        return False
    return min(a.top.score, b.top.score) >= TWO_QUESTIONS_FLOOR


def _two_announced_halves(a: MatchResult, b: MatchResult) -> bool:
    """In a message that says it asks two things ("…cả hai có được hỗ trợ không"), each half need
    only be answered, or point to its policy as well as a question of its own must, one answered."""
    if "answer" not in (a.band, b.band) or a.top is None or b.top is None:
        return False
    return all(
        len(half.normalized.split()) >= MIN_ASKED_WORDS
        and (half.band == "answer" or (half.band == "suggest" and top.score >= ASKED_HALF_FLOOR))
        for half, top in ((a, a.top), (b, b.top))
    )


def _both_asked(
    first: str, second: str, a: MatchResult, b: MatchResult, in_whole: dict[str, float], switched: bool, comma: bool
) -> bool:
    """Two questions of their own (each ends as a question; or the second is a list item, turns to
    another matter with "còn", "ngoài ra"… or follows up with "nếu được thì…", and ends as a question
    or asks for something: "cho mình xin số điện thoại…"), at least one answered
    and each pointing to its policy well enough: a policy only suggested in its half must also be a
    candidate for the whole message, one the whole does not rank must be clear in its half (so that
    a tail such as "có được hỗ trợ không" makes no second question)."""
    # "…được hỗ trợ bao nhiêu một lớp, với cho tui xin số điện thoại…": how much, asked near the end; "Em
    # muốn biết mức hỗ trợ…. Ngoài ra…": a want that names a topic asks about it, unless told at the end of a
    # longer story ("…bị nhắc mấy lần. Tôi muốn đổi cách làm để đỡ tốn nhiên liệu và sạch hơn…") or before a
    # bare comma ("…muốn lập chung một hội, có ai hỗ trợ giấy tờ không": what the one question is about).
    # Where the writer marks the second question ("…muốn liên kết lại làm ăn chung, à mà…"), a want later in
    # a long clause ("Mấy cơ sở đóng thuyền ở Quỳnh Lưu muốn…") is theirs too.
    stated = wants(first, None if switched else WANT_WITHIN)
    wanted = stated and len(sentences(first)) <= WANT_SENTENCES and (switched or not comma)
    # "…chưa nghiệm thu, chưa nhận đồng nào.", "…cán bộ mới không ai biết khuyến công là chi": a question word
    # under a negation says "nothing", "nobody": it asks nothing.
    first_asks = (ends_as_question(first) and not says_none(first)) or asks_how_at_end(first) or wanted
    listed = is_list_item(second)
    opens = first_asks or listed or switched or follows_up(second)
    # The second question may be followed by what the asker says about themselves ("…những ai thì được
    # hưởng? Nhà tôi làm đậu phụ thôi."): its question sentence is what must end as a question.
    asked = question_sentence(sentences(second)) if second.strip() else second
    if not (opens and (ends_as_question(asked) or requests(second) or wants(asked))):
        return False
    # A turn to another matter after a story that neither asks nor wants ("…có 15 thợ. Ngoài ra tôi còn có
    # một cửa hàng…") adds to the story: the first half must ask something of its own.
    if (switched or listed) and not first_asks:
        return False
    if "answer" not in (a.band, b.band):
        return False
    floor = SWITCHED_HALF_FLOOR if switched or listed else ASKED_HALF_FLOOR
    # Where the writer marks the second question ("…, với lại…", "Thứ hai, …") or asks each in a sentence
    # of its own, a half answered on its own need not be a candidate for the whole message.
    marked = switched or listed or (first.rstrip().endswith("?") and asked.rstrip().endswith("?"))
    for half in (a, b):
        if half.band == "none" or half.top is None or half.top.score < floor:
            return False
        if len(half.normalized.split()) < MIN_ASKED_WORDS and half.top.score < SHORT_BUT_CLEAR:
            return False
        ranked = half.top.policy_id in in_whole
        if not ranked and (half.band != "answer" or (half.top.score < UNRANKED_HALF and not marked)):
            return False
    return True


def turns_to_another(text: str) -> bool:
    """Whether a message turns to another matter part-way ("…không? Còn nếu…"): it may ask two things."""
    return any(switches_topic(text, second) for _, second in halves(text))


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
    if found is None or any(word in f" {matcher.match(text).normalized} " for word in _SUPPORT):
        return None
    return matcher.match(found.group("kind") or found.group("taxed")).out_of_scope


def reply_for(snapshot: Snapshot, text: str, today: date) -> Reply:
    """Decide and render the reply to `text` on `today`."""
    kb, matcher = snapshot.kb, snapshot.matcher
    small_talk = matcher.small_talk.classify(text)
    if small_talk == "complaint":
        asked = complaint_question(matcher, text)
        if asked is None or asked.top is None:
            return Reply("complaint", texts.COMPLAINT, small_talk=small_talk)
        # The question part is what is asked: the complaint's words would only blur its match.
        return Reply("answer", snapshot.answer_card(asked.top.policy_id, today), (asked.top.policy_id,), asked)
    if small_talk is not None:
        return Reply("smalltalk", _SMALL_TALK_HTML[small_talk], small_talk=small_talk)
    if matcher.small_talk.grieves(text) and asks_nothing(text):
        # "Giá nguyên liệu lên, lỗ nặng rồi": venting, even when it names a policy's words.
        return Reply("complaint", texts.GRIEVANCE, small_talk="complaint")
    rest = matcher.small_talk.vents(text)
    if rest is not None and asks_nothing(rest):
        # "…người ta chê nước mắm nhà mình. Buồn thiệt.": the story closes on a feeling, asking nothing.
        return Reply("complaint", texts.GRIEVANCE, small_talk="complaint")
    if only_tells(text):
        # "Hội chợ năm ngoái xếp cho nhà tôi gian cuối góc… Tiền xe còn hơn tiền bán hàng.": told, not asked.
        return Reply("complaint", texts.GRIEVANCE, small_talk="complaint")
    if matcher.small_talk.lets_down(text):
        if asks_nothing(text):
            # "Hứa đầu năm có đề án, giờ cuối năm rồi chẳng thấy gì": a promise or a wait let down, told in
            # a sentence (a longer story that asks nothing has had its sympathy above).
            return Reply("complaint", texts.COMPLAINT, small_talk="complaint")
        # "Trung tâm hứa gửi mẫu đơn mà chờ cả tuần chưa thấy, mẫu đơn lấy ở đâu vậy": the question is
        # asked in a clause of its own, as after a complaint; the let-down's words would blur its match.
        # Only in one sentence: a longer story has its question sentence read with its context below.
        asked = complaint_question(matcher, text) if len(sentences(text)) == 1 else None
        if asked is not None and asked.top is not None:
            return Reply("answer", snapshot.answer_card(asked.top.policy_id, today), (asked.top.policy_id,), asked)
    if closes_on_nothing(text):
        # "…bao năm nay chưa từng được ai hỏi han hỗ trợ chi", "…hổng trúng ý gì hết trơn": told of what
        # never came, asking nothing.
        return Reply("complaint", texts.GRIEVANCE, small_talk="complaint")
    if matcher.small_talk.praises(text) and asks_nothing(text):
        return Reply("smalltalk", texts.THANKS, small_talk="thanks")  # "bot rep nhanh thật đấy"
    whole = matcher.match(text)
    opening = matcher.small_talk.opening(text)
    told = opening != "greeting" or asks_nothing(text)
    # Thanks and a few words that ask for nothing at all close the talk, whatever policy their words name
    # ("Cảm ơn nhiều nha, để mai tôi chuẩn bị giấy tờ.", "thanks nha, thông tin hữu ích quá").
    thanked = opening == "thanks" and asks_nothing(text) and matcher.small_talk.closes(text)
    if opening is not None and (whole.band != "answer" or thanked) and not asks(text) and told:
        # "oke bot, để mai mình gọi": thanks or "ok" and a few words that ask for no policy; a greeting
        # and a few words about oneself ("chào bạn, mình làm mộc ở Bắc Ninh") that ask for nothing at all.
        return Reply("smalltalk", _SMALL_TALK_HTML[opening], small_talk=opening)
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
