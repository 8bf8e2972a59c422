"""Measuring the bot's replies on a labelled question file (format of shared/eval/dev-questions.yaml).

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
from bot.replies import NONE, Reply, reply_for
from bot.snapshot import Snapshot


@dataclass(frozen=True)
class LabelledQuestion:
    q: str
    expect: str


def load_questions(path: Path) -> list[LabelledQuestion]:
    """Read a YAML list of {q, expect}; raises ValueError with the line of a bad entry."""
    loaded = load_yaml_file(path)
    if not isinstance(loaded.data, list):
        raise ValueError(f"{path}:1: tệp phải là một danh sách các mục {{q, expect}}")
    questions = []
    for index, item in enumerate(loaded.data):
        if not (isinstance(item, dict) and isinstance(item.get("q"), str) and isinstance(item.get("expect"), str)):
            raise ValueError(f"{path}:{loaded.line_of((index,))}: mỗi mục cần có q và expect dạng chuỗi")
        questions.append(LabelledQuestion(item["q"], item["expect"]))
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


def evaluate(snapshot: Snapshot, questions: list[LabelledQuestion], today: date) -> dict[str, Any]:
    """Accuracy, out-of-scope precision/recall, direct-answer rate, latency and misses."""
    timings = []
    rows: list[tuple[LabelledQuestion, Reply, str]] = []
    for item in questions:
        start = time.perf_counter()
        reply = reply_for(snapshot, item.q, today)
        timings.append((time.perf_counter() - start) * 1000)
        rows.append((item, reply, reply.predicted))
    abbreviations = set(snapshot.matcher.normalizer.abbreviations)
    in_scope = [r for r in rows if r[0].expect != NONE]
    informal = [r for r in in_scope if is_informal(r[0].q, abbreviations)]
    predicted_none = [r for r in rows if r[2] == NONE]
    expected_none = [r for r in rows if r[0].expect == NONE]
    return {
        "total": len(rows),
        "top1_accuracy": _ratio(sum(r[2] == r[0].expect for r in rows), len(rows)),
        "in_scope_accuracy": _ratio(sum(r[2] == r[0].expect for r in in_scope), len(in_scope)),
        "informal_accuracy": _ratio(sum(r[2] == r[0].expect for r in informal), len(informal)),
        "oos_precision": _ratio(sum(r[0].expect == NONE for r in predicted_none), len(predicted_none)),
        "oos_recall": _ratio(sum(r[2] == NONE for r in expected_none), len(expected_none)),
        "direct_answer_rate": _ratio(
            sum(r[1].kind == "answer" and r[2] == r[0].expect for r in in_scope), len(in_scope)
        ),
        "p50_ms": round(float(np.percentile(timings, 50)), 3) if timings else 0.0,
        "p99_ms": round(float(np.percentile(timings, 99)), 3) if timings else 0.0,
        "misses": [
            {"q": item.q, "expect": item.expect, "got": got, "score": _score(reply)}
            for item, reply, got in rows
            if got != item.expect
        ],
    }
