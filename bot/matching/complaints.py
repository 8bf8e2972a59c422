"""The question a complaint also asks ("Gọi tổng đài hoài không ai nghe, thì trung tâm … ở địa chỉ
nào…"): read without the complaint's words, which would only blur its match. Used by the reply
decision (bot/replies.py)."""

from __future__ import annotations

import re
import unicodedata

from bot.language.smalltalk import SmallTalkReader
from bot.language.text import fold
from bot.matching.asking import (
    asks_how_not_none,
    asks_outright,
    clauses,
    ends_asking,
    gives_up,
    question_core,
    says_none,
)
from bot.matching.focus import asks_how, asks_the_service, requests, scoffs, sentences
from bot.matching.matcher import Matcher
from bot.matching.results import MatchResult

# A complaint's question part has at least this many words ("…chưa thấy kết quả gì" asks nothing).
MIN_COMPLAINT_QUESTION = 3
# …and one of at most this many words may lean on the story for its subject ("Tiêu chí chấm là gì vậy?").
MAX_LEANING_QUESTION = 6
# "số nào", "địa chỉ nào", "chỗ nào": which one (not "thế nào" how, "lúc nào", "khi nào" when), folded.
_WHICH_ONE = re.compile(r"\b(?!the |luc |khi |hoi |bua )[a-z]+ nao\b")
# "có … không" asks yes or no, wherever it stands in a clause typed without commas (folded).
_YES_NO = re.compile(r"\bco\b(?: [a-z0-9]+){1,8}? (?:khong|ko|hong|k)\b")
# …closed by its "không" and perhaps a word of address, folded.
_CLOSES_YES_NO = re.compile(r"^(?:khong|ko|hong|hok|k)(?: [a-z]+)?$")
# What was asked and what came back instead ("tui hỏi máy móc mà nói chuyện hội chợ gì đâu"), folded.
_ASKED_BUT_TOLD = re.compile(r"\bhoi\b(?: \w+){1,5}? ma (?:\w+ )?(?:noi|tra loi|rep|chi|dua|bao)\b")
_WHOM = re.compile(r"\b(?:hoi|tim|gap|lien he|bao) ai\b")
_WANTED = re.compile(r"\b(?:muon|mun|can|dang ky|dang ki|xin|nop|lam ho so)\b")
# A plea asks for help as "cho … xin" does ("Nhờ bên mình tư vấn giúp làm hồ sơ…"); typed, since "nho"
# folded is "nhỏ" as well.
_PLEA = re.compile(r"^\s*(?:nhờ|làm ơn|lam on|giúp (?:tôi|tui|em|mình|cháu|chị|anh))\b", re.IGNORECASE)


