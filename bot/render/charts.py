"""Charts as server-rendered SVG (nothing fetched at run time, no script): bars with their numbers.

Every label is escaped; sizes come from the data only. Colours are classes of the desk's stylesheet,
so the page's Content-Security-Policy needs no inline style."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

ROW = 26
LABEL_WIDTH = 230
BAR_WIDTH = 300
NUMBER_WIDTH = 70


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) and not value.is_integer() else f"{int(value):,}".replace(",", ".")


def _clip(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bars(items: Sequence[tuple[str, float]], *, title: str, suffix: str = "") -> str:
    """A horizontal bar chart: one row per (label, value), the value written after its bar."""
    height = max(1, len(items)) * ROW + 8
    width = LABEL_WIDTH + BAR_WIDTH + NUMBER_WIDTH
    top = max((value for _, value in items), default=0) or 1
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for index, (label, value) in enumerate(items):
        y = 4 + index * ROW
        length = round(BAR_WIDTH * value / top) if value > 0 else 0
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_clip(label))}</text>"
            f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{max(length, 1)}" '
            f'height="{ROW - 8}" rx="3"/>'
            f'<text class="chart-value" x="{LABEL_WIDTH + length + 6}" y="{y + 17}">'
            f"{escape(_number(value) + suffix)}</text>"
        )
    if not items:
        parts.append(f'<text class="chart-label" x="8" y="20">{escape("Chưa có số liệu")}</text>')
    parts.append("</svg>")
    return "".join(parts)


def columns(items: Sequence[tuple[str, float]], *, title: str) -> str:
    """A column chart over time (e.g. questions per day): the value above each column, the label below."""
    slot = 44
    plot = 140
    width = max(1, len(items)) * slot + 16
    height = plot + 46
    top = max((value for _, value in items), default=0) or 1
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for index, (label, value) in enumerate(items):
        x = 8 + index * slot
        length = round(plot * value / top) if value > 0 else 0
        y = 18 + plot - length
        parts.append(
            f'<rect class="chart-bar" x="{x + 6}" y="{y}" width="{slot - 12}" height="{max(length, 1)}" rx="3"/>'
            f'<text class="chart-value" x="{x + slot / 2:g}" y="{y - 4}" text-anchor="middle">'
            f"{escape(_number(value))}</text>"
            f'<text class="chart-label" x="{x + slot / 2:g}" y="{height - 10}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    if not items:
        parts.append(f'<text class="chart-label" x="8" y="20">{escape("Chưa có số liệu")}</text>')
    parts.append("</svg>")
    return "".join(parts)
