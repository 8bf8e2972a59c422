"""The command line as an admin uses it: exit codes and the exact text or JSON printed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot import localtime
from bot.render.cards import answer_card
from bot.render.html import html_to_plain
from bot.snapshot import Snapshot
from main import main
from tests.support.kb import FIXTURES, SHIPPED_KB


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_shipped_policies_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(SHIPPED_KB))
    assert code == 0
    assert "hợp lệ — 23 chính sách" in out


def test_validate_broken_folder_exits_one_with_file_and_line(
    capsys: pytest.CaptureFixture[str], minimal_kb: Path
) -> None:
    shutil.copy(FIXTURES / "broken" / "unknown_field" / "may-moc.yaml", minimal_kb / "may-moc.yaml")
    code, out, _ = run(capsys, "validate", str(minimal_kb))
    assert code == 1
    assert out.splitlines()[0] == "LỖI   may-moc.yaml:4: catgory: trường không có trong định dạng (viết sai tên trường?)"
    assert "1 lỗi" in out and "KHÔNG hợp lệ" in out


def test_ask_prints_exactly_the_first_message_of_the_answer_as_plain_text(
    capsys: pytest.CaptureFixture[str], shipped: Snapshot
) -> None:
    code, out, _ = run(capsys, "ask", "hỗ trợ mua máy móc thiết bị tiên tiến tối đa bao nhiêu")
    first = answer_card(shipped.kb, shipped.kb.policies["may-moc-thiet-bi"], localtime.today())
    assert code == 0
    assert out == html_to_plain(first) + "\n"
    assert out.startswith("Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ\n")
    assert "• Máy móc, thiết bị tiên tiến, chuyển giao công nghệ: mức trần 300 triệu đồng/cơ sở\n" in out
    assert "Thông tin đúng đến ngày 04/12/2025." in out
    assert "<b>" not in out


def test_ask_json_lists_ranked_matches(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--json", "thuê gian hàng hội chợ")
    payload = json.loads(out)
    assert code == 0
    assert payload["band"] == "answer"
    assert payload["matches"][0]["policy_id"] == "hoi-cho-trien-lam"
    assert set(payload["matches"][0]) == {"policy_id", "score", "evidence"}


def test_ask_out_of_scope_question_says_it_does_not_know(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "ask", "giá vàng hôm nay bao nhiêu")
    assert out.startswith("Xin lỗi, hiện tôi chưa có thông tin")


def test_ask_a_topic_with_an_office_says_where_to_ask(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "ask", "vay vốn ngân hàng lãi suất bao nhiêu")
    assert out.startswith(
        "Câu hỏi về vay vốn ngân hàng, tín dụng không thuộc chính sách khuyến công nên tôi chưa trả lời được. "
        "Bạn nên hỏi ngân hàng nơi bạn giao dịch hoặc Ngân hàng Chính sách xã hội."
    )


def test_eval_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    questions = tmp_path / "q.yaml"
    questions.write_text(
        '- {q: "thuê gian hàng hội chợ", expect: hoi-cho-trien-lam}\n'
        '- {q: "giá vàng hôm nay", expect: none}\n'
        '- {q: "giá vàng hôm qua", expect: thuong-hieu}\n'
    )
    code, out, _ = run(capsys, "eval", str(questions), "--json")
    report = json.loads(out)
    assert code == 0
    assert {"total", "top1_accuracy", "in_scope_accuracy", "oos_precision", "oos_recall", "direct_answer_rate",
            "p50_ms", "p99_ms", "misses"} <= set(report)
    assert report["total"] == 3
    assert report["misses"] == [{"q": "giá vàng hôm qua", "expect": "thuong-hieu", "got": "none",
                                 "score": report["misses"][0]["score"]}]


def test_eval_reports_a_malformed_question_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    questions = tmp_path / "q.yaml"
    questions.write_text("- {q: ok}\n")
    code, _, err = run(capsys, "eval", str(questions))
    assert code == 1
    assert err.strip() == (
        f"{questions}:1: mỗi mục cần có q (chuỗi), expect (mã, none, smalltalk hoặc danh sách 2 mã) "
        "và style (chuỗi, không bắt buộc)"
    )
