"""/kiemtra, the guided eligibility check, through the real Application and the HTTP Bot API stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.config import Settings
from bot.eligibility.engine import EligibilityEngine
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

LOAI_HINH = (
    "Cơ sở của bạn thuộc loại hình nào?\n"
    "<i>Doanh nghiệp nhỏ và vừa theo quy định hiện hành về hỗ trợ doanh nghiệp nhỏ và vừa "
    "(ví dụ: tổng nguồn vốn hoặc số lao động dưới ngưỡng luật định).</i>"
)
LOAI_HINH_BUTTONS = [
    "Doanh nghiệp nhỏ và vừa",
    "Doanh nghiệp lớn",
    "Hợp tác xã",
    "Liên hiệp hợp tác xã",
    "Tổ hợp tác",
    "Hộ kinh doanh",
    "Cá nhân (chưa đăng ký kinh doanh)",
]
SAN_XUAT = "Cơ sở có trực tiếp sản xuất công nghiệp – tiểu thủ công nghiệp không (không chỉ buôn bán, dịch vụ)?"
NGANH_NGHE = (
    "Cơ sở sản xuất trong ngành nào?\n"
    "<i>Theo Điều 5 Nghị định 45/2012/NĐ-CP và các ngành bổ sung của Nghị định 235/2025/NĐ-CP "
    "(danh mục đầy đủ cần xác nhận).</i>"
)
NGANH_NGHE_BUTTONS = [
    "Chế biến nông – lâm – thủy sản, thực phẩm",
    "Hàng công nghiệp tiêu dùng, xuất khẩu, thay thế nhập khẩu",
    "Hóa chất phục vụ nông nghiệp, vật liệu xây dựng",
    "Cơ khí, điện, điện tử, linh kiện, công nghiệp hỗ trợ",
    "Hàng tiểu thủ công nghiệp, thủ công mỹ nghệ",
    "Khai thác, chế biến khoáng sản",
    "Sản xuất sạch hơn, xử lý ô nhiễm môi trường",
    "Công nghiệp công nghệ cao, công nghiệp sạch, tiết kiệm năng…",
    "Thương mại, dịch vụ (không sản xuất)",
    "Trồng trọt, chăn nuôi, nuôi trồng thủy sản (không chế biến)",
]
DIA_BAN = "Cơ sở đặt tại xã, phường hay đặc khu?\n<i>Theo đơn vị hành chính cấp xã hiện nay (sau sắp xếp năm 2025).</i>"
CHI_PHI = (
    "Chi phí dự kiến của phần việc cần hỗ trợ là bao nhiêu tiền?\n"
    "<i>Ví dụ: 500tr, 1,5 tỷ, 200.000.000 hoặc 2 trăm triệu.</i>\n\n"
    "Bạn gõ số tiền, ví dụ: <i>500tr</i>, <i>1,5 tỷ</i> hoặc <i>200.000.000</i>."
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
    "• Khuyến công chỉ hỗ trợ cơ sở trực tiếp sản xuất công nghiệp – tiểu thủ công nghiệp, không hỗ trợ hoạt động "
    "chỉ buôn bán, dịch vụ (Khoản 2 Điều 1 Nghị định 45/2012/NĐ-CP)."
)
AFTER_CHECK_BUTTONS = ["✉️ Gửi yêu cầu hỗ trợ kèm kết quả này", "📚 Tra cứu chính sách"]


def question(number: int, total: int, body: str) -> str:
    return f"❓ <b>Câu {number}/{total}</b>\n{body}"


def result_header() -> str:
    return f"📋 <b>Kết quả kiểm tra điều kiện</b> (theo quy định ngày {date.today():%d/%m/%Y})"


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
    assert str(calls[0].params["show_alert"]).lower() == "true"


async def start_check(bot: BotHarness, title: str) -> SentCall:
    """/kiemtra, then the policy button; returns the first question."""
    chooser = await type_text(bot, "/kiemtra")
    return await tap(bot, chooser, title)


async def demo_until_cost(bot: BotHarness) -> SentCall:
    """Demonstration model, household business in a commune, food processing: up to the cost question."""
    q1 = await start_check(bot, DEMO_BUTTON)
    q2 = await tap(bot, q1, "Hộ kinh doanh")
    q3 = await tap(bot, q2, "Có")
    q4 = await tap(bot, q3, "Chế biến nông – lâm – thủy sản, thực phẩm")
    q5 = await tap(bot, q4, "Xã")
    assert q5.text == question(5, 5, CHI_PHI)
    return q5


async def test_kiemtra_shows_the_policy_chooser_with_titles_as_buttons(bot: BotHarness, settings: Settings) -> None:
    kb = KnowledgeStore.load(settings).current.kb  # read from the folder again, not the snapshot the bot has
    titles = [kb.policies[pid].title for pid in EligibilityEngine(kb).checkable()]
    chooser = await type_text(bot, "/kiemtra")
    assert chooser.text == "✅ <b>Kiểm tra điều kiện</b>\nBạn muốn kiểm tra cho loại hỗ trợ nào?"
    assert chooser.button_texts() == [t if len(t) <= MAX_LABEL else t[: MAX_LABEL - 1] + "…" for t in titles]
    assert DEMO_BUTTON in chooser.button_texts() and MACHINERY in chooser.button_texts()
    assert data_of(chooser, DEMO_BUTTON) == "el:mo-hinh-trinh-dien"
    assert all(row[0]["callback_data"].startswith("el:") and len(row) == 1 for row in chooser.buttons)


async def test_the_questions_walk_to_a_result_with_amount_documents_and_request_button(bot: BotHarness) -> None:
    q1 = await start_check(bot, DEMO_BUTTON)
    assert q1.text == question(1, 5, LOAI_HINH)
    assert q1.button_texts() == LOAI_HINH_BUTTONS  # no "Quay lại" on the first question
    assert data_of(q1, "Hộ kinh doanh") == "ea:loai_hinh:5"

    q2 = await tap(bot, q1, "Hộ kinh doanh")
    assert q2.text == question(2, 5, SAN_XUAT)
    assert q2.button_texts() == ["Có", "Không", BACK]
    assert [data_of(q2, "Có"), data_of(q2, "Không"), data_of(q2, BACK)] == [
        "ea:truc_tiep_san_xuat:y",
        "ea:truc_tiep_san_xuat:n",
        "eb",
    ]

    q3 = await tap(bot, q2, "Có")
    assert q3.text == question(3, 5, NGANH_NGHE)
    assert q3.button_texts() == [*NGANH_NGHE_BUTTONS, BACK]

    q4 = await tap(bot, q3, "Chế biến nông – lâm – thủy sản, thực phẩm")
    assert q4.text == question(4, 5, DIA_BAN)
    assert q4.button_texts() == ["Xã", "Phường", "Đặc khu", BACK]

    # A commune settles the location: neither the province/city nor the craft-village question is asked.
    q5 = await tap(bot, q4, "Xã")
    assert q5.text == question(5, 5, CHI_PHI)
    assert q5.button_texts() == [BACK]

    result = await type_text(bot, "2 tỷ")
    assert result.text.startswith(result_header() + "\n\n")
    lines = result.text.split("\n")
    assert f"✅ <b>{DEMO}</b>: Có thể được hỗ trợ" in lines
    assert LOAI_HINH_OK in lines
    assert (
        "• Cơ sở trực tiếp sản xuất công nghiệp – tiểu thủ công nghiệp (Khoản 2 Điều 1 Nghị định 45/2012/NĐ-CP)."
        in lines
    )
    assert "💰 Hỗ trợ tối đa ước tính: <b>600.000.000 đ</b>" in lines
    assert "📄 Hồ sơ cần chuẩn bị:" in lines
    assert "• Đơn đề nghị hỗ trợ kinh phí khuyến công." in lines
    assert "❌" not in result.text and "❔" not in result.text
    assert result.text.endswith(
        "<i>Đây là kết quả ước tính tự động; quyết định hỗ trợ do cơ quan có thẩm quyền phê duyệt.</i>"
    )
    assert result.button_texts() == AFTER_CHECK_BUTTONS
    assert data_of(result, "✉️ Gửi yêu cầu hỗ trợ kèm kết quả này") == "st:mo-hinh-trinh-dien"

    # The check is over: text is a question for the Q&A again, not an amount.
    card = await type_text(bot, "mô hình trình diễn kỹ thuật được hỗ trợ bao nhiêu")
    assert not card.text.startswith("❓") and "Tôi chưa đọc được số tiền" not in card.text


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("500tr", "150.000.000 đ"),
        ("1,5 tỷ", "450.000.000 đ"),
        ("200.000.000", "60.000.000 đ"),
        ("2 trăm triệu", "60.000.000 đ"),
    ],
)
async def test_the_cost_is_read_as_typed_and_nonsense_is_asked_again(bot: BotHarness, typed: str, amount: str) -> None:
    await demo_until_cost(bot)
    again = await type_text(bot, "abc")
    assert again.text == BAD_AMOUNT
    assert again.button_texts() == []
    result = await type_text(bot, typed)
    assert result.text.startswith(result_header())
    assert f"💰 Hỗ trợ tối đa ước tính: <b>{amount}</b>" in result.text.split("\n")


async def test_buttons_are_required_where_there_is_no_amount_to_type(bot: BotHarness) -> None:
    q1 = await start_check(bot, DEMO_BUTTON)
    reply = await type_text(bot, "hộ kinh doanh")
    assert reply.text == "Bạn vui lòng chọn một nút bên dưới câu hỏi, hoặc gõ /cancel để dừng kiểm tra."
    q2 = await tap(bot, q1, "Hộ kinh doanh")  # the question is still open
    assert q2.text == question(2, 5, SAN_XUAT)


async def test_back_returns_to_the_previous_question_and_forgets_its_answer(bot: BotHarness) -> None:
    q1 = await start_check(bot, DEMO_BUTTON)
    q2 = await tap(bot, q1, "Hộ kinh doanh")
    back_to_q1 = await tap(bot, q2, BACK)
    assert back_to_q1.text == question(1, 5, LOAI_HINH)
    assert back_to_q1.button_texts() == LOAI_HINH_BUTTONS

    q2 = await tap(bot, back_to_q1, "Hợp tác xã")
    q3 = await tap(bot, q2, "Có")
    back_to_q2 = await tap(bot, q3, BACK)
    assert back_to_q2.text == question(2, 5, SAN_XUAT)
    assert back_to_q2.button_texts() == ["Có", "Không", BACK]

    # The earlier "Có" is forgotten: answering "Không" now decides the result at once.
    result = await tap(bot, back_to_q2, "Không")
    lines = result.text.split("\n")
    assert f"❌ <b>{DEMO}</b>: Chưa đủ điều kiện" in lines
    assert SAN_XUAT_FAILED in lines
    assert "💰" not in result.text and "Hồ sơ cần chuẩn bị" not in result.text


async def test_back_from_the_cost_question_returns_to_the_location(bot: BotHarness) -> None:
    q5 = await demo_until_cost(bot)
    q4 = await tap(bot, q5, BACK)
    assert q4.text == question(4, 5, DIA_BAN)


async def test_cancel_ends_the_check(bot: BotHarness) -> None:
    q1 = await start_check(bot, DEMO_BUTTON)
    reply = await type_text(bot, "/cancel")
    assert reply.text == CANCELLED
    await press_expired(bot, q1, data_of(q1, "Hộ kinh doanh"))
    # Typing an amount now is an ordinary question, not an answer.
    answer = await type_text(bot, "500tr")
    assert not answer.text.startswith(result_header())


async def test_the_check_button_on_an_answer_card_goes_straight_to_the_questions(bot: BotHarness) -> None:
    card = await type_text(bot, "mô hình trình diễn kỹ thuật được hỗ trợ bao nhiêu")
    assert data_of(card, "✅ Kiểm tra điều kiện") == "el:mo-hinh-trinh-dien"
    first = await tap(bot, card, "✅ Kiểm tra điều kiện")
    assert first.text == question(1, 5, LOAI_HINH)
    assert first.button_texts() == LOAI_HINH_BUTTONS


async def test_no_question_is_asked_once_the_answer_is_settled(bot: BotHarness) -> None:
    q1 = await start_check(bot, MACHINERY)
    assert q1.text == question(1, 5, LOAI_HINH)
    result = await tap(bot, q1, "Doanh nghiệp lớn")
    assert result.text == "\n\n".join(
        [
            result_header(),
            f"❌ <b>{MACHINERY}</b>: Chưa đủ điều kiện\n{LOAI_HINH_FAILED}",
            "<i>Đây là kết quả ước tính tự động; quyết định hỗ trợ do cơ quan có thẩm quyền phê duyệt.</i>",
        ]
    )
    assert result.button_texts() == AFTER_CHECK_BUTTONS
    assert data_of(result, "✉️ Gửi yêu cầu hỗ trợ kèm kết quả này") == "st:may-moc-thiet-bi"


async def test_machinery_has_a_fixed_cap_so_the_cost_is_never_asked(bot: BotHarness) -> None:
    q1 = await start_check(bot, MACHINERY)
    q2 = await tap(bot, q1, "Hợp tác xã")
    q3 = await tap(bot, q2, "Có")
    q4 = await tap(bot, q3, "Cơ khí, điện, điện tử, linh kiện, công nghiệp hỗ trợ")
    result = await tap(bot, q4, "Xã")
    assert f"✅ <b>{MACHINERY}</b>: Có thể được hỗ trợ" in result.text.split("\n")
    assert "💰 Hỗ trợ tối đa ước tính: <b>300.000.000 đ</b>" in result.text.split("\n")


async def test_a_ward_asks_province_or_city_then_craft_village(bot: BotHarness) -> None:
    q1 = await start_check(bot, MACHINERY)
    q2 = await tap(bot, q1, "Hộ kinh doanh")
    q3 = await tap(bot, q2, "Có")
    q4 = await tap(bot, q3, "Hàng tiểu thủ công nghiệp, thủ công mỹ nghệ")
    q5 = await tap(bot, q4, "Phường")
    assert q5.text == question(
        5,
        6,
        "Cơ sở đặt tại tỉnh hay thành phố trực thuộc trung ương?\n"
        "<i>Từ ngày 01/07/2025 cả nước có 28 tỉnh và 6 thành phố trực thuộc trung ương.</i>",
    )
    assert q5.button_texts() == ["Tỉnh", "Thành phố trực thuộc trung ương (Hà Nội, TP.HCM, Hải Phòng,…", BACK]
    q6 = await tap(bot, q5, "Thành phố trực thuộc trung ương (Hà Nội, TP.HCM, Hải Phòng,…")
    assert q6.text == question(6, 6, "Cơ sở có nằm trong làng nghề đã được UBND tỉnh công nhận không?")
    result = await tap(bot, q6, "Không")
    lines = result.text.split("\n")
    assert f"❌ <b>{MACHINERY}</b>: Chưa đủ điều kiện" in lines
    assert (
        "• Phường thuộc thành phố trực thuộc trung ương không nằm trong địa bàn áp dụng, trừ khi cơ sở ở làng nghề "
        "được UBND cấp tỉnh công nhận (Điểm a khoản 2 Điều 1 Nghị định 45/2012/NĐ-CP, sửa đổi bởi Nghị định "
        "235/2025/NĐ-CP)."
    ) in lines


async def test_an_answer_button_of_an_earlier_question_has_expired(bot: BotHarness) -> None:
    q1 = await start_check(bot, DEMO_BUTTON)
    q2 = await tap(bot, q1, "Hộ kinh doanh")
    await press_expired(bot, q1, data_of(q1, "Hợp tác xã"))
    # The current question still works.
    q3 = await tap(bot, q2, "Có")
    assert q3.text == question(3, 5, NGANH_NGHE)
    # After the result, the buttons of the finished check have expired too.
    q4 = await tap(bot, q3, "Thương mại, dịch vụ (không sản xuất)")
    assert q4.text.startswith(result_header())
    await press_expired(bot, q3, data_of(q3, "Chế biến nông – lâm – thủy sản, thực phẩm"))
    await press_expired(bot, q2, "ea:khong_co_that:0")


async def test_the_check_survives_a_restart(settings: Settings) -> None:
    async with running_bot(settings, KnowledgeStore.load(settings)) as first:
        q1 = await start_check(first, DEMO_BUTTON)
        q2 = await tap(first, q1, "Hộ kinh doanh")
        assert q2.text == question(2, 5, SAN_XUAT)
    assert settings.state_file.exists()

    # A new Application (and a new Bot API connection) on the same data folder.
    async with running_bot(settings, KnowledgeStore.load(settings), BotApiStandIn()) as second:
        q3 = await tap(second, q2, "Có")
        assert q3.text == question(3, 5, NGANH_NGHE)  # the first answer was kept
        q4 = await tap(second, q3, "Chế biến nông – lâm – thủy sản, thực phẩm")
        q5 = await tap(second, q4, "Xã")
        assert q5.text == question(5, 5, CHI_PHI)
        result = await type_text(second, "2 tỷ")
        assert "💰 Hỗ trợ tối đa ước tính: <b>600.000.000 đ</b>" in result.text.split("\n")
