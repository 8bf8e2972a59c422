"""Loading and validating the knowledge base folder; the same function serves CLI and startup."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from bot.language.text import fold
from bot.policies.schema import (
    CategoriesFile,
    Category,
    Condition,
    FactsFile,
    LegalDocument,
    LegalFile,
    Lexicon,
    LexiconFile,
    Office,
    OfficeFile,
    OutOfScopeFile,
    OutOfScopeTopic,
    Policy,
)
from bot.policies.yamlsafe import MAX_FILE_BYTES, LoadedYaml, YamlError, load_yaml_text

Severity = Literal["error", "warning"]
M = TypeVar("M", bound=BaseModel)

SHARED_FILES: dict[str, type[BaseModel]] = {
    "_legal.yaml": LegalFile,
    "_categories.yaml": CategoriesFile,
    "_office.yaml": OfficeFile,
    "_lexicon.yaml": LexiconFile,
    "_out_of_scope.yaml": OutOfScopeFile,
    "_facts.yaml": FactsFile,
}


@dataclass(frozen=True)
class Issue:
    """One problem an admin must fix (error) or should look at (warning)."""

    file: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass(frozen=True)
class KnowledgeBase:
    """A validated, immutable snapshot of `policies/`."""

    directory: Path
    policies: dict[str, Policy]
    legal: dict[str, LegalDocument]
    categories: dict[str, Category]
    office: Office
    lexicon: Lexicon
    out_of_scope: dict[str, OutOfScopeTopic]
    facts: FactsFile
    version: str
    loaded_at: datetime
    warnings: tuple[Issue, ...] = field(default=())
    # Line of each example question in its file (policy id → lines), for the pre-publish check.
    example_lines: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)

    def as_of(self, policy: Policy) -> date:
        """The date up to which a policy's answer is known to be correct."""
        return policy.last_reviewed


class KnowledgeBaseError(Exception):
    """The folder does not validate; `issues` lists every problem found."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))


_PYDANTIC_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda e: "thiếu trường bắt buộc",
    "extra_forbidden": lambda e: "trường không có trong định dạng (viết sai tên trường?)",
    "string_type": lambda e: "phải là một chuỗi văn bản",
    "int_type": lambda e: "phải là một số nguyên",
    "int_parsing": lambda e: "phải là một số nguyên (không dùng dấu chấm hay chữ)",
    "int_from_float": lambda e: "phải là một số nguyên",
    "float_type": lambda e: "phải là một số",
    "float_parsing": lambda e: "phải là một số",
    "list_type": lambda e: "phải là một danh sách (các dòng bắt đầu bằng '- ')",
    "dict_type": lambda e: "phải là một bảng gồm các trường 'tên: giá trị'",
    "model_type": lambda e: "phải là một bảng gồm các trường 'tên: giá trị'",
    "date_type": lambda e: "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": lambda e: "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": lambda e: "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": lambda e: "phải là ngày dạng YYYY-MM-DD (không kèm giờ)",
    "too_short": lambda e: f"cần ít nhất {e['ctx'].get('min_length')} mục/ký tự",
    "string_too_short": lambda e: f"quá ngắn: cần ít nhất {e['ctx'].get('min_length')} ký tự",
    "string_pattern_mismatch": lambda e: "sai định dạng (mã chỉ gồm chữ thường không dấu, số và dấu '-')"
    if "a-z0-9" in str(e["ctx"].get("pattern"))
    else f"sai định dạng (cần khớp {e['ctx'].get('pattern')})",
    "greater_than": lambda e: f"phải lớn hơn {e['ctx'].get('gt')}",
    "less_than_equal": lambda e: f"không được lớn hơn {e['ctx'].get('le')}",
    "bool_type": lambda e: "phải là true hoặc false",
    "bool_parsing": lambda e: "phải là true hoặc false",
    "finite_number": lambda e: "phải là một số hữu hạn (không dùng .inf hay .nan)",
    "literal_error": lambda e: f"phải là một trong: {e['ctx'].get('expected')}",
    "value_error": lambda e: str(e["ctx"].get("error", e["msg"])),
}


def _field_name(loc: tuple[str | int, ...]) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _pydantic_issues(filename: str, loaded: LoadedYaml, exc: ValidationError) -> list[Issue]:
    issues = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        explain = _PYDANTIC_MESSAGES.get(error["type"])
        message = explain(error) if explain else error["msg"]
        issues.append(Issue(filename, loaded.line_of(loc), _field_name(loc), message))
    return issues


@dataclass
class _Loaded:
    """A parsed file and its model (None when it failed)."""

    name: str
    yaml: LoadedYaml
    model: Any


def _read(path: Path, issues: list[Issue]) -> bytes | None:
    """The file's bytes, read once: what is parsed is exactly what the version hash covers."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # not even read into memory
            issues.append(Issue(path.name, 1, "", f"tệp quá lớn ({size:,} byte; tối đa {MAX_FILE_BYTES:,} byte)"))
            return None
        return path.read_bytes()
    except OSError as exc:  # e.g. deleted or replaced while the folder is being read
        issues.append(Issue(path.name, 1, "", f"không đọc được tệp: {exc.strerror}"))
        return None


