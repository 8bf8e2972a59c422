"""When the second half of a cut message asks no question of its own: it asks a detail of the first
("…thì được lợi gì, có được tiền thưởng không", "…kc có hỗ trợ ko vs cần bn thành viên"), or names
a topic only in a clause that says why ("…ứng trước một phần hông, chớ tiền mua máy bả đang thiếu")."""

from __future__ import annotations

import re
import unicodedata

from bot.language.text import fold
from bot.matching.focus import ends_as_question, has_question_word, requests
from bot.matching.results import MatchResult

# Words that join the parts of one question inside a sentence ("…, có được tiền thưởng không", "…bảo tồn
# nghề và tôn vinh nghệ nhân…", "…ko vs cần bn thành viên"), folded. Not "rồi", "sau đó": they order two
# asks ("…được hỗ trợ hông, rồi lớp đó có được tạm ứng tiền trước hông?").
_PART_JOINS = frozenset({"va", "voi", "vs"})
# A second half that ranks the first half's policy at this share of its own best asks about it too…
DETAIL_SHARE = 0.45
# …when the whole message ranks the second half's policy below this share of the first's.
LOPSIDED = 0.7


def _joining_words(text: str, first: str, second: str) -> list[str] | None:
    """The words between `first` and `second` in `text` ("," and "và" give ["va"]), folded; None at a
    sentence end or where the halves are not found."""
    single = unicodedata.normalize("NFC", " ".join(text.split()))
    at = single.find(second, len(first))
    if not single.startswith(first) or at < 0:
        return None
    between = single[len(first) : at]
    if re.search(r"[.?!;…]", between) or re.search(r"[.?!;…]\s*$", first):
        return None
    return re.findall(r"[a-z0-9]+", fold(between))


def details_the_first(
    text: str, first: str, second: str, a: MatchResult, b: MatchResult, in_whole: dict[str, float]
) -> bool:
    """Whether `second`, cut from `first` inside one sentence at a comma or a word that joins parts of one
    question (no word that turns to another matter), asks a detail of the first question: it ranks the
    first's policy close behind its own (the prize, the fee or the members of the same policy), while
    the whole message ranks the first's policy far ahead of the second's."""
    joined = _joining_words(text, first, second)
    if joined is None or not set(joined) <= _PART_JOINS or a.top is None or b.top is None:
        return False
    first_id, second_id = a.top.policy_id, b.top.policy_id
    first_in_second = next((m.score for m in b.matches if m.policy_id == first_id), 0.0)
    if first_in_second < DETAIL_SHARE * b.top.score:
        return False
    return in_whole.get(second_id, 0.0) < LOPSIDED * in_whole.get(first_id, 0.0)


# A clause that says why, after a comma ("…hông, chớ tiền mua máy bả đang thiếu", "…, vì xưởng mới mở"), as
# typed ("chớ", "chứ" typed plain are "cho", "chu": "cho em hỏi" asks).
_REASON = re.compile(r",\s*(?:chớ|chứ|vì|bởi vì|bởi|tại vì|vi|boi vi|tai vi)\s", re.IGNORECASE)


def without_reason(text: str) -> str:
    """A part of a message without a closing clause that says why or tells after its question, asking
    nothing ("Có được ứng trước một phần hông, chớ tiền mua máy bả đang thiếu.": "Có được ứng trước một
    phần hông"), or the part."""
    found = list(_REASON.finditer(text))[-1:]  # the last one: what closes the part
    if found and not has_question_word(text[found[0].end() :]):
        return text[: found[0].start()]
    # "…tối đa bn tiền z ad, bên e định làm dây chuyền gạch ko nung đầu tiên ở xã": a clause told after the
    # question, asking and requesting nothing, is its context; the question is what was asked.
    asked, comma, told = text.rpartition(",")
    if comma and has_question_word(asked) and "?" not in told and not ends_as_question(told) and not requests(told):
        return asked
    return text
