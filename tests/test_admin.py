"""Admin commands through the real bot: /unanswered → new example questions, /thongke, and refusals.

The bot runs on a writable copy of the shipped policies with admin 1 (the folder watcher is off here,
so that every reload is the one the test asks for; tests/test_check_and_reload.py covers the watcher).
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from bot import localtime
from bot.config import Settings
from bot.desk import repo as storage
from bot.desk.models import QuestionLog, Status, utcnow
from bot.policies.store import KnowledgeStore
from bot.render.cards import format_date
from bot.snapshot import Snapshot
from console.standin import SentCall
from tests.support.botapi import BotHarness, running_bot
from tests.support.kb import SHIPPED_KB
from tests.support.reload import ADMIN, OLD_TITLE, line_of, reload_settings, replace_in
from tests.support.replies import EXPIRED, OUT_OF_SCOPE_LOAN, REFUSED

STRANGER = 666
STAFF = 900  # a staff member is not an admin
UNANSWERED_TITLE = "❓ <b>Câu hỏi chưa trả lời được trong 7 ngày qua</b> (bấm để thêm làm câu hỏi mẫu):"
UNANSWERED_NONE = "Tuần này không có câu hỏi nào bot chưa trả lời được. 🎉"
# Not answered today: no policy knows these words yet…
TRACE = "cơ sở làm yến sào Khánh Hòa có được hỗ trợ không"
OCOP = "làm rượu sim Phú Quốc"
# …and this one is an example of an out-of-scope topic (bank loans), so it cannot become a policy example.
LOAN = "Ngân hàng nào cho hộ sản xuất vay với lãi suất thấp?"
THUONG_HIEU = "Xây dựng, đăng ký thương hiệu, nhãn hiệu sản phẩm"


@pytest.fixture
def config(settings: Settings, live_kb: Path) -> Settings:
    return reload_settings(settings, live_kb, watch=False).model_copy(update={"staff_user_ids": {STAFF}})


@pytest.fixture
async def bot(config: Settings, shipped: Snapshot) -> AsyncIterator[BotHarness]:
    """The bot on the live copy. It starts on the session's snapshot of the shipped policies, which is what
    loading the untouched copy would give (the version is a hash of the files' contents); every reload
    reads the copy."""
    async with running_bot(config, KnowledgeStore(shipped)) as harness:
        yield harness


def store_of(bot: BotHarness) -> KnowledgeStore:
    return bot.app.bot_data.store  # type: ignore[no-any-return]


def in_db(bot: BotHarness) -> Session:
    return Session(bot.app.bot_data.engine, expire_on_commit=False)


def added_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines added and removed between two versions of a file."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    body = [line for line in diff if not line.startswith(("---", "+++", "@@"))]
    return [line[1:] for line in body if line.startswith("+")], [line[1:] for line in body if line.startswith("-")]


def answered(reply: SentCall) -> bool:
    """An answer card starts with the policy's title in bold (not "did you mean", not "chưa có thông tin")."""
    return reply.text.startswith("<b>")


async def ask_unanswered(bot: BotHarness) -> None:
    """Three users get no answer about bird's nest, two about a bank loan, one about sim wine."""
    for user_id in (201, 202, 203):
        [reply] = await bot.say(TRACE, user_id=user_id)
        assert not answered(reply)
    for user_id in (204, 205):
        [reply] = await bot.say(LOAN, user_id=user_id)
        assert reply.text == OUT_OF_SCOPE_LOAN  # an out-of-scope topic, with where to ask instead
    [reply] = await bot.say(OCOP, user_id=206)
    assert not answered(reply)
    await bot.say("hỗ trợ mua máy móc thiết bị tiên tiến tối đa bao nhiêu", user_id=207)  # answered: not listed
    bot.app.bot_data.question_log.flush()


async def unanswered_list(bot: BotHarness) -> SentCall:
    [listing] = await bot.say("/unanswered", user_id=ADMIN)
    return listing


# ----- /unanswered → example questions ------------------------------------------------------------
async def test_unanswered_lists_the_weeks_questions_most_frequent_first_with_a_button_each(bot: BotHarness) -> None:
    [nothing] = await bot.say("/unanswered", user_id=ADMIN)
    assert nothing.text == UNANSWERED_NONE
    await ask_unanswered(bot)
    listing = await unanswered_list(bot)
    assert listing.text == UNANSWERED_TITLE
    assert listing.params["parse_mode"] == "HTML"
    assert listing.button_texts() == [f"3× {TRACE}", f"2× {LOAN}", f"1× {OCOP}"]
    assert [b["callback_data"] for row in listing.buttons for b in row] == ["ua:0", "ua:1", "ua:2"]


async def test_adding_an_unanswered_question_to_a_policy_edits_the_file_in_place_and_reloads(
    bot: BotHarness, live_kb: Path
) -> None:
    await ask_unanswered(bot)
    listing = await unanswered_list(bot)
    answer, pick = await bot.press("ua:0", listing, user_id=ADMIN)
    assert answer.method == "answerCallbackQuery"
    assert pick.text == f"Thêm «{TRACE}» làm câu hỏi mẫu cho chính sách nào?"
    labels = pick.button_texts()
    closest = store_of(bot).current.matcher.match(TRACE).matches[0].policy_id
    title = store_of(bot).current.kb.policies[closest].title
    assert labels[0] == (title if len(title) <= 60 else title[:59] + "…")  # the closest policy comes first
    assert len(labels) == len(store_of(bot).current.kb.policies) and THUONG_HIEU in labels
    ux = next(b["callback_data"] for row in pick.buttons for b in row if b["text"] == THUONG_HIEU)
    assert ux == "ux:0:thuong-hieu"

    path = live_kb / "thuong-hieu.yaml"
    (live_kb / ".#thuong-hieu.yaml").symlink_to("lan@may-tinh.4242:1700000000")  # another admin has it open in Emacs
    before = path.read_text(encoding="utf-8")
    old_version = store_of(bot).current.kb.version
    answer, done = await bot.press(ux, pick, user_id=ADMIN)
    new_version = store_of(bot).current.kb.version
    assert new_version != old_version
    assert done.text == f"✅ Đã thêm «{TRACE}» vào thuong-hieu.yaml và nạp lại (phiên bản <code>{new_version}</code>)."
    after = path.read_text(encoding="utf-8")
    # In place: exactly one line added, right after the last example; comments and layout untouched.
    assert added_lines(before, after) == ([f"  - {TRACE}"], [])
    last_example = line_of(path, "Muốn đăng ký nhãn hiệu trước khi đi bán xa")
    assert after.splitlines()[last_example] == f"  - {TRACE}"
    assert after.startswith("# ")  # the file's leading comment is still there

    [reply] = await bot.say(TRACE, user_id=201)
    assert reply.text.startswith(f"<b>{THUONG_HIEU}</b>\n\n")


async def test_a_policy_file_with_a_null_field_keeps_its_layout_too(bot: BotHarness, live_kb: Path) -> None:
    await ask_unanswered(bot)
    listing = await unanswered_list(bot)
    _, pick = await bot.press("ua:2", listing, user_id=ADMIN)
    path = live_kb / "lien-he.yaml"  # ends with `eligibility: null`
    before = path.read_text(encoding="utf-8")
    _, done = await bot.press("ux:2:lien-he", pick, user_id=ADMIN)
    assert done.text.startswith(f"✅ Đã thêm «{OCOP}» vào lien-he.yaml và nạp lại")
    assert added_lines(before, path.read_text(encoding="utf-8")) == ([f"  - {OCOP}"], [])


async def test_an_addition_the_check_rejects_leaves_the_file_and_the_version_as_they_were(
    bot: BotHarness, live_kb: Path
) -> None:
    await ask_unanswered(bot)
    listing = await unanswered_list(bot)
    _, pick = await bot.press("ua:1", listing, user_id=ADMIN)
    path = live_kb / "tu-van.yaml"
    before = path.read_bytes()
    kb = store_of(bot).current.kb
    where = line_of(path, "Xưởng bánh kẹo cần người tư vấn cải tiến quy trình") + 1  # where it would have gone
    loan_line = line_of(live_kb / "_out_of_scope.yaml", LOAN)
    _, rejected = await bot.press("ux:1:tu-van", pick, user_id=ADMIN)
    assert rejected.text == (
        "❌ Không thêm được: kiểm tra thất bại, tệp chính sách không bị thay đổi.\n"
        f"• <code>tu-van.yaml:{where}: examples[{len(kb.policies['tu-van'].examples)}]: câu hỏi mẫu bị trùng "
        f"(đã có trong _out_of_scope.yaml, dòng {loan_line})</code>"
    )
    assert path.read_bytes() == before
    assert store_of(bot).current.kb is kb
    assert sorted(p.name for p in live_kb.iterdir()) == sorted(p.name for p in SHIPPED_KB.iterdir())  # no leftovers
    [reply] = await bot.say(LOAN, user_id=204)
    assert reply.text == OUT_OF_SCOPE_LOAN
    assert not answered(reply)


async def test_a_stale_unanswered_button_has_expired(bot: BotHarness) -> None:
    await ask_unanswered(bot)
    listing = await unanswered_list(bot)
    calls = await bot.press("ua:7", listing, user_id=ADMIN, expect=1)
    assert [(c.method, c.params.get("text"), c.params.get("show_alert")) for c in calls] == [
        ("answerCallbackQuery", EXPIRED, True)
    ]
    calls = await bot.press("ux:0:khong-ton-tai", listing, user_id=ADMIN, expect=1)
    assert [(c.method, c.params.get("text")) for c in calls] == [("answerCallbackQuery", EXPIRED)]


# ----- /thongke -----------------------------------------------------------------------------------
def seed_statistics(bot: BotHarness) -> None:
    """A week of questions and requests, with known days, shares and response times."""
    now = utcnow()
    rows = [  # (days ago, answered, top policy)
        (2, True, "thuong-hieu"), (2, True, "may-moc-thiet-bi"), (2, False, None),
        (1, True, "dao-tao-nghe"),
        (0, True, "thuong-hieu"), (0, True, "thuong-hieu"), (0, True, "hoi-cho-trien-lam"), (0, False, "tu-van"),
        (9, True, "tu-van"),  # older than a week: not counted
    ]
    with in_db(bot) as session:
        storage.log_questions(
            session,
            entries=[
                QuestionLog(
                    user_key="k", question="q", normalized="q", top_policy_id=top, band="answer" if ok else "none",
                    answered=ok, created_at=now - timedelta(days=days),
                )
                for days, ok, top in rows
            ],
        )
        owner = {"telegram_user_id": 100, "telegram_chat_id": 100, "name": "Lan", "business_name": "Cơ sở Lan",
                 "commune": "xã Hàm Thuận", "phone": "0912345678", "question": "Xin hỏi thủ tục?"}
        staff = {"actor_id": STAFF, "actor_name": "Minh"}
        taken = storage.create_request(session, **owner, created_at=now - timedelta(hours=2))
        storage.assign(session, request=taken, **staff)  # first reply after 2 hours
        resolved = storage.create_request(session, **owner, created_at=now - timedelta(hours=4))
        storage.assign(session, request=resolved, **staff)  # 4 hours
        storage.change_status(session, request=resolved, status=Status.RESOLVED, **staff)
        waiting = storage.create_request(session, **owner, created_at=now - timedelta(hours=10))
        storage.add_event(session, request=waiting, kind="staff_reply", text="Anh gửi thêm giấy tờ.", **staff)  # 10 h
        storage.change_status(session, request=waiting, status=Status.WAITING_USER, **staff)
        storage.create_request(session, **owner, created_at=now - timedelta(hours=1))  # new, nobody replied yet
        storage.create_request(session, **owner, created_at=now - timedelta(days=8))  # older than a week
        session.commit()


async def test_thongke_shows_questions_per_day_share_answered_top_policies_requests_and_median_first_reply(
    bot: BotHarness,
) -> None:
    seed_statistics(bot)
    [reply] = await bot.say("/thongke", user_id=ADMIN)
    today = localtime.today()  # days are counted in Vietnam time
    assert reply.text == (
        "📊 <b>Thống kê 7 ngày qua</b>\n"
        "<b>Câu hỏi mỗi ngày</b>\n"
        f"• {format_date(today - timedelta(days=2))}: 3\n"
        f"• {format_date(today - timedelta(days=1))}: 1\n"
        f"• {format_date(today)}: 4\n"
        "• Tỷ lệ trả lời được: 75%\n"
        "<b>Chính sách được hỏi nhiều nhất</b>\n"
        f"• {THUONG_HIEU}: 3\n"
        "• Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ: 1\n"
        "• Đào tạo nghề, truyền nghề, nâng cao tay nghề cho người lao động: 1\n"
        "• Hỗ trợ tham gia hội chợ, triển lãm hàng công nghiệp nông thôn: 1\n"
        "<b>Yêu cầu theo trạng thái</b>\n"
        "• 🔄 Đang xử lý: 1\n"
        "• 🆕 Mới tiếp nhận: 1\n"
        "• ✅ Đã giải quyết: 1\n"
        "• 💬 Chờ người hỏi phản hồi: 1\n"
        "• Thời gian phản hồi đầu tiên (trung vị): 4.0 giờ"
    )


async def test_thongke_counts_the_questions_just_asked(bot: BotHarness) -> None:
    await bot.say("hỗ trợ mua máy móc thiết bị tiên tiến tối đa bao nhiêu", user_id=301)
    await bot.say(TRACE, user_id=302)
    # Not flushed by the test: /thongke writes the buffered question log itself first.
    [reply] = await bot.say("/thongke", user_id=ADMIN)
    assert f"• {format_date(localtime.today())}: 2\n• Tỷ lệ trả lời được: 50%\n" in reply.text
    assert "• Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ: 1\n" in reply.text
    assert reply.text.endswith(
        "<b>Yêu cầu theo trạng thái</b>\n• (chưa có)\n• Thời gian phản hồi đầu tiên (trung vị): chưa có"
    )


# ----- refusals -----------------------------------------------------------------------------------
@pytest.mark.parametrize("user_id", [STRANGER, STAFF], ids=["stranger", "staff-member"])
@pytest.mark.parametrize("command", ["/reload", "/kbstatus", "/unanswered", "/thongke"])
async def test_admin_commands_are_refused_to_anyone_else_and_the_attempt_is_logged(
    bot: BotHarness, live_kb: Path, caplog: pytest.LogCaptureFixture, command: str, user_id: int
) -> None:
    seed_statistics(bot)
    kb = store_of(bot).current.kb
    replace_in(live_kb / "dao-tao-nghe.yaml", OLD_TITLE, 'title: "Tiêu đề do người lạ sửa"')  # a /reload would publish it
    with caplog.at_level(logging.WARNING, logger="handlers.guards"):
        [reply] = await bot.say(command, user_id=user_id, first_name="Kẻ lạ")
    assert reply.text == REFUSED
    assert int(reply.params["chat_id"]) == user_id
    assert [r.getMessage() for r in caplog.records if r.name == "handlers.guards"] == [
        f"Refused staff action {command[1:]} to user {user_id}"
    ]
    assert store_of(bot).current.kb is kb


@pytest.mark.parametrize("user_id", [STRANGER, STAFF], ids=["stranger", "staff-member"])
@pytest.mark.parametrize("data", ["ua:0", "ux:0:thuong-hieu"])
async def test_admin_buttons_are_refused_to_anyone_else_and_nothing_changes(
    bot: BotHarness, live_kb: Path, caplog: pytest.LogCaptureFixture, data: str, user_id: int
) -> None:
    await ask_unanswered(bot)
    listing = await unanswered_list(bot)
    _, pick = await bot.press("ua:0", listing, user_id=ADMIN)  # the admin's own session is under way
    before = {path.name: path.read_bytes() for path in live_kb.iterdir()}
    kb = store_of(bot).current.kb
    with caplog.at_level(logging.WARNING, logger="handlers.guards"):
        calls = await bot.press(data, pick, user_id=user_id, expect=1)
    assert [(c.method, c.params.get("text"), c.params.get("show_alert")) for c in calls] == [
        ("answerCallbackQuery", REFUSED, True)  # show_alert, as Telegram receives it
    ]
    assert [r.getMessage() for r in caplog.records if r.name == "handlers.guards"] == [
        f"Refused staff action {data.split(':')[0]} to user {user_id}"
    ]
    assert {path.name: path.read_bytes() for path in live_kb.iterdir()} == before
    assert store_of(bot).current.kb is kb
    # The admin can still finish: the forged press did not consume or spoil anything.
    _, done = await bot.press("ux:0:thuong-hieu", pick, user_id=ADMIN)
    assert done.text.startswith(f"✅ Đã thêm «{TRACE}» vào thuong-hieu.yaml")
