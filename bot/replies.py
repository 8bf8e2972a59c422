"""THE reply decision: what the bot answers to a message, used by Telegram, the console, `ask`,
`eval` and the benchmarks alike, so that they can never disagree.

Small talk (a greeting, thanks) gets a short friendly reply; otherwise the matcher decides between an
answer card, "did you mean" and an honest don't-know.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.matching.matcher import MatchResult
from bot.render import texts
from bot.render.cards import suggestion_text, unknown_text
from bot.snapshot import Snapshot

ReplyKind = Literal["greeting", "thanks", "answer", "suggest", "unknown"]
SMALL_TALK: frozenset[ReplyKind] = frozenset({"greeting", "thanks"})
# What a labelled question expects when the bot must not answer any policy.
NONE = "none"
SMALLTALK = "smalltalk"


@dataclass(frozen=True)
class Reply:
    """The decision for one message and the HTML the user gets."""

    kind: ReplyKind
    html: str
    policy_ids: tuple[str, ...] = ()  # answer: the policy; suggest: the options in rank order
    match: MatchResult | None = None  # None for small talk

    @property
    def policy_id(self) -> str | None:
        """The policy answered directly, if any."""
        return self.policy_ids[0] if self.kind == "answer" else None

    @property
    def predicted(self) -> str:
        """What the reply routes to, as labelled question files name it: a policy id, "smalltalk" or "none"."""
        if self.kind in SMALL_TALK:
            return SMALLTALK
        if self.kind == "unknown" or not self.policy_ids:
            return NONE
        return self.policy_ids[0]


def reply_for(snapshot: Snapshot, text: str, today: date) -> Reply:
    """Decide and render the reply to `text` on `today`."""
    small_talk = snapshot.matcher.normalizer.is_small_talk(text)
    if small_talk == "thanks":
        return Reply("thanks", texts.THANKS)
    if small_talk == "greeting":
        return Reply("greeting", texts.GREETING)
    result = snapshot.matcher.match(text)
    kb = snapshot.kb
    if result.band == "answer" and result.top:
        policy_id = result.top.policy_id
        return Reply("answer", snapshot.answer_card(policy_id, today), (policy_id,), result)
    if result.band == "suggest":
        ids = tuple(m.policy_id for m in result.matches)
        return Reply("suggest", suggestion_text(kb, ids), ids, result)
    # The top candidates are kept: a request filed from here still gets a best guess of its topic.
    return Reply("unknown", unknown_text(kb), tuple(m.policy_id for m in result.matches), result)
