"""`python main.py requests …`, `unanswered` and `db upgrade` as staff and admins use them.

The command line reads DATABASE_URL / DATA_DIR from the environment like in production; every test
sets them and clears the cached settings. Requests are seeded through the storage functions; the
`unanswered` test logs real questions by asking the running bot.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import inspect

from bot import localtime
from bot.config import get_settings
from bot.desk import repo as storage
from bot.desk.db import make_engine, session_scope, upgrade
from bot.desk.models import Status
from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot
from main import main
from tests.support.desk import desk_settings, running_desk

HEADERS = [
    "Mã yêu cầu", "Ngày gửi", "Trạng thái", "Họ tên", "Cơ sở", "Loại hình", "Xã/phường (người hỏi gõ)",
    "Xã/phường/đặc khu", "Tỉnh/thành phố", "Điện thoại", "Chủ đề", "Câu hỏi", "Cán bộ phụ trách",
    "Phản hồi đầu tiên", "Ngày giải quyết", "Đánh giá",
]
MARCH = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)  # 15:30 in Vietnam: what staff read
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Run]:
    """main.main(argv) with a clean environment; returns (exit code, stdout, stderr)."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "cli-data"))
    monkeypatch.chdir(tmp_path)  # no .env from the working folder
    get_settings.cache_clear()

    def invoke(*argv: str) -> tuple[int, str, str]:
        get_settings.cache_clear()
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    yield invoke
    get_settings.cache_clear()


@pytest.fixture
def seeded(db_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Three requests in DATABASE_URL (SQLite, and PostgreSQL with TEST_DATABASE_URL)."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        lan = storage.create_request(
            session, telegram_user_id=100, telegram_chat_id=100, name="Nguyễn Thị Lan",
            business_name="Hộ kinh doanh Bánh tráng Tư Lan", business_form="Hộ kinh doanh",
            commune="xã Hàm Thuận, tỉnh Lâm Đồng", phone="0912345678", topic_policy_id="may-moc-thiet-bi",
            question='Máy sấy "bánh tráng", 2 tầng,\nđược hỗ trợ bao nhiêu?', created_at=MARCH,
        )
        storage.assign(session, request=lan, actor_id=900, actor_name="Cán bộ Minh")
        storage.add_event(session, request=lan, kind="staff_reply", actor_id=900, actor_name="Cán bộ Minh",
                          text="Tối đa 300 triệu đồng.")
        storage.change_status(session, request=lan, status=Status.RESOLVED, actor_id=900, actor_name="Cán bộ Minh")
        storage.set_rating(session, request=lan, rating=5, actor_id=100)
        tu = storage.create_request(
            session, telegram_user_id=200, telegram_chat_id=200, name="=HYPERLINK(\"http://x.example\",\"Tư\")",
            business_name="HTX Gốm Bàu Trúc", commune="phường Đô Vinh", phone="02838291234",
            question="Thủ tục đăng ký đề án khuyến công?", created_at=MARCH + timedelta(days=20),
        )
        session.commit()
        codes = {"lan": lan.code, "tu": tu.code}
    engine.dispose()
    return codes


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


# ----- requests list / show ------------------------------------------------------------------------
def test_requests_list_prints_one_line_per_request(run: Run, seeded: dict[str, Any]) -> None:
    code, out, _ = run("requests", "list")
    assert code == 0
    assert out.splitlines() == [
        f"{seeded['lan']}  02/03/2026  Đã giải quyết   Nguyễn Thị Lan — xã Hàm Thuận, tỉnh Lâm Đồng",
        f"{seeded['tu']}  22/03/2026  Mới             =HYPERLINK(\"http://x.example\",\"Tư\") — phường Đô Vinh",
        "2 yêu cầu.",
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--status", "resolved"], ["lan"]),
        (["--status", "new"], ["tu"]),
        (["--status", "closed"], []),
        (["--since", "2026-03-10"], ["tu"]),
        (["--since", "2026-03-02"], ["lan", "tu"]),
        (["--since", "2026-03-03", "--status", "resolved"], []),
    ],
)
def test_requests_list_filters_by_status_and_date(
    run: Run, seeded: dict[str, Any], options: list[str], expected: list[str]
) -> None:
    code, out, _ = run("requests", "list", *options)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[:-1]] == [seeded[name] for name in expected]
    assert out.splitlines()[-1] == f"{len(expected)} yêu cầu."


