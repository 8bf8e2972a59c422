"""Venting: a message that closes or opens on an outburst of feeling ("…người ta chê hàng mình. Buồn
thiệt.", "Tức gì đâu á", "Mệt răng mà mệt, …") and asks nothing is heard as venting, whatever policy
words its story names. Read by the small-talk reader (bot/language/smalltalk.py) for the reply
decision (bot/replies.py)."""

from __future__ import annotations

import re

from bot.language.phrases import INTENSIFIERS, SPEAKERS, contains
from bot.language.text import Normalizer, is_plain, surface_tokens
from bot.policies.lexicon import Lexicon

# A message that closes (or opens) with an outburst of feeling may tell a longer story first ("…chạy
# lòng vòng cả tuần. Mệt thiệt sự."): at most this many words in all, the outburst at most this many.
MAX_VENTING_WORDS = 60
MAX_OUTBURST_WORDS = 8
# "Nghề này cực muốn khóc": a few words may say what the feeling is about, when more than the bare
# feeling word follows them (a bare "…cực" after two words may be anything).
MAX_OUTBURST_SUBJECT = 2
# What may surround a feeling word in an outburst, as the message's words read after shorthand
# ("rứa" → "thế", "răng" → "sao"): how much ("thiệt sự", "quá trời", "muốn chết", "mệt sao mà mệt"),
# particles and interjections ("á", "nè", "trời ơi", "haizz"), who feels it ("tui", "thấy", "nghĩ mà").
_DEGREES = (*INTENSIFIERS, "sự", "thật sự", "thiệt sự", "thực sự", "thật là", "thiệt là", "quá là", "rất",
            "cực kỳ", "quá trời", "quá xá", "quá đi", "dữ thần", "dữ lắm", "ghê gớm", "dã man", "vãi", "luôn",
            "lun", "rồi", "lắm lắm", "cả người", "cả mình", "trong người", "trong lòng", "thấy mồ", "thấy bà",
            "sao mà", "chi mà", "gì mà", "ơi là", "chết mất", "chết đi được", "muốn chết", "muốn khùng",
            "hết chỗ nói", "không tả nổi", "tận cổ", "nữa", "lạ")
_PARTICLES = ("á", "à", "ạ", "nha", "nhá", "nhe", "nghen", "nè", "ha", "hà", "đó", "đấy", "vậy", "thôi", "chứ",
              "chớ", "ơi", "hỉ", "ri", "ta", "hen", "trời", "trời ơi", "ôi", "ối", "ôi trời", "trời đất",
              "trời đất ơi", "giời ơi", "chời ơi", "chèn ơi", "má ơi", "thiệt tình", "thật tình", "nói thật",
              "đúng là", "thấy", "nghe mà", "nghĩ mà", "nghĩ lại", "càng nghĩ càng", "cũng", "nhà", *SPEAKERS)
# A short rest without one of these words that tell what happened, to whom or how much ("vẫn chưa
# duyệt", "không ai mua", "hết vốn rồi", "người ta chê hàng mình", "giấy tờ nhiều rứa") is a search
# with a sigh ("mức hỗ trợ máy móc thiết bị. Tiếc quá."), not a story. ("bị" and "cứ" also end
# "thiết bị", "căn cứ": they are left out.)
MAX_SEARCH_WORDS = 10
_TELLING = ("không", "chưa", "chẳng", "chả", "mà", "rồi", "đã", "vẫn", "hoài", "mãi", "người ta", "họ", "nó",
            *SPEAKERS, *INTENSIFIERS)
# Emoji of anger close a message as a word of feeling does (a story, then 😡); emoji of sadness only
# add to one ("buồn ghê 😢"): after a plain search they may be a plea.
_ANGRY = frozenset("😤😡😠🤬")
_SAD = frozenset("😞😢😭😩😫😔😟🙁☹😓😣😖😒💔")
# Clauses end at punctuation; an emoji ends one too ("…như đã hẹn 😡").
_CLAUSE = re.compile(r"[^.,;:!?…\n]+")
_EMOJI = re.compile(r"([\u2600-\u27bf\U0001f000-\U0001faff][\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d\s]*)")
_OUTBURST_KINDS = ("feeling", "degree", "particle")


