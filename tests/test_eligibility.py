"""Eligibility: the case files, the engine's questions, money parsing, rule validation and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.eligibility.cases import run_case_file
from bot.eligibility.engine import EligibilityEngine
from bot.language.money import parse_money
from bot.render.checks import eligibility_report
from bot.snapshot import Snapshot

CASES = sorted((PROJECT_ROOT / "cases" / "eligibility").glob("*.yaml"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_eligibility_case_file_passes(shipped: Snapshot, path: Path) -> None:
    count, failures = run_case_file(EligibilityEngine(shipped.kb), path)
    assert count > 0
    assert [str(f.as_issue()) for f in failures] == []


def test_there_are_at_least_forty_cases(shipped: Snapshot) -> None:
    engine = EligibilityEngine(shipped.kb)
    assert sum(run_case_file(engine, path)[0] for path in CASES) >= 40


@pytest.mark.parametrize(
    ("text", "amount"),
    [("500tr", 500_000_000), ("1,5 tỷ", 1_500_000_000), ("200.000.000", 200_000_000), ("2 trăm triệu", 200_000_000),
     ("1 tỷ 200 triệu", 1_200_000_000), ("300k", 300_000), ("khoảng 800 triệu", 800_000_000),
     ("hai trăm triệu", 200_000_000), ("abc", None), ("", None), ("500", None), ("-5tr", 5_000_000)],
)
def test_money_is_read_as_business_owners_type_it(text: str, amount: int | None) -> None:
    assert parse_money(text) == amount


def test_engine_asks_nothing_once_every_verdict_is_settled(shipped: Snapshot) -> None:
    engine = EligibilityEngine(shipped.kb)
    profile = {"loai_hinh": "doanh_nghiep_lon"}
    assert engine.next_question(profile, ["may-moc-thiet-bi"], date(2026, 1, 1)) is None


def test_engine_asks_the_commune_before_province_or_craft_village(shipped: Snapshot) -> None:
    engine = EligibilityEngine(shipped.kb)
    profile = {"loai_hinh": "hop_tac_xa", "truc_tiep_san_xuat": True, "nganh_nghe": "thu_cong_my_nghe"}
    assert engine.next_question(profile, ["doi-tuong-ap-dung"], date(2026, 1, 1)) == "dia_ban"


def test_engine_asks_the_cost_only_when_it_changes_the_amount(shipped: Snapshot) -> None:
    engine = EligibilityEngine(shipped.kb)
    profile = {"loai_hinh": "hop_tac_xa", "truc_tiep_san_xuat": True, "nganh_nghe": "thu_cong_my_nghe", "dia_ban": "xa"}
    day = date(2026, 1, 1)
    # Demonstration model: a confirmed 30 % of the cost, so the cost matters. Machinery: the rate is
    # not confirmed, so the cost changes nothing; only "single machines or a whole line" sets the cap.
    assert engine.next_question(profile, ["mo-hinh-trinh-dien"], day) == "chi_phi_du_kien"
    assert engine.next_question(profile, ["may-moc-thiet-bi"], day) == "quy_mo_dau_tu"
    assert engine.next_question({**profile, "quy_mo_dau_tu": "ca_day_chuyen"}, ["may-moc-thiet-bi"], day) is None


def test_report_of_an_unsettled_check_lists_what_is_still_needed(shipped: Snapshot) -> None:
    # /kiemtra always asks until every verdict is settled, so ❔ only shows for partial profiles (CLI, requests).
    engine = EligibilityEngine(shipped.kb)
    day = date(2026, 1, 1)
    profile = {"loai_hinh": "hop_tac_xa", "truc_tiep_san_xuat": True, "dia_ban": "xa", "nganh_nghe": "khai_thac_che_bien_khoang_san"}
    report = eligibility_report(shipped.kb, engine.evaluate(profile, ["may-moc-thiet-bi"], day), day)
    lines = report.split("\n")
    assert "❔ <b>Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ</b>: Chưa đủ thông tin để kết luận" in lines
    assert "Cần biết thêm:" in lines
    assert "• Cơ sở có ở địa bàn có điều kiện kinh tế – xã hội khó khăn hoặc đặc biệt khó khăn không?" in lines
    assert "💰" not in report and "Hồ sơ cần chuẩn bị" not in report


def test_the_sme_hint_follows_decree_80_insured_workers_and_revenue_or_capital(shipped: Snapshot) -> None:
    hint = shipped.kb.facts.facts["loai_hinh"].help or ""
    assert "Nghị định 80/2021/NĐ-CP" in hint
    assert "lao động tham gia bảo hiểm xã hội bình quân năm" in hint
    assert "tổng doanh thu hoặc tổng nguồn vốn" in hint


def test_the_report_of_a_cap_without_a_confirmed_rate_never_shows_an_estimate(shipped: Snapshot) -> None:
    engine, day = EligibilityEngine(shipped.kb), date(2026, 6, 1)
    profile = engine.profile_from({
        "loai_hinh": "ho_kinh_doanh", "truc_tiep_san_xuat": True, "nganh_nghe": "che_bien_nong_lam_thuy_san",
        "commune": "ham thuan bac lam dong", "quy_mo_dau_tu": "may_don_le", "chi_phi_du_kien": "120tr",
    })
    verdicts = engine.evaluate(profile, ["may-moc-thiet-bi"], day)
    assert verdicts["may-moc-thiet-bi"].max_support_vnd is None
    report = eligibility_report(shipped.kb, verdicts, day, profile).split("\n")
    assert "• Địa bàn: Xã Hàm Thuận Bắc, tỉnh Lâm Đồng" in report
    assert "• Chi phí dự kiến: 120 triệu đồng" in report
    assert (
        "💰 Mức trần: không quá <b>300 triệu đồng</b>/cơ sở. Đây là mức tối đa, không phải số tiền ước tính: tỷ lệ "
        "hỗ trợ trên chi phí chưa được xác nhận, trung tâm khuyến công sẽ cho biết phần được hỗ trợ."
    ) in report
    assert not any("120 triệu đồng" in line and "💰" in line for line in report)


def test_the_cli_reads_a_commune_and_dont_know_and_never_estimates_from_an_unconfirmed_rate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    profile = tmp_path / "ho.yaml"
    profile.write_text(
        'loai_hinh: ho_kinh_doanh\ntruc_tiep_san_xuat: true\nnganh_nghe: che_bien_nong_lam_thuy_san\n'
        'commune: "xa ham thuan bac lam dong"\nchi_phi_du_kien: 120000000\nquy_mo_dau_tu: khong_biet\n',
        encoding="utf-8",
    )
    assert main(["eligibility", "--profile", str(profile), "--date", "2026-06-01", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    machinery = payload["policies"]["may-moc-thiet-bi"]
    assert (machinery["verdict"], machinery["max_support_vnd"], machinery["cap_vnd"], machinery["amount_basis"]) == (
        "eligible", None, 300_000_000, "cap"
    )
    demo = payload["policies"]["mo-hinh-trinh-dien"]
    assert (demo["verdict"], demo["max_support_vnd"], demo["rate_percent"]) == ("eligible", 36_000_000, 30)
    assert all(
        v["max_support_vnd"] is None or (v["rate_percent"] is not None and v["max_support_vnd"] <= 120_000_000)
        for v in payload["policies"].values()
    )


def test_an_unknown_commune_in_a_profile_is_a_plain_error(shipped: Snapshot) -> None:
    with pytest.raises(ValueError, match="không tìm thấy xã, phường, đặc khu «Xóm Núi Đá Đen»"):
        EligibilityEngine(shipped.kb).profile_from({"commune": "Xóm Núi Đá Đen"})
