"""Loader and validator: every broken fixture gives its exact file:line and message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.errors import KnowledgeBaseError
from bot.policies.loader import load_knowledge_base, validate
from bot.policies.yamlsafe import YamlError, load_yaml_text
from tests.support.kb import FIXTURES, SHIPPED_KB

BROKEN = FIXTURES / "broken"


def errors_of(directory: Path) -> list[str]:
    kb, issues = validate(directory)
    assert kb is None
    return [str(i) for i in issues if i.severity == "error"]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("syntax_error", ["may-moc.yaml:4: lỗi cú pháp YAML: thụt lề không thẳng hàng, hoặc thiếu dấu nháy đóng ở dòng trên"]),
        ("tab_indent", ["may-moc.yaml:14: lỗi cú pháp YAML: có ký tự Tab; YAML chỉ thụt lề bằng dấu cách"]),
        ("wrong_type", ["may-moc.yaml:23: support[0].values[0].cap_vnd: phải là một số nguyên (không dùng dấu chấm hay chữ)"]),
        ("unknown_field", ["may-moc.yaml:4: catgory: trường không có trong định dạng (viết sai tên trường?)"]),
        ("duplicate_id", [
            "may-moc.yaml:1: id: mã 'hoi-cho' phải trùng tên tệp 'may-moc'",
            "may-moc.yaml:1: id: mã 'hoi-cho' bị trùng với tệp hoi-cho.yaml",
            "may-moc.yaml:28: related[0]: chính sách không thể liên quan đến chính nó",
        ]),
        ("dangling_reference", ["may-moc.yaml:28: related[1]: chính sách 'khong-ton-tai' không tồn tại"]),
        ("bad_date_range", ["may-moc.yaml:30: valid_until: valid_until phải sau valid_from"]),
        ("alias_bomb", ["may-moc.yaml:6: quá nhiều bí danh YAML (alias '*'): tối đa 8 mỗi tệp"]),
        ("non_utf8", ["may-moc.yaml:4: tệp không phải văn bản UTF-8 (byte 0xed); hãy lưu lại với mã UTF-8"]),
        ("duplicate_key", ["may-moc.yaml:26: khóa 'documents' bị lặp lại (đã có ở dòng 25)"]),
        ("duplicate_example", [
            "may-moc.yaml:16: examples[5]: câu hỏi mẫu bị trùng (đã có trong hoi-cho.yaml, dòng 10)"
        ]),
        ("missing_field", ["may-moc.yaml:1: summary: thiếu trường bắt buộc"]),
    ],
)
def test_broken_fixture_reports_exact_file_line_and_message(minimal_kb: Path, case: str, expected: list[str]) -> None:
    for broken in (BROKEN / case).iterdir():
        shutil.copy(broken, minimal_kb / broken.name)
    assert errors_of(minimal_kb) == expected


def test_minimal_knowledge_base_is_valid(minimal_kb: Path) -> None:
    kb = load_knowledge_base(minimal_kb)
    assert sorted(kb.policies) == ["hoi-cho", "may-moc"]
    assert len(kb.version) == 12


def test_shipped_knowledge_base_is_valid_and_has_all_topics() -> None:
    kb = load_knowledge_base(SHIPPED_KB)
    topics = (PROJECT_ROOT / "cases" / "topics.txt").read_text().split()
    assert sorted(kb.policies) == sorted(topics)


def test_missing_shared_file_is_an_error(minimal_kb: Path) -> None:
    (minimal_kb / "_lexicon.yaml").unlink()
    assert errors_of(minimal_kb) == ["_lexicon.yaml:1: thiếu tệp dùng chung bắt buộc"]


def test_unknown_shared_file_is_an_error(minimal_kb: Path) -> None:
    (minimal_kb / "_notes.yaml").write_text("a: 1\n")
    assert errors_of(minimal_kb)[0].startswith("_notes.yaml:1: tệp dùng chung không xác định")


def test_unknown_legal_document_and_category_are_reported(minimal_kb: Path) -> None:
    path = minimal_kb / "hoi-cho.yaml"
    text = path.read_text().replace("doc: nd-45-2012", "doc: nd-99-2099").replace("category: thi-truong", "category: x")
    path.write_text(text)
    assert errors_of(minimal_kb) == [
        "hoi-cho.yaml:3: category: nhóm 'x' không có trong _categories.yaml",
        "hoi-cho.yaml:18: legal_basis[0].doc: văn bản 'nd-99-2099' không có trong _legal.yaml",
    ]


def test_support_value_before_its_source_takes_effect_is_reported(minimal_kb: Path) -> None:
    path = minimal_kb / "may-moc.yaml"
    path.write_text(path.read_text().replace("effective_from: 2018-05-11", "effective_from: 2017-01-01"))
    assert errors_of(minimal_kb) == [
        "may-moc.yaml:22: support[0].values[0].effective_from: mức này có hiệu lực 01/01/2017, "
        "trước ngày văn bản nguồn 28/2018/TT-BTC có hiệu lực (11/05/2018)"
    ]


def test_answer_markup_rejects_html(minimal_kb: Path) -> None:
    path = minimal_kb / "hoi-cho.yaml"
    path.write_text(path.read_text().replace("Hỗ trợ thuê gian hàng hội chợ.", "<b>Hỗ trợ</b> thuê gian hàng."))
    assert errors_of(minimal_kb) == [
        "hoi-cho.yaml:5: answer: chỉ dùng đoạn văn, gạch đầu dòng '- ' và **chữ đậm**; "
        "không dùng HTML, liên kết hay tiêu đề"
    ]


def test_load_raises_with_every_error(minimal_kb: Path) -> None:
    (minimal_kb / "hoi-cho.yaml").write_text("id: [\n")
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(minimal_kb)
    assert [str(i) for i in info.value.issues] == ["hoi-cho.yaml:2: lỗi cú pháp YAML: tệp kết thúc giữa chừng (thiếu giá trị hoặc dấu đóng ngoặc)"]


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        (b"[" * 100 + b"]" * 100, 1, "lồng nhau quá sâu: tối đa 32 cấp"),
        (b"a: !!python/object/apply:os.system [ls]\n", 1, "lỗi cú pháp YAML: thẻ YAML không được phép (chỉ dùng YAML cơ bản)"),
        (b"x" * (600 * 1024), 1, "tệp quá lớn (614,400 byte; tối đa 524,288 byte)"),
    ],
)
def test_yaml_limits(raw: bytes, line: int, message: str) -> None:
    with pytest.raises(YamlError) as info:
        load_yaml_text(raw)
    assert (info.value.line, info.value.message) == (line, message)


def test_yaml_records_line_of_each_value() -> None:
    loaded = load_yaml_text(b"a: 1\nb:\n  - x\n  - y\n")
    assert loaded.line_of(("b", 1)) == 4
    assert loaded.line_of(("b", 7, "z")) == 2


RULES = """eligibility:
  common: true
  rules:
    - id: thu
      when: {RULE}
      passed: "Đạt điều kiện thử."
      failed: "Không đạt điều kiện thử."
      legal: "Điều thử"
