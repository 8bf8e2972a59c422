"""What the web desk shows besides the pages themselves: canned replies checked with the knowledge
base (file:line errors, optional file), and the SVG charts (escaped labels, numbers beside bars)."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from bot.policies.loader import validate
from bot.render import charts
from tests.support.kb import SHIPPED_KB


def errors_of(directory: Path) -> list[str]:
    _, issues = validate(directory)
    return [str(issue) for issue in issues if issue.severity == "error"]


def test_the_shipped_canned_replies_load_with_the_knowledge_base() -> None:
    kb, _ = validate(SHIPPED_KB)
    assert kb is not None
    assert [reply.title for reply in kb.canned_replies] == [
        "Đã nhận, đang kiểm tra", "Cần thêm thông tin", "Hẹn gọi điện", "Ngoài phạm vi khuyến công"
    ]


def test_canned_replies_are_optional(minimal_kb: Path) -> None:
    kb, _ = validate(minimal_kb)
    assert kb is not None and kb.canned_replies == ()


def test_a_broken_canned_reply_is_reported_at_its_line(minimal_kb: Path) -> None:
    (minimal_kb / "_canned_replies.yaml").write_text(
        "replies:\n  - title: Chào\n    text: Chào bạn\n  - title: Thiếu nội dung\n    txt: sai tên trường\n",
        encoding="utf-8",
    )
    errors = errors_of(minimal_kb)
    assert errors and all(e.startswith("_canned_replies.yaml:") for e in errors)
    assert any(e.startswith("_canned_replies.yaml:4:") or e.startswith("_canned_replies.yaml:5:") for e in errors)


def test_chart_labels_are_escaped_and_the_svg_is_well_formed() -> None:
    svg = charts.bars([("<script>alert(1)</script>", 3), ("Xã Hàm Thuận Bắc & Co", 1)], title="Yêu cầu")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp; Co" in svg
    root = ElementTree.fromstring(svg)
    bars = list(root.iter("{http://www.w3.org/2000/svg}rect"))
    assert [int(b.get("width") or 0) for b in bars] == [charts.BAR_WIDTH, charts.BAR_WIDTH // 3]
    values = [el.text for el in root.iter("{http://www.w3.org/2000/svg}text") if el.get("class") == "chart-value"]
    assert values == ["3", "1"]


def test_columns_show_each_day_with_its_number() -> None:
    svg = charts.columns([("01/12", 4), ("02/12", 0)], title="Câu hỏi mỗi ngày")
    root = ElementTree.fromstring(svg)
    texts = [el.text for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["4", "01/12", "0", "02/12"]


def test_an_empty_chart_says_there_is_no_data() -> None:
    assert "Chưa có số liệu" in charts.bars([], title="Đánh giá")
