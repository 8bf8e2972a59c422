"""Cross-file checks of the knowledge base: ids, references between files, duplicate examples, and
eligibility rules that may only name known facts, options, conditions and support items."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.eligibility import conditions
from bot.errors import Issue
from bot.language.text import fold
from bot.policies.schema import FactsFile, LegalDocument, Policy, Rule
from bot.policies.yamlsafe import KeyPath, LoadedYaml, field_name


@dataclass
class ParsedFile:
    """A parsed file and its model (None when it failed)."""

    name: str
    yaml: LoadedYaml
    model: Any


Report = Callable[[KeyPath, str], None]


def _reporter(loaded: ParsedFile, issues: list[Issue]) -> Report:
    """Report a problem at a key path of one file."""

    def report(path: KeyPath, message: str) -> None:
        issues.append(Issue(loaded.name, loaded.yaml.line_of(path), field_name(path), message))

    return report


def _check_ids(policy_files: list[ParsedFile], issues: list[Issue]) -> set[str]:
    """Each policy's id matches its file name and is unique; returns the ids."""
    ids: dict[str, str] = {}
    for loaded in policy_files:
        policy: Policy = loaded.model
        stem = loaded.name.removesuffix(".yaml")
        report = _reporter(loaded, issues)
        if policy.id != stem:
            report(("id",), f"mã '{policy.id}' phải trùng tên tệp '{stem}'")
        if policy.id in ids:
            report(("id",), f"mã '{policy.id}' bị trùng với tệp {ids[policy.id]}")
        ids.setdefault(policy.id, loaded.name)
    return set(ids)


def _check_support(policy: Policy, legal_docs: dict[str, LegalDocument] | None, report: Report) -> None:
    """Support figures cite known documents and do not start before them; support ids are unique."""
    for s_index, support in enumerate(policy.support):
        for v_index, value in enumerate(support.values):
            path = ("support", s_index, "values", v_index)
            doc = legal_docs.get(value.source) if legal_docs is not None else None
            if legal_docs is not None and doc is None:
                report((*path, "source"), f"văn bản '{value.source}' không có trong _legal.yaml")
            elif doc and doc.effective and value.effective_from < doc.effective:
                report(
                    (*path, "effective_from"),
                    f"mức này có hiệu lực {value.effective_from:%d/%m/%Y}, trước ngày văn bản nguồn "
                    f"{doc.number} có hiệu lực ({doc.effective:%d/%m/%Y})",
                )
    ids_in_support = [s.id for s in policy.support]
    for s_index, support in enumerate(policy.support):
        if ids_in_support.count(support.id) > 1:
            report(("support", s_index, "id"), f"mã mức hỗ trợ '{support.id}' bị trùng trong chính sách")


def _check_links(policy: Policy, known_ids: set[str], report: Report) -> None:
    """`related` and `replaced_by` name other existing policies; validity dates are in order.

    (`replaced_by` chains and dates against today: `_check_replacements`, `_check_dates`.)"""
    for index, related in enumerate(policy.related):
        if related == policy.id:
            report(("related", index), "chính sách không thể liên quan đến chính nó")
        elif related not in known_ids:
            report(("related", index), f"chính sách '{related}' không tồn tại")
    if policy.replaced_by is not None:
        if policy.replaced_by == policy.id:
            report(("replaced_by",), "chính sách không thể được thay thế bởi chính nó")
        elif policy.replaced_by not in known_ids:
            report(("replaced_by",), f"chính sách '{policy.replaced_by}' không tồn tại")
        if policy.valid_until is None:
            report(("replaced_by",), "có replaced_by thì phải có valid_until")
    if policy.valid_from and policy.valid_until and policy.valid_until < policy.valid_from:
        report(("valid_until",), "valid_until phải sau valid_from")


