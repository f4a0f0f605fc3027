"""load_units(): what it loads, that a rerun changes nothing, and that changes land in place."""

from __future__ import annotations

import dataclasses

import pytest

from ansinh.geo import loader
from ansinh.geo.models import AdminUnit, DataSource, UnitLineage
from ansinh.geo.source import read_source

from .conftest import FIRST_NEW_DAY, LAST_LEGACY_DAY

pytestmark = pytest.mark.django_db


def _count(structure: str, level: str) -> int:
    return AdminUnit.objects.filter(structure=structure, level=level).count()


def test_counts_of_both_structures(units):
    assert (_count("legacy", "province"), _count("legacy", "district"), _count("legacy", "commune")) == (
        63,
        696,
        10_035,
    )
    assert (_count("2025", "province"), _count("2025", "district"), _count("2025", "commune")) == (
        34,
        0,
        3_321,
    )


def test_new_communes_by_type_match_the_official_split(units):
    # 2,621 communes + 687 wards + 13 special zones (RULES.md §8.1)
    types = {
        unit_type: AdminUnit.objects.filter(structure="2025", level="commune", unit_type=unit_type).count()
        for unit_type in ("Xã", "Phường", "Đặc khu")
    }
    assert types == {"Xã": 2_621, "Phường": 687, "Đặc khu": 13}


def test_dien_bien_exists_in_both_structures_with_dates(unit):
    old, new = unit("legacy", "province", "11"), unit("2025", "province", "11")
    assert old.name == new.name == "Tỉnh Điện Biên"
    assert (old.valid_from, old.valid_to) == (None, LAST_LEGACY_DAY)
    assert (new.valid_from, new.valid_to) == (FIRST_NEW_DAY, None)
    assert old.pk != new.pk


def test_parents_province_codes_and_folded_names(unit):
    bao_ninh = unit("legacy", "commune", "18889")
    assert bao_ninh.name == "Xã Bảo Ninh" and bao_ninh.short_name == "Bảo Ninh" and bao_ninh.unit_type == "Xã"
    assert bao_ninh.name_folded == "xa bao ninh"
    assert bao_ninh.parent.code == "450" and bao_ninh.parent.parent.code == "44"
    assert bao_ninh.province_code == "44"
    dong_hoi = unit("2025", "commune", "18880")
    assert dong_hoi.parent.code == "44" and dong_hoi.parent.structure == "2025"
    assert dong_hoi.area_km2 and dong_hoi.latitude and dong_hoi.longitude
    assert not AdminUnit.objects.filter(level="commune", parent__isnull=True).exists()
    assert not AdminUnit.objects.exclude(province_code__regex=r"^\d\d$").exists()


def test_source_quirks_are_normalised(unit):
    # "Thành Phố Đồng Hới" in the source: type word in canonical case.
    assert unit("legacy", "district", "450").name == "Thành phố Đồng Hới"
    # Disambiguated short names "Kỳ Anh (Huyện)" / "Kỳ Anh (Thị xã)" lose the parenthesis.
    assert {unit("legacy", "district", code).short_name for code in ("447", "449")} == {"Kỳ Anh"}
    # Type column says "Xã" but the name says "Thị trấn": the name wins.
    assert unit("legacy", "commune", "15061").unit_type == "Thị trấn"


def test_island_districts_without_communes_lead_to_special_zones(units):
    islands = AdminUnit.objects.filter(structure="legacy", level="district", children__isnull=True)
    assert islands.count() == 5
    links = UnitLineage.objects.filter(predecessor__in=islands)
    assert links.count() == 5
    assert {link.successor.unit_type for link in links} == {"Đặc khu"}
    assert {link.level for link in links} == {"district"}


def test_data_source_is_recorded(units):
    source = DataSource.objects.get(name=loader.SOURCE_NAME)
    assert source.package == "vietnamadminunits"
    assert source.version == "1.0.4"
    assert source.checksum.startswith("sha256:") and len(source.checksum) == 71
    assert source.counts["legacy"] == {"commune": 10_035, "district": 696, "province": 63}
    assert source.counts["2025"] == {"commune": 3_321, "province": 34}


def test_second_load_changes_nothing(units, django_assert_max_num_queries):
    before = DataSource.objects.get(name=loader.SOURCE_NAME).loaded_at
    with django_assert_max_num_queries(10):  # set-based: reads, no per-row writes
        summary = loader.load_units()
    assert summary["status"] == "unchanged"
    assert summary["units"] == {"created": 0, "updated": 0, "unchanged": 14_149, "not_in_source": 0}
    assert (
        summary["lineage"]["created"] == summary["lineage"]["updated"] == summary["lineage"]["deleted"] == 0
    )
    assert DataSource.objects.get(name=loader.SOURCE_NAME).loaded_at == before


def test_changes_are_repaired_in_place_without_breaking_references(unit):
    from ansinh.accounts.models import User

    bao_ninh = unit("legacy", "commune", "18889")
    officer = User.objects.create(username="can_bo_bao_ninh", role="commune_officer", scope_unit=bao_ninh)
    AdminUnit.objects.filter(pk=bao_ninh.pk).update(name="Xã Bảo Ninh cũ", area_km2=1.0)
    link = UnitLineage.objects.get(predecessor=bao_ninh)
    link.delete()
    UnitLineage.objects.create(
        predecessor=bao_ninh, successor=unit("2025", "commune", "00004"), level="commune", kind="merged"
    )
    stray = AdminUnit.objects.create(
        code="99999", level="commune", structure="legacy", name="Xã Thử", short_name="Thử", province_code="44"
    )

    summary = loader.load_units()

    assert summary["status"] == "updated"
    assert summary["units"]["updated"] == 1 and summary["units"]["created"] == 0
    assert summary["units"]["not_in_source"] == 1  # reported, never deleted
    assert summary["lineage"] == {
        "created": 1,
        "updated": 0,
        "deleted": 1,
        "unchanged": UnitLineage.objects.count() - 1,
    }
    bao_ninh.refresh_from_db()
    assert (bao_ninh.name, bao_ninh.area_km2) == ("Xã Bảo Ninh", None)
    officer.refresh_from_db()
    assert officer.scope_unit_id == bao_ninh.pk
    assert AdminUnit.objects.filter(pk=stray.pk).exists()
    assert [link.successor.code for link in UnitLineage.objects.filter(predecessor=bao_ninh)] == ["18880"]


def test_new_data_version_updates_the_source_row(units, monkeypatch):
    newer = dataclasses.replace(read_source(), version="1.0.5", checksum="sha256:" + "0" * 64)
    monkeypatch.setattr(loader, "read_source", lambda: newer)
    summary = loader.load_units()
    assert summary["status"] == "updated"
    assert summary["units"]["unchanged"] == 14_149
    source = DataSource.objects.get(name=loader.SOURCE_NAME)
    assert (source.version, source.checksum) == ("1.0.5", "sha256:" + "0" * 64)


def test_renamed_unit_in_new_data_keeps_its_primary_key(unit, monkeypatch):
    source = read_source()
    renamed = [
        dataclasses.replace(row, name="Phường Đồng Hới Mới")
        if row.key == ("2025", "commune", "18880")
        else row
        for row in source.units
    ]
    monkeypatch.setattr(loader, "read_source", lambda: dataclasses.replace(source, units=renamed))
    before = unit("2025", "commune", "18880").pk
    summary = loader.load_units()
    after = unit("2025", "commune", "18880")
    assert summary["units"]["updated"] == 1
    assert (after.pk, after.name, after.name_folded) == (before, "Phường Đồng Hới Mới", "phuong dong hoi moi")
