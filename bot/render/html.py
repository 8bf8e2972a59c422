"""Telegram HTML: escaping, the policy answer markup, plain text for the console, and splitting long
messages under Telegram's limit without breaking the formatting."""

from __future__ import annotations

import html
import re

TELEGRAM_LIMIT = 4096
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def esc(text: object) -> str:
    """Escape any text for Telegram HTML."""
    return html.escape(str(text), quote=False)


def markup_to_html(text: str) -> str:
    """Convert the policy answer markup (paragraphs, '- ' bullets, **bold**) to Telegram HTML."""
    lines = []
    for line in esc(text.strip()).splitlines():
        stripped = line.strip()
        lines.append(f"• {stripped[2:]}" if stripped.startswith("- ") else stripped)
    return _BOLD.sub(r"<b>\1</b>", "\n".join(lines))


def html_to_plain(text: str) -> str:
    """Strip tags and unescape: what a console user sees."""
    return html.unescape(_TAG.sub("", text))


_TAG_TOKEN = re.compile(r"<(/?)([a-z]+)[^>]*>")
# Room for closing and re-opening the formatting tags that a cut leaves open.
_TAG_RESERVE = 64


def _units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji beyond U+FFFF counts twice)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split at paragraph boundaries (then lines, then words) so each part fits Telegram's limit.

    A tag left open by a cut is closed at the end of its part and re-opened in the next, so
    every part is valid Telegram HTML on its own. Lengths are counted as Telegram does (UTF-16).
    """
    if _units(text) <= limit:
        return [text]  # most messages fit: nothing cut, so no tag is left open by a cut
    parts = _split(text, limit)
    if "<" not in text:
        return parts
    balanced = _rebalance(parts)
    if all(_units(part) <= limit for part in balanced):
        return balanced
    return _rebalance(_split(text, max(limit - _TAG_RESERVE, limit // 2)))


def _rebalance(parts: list[str]) -> list[str]:
    balanced = []
    open_tags: list[tuple[str, str]] = []  # (name, full opening tag)
    for part in parts:
        prefix = "".join(tag for _, tag in open_tags)
        for match in _TAG_TOKEN.finditer(part):
            closing, name = match.group(1), match.group(2)
            if not closing:
                open_tags.append((name, match.group(0)))
            elif open_tags and open_tags[-1][0] == name:
                open_tags.pop()
        suffix = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        balanced.append(prefix + part + suffix)
    return balanced


def _split(text: str, limit: int) -> list[str]:
    parts: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        pieces = [paragraph] if _units(paragraph) <= limit else _hard_split(paragraph, limit)
        for piece in pieces:
            candidate = f"{current}\n\n{piece}" if current else piece
            if _units(candidate) <= limit:
                current = candidate
            else:
                parts.append(current)
                current = piece
    if current:
        parts.append(current)
    return parts or [""]


def _hard_split(paragraph: str, limit: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for line in paragraph.split("\n"):
        while _units(line) > limit:
            cut = _safe_cut(line, limit)
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if _units(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = line
    if current:
        pieces.append(current)
    return pieces


def _safe_cut(line: str, limit: int) -> int:
    """A cut position that does not fall inside an HTML entity or tag (the part before it fits `limit`)."""
    cut = len(line.encode("utf-16-le", "surrogatepass")[: 2 * limit].decode("utf-16-le", errors="ignore"))
    amp, lt = line.rfind("&", 0, cut), line.rfind("<", 0, cut)
    if amp != -1 and ";" not in line[amp:cut]:
        cut = amp
    if lt != -1 and ">" not in line[lt:cut]:
        cut = min(cut, lt)
    space = line.rfind(" ", 0, cut)
    return space if space > cut // 2 else max(cut, 1)