def _replacement_cycle(start: str, replaced_by: dict[str, str]) -> list[str] | None:
    """The `replaced_by` chain from `start` when it comes back to `start` (a policy that, followed
    from replacement to replacement, replaces itself), else None."""
    chain = [start]
    current = replaced_by.get(start)
    while current is not None and current not in chain:
        chain.append(current)
        current = replaced_by.get(current)
    return [*chain, start] if current == start and len(chain) > 1 else None


def _check_dates(loaded: ParsedFile, today: date, report: Report, issues: list[Issue]) -> None:
    """No review in the future; a policy past its `valid_until` that nothing replaces is still
    answered as current: a warning for the admin (the card says it has expired)."""
    policy: Policy = loaded.model
    if policy.last_reviewed > today:
        future = f"ngày rà soát {policy.last_reviewed:%d/%m/%Y} ở tương lai (hôm nay {today:%d/%m/%Y})"
        report(("last_reviewed",), future)
    if policy.valid_until is not None and policy.valid_until < today and policy.replaced_by is None:
        issues.append(Issue(
            loaded.name, loaded.yaml.line_of(("valid_until",)), "valid_until",
            f"hết hiệu lực sau ngày {policy.valid_until:%d/%m/%Y} nhưng vẫn được trả lời như chính sách hiện hành "
            "(thêm replaced_by hoặc cập nhật valid_until)", "warning",
        ))


def _example_owners(out_of_scope: ParsedFile | None) -> dict[str, tuple[str, int]]:
    """Folded example → (file, line), seeded with the out-of-scope topics' examples."""
    owners: dict[str, tuple[str, int]] = {}
    if out_of_scope:
        for topic_id, topic in out_of_scope.model.topics.items():
            for index, example in enumerate(topic.examples):
                example_line = out_of_scope.yaml.line_of(("topics", topic_id, "examples", index))
                owners.setdefault(fold(example), (out_of_scope.name, example_line))
    return owners


def cross_check(
    policy_files: list[ParsedFile],
    present_ids: set[str],
    legal: ParsedFile | None,
    categories: ParsedFile | None,
    out_of_scope: ParsedFile | None,
    issues: list[Issue],
    today: date,
) -> None:
    """Ids, categories, citations, support sources, links between policies, dates and duplicate examples."""
    known_ids = _check_ids(policy_files, issues) | present_ids
    legal_docs: dict[str, LegalDocument] | None = legal.model.documents if legal else None
    category_ids = set(categories.model.categories) if categories else set()
    example_owner = _example_owners(out_of_scope)
    replaced_by = {f.model.id: f.model.replaced_by for f in policy_files if f.model.replaced_by}
    for loaded in policy_files:
        policy: Policy = loaded.model
        report = _reporter(loaded, issues)
        if categories and policy.category not in category_ids:
            report(("category",), f"nhóm '{policy.category}' không có trong _categories.yaml")
        for index, ref in enumerate(policy.legal_basis):
            if legal_docs is not None and ref.doc not in legal_docs:
                report(("legal_basis", index, "doc"), f"văn bản '{ref.doc}' không có trong _legal.yaml")
        _check_support(policy, legal_docs, report)
        _check_links(policy, known_ids, report)
        _check_dates(loaded, today, report, issues)
        if cycle := _replacement_cycle(policy.id, replaced_by):
            report(("replaced_by",), f"thay thế vòng tròn: {' → '.join(cycle)}")
        for index, example in enumerate(policy.examples):
            key = fold(example)
            owner = example_owner.get(key)
            if owner is not None:
                other, other_line = owner
                where = "ngay trong tệp này" if other == loaded.name else f"trong {other}"
                report(("examples", index), f"câu hỏi mẫu bị trùng (đã có {where}, dòng {other_line})")
            else:
                example_owner[key] = (loaded.name, loaded.yaml.line_of(("examples", index)))


