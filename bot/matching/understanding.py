"""How the reply decision reads a message: the whole, or its question part when that is clearer (the
question sentence of a long story, what follows "cho em hỏi")."""

from __future__ import annotations

from bot.matching.asking import advice_clause, pleads_for_advice
from bot.matching.focus import (
    asked_clause,
    asks_for_any,
    question_sentence,
    refers_back,
    sentences,
)
from bot.matching.halves import run_on_want
from bot.matching.matcher import Matcher, MatchResult

BACK_IN_WHOLE = 0.5


def understand(matcher: Matcher, text: str, whole: MatchResult | None = None) -> MatchResult:
    """The match of the whole message (`whole`, when already known), or of its question part (the
    question sentence, alone or with the sentence before it, which it often refers to) when that is
    clearer. A question sentence that points back ("chính sách đó hỗ trợ những gì?") is read alone
    only when the whole message also ranks what it points to (at least BACK_IN_WHOLE of the whole's
    best score): alone it may be only its generic words."""
    best = whole if whole is not None else matcher.match(text)
    parts = sentences(text)
    if len(parts) > 1 and pleads_for_advice(parts[-1]):
        # "…có được hỗ trợ làm website không. Nhờ ad tư vấn giúp.": the plea asks for an answer to what came
        # before; its "tư vấn" would read as consulting support.
        parts = parts[:-1]
        best = matcher.match(" ".join(parts))
    clause = asked_clause(parts[-1]) if len(parts) == 1 else None
    if clause is None and len(parts) == 1 and best.band == "none" and best.out_of_scope is None:
        clause = advice_clause(parts[-1])  # "…ko biet bat dau tu dau, co ai tu van cho ko", when nothing is clear
    if clause is None and len(parts) == 1 and best.band != "answer" and (want := run_on_want(parts[-1])):
        # "…nhà em làm kẹo dừa mấy đời rồi giờ em muốn làm cái bao bì…": typed as one run, the story before
        # the want dilutes it; the want is read alone when it names its topic (not only "nhà nước hỗ trợ").
        focus = matcher.match(want)
        if focus.top is not None and matcher.names_topic(focus.top.policy_id, want) and focus.clearer_than(best):
            best = focus
    if clause is not None and (focus := matcher.match(clause)).clearer_than(best):
        best = focus  # "Em mới vào nhóm Zalo, cho em hỏi khuyến công là gì vậy": what follows "cho em hỏi"
    if len(parts) > 1:
        asked = question_sentence(parts)
        at = parts.index(asked)
        back = at > 0 and refers_back(asked)
        # "Tôi muốn học một khóa ngắn về quản lý. Bên mình có mở lớp nào không?": the story says what kind
        # of class is meant; read alone, "lớp" is any class.
        bare = at > 0 and asks_for_any(asked)
        in_whole = {m.policy_id: m.score for m in best.matches}
        floor = BACK_IN_WHOLE * best.matches[0].score if best.matches else 0.0
        for focus_text in dict.fromkeys((asked, " ".join(parts[max(0, at - 1) : at + 1]))):
            focus = matcher.match(focus_text)
            # …and with the sentence before it too ("Vợ chồng tôi mới lo được một nửa. Vậy khuyến công hỗ trợ được
            # phần nào?"): what it points to is the story's topic, which the whole message ranks.
            if back and focus.top and in_whole.get(focus.top.policy_id, 0.0) < floor:
                continue
            # "…đi học khóa quản trị sx + quản lý tài chính. KC có tổ chức ko, có mất phí ko ạ": a question sentence
            # that names no topic of what it matches asks about the sentence before it.
            if focus_text == asked and (
                bare or (at > 0 and focus.top is not None and not matcher.names_topic(focus.top.policy_id, asked))
            ):
                continue
            if focus.clearer_than(best):
                best = focus
    return best
