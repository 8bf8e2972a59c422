"""Loading the knowledge base folder: every file read once, parsed safely, validated against the schema
and the cross-file rules; every problem reported with file:line."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot import localtime
from bot.errors import Issue, KnowledgeBaseError
from bot.policies.crosscheck import ParsedFile, check_location, check_rules, cross_check
from bot.policies.lexicon import Lexicon, LexiconFile
from bot.policies.schema import (
    MAX_ID_LENGTH,
    CannedRepliesFile,
    CannedReply,
    CategoriesFile,
    Category,
    FactsFile,
    LegalDocument,
    LegalFile,
    Office,
    OfficeFile,
    OutOfScopeFile,
    OutOfScopeTopic,
    Policy,
)
from bot.policies.yamlsafe import (
    MAX_FILE_BYTES,
    LoadedYaml,
    NotRegularFile,
    YamlError,
    field_name,
    load_yaml_text,
    read_regular,
)

M = TypeVar("M", bound=BaseModel)

SHARED_FILES: dict[str, type[BaseModel]] = {
    "_legal.yaml": LegalFile,
    "_categories.yaml": CategoriesFile,
    "_office.yaml": OfficeFile,
    "_lexicon.yaml": LexiconFile,
    "_out_of_scope.yaml": OutOfScopeFile,
    "_facts.yaml": FactsFile,
}
# Shared files a knowledge base may go without.
OPTIONAL_FILES: dict[str, type[BaseModel]] = {"_canned_replies.yaml": CannedRepliesFile}


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
    canned_replies: tuple[CannedReply, ...] = field(default=())  # for the web desk's reply box
    # Line of each example question in its file (policy id → lines), for the pre-publish check.
    example_lines: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)
    # Line of each policy's last_reviewed (policy id → line), for the review reminder of the check.
    review_lines: dict[str, int] = field(default_factory=dict, compare=False)

    def as_of(self, policy: Policy) -> date:
        """The date up to which a policy's answer is known to be correct."""
        return policy.last_reviewed


# Plain Vietnamese for pydantic's error types: a text, or a function of the error for those that need its context.
_PYDANTIC_MESSAGES: dict[str, str | Callable[[ErrorDetails], str]] = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không có trong định dạng (viết sai tên trường?)",
    "string_type": "phải là một chuỗi văn bản",
    "int_type": "phải là một số nguyên",
    "int_parsing": "phải là một số nguyên (không dùng dấu chấm hay chữ)",
    "int_from_float": "phải là một số nguyên",
    "float_type": "phải là một số",
    "float_parsing": "phải là một số",
    "list_type": "phải là một danh sách (các dòng bắt đầu bằng '- ')",
    "dict_type": "phải là một bảng gồm các trường 'tên: giá trị'",
    "model_type": "phải là một bảng gồm các trường 'tên: giá trị'",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "phải là ngày dạng YYYY-MM-DD (không kèm giờ)",
    "too_short": lambda e: f"cần ít nhất {e['ctx'].get('min_length')} mục/ký tự",
    "string_too_short": lambda e: f"quá ngắn: cần ít nhất {e['ctx'].get('min_length')} ký tự",
    "string_pattern_mismatch": lambda e: (
        "sai định dạng (mã chỉ gồm chữ thường không dấu, số và dấu '-')"
        if "a-z0-9" in str(e["ctx"].get("pattern"))
        else f"sai định dạng (cần khớp {e['ctx'].get('pattern')})"
    ),
    "greater_than": lambda e: f"phải lớn hơn {e['ctx'].get('gt')}",
    "less_than_equal": lambda e: f"không được lớn hơn {_number(e['ctx'].get('le'))}",
    "string_too_long": lambda e: f"quá dài: tối đa {e['ctx'].get('max_length')} ký tự",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "finite_number": "phải là một số hữu hạn (không dùng .inf hay .nan)",
    "literal_error": lambda e: f"phải là một trong: {e['ctx'].get('expected')}",
    "value_error": lambda e: str(e["ctx"].get("error", e["msg"])),
}


def _number(value: object) -> str:
    """A limit as admins read it: 100, 1.000.000.000.000."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)


def _key_message(error: ErrorDetails, key: object) -> str:
    """What is wrong with a mapping key (pydantic reports these at "[key]" in English)."""
    if error["type"] == "string_type":
        return f'khóa phải là chữ (đặt trong dấu nháy nếu là số: "{key}")'
    allowed = "'_'" if "_" in str(error.get("ctx", {}).get("pattern", "")) else "'-'"
    return f"mã '{key}' sai định dạng (chỉ gồm chữ thường không dấu, số và dấu {allowed}, tối đa {MAX_ID_LENGTH} ký tự)"


def _pydantic_issues(filename: str, loaded: LoadedYaml, exc: ValidationError) -> list[Issue]:
    issues = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        if loc and loc[-1] == "[key]":
            where = tuple(str(part) for part in loc[:-1])  # the lines know keys as written
            issues.append(Issue(filename, loaded.line_of(where), ".".join(where), _key_message(error, where[-1])))
            continue
        explain = _PYDANTIC_MESSAGES.get(error["type"])
        message = explain(error) if callable(explain) else (explain or error["msg"])
        issues.append(Issue(filename, loaded.line_of(loc), field_name(loc), message))
    return issues


def _read(path: Path, issues: list[Issue]) -> bytes | None:
    """The file's bytes, read once: what is parsed is exactly what the version hash covers."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # not even read into memory
            issues.append(Issue(path.name, 1, "", f"tệp quá lớn ({size:,} byte; tối đa {MAX_FILE_BYTES:,} byte)"))
            return None
        raw = read_regular(path)
        if len(raw) > MAX_FILE_BYTES:  # grew since stat
            issues.append(Issue(path.name, 1, "", f"tệp quá lớn (tối đa {MAX_FILE_BYTES:,} byte)"))
            return None
        return raw
    except NotRegularFile as exc:
        issues.append(Issue(path.name, 1, "", f"{exc}: hãy bỏ nó ra khỏi thư mục chính sách"))
        return None
    except OSError as exc:  # e.g. deleted or replaced while the folder is being read
        issues.append(Issue(path.name, 1, "", f"không đọc được tệp: {exc.strerror}"))
        return None


