"""Inline keyboards built from the knowledge base (button labels are titles, never ids)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram._utils.types import JSONDict
from typing_extensions import override

from bot.language.text import fold
from bot.policies.loader import KnowledgeBase
from bot.policies.schema import Fact
from bot.render import texts
from handlers.callbacks import encode

PAGE_SIZE = 6
MAX_LABEL = 60
# Keyboards under answers, by (content version, policy, view): the same few are sent all day, and
# building one (buttons, validated callback data) costs as much as a third of a match. The markups
# are frozen objects, so sharing them is safe; a reload brings a new version and new keys.
MAX_CACHED = 512
_cached: dict[tuple[str, str, str | None], InlineKeyboardMarkup] = {}


class SharedKeyboard(InlineKeyboardMarkup):
    """A keyboard that is sent again and again (the cached ones below). PTB turns a markup into its
    wire form on every send, walking every button (about a tenth of a millisecond for an answer
    card's, as much as the rest of its rendering); this one keeps the form it was built with."""

    __slots__ = ("_wire",)

    def __init__(self, rows: Sequence[Sequence[InlineKeyboardButton]]) -> None:
        super().__init__(rows)
        with self._unfrozen():
            self._wire = super().to_dict()

    @override
    def to_dict(self, recursive: bool = True) -> JSONDict:
        return dict(self._wire) if recursive else super().to_dict(recursive)


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def button(text: str, action: str, *args: str | int) -> InlineKeyboardButton:
    """An inline button with validated callback data."""
    return InlineKeyboardButton(_label(text), callback_data=encode(action, *args))


@lru_cache(maxsize=1)
def main_menu() -> InlineKeyboardMarkup:
    return SharedKeyboard(
        [
            [button(texts.BUTTON_BROWSE, "cl")],
            [button(texts.BUTTON_CHECK, "el", "-")],
            [button(texts.BUTTON_STAFF, "st", "-")],
            [button(texts.BUTTON_CONTACT, "ct")],
        ]
    )


def _card_views(policy_id: str, shown: str | None) -> list[InlineKeyboardButton]:
    """The buttons to a policy's other views (details, documents, legal basis)."""
    views = [("d", texts.BUTTON_DETAIL), ("dc", texts.BUTTON_DOCUMENTS), ("lg", texts.BUTTON_LEGAL)]
    return [button(label, action, policy_id) for action, label in views if action != shown]


def answer_card(kb: KnowledgeBase, policy_id: str, shown: str | None = None) -> InlineKeyboardMarkup:
    """Under an answer card (and its views): details, documents, legal basis, check eligibility,
    ask staff, 📞 contact, and up to two related policies."""
    key = (kb.version, policy_id, shown)
    markup = _cached.get(key)
    if markup is None:
        if len(_cached) >= MAX_CACHED:
            _cached.clear()
        markup = _cached[key] = _answer_card(kb, policy_id, shown)
    return markup


def _answer_card(kb: KnowledgeBase, policy_id: str, shown: str | None) -> InlineKeyboardMarkup:
    policy = kb.policies[policy_id]
    views = _card_views(policy_id, shown)
    rows = [views[:2]]
    third = views[2:]
    if policy.eligibility is not None:
        third.append(button(texts.BUTTON_CHECK, "el", policy_id))
    if third:
        rows.append(third)
    rows.append([button(texts.BUTTON_ASK_STAFF, "st", policy_id), button(texts.BUTTON_CONTACT, "ct")])
    rows += [[button(f"🔗 {kb.policies[r].title}", "p", r)] for r in policy.related[:2] if r in kb.policies]
    return SharedKeyboard(rows)


def suggestions(kb: KnowledgeBase, policy_ids: Sequence[str]) -> InlineKeyboardMarkup:
    rows = [[button(kb.policies[pid].title, "p", pid)] for pid in policy_ids[:3]]
    rows.append([button(texts.BUTTON_NOT_THIS, "no")])
    return InlineKeyboardMarkup(rows)


@lru_cache(maxsize=MAX_CACHED)  # under every don't-know and apology; one per policy at most
def handoff(policy_id: str | None = None) -> InlineKeyboardMarkup:
    return SharedKeyboard(
        [
            [button(texts.BUTTON_STAFF, "st", policy_id or "-")],
            [button(texts.BUTTON_BROWSE, "cl"), button(texts.BUTTON_CONTACT, "ct")],
        ]
    )


def categories(kb: KnowledgeBase) -> InlineKeyboardMarkup:
    used = {p.category for p in kb.policies.values()}
    return InlineKeyboardMarkup([[button(cat.label, "c", cid, 0)] for cid, cat in kb.categories.items() if cid in used])


def category_page(kb: KnowledgeBase, category: str, page: int) -> tuple[InlineKeyboardMarkup, int]:
    """Policies of a category, PAGE_SIZE per page; returns the keyboard and the page count."""
    policies = [p for p in kb.policies.values() if p.category == category]
    pages = max(1, math.ceil(len(policies) / PAGE_SIZE))
    page = min(page, pages - 1)
    rows = [[button(p.title, "p", p.id)] for p in policies[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]]
    nav = []
    if page > 0:
        nav.append(button(texts.BUTTON_PREV, "c", category, page - 1))
    if page < pages - 1:
        nav.append(button(texts.BUTTON_NEXT, "c", category, page + 1))
    if nav:
        rows.append(nav)
    rows.append([button(texts.BUTTON_BACK, "cl")])
    return InlineKeyboardMarkup(rows), pages


def checkable(kb: KnowledgeBase, policy_ids: list[str]) -> InlineKeyboardMarkup:
    """The support types to check, in alphabetical order of their titles (Vietnamese letters folded)."""
    ordered = sorted(policy_ids, key=lambda pid: fold(kb.policies[pid].title))
    return InlineKeyboardMarkup([[button(kb.policies[pid].title, "el", pid)] for pid in ordered])


def fact_question(fact_id: str, fact: Fact, can_go_back: bool) -> InlineKeyboardMarkup:
    """The answers to one question, always with "Không biết / chưa rõ" (typed amounts have only it)."""
    rows: list[list[InlineKeyboardButton]] = []
    if fact.type == "yes_no":
        rows = [[button(texts.BUTTON_YES, "ea", fact_id, "y"), button(texts.BUTTON_NO, "ea", fact_id, "n")]]
    elif fact.type == "choice":
        rows = [[button(label, "ea", fact_id, index)] for index, label in enumerate(fact.options.values())]
    rows.append([button(texts.BUTTON_DONT_KNOW, "ek", fact_id)])
    if can_go_back:
        rows.append([button(texts.BUTTON_BACK, "eb")])
    return InlineKeyboardMarkup(rows)


def place_question(unit_fact: str, can_go_back: bool) -> InlineKeyboardMarkup:
    """Under "which commune?": typing is the answer; the buttons say "don't know" or go back."""
    rows = [[button(texts.BUTTON_DONT_KNOW, "ek", unit_fact)]]
    if can_go_back:
        rows.append([button(texts.BUTTON_BACK, "eb")])
    return InlineKeyboardMarkup(rows)


def place_choices(places: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    """The units a typed commune matched (code, label): pick one, or type it again."""
    rows = [[button(f"📍 {label}", "ep", code)] for code, label in places]
    rows.append([button(texts.CHECK_PLACE_RETYPE, "er")])
    return InlineKeyboardMarkup(rows)


def after_check(policy_id: str | None) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(texts.BUTTON_SEND_WITH_RESULT, "st", policy_id or "-")], [button(texts.BUTTON_BROWSE, "cl")]]
    )