def _load(name: str, raw: bytes | None, model: type[M], issues: list[Issue]) -> _Loaded | None:
    if raw is None:
        return None
    try:
        loaded = load_yaml_text(raw)
    except YamlError as exc:
        issues.append(Issue(name, exc.line, "", exc.message))
        return None
    if not isinstance(loaded.data, dict):
        issues.append(Issue(name, 1, "", "tệp phải là một bảng gồm các trường 'tên: giá trị'"))
        return None
    try:
        return _Loaded(name, loaded, model.model_validate(loaded.data))
    except ValidationError as exc:
        issues.extend(_pydantic_issues(name, loaded, exc))
        return None


def _content_hash(contents: dict[str, bytes | None]) -> str:
    digest = hashlib.sha256()
    for name, raw in contents.items():
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(raw or b"")
    return digest.hexdigest()[:12]


def validate(directory: Path) -> tuple[KnowledgeBase | None, list[Issue]]:
    """Load every file, check the schema and the cross-file rules.

    Returns the knowledge base (None when there are errors) and all issues, errors and warnings.
    """
    issues: list[Issue] = []
    if not directory.is_dir():
        return None, [Issue(str(directory), 1, "", "thư mục chính sách không tồn tại")]
    # Hidden files are editors' lock and swap files (".#may-moc.yaml"), never policies.
    paths = sorted(path for path in directory.glob("*.yaml") if not path.name.startswith("."))
    contents = {path.name: _read(path, issues) for path in paths}
    for stray in sorted(directory.glob("*.yml")):
        issues.append(Issue(stray.name, 1, "", "đuôi tệp phải là .yaml"))

    shared: dict[str, _Loaded | None] = {}
    policy_files: list[_Loaded] = []
    for path in paths:
        if path.name.startswith("_"):
            model = SHARED_FILES.get(path.name)
            if model is None:
                known = ", ".join(SHARED_FILES)
                issues.append(Issue(path.name, 1, "", f"tệp dùng chung không xác định (chỉ có: {known})"))
                continue
            shared[path.name] = _load(path.name, contents[path.name], model, issues)
        else:
            loaded = _load(path.name, contents[path.name], Policy, issues)
            if loaded is not None:
                policy_files.append(loaded)
    for name in SHARED_FILES:
        if name not in shared:
            issues.append(Issue(name, 1, "", "thiếu tệp dùng chung bắt buộc"))
    if not policy_files and not any(i.file.endswith(".yaml") and not i.file.startswith("_") for i in issues):
        issues.append(Issue(str(directory), 1, "", "không có tệp chính sách nào"))

    legal = shared.get("_legal.yaml")
    categories = shared.get("_categories.yaml")
    out_of_scope = shared.get("_out_of_scope.yaml")
    # A policy file that failed to load still exists: do not report every reference to it.
    present_ids = {path.stem for path in paths if not path.name.startswith("_")}
    _cross_check(policy_files, present_ids, legal, categories, out_of_scope, issues)
    facts = shared.get("_facts.yaml")
    if facts is not None:
        _check_rules(facts, policy_files, issues)

    errors = [i for i in issues if i.severity == "error"]
    if errors or any(shared.get(name) is None for name in SHARED_FILES):
        return None, issues
    assert legal and categories and out_of_scope
    office = shared["_office.yaml"]
    lexicon = shared["_lexicon.yaml"]
    assert office and lexicon
    for key in ("address", "phone", "email", "website", "hours"):
        if getattr(office.model.office, key) is None:
            issues.append(
                Issue("_office.yaml", office.yaml.line_of(("office", key)), f"office.{key}",
                      "chưa cấu hình (bot sẽ hiển thị 'chưa cập nhật')", "warning")
            )
    kb = KnowledgeBase(
        directory=directory,
        policies={loaded.model.id: loaded.model for loaded in policy_files},
        legal=legal.model.documents,
        categories=categories.model.categories,
        office=office.model.office,
        lexicon=lexicon.model.lexicon,
        out_of_scope=out_of_scope.model.topics,
        facts=shared["_facts.yaml"].model,  # type: ignore[union-attr]
        version=_content_hash(contents),
        loaded_at=datetime.now(UTC),
        warnings=tuple(i for i in issues if i.severity == "warning"),
        example_lines={
            loaded.model.id: tuple(loaded.yaml.line_of(("examples", i)) for i in range(len(loaded.model.examples)))
            for loaded in policy_files
        },
    )
    return kb, issues