def complaint_question(matcher: Matcher, text: str) -> MatchResult | None:
    """The clear answer to a question that a complaint also asks, or None: a clause before or after
    the complaint ("xưởng bị dân khiếu nại nước thải, có hỗ trợ làm hệ thống xử lý không"), or the
    words after it in its clause ("…mà chưa thấy kết quả thì bao lâu mới được duyệt vậy").

    The question part must ask by its own words (it ends as a question, before a purpose or an
    alternative it may add, asks how long, how much, how or where, or asks for something), in at least
    MIN_COMPLAINT_QUESTION words that are not small talk themselves. It is answered when the matcher
    answers it alone; or, when it asks how long, how much, how or where ("thì bao lâu mới được
    duyệt" leans on the "nộp hồ sơ" told before it), when it ranks the policy that the message read
    without its complaint words clearly answers; or, when it only suggests, when its best guess is
    that policy. Venting asks
    nothing, and a question about the service ("sao không ai trả lời vậy?") is a complaint itself:
    the apology stays."""
    reader = matcher.small_talk
    context: MatchResult | None = None
    for clause in clauses(text):
        words = " ".join(re.findall(r"[a-z0-9]+", fold(clause)))
        if gives_up(clause) or _ASKED_BUT_TOLD.search(words) or _asks_whom(clause):
            continue  # "…thôi khỏi xin cho rồi", "tui hỏi máy móc mà nói chuyện hội chợ", "…biết hỏi ai?": no policy
        # An alternative may hold the complaint ("…có hỗ trợ thật không hay lại hứa suông"): cut first.
        told, asked = reader.outside_complaint(question_core(clause))
        # "thủ tục … có rườm rà lắm không em": the complaint's words are what a yes-no question asks of.
        closes = not asked.split() or _CLOSES_YES_NO.match(" ".join(re.findall(r"[a-z0-9]+", fold(asked))))
        if closes and len(told.split()) >= MIN_COMPLAINT_QUESTION and _YES_NO.search(fold(clause if asked else told)):
            # "…có giúp tiền mua máy không, muốn mua máy ép … chứ làm tay mệt quá" typed without a comma:
            # the feeling closes what the clause asks, about the work, not the service.
            closed = matcher.match(told)
            if closed.band == "answer" and not (scoffs(told) or asks_the_service(told)):
                return closed
            continue
        if len(asked.split()) < MIN_COMPLAINT_QUESTION or reader.classify(asked) is not None:
            continue
        if clause.rstrip().endswith("?"):
            asked += "?"
        if scoffs(asked) or asks_the_service(asked):
            continue
        # The question is asked before its purpose or alternative ("…ở địa chỉ nào để tôi tới tận nơi");
        # "…tới giờ chưa được tạm ứng đồng nào" says "not a single đồng", its negation in the complaint.
        core = question_core(asked)
        asks_for = requests(asked) or _PLEA.match(unicodedata.normalize("NFC", asked)) is not None
        if says_none(question_core(clause)) or not (ends_asking(asked) or asks_how_not_none(asked) or asks_for):
            continue
        alone = matcher.match(asked)
        if core != asked and (cut := matcher.match(core)).clearer_than(alone):
            alone = cut  # "…có hỗ trợ làm bao bì thật không hay chỉ nói cho vui": the alternative blurs it
        if alone.band == "answer":
            if alone.top is None or len(asked.split()) > MAX_LEANING_QUESTION:
                return alone
            # "…không ai giải thích vì sao. Tiêu chí chấm là gì vậy?": a question of a few words whose
            # subject is the story's leans on it: the story read with it answers more clearly, and still
            # ranks what the question alone reads.
            if context is None:
                context = matcher.match(reader.outside_complaint(text)[0])
            top = context.top
            ranked = [m.policy_id for m in context.matches]
            if context.band != "answer" or top is None:
                # "…đọc xong vẫn không biết được bao nhiêu tiền": a few generic words, about no topic the
                # story names either (nor another office's), ask nothing the bot can answer; the apology stays.
                if matcher.names_topic(alone.top.policy_id, asked) or context.out_of_scope is not None:
                    return alone
                continue
            # One that names no topic of its own ("…hội chợ… tự bỏ tiền, giờ xin lại được không") is only
            # its generic words: the story says what it asks about.
            if not matcher.names_topic(alone.top.policy_id, asked):
                return context
            return context if top.score > alone.top.score and alone.top.policy_id in ranked else alone
        # "…không ai bắt máy. Cho tui xin địa chỉ trung tâm…": the story says which centre (a request
        # the matcher reads as for another office leans on it as well; "vậy để làm gì?" asks for nothing).
        leaning = asks_for and alone.out_of_scope is not None and alone.top is not None
        # "…không ai nghe máy. Số nào mới đúng vậy": a question of a few words asks which of the story's
        # ("vậy là thế nào?" only protests).
        short = len(asked.split()) <= MAX_LEANING_QUESTION and alone.out_of_scope is None
        short = short and _WHICH_ONE.search(" ".join(re.findall(r"[a-z0-9]+", fold(asked)))) is not None
        if not (asks_how(asked) or alone.band == "suggest" or leaning or short):
            continue
        if context is None:
            context = matcher.match(reader.outside_complaint(text)[0])
        if context.band != "answer" or context.top is None or context.out_of_scope is not None:
            continue
        if (leaning and alone.top is not None and alone.top.policy_id == context.top.policy_id) or short:
            return context
        # A question that asks how long, how much, how or where leans on the story: the policy need
        # only be ranked. Any other need be its best guess ("…muốn dời vô cụm công nghiệp thì có được hỗ
        # trợ di dời không?", after the smoke the neighbours sued over, is di dời, not cụm công nghiệp).
        ranked = [m.policy_id for m in alone.matches]
        if context.top.policy_id in (ranked if asks_how(asked) else ranked[:1]):
            return context
    return None


def only_feels(reader: SmallTalkReader, text: str) -> bool:
    """Whether a message's complaint words are only a feeling of the writer's own ("…thay cho làm tay
    chứ làm tay mệt quá", "chờ mệt quá"): read without them, it is no complaint. Such a message that asks
    something ("nhà nước có giúp tiền mua máy không…") is a question with a sigh added, not a grievance
    about the service; one that asks nothing still vents."""
    if reader.lets_down(text):
        return False  # "…nộp 3 lần vẫn bị trả về, nản quá": the let-down is the grievance
    tokens = reader.tokens(text)
    found = reader.complaint_spans(tokens)
    if not found or not all(reader.venting.only_feels(tokens[start:end]) for start, end in found):
        return False
    covered = {i for start, end in found for i in range(start, end)}
    rest = " ".join(token for i, token in enumerate(tokens) if i not in covered)
    return reader.classify(rest) != "complaint"


def closes_on_complaint(reader: SmallTalkReader, text: str) -> bool:
    """Whether a story that asks nothing by its own words closes on a sentence that is a complaint of its
    own ("Hồ sơ nộp từ tháng 3 tới giờ hông ai báo gì. Làm ăn kiểu gì kỳ vậy?"): its question mark scoffs.
    What it tells of having asked ("tui hỏi máy sấy mà cứ nói chuyện hội chợ") is no question now."""
    parts = [part for part in sentences(text) if part.strip()]
    if len(parts) < 2:
        return False
    told = " ".join(parts[:-1])
    if reader.classify(parts[-1]) == "complaint" and not asks_outright(told):
        return True
    # "…không ai gọi lại, hỏi mãi không ai trả lời. Người dân tộc chúng tôi biết hỏi ai?": after a complaint, a
    # few words asking whom to turn to want the human the apology points to.
    return _asks_whom(parts[-1]) and reader.classify(told) == "complaint"


def _asks_whom(part: str) -> bool:
    """Whether a few words ask whom to turn to ("Người dân tộc chúng tôi biết hỏi ai?"), wanting nothing named
    ("Năm nay muốn đăng ký thì hỏi ai?" asks how to apply for what the story names)."""
    folded = fold(part)
    short = len(part.split()) <= MAX_LEANING_QUESTION + 2
    return short and _WHOM.search(folded) is not None and not _WANTED.search(folded)