class VentingReader:
    """Finds an outburst of feeling at either end of a message (immutable)."""

    def __init__(self, lexicon: Lexicon, normalizer: Normalizer) -> None:
        self.normalizer = normalizer
        # Each outburst phrase with what it is; a word of feeling wins over the same words as a degree.
        self.outburst: dict[tuple[str, ...], str] = {}
        for kind, words in zip(_OUTBURST_KINDS, (lexicon.feelings, _DEGREES, _PARTICLES), strict=True):
            for phrase in normalizer.phrases(words):
                self.outburst.setdefault(phrase, kind)
        self._longest_outburst = max((len(p) for p in self.outburst), default=1)
        self.plain_feelings = frozenset(word for word in lexicon.feelings if is_plain(word))
        self.telling = normalizer.phrases(_TELLING)

    def vents(self, text: str, words: int) -> str | None:
        """What a message says besides an outburst of feeling that closes or opens it ("…người ta chê
        hàng mình. Buồn thiệt.", "Tức gì đâu á", "Mệt răng mà mệt, …"), or None when neither end is one.
        The outburst is the writer's own conclusion: whatever policy words the story names, they vent
        about it. The caller still checks that the rest asks nothing, and a question mark anywhere
        makes no outburst ("Buồn chi rứa?")."""
        if "?" in text or words > MAX_VENTING_WORDS:
            return None
        clauses = _clauses(text)
        if not clauses:
            return None  # "...", "!!!": nothing is said
        while len(clauses) > 1 and _is_symbols(clauses[-1]) and not any(ch in _ANGRY for ch in clauses[-1]):
            emoji = clauses.pop()
            clauses[-1] = f"{clauses[-1]} {emoji}"  # "buồn ghê 😢": the emoji goes with its words
        for at in dict.fromkeys((len(clauses) - 1, 0)):
            if at >= 0 and self._outburst(clauses[at]):
                rest = ". ".join(clause for i, clause in enumerate(clauses) if i != at and _words(clause))
                return None if self._searches(rest) else rest
        return None

    def _searches(self, rest: str) -> bool:
        """Whether what a message says besides its outburst is a short search ("hỗ trợ đào tạo nghề"):
        at most MAX_SEARCH_WORDS words, none of them telling what happened."""
        tokens = self.normalizer.expand(surface_tokens(rest))
        return 0 < len(tokens) <= MAX_SEARCH_WORDS and not contains(tokens, self.telling, 2)

    def _outburst(self, clause: str) -> bool:
        """Whether a clause is only a feeling and what may surround it (or an emoji of anger alone): a
        word of feeling with degrees, particles, "I" and, before it, a few words saying what about when
        more follows the feeling ("nghề này cực muốn khóc"). A bare feeling word alone must be typed
        with its diacritics: plain, "buon" may be "buôn" (trade), "cuc" may be "cục" (a department)."""
        tokens = self.normalizer.expand(surface_tokens(clause))
        if not tokens:
            return any(ch in _ANGRY for ch in clause)
        if len(tokens) > MAX_OUTBURST_WORDS:
            return False
        for start in range(min(MAX_OUTBURST_SUBJECT, len(tokens) - 1) + 1):
            kinds = self._cover(tokens[start:])
            if kinds is None or "feeling" not in kinds:
                continue
            said = [kind for kind in kinds[kinds.index("feeling") :] if kind != "particle"]
            if start and (kinds[0] != "feeling" or len(said) < 2):
                continue
            lone = said == ["feeling"] and not any(ch in _SAD for ch in clause)
            if lone and all(is_plain(token) and token not in self.plain_feelings for token in tokens):
                continue  # "buon" alone; "haizz", "hic" are written plain
            return True
        return False

    def only_feels(self, tokens: list[str]) -> bool:
        """Whether words are only a feeling and its degrees or particles ("mệt quá", "buồn ghê")."""
        kinds = self._cover(tokens)
        return kinds is not None and "feeling" in kinds

    def _cover(self, tokens: list[str]) -> list[str] | None:
        """The kinds of the outburst phrases that make up `tokens` (longest first), or None when some
        word is none of them."""
        kinds: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self._longest_outburst, len(tokens) - i), 0, -1):
                kind = self.outburst.get(tuple(tokens[i : i + size]))
                if kind is not None:
                    kinds.append(kind)
                    i += size
                    break
            else:
                return None
        return kinds


def _clauses(text: str) -> list[str]:
    """The message's clauses as typed: cut at punctuation and line breaks, and around emoji ("…như đã
    hẹn 😡" is a clause and an emoji), empty ones dropped."""
    return [
        piece.strip()
        for found in _CLAUSE.finditer(text)
        for piece in _EMOJI.split(found.group())
        if piece.strip()
    ]


def _is_symbols(piece: str) -> bool:
    return _EMOJI.fullmatch(piece) is not None


def _words(clause: str) -> bool:
    return bool(surface_tokens(clause))
