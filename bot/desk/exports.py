"""Request listings and exports for staff reports (CSV with a UTF-8 BOM for Excel, and XLSX)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from bot import localtime
from bot.desk.models import SupportRequest
from bot.language.text import without_controls
from bot.render import texts

COLUMNS: list[tuple[str, str]] = [
    ("code", "Mã yêu cầu"),
    ("created_at", "Ngày gửi"),
    ("status", "Trạng thái"),
    ("name", "Họ tên"),
    ("business_name", "Cơ sở"),
    ("business_form", "Loại hình"),
    ("commune", "Xã/phường (người hỏi gõ)"),
    ("commune_name", "Xã/phường/đặc khu"),
    ("province", "Tỉnh/thành phố"),
    ("phone", "Điện thoại"),
    ("topic_policy_id", "Chủ đề"),
    ("question", "Câu hỏi"),
    ("assignee_name", "Cán bộ phụ trách"),
    ("first_response_at", "Phản hồi đầu tiên"),
    ("resolved_at", "Ngày giải quyết"),
    ("rating", "Đánh giá"),
]


def _cell(request: SupportRequest, field: str) -> Any:
    value = getattr(request, field)
    if field == "status":
        return texts.STATUS_PLAIN.get(value, value)
    if isinstance(value, datetime):
        return localtime.format_moment(value)  # staff read Vietnam time; the database keeps UTC
    if isinstance(value, str):
        return without_controls(value)  # what owners typed reaches terminals and spreadsheets
    return "" if value is None else value


# Text Excel would run as a formula: business owners type names and questions, staff open the export.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value: Any) -> Any:
    """Text that starts like a formula gets a leading apostrophe (OWASP's advice for CSV files)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def rows(requests: Sequence[SupportRequest]) -> list[list[Any]]:
    """One row per request, in COLUMNS order."""
    return [[_cell(r, field) for field, _ in COLUMNS] for r in requests]


def export_csv(requests: Sequence[SupportRequest], path: Path) -> None:
    """CSV with a UTF-8 BOM so that Excel shows Vietnamese correctly."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([header for _, header in COLUMNS])
        writer.writerows([[_csv_safe(value) for value in row] for row in rows(requests)])


def export_xlsx(requests: Sequence[SupportRequest], path: Path) -> None:
    """An Excel workbook with a header row and sensible column widths."""
    from openpyxl import Workbook  # only when exporting: it would sit in the bot's memory for good (5 MiB)
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Yêu cầu"
    sheet.append([header for _, header in COLUMNS])
    for row in rows(requests):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl takes text starting with "=" for a formula: keep it text
                cell.data_type = "s"
    for index, (_, header) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(60, len(header) + 6))
    sheet.freeze_panes = "A2"
    book.save(path)
