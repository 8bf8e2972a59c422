"""/kiemtra, the guided eligibility check, through the real Application and the HTTP Bot API stand-in."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import localtime
from bot.config import Settings
from bot.eligibility.engine import EligibilityEngine
from bot.language.text import fold
from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot
from console.standin import BotApiStandIn, SentCall
from handlers.keyboards import MAX_LABEL
from tests.support.botapi import BotHarness, running_bot
from tests.support.kb import SHIPPED_KB
from tests.support.replies import CANCELLED, EXPIRED

DEMO = "Xây dựng mô hình trình diễn kỹ thuật (công nghệ mới, sản phẩm mới)"
DEMO_BUTTON = "Xây dựng mô hình trình diễn kỹ thuật (công nghệ mới, sản ph…"  # labels are cut at 60 characters
MACHINERY = "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ"
BACK = "⬅️ Quay lại"
DONT_KNOW = "Không biết / chưa rõ"

LOAI_HINH = (
    "Cơ sở của bạn thuộc loại hình nào?\n"
    "<i>Doanh nghiệp nhỏ và vừa theo Nghị định 80/2021/NĐ-CP: xét theo số lao động tham gia bảo hiểm xã hội "
    "bình quân năm, cùng với tổng doanh thu hoặc tổng nguồn vốn của năm (ngưỡng tùy lĩnh vực; nếu chưa chắc, "
    "bạn chọn «Không biết / chưa rõ»).</i>"
)
LOAI_HINH_BUTTONS = [
    "Doanh nghiệp nhỏ và vừa",
    "Doanh nghiệp lớn",
    "Hợp tác xã",
    "Liên hiệp hợp tác xã",
    "Tổ hợp tác",
    "Hộ kinh doanh",
    "Cá nhân (chưa đăng ký kinh doanh)",
    DONT_KNOW,
]
SAN_XUAT = (
    "Cơ sở có trực tiếp sản xuất, chế biến, lắp ráp hoặc sửa chữa (máy móc, thiết bị) không, hay chỉ buôn bán?\n"
    "<i>Lắp ráp, sửa chữa máy móc, thiết bị cơ khí, điện, điện tử cũng là ngành được hưởng khuyến công.</i>"
)
NGANH_NGHE = (
    "Cơ sở sản xuất trong ngành nào?\n"
    "<i>Theo Điều 5 Nghị định 45/2012/NĐ-CP và các ngành bổ sung của Nghị định 235/2025/NĐ-CP "
    "(danh mục đầy đủ cần xác nhận).</i>"
)
NGANH_NGHE_BUTTONS = [
    "Chế biến nông – lâm – thủy sản, thực phẩm",
    "Hàng công nghiệp tiêu dùng, xuất khẩu, thay thế nhập khẩu",
    "Hóa chất phục vụ nông nghiệp, vật liệu xây dựng",
    "Cơ khí, điện, điện tử; lắp ráp, sửa chữa máy móc; công nghi…",
    "Hàng tiểu thủ công nghiệp, thủ công mỹ nghệ",
    "Khai thác, chế biến khoáng sản",
    "Sản xuất sạch hơn, xử lý ô nhiễm môi trường",
    "Công nghiệp công nghệ cao, công nghiệp sạch, tiết kiệm năng…",
    "Chỉ buôn bán, dịch vụ khác (không sản xuất, không sửa chữa …",
    "Trồng trọt, chăn nuôi, nuôi trồng thủy sản (không chế biến)",
    DONT_KNOW,
]
COMMUNE = (
    "Cơ sở ở <b>xã/phường/đặc khu nào, tỉnh/thành nào</b>?\n"
    "<i>Bạn gõ tên, có dấu hay không dấu đều được, ví dụ: xã Hàm Thuận Bắc, Lâm Đồng.</i>"
)
UNDERSTOOD = "📍 Tôi hiểu là: <b>{place}</b>. Đúng không? Bấm để xác nhận, hoặc nhập lại."
DIA_BAN = "Cơ sở đặt tại xã, phường hay đặc khu?\n<i>Theo đơn vị hành chính cấp xã hiện nay (sau sắp xếp năm 2025).</i>"
CHI_PHI = (
    "Chi phí dự kiến của phần việc cần hỗ trợ là bao nhiêu tiền?\n"
    "<i>Ví dụ: 500tr, 1,5 tỷ, 200.000.000 hoặc 2 trăm triệu.</i>\n\n"
    "Bạn gõ số tiền, ví dụ: <i>500tr</i>, <i>1,5 tỷ</i> hoặc <i>200.000.000</i>."
)
QUY_MO = (
    "Bạn đầu tư máy móc, thiết bị đơn lẻ hay cả một dây chuyền công nghệ?\n"
    "<i>Mức trần khác nhau: 300 triệu đồng/cơ sở cho máy móc, thiết bị; 450 triệu đồng/cơ sở cho cả dây chuyền.</i>"
)
BAD_AMOUNT = (
    "Tôi chưa đọc được số tiền «abc». Bạn gõ lại giúp tôi, ví dụ: <i>500tr</i>, <i>1,5 tỷ</i>, "
    "<i>200.000.000</i> hoặc <i>2 trăm triệu</i>."
)
LOAI_HINH_OK = (
    "• Loại hình cơ sở thuộc đối tượng áp dụng (doanh nghiệp nhỏ và vừa, hợp tác xã, liên hiệp hợp tác xã, "
    "tổ hợp tác, hộ kinh doanh) (Khoản 2 Điều 1 Nghị định 45/2012/NĐ-CP, sửa đổi bởi Nghị định 235/2025/NĐ-CP)."
)
LOAI_HINH_FAILED = (
    "• Loại hình này không thuộc nhóm cơ sở công nghiệp nông thôn (chỉ gồm doanh nghiệp nhỏ và vừa, hợp tác xã, "
    "liên hiệp hợp tác xã, tổ hợp tác, hộ kinh doanh) (Khoản 2 Điều 1 Nghị định 45/2012/NĐ-CP, "
    "sửa đổi bởi Nghị định 235/2025/NĐ-CP)."
)
SAN_XUAT_FAILED = (
    "• Khuyến công chỉ hỗ trợ cơ sở trực tiếp sản xuất công nghiệp – tiểu thủ công nghiệp (kể cả lắp ráp, sửa chữa "
    "máy móc, thiết bị), không hỗ trợ hoạt động chỉ buôn bán (Khoản 2 Điều 1 và Điều 5 Nghị định 45/2012/NĐ-CP)."
)
NEXT_STEP_DEFAULT = (
    "• Nếu bạn nghĩ thông tin chưa đúng, hoặc muốn biết hỗ trợ khác phù hợp, bạn bấm «✉️ Gửi yêu cầu hỗ trợ "
    "kèm kết quả này» để hỏi cán bộ."
)
DISCLAIMER = "<i>Đây là kết quả ước tính tự động; quyết định hỗ trợ do cơ quan có thẩm quyền phê duyệt.</i>"
AFTER_CHECK_BUTTONS = ["✉️ Gửi yêu cầu hỗ trợ kèm kết quả này", "📚 Tra cứu chính sách"]
COUNTER = re.compile(r"^❓ <b>Câu (\d+)/(\d+)</b>\n")


def question(number: int, total: int, body: str) -> str:
    return f"❓ <b>Câu {number}/{total}</b>\n{body}"


def result_header() -> str:
    return f"📋 <b>Kết quả kiểm tra điều kiện</b> (theo quy định ngày {localtime.today():%d/%m/%Y})"


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    """Shipped policies, a private data folder, and room for a long conversation under the spam limit."""
    return Settings(_env_file=None, policies_dir=SHIPPED_KB, data_dir=data_dir, user_message_limit=200)


@pytest.fixture
async def bot(settings: Settings, shipped: Snapshot) -> AsyncIterator[BotHarness]:
    """The bot on the shipped policies (the session's snapshot of them: `settings` has the same folder)."""
    async with running_bot(settings, KnowledgeStore(shipped)) as harness:
        yield harness


def data_of(call: SentCall, label: str) -> str:
    """The callback data of the button labelled `label` on a message the bot sent."""
    for row in call.buttons:
        for button in row:
            if button["text"] == label:
                return str(button["callback_data"])
    raise AssertionError(f"no button {label!r} in {call.button_texts()}")


async def tap(bot: BotHarness, on: SentCall, label: str) -> SentCall:
    """Press a button; the bot acknowledges it and sends exactly one message, which is returned."""
    calls = await bot.press(data_of(on, label), on)
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage"]
    assert calls[0].params.get("text") is None  # a plain acknowledgement, no alert
    return calls[1]


async def type_text(bot: BotHarness, text: str) -> SentCall:
    [reply] = await bot.say(text)
    assert reply.method == "sendMessage"
    assert reply.params["parse_mode"] == "HTML"
    return reply


async def press_expired(bot: BotHarness, on: SentCall, data: str) -> None:
    """A stale button: only the alert, no message."""
    calls = await bot.press(data, on, expect=1)
    assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert calls[0].params["text"] == EXPIRED
    assert calls[0].params["show_alert"] is True


async def start_check(bot: BotHarness, title: str) -> SentCall:
    """/kiemtra, then the policy button; returns the first question."""
    chooser = await type_text(bot, "/kiemtra")
    return await tap(bot, chooser, title)


async def confirm_place(bot: BotHarness, typed: str, place: str) -> SentCall:
    """Type the commune, see what was understood, confirm it; returns the next message."""
    understood = await type_text(bot, typed)
    assert understood.text == UNDERSTOOD.format(place=place)
    assert understood.button_texts() == [f"📍 {place}", "✏️ Nhập lại"]
    return await tap(bot, understood, f"📍 {place}")


async def demo_until_cost(bot: BotHarness) -> SentCall:
    """Demonstration model, household business in Xã Hàm Thuận Bắc, food processing: up to the cost."""
    q1 = await start_check(bot, DEMO_BUTTON)
    q2 = await tap(bot, q1, "Hộ kinh doanh")
    q3 = await tap(bot, q2, "Có")
    q4 = await tap(bot, q3, "Chế biến nông – lâm – thủy sản, thực phẩm")
    assert q4.text == question(4, 6, COMMUNE)
    q5 = await confirm_place(bot, "xa ham thuan bac lam dong", "Xã Hàm Thuận Bắc, tỉnh Lâm Đồng")
    assert q5.text == question(5, 5, CHI_PHI)
    return q5


async def test_kiemtra_lists_the_support_types_in_alphabetical_order_of_their_titles(
    bot: BotHarness, settings: Settings
) -> None:
    kb = KnowledgeStore.load(settings).current.kb
    titles = sorted((kb.policies[pid].title for pid in EligibilityEngine(kb).checkable()), key=fold)
    chooser = await type_text(bot, "/kiemtra")
    assert chooser.text == "✅ <b>Kiểm tra điều kiện</b>\nBạn muốn kiểm tra cho loại hỗ trợ nào?"
    assert chooser.button_texts() == [t if len(t) <= MAX_LABEL else t[: MAX_LABEL - 1] + "…" for t in titles]
    assert chooser.button_texts()[0] == "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu"
    assert chooser.button_texts()[-1] == "Xử lý ô nhiễm môi trường, di dời cơ sở gây ô nhiễm"
    assert data_of(chooser, DEMO_BUTTON) == "el:mo-hinh-trinh-dien"
    assert all(row[0]["callback_data"].startswith("el:") and len(row) == 1 for row in chooser.buttons)


async def test_the_questions_walk_to_a_result_with_recap_calculation_and_documents(bot: BotHarness) -> None:
    q1 = await start_check(bot, DEMO_BUTTON)
    assert q1.text == question(1, 7, LOAI_HINH)
    assert q1.button_texts() == LOAI_HINH_BUTTONS  # no "Quay lại" on the first question
    assert data_of(q1, "Hộ kinh doanh") == "ea:loai_hinh:5"
    assert data_of(q1, DONT_KNOW) == "ek:loai_hinh"

    q2 = await tap(bot, q1, "Hộ kinh doanh")
    assert q2.text == question(2, 7, SAN_XUAT)
    assert q2.button_texts() == ["Có", "Không", DONT_KNOW, BACK]

    q3 = await tap(bot, q2, "Có")
    assert q3.text == question(3, 7, NGANH_NGHE)
    assert q3.button_texts() == [*NGANH_NGHE_BUTTONS, BACK]

    # A sector other than mining settles the sector rule: the "difficult area" question will not come.
    q4 = await tap(bot, q3, "Chế biến nông – lâm – thủy sản, thực phẩm")
    assert q4.text == question(4, 6, COMMUNE)
    assert q4.button_texts() == [DONT_KNOW, BACK]

    # A commune settles the location: neither the province/city nor the craft-village question is asked.
    q5 = await confirm_place(bot, "xa ham thuan bac lam dong", "Xã Hàm Thuận Bắc, tỉnh Lâm Đồng")
    assert q5.text == question(5, 5, CHI_PHI)
    assert q5.button_texts() == [DONT_KNOW, BACK]

    result = await type_text(bot, "2 tỷ")
    parts = result.text.split("\n\n")
    assert parts[0] == result_header()
    assert parts[1] == (
        "<b>Bạn đã trả lời</b>\n"
        "• Địa bàn: Xã Hàm Thuận Bắc, tỉnh Lâm Đồng\n"
        "• Loại hình: Hộ kinh doanh\n"
        "• Trực tiếp sản xuất, chế biến, lắp ráp, sửa chữa: Có\n"
        "• Ngành: Chế biến nông – lâm – thủy sản, thực phẩm\n"
        "• Chi phí dự kiến: 2 tỷ đồng"
    )
    lines = parts[2].split("\n")
    assert lines[0] == f"✅ <b>{DEMO}</b>: Có thể được hỗ trợ"
    assert LOAI_HINH_OK in lines
    assert "💰 Ước tính: 30% × 2 tỷ đồng = <b>600 triệu đồng</b> (mức trần 1 tỷ đồng/mô hình)" in lines
    assert "📄 Hồ sơ cần chuẩn bị:" in lines
    assert "• Đơn đề nghị hỗ trợ kinh phí khuyến công." in lines
    assert "❌" not in result.text and "❔" not in result.text and "❓" not in result.text
    assert parts[-1] == DISCLAIMER
    assert result.button_texts() == AFTER_CHECK_BUTTONS
    assert data_of(result, "✉️ Gửi yêu cầu hỗ trợ kèm kết quả này") == "st:mo-hinh-trinh-dien"

    # The check is over: text is a question for the Q&A again, not an amount.
    card = await type_text(bot, "mô hình trình diễn kỹ thuật được hỗ trợ bao nhiêu")
    assert not card.text.startswith("❓") and "Tôi chưa đọc được số tiền" not in card.text


@pytest.mark.parametrize(
    ("typed", "line"),
    [
        ("500tr", "💰 Ước tính: 30% × 500 triệu đồng = <b>150 triệu đồng</b> (mức trần 1 tỷ đồng/mô hình)"),
        ("1,5 tỷ", "💰 Ước tính: 30% × 1,5 tỷ đồng = <b>450 triệu đồng</b> (mức trần 1 tỷ đồng/mô hình)"),
        ("200.000.000", "💰 Ước tính: 30% × 200 triệu đồng = <b>60 triệu đồng</b> (mức trần 1 tỷ đồng/mô hình)"),
        ("5 tỷ", "💰 Ước tính: 30% × 5 tỷ đồng = 1,5 tỷ đồng, vượt mức trần nên tối đa <b>1 tỷ đồng</b>/mô hình"),
    ],
)
async def test_the_cost_is_read_as_typed_and_the_calculation_shown_in_one_line(
    bot: BotHarness, typed: str, line: str
) -> None:
    await demo_until_cost(bot)
    again = await type_text(bot, "abc")
    assert again.text == BAD_AMOUNT
    assert again.button_texts() == []
    result = await type_text(bot, typed)
    assert result.text.startswith(result_header())
    assert line in result.text.split("\n")


async def test_machinery_never_estimates_from_an_unconfirmed_rate_and_asks_single_or_whole_line(
    bot: BotHarness,
) -> None:
    q1 = await start_check(bot, MACHINERY)
    q2 = await tap(bot, q1, "Hợp tác xã")
    q3 = await tap(bot, q2, "Có")
    await tap(bot, q3, "Cơ khí, điện, điện tử; lắp ráp, sửa chữa máy móc; công nghi…")
    q5 = await confirm_place(bot, "Hàm Thuận Nam, tỉnh Lâm Đồng", "Xã Hàm Thuận Nam, tỉnh Lâm Đồng")
    assert q5.text == question(5, 5, QUY_MO)  # the cost is never asked: it would change no figure
    assert q5.button_texts() == ["Máy móc, thiết bị đơn lẻ", "Cả một dây chuyền công nghệ", DONT_KNOW, BACK]
    result = await tap(bot, q5, "Cả một dây chuyền công nghệ")
    lines = result.text.split("\n")
    assert f"✅ <b>{MACHINERY}</b>: Có thể được hỗ trợ" in lines
    assert (
        "💰 Mức trần: không quá <b>450 triệu đồng</b>/cơ sở. Đây là mức tối đa, không phải số tiền ước tính: tỷ lệ "
        "hỗ trợ trên chi phí chưa được xác nhận, trung tâm khuyến công sẽ cho biết phần được hỗ trợ."
    ) in lines
    assert "Ước tính:" not in result.text


async def test_dont_know_is_never_a_guess_the_result_says_what_staff_must_confirm(bot: BotHarness) -> None:
    q1 = await start_check(bot, DEMO_BUTTON)
    q2 = await tap(bot, q1, DONT_KNOW)
    assert q2.text == question(2, 7, SAN_XUAT)  # "Không biết" is an answer: the next question comes
    q3 = await tap(bot, q2, "Có")
    await tap(bot, q3, "Chế biến nông – lâm – thủy sản, thực phẩm")
    q5 = await confirm_place(bot, "ham thuan bac", "Xã Hàm Thuận Bắc, tỉnh Lâm Đồng")
    result = await tap(bot, q5, DONT_KNOW)  # the cost: not known either
    lines = result.text.split("\n")
    assert "• Loại hình: Không biết / chưa rõ" in lines
    assert "• Chi phí dự kiến: Không biết / chưa rõ" in lines
    assert f"❓ <b>{DEMO}</b>: Cần cán bộ xác nhận" in lines
    assert "❓ Cần hỏi cán bộ để xác nhận:" in lines
    assert "• Cơ sở của bạn thuộc loại hình nào? (bạn trả lời: chưa rõ)" in lines
    assert "💰 Hỗ trợ tối đa 30% chi phí, không quá 1 tỷ đồng/mô hình (chưa có chi phí dự kiến nên chưa tính số tiền)." in lines
    assert "✅" not in result.text.split("\n\n")[2]
    assert result.button_texts() == AFTER_CHECK_BUTTONS


async def test_a_commune_that_matches_nothing_falls_back_to_the_two_questions_under_the_same_number(
    bot: BotHarness,
) -> None:
    q1 = await start_check(bot, DEMO_BUTTON)
    q2 = await tap(bot, q1, "Hộ kinh doanh")
    q3 = await tap(bot, q2, "Có")
    q4 = await tap(bot, q3, "Chế biến nông – lâm – thủy sản, thực phẩm")
    messages = await bot.say("Xóm Núi Đá Đen", expect=2)
    assert messages[0].text == (
        "Tôi chưa tìm thấy «Xóm Núi Đá Đen» trong danh sách xã, phường, đặc khu hiện hành. "
        "Bạn trả lời giúp tôi câu hỏi dưới đây nhé."
    )
    fallback = messages[1]
    assert COUNTER.match(fallback.text) and COUNTER.match(fallback.text).group(1) == "4"  # type: ignore[union-attr]
    assert fallback.text.endswith(DIA_BAN)
    assert fallback.button_texts() == ["Xã", "Phường", "Đặc khu", DONT_KNOW, BACK]
    q5 = await tap(bot, fallback, "Xã")
    assert q5.text == question(5, 5, CHI_PHI)
    await press_expired(bot, q4, "ep:23089")  # no commune was offered: a forged pick expires


async def test_a_name_shared_by_several_units_offers_them_and_retyping_asks_again(bot: BotHarness) -> None:
    q1 = await start_check(bot, DEMO_BUTTON)
    q2 = await tap(bot, q1, "Hộ kinh doanh")
    q3 = await tap(bot, q2, "Có")
    q4 = await tap(bot, q3, "Chế biến nông – lâm – thủy sản, thực phẩm")
    several = await type_text(bot, "tan phu")
    assert several.text == "📍 Có vài nơi trùng tên. Bạn chọn đúng nơi cơ sở đặt, hoặc nhập lại (kèm tên tỉnh):"
    assert several.button_texts() == [
        "📍 Xã Tân Phú, tỉnh Nghệ An",
        "📍 Xã Tân Phú, tỉnh Đồng Nai",
        "📍 Phường Tân Phú, thành phố Hồ Chí Minh",
        "✏️ Nhập lại",
    ]
    again = await tap(bot, several, "✏️ Nhập lại")
    assert again.text == q4.text  # the same question, the same number
    await press_expired(bot, several, data_of(several, "📍 Xã Tân Phú, tỉnh Đồng Nai"))
    q5 = await confirm_place(bot, "tan phu dong nai", "Xã Tân Phú, tỉnh Đồng Nai")
    assert q5.text == question(5, 5, CHI_PHI)


async def test_a_ward_of_a_centrally_run_city_asks_the_craft_village(bot: BotHarness) -> None:
    q1 = await start_check(bot, MACHINERY)
    q2 = await tap(bot, q1, "Hộ kinh doanh")
    q3 = await tap(bot, q2, "Có")
    await tap(bot, q3, "Hàng tiểu thủ công nghiệp, thủ công mỹ nghệ")
    q5 = await confirm_place(bot, "phuong ben thanh tp hcm", "Phường Bến Thành, thành phố Hồ Chí Minh")
    assert q5.text == question(5, 6, "Cơ sở có nằm trong làng nghề đã được UBND tỉnh công nhận không?")
    result = await tap(bot, q5, "Không")
    lines = result.text.split("\n")
    assert f"❌ <b>{MACHINERY}</b>: Chưa đủ điều kiện" in lines
    assert (
        "• Phường thuộc thành phố trực thuộc trung ương không nằm trong địa bàn áp dụng, trừ khi cơ sở ở làng nghề "
        "được UBND cấp tỉnh công nhận (Điểm a khoản 2 Điều 1 Nghị định 45/2012/NĐ-CP, sửa đổi bởi Nghị định "
        "235/2025/NĐ-CP)."
    ) in lines
    # After ❌, the next step.
    assert "👉 Bước tiếp theo:" in lines
    assert (
        "• Nếu cơ sở có xưởng sản xuất ở một xã hoặc ở tỉnh khác, hoặc nằm trong làng nghề đang chờ công nhận, "
        "bạn gửi câu hỏi cho cán bộ để được xem xét."
    ) in lines


async def test_the_counter_never_grows_and_is_never_exceeded(bot: BotHarness) -> None:
    # The longest path: mining (asks the difficult area), a ward of a centrally-run city (asks the craft village).
    answers = {
        "Cơ sở của bạn thuộc loại hình": "Hộ kinh doanh",
        "Cơ sở có trực tiếp sản xuất": "Có",
        "Cơ sở sản xuất trong ngành": "Khai thác, chế biến khoáng sản",
        "Cơ sở có ở địa bàn có điều kiện": "Có",
        "Cơ sở có nằm trong làng nghề": "Có",
        "Bạn đầu tư máy móc": "Máy móc, thiết bị đơn lẻ",
    }
    seen: list[tuple[int, int]] = []
    message = await start_check(bot, MACHINERY)
    while not message.text.startswith(result_header()):
        found = COUNTER.match(message.text)
        assert found, message.text
        seen.append((int(found.group(1)), int(found.group(2))))
        body = message.text[found.end():]
        if body == COMMUNE:
            message = await confirm_place(bot, "phuong ben thanh tp hcm", "Phường Bến Thành, thành phố Hồ Chí Minh")
        else:
            message = await tap(bot, message, next(a for q, a in answers.items() if body.startswith(q)))
    assert len(seen) == 7
    numbers, totals = [n for n, _ in seen], [t for _, t in seen]
    assert numbers == list(range(1, len(seen) + 1))
    assert totals == sorted(totals, reverse=True)  # a total only shrinks as answers settle rules
    assert all(number <= total for number, total in seen)
    assert seen[-1][0] == seen[-1][1]  # the last question says so


async def test_buttons_are_required_where_there_is_no_amount_to_type(bot: BotHarness) -> None:
    q1 = await start_check(bot, DEMO_BUTTON)
    reply = await type_text(bot, "hộ kinh doanh")
    assert reply.text == "Bạn vui lòng chọn một nút bên dưới câu hỏi, hoặc gõ /cancel để dừng kiểm tra."
    q2 = await tap(bot, q1, "Hộ kinh doanh")  # the question is still open
    assert q2.text == question(2, 7, SAN_XUAT)


async def test_back_returns_to_the_previous_question_and_forgets_its_answer(bot: BotHarness) -> None:
    q1 = await start_check(bot, DEMO_BUTTON)
    q2 = await tap(bot, q1, "Hộ kinh doanh")
    back_to_q1 = await tap(bot, q2, BACK)
    assert back_to_q1.text == question(1, 7, LOAI_HINH)
    assert back_to_q1.button_texts() == LOAI_HINH_BUTTONS

    q2 = await tap(bot, back_to_q1, "Hợp tác xã")
    q3 = await tap(bot, q2, "Có")
    back_to_q2 = await tap(bot, q3, BACK)
    assert back_to_q2.text == question(2, 7, SAN_XUAT)

    # The earlier "Có" is forgotten: answering "Không" now decides the result at once, with the next step.
    result = await tap(bot, back_to_q2, "Không")
    lines = result.text.split("\n")
    assert f"❌ <b>{DEMO}</b>: Chưa đủ điều kiện" in lines
    assert SAN_XUAT_FAILED in lines
    assert lines[lines.index("👉 Bước tiếp theo:") :][:2] == ["👉 Bước tiếp theo:", NEXT_STEP_DEFAULT]
    assert "💰" not in result.text and "Hồ sơ cần chuẩn bị" not in result.text


async def test_back_from_the_cost_question_returns_to_the_commune_and_forgets_it(bot: BotHarness) -> None:
    q5 = await demo_until_cost(bot)
    q4 = await tap(bot, q5, BACK)
    assert q4.text == question(4, 6, COMMUNE)
    q5 = await confirm_place(bot, "dac khu phu quy", "Đặc khu Phú Quý, tỉnh Lâm Đồng")
    assert q5.text == question(5, 5, CHI_PHI)


async def test_cancel_ends_the_check(bot: BotHarness) -> None:
    q1 = await start_check(bot, DEMO_BUTTON)
    reply = await type_text(bot, "/cancel")
    assert reply.text == CANCELLED
    await press_expired(bot, q1, data_of(q1, "Hộ kinh doanh"))
    await press_expired(bot, q1, data_of(q1, DONT_KNOW))
    # Typing an amount now is an ordinary question, not an answer.
    answer = await type_text(bot, "500tr")
    assert not answer.text.startswith(result_header())


async def test_the_check_button_on_an_answer_card_goes_straight_to_the_questions(bot: BotHarness) -> None:
    card = await type_text(bot, "mô hình trình diễn kỹ thuật được hỗ trợ bao nhiêu")
    assert data_of(card, "✅ Kiểm tra điều kiện") == "el:mo-hinh-trinh-dien"
    first = await tap(bot, card, "✅ Kiểm tra điều kiện")
    assert first.text == question(1, 7, LOAI_HINH)
    assert first.button_texts() == LOAI_HINH_BUTTONS


async def test_no_question_is_asked_once_the_answer_is_settled(bot: BotHarness) -> None:
    q1 = await start_check(bot, MACHINERY)
    assert q1.text == question(1, 7, LOAI_HINH)
    result = await tap(bot, q1, "Doanh nghiệp lớn")
    assert result.text == "\n\n".join(
        [
            result_header(),
            "<b>Bạn đã trả lời</b>\n• Loại hình: Doanh nghiệp lớn",
            f"❌ <b>{MACHINERY}</b>: Chưa đủ điều kiện\n{LOAI_HINH_FAILED}\n👉 Bước tiếp theo:\n"
            "• Nếu bạn sản xuất nhưng chưa đăng ký, bạn có thể đăng ký hộ kinh doanh (hoặc lập hợp tác xã, doanh "
            "nghiệp nhỏ và vừa) rồi kiểm tra lại; cán bộ khuyến công sẽ hướng dẫn thêm.",
            DISCLAIMER,
        ]
    )
    assert result.button_texts() == AFTER_CHECK_BUTTONS
    assert data_of(result, "✉️ Gửi yêu cầu hỗ trợ kèm kết quả này") == "st:may-moc-thiet-bi"


async def test_an_answer_button_of_an_earlier_question_has_expired(bot: BotHarness) -> None:
    q1 = await start_check(bot, DEMO_BUTTON)
    q2 = await tap(bot, q1, "Hộ kinh doanh")
    await press_expired(bot, q1, data_of(q1, "Hợp tác xã"))
    await press_expired(bot, q1, data_of(q1, DONT_KNOW))
    # The current question still works.
    q3 = await tap(bot, q2, "Có")
    assert q3.text == question(3, 7, NGANH_NGHE)
    # After the result, the buttons of the finished check have expired too.
    q4 = await tap(bot, q3, "Chỉ buôn bán, dịch vụ khác (không sản xuất, không sửa chữa …")
    assert q4.text.startswith(result_header())
    await press_expired(bot, q3, data_of(q3, "Chế biến nông – lâm – thủy sản, thực phẩm"))
    await press_expired(bot, q2, "ea:khong_co_that:0")
    await press_expired(bot, q2, "ek:khong_co_that")


async def test_the_check_survives_a_restart(settings: Settings) -> None:
    async with running_bot(settings, KnowledgeStore.load(settings)) as first:
        q1 = await start_check(first, DEMO_BUTTON)
        q2 = await tap(first, q1, "Hộ kinh doanh")
        assert q2.text == question(2, 7, SAN_XUAT)

    # A new Application (and a new Bot API connection) on the same data folder.
    async with running_bot(settings, KnowledgeStore.load(settings), BotApiStandIn()) as second:
        q3 = await tap(second, q2, "Có")
        assert q3.text == question(3, 7, NGANH_NGHE)  # the first answer was kept
        await tap(second, q3, "Chế biến nông – lâm – thủy sản, thực phẩm")
        q5 = await confirm_place(second, "xa ham thuan bac lam dong", "Xã Hàm Thuận Bắc, tỉnh Lâm Đồng")
        assert q5.text == question(5, 5, CHI_PHI)
        result = await type_text(second, "2 tỷ")
        assert "💰 Ước tính: 30% × 2 tỷ đồng = <b>600 triệu đồng</b> (mức trần 1 tỷ đồng/mô hình)" in result.text


@pytest.mark.parametrize("typed", ["9" * 309, "1" + "0" * 400 + " tỷ"])
async def test_an_absurdly_long_amount_is_asked_again_not_an_apology(bot: BotHarness, typed: str) -> None:
    await demo_until_cost(bot)
    again = await type_text(bot, typed)
    assert again.text.startswith("Tôi chưa đọc được số tiền «")  # what was typed, shortened
    assert again.text.endswith(BAD_AMOUNT.split("»", 1)[1])
