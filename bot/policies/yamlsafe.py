"""Safe YAML loading with limits and line numbers for every value.

`yaml.safe_load` alone would let an alias bomb or deep nesting exhaust the process and
forgets where each value came from; admins need file:line in every error message.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.reader import ReaderError

MAX_FILE_BYTES = 512 * 1024
MAX_ALIASES = 8
MAX_DEPTH = 32

KeyPath = tuple[str | int, ...]


def field_name(loc: KeyPath) -> str:
    """A key path as admins read it: ("support", 0, "values") → "support[0].values"."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


@dataclass
class YamlError(Exception):
    """A file that cannot be loaded, with the 1-based line of the problem."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class LoadedYaml:
    """Parsed data plus the line where each key path starts."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int:
        """Line of the deepest known prefix of `path` (1 when nothing matches)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader that counts aliases and nesting while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]  # PyYAML is untyped here
                raise YamlError(
                    mark.line + 1,
                    f"quá nhiều bí danh YAML (alias '*'): tối đa {MAX_ALIASES} mỗi tệp",
                )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]  # PyYAML is untyped here
            raise YamlError(mark.line + 1, f"lồng nhau quá sâu: tối đa {MAX_DEPTH} cấp")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_PROBLEM_TRANSLATIONS = (
    ("found character '\\t' that cannot start any token", "có ký tự Tab; YAML chỉ thụt lề bằng dấu cách"),
    ("found a tab character", "có ký tự Tab; YAML chỉ thụt lề bằng dấu cách"),
    ("mapping values are not allowed here", "dấu ':' không hợp lệ ở đây (thụt lề sai hoặc thiếu dấu nháy)"),
    ("could not find expected ':'", "thiếu dấu ':' sau tên trường"),
    ("found unexpected end of stream", "tệp kết thúc giữa chừng (thiếu dấu nháy đóng?)"),
    ("expected <block end>, but found", "thụt lề không thẳng hàng, hoặc thiếu dấu nháy đóng ở dòng trên"),
    ("expected ',' or ']'", "thiếu dấu đóng ngoặc ']'"),
    ("expected ',' or '}'", "thiếu dấu đóng ngoặc '}'"),
    (
        "expected the node content, but found '<stream end>'",
        "tệp kết thúc giữa chừng (thiếu giá trị hoặc dấu đóng ngoặc)",
    ),
    ("found undefined alias", "bí danh (alias) chưa được định nghĩa"),
    ("found unhashable key", "khóa không hợp lệ"),
    ("could not determine a constructor", "thẻ YAML không được phép (chỉ dùng YAML cơ bản)"),
    ("found unknown escape character", "ký tự thoát không hợp lệ trong chuỗi"),
    ("special characters are not allowed", "có ký tự điều khiển không được phép"),
    ("for merging", "khóa gộp '<<' chỉ dùng với một bảng hoặc danh sách các bảng"),
    ("expected a scalar node", "thẻ !!str chỉ dùng cho một giá trị đơn"),
    ("found incompatible YAML document", "phiên bản YAML không được hỗ trợ (chỉ dùng %YAML 1.x)"),
    ("but found another document", "tệp chỉ được chứa một tài liệu YAML (bỏ dòng '---' thứ hai)"),
)

# Characters no policy text may contain: C0 controls other than tab/newline, DEL, and lone UTF-16
# surrogates (which "\ud800" escapes produce and which cannot even be encoded to send to Telegram).
_BAD_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SCALAR_CHECKS = {
    "tag:yaml.org,2002:timestamp": "ngày «{value}» không hợp lệ (dạng YYYY-MM-DD, và ngày phải có thật)",
    "tag:yaml.org,2002:int": "số «{value}» không hợp lệ hoặc quá dài",
    "tag:yaml.org,2002:float": "số «{value}» không hợp lệ",
    "tag:yaml.org,2002:bool": "«{value}» không phải true hoặc false",
    "tag:yaml.org,2002:binary": "dữ liệu base64 «{value}» không hợp lệ",
}


def _plain_problem(problem: str | None, context: str | None) -> str:
    text = problem or context or "lỗi cú pháp"
    for needle, plain in _PROBLEM_TRANSLATIONS:
        if needle in text:
            return f"lỗi cú pháp YAML: {plain}"
    return f"lỗi cú pháp YAML: {text}"


def _check_scalar(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> None:
    """Reject a scalar the constructor would choke on (a 31st of November, a 5,000-digit number…)
    here, where its line is known, instead of crashing while the document is built."""
    line = node.start_mark.line + 1
    if bad := _BAD_CHARACTER.search(node.value):
        raise YamlError(line, f"có ký tự không hợp lệ (mã U+{ord(bad.group()):04X}) trong giá trị")
    message = _SCALAR_CHECKS.get(node.tag)
    if message is None:
        return
    try:
        loader.yaml_constructors[node.tag](loader, node)
    except Exception:  # ValueError, KeyError, AttributeError…: whatever PyYAML raises on a bad value
        shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
        raise YamlError(line, message.format(value=shown)) from None


def _record_lines(
    loader: yaml.SafeLoader, node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], seen: set[int]
) -> None:
    """Walk the composed tree once, noting lines, rejecting duplicate keys and unusable scalars."""
    if id(node) in seen:
        return
    seen.add(id(node))
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode):
        _check_scalar(loader, node)
    elif isinstance(node, yaml.MappingNode):
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            key_line = key_node.start_mark.line + 1
            if isinstance(key_node, yaml.ScalarNode):
                _check_scalar(loader, key_node)
            if key is not None:
                if key in first_line:
                    raise YamlError(key_line, f"khóa '{key}' bị lặp lại (đã có ở dòng {first_line[key]})")
                first_line[key] = key_line
                lines[(*path, key)] = key_line
                _record_lines(loader, value_node, (*path, key), lines, seen)
            else:
                _record_lines(loader, value_node, (*path, "?"), lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(loader, item, (*path, index), lines, seen)


def load_yaml_text(raw: bytes) -> LoadedYaml:
    """Parse bytes as one YAML document under the size, alias and depth limits."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(1, f"tệp quá lớn ({len(raw):,} byte; tối đa {MAX_FILE_BYTES:,} byte)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            line, f"tệp không phải văn bản UTF-8 (byte 0x{raw[exc.start]:02x}); hãy lưu lại với mã UTF-8"
        ) from None
    try:
        loader = _LimitedLoader(text)  # the reader rejects control characters here already
    except ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        message = f"lỗi cú pháp YAML: có ký tự điều khiển không được phép (mã #x{exc.character:04x})"
        raise YamlError(line, message) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return LoadedYaml(data=None)
        lines: dict[KeyPath, int] = {}
        _record_lines(loader, node, (), lines, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(line, _plain_problem(exc.problem, exc.context)) from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"lỗi YAML: {exc}") from None
    except RecursionError:
        raise YamlError(1, "cấu trúc lồng nhau quá sâu") from None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        # Backstop for values _check_scalar did not foresee: a bad file must never crash a reload.
        raise YamlError(1, f"giá trị không hợp lệ: {exc}") from None
    finally:
        loader.dispose()
    return LoadedYaml(data=data, lines=lines)


NOT_REGULAR = "không phải tệp thường (FIFO, thiết bị hay thư mục)"


class NotRegularFile(OSError):
    """A FIFO, a device (a symlink to /dev/zero…) or a folder where a YAML file was expected."""


def read_regular(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """At most `limit` + 1 bytes of a regular file (the caller sees when it is too big).

    Opened without blocking and checked before reading: a FIFO would block the read until someone
    writes to it, and /dev/zero never ends; either would hang validation and every later reload."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegularFile(NOT_REGULAR)
        os.set_blocking(descriptor, True)
        chunks: list[bytes] = []
        size = 0
        while size <= limit and (chunk := os.read(descriptor, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def load_yaml_file(path: Path) -> LoadedYaml:
    """Read (a regular file, bounded) and parse one file; see `load_yaml_text`."""
    try:
        raw = read_regular(path)
    except NotRegularFile as exc:
        raise YamlError(1, str(exc)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(1, f"tệp quá lớn (tối đa {MAX_FILE_BYTES:,} byte)")
    return load_yaml_text(raw)
