"""Callback data: short, versionless strings parsed strictly (≤ 64 bytes, Telegram's limit).

Anything that does not parse, or names a policy or category that no longer exists, is stale
or forged: the user sees "Nút này đã hết hạn" and nothing else happens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64

_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
PATTERNS: dict[str, re.Pattern[str]] = {
    "p": re.compile(rf"p:(?P<policy>{_ID})"),  # show a policy's answer card
    "d": re.compile(rf"d:(?P<policy>{_ID})"),  # full answer text of a policy
    "dc": re.compile(rf"dc:(?P<policy>{_ID})"),  # documents to prepare for a policy
    "lg": re.compile(rf"lg:(?P<policy>{_ID})"),  # legal basis of a policy
    "cl": re.compile(r"cl"),  # list of categories
    "c": re.compile(rf"c:(?P<category>{_ID}):(?P<page>\d{{1,3}})"),  # one page of a category
    "no": re.compile(r"no"),  # "Không phải" after did-you-mean
    "el": re.compile(rf"el:(?P<policy>{_ID}|-)"),  # eligibility check (optionally for a policy)
    "st": re.compile(rf"st:(?P<policy>{_ID}|-)"),  # pass the question to staff
    "ct": re.compile(r"ct"),  # contact details
    "ea": re.compile(r"ea:(?P<fact>[a-z0-9_]{1,40}):(?P<choice>\d{1,2}|y|n)"),  # answer to an eligibility question
    "eb": re.compile(r"eb"),  # back to the previous eligibility question
    "ek": re.compile(r"ek:(?P<fact>[a-z0-9_]{1,40})"),  # "Không biết / chưa rõ" to an eligibility question
    "ep": re.compile(r"ep:(?P<place>\d{1,6})"),  # eligibility: the commune is this unit (its official code)
    "er": re.compile(r"er"),  # eligibility: type the commune again
    "rn": re.compile(r"rn"),  # request form: use my Telegram name
    "rk": re.compile(r"rk"),  # request form: keep the suggested question
    "rs": re.compile(r"rs(?::(?P<draft>[0-9a-f]{16}))?"),  # request form: send (this stored draft)
    "re": re.compile(r"re"),  # request form: edit
    "rc": re.compile(r"rc"),  # request form: cancel
    "sa": re.compile(r"sa:(?P<request>\d{1,12})"),  # staff: take a request
    "sr": re.compile(r"sr:(?P<request>\d{1,12})"),  # staff: mark resolved
    "ip": re.compile(r"ip:(?P<page>\d{1,4})"),  # staff: inbox page
    "ua": re.compile(r"ua:(?P<page>\d{1,2})"),  # admin: an unanswered question to add as an example
    "ux": re.compile(rf"ux:(?P<page>\d{{1,2}}):(?P<policy>{_ID})"),  # admin: add it to this policy
    "rt": re.compile(r"rt:(?P<request>\d{1,12}):(?P<choice>[1-5])"),  # owner: rating 1–5
    "ow": re.compile(r"ow:(?P<request>\d{1,12})"),  # owner: answer the staff on a request (no reply gesture)
}


@dataclass(frozen=True)
class Callback:
    """A parsed button press."""

    action: str
    policy: str | None = None
    category: str | None = None
    page: int = 0
    fact: str | None = None
    choice: str | None = None
    request: int | None = None
    place: int | None = None  # an administrative unit's official code
    draft: str | None = None  # a stored request draft's id


def pattern(*actions: str) -> re.Pattern[str]:
    """The `pattern=` of a CallbackQueryHandler for these actions, from the grammar itself."""
    # Group names repeat across actions ("request", "page"): the handler only needs to know it matches.
    alternatives = (re.sub(r"\(\?P<\w+>", "(?:", PATTERNS[action].pattern) for action in actions)
    return re.compile("^(?:" + "|".join(alternatives) + ")$")


def encode(action: str, *args: str | int) -> str:
    """Build callback data; refuses anything that would not parse back or is too long."""
    data = ":".join([action, *(str(a) for a in args)])
    if len(data.encode()) > MAX_BYTES or parse(data) is None:
        raise ValueError(f"invalid callback data: {data!r}")
    return data


def parse(data: str | None) -> Callback | None:
    """The button press, or None when the data is malformed."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    action = data.split(":", 1)[0]
    pattern = PATTERNS.get(action)
    match = pattern.fullmatch(data) if pattern else None
    if match is None:
        return None
    groups = match.groupdict()
    policy = groups.get("policy")
    return Callback(
        action=action,
        policy=None if policy in (None, "-") else policy,
        category=groups.get("category"),
        page=int(groups.get("page") or 0),
        fact=groups.get("fact"),
        choice=groups.get("choice"),
        request=int(groups["request"]) if groups.get("request") else None,
        place=int(groups["place"]) if groups.get("place") else None,
        draft=groups.get("draft"),
    )