def test_requests_list_json_has_every_column(run: Run, seeded: dict[str, Any]) -> None:
    code, out, _ = run("requests", "list", "--json", "--status", "resolved")
    assert code == 0
    [lan] = json.loads(out)
    assert lan["code"] == seeded["lan"]
    assert lan["status"] == "Đã giải quyết"
    assert lan["name"] == "Nguyễn Thị Lan"
    assert lan["phone"] == "0912345678"
    assert lan["question"] == 'Máy sấy "bánh tráng", 2 tầng,\nđược hỗ trợ bao nhiêu?'
    assert lan["created_at"] == "02/03/2026 15:30"
    assert lan["assignee_name"] == "Cán bộ Minh"
    assert lan["rating"] == 5
    assert set(lan) == {"code", "created_at", "status", "name", "business_name", "business_form", "commune",
                        "commune_name", "province", "phone", "topic_policy_id", "question", "assignee_name",
                        "first_response_at", "resolved_at", "rating"}


def test_requests_show_prints_the_request_and_its_history(run: Run, seeded: dict[str, Any]) -> None:
    code, out, _ = run("requests", "show", seeded["lan"].lower())
    assert code == 0
    lines = out.splitlines()
    assert f"        Mã yêu cầu: {seeded['lan']}" in lines
    assert "            Họ tên: Nguyễn Thị Lan" in lines
    assert "        Trạng thái: Đã giải quyết" in lines
    history = lines[lines.index("Lịch sử:") + 1:]
    assert [line.split("  ", 2)[-1] for line in history] == [
        "created  Nguyễn Thị Lan: Máy sấy \"bánh tráng\", 2 tầng,",
        "được hỗ trợ bao nhiêu?",
        "assignment  Cán bộ Minh",
        "status_change new → in_progress  Cán bộ Minh",
        "staff_reply  Cán bộ Minh: Tối đa 300 triệu đồng.",
        "status_change in_progress → resolved  Cán bộ Minh",
        "rating  : 5",
    ]


def test_requests_show_an_unknown_code_exits_one(run: Run, seeded: dict[str, Any]) -> None:
    code, out, err = run("requests", "show", "YC-1999-000001")
    assert (code, out, err.strip()) == (1, "", "Không tìm thấy yêu cầu YC-1999-000001.")


