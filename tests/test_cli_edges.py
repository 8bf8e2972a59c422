"""Bad input at the command line's edges (issue 13): control characters in stored text, impossible
options, unreachable or unmigrated databases, destructive purges. Vietnamese messages, exit 2 for a
mistyped command and 1 for a failure, never a traceback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from bot.config import get_settings
from bot.desk import repo as storage
from bot.desk.db import make_engine, session_scope, upgrade
from bot.desk.models import QuestionLog, utcnow
from bot.language.money import parse_money
from main import main

Run = Callable[..., tuple[int, str, str]]
ESCAPES = "\x1b]0;pwned\x07\x1b[31mLan\x1b[0m\x01\x9b"


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Run]:
    """main.main(argv) with a clean environment; returns (exit code, stdout, stderr)."""
    for name in ("DATABASE_URL", "TELEGRAM_BOT_TOKEN", "USER_KEY_SALT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "cli-data"))
    monkeypatch.chdir(tmp_path)

    def invoke(*argv: str) -> tuple[int, str, str]:
        get_settings.cache_clear()
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    yield invoke
    get_settings.cache_clear()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated SQLite DATABASE_URL holding one request whose name carries terminal escapes."""
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        request = storage.create_request(session, telegram_user_id=100, telegram_chat_id=100, name=ESCAPES,
                                         business_name="Cơ sở\x00 Lan", commune="xã Hàm Thuận", phone="0912345678",
                                         question="Hỏi\x1b[2J về máy móc")
        storage.add_event(session, request=request, kind="note", actor_id=900, actor_name="Minh\x1b[5m", text="ghi chú\x07")
        session.commit()
    engine.dispose()
    return url


def test_listing_and_showing_requests_print_no_control_characters(run: Run, database: str) -> None:
    code, listed, _ = run("requests", "list")
    assert code == 0
    number = listed.split()[0]
    code, shown, _ = run("requests", "show", number)
    assert code == 0
    for out in (listed, shown):
        assert not any((ord(char) < 32 and char != "\n") or 127 <= ord(char) < 160 for char in out), repr(out)
    assert "Lan" in listed


def test_an_xlsx_export_survives_control_characters_in_a_name(run: Run, database: str, tmp_path: Path) -> None:
    out = tmp_path / "yc.xlsx"
    code, _, err = run("requests", "export", "--format", "xlsx", "--out", str(out))
    assert (code, err) == (0, "")
    sheet = load_workbook(out).active
    assert sheet is not None
    assert sheet.cell(row=2, column=5).value == "Cơ sở Lan"


def test_an_export_to_a_folder_that_does_not_exist_is_a_clear_failure(run: Run, database: str) -> None:
    code, _, err = run("requests", "export", "--format", "xlsx", "--out", "/nonexistent/x.xlsx")
    assert code == 1
    assert err == "Lỗi: không ghi được tệp /nonexistent/x.xlsx: thư mục không tồn tại.\n"


def test_an_unreachable_database_is_a_clear_failure(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/khuyencong")
    code, _, err = run("requests", "list")
    assert code == 1
    assert err == ("Lỗi: không kết nối được cơ sở dữ liệu (OperationalError). Kiểm tra DATABASE_URL và máy chủ "
                   "cơ sở dữ liệu.\n")


def test_a_database_that_was_never_migrated_is_refused(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("USER_KEY_SALT", "a-salt-of-our-own")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:not-a-real-token")
    refusal = "Lỗi: cơ sở dữ liệu chưa có lược đồ mới nhất. Chạy `python main.py db upgrade` trước.\n"
    assert run("requests", "list")[0::2] == (1, refusal)
    assert run("run")[0::2] == (1, refusal)


def test_the_bot_refuses_to_run_in_production_with_the_default_salt(run: Run, database: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:not-a-real-token")
    code, _, err = run("run")
    assert code == 1
    assert err == ("Lỗi: USER_KEY_SALT chưa được đặt: khóa ẩn danh của nhật ký câu hỏi sẽ dùng muối mặc định và có "
                   "thể bị dò ngược. Đặt USER_KEY_SALT là một chuỗi bí mật ngẫu nhiên.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--policy", "khong-co"], "Lỗi: giá trị không hợp lệ cho tùy chọn --policy: không có chính sách «khong-co»"),
        (["--date", "2026-02-30"], "Lỗi: giá trị không hợp lệ cho tùy chọn --date: «2026-02-30» không phải ngày có thật"),
    ],
)
def test_eligibility_options_that_cannot_be_right_are_usage_errors(run: Run, tmp_path: Path, args: list[str],
                                                                   message: str) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("loai_hinh: ho_kinh_doanh\n", encoding="utf-8")
    code, _, err = run("eligibility", "--profile", str(profile), *args)
    assert code == 2
    assert err.startswith(message)


def test_an_impossible_since_date_is_a_usage_error(run: Run) -> None:
    code, _, err = run("requests", "list", "--since", "2026-13-01")
    assert code == 2
    assert err.startswith("Lỗi: giá trị không hợp lệ cho tùy chọn --since: «2026-13-01» không phải ngày có thật")


# ----- retention ---------------------------------------------------------------------------------------
def seed_old(url: str) -> None:
    engine = make_engine(url)
    now = utcnow()
    with session_scope(engine) as session:
        for days in (400, 10):
            storage.create_request(session, telegram_user_id=100, telegram_chat_id=100, name="Lan", business_name="Cơ sở",
                                   commune="xã", phone="0912345678", question="câu hỏi", created_at=now - timedelta(days=days))
            session.add(QuestionLog(user_key="k", question="máy móc", normalized="may moc", band="answer",
                                    answered=True, kb_version="v", created_at=now - timedelta(days=days)))
        session.commit()
    engine.dispose()


def counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = len(storage.list_requests(session)), len(session.exec(select(QuestionLog)).all())
    engine.dispose()
    return found


@pytest.mark.parametrize("days", ["-1", "0"])
def test_a_purge_that_would_delete_everything_is_refused(run: Run, database: str, days: str) -> None:
    seed_old(database)
    code, _, err = run("requests", "purge", "--older-than", days, "--yes")
    assert code == 2
    assert "--older-than: phải là số ngày từ 1 trở lên" in err
    assert counts(database) == (3, 2)


def test_a_purge_needs_confirmation(run: Run, database: str) -> None:
    seed_old(database)
    code, _, err = run("requests", "purge", "--older-than", "365")
    assert code == 1
    assert err == "Lỗi: xóa dữ liệu không hoàn tác được: thêm --yes để xác nhận.\n"
    assert counts(database) == (3, 2)


def test_a_purge_deletes_old_requests_and_old_logged_questions_alike(run: Run, database: str) -> None:
    seed_old(database)
    code, out, _ = run("requests", "purge", "--older-than", "365", "--yes")
    assert code == 0
    assert out.startswith("Đã xóa 1 yêu cầu và 1 câu hỏi đã ghi, tạo trước ")
    assert counts(database) == (2, 1)


# ----- money ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["9" * 309, "9" * 400, "1" + "0" * 320 + " tỷ", "1e400"])
def test_an_absurdly_long_amount_is_unreadable_not_a_crash(text: str) -> None:
    assert parse_money(text) is None




def test_a_profile_with_an_absurd_amount_is_a_clear_failure(run: Run, tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("loai_hinh: ho_kinh_doanh\nchi_phi_du_kien: 1" + "0" * 320 + "\n", encoding="utf-8")
    code, _, err = run("eligibility", "--profile", str(profile))
    assert code == 1
    assert err == f"{profile}: 'chi_phi_du_kien' cần một số không âm, tối đa 15 chữ số\n"
