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
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from bot.language.text import fold, surface_tokens
from bot.matching.focus import (
    asks,
    asks_how,
    asks_the_service,
    ends_as_question,
    follows_up,
    halves,
    is_list_item,
    question_sentence,
    refers_back,
    requests,
    says_two,
    scoffs,
    sentences,
    switches_topic,
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
_BAND_RANK = {"answer": 2, "suggest": 1, "none": 0}
# A question part in the whole's band must score this much more to replace it: closer is the same evidence.
FOCUS_MARGIN = 0.01
# Each half of a two-question message must answer on its own at least this well, in this many words.
TWO_QUESTIONS_FLOOR = 0.48
MIN_HALF_WORDS = 3
CLEAR_HALF = 0.6  # …and be this clear in its half, or score this well on the whole message:
IN_WHOLE = 0.3
# When both halves are questions of their own ("…được hỗ trợ không? Còn hồ sơ gồm những gì?", or a
# numbered list), the cut itself is the evidence: each half need only point to its policy this well,
# in this many words (fewer when it is this clear: "ai được hưởng?").
ASKED_HALF_FLOOR = 0.4
MIN_ASKED_WORDS = 2
SHORT_BUT_CLEAR = 0.7
UNRANKED_HALF = 0.5
# The programme itself, as the matcher's normalised text spells it: a question that names it is about
# khuyến công whatever else it mentions ("hộ kinh doanh chưa có giấy phép có xin hỗ trợ khuyến công được
# không" is not a business-licence question).
SCOPE_NAME = "khuyen cong"
_CLAUSE_END = re.compile(r"\s*,\s*")
# A complaint's question part has at least this many words ("…chưa thấy kết quả gì" asks nothing).
MIN_COMPLAINT_QUESTION = 3
BACK_IN_WHOLE = 0.5
# A message of at least this many sentences and words that asks nothing is told, not asked (only_tells).
STORY_SENTENCES = 2
STORY_WORDS = 15
# Words by which a message without a question still asks for something ("em muốn làm lại nhãn…",
# "nhờ bên mình tư vấn giúp"), as typed: folded, "nhờ" would be "nhỏ" as well ("xin chào" greets).
_WANTS = re.compile(r"\b(?:muốn|mún|muon|cần|can|nhờ|xin(?! chào| chao)|tư vấn|tu van|hướng dẫn|huong dan|hỏi|hoi)\b")
# …but "lúc cần", "khi cần" ("lúc cần thì không thấy đâu") say when, not what the writer wants.
_WHEN_NEEDED = re.compile(r"\b(?:lúc|luc|khi) (?:cần|can)\b")
# …and "hỏi" followed within a few words by "rồi", "mà", "thì", "hoài", "cũng"… tells of asking done
# before ("hỏi mấy lần rồi mà…", "lên phường hỏi thì…", "hỏi cái gì cũng bảo…"), not a question now.
_ASKED_BEFORE = re.compile(r"\b(?:hỏi|hoi)(?: \w+){0,3}? (?:rồi|mà|thì|hoài|mãi|miết|cũng|roi|hoai|miet)\b")


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


def _better(focus: MatchResult, whole: MatchResult) -> bool:
    """Whether the question part says more clearly than the whole message what is asked: a better
    band, or the same band with a higher score (an out-of-scope question sentence counts as clear)."""
    if focus.out_of_scope is not None and whole.band != "answer":
        return True
    f_top, w_top = focus.top, whole.top
    if _BAND_RANK[focus.band] != _BAND_RANK[whole.band]:
        return _BAND_RANK[focus.band] > _BAND_RANK[whole.band] and focus.out_of_scope is None
    if f_top is None or (w_top is not None and f_top.score <= w_top.score + FOCUS_MARGIN):
        return False
    # A part that cannot tell two policies apart is no clearer than a whole that can.
    return w_top is None or not focus.tied or whole.tied


def understand(matcher: Matcher, text: str, whole: MatchResult | None = None) -> MatchResult:
    """The match of the whole message (`whole`, when already known), or of its question part (the
    question sentence, alone or with the sentence before it, which it often refers to) when that is
    clearer. A question sentence that points back ("chính sách đó hỗ trợ những gì?") is read alone
    only when the whole message also ranks what it points to (at least BACK_IN_WHOLE of the whole's
    best score): alone it may be only its generic words."""
    best = whole if whole is not None else matcher.match(text)
    parts = sentences(text)
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
            if _better(focus, best):
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
        b = understand(matcher, second)
        if b.top is None or b.out_of_scope is not None:
            continue
        # The second half often only asks more about the first's topic ("…, có mất phí không", "…, và hỗ
        # trợ bao nhiêu?", "cơ sở nhỏ có làm được không"): it is a question of its own when it names its
        # policy's topic, not when it only meets words of one of its examples.
        if not matcher.names_topic(b.top.policy_id, second):
            continue
        a = understand(matcher, first)
        if a.top is None or a.out_of_scope is not None or a.top.policy_id == b.top.policy_id:
            continue
        weakest = min(a.top.score, b.top.score)
        switched = switches_topic(text, second)
        if not (
            _both_asked(first, second, a, b, in_whole, switched)
            # A first half that only tells ("…tính lắp một dây chuyền mới" before "…gọi là mô hình trình diễn.
            # Nếu làm thì được hỗ trợ bao nhiêu?") is the story of the one question, not a question of its own.
            or (_two_clear_halves(a, b, in_whole) and not only_tells(first))
            or (announced and _two_announced_halves(a, b))
        ):
            continue
        if best is None or weakest > best[0]:
            best = (weakest, (a.top.policy_id, b.top.policy_id))
    return best[1] if best else None


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
    first: str, second: str, a: MatchResult, b: MatchResult, in_whole: dict[str, float], switched: bool
) -> bool:
    """Two questions of their own (each ends as a question; or the second is a list item, turns to
    another matter with "còn", "ngoài ra"… or follows up with "nếu được thì…", and ends as a question
    or asks for something: "cho mình xin số điện thoại…"), at least one answered
    and each pointing to its policy well enough: a policy only suggested in its half must also be a
    candidate for the whole message, one the whole does not rank must be clear in its half (so that
    a tail such as "có được hỗ trợ không" makes no second question)."""
    opens = ends_as_question(first) or is_list_item(second) or switched or follows_up(second)
    # The second question may be followed by what the asker says about themselves ("…những ai thì được
    # hưởng? Nhà tôi làm đậu phụ thôi."): its question sentence is what must end as a question.
    asked = question_sentence(sentences(second)) if second.strip() else second
    if not (opens and (ends_as_question(asked) or requests(second))):
        return False
    if "answer" not in (a.band, b.band):
        return False
    for half in (a, b):
        if half.band == "none" or half.top is None or half.top.score < ASKED_HALF_FLOOR:
            return False
        if len(half.normalized.split()) < MIN_ASKED_WORDS and half.top.score < SHORT_BUT_CLEAR:
            return False
        ranked = half.top.policy_id in in_whole
        if not ranked and (half.band != "answer" or half.top.score < UNRANKED_HALF):
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
    the text as typed (the lexicon reads "đề án khuyến công" as "đề án", dropping the name)."""
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


def complaint_question(matcher: Matcher, text: str) -> MatchResult | None:
    """The clear answer to a question that a complaint also asks, or None: a clause before or after
    the complaint ("xưởng bị dân khiếu nại nước thải, có hỗ trợ làm hệ thống xử lý không"), or the
    words after it in its clause ("…mà chưa thấy kết quả thì bao lâu mới được duyệt vậy").

    The question part must ask by its own words (it ends as a question, asks how long, how much, how
    or where, or asks for something), in at least MIN_COMPLAINT_QUESTION words that are not small talk
    themselves. It is answered when the matcher answers it alone; or, when it asks how long, how much,
    how or where ("thì bao lâu mới được duyệt" leans on the "nộp hồ sơ" told before it), when it
    ranks the policy that the message read without its complaint words clearly answers. Venting asks
    nothing, and a question about the service ("sao không ai trả lời vậy?") is a complaint itself:
    the apology stays."""
    reader = matcher.small_talk
    context: MatchResult | None = None
    for clause in clauses(text):
        asked = reader.outside_complaint(clause)[1]
        if len(asked.split()) < MIN_COMPLAINT_QUESTION or reader.classify(asked) is not None:
            continue
        if clause.rstrip().endswith("?"):
            asked += "?"
        if scoffs(asked) or asks_the_service(asked):
            continue
        if not (ends_as_question(asked) or asks_how(asked) or requests(asked)):
            continue
        alone = matcher.match(asked)
        if alone.band == "answer":
            return alone
        if not asks_how(asked):
            continue
        if context is None:
            context = matcher.match(reader.outside_complaint(text)[0])
        if context.band == "answer" and context.top and context.top.policy_id in {m.policy_id for m in alone.matches}:
            return context
    return None


def clauses(text: str) -> list[str]:
    """The message's sentences cut at their commas too."""
    return [clause for part in sentences(text) for clause in _CLAUSE_END.split(part) if clause.strip()]


