"""How a message closes the talk in its last clause, whatever it names before: it has noted, understood
or put the rest off ("thông tin về vụ làng gốm con ghi lại rồi", "vụ dời xưởng thì từ từ tui tính", "…, để
em bàn với chồng đã", "mai hỏi tiếp vụ máy móc nha"). Read by bot/language/smalltalk.py."""

from __future__ import annotations

import re

from bot.language.phrases import SPEAKERS, contains
from bot.language.text import Normalizer, fold, surface_tokens

# What a last clause may close on: noted, understood, put off; a way to say "I" may stand inside ("năm sau
# tui mới tính") and particles after ("lưu rồi nhé").
_SIGN_OFFS = (
    "ghi lại rồi", "ghi rồi", "ghi lại", "đã ghi", "lưu rồi", "lưu lại rồi", "lưu lại", "đã lưu", "note rồi",
    "note lại rồi", "note lại", "chép lại rồi", "chụp lại rồi", "nhớ rồi", "ghi nhớ rồi",
    "hiểu rồi", "rõ rồi", "biết rồi", "nắm rồi", "đã hiểu", "đã rõ", "đã nắm", "biết vậy đã", "biết vậy",
    "biết thế đã", "biết thế", "hiểu vậy đã", "hiểu vậy", "nắm vậy đã",
    "tính sau", "tính tiếp", "từ từ tính", "mới tính", "rồi tính", "tính đã", "suy nghĩ thêm", "nghĩ thêm",
    "bàn thêm", "bàn lại", "bàn đã", "hỏi sau", "hỏi tiếp", "hỏi lại sau", "hỏi thêm sau", "nhắn sau", "gọi sau",
    "liên hệ sau", "để sau", "xem sau", "coi sau", "xem lại đã", "coi lại đã", "đi ngủ", "đi ngủ đây",
)
# Particles that may close the sign-off ("lưu rồi nhé", "tính sau nghen"), and who it is said to.
_PARTICLES = ("nha", "nhé", "nhá", "nhen", "nghen", "hen", "hén", "hỉ", "ạ", "à", "nè", "nghe", "đó", "đấy", "thôi",
              "luôn", "bot", "ad", "admin", "đây", "ha")
# Asking on another day puts the talk off too ("mai hỏi tiếp vụ máy móc nha bot"), and so does asking "if
# anything comes up" ("có gì em hỏi tiếp vụ máy móc sau").
_LATER = ("mai", "ngày mai", "mốt", "bữa khác", "hôm khác", "bữa sau", "hôm sau", "lát nữa", "tuần sau", "dịp khác",
          "có gì", "có chi")
_ASKED_AGAIN = ("hỏi tiếp", "hỏi thêm", "hỏi lại", "nhắn tiếp", "nói tiếp", "hỏi từ từ", "hỏi sau")
# A condition before the sign-off asks whether it holds ("nếu được hỗ trợ thì em mới tính"), folded.
_CONDITION = re.compile(r"\b(?:neu|gia su|lo nhu)\b")


class SignOffReader:
    """Reads whether a clause closes the talk (immutable)."""

    def __init__(self, normalizer: Normalizer, deferrals: frozenset[tuple[str, ...]]) -> None:
        # "lưu r", "hiểu r": chat shorthand for a closing "rồi".
        shorthand = [f"{phrase.removesuffix(' rồi')} r" for phrase in _SIGN_OFFS if phrase.endswith(" rồi")]
        self.sign_offs = normalizer.phrases([*_SIGN_OFFS, *shorthand], loose=True)
        self._longest = max((len(p) for p in self.sign_offs), default=1)
        self.particles = normalizer.phrases(_PARTICLES, loose=True)
        self.speakers = normalizer.phrases(SPEAKERS, loose=True)
        self.asked_later = normalizer.phrases([f"{when} {ask}" for when in _LATER for ask in _ASKED_AGAIN], loose=True)
        self._longest_later = max(len(p) for p in self.asked_later)
        # The listed "để <I> …" acknowledgements ("để em bàn", "để tui về nói lại").
        self.deferrals = deferrals
        self._longest_deferral = max((len(p) for p in deferrals), default=1)

    @staticmethod
    def conditional(text: str) -> bool:
        """Whether a message states a condition ("nếu…"): a plan after it asks whether the condition holds."""
        return _CONDITION.search(" ".join(fold(token) for token in surface_tokens(text))) is not None

    def closes(self, tokens: list[str]) -> bool:
        """Whether a clause's words (as the lexicon reads them) close the talk: they end on a sign-off,
        its particles after it and the ways to say "I" inside it aside, or put the talk off from some
        word on ("vụ dời xưởng để chú về bàn với mấy đứa nhỏ", "mai em hỏi tiếp vụ máy móc nha")."""
        # "có chi bác hỏi từ từ": after "có", a plain "chi" is the Central "gì", not "chị".
        words = [
            token
            for i, token in enumerate(tokens)
            if (token,) not in self.speakers or (token == "chi" and i > 0 and fold(tokens[i - 1]) == "co")
        ]
        if contains(tokens, self.deferrals, self._longest_deferral):
            return True
        if contains(words, self.asked_later, self._longest_later):
            return True
        while words and (words[-1],) in self.particles:
            words.pop()
        return any(tuple(words[-size:]) in self.sign_offs for size in range(1, min(self._longest, len(words)) + 1))
