"""convert_address(): old-structure addresses resolved through our tables and lineage."""

from __future__ import annotations

import random

import pytest
from django.utils import translation

from ansinh.core.errors import ApplicationError
from ansinh.core.text import fold
from ansinh.geo.convert import convert_address
from ansinh.geo.models import AdminUnit

pytestmark = pytest.mark.django_db

BAO_NINH = {
    "old": {
        "province": {"code": "44", "name": "Tỉnh Quảng Bình"},
        "district": {"code": "450", "name": "Thành phố Đồng Hới"},
        "commune": {"code": "18889", "name": "Xã Bảo Ninh"},
    },
    "new": {
        "province": {"code": "44", "name": "Tỉnh Quảng Trị"},
        "commune": {"code": "18880", "name": "Phường Đồng Hới"},
    },
    "split": False,
    "candidates": [],
}


@pytest.mark.parametrize(
    "text",
    [
        "Xã Bảo Ninh, Thành phố Đồng Hới, Tỉnh Quảng Bình",
        "bao ninh, dong hoi, quang binh",
        "Thôn Sa Động, xã Bảo Ninh, TP. Đồng Hới, Quảng Bình, Việt Nam",  # street and country around it
        "X. Bao Ninh, Tp Dong Hoi, T. Quang Binh",
        "XÃ BẢO NINH,THÀNH PHỐ ĐỒNG HỚI,TỈNH QUẢNG BÌNH",
        "Bảo Ninh, Quảng Bình",  # no district: the commune is looked up in the province
    ],
)
def test_bao_ninh_goes_to_phuong_dong_hoi_in_quang_tri(units, text):
    assert convert_address(text) == {"input": text, **BAO_NINH}


def test_split_commune_lists_its_candidates_default_first(units):
    result = convert_address("Xã Kỳ Lợi, Thị xã Kỳ Anh, Hà Tĩnh")
    assert result["split"] is True
    assert result["new"]["commune"] == {"code": "18823", "name": "Phường Vũng Áng"}
    assert result["new"]["province"] == {"code": "42", "name": "Tỉnh Hà Tĩnh"}
    candidates = result["candidates"]
    assert len(candidates) >= 2
    assert candidates[0]["code"] == "18823" and candidates[0]["is_default"]
    assert [c["is_default"] for c in candidates].count(True) == 1
    assert sum(c["share"] for c in candidates) == pytest.approx(1.0, abs=1e-3)


def test_abbreviations_numbers_and_city_aliases(units):
    result = convert_address("P.12, Q.3, TP.HCM")
    assert result["old"]["commune"] == {"code": "27130", "name": "Phường 12"}
    assert result["old"]["district"]["name"] == "Quận 3"
    assert result["new"]["province"]["name"] == "Thành phố Hồ Chí Minh"
    assert convert_address("Phường 1, Q3, TPHCM")["old"]["district"]["name"] == "Quận 3"


def test_former_names_are_understood(units):
    # Phường Nguyễn Trung Trực was merged into Phường Trúc Bạch before the reform.
    result = convert_address("Phường Nguyễn Trung Trực, Ba Đình, Hà Nội")
    assert result["old"]["commune"] == {"code": "00004", "name": "Phường Trúc Bạch"}
    assert result["new"]["commune"]["name"] == "Phường Ba Đình"


def test_diacritics_tell_apart_what_folding_cannot(units):
    # "Thị trấn Thiệu Hóa" and "Xã Thiệu Hòa" fold to the same letters in one district.
    assert convert_address("Xã Thiệu Hòa, Thiệu Hóa, Thanh Hóa")["old"]["commune"]["code"] == "15823"
    assert convert_address("tt thieu hoa, thieu hoa, thanh hoa")["old"]["commune"]["code"] == "15772"
    with pytest.raises(ApplicationError) as ambiguous:
        convert_address("thieu hoa, thieu hoa, thanh hoa")
    assert ambiguous.value.code == "address.commune_ambiguous"


def test_island_district_without_communes(units):
    result = convert_address("Huyện Côn Đảo, Bà Rịa - Vũng Tàu")
    assert result["old"]["commune"] is None
    assert result["new"] == {
        "province": {"code": "79", "name": "Thành phố Hồ Chí Minh"},
        "commune": {"code": "26732", "name": "Đặc khu Côn Đảo"},
    }


@pytest.mark.parametrize(
    ("text", "code", "part"),
    [
        ("Bảo Ninh, Đồng Hới, Atlantis", "address.province_not_found", "Atlantis"),
        ("Bảo Ninh, Hải Châu, Quảng Bình", "address.district_not_found", "Hải Châu"),
        ("Xã Không Có, Đồng Hới, Quảng Bình", "address.commune_not_found", "Xã Không Có"),
        # Districts exist only in the old structure; new names are not old addresses.
        ("Phường Đồng Hới, Quảng Trị", "address.district_not_found", "Phường Đồng Hới"),
    ],
)
def test_each_unresolved_part_is_named(units, english, text, code, part):
    with pytest.raises(ApplicationError) as error:
        convert_address(text)
    assert error.value.code == code
    assert f"“{part}”" in str(error.value.message)
    assert error.value.params == {"part": code.split(".")[1].removesuffix("_not_found"), "text": part}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "address.province_not_found"),
        ("Quảng Bình", "address.district_not_found"),
        ("Quận 1, TP HCM", "address.commune_not_found"),
    ],
)
def test_missing_parts(units, text, code):
    with pytest.raises(ApplicationError) as error:
        convert_address(text)
    assert error.value.code == code


def test_messages_are_translated(units):
    with translation.override("vi"), pytest.raises(ApplicationError) as error:
        convert_address("Bảo Ninh, Đồng Hới, Atlantis")
    assert str(error.value.message) == "Không tìm thấy tỉnh, thành phố: “Atlantis”."


def test_agrees_with_the_package_converter(units):
    """A sample of old communes, by full name and folded short name, against vietnamadminunits itself."""
    from vietnamadminunits import convert_address as package_convert

    communes = list(
        AdminUnit.objects.filter(structure="legacy", level="commune")
        .select_related("parent__parent")
        .order_by("pk")
    )
    for commune in random.Random(2025).sample(communes, 150):
        district, province = commune.parent, commune.parent.parent
        ours = convert_address(f"{commune.name}, {district.name}, {province.name}")
        theirs = package_convert(f"{commune.name}, {district.name}, {province.name}")
        assert ours["old"]["commune"]["code"] == commune.code
        assert (ours["new"]["province"]["code"], ours["new"]["commune"]["code"]) == (
            theirs.province_code,
            theirs.ward_code,
        ), commune.name
        try:
            folded = convert_address(
                fold(f"{commune.short_name}, {district.short_name}, {province.short_name}")
            )
        except ApplicationError as error:
            assert error.code.endswith("_ambiguous")  # same folded name twice in one parent
        else:
            assert folded["new"] == ours["new"]