def asks_nothing(text: str) -> bool:
    """Whether a message neither asks a question (no question mark, no sentence ending as one, no
    clause asking how much, how long or where: "khổ quá, ở vùng khó khăn thì được bao nhiêu phần trăm")
    nor asks for anything ("muốn", "nhờ", "xin"…): it only tells."""
    typed = _ASKED_BEFORE.sub(" ", _WHEN_NEEDED.sub(" ", unicodedata.normalize("NFC", text).casefold()))
    if "?" in text or _WANTS.search(typed) or any(asks_how(clause) for clause in clauses(text)):
        return False
    return not any(ends_as_question(part) or requests(part) for part in sentences(text))


def only_tells(text: str) -> bool:
    """Whether a message is a story of its own that asks nothing anywhere: at least STORY_SENTENCES
    sentences and STORY_WORDS words, no question mark, no sentence or clause that ends as a question
    or asks for something. Its writer reports or vents ("gọi ba lần không ai nhấc máy… mất cả buổi"),
    and a policy card would answer a question nobody asked, however many policy words the story names."""
    if len([part for part in sentences(text) if surface_tokens(part)]) < STORY_SENTENCES:
        return False
    if len(surface_tokens(text)) < STORY_WORDS or not asks_nothing(text):
        return False
    return not any(ends_as_question(clause) or requests(clause) for clause in clauses(text))


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
    whole = matcher.match(text)
    opening = matcher.small_talk.opening(text)
    told = opening != "greeting" or asks_nothing(text)
    if opening is not None and whole.band != "answer" and not asks(text) and told:
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
    understood = understand(matcher, text, whole)
    result = named_in_scope(matcher, understood, text if understood.normalized == whole.normalized else None)
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
