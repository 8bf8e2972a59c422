"""The two policies of a message that asks two things (where it is cut is bot.matching.halves): each
half answered on its own, asked as a question of its own, and not merely a detail of the first."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.language.text import fold
from bot.matching.asking import only_tells, pleads_for_advice, question_core, says_none
from bot.matching.focus import (
    asks_how_at_end,
    asks_when,
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
    wanted_clause,
    wants,
)
from bot.matching.matcher import Matcher, MatchResult
from bot.matching.results import NEAR_TIE
from bot.matching.understanding import understand

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
# …or this well when the half is one sentence and the whole message also ranks its policy among its
# candidates: the two readings agree on the topic, so the half's own words may be fewer or vaguer ("…logo,
# bao bì…: có hỗ trợ thiết kế không"). Not a half that tells a story: its words blur both readings.
RANKED_HALF_FLOOR = 0.33
MIN_ASKED_WORDS = 2
# A first half that states a want ("Em muốn biết mức hỗ trợ…") asks in at most this many sentences.
WANT_SENTENCES = 2
SHORT_BUT_CLEAR = 0.7
UNRANKED_HALF = 0.5
# A marked second half asks about a policy it ranks below its best when that scores this share of the best.
OWN_SHARE = 0.75


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
        # A second half whose question sentence opens by drawing on what was said ("…hỏi chi cũng lắc đầu.
        # Rứa chừ cơ sở…", "…đã hết. Vậy lớp…") asks the one question the story leads to (told by its
        # words alone: before any half is matched).
        if second.strip() and _opens_back_sentence(text, question_sentence(sentences(second))):
            continue
        if _tells_not_knowing(second, first):
            continue  # "…có tư vấn lập dự án không ạ? Em tính mở rộng xưởng mà không biết tính toán sao ạ.": context
        asked_half = without_reason(second)
        if pleads_for_advice(asked_half):
            continue  # "…làm website không. Nhờ ad tư vấn giúp.": the plea asks about the first half
        b = _half(matcher, asked_half, told_two=announced)
        if b.top is None or b.out_of_scope is not None:
            continue
        # The second half often only asks more about the first's topic ("…, có mất phí không", "…, và hỗ
        # trợ bao nhiêu?", "cơ sở nhỏ có làm được không"): it is a question of its own when it names its
        # policy's topic, not when it only meets words of one of its examples.
        switched = switches_topic(text, second)
        if not matcher.names_topic(b.top.policy_id, asked_half) and not switched:
            continue
        a = _half(matcher, first, told_two=announced)
        # A message that says it asks two things ("hai việc này") vouches for its first half's story.
        if a.top is None or a.out_of_scope is not None:
            continue
        if not announced and not _asked_in_first(matcher, first, a.top.policy_id):
            continue
        # "…bao giờ mở đăng ký, còn đạt giải rồi thì có được ưu tiên đi hội chợ không?": a second question the
        # writer marks may carry words of the first along; what it asks is the topic it names of its own.
        own = _own_policy(matcher, b, asked_half, a.top.policy_id) if switched else b
        b_top = own.top if own is not None else None
        if own is None or b_top is None or not matcher.names_topic(b_top.policy_id, asked_half):
            continue
        b = own
        # A first half that ties two policies is settled by the whole message's ranking.
        a = _tie_settled(a, in_whole, b_top.policy_id)
        a = _own_sentence(matcher, first, a, b_top.policy_id)
        a_top = a.top
        if a_top is None or a_top.policy_id == b_top.policy_id:
            continue
        if not announced and details_the_first(text, first, second, a, b, in_whole):
            continue
        weakest = min(a_top.score, b_top.score)
        if not (
            _both_asked(first, second, a, b, in_whole, switched, cut_at_comma(text, first, second))
            # A first half that only tells ("…tính lắp một dây chuyền mới" before "…gọi là mô hình trình diễn.
            # Nếu làm thì được hỗ trợ bao nhiêu?") is the story of the one question, not a question of its own.
            or (_two_clear_halves(a, b, in_whole) and not only_tells(first))
            or (announced and _two_announced_halves(a, b))
        ):
            continue
        if best is None or weakest > best[0]:
            best = (weakest, (a_top.policy_id, b_top.policy_id))
    return best[1] if best else None


def _asked_in_first(matcher: Matcher, first: str, policy_id: str) -> bool:
    """Whether a first half of several sentences asks about its policy: its question sentence, or a sentence
    that states a want ("Xưởng em muốn xin kinh phí đào tạo nghề…. Thủ tục xin thế nào"), must rank it first
    when read alone. In "…Bạn tôi nói… Còn tôi nghĩ chỉ nghề truyền thống mới được. Ai đúng ai sai?" the
    policy comes from the story, the question asks nothing of its own. A question sentence that points back
    ("Cái đó có được hỗ trợ không?") asks about the story's topic."""
    parts = sentences(first)
    if len(parts) < 2:
        return True
    asked = question_sentence(parts)
    if refers_back(asked):
        return True
    # Its last sentence is where the cut fell: the opening of the sentence that asks both ("…cụm công nghiệp
    # nhỏ. Khuyến công hỗ trợ thành lập hiệp hội | và làm hạ tầng cụm ra sao?").
    deciding = [part for part in parts if part in (asked, parts[-1]) or wants(part, None)]
    return any((top := matcher.match(part).top) is not None and top.policy_id == policy_id for part in deciding)


