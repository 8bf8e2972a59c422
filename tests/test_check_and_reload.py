"""The pre-publish check (`main.py check`) and hot reload: a bad change never goes live, a good one does.

The reload tests run the real bot (long polling against the HTTP Bot API stand-in) on a writable copy
of the shipped policies, with the folder watcher on and admin 1. Users keep asking while an admin
breaks and fixes files; every answer must be a proper answer card from one whole version.
"""

from __future__ import annotations

import logging
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from bot import localtime
from bot.config import Settings
from bot.matching.results import Match, MatchResult
from bot.policies.gate import months_before, stale_content, why_suggested
from bot.policies.loader import load_knowledge_base, validate
from bot.policies.store import KnowledgeStore
from main import main
from tests.support.kb import SHIPPED_KB
from tests.support.reload import (
    ADMIN,
    NEW_TITLE,
    NEW_TITLE_TEXT,
    OLD_TITLE,
    OLD_TITLE_TEXT,
    STREAM_QUESTIONS,
    QuestionStream,
    admin_bot,
    admin_told,
    ask_each,
    failed_updates,
    kb_status,
    line_of,
    logged_versions,
    reload_settings,
    replace_in,
    version_in,
)
from tests.support.replies import ERROR

# The collision: an example of dao-tao-nghe, reworded just enough that validate's duplicate check
# (which compares folded text) does not see it, pasted into thuong-hieu.
ORIGINAL_EXAMPLE = "Khuyến công có mở lớp dạy nghề cho công nhân mới vào xưởng không?"
COLLIDING_EXAMPLE = "Khuyến công có mở lớp dạy nghề cho công nhân mới vào xưởng không vậy?"
# The broken rule: cum-cong-nghiep names a fact that _facts.yaml does not have.
GOOD_RULE = "when: {fact: chu_dau_tu_ha_tang_ccn, eq: true}"
BROKEN_RULE = "when: {fact: chu_dau_tu_ccn, eq: true}"
BROKEN_OPTION = "when: {fact: loai_hinh, in: [doanh_nghiep_nho_va_vua, cong_ty_ma]}"
# What the fixed version changes besides the title (tests/support/reload.py).
OLD_SUMMARY = "  Khuyến công hỗ trợ mở lớp đào tạo nghề"
NEW_SUMMARY = "  Khuyến công hiện hỗ trợ mở lớp đào tạo nghề"
SCORE = r"0\.\d\d"


def plant_collision(folder: Path, policy: str = "thuong-hieu", example: str = COLLIDING_EXAMPLE) -> int:
    """Paste a reworded dao-tao-nghe example as another policy's first example; returns its line."""
    path = folder / f"{policy}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("examples:\n", f'examples:\n  - "{example}"\n', 1), encoding="utf-8")
    return line_of(path, example)