# ----- exports -------------------------------------------------------------------------------------
def test_csv_export_has_a_bom_vietnamese_headers_and_one_row_per_request(
    run: Run, seeded: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "yeu-cau.csv"
    code, out, _ = run("requests", "export", "--format", "csv", "--out", str(target))
    assert (code, out.strip()) == (0, f"Đã xuất 2 yêu cầu ra {target}.")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    header, lan, tu = csv_rows(target)
    assert header == HEADERS
    assert lan == [
        seeded["lan"], "02/03/2026 15:30", "Đã giải quyết", "Nguyễn Thị Lan", "Hộ kinh doanh Bánh tráng Tư Lan",
        "Hộ kinh doanh", "xã Hàm Thuận, tỉnh Lâm Đồng", "", "", "0912345678", "may-moc-thiet-bi",
        'Máy sấy "bánh tráng", 2 tầng,\nđược hỗ trợ bao nhiêu?', "Cán bộ Minh", lan[13], lan[14], "5",
    ]
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", when) for when in lan[13:15])  # replied, resolved
    # A name that Excel would run as a formula is written as text.
    assert tu[3] == "'=HYPERLINK(\"http://x.example\",\"Tư\")"


def test_csv_export_follows_the_filters(run: Run, seeded: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "moi.csv"
    code, out, _ = run("requests", "export", "--format", "csv", "--out", str(target), "--status", "new")
    assert (code, out.strip()) == (0, f"Đã xuất 1 yêu cầu ra {target}.")
    assert [row[0] for row in csv_rows(target)] == ["Mã yêu cầu", seeded["tu"]]


def test_xlsx_export_opens_with_vietnamese_text_and_no_formulas(
    run: Run, seeded: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "yeu-cau.xlsx"
    code, _, _ = run("requests", "export", "--format", "xlsx", "--out", str(target))
    assert code == 0
    sheet = load_workbook(target).active
    assert sheet is not None and sheet.title == "Yêu cầu"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][:5] == (seeded["lan"], "02/03/2026 15:30", "Đã giải quyết", "Nguyễn Thị Lan",
                           "Hộ kinh doanh Bánh tráng Tư Lan")
    assert rows[1][11] == 'Máy sấy "bánh tráng", 2 tầng,\nđược hỗ trợ bao nhiêu?'
    assert rows[1][15] == 5
    assert rows[2][3] == "=HYPERLINK(\"http://x.example\",\"Tư\")"
    assert "f" not in {cell.data_type for row in sheet.iter_rows() for cell in row}  # no formula anywhere


# ----- retention -----------------------------------------------------------------------------------
def test_purge_deletes_requests_older_than_the_given_days(run: Run, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    engine = make_engine(db_url)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        for days in (800, 400, 10):
            storage.create_request(session, telegram_user_id=100, telegram_chat_id=100, name="Lan", business_name="Cơ sở",
                                   commune="xã", phone="0912345678", question="câu hỏi cũ", created_at=now - timedelta(days=days))
        session.commit()
    code, out, _ = run("requests", "purge", "--older-than", "365", "--yes")
    cutoff = now - timedelta(days=365)
    assert code == 0
    days = (localtime.local(cutoff), localtime.local(cutoff + timedelta(days=1)))
    assert out.strip() in {f"Đã xóa 2 yêu cầu và 0 câu hỏi đã ghi, tạo trước {day:%d/%m/%Y}." for day in days}
    with session_scope(engine) as session:
        assert len(storage.list_requests(session)) == 1
    engine.dispose()
    assert run("requests", "purge", "--older-than", "365", "--yes")[1].startswith("Đã xóa 0 yêu cầu")


# ----- unanswered ----------------------------------------------------------------------------------
async def test_unanswered_lists_the_questions_the_bot_could_not_answer(
    run: Run, tmp_path: Path, shipped: Snapshot
) -> None:
    data_dir = tmp_path / "cli-data"  # the folder `run` points DATA_DIR at: the embedded SQLite database
    async with running_desk(desk_settings(data_dir), KnowledgeStore(shipped)) as desk:
        for user_id, question in [
            (101, "giá vàng hôm nay"),
            (102, "Giá vàng hôm nay?"),
            (103, "thời tiết ngày mai thế nào"),
            (104, "hỗ trợ mua máy móc được bao nhiêu"),  # answered
            (105, "giá vàng hôm nay"),
        ]:
            await desk.say(question, user_id=user_id)
        assert await asyncio.to_thread(desk.bot.app.bot_data.question_log.flush) == 5

    code, out, _ = run("unanswered")
    assert code == 0
    assert out.splitlines() == [
        "    3  giá vàng hôm nay   [gia vang hom]",
        "    1  thời tiết ngày mai thế nào   [thoi tiet ngay mai]",
    ]
    assert run("unanswered", "--top", "1")[1].splitlines() == ["    3  giá vàng hôm nay   [gia vang hom]"]
    payload = json.loads(run("unanswered", "--json")[1])
    assert payload[0] == {"normalized": "gia vang hom", "count": 3, "example": "giá vàng hôm nay"}
    tomorrow = (localtime.today() + timedelta(days=1)).isoformat()  # days are Vietnam days
    assert run("unanswered", "--since", tomorrow)[1].strip() == "Chưa có câu hỏi nào chưa được trả lời."


# ----- db upgrade ----------------------------------------------------------------------------------
def test_db_upgrade_migrates_the_configured_database(
    run: Run, blank_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", blank_db_url)
    for _ in range(2):  # a second run has nothing to do
        code, out, _ = run("db", "upgrade")
        assert (code, out.strip()) == (0, "Cơ sở dữ liệu đã được cập nhật lên phiên bản mới nhất.")
    engine = make_engine(blank_db_url)
    assert {"support_request", "request_event", "relay_message", "question_log"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_the_embedded_database_migrates_itself_for_the_cli(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("requests", "list")
    assert (code, out.strip()) == (0, "0 yêu cầu.")
    engine = make_engine(f"sqlite:///{tmp_path / 'cli-data' / 'khuyencong.db'}")
    upgrade(engine)  # already at head
    assert "support_request" in inspect(engine).get_table_names()
    engine.dispose()