def _cross_check(
    policy_files: list[_Loaded],
    present_ids: set[str],
    legal: _Loaded | None,
    categories: _Loaded | None,
    out_of_scope: _Loaded | None,
    issues: list[Issue],
) -> None:
    ids: dict[str, str] = {}
    for loaded in policy_files:
        policy: Policy = loaded.model
        stem = loaded.name.removesuffix(".yaml")
        line = loaded.yaml.line_of
        if policy.id != stem:
            issues.append(Issue(loaded.name, line(("id",)), "id", f"mã '{policy.id}' phải trùng tên tệp '{stem}'"))
        if policy.id in ids:
            issues.append(
                Issue(loaded.name, line(("id",)), "id", f"mã '{policy.id}' bị trùng với tệp {ids[policy.id]}")
            )
        ids.setdefault(policy.id, loaded.name)

    known_ids = set(ids) | present_ids
    legal_docs: dict[str, LegalDocument] = legal.model.documents if legal else {}
    category_ids = set(categories.model.categories) if categories else set()
    example_owner: dict[str, tuple[str, int]] = {}
    if out_of_scope:
        for topic_id, topic in out_of_scope.model.topics.items():
            for index, example in enumerate(topic.examples):
                example_line = out_of_scope.yaml.line_of(("topics", topic_id, "examples", index))
                example_owner.setdefault(fold(example), (out_of_scope.name, example_line))

    for loaded in policy_files:
        policy = loaded.model
        name, line = loaded.name, loaded.yaml.line_of

        def error(path: tuple[str | int, ...], message: str, name: str = name, line: Any = line) -> None:
            issues.append(Issue(name, line(path), _field_name(path), message))

        if categories and policy.category not in category_ids:
            error(("category",), f"nhóm '{policy.category}' không có trong _categories.yaml")
        for index, ref in enumerate(policy.legal_basis):
            if legal and ref.doc not in legal_docs:
                error(("legal_basis", index, "doc"), f"văn bản '{ref.doc}' không có trong _legal.yaml")
        for s_index, support in enumerate(policy.support):
            for v_index, value in enumerate(support.values):
                path = ("support", s_index, "values", v_index)
                doc = legal_docs.get(value.source)
                if legal and doc is None:
                    error((*path, "source"), f"văn bản '{value.source}' không có trong _legal.yaml")
                elif doc and doc.effective and value.effective_from < doc.effective:
                    error(
                        (*path, "effective_from"),
                        f"mức này có hiệu lực {value.effective_from:%d/%m/%Y}, trước ngày văn bản nguồn "
                        f"{doc.number} có hiệu lực ({doc.effective:%d/%m/%Y})",
                    )
        ids_in_support = [s.id for s in policy.support]
        for s_index, support in enumerate(policy.support):
            if ids_in_support.count(support.id) > 1:
                error(("support", s_index, "id"), f"mã mức hỗ trợ '{support.id}' bị trùng trong chính sách")
        for index, related in enumerate(policy.related):
            if related == policy.id:
                error(("related", index), "chính sách không thể liên quan đến chính nó")
            elif related not in known_ids:
                error(("related", index), f"chính sách '{related}' không tồn tại")
        if policy.replaced_by is not None:
            if policy.replaced_by not in known_ids or policy.replaced_by == policy.id:
                error(("replaced_by",), f"chính sách '{policy.replaced_by}' không tồn tại")
            if policy.valid_until is None:
                error(("replaced_by",), "có replaced_by thì phải có valid_until")
        if policy.valid_from and policy.valid_until and policy.valid_until < policy.valid_from:
            error(("valid_until",), "valid_until phải sau valid_from")
        for index, example in enumerate(policy.examples):
            key = fold(example)
            owner = example_owner.get(key)
            if owner is not None:
                other, other_line = owner
                where = "ngay trong tệp này" if other == name else f"trong {other}"
                error(("examples", index), f"câu hỏi mẫu bị trùng (đã có {where}, dòng {other_line})")
            else:
                example_owner[key] = (name, line(("examples", index)))