def _own_policy(matcher: Matcher, b: MatchResult, second: str, first_id: str) -> MatchResult | None:
    """The match of a marked second half with its own policy first: its best when that is not the first
    half's and the half names its topic, else the best-ranked after it (at least OWN_SHARE of the best)
    whose topic the second half names; None when there is none."""
    top = b.top
    if top is None or (top.policy_id != first_id and matcher.names_topic(top.policy_id, second)):
        return b
    for at, candidate in enumerate(b.matches[1:], start=1):
        if candidate.score < OWN_SHARE * top.score:
            break
        if candidate.policy_id == first_id or not matcher.names_topic(candidate.policy_id, second):
            continue
        return replace(b, matches=(candidate, *b.matches[:at], *b.matches[at + 1 :]))
    return None


def _own_sentence(matcher: Matcher, first: str, a: MatchResult, other_id: str) -> MatchResult:
    """A first half read as the question it ends on, when read whole it asks the second half's policy
    (`other_id`) and that sentence alone answers another ("…góp vốn làm hạ tầng cho một cụm công nghiệp nhỏ.
    Khuyến công hỗ trợ việc liên kết và hỗ trợ hạ tầng cụm như thế nào?"): the story before it is the
    context of both questions, and the second half already asks what the story names."""
    parts = sentences(first)
    if a.top is None or a.top.policy_id != other_id or len(parts) < 2:
        return a
    own = matcher.match(parts[-1])
    if own.band != "answer" or own.top is None or own.top.policy_id == other_id:
        return a
    return own


def _tie_settled(half: MatchResult, in_whole: dict[str, float], other_id: str) -> MatchResult:
    """A first half whose two best policies tie ("Làm mô hình trình diễn lò sấy… tiết kiệm năng lượng…": a
    model, or cleaner production) with the one the whole message ranks higher first: the rest of the
    message says which of the two its writer means. Not when that one is the other half's policy
    (`other_id`): the whole ranks it high for the other half's words, not for this half's."""
    if len(half.matches) < 2 or half.matches[0].score - half.matches[1].score >= NEAR_TIE:
        return half
    best, runner_up, *rest = half.matches
    if runner_up.policy_id == other_id or in_whole.get(runner_up.policy_id, 0.0) <= in_whole.get(best.policy_id, 0.0):
        return half
    return replace(half, matches=(runner_up, best, *rest))


def _opens_back_sentence(text: str, sentence: str) -> bool:
    """Whether `sentence` of `text` opens a sentence of the message (not a clause after a comma: "…nước thải,
    vậy khuyến công có hỗ trợ…") with a word that draws on what was said before it."""
    at = text.find(sentence)
    return at > 0 and text[:at].rstrip()[-1:] in (".", "?", "!", "…", "") and opens_back(sentence)