"""


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("{fact: khong_co, eq: true}", "may-moc.yaml:34: eligibility.rules[0].when.fact: dữ kiện 'khong_co' không có trong _facts.yaml"),
        ("{fact: loai_hinh, eq: cong_ty_ma}", "may-moc.yaml:34: eligibility.rules[0].when.eq: 'cong_ty_ma' không phải lựa chọn của 'loai_hinh' (doanh_nghiep_nho_va_vua, doanh_nghiep_lon, hop_tac_xa, lien_hiep_hop_tac_xa, to_hop_tac, ho_kinh_doanh, ca_nhan)"),
        ("{fact: loai_hinh, eqq: hop_tac_xa}", "may-moc.yaml:34: eligibility.rules[0].when.eqq: trường không có trong định dạng (viết sai tên trường?)"),
        ("{fact: vung_kho_khan, gt: 3}", "may-moc.yaml:34: eligibility.rules[0].when.gt: phép 'gt' chỉ dùng cho dữ kiện dạng số, 'vung_kho_khan' là yes_no"),
        ("{any: [{ref: khong_co}]}", "may-moc.yaml:34: eligibility.rules[0].when.any[0].ref: điều kiện dùng chung 'khong_co' không có trong _facts.yaml"),
    ],
)
def test_broken_eligibility_rule_is_reported_with_file_and_line(minimal_kb: Path, rule: str, expected: str) -> None:
    path = minimal_kb / "may-moc.yaml"
    path.write_text(path.read_text() + RULES.replace("{RULE}", rule))
    assert errors_of(minimal_kb) == [expected]
