"""Messages that are not questions: greetings, thanks, acknowledgements ("ok", "dạ", 👍), "anyone
there?" and complaints about the service. Read before the matcher, so that "dạ vâng em cảm ơn ạ"
never becomes a did-you-mean about pollution."""

from __future__ import annotations

import unicodedata
from typing import Literal

from bot.language.text import Normalizer, surface_tokens
from bot.policies.schema import Lexicon

SmallTalk = Literal["greeting", "thanks", "ack", "complaint"]
# Longer than this (in words), a message is a question even if it starts with "chào"/"cảm ơn".
MAX_SMALL_TALK_WORDS = 10
# A complaint may tell a short story ("gửi từ tuần trước mà chưa ai trả lời"), not a whole letter.
MAX_COMPLAINT_WORDS = 30


class SmallTalkReader:
    """Classifies a whole message as small talk, or says it is not (None)."""

    def __init__(self, lexicon: Lexicon, normalizer: Normalizer) -> None:
        self.normalizer = normalizer
        # In a message of courtesy words only, a plain "da" is surely "dạ": read loosely.
        self.kinds: list[tuple[SmallTalk, frozenset[tuple[str, ...]]]] = [
            ("thanks", normalizer.phrases(lexicon.thanks, loose=True)),
            ("ack", normalizer.phrases(lexicon.acknowledgements, loose=True)),
            ("greeting", normalizer.phrases(lexicon.greetings, loose=True)),
        ]
        self.courtesy = normalizer.phrases([*lexicon.fillers, *lexicon.stopwords, *lexicon.courtesy], loose=True)
        self.complaints = normalizer.phrases(lexicon.complaints, loose=True)
        self._longest = max((len(p) for _, table in self.kinds for p in table), default=1)
        self._longest_courtesy = max((len(p) for p in self.courtesy), default=1)
        self._longest_complaint = max((len(p) for p in self.complaints), default=1)

    def classify(self, text: str) -> SmallTalk | None:
        """'greeting', 'thanks', 'ack' or 'complaint' when that is all the message says."""
        tokens = self.normalizer.expand(surface_tokens(text))
        if not tokens:
            # Only emoji or stickers as text (👍, 🙏, 😊): an acknowledgement; nothing at all is not.
            return "ack" if any(unicodedata.category(ch) == "So" for ch in text) else None
        if len(tokens) <= MAX_COMPLAINT_WORDS and self._contains(tokens, self.complaints, self._longest_complaint):
            return "complaint"
        if len(tokens) > MAX_SMALL_TALK_WORDS:
            return None
        found: list[SmallTalk] = []
        remaining = tokens
        for kind, table in self.kinds:
            left = self.normalizer.rewrite(remaining, table, self._longest)
            if len(left) < len(remaining):
                found.append(kind)
            remaining = left
        if not found or self.normalizer.rewrite(remaining, self.courtesy, self._longest_courtesy):
            return None
        return found[0]  # thanks before ack before greeting: "ok cảm ơn" is thanks

    @staticmethod
    def _contains(tokens: list[str], table: frozenset[tuple[str, ...]], longest: int) -> bool:
        return any(
            tuple(tokens[i : i + size]) in table
            for i in range(len(tokens))
            for size in range(1, min(longest, len(tokens) - i) + 1)
        )
