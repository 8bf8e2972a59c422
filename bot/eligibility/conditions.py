"""The condition tree of eligibility rules: one walker that knows its forms, used to evaluate a
condition, list the facts it uses, find its numeric thresholds and check it against `_facts.yaml`.

A condition is `all` / `any` / `not` over others, `ref` to a named shared condition, or a
comparison `{fact: id, <op>: value}`. Evaluation is Kleene three-valued: None means "cannot tell yet"
(a missing fact is unknown, never false or zero).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from bot.policies.schema import Condition, FactsFile
from bot.policies.yamlsafe import KeyPath

NUMERIC_OPERATORS = ("lt", "lte", "gt", "gte")


def children(condition: Condition) -> list[tuple[KeyPath, Condition]]:
    """The direct sub-conditions with their path below this one (refs are not followed)."""
    if condition.all_ is not None:
        return [(("all", index), child) for index, child in enumerate(condition.all_)]
    if condition.any_ is not None:
        return [(("any", index), child) for index, child in enumerate(condition.any_)]
    if condition.not_ is not None:
        return [(("not",), condition.not_)]
    return []


def comparisons(condition: Condition, shared: Mapping[str, Condition]) -> Iterator[Condition]:
    """Every comparison in the tree, following references to shared conditions."""
    if condition.fact is not None:
        yield condition
    elif condition.ref is not None:
        yield from comparisons(shared[condition.ref], shared)
    for _, child in children(condition):
        yield from comparisons(child, shared)


def facts_in(condition: Condition, shared: Mapping[str, Condition]) -> set[str]:
    """The facts a condition depends on."""
    return {leaf.fact for leaf in comparisons(condition, shared) if leaf.fact is not None}


def thresholds(condition: Condition, fact: str, shared: Mapping[str, Condition]) -> set[float]:
    """Values just below, at and above each numeric bound on `fact`: answers that can flip the condition."""
    found: set[float] = set()
    for leaf in comparisons(condition, shared):
        op, value = leaf.operator
        if leaf.fact == fact and op in NUMERIC_OPERATORS and isinstance(value, int | float):
            found |= {value - 1, value, value + 1}
    return found


def _compare(op: str, actual: Any, expected: Any) -> bool:
    if op == "eq":
        return bool(actual == expected)
    if op == "ne":
        return bool(actual != expected)
    if op == "in":
        return bool(actual in expected)
    if op == "not_in":
        return bool(actual not in expected)
    number, bound = float(actual), float(expected)
    return {"lt": number < bound, "lte": number <= bound, "gt": number > bound, "gte": number >= bound}[op]


def evaluate(condition: Condition, profile: Mapping[str, Any], shared: Mapping[str, Condition]) -> bool | None:
    """True, False, or None when the facts known so far cannot decide it."""
    if condition.ref is not None:
        return evaluate(shared[condition.ref], profile, shared)
    if condition.fact is not None:
        actual = profile.get(condition.fact)
        if actual is None:
            return None
        op, expected = condition.operator
        return _compare(op, actual, expected)
    values = [evaluate(child, profile, shared) for _, child in children(condition)]
    if condition.not_ is not None:
        return None if values[0] is None else not values[0]
    if condition.all_ is not None:
        return False if False in values else (None if None in values else True)
    return True if True in values else (None if None in values else False)


Report = Callable[[KeyPath, str], None]


def check(condition: Condition, path: KeyPath, facts: FactsFile, report: Report) -> None:
    """Report unknown facts, options, operators and references of one condition tree (with its path)."""
    if condition.ref is not None and condition.ref not in facts.conditions:
        report((*path, "ref"), f"điều kiện dùng chung '{condition.ref}' không có trong _facts.yaml")
    if condition.fact is not None:
        _check_comparison(condition, path, facts, report)
    for below, child in children(condition):
        check(child, (*path, *below), facts, report)


def _check_comparison(condition: Condition, path: KeyPath, facts: FactsFile, report: Report) -> None:
    assert condition.fact is not None
    fact = facts.facts.get(condition.fact)
    if fact is None:
        report((*path, "fact"), f"dữ kiện '{condition.fact}' không có trong _facts.yaml")
        return
    op, value = condition.operator
    if op in NUMERIC_OPERATORS and fact.type not in ("number", "money"):
        report((*path, op), f"phép '{op}' chỉ dùng cho dữ kiện dạng số, '{condition.fact}' là {fact.type}")
        return
    for item in value if isinstance(value, list) else [value]:
        if fact.type == "choice" and item not in fact.options:
            report((*path, op), f"'{item}' không phải lựa chọn của '{condition.fact}' ({', '.join(fact.options)})")
        elif fact.type == "yes_no" and not isinstance(item, bool):
            report((*path, op), f"dữ kiện '{condition.fact}' chỉ nhận true hoặc false")
        elif fact.type in ("number", "money") and (isinstance(item, bool) or not isinstance(item, int | float)):
            report((*path, op), f"dữ kiện '{condition.fact}' cần giá trị là số")


def ref_cycle(name: str, shared: Mapping[str, Condition], seen: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """The chain of shared conditions that leads back to `name`, if any."""
    if name in seen:
        return (*seen, name)
    condition = shared.get(name)
    stack = [condition] if condition else []
    while stack:
        node = stack.pop()
        if node.ref is not None and (cycle := ref_cycle(node.ref, shared, (*seen, name))):
            return cycle
        stack.extend(child for _, child in children(node))
    return None