def check_rules(facts_file: ParsedFile, policy_files: list[ParsedFile], issues: list[Issue]) -> None:
    """Eligibility rules may only name known facts, options, operators, conditions and support items."""
    facts: FactsFile = facts_file.model

    def reporter(loaded: ParsedFile, prefix: KeyPath) -> Report:
        report = _reporter(loaded, issues)
        return lambda path, message: report((*prefix, *path), message)

    shared = reporter(facts_file, ())
    for name, condition in facts.conditions.items():
        conditions.check(condition, ("conditions", name), facts, shared)
        if cycle := conditions.ref_cycle(name, facts.conditions):
            shared(("conditions", name), f"điều kiện tham chiếu vòng tròn: {' → '.join(cycle)}")
    for index, rule in enumerate(facts.common_rules):
        _check_rule(rule, ("common_rules", index), facts, shared)
    for index, priority in enumerate(facts.priorities):
        conditions.check(priority.when, ("priorities", index, "when"), facts, shared)
    for loaded in policy_files:
        policy: Policy = loaded.model
        if policy.eligibility is None:
            continue
        report = reporter(loaded, ("eligibility",))
        common_ids = {rule.id for rule in facts.common_rules}
        for index, rule in enumerate(policy.eligibility.rules):
            _check_rule(rule, ("rules", index), facts, report)
            for r_index, replaced in enumerate(rule.replaces):
                if replaced not in common_ids or not policy.eligibility.common:
                    at: KeyPath = ("rules", index, "replaces", r_index)
                    report(at, f"'{replaced}' không phải quy tắc chung (common_rules) mà chính sách này dùng")
        amount = policy.eligibility.amount
        if amount is not None:
            support_ids = {s.id for s in policy.support}
            if amount.support not in support_ids:
                report(("amount", "support"), f"mức hỗ trợ '{amount.support}' không có trong support của chính sách")
            for index, choice in enumerate(amount.choices):
                conditions.check(choice.when, ("amount", "choices", index, "when"), facts, report)
                if choice.support not in support_ids:
                    where: KeyPath = ("amount", "choices", index, "support")
                    report(where, f"mức hỗ trợ '{choice.support}' không có trong support của chính sách")
            cost = facts.facts.get(amount.cost_fact)
            if cost is None or cost.type != "money":
                report(("amount", "cost_fact"), f"'{amount.cost_fact}' phải là dữ kiện dạng money trong _facts.yaml")


def _check_rule(rule: Rule, path: KeyPath, facts: FactsFile, report: Report) -> None:
    conditions.check(rule.when, (*path, "when"), facts, report)
    if rule.confirm_when is not None:
        conditions.check(rule.confirm_when, (*path, "confirm_when"), facts, report)


def check_location(facts_file: ParsedFile, legal: ParsedFile | None, issues: list[Issue]) -> None:
    """The location section names facts with the options a commune sets, and real provinces."""
    from bot.language.places import PlaceIndex  # the official list, loaded only when there is a section

    facts: FactsFile = facts_file.model
    location = facts.location
    if location is None:
        return
    report = _reporter(facts_file, issues)
    wanted = {
        "unit_fact": (location.unit_fact, {"xa", "phuong", "dac_khu"}),
        "province_fact": (location.province_fact, {"tinh", "thanh_pho_truc_thuoc_trung_uong"}),
    }
    for key, (fact_id, options) in wanted.items():
        fact = facts.facts.get(fact_id)
        if fact is None or fact.type != "choice" or not options <= set(fact.options):
            listed = ", ".join(sorted(options))
            report(("location", key), f"'{fact_id}' phải là dữ kiện dạng choice có các lựa chọn {listed}")
    index = PlaceIndex.official()
    for i, city in enumerate(location.central_cities):
        if index.province(city) is None:
            report(("location", "central_cities", i), f"'{city}' không có trong danh sách tỉnh, thành phố hiện hành")
    for old, new in location.former_provinces.items():
        if index.province(new) is None:
            report(("location", "former_provinces", old), f"'{new}' không có trong danh sách tỉnh, thành phố hiện hành")
    if legal is not None and location.source not in legal.model.documents:
        report(("location", "source"), f"văn bản '{location.source}' không có trong _legal.yaml")