def collision_line(line: int) -> str:
    """The check's message for the planted collision (scores as a pattern)."""
    return (
        rf"thuong-hieu\.yaml:{line}: examples\[0\]: «{re.escape(COLLIDING_EXAMPLE)}» rơi vào chính sách "
        rf"dao-tao-nghe \(({SCORE})\) thay vì thuong-hieu \(({SCORE})\)"
    )


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """`main.py check …` in-process; the logging set-up main() installs is undone afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    libraries = {name: logging.getLogger(name).level for name in ("telegram", "httpx", "httpcore", "alembic")}
    try:
        code = main(["check", *argv])
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, library_level in libraries.items():
            logging.getLogger(name).setLevel(library_level)
    out, _ = capsys.readouterr()
    return code, out


# ----- `main.py check` ----------------------------------------------------------------------------
OFFICE_WARNINGS = [
    "CẢNH BÁO — _office.yaml",
    "  dòng 8: office.address: chưa cấu hình (bot sẽ hiển thị 'chưa cập nhật')",
    "  dòng 9: office.phone: chưa cấu hình (bot sẽ hiển thị 'chưa cập nhật')",
    "  dòng 10: office.email: chưa cấu hình (bot sẽ hiển thị 'chưa cập nhật')",
    "  dòng 11: office.website: chưa cấu hình (bot sẽ hiển thị 'chưa cập nhật')",
    "  dòng 12: office.hours: chưa cấu hình (bot sẽ hiển thị 'chưa cập nhật')",
]


def review_reminders(directory: Path) -> list[str]:
    """What check prints for content nobody has reviewed for over six months (today, Vietnam time)."""
    lines = []
    for issue in sorted(stale_content(load_knowledge_base(directory), localtime.today()), key=lambda i: i.file):
        lines += [f"CẢNH BÁO — {issue.file}", f"  dòng {issue.line}: {issue.field}: {issue.message}"]
    return lines


def warnings_of(directory: Path) -> list[str]:
    return OFFICE_WARNINGS + review_reminders(directory)


LEFT_OUT = "khi bỏ chính câu này khỏi chỉ mục"


def without_left_out(lines: list[str]) -> list[str]:
    """The report without the leave-one-out notes (and headers of files that only have those): those
    are content advice that changes with every edit of the examples; their own test checks them."""
    groups: list[list[str]] = []
    for line in lines:
        if not line.startswith("  "):
            groups.append([line])
        elif LEFT_OUT not in line:
            groups[-1].append(line)
    return [line for group in groups if len(group) > 1 for line in group]


def warning_count(directory: Path, out: str = "") -> int:
    """The office placeholders, one reminder per policy due for review and the leave-one-out notes."""
    return len(OFFICE_WARNINGS) - 1 + len(review_reminders(directory)) // 2 + out.count(LEFT_OUT)


def test_check_reminds_admins_of_content_not_reviewed_for_six_months(
    capsys: pytest.CaptureFixture[str], live_kb: Path
) -> None:
    policy = live_kb / "thuong-hieu.yaml"
    text = policy.read_text(encoding="utf-8")
    fresh = localtime.today()
    policy.write_text(re.sub(r"^last_reviewed:.*$", f"last_reviewed: {fresh.isoformat()}", text, flags=re.M), "utf-8")
    reminders = review_reminders(live_kb)
    assert "CẢNH BÁO — thuong-hieu.yaml" not in reminders  # reviewed today: nothing to say
    stale = re.sub(r"^last_reviewed:.*$", "last_reviewed: 2025-12-04", text, flags=re.M)
    policy.write_text(stale, "utf-8")
    _, out = check(capsys, str(live_kb))
    line = next(n for n, row in enumerate(stale.splitlines(), start=1) if row.startswith("last_reviewed:"))
    assert (
        f"  dòng {line}: last_reviewed: nội dung chưa được rà soát từ 04/12/2025 (quá 6 tháng): đối chiếu lại với "
        "văn bản mới nhất rồi cập nhật last_reviewed"
    ) in out.splitlines()


@pytest.mark.parametrize(
    ("today", "reviewed", "stale"),
    [(date(2026, 6, 4), date(2025, 12, 4), False), (date(2026, 6, 5), date(2025, 12, 4), True),
     (date(2026, 8, 31), date(2026, 2, 28), False), (date(2026, 8, 31), date(2026, 2, 27), True)],
)
def test_six_months_are_calendar_months(today: date, reviewed: date, stale: bool) -> None:
    assert (reviewed < months_before(today, 6)) is stale


def test_check_passes_the_shipped_policies_with_only_the_office_warnings(
    capsys: pytest.CaptureFixture[str], live_kb: Path
) -> None:
    code, out = check(capsys, str(live_kb))
    lines = out.splitlines()
    assert code == 0
    assert without_left_out(lines[:-2]) == warnings_of(live_kb)
    assert lines[-2] == ""
    count = warning_count(live_kb, out)
    assert re.fullmatch(
        rf"{re.escape(str(live_kb))}: 0 lỗi, {count} cảnh báo, \d+ trường hợp kiểm tra điều kiện — ĐẠT\.", lines[-1]
    )


def test_check_strict_fails_on_warnings_alone(capsys: pytest.CaptureFixture[str], live_kb: Path) -> None:
    code, out = check(capsys, str(live_kb), "--strict")
    assert code == 1
    assert without_left_out(out.splitlines()[:-2]) == warnings_of(live_kb)
    assert re.search(rf"0 lỗi, {warning_count(live_kb, out)} cảnh báo, \d+ trường hợp kiểm tra điều kiện — KHÔNG ĐẠT\.$", out)


def test_a_planted_collision_passes_validate_but_check_reports_it_with_both_scores(
    capsys: pytest.CaptureFixture[str], live_kb: Path
) -> None:
    line = plant_collision(live_kb)
    kb, issues = validate(live_kb)
    assert kb is not None and [i for i in issues if i.severity == "error"] == []  # validate alone is blind to it

    code, out = check(capsys, str(live_kb))
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == "LỖI — thuong-hieu.yaml"
    found = re.fullmatch(
        rf"  dòng {line}: examples\[0\]: «{re.escape(COLLIDING_EXAMPLE)}» rơi vào chính sách "
        rf"dao-tao-nghe \(({SCORE})\) thay vì thuong-hieu \(({SCORE})\)",
        lines[1],
    )
    assert found is not None, lines[1]
    assert float(found[1]) > float(found[2])
    assert without_left_out(lines[2:-2]) == warnings_of(live_kb)
    assert re.search(rf"1 lỗi, {warning_count(live_kb, out)} cảnh báo, \d+ trường hợp kiểm tra điều kiện — KHÔNG ĐẠT\.$", lines[-1])


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (BROKEN_RULE, "eligibility.rules[0].when.fact: dữ kiện 'chu_dau_tu_ccn' không có trong _facts.yaml"),
        (
            BROKEN_OPTION,
            "eligibility.rules[0].when.in: 'cong_ty_ma' không phải lựa chọn của 'loai_hinh' (doanh_nghiep_nho_va_vua, "
            "doanh_nghiep_lon, hop_tac_xa, lien_hiep_hop_tac_xa, to_hop_tac, ho_kinh_doanh, ca_nhan)",
        ),
    ],
    ids=["unknown-fact", "unknown-option"],
)
def test_a_planted_broken_rule_fails_check_with_file_and_line(
    capsys: pytest.CaptureFixture[str], live_kb: Path, broken: str, message: str
) -> None:
    line = replace_in(live_kb / "cum-cong-nghiep.yaml", GOOD_RULE, broken)
    code, out = check(capsys, str(live_kb))
    lines = out.splitlines()
    assert code == 1
    # A folder that does not validate gets no further: no warnings, no examples routed, no cases run.
    assert lines == [
        "LỖI — cum-cong-nghiep.yaml",
        f"  dòng {line}: {message}",
        "",
        f"{live_kb}: 1 lỗi, 0 cảnh báo, 0 trường hợp kiểm tra điều kiện — KHÔNG ĐẠT.",
    ]


def test_check_groups_the_problems_by_file(capsys: pytest.CaptureFixture[str], live_kb: Path) -> None:
    second = "xa em nhieu lao dong nong thon chua co viec, khuyen cong co mo lop day nghe mien phi k vậy?"
    plant_collision(live_kb, "thuong-hieu", second)
    plant_collision(live_kb, "thuong-hieu", COLLIDING_EXAMPLE)
    third = "Cơ sở mây tre đan của tôi muốn mở lớp truyền nghề cho chị em trong xóm thì xin hỗ trợ ở đâu vậy?"
    plant_collision(live_kb, "tu-van", third)
    th, tv = live_kb / "thuong-hieu.yaml", live_kb / "tu-van.yaml"
    code, out = check(capsys, str(live_kb))
    lines = [*without_left_out(out.splitlines()[:-2]), *out.splitlines()[-2:]]
    assert code == 1
    expected = [
        "LỖI — thuong-hieu.yaml",
        rf"  dòng {line_of(th, COLLIDING_EXAMPLE)}: examples\[0\]: «{re.escape(COLLIDING_EXAMPLE)}» rơi vào chính sách "
        rf"dao-tao-nghe \({SCORE}\) thay vì thuong-hieu \({SCORE}\)",
        rf"  dòng {line_of(th, second)}: examples\[1\]: «{re.escape(second)}» rơi vào chính sách "
        rf"dao-tao-nghe \({SCORE}\) thay vì thuong-hieu \({SCORE}\)",
        "LỖI — tu-van.yaml",
        rf"  dòng {line_of(tv, third)}: examples\[0\]: «{re.escape(third)}» rơi vào chính sách "
        rf"dao-tao-nghe \({SCORE}\) thay vì tu-van \({SCORE}\)",
        *(re.escape(line) for line in warnings_of(live_kb)),
        "",
        rf"{re.escape(str(live_kb))}: 3 lỗi, {warning_count(live_kb, out)} cảnh báo, \d+ trường hợp kiểm tra điều kiện — KHÔNG ĐẠT\.",
    ]
    assert len(lines) == len(expected), out
    for pattern, line in zip(expected, lines, strict=True):
        assert re.fullmatch(pattern, line), (pattern, line)


@pytest.mark.parametrize(
    ("scores", "why"),
    [
        ({"thuong-hieu": 0.38, "tu-van": 0.2}, "0.38 < 0.45"),
        ({"tu-van": 0.62, "thuong-hieu": 0.6}, "gần ngang với tu-van: 0.60 và 0.62"),
        ({"thuong-hieu": 0.9, "tu-van": 0.3}, "0.90, nhưng câu chỉ có từ chung chung"),
        ({"tu-van": 0.3}, "dưới top 3"),
    ],
)
def test_check_says_why_an_example_is_only_offered(scores: dict[str, float], why: str) -> None:
    matches = tuple(Match(pid, score) for pid, score in scores.items())
    assert why_suggested(MatchResult("suggest", matches), "thuong-hieu", 0.45) == why


def test_editor_lock_and_swap_files_are_not_read_as_policies(live_kb: Path) -> None:
    before, _ = validate(live_kb)
    (live_kb / ".#dao-tao-nghe.yaml").symlink_to("lan@may-tinh.1234:1700000000")  # Emacs lock: a dangling link
    (live_kb / ".dao-tao-nghe.yaml").write_text("id: [\n")  # an editor's hidden scratch copy
    after, issues = validate(live_kb)
    assert before is not None and after is not None
    assert [i for i in issues if i.severity == "error"] == []
    assert after.version == before.version


# ----- the running bot: users asking, an admin editing ---------------------------------------------
async def test_an_admin_breaks_then_fixes_the_policies_and_the_bot_reloads_by_itself_without_a_failed_answer(
    settings: Settings, live_kb: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = reload_settings(settings, live_kb)
    thuong_hieu, cum = live_kb / "thuong-hieu.yaml", live_kb / "cum-cong-nghiep.yaml"
    originals = {path: path.read_bytes() for path in (thuong_hieu, cum)}
    async with admin_bot(config) as bot:
        old = await ask_each(bot, user_id=3000)
        v0 = version_in(await kb_status(bot))
        async with QuestionStream(bot, range(2001, 2005)).running() as stream:
            await stream.until(lambda: stream.count() >= 8)

            # 1. A colliding example: rejected, the admin gets the file:line and both scores.
            told = len(bot.api.messages(ADMIN))
            line = plant_collision(live_kb)
            rejected = await admin_told(bot, told, lambda t: t.startswith("❌"), touch=thuong_hieu)
            assert re.fullmatch(
                "❌ <b>Không nạp được thay đổi chính sách</b> — bot vẫn dùng phiên bản "
                rf"<code>{v0}</code>\.\nLỗi cần sửa:\n• <code>{collision_line(line)}</code>",
                rejected,
            ), rejected
            status = await kb_status(bot)
            assert version_in(status) == v0
            assert status.endswith("\n⚠️ Lần nạp gần nhất bị từ chối (1 lỗi) — vẫn dùng phiên bản trên.")

            # 2. A broken rule on top: rejected too (validate fails first, so that is the one error shown).
            told = len(bot.api.messages(ADMIN))
            rule_line = replace_in(cum, GOOD_RULE, BROKEN_RULE)
            # (Another rejection of step 1's change may still come in first: the watcher may see it twice.)
            rejected = await admin_told(bot, told, lambda t: t.startswith("❌") and "cum-cong-nghiep" in t, touch=cum)
            assert rejected == (
                f"❌ <b>Không nạp được thay đổi chính sách</b> — bot vẫn dùng phiên bản <code>{v0}</code>.\n"
                f"Lỗi cần sửa:\n• <code>cum-cong-nghiep.yaml:{rule_line}: eligibility.rules[0].when.fact: "
                "dữ kiện 'chu_dau_tu_ccn' không có trong _facts.yaml</code>"
            )
            answered_while_broken = stream.count()
            await stream.until(lambda: stream.count() >= answered_while_broken + 8)

            # 3. The admin fixes both and retitles dao-tao-nghe: the watcher publishes the new version.
            told = len(bot.api.messages(ADMIN))
            dao_tao = live_kb / "dao-tao-nghe.yaml"
            text = dao_tao.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE).replace(OLD_SUMMARY, NEW_SUMMARY)
            dao_tao.write_text(text, encoding="utf-8")
            for path, content in originals.items():
                path.write_bytes(content)
            published = await admin_told(bot, told, lambda t: t.startswith("✅"), touch=dao_tao)
            v1 = version_in(published)
            counts = f"{len(load_knowledge_base(path.parent).policies)} chính sách, {warning_count(path.parent)} cảnh báo"
            assert published == f"✅ Đã nạp phiên bản <code>{v1}</code> ({counts})."
            assert v1 != v0
            status = await kb_status(bot)
            assert version_in(status) == v1 and "Lần nạp gần nhất bị từ chối" not in status
            swapped_at = stream.count()
            await stream.until(lambda: stream.count() >= swapped_at + 4 * len(STREAM_QUESTIONS))
        new = await ask_each(bot, user_id=3001)
        versions = logged_versions(bot)

    # Every answer in the stream is a proper answer card, whole from one version or the other…
    assert old[STREAM_QUESTIONS[0]] != new[STREAM_QUESTIONS[0]]
    assert old[STREAM_QUESTIONS[0]][0].startswith(f"<b>{OLD_TITLE_TEXT}</b>\n\n")
    assert new[STREAM_QUESTIONS[0]][0].startswith(f"<b>{NEW_TITLE_TEXT}</b>\n\n")
    versions_seen: set[str] = set()
    for user_id, answers in stream.answers.items():
        seen = []
        for question, reply in answers:
            assert reply in (old[question], new[question]), (user_id, question, reply)
            if old[question] != new[question]:
                seen.append("new" if reply == new[question] else "old")
        # …and once a user has had the new version, never the old one again.
        assert seen == sorted(seen, key=["old", "new"].index), (user_id, seen)
        versions_seen.update(seen)
    assert versions_seen == {"old", "new"}
    assert all(text != ERROR for answers in stream.answers.values() for _, (text, _) in answers)
    # The question log says which version answered: only the two good ones ever did.
    assert set(versions) == {v0, v1}
    assert failed_updates(caplog) == []


async def test_reload_and_kbstatus_on_request(settings: Settings, live_kb: Path) -> None:
    config = reload_settings(settings, live_kb, watch=False)
    async with admin_bot(config) as bot:
        store: KnowledgeStore = bot.app.bot_data.store
        kb = store.current.kb
        status = await kb_status(bot)
        assert status == (
            "📚 <b>Cơ sở tri thức</b>\n"
            f"• Phiên bản: <code>{kb.version}</code>\n"
            f"• Nạp lúc: {localtime.format_moment(kb.loaded_at, '%d/%m/%Y %H:%M:%S')} (giờ Việt Nam)\n"
            f"• {len(kb.policies)} chính sách, {sum(len(p.examples) for p in kb.policies.values())} câu hỏi mẫu, "
            f"{len(kb.legal)} văn bản pháp lý\n"
            "• Cảnh báo: 5"
        )
        [same] = await bot.say("/reload", user_id=ADMIN)
        assert same.text == f"Không có thay đổi: vẫn là phiên bản <code>{kb.version}</code>."

        line = plant_collision(live_kb)
        [rejected] = await bot.say("/reload", user_id=ADMIN)
        assert re.fullmatch(
            "❌ <b>Không nạp được thay đổi chính sách</b> — bot vẫn dùng phiên bản "
            rf"<code>{kb.version}</code>\.\nLỗi cần sửa:\n• <code>{collision_line(line)}</code>",
            rejected.text,
        ), rejected.text
        assert store.current.kb is kb

        shutil.copy(SHIPPED_KB / "thuong-hieu.yaml", live_kb / "thuong-hieu.yaml")
        replace_in(live_kb / "dao-tao-nghe.yaml", OLD_TITLE, NEW_TITLE)
        [published] = await bot.say("/reload", user_id=ADMIN)
        new_kb = store.current.kb
        counts = f"{len(new_kb.policies)} chính sách, {warning_count(new_kb.directory)} cảnh báo"
        assert published.text == f"✅ Đã nạp phiên bản <code>{new_kb.version}</code> ({counts})."
        assert new_kb.version != kb.version
        assert new_kb.policies["dao-tao-nghe"].title == NEW_TITLE_TEXT
        [answer] = await bot.say(STREAM_QUESTIONS[0])
        assert answer.text.startswith(f"<b>{NEW_TITLE_TEXT}</b>\n\n")


def test_malformed_eligibility_cases_are_reported_not_crashed_on(
    capsys: pytest.CaptureFixture[str], live_kb: Path, tmp_path: Path
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "hong.yaml").write_text(
        "- {name: danh-sach, date: 2026-01-01, profile: {}, expect: [dao-tao-nghe]}\n"
        "- {name: ho-so-la-chuoi, date: 2026-01-01, profile: 'doanh nghiệp', expect: {dao-tao-nghe: eligible}}\n"
        "- {name: ngay-sai, date: 'mai', profile: {}, expect: {dao-tao-nghe: eligible}}\n"
        "- {name: lua-chon-la-bang, date: 2026-01-01, profile: {loai_hinh: {a: 1}}, expect: {dao-tao-nghe: eligible}}\n",
        encoding="utf-8",
    )
    code, out = check(capsys, str(live_kb), "--cases", str(cases))
    lines = out.splitlines()
    assert code == 1
    assert lines[:5] == [
        "LỖI — hong.yaml",
        "  dòng 1: danh-sach: expect phải là bảng 'mã chính sách: kết quả'",
        "  dòng 2: ho-so-la-chuoi: profile phải là bảng 'dữ kiện: giá trị'",
        "  dòng 3: ngay-sai: ngày 'mai' không hợp lệ (dạng YYYY-MM-DD)",
        "  dòng 4: lua-chon-la-bang: '{'a': 1}' không phải lựa chọn của 'loai_hinh' (doanh_nghiep_nho_va_vua, "
        "doanh_nghiep_lon, hop_tac_xa, lien_hiep_hop_tac_xa, to_hop_tac, ho_kinh_doanh, ca_nhan)",
    ]


MISFILED = "xưởng cơ khí muốn mua máy phay CNC đời mới thì được hỗ trợ bao nhiêu tiền"


def test_check_reports_a_misfiled_example_left_out_of_the_index_with_the_policy_it_lands_on(
    capsys: pytest.CaptureFixture[str], live_kb: Path
) -> None:
    # With itself in the index the example "answers" the trade-fair policy; as a new question it would not.
    line = plant_collision(live_kb, "hoi-cho-trien-lam", MISFILED)
    code, out = check(capsys, str(live_kb))
    assert code == 0  # a warning: the running bot is not blocked by content advice
    found = re.search(
        rf"^  dòng {line}: examples\[0\]: «{re.escape(MISFILED)}» rơi vào chính sách may-moc-thiet-bi \(({SCORE})\) "
        rf"thay vì hoi-cho-trien-lam \((?:{SCORE}|dưới top 3)\) {LEFT_OUT}$",
        out,
        flags=re.M,
    )
    assert found is not None, out
    code, _ = check(capsys, str(live_kb), "--strict")
    assert code == 1