def _half(matcher: Matcher, half: str, told_two: bool = False) -> MatchResult:
    """A half of a two-question message as understood, or its question without the purpose or the
    alternative that follows it, when that is clearer ("…hạn cuối là lúc nào để kịp vào kế hoạch năm
    sau?" says why, not what is asked; bot.matching.focus.question_core). In a message that says it asks
    two things (`told_two`), a half that tells is read without its closing question of both, and may be
    read at the clause that says what is wanted."""
    closing = re.search(r"(?:^|[,:;.?!])\s*([^,:;.?!]*)[\s.?!…]*$", half)
    told = half[: closing.start(1)].strip(" ,:;") if closing else ""
    if told_two and closing and told and says_two(closing.group(1)):
        # "…Song song, em muốn làm lại bao bì. Hai việc này có được giúp không?": the closing clause asks of
        # both things told and names neither; the half asks about what it tells.
        half = told
    whole = understand(matcher, half)
    # "…chưa có hệ thống xử lý nước thải, vậy khuyến công có hỗ trợ cụm làm hạ tầng không": the story
    # before "vậy" says why, the clause after it what is asked.
    then = re.search(r"^.*,\s*(?=(?:vậy|vay|thế thì|the thi)\s)", half, flags=re.IGNORECASE | re.DOTALL)
    # "…thợ giỏi thì già dần, cần dạy thêm chừng 20 thợ mới trong xã. Song song, … Cho em hỏi hai việc này…":
    # the first of the two things told is what its want clause names. Only there: elsewhere a want clause cut
    # out of one question ("…muốn có chỗ trưng bày và lưu giữ…") is no question of its own.
    wanted = (wanted_clause(half) if told_two else None) or half
    for part in dict.fromkeys((question_core(half), half[then.end() :] if then else half, wanted)):
        if part != half and (asked := understand(matcher, part)).clearer_than(whole):
            whole = asked
    return whole


# "…Sổ sách lộn xộn, tôi không biết giá thành từng sản phẩm là bao nhiêu. … có cử chuyên gia về không ạ?": a
# writer who closes a question with "?" tells in a sentence closed by "." what they do not know, folded.
# Not "Chưa rõ thì tôi liên hệ ai…": "if it is unclear", a condition of what is asked next.
_NOT_KNOWING = re.compile(r"\b(?:khong|chua|chang|cha) (?:biet|ro)\b(?! thi\b)")


def _tells_not_knowing(half: str, other: str) -> bool:
    """Whether one half closes, with a full stop, on what its writer does not know (asking for nothing) while
    the other half asks with a question mark: the problem told, not a question of its own."""
    told = half.rstrip()
    if not (told.endswith(".") and "?" in other and "?" not in told):
        return False
    last = sentences(told)[-1]
    return _NOT_KNOWING.search(fold(last)) is not None and not any(requests(part) for part in last.split(","))


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
    # …and where the writer marks the second question, a first that asks when anywhere in its clause asks.
    asked_when = switched and asks_when(first)
    ends_asking = (ends_as_question(first) and not says_none(first)) or asks_how_at_end(first)
    first_asks = (ends_asking and not _tells_not_knowing(first, second)) or wanted or asked_when
    listed = is_list_item(second)
    opens = first_asks or listed or switched or follows_up(second)
    # The second question may be followed by what the asker says about themselves ("…những ai thì được
    # hưởng? Nhà tôi làm đậu phụ thôi."): its question sentence is what must end as a question.
    asked = question_sentence(sentences(second)) if second.strip() else second
    # "…nên gọi ai ở Sở để hỏi, cho tôi số luôn.": a request may close the half in a clause of its own.
    asked_for = any(requests(clause) for clause in re.split(r"\s*,\s*", second))
    # "…nếu có thì gọi số nào để hỏi ạ": a question may close on what it is for.
    if not (opens and (ends_as_question(question_core(asked)) or asked_for or wants(asked))):
        return False
    # A turn to another matter after a story that neither asks nor wants ("…có 15 thợ. Ngoài ra tôi còn có
    # một cửa hàng…") adds to the story: the first half must ask something of its own.
    if (switched or listed) and not first_asks:
        return False
    if "answer" not in (a.band, b.band):
        return False
    own_floor = SWITCHED_HALF_FLOOR if switched or listed else ASKED_HALF_FLOOR
    # Where the writer marks the second question ("…, với lại…", "Thứ hai, …") or asks each in a sentence
    # of its own, a half answered on its own need not be a candidate for the whole message.
    marked = switched or listed or (first.rstrip().endswith("?") and asked.rstrip().endswith("?"))
    for text, half in ((first, a), (second, b)):
        if half.band == "none" or half.top is None:
            return False
        agreed = half.top.policy_id in in_whole and len(sentences(text)) == 1
        floor = min(own_floor, RANKED_HALF_FLOOR) if agreed else own_floor
        if half.top.score < floor:
            return False
        if len(half.normalized.split()) < MIN_ASKED_WORDS and half.top.score < SHORT_BUT_CLEAR:
            return False
        ranked = half.top.policy_id in in_whole
        if not ranked and (half.band != "answer" or (half.top.score < UNRANKED_HALF and not marked)):
            return False
    return True