_NUMERIC_OPERATORS = ("lt", "lte", "gt", "gte")


def _check_condition(
    condition: Condition,
    path: tuple[str | int, ...],
    facts: FactsFile,
    report: Callable[[tuple[str | int, ...], str], None],
) -> None:
    """Facts, options, operators and references of one condition tree."""
    if condition.all_ is not None or condition.any_ is not None:
        key = "all" if condition.all_ is not None else "any"
        for index, child in enumerate(condition.all_ or condition.any_ or []):
            _check_condition(child, (*path, key, index), facts, report)
    elif condition.not_ is not None:
        _check_condition(condition.not_, (*path, "not"), facts, report)
    elif condition.ref is not None:
        if condition.ref not in facts.conditions:
            report((*path, "ref"), f"điều kiện dùng chung '{condition.ref}' không có trong _facts.yaml")
    elif condition.fact is not None:
        fact = facts.facts.get(condition.fact)
        if fact is None:
            report((*path, "fact"), f"dữ kiện '{condition.fact}' không có trong _facts.yaml")
            return
        op, value = condition.operator
        values = value if isinstance(value, list) else [value]
        if op in _NUMERIC_OPERATORS and fact.type not in ("number", "money"):
            report((*path, op), f"phép '{op}' chỉ dùng cho dữ kiện dạng số, '{condition.fact}' là {fact.type}")
            return
        for item in values:
            if fact.type == "choice" and item not in fact.options:
                report((*path, op), f"'{item}' không phải lựa chọn của '{condition.fact}' ({', '.join(fact.options)})")
            elif fact.type == "yes_no" and not isinstance(item, bool):
                report((*path, op), f"dữ kiện '{condition.fact}' chỉ nhận true hoặc false")
            elif fact.type in ("number", "money") and (isinstance(item, bool) or not isinstance(item, int | float)):
                report((*path, op), f"dữ kiện '{condition.fact}' cần giá trị là số")


def _ref_cycle(name: str, facts: FactsFile, seen: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    if name in seen:
        return (*seen, name)
    condition = facts.conditions.get(name)
    stack = [condition] if condition else []
    while stack:
        node = stack.pop()
        if node.ref is not None and (cycle := _ref_cycle(node.ref, facts, (*seen, name))):
            return cycle
        stack.extend(node.all_ or node.any_ or ([node.not_] if node.not_ else []))
    return None


def _check_rules(facts_file: _Loaded, policy_files: list[_Loaded], issues: list[Issue]) -> None:
    """Eligibility rules may only name known facts, options, operators, conditions and support items."""
    facts: FactsFile = facts_file.model

    def reporter(loaded: _Loaded, prefix: tuple[str | int, ...]) -> Callable[[tuple[str | int, ...], str], None]:
        def report(path: tuple[str | int, ...], message: str) -> None:
            full = (*prefix, *path)
            issues.append(Issue(loaded.name, loaded.yaml.line_of(full), _field_name(full), message))

        return report

    shared = reporter(facts_file, ())
    for name, condition in facts.conditions.items():
        _check_condition(condition, ("conditions", name), facts, shared)
        if cycle := _ref_cycle(name, facts):
            shared(("conditions", name), f"điều kiện tham chiếu vòng tròn: {' → '.join(cycle)}")
    for index, rule in enumerate(facts.common_rules):
        _check_condition(rule.when, ("common_rules", index, "when"), facts, shared)
    for index, priority in enumerate(facts.priorities):
        _check_condition(priority.when, ("priorities", index, "when"), facts, shared)
    for loaded in policy_files:
        policy: Policy = loaded.model
        if policy.eligibility is None:
            continue
        report = reporter(loaded, ("eligibility",))
        for index, rule in enumerate(policy.eligibility.rules):
            _check_condition(rule.when, ("rules", index, "when"), facts, report)
        amount = policy.eligibility.amount
        if amount is not None:
            if amount.support not in {s.id for s in policy.support}:
                report(("amount", "support"), f"mức hỗ trợ '{amount.support}' không có trong support của chính sách")
            cost = facts.facts.get(amount.cost_fact)
            if cost is None or cost.type != "money":
                report(("amount", "cost_fact"), f"'{amount.cost_fact}' phải là dữ kiện dạng money trong _facts.yaml")


def load_knowledge_base(directory: Path) -> KnowledgeBase:
    """Validate and return the knowledge base, or raise KnowledgeBaseError listing every error."""
    kb, issues = validate(directory)
    if kb is None:
        raise KnowledgeBaseError([i for i in issues if i.severity == "error"])
    return kb
