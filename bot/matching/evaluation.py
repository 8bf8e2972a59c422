"""Measuring the bot's replies on a labelled question file (format of shared/eval/dev-questions.yaml,
plus an optional `style` per item and `expect` as a list of two ids for a message asking two things).

Every question goes through `bot.replies.reply_for`, the decision the bot itself makes."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from bot.language.text import fold, tokenize
from bot.policies.yamlsafe import load_yaml_file
from bot.replies import NONE, SMALLTALK, Reply, reply_for
from bot.snapshot import Snapshot

Expected = str | tuple[str, ...]


@dataclass(frozen=True)
class LabelledQuestion:
    q: str
    expect: Expected  # a policy id, "none", "smalltalk", or two policy ids
    style: str | None = None

    @property
    def in_scope(self) -> bool:
        return self.expect not in (NONE, SMALLTALK)


def load_questions(path: Path) -> list[LabelledQuestion]:
    """Read a YAML list of {q, expect, style?}; raises ValueError with the line of a bad entry."""
    loaded = load_yaml_file(path)
    if not isinstance(loaded.data, list):
        raise ValueError(f"{path}:1: tệp phải là một danh sách các mục {{q, expect}}")
    questions = []
    for index, item in enumerate(loaded.data):
        expect = item.get("expect") if isinstance(item, dict) else None
        pair = isinstance(expect, list) and len(expect) == 2 and all(isinstance(e, str) for e in expect)
        style = item.get("style") if isinstance(item, dict) else None
        if not (isinstance(item, dict) and isinstance(item.get("q"), str) and (isinstance(expect, str) or pair)
                and (style is None or isinstance(style, str))):
            raise ValueError(
                f"{path}:{loaded.line_of((index,))}: mỗi mục cần có q (chuỗi), expect (mã, none, smalltalk "
                "hoặc danh sách 2 mã) và style (chuỗi, không bắt buộc)"
            )
        expected: Expected = tuple(expect) if isinstance(expect, list) else str(expect)
        questions.append(LabelledQuestion(item["q"], expected, style))
    return questions


def is_informal(question: str, abbreviations: set[str]) -> bool:
    """True for questions typed without diacritics or with chat shorthand."""
    no_diacritics = fold(question) == " ".join(question.casefold().split())
    return no_diacritics or any(token in abbreviations for token in tokenize(question))


def _score(reply: Reply) -> float:
    top = reply.match.top if reply.match else None
    return top.score if top else 0.0


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def is_correct(expect: Expected, reply: Reply) -> bool:
    """A single id: the answer or the first suggestion; two ids: both answered or both offered."""
    if isinstance(expect, tuple):
        return reply.kind in ("two", "suggest") and set(expect) <= set(reply.policy_ids)
    return reply.predicted == expect


def is_direct(expect: Expected, reply: Reply) -> bool:
    """Answered outright: the card of the expected policy, or both policies of a two-question message."""
    if isinstance(expect, tuple):
        return reply.kind == "two" and set(expect) == set(reply.policy_ids)
    return reply.kind == "answer" and reply.predicted == expect


def _label(value: Expected | str | tuple[str, ...]) -> str | list[str]:
    return list(value) if isinstance(value, tuple) else value


def evaluate(snapshot: Snapshot, questions: list[LabelledQuestion], today: date) -> dict[str, Any]:
    """Accuracy, out-of-scope precision/recall, direct-answer rate, small talk, two-question messages,
    latency, per-style accuracy, misses and one result per question."""
    timings = []
    rows: list[tuple[LabelledQuestion, Reply, bool]] = []
    for item in questions:
        start = time.perf_counter()
        reply = reply_for(snapshot, item.q, today)
        timings.append((time.perf_counter() - start) * 1000)
        rows.append((item, reply, is_correct(item.expect, reply)))
    abbreviations = set(snapshot.matcher.normalizer.abbreviations)
    in_scope = [r for r in rows if r[0].in_scope]
    informal = [r for r in in_scope if is_informal(r[0].q, abbreviations)]
    predicted_none = [r for r in rows if r[1].predicted == NONE]
    expected_none = [r for r in rows if r[0].expect == NONE]
    small_talk = [r for r in rows if r[0].expect == SMALLTALK]
    pairs = [r for r in rows if isinstance(r[0].expect, tuple)]
    report: dict[str, Any] = {
        "total": len(rows),
        "top1_accuracy": _ratio(sum(r[2] for r in rows), len(rows)),
        "in_scope_accuracy": _ratio(sum(r[2] for r in in_scope), len(in_scope)),
        "informal_accuracy": _ratio(sum(r[2] for r in informal), len(informal)),
        "oos_precision": _ratio(sum(r[0].expect == NONE for r in predicted_none), len(predicted_none)),
        "oos_recall": _ratio(sum(r[1].predicted == NONE for r in expected_none), len(expected_none)),
        "direct_answer_rate": _ratio(sum(is_direct(r[0].expect, r[1]) for r in in_scope), len(in_scope)),
        "p50_ms": round(float(np.percentile(timings, 50)), 3) if timings else 0.0,
        "p99_ms": round(float(np.percentile(timings, 99)), 3) if timings else 0.0,
    }
    if small_talk:
        report["smalltalk_accuracy"] = _ratio(sum(r[2] for r in small_talk), len(small_talk))
    if pairs:
        report["two_topic_accuracy"] = _ratio(sum(r[2] for r in pairs), len(pairs))
    styles = sorted({r[0].style for r in rows if r[0].style})
    if styles:
        report["styles"] = {
            style: {"n": len(group), "accuracy": _ratio(sum(r[2] for r in group), len(group))}
            for style in styles
            for group in [[r for r in rows if r[0].style == style]]
        }
    report["misses"] = [
        {"q": item.q, "expect": _label(item.expect), "got": _label(reply.predicted), "score": _score(reply)}
        for item, reply, ok in rows
        if not ok
    ]
    report["results"] = [
        {
            "q": item.q,
            "expect": _label(item.expect),
            "style": item.style,
            "got": _label(reply.predicted if reply.kind != "suggest" else reply.policy_ids[0]),
            "band": reply.kind,
            "ok": ok,
        }
        for item, reply, ok in rows
    ]
    return report
