"""Messages that are not questions: greetings, thanks, acknowledgements ("ok", "dạ", 👍), "anyone
there?" and complaints about the service. Read before the matcher, so that "dạ vâng em cảm ơn ạ"
never becomes a did-you-mean about pollution."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Literal

from bot.language.letdowns import LetdownReader
from bot.language.phrases import (
    SPEAKERS,
    contains,
    first_words,
    negation_then,
    spans,
    with_each_negation,
    with_each_speaker,
)
from bot.language.signoffs import SignOffReader
from bot.language.text import Normalizer, surface_tokens
from bot.language.venting import VentingReader
from bot.policies.lexicon import Lexicon

SmallTalk = Literal["greeting", "thanks", "ack", "about_bot", "unclear", "complaint"]
# Longer than this (in words), a message is a question even if it starts with "chào"/"cảm ơn"; a wish that
# asks nothing may run longer ("chào buổi sáng, chúc các anh chị khuyến công một ngày làm việc vui vẻ").
MAX_SMALL_TALK_WORDS, MAX_WISH_WORDS = 10, 20
# A complaint may tell a short story ("gửi từ tuần trước mà chưa ai trả lời"), not a whole letter.
MAX_COMPLAINT_WORDS = 30
# A longer message that closes on a grievance, in its last clause, is heard as one up to this many words.
MAX_GRIEVING_WORDS = 60
_PAUSE = re.compile(r"[.,;:!?…\n]+")
_SENTENCE_END = re.compile(r"[.;!?…\n]+")
# "không ai bắt máy", "chưa thấy ai gọi lại": a negation at most this many words before the action.
COMPLAINT_GAP = 3
# A message that opens with thanks or "ok" and then says a little more without asking anything
# ("oke bot, để mai mình gọi", "cảm ơn bạn đã tư vấn nhiệt tình") is small talk too, when the
# matcher finds no policy it clearly asks about (see bot/replies.py); at most this many words.
MAX_OPENING_WORDS = 14
# …or this many when the thanks open it and a plan for later closes the talk ("dạ em cảm ơn anh nhiều
# nghen, để em về nói lại với ba em rồi tính").
MAX_THANKED_WORDS = 24
# …or when a greeting opens an introduction ("Chào cháu, bác là ông Thịnh ở làng đúc đồng Đại Bái đây, con
# gái bác nó cài cho bác cái này"); the caller checks that it asks and names nothing.
MAX_GREETED_WORDS = 24
# After thanks, these words say what the thanks are for, not a new question.
_THANKS_FOR = frozenset({"đã", "da", "vì", "vi", "về", "ve"})
_ASKING = frozenset({"hỏi", "hoi", "sao", "không", "chưa", "gì", "nào", "bao"})
# A wish ("chúc ad buổi tối vui vẻ", "chúc cả nhà năm mới an khang") closes a conversation politely.
_WISHES = ("chúc",)
# "Is anybody there?" in any words: "có ai" … "không" with only these (or courtesy words) between
# ("có ai ở đấy không", "có ai đang trực không", "có ai làm việc không").
_PRESENCE = (
    "ở", "đó", "đây", "đấy", "ấy", "đằng", "trực", "online", "đang", "còn", "nghe", "đọc", "thức", "làm", "việc"
)
_ANYBODY = ("có ai",)
# …or asked of the bot itself ("bot ơi còn thức không đó", "ad có đó không"): named, with a word of
# presence other than "còn"/"đang" (which alone may ask whether a programme is still on).
_ADDRESSEES = ("bot", "ad", "admin")
# Praise is small talk when it is of the bot or of its answering ("bot rep nhanh thật đấy"); of anything
# else ("thông tin chi tiết…") it may name what is asked for.
_PRAISED = (*_ADDRESSEES, "trả lời", "rep")
_BARE_PRESENCE = ("còn", "đang")
_NOT = ("không",)
# After thanks, words that close the talk rather than ask on ("cảm ơn, vậy hỗ trợ máy móc" asks on): a plan
# for later ("để mai…", "tuần sau em lên xã nộp"), understanding ("hiểu rồi"), a wish; or praise (lexicon).
_CLOSINGS = (
    "để", "mai", "ngày mai", "tuần sau", "tháng sau", "hôm khác", "bữa khác", "dịp khác", "hôm sau", "bữa sau",
    "lát nữa", "tối về", "chiều về", "sau", "hiểu rồi", "rõ rồi", "đã rõ", "nắm rồi", "biết rồi", "chúc",
)
# Urging the bot on ("bot trả lời nhanh lên giùm") is no praise.
_URGED = frozenset({"lên", "giùm", "giúp", "dùm", "đi", "với"})
# "Hỗ trợ với chả hỗ trợ", "tư vấn với chẳng tư vấn": a word or two echoed across "với chả" scorns it.
_SCORNED = ("với chả", "với chẳng")
MAX_SCORNED_WORDS = 3


class SmallTalkReader:
    """Classifies a whole message as small talk, or says it is not (None)."""

    def __init__(self, lexicon: Lexicon, normalizer: Normalizer) -> None:
        self.normalizer = normalizer
        acknowledgements = with_each_speaker(lexicon.acknowledgements)
        # In a message of courtesy words only, a plain "da" is surely "dạ": read loosely.
        self.kinds: list[tuple[SmallTalk, frozenset[tuple[str, ...]]]] = [
            ("thanks", normalizer.phrases(lexicon.thanks, loose=True)),
            ("ack", normalizer.phrases(acknowledgements, loose=True)),
            ("greeting", normalizer.phrases(lexicon.greetings, loose=True)),
            ("about_bot", normalizer.phrases(lexicon.about_bot, loose=True)),
            ("unclear", normalizer.phrases(lexicon.unclear, loose=True)),
        ]
        self.courtesy = normalizer.phrases([*lexicon.fillers, *lexicon.stopwords, *lexicon.courtesy], loose=True)
        self.complaints = normalizer.phrases(with_each_negation(lexicon.complaints), loose=True)
        self.wishes = normalizer.phrases(_WISHES, loose=True)
        self.presence = normalizer.phrases([*_PRESENCE, *lexicon.fillers, *lexicon.courtesy], loose=True)
        self.anybody = normalizer.phrases(_ANYBODY, loose=True)
        self.negation = normalizer.phrases(_NOT, loose=True)
        self.addressees = normalizer.phrases(_ADDRESSEES, loose=True)
        self.scorned = normalizer.phrases(_SCORNED)
        self.closings = normalizer.phrases(_CLOSINGS)
        self.where = normalizer.phrases([p for p in _PRESENCE if p not in _BARE_PRESENCE], loose=True)
        self.praise = normalizer.phrases(lexicon.praise)
        self._longest_praise = max((len(p) for p in self.praise), default=1)
        self.praised = normalizer.phrases(_PRAISED)
        self.deferrals = normalizer.phrases([p for p in acknowledgements if p.startswith("để ")], loose=True)
        self.sign_off = SignOffReader(normalizer, self.deferrals)
        self._longest = max((len(p) for _, table in self.kinds for p in table), default=1)
        self._longest_courtesy = max((len(p) for p in self.courtesy), default=1)
        self._longest_complaint = max((len(p) for p in self.complaints), default=1)
        self.negations = normalizer.phrases(lexicon.complaint_negations, loose=True)
        self.actions = normalizer.phrases(lexicon.complaint_actions, loose=True)
        # Grievances are read among a message's other words, not in one of courtesy words only: a word
        # `accented_only` typed plain is the other word ("tuc lam" is "thủ tục làm", not "tức lắm").
        self.grievances = normalizer.phrases(with_each_negation(lexicon.grievances))
        self._longest_grievance = max((len(p) for p in self.grievances), default=1)
        self._longest_negation = max((len(p) for p in self.negations), default=1)
        self._longest_action = max((len(p) for p in self.actions), default=1)
        self.venting = VentingReader(lexicon, normalizer)
        self.letdowns = LetdownReader(normalizer, lexicon.letdowns, (self.negations, self._longest_negation))
        self._last: tuple[str, list[str]] = ("", [])

    def tokens(self, text: str) -> list[str]:
        """The message's words as the lexicon reads them. The reply decision asks classify, grieves,
        opening, defers and complaints.only_feels of the same message in a row: it is read once (a
        copy each time)."""
        last_text, tokens = self._last  # one read: safe if another thread replaces it meanwhile
        if last_text != text or not last_text:
            tokens = self.normalizer.expand(surface_tokens(text))
            self._last = (text, tokens)
        return list(tokens)

    def classify(self, text: str) -> SmallTalk | None:
        """'greeting', 'thanks', 'ack', 'about_bot', 'unclear' or 'complaint' when that is all the message says:
        as a whole, or in sentences that each say only that ("Cảm ơn em nhé, chúc em vui vẻ. Chào em!")."""
        found = self._classify(text)
        if found is not None:
            return found
        parts = [part for part in _SENTENCE_END.split(text) if surface_tokens(part)]
        if len(parts) < 2:
            return None
        kinds: list[SmallTalk] = []
        for part in parts:
            kind = self._classify(part)
            if kind is None or kind == "complaint":
                break  # most messages: their first sentence is already no small talk
            kinds.append(kind)
        self.tokens(text)  # the whole message is read again next: keep it the one remembered
        return kinds[0] if len(kinds) == len(parts) else None

    def _classify(self, text: str) -> SmallTalk | None:
        tokens = self.tokens(text)
        if not tokens:
            # Only emoji or stickers as text (👍, 🙏, 😊): an acknowledgement; nothing at all is not.
            return "ack" if any(unicodedata.category(ch) == "So" for ch in text) else None
        if len(tokens) <= MAX_COMPLAINT_WORDS and (
            contains(tokens, self.complaints, self._longest_complaint)
            or self._unanswered(tokens)
            or self._scorns(tokens)
        ):
            return "complaint"
        if self._thanks_for(text, tokens):
            return "thanks"
        if len(tokens) > MAX_WISH_WORDS:
            return None
        if self._wish(text, tokens):
            return "ack"
        for kind, table in (self.kinds[2], self.kinds[0]):
            rest = self._after_opening(tokens, table, keep=frozenset(_WISHES)) or []
            while rest and rest[0] in SPEAKERS:
                rest = rest[1:]
            if self._wish(text, rest):
                return kind  # "chào bot, chúc cả nhà buổi sáng an lành", "cảm ơn em nhiều nhé, chúc em vui vẻ"
        if len(tokens) > MAX_SMALL_TALK_WORDS:
            return None
        if self._anybody_there(tokens):
            return "greeting"
        found: list[SmallTalk] = []
        remaining = tokens
        for kind, table in self.kinds:
            left = self.normalizer.rewrite(remaining, table, self._longest, first_words(table))
            if len(left) < len(remaining):
                found.append(kind)
            remaining = left
        left = self.normalizer.rewrite(remaining, self.courtesy, self._longest_courtesy, first_words(self.courtesy))
        if not found or left:
            return None
        return found[0]  # thanks before ack before greeting: "ok cảm ơn" is thanks

    def grieves(self, text: str) -> bool:
        """Whether a message of complaint length voices a grievance ("lỗ nặng rồi", "bất công quá"), or a
        longer one (up to MAX_GRIEVING_WORDS) closes on one, its writer's conclusion ("…đi một bữa mất
        nguyên ngày công, thiệt thòi cho dân làm nghề quá mà"); the caller decides whether it also asks
        something."""
        tokens = self.tokens(text)
        if len(tokens) <= MAX_COMPLAINT_WORDS:
            return contains(tokens, self.grievances, self._longest_grievance)
        if len(tokens) > MAX_GRIEVING_WORDS:
            return False
        last = next(piece for piece in reversed(_PAUSE.split(text)) if surface_tokens(piece))
        return contains(self.normalizer.expand(surface_tokens(last)), self.grievances, self._longest_grievance)

    def lets_down(self, text: str) -> bool:
        """Whether a message tells of a let-down (bot/language/letdowns.py); the caller checks that it asks nothing."""
        return self.letdowns.lets_down(self.tokens(text))

    def vents(self, text: str) -> str | None:
        """What a message says besides an outburst of feeling at either end (bot/language/venting.py)."""
        return self.venting.vents(text, len(self.tokens(text)))

    def opening(self, text: str) -> SmallTalk | None:
        """'thanks', 'ack' or 'greeting' when a short message opens with them ("oke bot, để mai mình
        gọi", "xin chào, tôi mới xài Telegram lần đầu"), or ends with thanks; the caller still checks
        that it asks nothing and that no policy is clearly meant."""
        tokens = self.tokens(text)
        thanked = len(tokens) <= MAX_THANKED_WORDS and self._after_opening(tokens, self.kinds[0][1]) is not None
        if len(tokens) > MAX_OPENING_WORDS and "?" not in text and thanked and self.closes(text):
            return "thanks"
        if not tokens or "?" in text:
            return None
        if len(tokens) > MAX_OPENING_WORDS:
            greeted = len(tokens) <= MAX_GREETED_WORDS and self._after_opening(tokens, self.kinds[2][1]) is not None
            return "greeting" if greeted else None
        # Thanks anywhere in a few words ("mô rứa, cảm ơn hỉ", "ok đã rõ, cảm ơn trung tâm") close the
        # conversation, whatever opens it.
        thanks = self.kinds[0][1]
        if len(tokens) <= MAX_SMALL_TALK_WORDS and contains(tokens, thanks, self._longest):
            return "thanks"
        for kind, table in self.kinds:
            if self._after_opening(tokens, table) is not None:
                return kind
        return None

    def praises(self, text: str) -> bool:
        """Whether a short message praises the bot or its answering ("ủa bot trả lời nhanh vậy", "bot dễ
        thương quá"); the caller checks that it asks nothing."""
        tokens = self.tokens(text)
        if not tokens or len(tokens) > MAX_OPENING_WORDS:
            return False
        if _URGED & set(surface_tokens(text.lower())):
            return False
        return contains(tokens, self.praised, 2) and contains(tokens, self.praise, self._longest_praise)

    def closes(self, text: str) -> bool:
        """Whether a message has words that close the talk after thanks (a plan for later, understanding,
        a wish, praise): "Cảm ơn nhiều nha, để mai tôi chuẩn bị giấy tờ." ends it, "cảm ơn, thế còn hội
        chợ" asks on."""
        tokens = self.tokens(text)
        return contains(tokens, self.closings, 2) or contains(tokens, self.praise, self._longest_praise)

    def signs_off(self, text: str) -> SmallTalk | None:
        """'thanks' or 'ack' when a message closes on a sign-off of its own, whatever policy its words
        name before: its last clause is small talk ("…mai hỏi tiếp hen, bye bot", "…có đủ đk k đã,
        thanks"), puts the talk off ("…, để em bàn với chồng đã", "…mai hỏi tiếp vụ máy móc nha") or ends
        on having noted, understood or put the rest off ("oke bot, số điện thoại trung tâm mình lưu rồi
        nhé", "…vụ dời xưởng thì từ từ tui tính"); one clause must open with thanks or an "ok". 'thanks' when
        it thanks anywhere. The caller checks that it asks nothing: "ok hiểu rồi, vậy còn hội chợ thì sao" asks on."""
        tokens = self.tokens(text)
        if not tokens or len(tokens) > MAX_THANKED_WORDS or "?" in text:
            return None
        if self.sign_off.conditional(text):
            return None  # "xưởng em nhỏ, nếu được hỗ trợ thì em mới tính": whether it holds is asked
        pieces = [piece for piece in _PAUSE.split(text) if surface_tokens(piece)]
        thanked = contains(tokens, self.kinds[0][1], self._longest)
        opened = any(self._after_opening(tokens, table) for _, table in self.kinds[:2])
        if len(pieces) < 2 and not opened:
            return None  # a clause of its own words: the matcher's to read
        if not self.sign_off.closes(self.normalizer.expand(surface_tokens(pieces[-1]))):
            if len(pieces) < 2:
                return None
            kind = self.classify(pieces[-1])
            self.tokens(text)  # the whole message is read again next: keep it the one remembered
            # "Thôi để mai em hỏi tiếp, chào trung tâm nhé": a goodbye after putting the talk off.
            goodbye = kind == "greeting" and self.sign_off.closes(self.normalizer.expand(surface_tokens(pieces[-2])))
            if kind not in ("thanks", "ack") and not goodbye:
                return None
        return "thanks" if thanked else "ack"

    def defers(self, text: str) -> bool:
        """Whether a short message opens by putting the conversation off ("để chị hỏi lại mấy chị trong tổ
        rồi tính tiếp nha"); the caller checks that it does not end as a question."""
        tokens = self.tokens(text)
        if not tokens or len(tokens) > MAX_OPENING_WORDS or "?" in text:
            return False
        return self._after_opening(tokens, self.deferrals) is not None

    def _thanks_for(self, text: str, tokens: list[str]) -> bool:
        """Thanks and what they are for ("cảm ơn bạn đã tư vấn nhiệt tình"), asking nothing."""
        if "?" in text or len(tokens) > MAX_OPENING_WORDS:
            return False
        rest = self._after_opening(tokens, self.kinds[0][1], keep=_THANKS_FOR)
        return bool(rest) and rest is not None and rest[0] in _THANKS_FOR and not _ASKING & set(rest)

    def _after_opening(
        self, tokens: list[str], table: frozenset[tuple[str, ...]], keep: frozenset[str] = frozenset()
    ) -> list[str] | None:
        """The words after a leading phrase of `table` (courtesy words may come first and are skipped
        after it, but those in `keep`), or None."""
        i = 0
        while i < len(tokens):
            for size in range(min(self._longest, len(tokens) - i), 0, -1):
                if tuple(tokens[i : i + size]) in table:
                    rest = tokens[i + size :]
                    while rest and (rest[0],) in self.courtesy and rest[0] not in keep:
                        rest = rest[1:]
                    return rest
            if (tokens[i],) not in self.courtesy:
                return None
            i += 1
        return None

    def _wish(self, text: str, tokens: list[str]) -> bool:
        """A short wish that asks nothing ("chúc ad buổi tối vui vẻ")."""
        if "?" in text:
            return False
        rest = self._after_opening(tokens, self.wishes)
        return bool(rest) and rest is not None and not _ASKING & set(rest)

    def _anybody_there(self, tokens: list[str]) -> bool:
        """"có ai" … "không" with only presence or courtesy words around ("có ai ở đấy không ạ")."""
        greeting = self.kinds[2][1]
        named = any((t,) in self.addressees for t in tokens)  # before "bot ơi" goes as a greeting
        # "alo alo có ai đấy không"
        tokens = self.normalizer.rewrite(tokens, greeting, self._longest, first_words(greeting)) or tokens
        words = [t for t in tokens if (t,) not in self.presence or (t,) in self.negation]
        while words and (words[-1],) not in self.negation and (words[-1],) in self.courtesy:
            words.pop()
        if len(words) == 3 and tuple(words[:2]) in self.anybody and (words[2],) in self.negation:
            return True
        # "bot ơi còn thức không", "ad có đó không": the bot named, a place or state, and "không".
        return (
            bool(words)
            and [w for w in words if w != "có"] == words[-1:]
            and (words[-1],) in self.negation
            and named
            and any((t,) in self.where for t in tokens)
        )

    def outside_complaint(self, text: str) -> tuple[str, str]:
        """The words of `text` outside its complaint phrases (listed ones and "nobody answers"), and
        those after the last of them (all of them when there is none), as the lexicon reads them:
        "nộp từ tháng 3 mà chưa thấy kết quả thì bao lâu mới được duyệt" keeps "nộp từ tháng 3 mà thì
        bao lâu mới được duyệt" and "thì bao lâu mới được duyệt". Not cached: the reply decision reads
        a message's parts with it, and `tokens` keeps the whole message."""
        tokens = self.normalizer.expand(surface_tokens(text))
        found = [*self.complaint_spans(tokens), *self._unanswered_spans(tokens)]
        covered = {i for start, end in found for i in range(start, end)}
        after = max((end for _, end in found), default=0)
        outside = [token for i, token in enumerate(tokens) if i not in covered]
        return " ".join(outside), " ".join(tokens[after:])

    def complaint_spans(self, tokens: list[str]) -> list[tuple[int, int]]:
        """Where the listed complaint phrases occur in a message's words (start and end)."""
        return list(spans(tokens, self.complaints, self._longest_complaint))

    def _scorns(self, tokens: list[str]) -> bool:
        """Whether the same words stand either side of "với chả" ("hỗ trợ với chả hỗ trợ")."""
        for start, end in spans(tokens, self.scorned, 2):
            for size in range(1, MAX_SCORNED_WORDS + 1):
                before, after = tokens[max(start - size, 0) : start], tokens[end : end + size]
                if len(before) == size and before == after:
                    return True
        return False

    def _unanswered(self, tokens: list[str]) -> bool:
        """A negation followed closely by a service action: "không ai bắt máy", "chưa thấy ai gọi lại"."""
        return next(self._unanswered_spans(tokens), None) is not None

    def _unanswered_spans(self, tokens: list[str]) -> Iterator[tuple[int, int]]:
        """Where a negation is followed closely by a service action (start and end of both)."""
        negations, actions = (self.negations, self._longest_negation), (self.actions, self._longest_action)
        return negation_then(tokens, negations, actions, COMPLAINT_GAP)
