"""The console chat: the same Application and handlers, printed as plain text with numbered buttons."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot, build_snapshot
from console.chat import INTRO, ConsoleChat, run_console
from tests.support.kb import policy_file

WELCOME = (
    "Xin chào Lan! 👋\n"
    "Tôi là trợ lý khuyến công của Trung tâm Khuyến công tỉnh Lâm Đồng. Tôi có thể:\n"
    "• trả lời câu hỏi về chính sách khuyến công (đào tạo nghề, máy móc thiết bị, hội chợ, "
    "sản xuất sạch hơn…), kèm căn cứ pháp lý;\n"
    "• giúp bạn kiểm tra cơ sở có đủ điều kiện nhận hỗ trợ không;\n"
    "• chuyển câu hỏi của bạn tới cán bộ Trung tâm Khuyến công.\n\n"
    "Bạn cứ gõ câu hỏi, có dấu hay không dấu đều được. Ví dụ: hỗ trợ mua máy móc được bao nhiêu?\n"
    "  [1] 📚 Tra cứu chính sách\n"
    "  [2] ✅ Kiểm tra điều kiện\n"
    "  [3] ✉️ Gửi câu hỏi cho cán bộ\n"
    "  [4] 📞 Liên hệ"
)
CATEGORIES = (
    "📚 Chính sách khuyến công\nChọn một nhóm:\n"
    "  [1] Khuyến công là gì, chương trình và quy định mới\n"
    "  [2] Đối tượng, ngành nghề, thủ tục\n"
    "  [3] Đào tạo, nâng cao năng lực\n"
    "  [4] Máy móc, công nghệ, mô hình trình diễn\n"
    "  [5] Thị trường, thương hiệu, sản phẩm\n"
    "  [6] Môi trường, sản xuất sạch hơn, cụm công nghiệp\n"
    "  [7] Liên kết, tư vấn, học tập kinh nghiệm\n"
    "  [8] Liên hệ"
)
CARD_BUTTONS = (
    "\n  [1] 📖 Xem chi tiết\n"
    "  [2] 📄 Hồ sơ\n"
    "  [3] ⚖️ Căn cứ pháp lý\n"
    "  [4] ✅ Kiểm tra điều kiện\n"
    "  [5] ✉️ Hỏi cán bộ\n"
    "  [6] 📞 Liên hệ\n"
    "  [7] 🔗 Xây dựng mô hình trình diễn kỹ thuật (công nghệ mới, sản …\n"
    "  [8] 🔗 Thủ tục, hồ sơ đăng ký đề án khuyến công"
)
MAY_MOC = "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ"
QUESTION = "hỗ trợ mua máy móc được bao nhiêu"


@pytest.fixture
async def chat(settings: Settings, shipped: Snapshot) -> AsyncIterator[ConsoleChat]:
    async with ConsoleChat(settings, KnowledgeStore(shipped), out=io.StringIO()) as console:
        yield console


async def test_a_command_prints_the_greeting_with_numbered_buttons(chat: ConsoleChat) -> None:
    assert await chat.send("/start") == [WELCOME]


async def test_a_question_prints_the_answer_card_as_plain_text(chat: ConsoleChat) -> None:
    [card] = await chat.send(QUESTION)
    assert card.startswith(f"{MAY_MOC}\n\nCơ sở công nghiệp nông thôn đầu tư máy móc")
    assert "\n\n💰 Mức hỗ trợ\n• " in card
    assert "<" not in card and "&" not in card
    assert card.endswith(CARD_BUTTONS)


@pytest.mark.parametrize(
    ("lines", "expected_start"),
    [
        (["/start", "1"], CATEGORIES),
        (["/start", "4"], "📞 Liên hệ\n🏢 Trung tâm Khuyến công tỉnh Lâm Đồng\n🏛 Sở Công Thương tỉnh Lâm Đồng\n📍 Địa chỉ: chưa cập nhật"),
        (["/start", "1", "4"], "📚 Máy móc, công nghệ, mô hình trình diễn (trang 1/1)\nChọn một chính sách:\n"
                               "  [1] Chuyển đổi số, ứng dụng công nghệ thông tin, thương mại điệ…\n"
                               f"  [2] {MAY_MOC}\n"),
        (["/start", "1", "4", "2"], f"{MAY_MOC}\n\nCơ sở công nghiệp nông thôn"),
        ([QUESTION, "1"], f"{MAY_MOC}\n\nKhuyến công hỗ trợ một phần chi phí"),
        ([QUESTION, "2"], f"{MAY_MOC}\n\n📄 Hồ sơ cần chuẩn bị\n• Đơn đề nghị hỗ trợ kinh phí khuyến công."),
        ([QUESTION, "3"], f"{MAY_MOC}\n\n⚖️ Căn cứ pháp lý\n• 45/2012/NĐ-CP"),
        ([QUESTION, "6"], "📞 Liên hệ\n🏢 Trung tâm Khuyến công tỉnh Lâm Đồng"),
        ([QUESTION, "8"], "Thủ tục, hồ sơ đăng ký đề án khuyến công\n\n"),
    ],
    ids=["menu-browse", "menu-contact", "category", "category-policy", "card-detail", "card-documents", "card-legal",
         "card-contact", "card-related"],
)
async def test_a_button_number_presses_that_button(chat: ConsoleChat, lines: list[str], expected_start: str) -> None:
    for line in lines[:-1]:
        await chat.send(line)
    [printed] = await chat.send(lines[-1])
    assert printed.startswith(expected_start)
    presses = sum(line.isdigit() for line in lines)
    assert [call.method for call in chat.api.sent].count("answerCallbackQuery") == presses


@pytest.mark.parametrize("line", ["0", "5", "99"])
async def test_a_number_without_such_a_button_is_sent_as_text(chat: ConsoleChat, line: str) -> None:
    await chat.send("/start")  # four buttons
    [printed] = await chat.send(line)
    assert printed.startswith("Xin lỗi, hiện tôi chưa có thông tin để trả lời chính xác câu hỏi này.")
    assert [call.method for call in chat.api.sent].count("answerCallbackQuery") == 0


async def test_buttons_are_those_of_the_latest_message_with_buttons(chat: ConsoleChat) -> None:
    await chat.send(QUESTION)  # eight buttons
    await chat.send("/help")  # no buttons: the card's buttons stay usable
    [detail] = await chat.send("1")
    assert detail.startswith(f"{MAY_MOC}\n\nKhuyến công hỗ trợ một phần chi phí")
    assert detail.endswith("\n  [1] 📄 Hồ sơ\n  [2] ⚖️ Căn cứ pháp lý\n  [3] ✅ Kiểm tra điều kiện\n  [4] ✉️ Hỏi cán bộ\n"
                           "  [5] 📞 Liên hệ\n  [6] 🔗 Xây dựng mô hình trình diễn kỹ thuật (công nghệ mới, sản …\n"
                           "  [7] 🔗 Thủ tục, hồ sơ đăng ký đề án khuyến công")


async def test_a_button_of_a_policy_removed_by_a_reload_prints_expired(
    settings: Settings, shipped: Snapshot, write_kb: Callable[..., Path]
) -> None:
    store = KnowledgeStore(shipped)
    async with ConsoleChat(settings, store, out=io.StringIO()) as chat:
        await chat.send(QUESTION)
        store.swap(build_snapshot(settings, write_kb(policy_file("thu-nghiem", "Chính sách thử nghiệm"))))
        assert await chat.send("1") == ["⚠️ Nút này đã hết hạn"]


def lines_then_eof(*lines: str) -> Callable[[], str]:
    remaining: Iterator[str] = iter(lines)

    def read_line() -> str:
        try:
            return next(remaining)
        except StopIteration:
            raise EOFError from None

    return read_line


async def test_run_console_greets_answers_each_line_and_stops_at_end_of_input(
    settings: Settings, shipped: Snapshot
) -> None:
    out = io.StringIO()
    await run_console(settings, KnowledgeStore(shipped), lines_then_eof(QUESTION, "   ", "1"), out)
    printed = out.getvalue()
    assert printed.startswith(INTRO + "\n🤖 " + WELCOME + "\n\n")
    blocks = printed.split("🤖 ")
    assert len(blocks) == 4  # intro, greeting, card, detail (the blank line is skipped)
    assert blocks[2].startswith(f"{MAY_MOC}\n\nCơ sở công nghiệp nông thôn")
    assert blocks[3].startswith(f"{MAY_MOC}\n\nKhuyến công hỗ trợ một phần chi phí")


@pytest.mark.parametrize(
    ("line", "printed"),
    [
        ("ok", "Vâng! 😊 Khi cần thêm thông tin, bạn cứ gõ câu hỏi hoặc chọn /chinhsach nhé."),
        ("dạ vâng em cảm ơn ạ", "Rất vui được giúp bạn! Nếu còn thắc mắc, bạn cứ hỏi tiếp nhé. 😊"),
        ("👍", "Vâng! 😊 Khi cần thêm thông tin, bạn cứ gõ câu hỏi hoặc chọn /chinhsach nhé."),
    ],
)
async def test_small_talk_in_the_console_is_one_short_line_without_buttons(
    chat: ConsoleChat, line: str, printed: str
) -> None:
    assert await chat.send(line) == [printed]


async def test_two_questions_in_the_console_get_a_numbered_button_each(chat: ConsoleChat) -> None:
    [printed] = await chat.send("cho hỏi mở lớp đào tạo nghề thế nào, và tham gia hội chợ được hỗ trợ bao nhiêu?")
    assert printed == (
        "Bạn hỏi 2 việc. Bạn bấm vào từng việc để xem câu trả lời:\n"
        "• Đào tạo nghề, truyền nghề, nâng cao tay nghề cho người lao động\n"
        "• Hỗ trợ tham gia hội chợ, triển lãm hàng công nghiệp nông thôn\n"
        "  [1] Đào tạo nghề, truyền nghề, nâng cao tay nghề cho người lao …\n"
        "  [2] Hỗ trợ tham gia hội chợ, triển lãm hàng công nghiệp nông th…\n"
        "  [3] Không phải"
    )
    [card] = await chat.send("2")
    assert card.startswith("Hỗ trợ tham gia hội chợ, triển lãm hàng công nghiệp nông thôn\n\n")


async def test_a_complaint_in_the_console_gets_the_apology_and_the_handoff_buttons(chat: ConsoleChat) -> None:
    [printed] = await chat.send("hỏi mãi không được")
    assert printed == (
        "Xin lỗi bạn vì sự bất tiện này. 🙏 Bạn bấm «✉️ Gửi câu hỏi cho cán bộ» để cán bộ Trung tâm Khuyến công "
        "trả lời trực tiếp, hoặc gọi theo thông tin ở /lienhe.\n"
        "  [1] ✉️ Gửi câu hỏi cho cán bộ\n"
        "  [2] 📚 Tra cứu chính sách\n"
        "  [3] 📞 Liên hệ"
    )
