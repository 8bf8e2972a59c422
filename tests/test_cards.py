"""Answer cards a phone can show: a short first message, one caveat, nothing internal, the configured
contact details, and money said the same way everywhere."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.policies.loader import KnowledgeBase, load_knowledge_base
from bot.render.cards import FIRST_MESSAGE_LIMIT, answer_card, answer_detail, contact_text, documents_text, legal_text
from bot.render.html import html_to_plain
from bot.snapshot import Snapshot
from tests.support.botapi import telegram_html_problems
from tests.support.kb import SHIPPED_KB

SHIPPED_POLICIES = sorted(path.stem for path in SHIPPED_KB.glob("[!_]*.yaml"))
TODAY = date(2026, 12, 1)
# Words that only admins and researchers should read: file names, research notes, press sourcing.
INTERNAL = re.compile(r"\.yaml|_office|số hiệu nghị quyết|báo chí|PLACEHOLDER|needs_confirmation", re.IGNORECASE)


def telegram_length(html: str) -> int:
    """What Telegram counts: UTF-16 code units of the text without its tags."""
    return len(html_to_plain(html).encode("utf-16-le")) // 2


@pytest.mark.parametrize("policy_id", SHIPPED_POLICIES)
def test_every_first_message_fits_a_phone_screen(shipped: Snapshot, policy_id: str) -> None:
    card = answer_card(shipped.kb, shipped.kb.policies[policy_id], TODAY)
    assert telegram_length(card) <= FIRST_MESSAGE_LIMIT, html_to_plain(card)
    assert telegram_html_problems(card) == []


@pytest.mark.parametrize("policy_id", SHIPPED_POLICIES)
def test_no_card_view_shows_internal_notes_or_another_form_of_address(shipped: Snapshot, policy_id: str) -> None:
    kb, policy = shipped.kb, shipped.kb.policies[policy_id]
    views = [answer_card(kb, policy, TODAY), answer_detail(policy, TODAY), documents_text(policy), legal_text(kb, policy)]
    for html in views:
        plain = html_to_plain(html)
        assert not INTERNAL.search(plain), plain
        assert "anh/chị" not in plain.casefold(), plain  # one form of address: "bạn"
        assert telegram_html_problems(html) == []


@pytest.mark.parametrize("policy_id", SHIPPED_POLICIES)
def test_the_caveat_is_said_once(shipped: Snapshot, policy_id: str) -> None:
    plain = html_to_plain(answer_card(shipped.kb, shipped.kb.policies[policy_id], TODAY))
    assert plain.count("Cần xác nhận") <= 1
    assert plain.count("chưa được xác nhận") <= 1


def test_a_cap_without_a_confirmed_rate_is_shown_as_a_cap_never_as_an_estimate(shipped: Snapshot) -> None:
    plain = html_to_plain(answer_card(shipped.kb, shipped.kb.policies["may-moc-thiet-bi"], TODAY))
    assert "• Máy móc, thiết bị tiên tiến, chuyển giao công nghệ: mức trần 300 triệu đồng/cơ sở" in plain
    assert "• Cả một dây chuyền công nghệ: mức trần 450 triệu đồng/cơ sở" in plain
    assert "ước tính" not in plain.casefold()
    assert "Tỷ lệ hỗ trợ trên chi phí theo quy định hiện hành chưa được xác nhận" in plain


def test_a_confirmed_rate_is_shown_with_its_cap(shipped: Snapshot) -> None:
    plain = html_to_plain(answer_card(shipped.kb, shipped.kb.policies["mo-hinh-trinh-dien"], TODAY))
    assert "• Mô hình trình diễn kỹ thuật (công nghệ mới, sản phẩm mới): tối đa 30% chi phí, không quá 1 tỷ đồng/mô hình" in plain


def test_an_organisers_budget_is_never_listed_as_support_the_owner_receives(shipped: Snapshot) -> None:
    policy = shipped.kb.policies["san-pham-tieu-bieu"]
    card = html_to_plain(answer_card(shipped.kb, policy, TODAY))
    assert "Mức hỗ trợ" not in card and "200 triệu" not in card and "400 triệu" not in card
    detail = html_to_plain(answer_detail(policy, TODAY))
    assert "Kinh phí tổ chức (chi cho đơn vị tổ chức, không phải tiền hỗ trợ cho cơ sở)" in detail
    assert "cấp khu vực: mức trần 200 triệu đồng/đợt bình chọn" in detail


def test_the_card_shows_the_as_of_date_a_person_last_verified(shipped: Snapshot) -> None:
    for policy in shipped.kb.policies.values():
        plain = html_to_plain(answer_card(shipped.kb, policy, TODAY))
        assert plain.endswith(f"Thông tin đúng đến ngày {policy.last_reviewed:%d/%m/%Y}.")
    legal = html_to_plain(legal_text(shipped.kb, shipped.kb.policies["may-moc-thiet-bi"]))
    assert "đối chiếu với các văn bản và nguồn công khai đến ngày 04/12/2025" in legal


def test_the_transition_of_decree_235_is_on_the_card_itself(shipped: Snapshot) -> None:
    plain = html_to_plain(answer_card(shipped.kb, shipped.kb.policies["nghi-dinh-235-diem-moi"], TODAY))
    assert "Đề án khuyến công đã được phê duyệt trước ngày 15/10/2025 tiếp tục được thực hiện" in plain


@pytest.fixture
def configured_kb(tmp_path: Path) -> Callable[[], KnowledgeBase]:
    """The shipped knowledge base with the office's phone number and address filled in."""

    def load() -> KnowledgeBase:
        target = tmp_path / "kb"
        shutil.copytree(SHIPPED_KB, target)
        office = (target / "_office.yaml").read_text(encoding="utf-8")
        office = office.replace("phone: null ", 'phone: "0263 3822 111"').replace(
            "address: null ", 'address: "Số 1 Đường Thử, Phường Thử"'
        )
        (target / "_office.yaml").write_text(office, encoding="utf-8")
        return load_knowledge_base(target)

    return load


def test_the_contact_card_shows_the_configured_phone_and_the_merger(configured_kb: Callable[[], KnowledgeBase]) -> None:
    kb = configured_kb()
    plain = html_to_plain(answer_card(kb, kb.policies["lien-he"], TODAY))
    assert "☎️ Điện thoại: 0263 3822 111" in plain
    assert "📍 Địa chỉ: Số 1 Đường Thử, Phường Thử" in plain
    assert "✉️ Email: chưa cập nhật" in plain  # an unset field says so, nothing invented
    assert "tỉnh Bình Thuận, tỉnh Đắk Nông và tỉnh Lâm Đồng hợp nhất thành tỉnh Lâm Đồng" in plain
    assert telegram_length(answer_card(kb, kb.policies["lien-he"], TODAY)) <= FIRST_MESSAGE_LIMIT
    assert html_to_plain(contact_text(kb.office)) in plain