def _load(name: str, raw: bytes | None, model: type[M], issues: list[Issue]) -> ParsedFile | None:
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
        return ParsedFile(name, loaded, model.model_validate(loaded.data))
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


def _parse_folder(
    directory: Path, issues: list[Issue]
) -> tuple[dict[str, bytes | None], dict[str, ParsedFile | None], list[ParsedFile]]:
    """Every file read once and parsed: (raw contents, shared files by name, policy files)."""
    # Hidden files are editors' lock and swap files (".#may-moc.yaml"), never policies.
    paths = sorted(path for path in directory.glob("*.yaml") if not path.name.startswith("."))
    contents = {path.name: _read(path, issues) for path in paths}
    for stray in sorted(directory.glob("*.yml")):
        issues.append(Issue(stray.name, 1, "", "đuôi tệp phải là .yaml"))
    shared: dict[str, ParsedFile | None] = {}
    policy_files: list[ParsedFile] = []
    for path in paths:
        if not path.name.startswith("_"):
            if (loaded := _load(path.name, contents[path.name], Policy, issues)) is not None:
                policy_files.append(loaded)
        elif (model := SHARED_FILES.get(path.name) or OPTIONAL_FILES.get(path.name)) is not None:
            shared[path.name] = _load(path.name, contents[path.name], model, issues)
        else:
            known = ", ".join([*SHARED_FILES, *OPTIONAL_FILES])
            issues.append(Issue(path.name, 1, "", f"tệp dùng chung không xác định (chỉ có: {known})"))
    for name in SHARED_FILES:
        if name not in shared:
            issues.append(Issue(name, 1, "", "thiếu tệp dùng chung bắt buộc"))
    if not policy_files and not any(i.file.endswith(".yaml") and not i.file.startswith("_") for i in issues):
        issues.append(Issue(str(directory), 1, "", "không có tệp chính sách nào"))
    return contents, shared, policy_files


def _office_warnings(office: ParsedFile) -> list[Issue]:
    return [
        Issue(
            "_office.yaml",
            office.yaml.line_of(("office", key)),
            f"office.{key}",
            "chưa cấu hình (bot sẽ hiển thị 'chưa cập nhật')",
            "warning",
        )
        for key in ("address", "phone", "email", "website", "hours")
        if getattr(office.model.office, key) is None
    ]


def validate(directory: Path, today: date | None = None) -> tuple[KnowledgeBase | None, list[Issue]]:
    """Load every file, check the schema and the cross-file rules (dates against `today`, Vietnam time
    by default).

    Returns the knowledge base (None when there are errors) and all issues, errors and warnings.
    """
    issues: list[Issue] = []
    if not directory.is_dir():
        return None, [Issue(str(directory), 1, "", "thư mục chính sách không tồn tại")]
    contents, shared, policy_files = _parse_folder(directory, issues)
    # A policy file that failed to load still exists: do not report every reference to it.
    present_ids = {name.removesuffix(".yaml") for name in contents if not name.startswith("_")}
    files = {name: shared.get(name) for name in SHARED_FILES}
    cross_check(policy_files, present_ids, files["_legal.yaml"], files["_categories.yaml"],
                files["_out_of_scope.yaml"], issues, today or localtime.today())
    if (facts := files["_facts.yaml"]) is not None:
        check_rules(facts, policy_files, issues)
        check_location(facts, files["_legal.yaml"], issues)
    parsed = {name: file for name, file in files.items() if file is not None}
    if any(i.severity == "error" for i in issues) or len(parsed) < len(SHARED_FILES):
        return None, issues
    issues += _office_warnings(parsed["_office.yaml"])
    kb = KnowledgeBase(
        directory=directory,
        policies={loaded.model.id: loaded.model for loaded in policy_files},
        legal=parsed["_legal.yaml"].model.documents,
        categories=parsed["_categories.yaml"].model.categories,
        office=parsed["_office.yaml"].model.office,
        lexicon=parsed["_lexicon.yaml"].model.lexicon,
        out_of_scope=parsed["_out_of_scope.yaml"].model.topics,
        facts=parsed["_facts.yaml"].model,
        version=_content_hash(contents),
        loaded_at=datetime.now(UTC),
        warnings=tuple(i for i in issues if i.severity == "warning"),
        canned_replies=tuple(canned.model.replies) if (canned := shared.get("_canned_replies.yaml")) else (),
        example_lines={
            loaded.model.id: tuple(loaded.yaml.line_of(("examples", i)) for i in range(len(loaded.model.examples)))
            for loaded in policy_files
        },
        review_lines={loaded.model.id: loaded.yaml.line_of(("last_reviewed",)) for loaded in policy_files},
    )
    return kb, issues


def load_knowledge_base(directory: Path) -> KnowledgeBase:
    """Validate and return the knowledge base, or raise KnowledgeBaseError listing every error."""
    kb, issues = validate(directory)
    if kb is None:
        raise KnowledgeBaseError([i for i in issues if i.severity == "error"])
    return kb
