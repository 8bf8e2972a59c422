"""Safe YAML loading with limits and line numbers for every value.

`yaml.safe_load` alone would let an alias bomb or deep nesting exhaust the process and
forgets where each value came from; admins need file:line in every error message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 512 * 1024
MAX_ALIASES = 8
MAX_DEPTH = 32

Path_ = tuple[str | int, ...]


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
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
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
                mark = self.peek_event().start_mark
                raise YamlError(
                    mark.line + 1,
                    f"quá nhiều bí danh YAML (alias '*'): tối đa {MAX_ALIASES} mỗi tệp",
                )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
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
)


def _plain_problem(problem: str | None, context: str | None) -> str:
    text = problem or context or "lỗi cú pháp"
    for needle, plain in _PROBLEM_TRANSLATIONS:
        if needle in text:
            return f"lỗi cú pháp YAML: {plain}"
    return f"lỗi cú pháp YAML: {text}"


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int], seen: set[int]) -> None:
    """Walk the composed tree once, noting lines and rejecting duplicate keys."""
    if id(node) in seen:
        return
    seen.add(id(node))
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            key_line = key_node.start_mark.line + 1
            if key is not None:
                if key in first_line:
                    raise YamlError(
                        key_line, f"khóa '{key}' bị lặp lại (đã có ở dòng {first_line[key]})"
                    )
                first_line[key] = key_line
                lines[(*path, key)] = key_line
                _record_lines(value_node, (*path, key), lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), lines, seen)


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
    loader = _LimitedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return LoadedYaml(data=None)
        lines: dict[Path_, int] = {}
        _record_lines(node, (), lines, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(line, _plain_problem(exc.problem, exc.context)) from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"lỗi YAML: {exc}") from None
    except RecursionError:
        raise YamlError(1, "cấu trúc lồng nhau quá sâu") from None
    finally:
        loader.dispose()
    return LoadedYaml(data=data, lines=lines)


def load_yaml_file(path: Path) -> LoadedYaml:
    """Read and parse one file; see `load_yaml_text`."""
    return load_yaml_text(path.read_bytes())
