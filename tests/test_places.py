"""The commune as people type it, matched against the official list of units since 1 July 2025."""

from __future__ import annotations

import pytest

from bot.eligibility.engine import PLACE, PLACE_CODE
from bot.language.places import PlaceIndex
from bot.snapshot import Snapshot

FORMER = {"Bình Thuận": "Lâm Đồng", "Đắk Nông": "Lâm Đồng"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("xa ham thuan bac lam dong", ["Xã Hàm Thuận Bắc, tỉnh Lâm Đồng"]),
        ("Hàm Thuận Bắc, tỉnh Lâm Đồng", ["Xã Hàm Thuận Bắc, tỉnh Lâm Đồng"]),
        ("ham thuan bac lam dongg", ["Xã Hàm Thuận Bắc, tỉnh Lâm Đồng"]),  # a typo in the province
        ("xã hàm thuân băc", ["Xã Hàm Thuận Bắc, tỉnh Lâm Đồng"]),  # a wrong tone mark
        ("xã Hàm Thuận Bắc, huyện Hàm Thuận Bắc, tỉnh Bình Thuận", ["Xã Hàm Thuận Bắc, tỉnh Lâm Đồng"]),  # old address
        ("dac khu phu quy", ["Đặc khu Phú Quý, tỉnh Lâm Đồng"]),
        ("phuong ben thanh tp hcm", ["Phường Bến Thành, thành phố Hồ Chí Minh"]),
        ("xa tan phu dong nai", ["Xã Tân Phú, tỉnh Đồng Nai"]),
        ("asdf qwer", []),
        ("", []),
    ],
)
def test_a_typed_commune_finds_its_unit(typed: str, expected: list[str]) -> None:
    found = PlaceIndex.official().lookup(typed, FORMER)
    assert [place.label() for place in found] == expected


def test_a_name_shared_by_several_units_returns_each_with_its_province() -> None:
    labels = [place.label() for place in PlaceIndex.official().lookup("tan phu")]
    assert len(labels) == 3 and all(label.split(", ")[0].endswith("Tân Phú") for label in labels)


def test_the_official_list_has_34_provinces_and_lam_dong_its_124_units() -> None:
    index = PlaceIndex.official()
    provinces = {place.province for place in index.places}
    assert len(provinces) == 34
    lam_dong = [place for place in index.places if place.province == "Lâm Đồng"]
    units = sorted({place.unit for place in lam_dong})
    assert (len(lam_dong), units) == (124, ["phường", "xã", "đặc khu"])


def test_the_knowledge_base_decides_which_provinces_are_centrally_run_cities(shipped: Snapshot) -> None:
    engine = shipped.engine
    [ward] = engine.find_places("phuong ben thanh tp hcm")
    assert engine.place_facts([ward]) == {
        PLACE: "Phường Bến Thành, thành phố Hồ Chí Minh", PLACE_CODE: ward.code, "dia_ban": "phuong",
        "thuoc": "thanh_pho_truc_thuoc_trung_uong",
    }
    # An admin who (hypothetically) removes a city from the list turns it into a province for the rules.
    assert ward.label(["Hà Nội"]) == "Phường Bến Thành, tỉnh Hồ Chí Minh"


def test_candidates_that_disagree_leave_the_fact_unknown(shipped: Snapshot) -> None:
    engine = shipped.engine
    several = engine.find_places("tan phu")  # communes of provinces and a ward of a city
    facts = engine.place_facts(several)
    assert "dia_ban" not in facts and "thuoc" not in facts and PLACE_CODE not in facts
