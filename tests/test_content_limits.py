"""Content that passes the schema must be servable: ids and keys fit the callback grammar, figures are
sane, dates are in order; each refusal gives file:line and a Vietnamese message (issue 13)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.config import Settings
from bot.policies.gate import check
from bot.policies.loader import validate

TODAY = date(2026, 12, 1)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(directory: Path) -> list[str]:
    kb, issues = validate(directory, today=TODAY)
    assert kb is None, "the knowledge base should have been refused"
    return [str(i) for i in issues if i.severity == "error"]


LONG_ID = "ho-tro-" + "a" * 64  # 71 characters


def rename_policy(kb: Path, new_id: str) -> None:
    edit(kb / "may-moc.yaml", "id: may-moc", f"id: {new_id}")
    (kb / "may-moc.yaml").rename(kb / f"{new_id}.yaml")
    edit(kb / "hoi-cho.yaml", "related: [may-moc]", "related: []")


def test_a_policy_id_too_long_for_a_button_is_refused(minimal_kb: Path) -> None:
    rename_policy(minimal_kb, LONG_ID)
    assert errors_of(minimal_kb) == [f"{LONG_ID}.yaml:1: id: quá dài: tối đa 40 ký tự"]


def test_a_category_key_with_a_space_is_refused(minimal_kb: Path) -> None:
    edit(minimal_kb / "_categories.yaml", "  cong-nghe:", "  cong nghe:")
    edit(minimal_kb / "may-moc.yaml", "category: cong-nghe", "category: cong nghe")
    assert errors_of(minimal_kb) == [
        "_categories.yaml:2: categories.cong nghe: mã 'cong nghe' sai định dạng "
        "(chỉ gồm chữ thường không dấu, số và dấu '-', tối đa 40 ký tự)"
    ]


def test_a_fact_id_with_a_hyphen_is_refused(minimal_kb: Path) -> None:
    edit(minimal_kb / "_facts.yaml", "  lang_nghe_duoc_cong_nhan:", "  lang-nghe:\n    question: \"Có làng nghề không?\"\n"
         "    type: yes_no\n  lang_nghe_duoc_cong_nhan:")
    assert errors_of(minimal_kb) == [
        "_facts.yaml:37: facts.lang-nghe: mã 'lang-nghe' sai định dạng (chỉ gồm chữ thường không dấu, số và dấu '_', "
        "tối đa 40 ký tự)"
    ]


def test_a_choice_fact_with_too_many_options_is_refused(minimal_kb: Path) -> None:
    options = "".join(f"      lua_chon_{n}: \"Lựa chọn {n}\"\n" for n in range(110))
    edit(minimal_kb / "_facts.yaml", "      xa: \"Xã\"\n", "      xa: \"Xã\"\n" + options)
    assert errors_of(minimal_kb) == ["_facts.yaml:25: facts.dia_ban: câu hỏi dạng choice có tối đa 20 lựa chọn (đang có 113)"]


def test_a_replaced_by_cycle_is_refused(minimal_kb: Path) -> None:
    edit(minimal_kb / "may-moc.yaml", "last_reviewed:", "valid_until: 2026-01-01\nreplaced_by: hoi-cho\nlast_reviewed:")
    edit(minimal_kb / "hoi-cho.yaml", "last_reviewed:", "valid_until: 2026-01-01\nreplaced_by: may-moc\nlast_reviewed:")
    assert errors_of(minimal_kb) == [
        "hoi-cho.yaml:22: replaced_by: thay thế vòng tròn: hoi-cho → may-moc → hoi-cho",
        "may-moc.yaml:30: replaced_by: thay thế vòng tròn: may-moc → hoi-cho → may-moc",
    ]


def test_a_policy_replaced_by_itself_gets_its_own_message(minimal_kb: Path) -> None:
    edit(minimal_kb / "may-moc.yaml", "last_reviewed:", "valid_until: 2026-01-01\nreplaced_by: may-moc\nlast_reviewed:")
    assert errors_of(minimal_kb) == ["may-moc.yaml:30: replaced_by: chính sách không thể được thay thế bởi chính nó"]


def test_effective_until_before_effective_from_is_refused(minimal_kb: Path) -> None:
    edit(minimal_kb / "_facts.yaml", "  - id: loai-hinh-2012\n", "  - id: loai-hinh-2012\n    effective_from: 2026-01-01\n")
    assert errors_of(minimal_kb) == ["_facts.yaml:116: common_rules[1]: effective_until phải sau effective_from"]


def test_last_reviewed_in_the_future_is_refused(minimal_kb: Path) -> None:
    edit(minimal_kb / "may-moc.yaml", "last_reviewed: 2026-11-25", "last_reviewed: 2027-01-01")
    assert errors_of(minimal_kb) == [
        "may-moc.yaml:29: last_reviewed: ngày rà soát 01/01/2027 ở tương lai (hôm nay 01/12/2026)"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yes", "phải là một số"),
        (".nan", "phải là một số hữu hạn (không dùng .inf hay .nan)"),
    ],
)
def test_a_rate_that_is_not_a_number_is_refused(minimal_kb: Path, value: str, message: str) -> None:
    edit(minimal_kb / "may-moc.yaml", "        cap_vnd: 300000000", f"        rate_percent: {value}\n        cap_vnd: 300000000")
    assert errors_of(minimal_kb) == [f"may-moc.yaml:23: support[0].values[0].rate_percent: {message}"]


def test_an_absurd_cap_is_refused(minimal_kb: Path) -> None:
    edit(minimal_kb / "may-moc.yaml", "cap_vnd: 300000000", "cap_vnd: 1" + "0" * 100)
    assert errors_of(minimal_kb) == [
        "may-moc.yaml:23: support[0].values[0].cap_vnd: không được lớn hơn 1.000.000.000.000"
    ]


def test_an_integer_key_gets_a_vietnamese_message(minimal_kb: Path) -> None:
    edit(minimal_kb / "_categories.yaml", "  thi-truong:", "  2026:")
    errors = errors_of(minimal_kb)
    assert errors[0] == "_categories.yaml:4: categories.2026: khóa phải là chữ (đặt trong dấu nháy nếu là số: \"2026\")"
    assert not any("Keys should" in error for error in errors)


def test_an_expired_policy_still_served_is_a_warning_and_its_card_says_so(minimal_kb: Path, data_dir: Path) -> None:
    edit(minimal_kb / "may-moc.yaml", "last_reviewed:", "valid_until: 2026-06-30\nlast_reviewed:")
    settings = Settings(_env_file=None, policies_dir=minimal_kb, data_dir=data_dir)
    report = check(minimal_kb, settings, None, route_examples=False, today=TODAY)
    assert report.ok() and report.snapshot is not None
    assert [str(w) for w in report.warnings if w.field == "valid_until"] == [
        "may-moc.yaml:29: valid_until: hết hiệu lực sau ngày 30/06/2026 nhưng vẫn được trả lời như chính sách hiện hành "
        "(thêm replaced_by hoặc cập nhật valid_until)"
    ]
    card = report.snapshot.answer_card("may-moc", TODAY)
    assert "⚠️ <b>Chính sách này chỉ có hiệu lực đến hết ngày 30/06/2026.</b>" in card
    assert "chỉ có hiệu lực" not in report.snapshot.answer_card("may-moc", date(2026, 6, 30))


def test_the_longest_ids_the_schema_allows_fit_every_button() -> None:
    from bot.policies.schema import MAX_ID_LENGTH, MAX_OPTIONS
    from handlers.callbacks import encode

    policy, fact = "a" * MAX_ID_LENGTH, "b" * MAX_ID_LENGTH
    for data in (encode("ux", 99, policy), encode("c", policy, 999), encode("el", policy), encode("ea", fact, MAX_OPTIONS - 1),
                 encode("ek", fact)):
        assert data
