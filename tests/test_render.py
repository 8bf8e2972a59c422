"""Rendering to Telegram HTML: everything dynamic is escaped, and long messages split where Telegram allows."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.policies.schema import Office, SupportItem
from bot.render.cards import (
    answer_card,
    answer_detail,
    contact_text,
    format_date,
    format_vnd,
    suggestion_text,
    support_line,
    unknown_text,
)
from bot.render.html import esc, html_to_plain, markup_to_html, split_message
from bot.snapshot import Snapshot
from tests.support.botapi import telegram_html_problems
from tests.support.kb import SHIPPED_KB

SHIPPED_POLICIES = sorted(path.stem for path in SHIPPED_KB.glob("[!_]*.yaml"))
TODAY = date(2026, 11, 25)
BROKEN_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot);)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<i>Lan</i> & co", "&lt;i&gt;Lan&lt;/i&gt; &amp; co"),
        ("<script>alert('x')</script>", "&lt;script&gt;alert('x')&lt;/script&gt;"),
        ("&amp;", "&amp;amp;"),
        ('"trích dẫn"', '"trích dẫn"'),
        (42, "42"),
    ],
)
def test_esc_escapes_what_telegram_html_needs(text: object, expected: str) -> None:
    assert esc(text) == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("Cơ sở được **tối đa 300 triệu**.", "Cơ sở được <b>tối đa 300 triệu</b>."),
        ("Mở đầu:\n- máy móc\n  - thiết bị", "Mở đầu:\n• máy móc\n• thiết bị"),
        ("Đoạn một.\n\nĐoạn hai.", "Đoạn một.\n\nĐoạn hai."),
        ("chi phí < 5 tỷ & **đậm <b>**", "chi phí &lt; 5 tỷ &amp; <b>đậm &lt;b&gt;</b>"),
        ("  thừa khoảng trắng  \n", "thừa khoảng trắng"),
    ],
)
def test_answer_markup_becomes_escaped_telegram_html(markup: str, expected: str) -> None:
    assert markup_to_html(markup) == expected


def test_html_to_plain_drops_tags_and_unescapes() -> None:
    assert html_to_plain("<b>Mức</b> &lt;5 tỷ&gt; &amp; <i>khác</i>") == "Mức <5 tỷ> & khác"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (300_000_000, "300 triệu đồng"),
        (450_500_000, "450,5 triệu đồng"),
        (1_500_000_000, "1,5 tỷ đồng"),
        (6_000_000_000, "6 tỷ đồng"),
        (1_234_000_000, "1,234 tỷ đồng"),
        (10_000_000, "10 triệu đồng"),
        (1_234_567_890, "1.234.567.890 đồng"),
        (1_500, "1.500 đồng"),
        (999, "999 đồng"),
        (2_500.6, "2.501 đồng"),
    ],
)
def test_money_has_one_style_in_words_people_say(amount: float, expected: str) -> None:
    assert format_vnd(amount) == expected


@pytest.mark.parametrize(("day", "expected"), [(date(2018, 5, 11), "11/05/2018"), (None, "chưa xác nhận")])
def test_dates_are_day_month_year(day: date | None, expected: str) -> None:
    assert format_date(day) == expected


SUPPORT = SupportItem.model_validate(
    {
        "id": "may-moc",
        "item": "Máy móc <tiên tiến>",
        "unit": "cơ sở",
        "values": [
            {"effective_from": "2018-05-11", "rate_percent": 50, "cap_vnd": 300_000_000, "source": "tt"},
            {"effective_from": "2026-01-01", "cap_vnd": 450_000_000, "source": "tt", "needs_confirmation": "Chưa rõ & cần hỏi"},
            {"effective_from": "2030-01-01", "needs_confirmation": "Mức mới chưa công bố", "source": "tt"},
        ],
    }
)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2018, 5, 10), None),
        (date(2018, 5, 11), "• Máy móc &lt;tiên tiến&gt;: <b>tối đa 50% chi phí, không quá 300 triệu đồng/cơ sở</b> (từ 11/05/2018)"),
        # Without a confirmed rate the cap is labelled as a cap.
        (date(2026, 11, 25), "• Máy móc &lt;tiên tiến&gt;: <b>mức trần 450 triệu đồng/cơ sở</b> (từ 01/01/2026)\n"
                             "  <i>Chưa rõ &amp; cần hỏi</i>"),
        (date(2031, 1, 1), "• Máy móc &lt;tiên tiến&gt;: <b>mức cụ thể cần xác nhận</b> (từ 01/01/2030)\n"
                           "  <i>Mức mới chưa công bố</i>"),
    ],
)
def test_support_line_shows_the_value_in_force_on_the_day(today: date, expected: str | None) -> None:
    assert support_line(SUPPORT, today, with_note=True) == expected


def test_contact_text_escapes_every_field() -> None:
    office = Office(
        name="Trung tâm <Thử> & Co",
        province="Lâm Đồng",
        address="Số 1 & 2",
        phone="0263 000",
        email="a@b.vn",
        website="https://example.org/?a=1&b=2",
        hours="7h30 – 17h",
        notice="Bình Thuận <cũ> nay thuộc Lâm Đồng",
    )
    assert contact_text(office) == (
        "📞 <b>Liên hệ</b>\n"
        "🏢 Trung tâm &lt;Thử&gt; &amp; Co\n"
        "📍 Địa chỉ: Số 1 &amp; 2\n"
        "☎️ Điện thoại: 0263 000\n"
        "✉️ Email: a@b.vn\n"
        "🌐 Website: https://example.org/?a=1&amp;b=2\n"
        "🕘 Giờ làm việc: 7h30 – 17h\n\n"
        "ℹ️ Bình Thuận &lt;cũ&gt; nay thuộc Lâm Đồng"
    )


@pytest.mark.parametrize("policy_id", SHIPPED_POLICIES)
def test_every_shipped_answer_is_html_telegram_accepts(shipped: Snapshot, policy_id: str) -> None:
    kb = shipped.kb
    for html in (answer_card(kb, kb.policies[policy_id], TODAY), answer_detail(kb.policies[policy_id])):
        assert telegram_html_problems(html) == []
        assert all(len(part) <= 4096 for part in split_message(html))


def test_suggestions_and_dont_know_are_html_telegram_accepts(shipped: Snapshot) -> None:
    result = shipped.matcher.match("chi phí")
    assert result.band == "suggest"
    for html in (suggestion_text(shipped.kb, [m.policy_id for m in result.matches]), unknown_text(shipped.kb)):
        assert telegram_html_problems(html) == []


# ----- splitting ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("ngắn", 4096, ["ngắn"]),
        ("", 4096, [""]),
        ("a" * 10, 10, ["a" * 10]),
        # Paragraphs are packed together while they fit.
        ("aaaa\n\nbbbb\n\ncccc", 10, ["aaaa\n\nbbbb", "cccc"]),
        ("aaaa\n\nbbbb\n\ncccc", 16, ["aaaa\n\nbbbb\n\ncccc"]),
        # A paragraph too long for one message is split between its lines.
        ("aaaa\nbbbb\ncccc", 9, ["aaaa\nbbbb", "cccc"]),
        # A cut never falls inside an entity or a tag.
        ("&amp;" * 5, 12, ["&amp;&amp;", "&amp;&amp;", "&amp;"]),
        ("abcdefg<b>x</b>", 9, ["abcdefg", "<b>x</b>"]),
    ],
)
def test_split_message_cuts_only_where_telegram_allows(text: str, limit: int, expected: list[str]) -> None:
    assert split_message(text, limit) == expected


def test_a_long_line_is_cut_between_words() -> None:
    parts = split_message("một hai ba bốn năm sáu", 10)
    assert [part.strip() for part in parts] == ["một hai", "ba bốn", "năm sáu"]


def test_a_long_answer_splits_between_paragraphs_under_the_telegram_limit() -> None:
    paragraphs = [f"<b>Đoạn {n}</b> " + "nội dung &amp; ví dụ " * 20 for n in range(40)]
    text = "\n\n".join(paragraphs)
    parts = split_message(text)
    assert len(parts) > 1
    assert all(len(part) <= 4096 for part in parts)
    assert "\n\n".join(parts) == text
    assert all(telegram_html_problems(part) == [] for part in parts)


def test_bold_text_cut_inside_one_long_line_stays_balanced() -> None:
    parts = split_message("<b>" + "chữ đậm " * 10 + "</b>", 40)
    assert all(telegram_html_problems(part) == [] for part in parts)


WORD = st.one_of(
    st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạ0123456789", min_size=1, max_size=12),
    st.sampled_from(["&amp;", "&lt;", "&gt;", "5&lt;6", "a&amp;b", "—", "💰"]),
)
LINE = st.lists(WORD, min_size=1, max_size=30).map(" ".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=6).map("\n".join)
ESCAPED_TEXT = st.lists(PARAGRAPH, min_size=1, max_size=12).map("\n\n".join)


@hypothesis_settings(deadline=None)
@given(text=ESCAPED_TEXT, limit=st.integers(min_value=30, max_value=400))
def test_split_message_keeps_every_word_and_every_entity_within_the_limit(text: str, limit: int) -> None:
    parts = split_message(text, limit)
    assert all(0 < len(part) <= limit for part in parts)
    assert all(part.strip() for part in parts)
    assert all(not BROKEN_ENTITY.search(part) for part in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())
