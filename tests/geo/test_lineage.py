"""Old → new lineage recorded by the loader, and the selectors that read units on a date."""

from __future__ import annotations

import pytest
from django.db.models import Count, Q, Sum

from ansinh.core.errors import ApplicationError, NotFound
from ansinh.geo import selectors
from ansinh.geo.models import AdminUnit, UnitLineage

from .conftest import FIRST_NEW_DAY, LAST_LEGACY_DAY

pytestmark = pytest.mark.django_db


def _codes(links, side: str) -> set[str]:
    return {getattr(link, side).code for link in links}


# --- provinces ---------------------------------------------------------------------------------------


def test_quang_binh_44_became_quang_tri(unit):
    quang_binh = unit("legacy", "province", "44")
    links = list(selectors.successors(unit=quang_binh))
    assert [(link.successor.structure, link.successor.code, link.successor.name) for link in links] == [
        ("2025", "44", "Tỉnh Quảng Trị")
    ]
    assert links[0].kind == "merged" and links[0].is_default and links[0].share == 1.0


def test_province_merges(unit):
    assert _codes(selectors.predecessors(unit=unit("2025", "province", "44")), "predecessor") == {"44", "45"}
    hcm = selectors.predecessors(unit=unit("2025", "province", "79"))
    assert {link.predecessor.name for link in hcm} == {
        "Thành phố Hồ Chí Minh",
        "Tỉnh Bình Dương",
        "Tỉnh Bà Rịa - Vũng Tàu",
    }
    assert {link.kind for link in hcm} == {"merged"}


def test_eleven_provinces_continued_and_every_old_province_has_one_successor(units):
    continued = UnitLineage.objects.filter(level="province", kind="continued")
    assert continued.count() == 11
    assert "Tỉnh Điện Biên" in {link.successor.name for link in continued}
    per_old = AdminUnit.objects.filter(structure="legacy", level="province").annotate(
        n=Count("successor_links")
    )
    assert sorted({unit.n for unit in per_old}) == [1]
    per_new = AdminUnit.objects.filter(structure="2025", level="province").annotate(
        n=Count("predecessor_links")
    )
    assert min(unit.n for unit in per_new) >= 1 and sum(unit.n for unit in per_new) == 63


# --- communes ----------------------------------------------------------------------------------------


def test_bao_ninh_merged_whole_into_dong_hoi(unit):
    links = list(selectors.successors(unit=unit("legacy", "commune", "18889")))
    assert [(link.successor.code, link.kind, link.is_default, link.share) for link in links] == [
        ("18880", "merged", True, 1.0)
    ]


def test_split_commune_has_several_successors_and_one_default(unit):
    ky_loi = unit("legacy", "commune", "18796")  # Xã Kỳ Lợi, Thị xã Kỳ Anh, Hà Tĩnh
    links = list(selectors.successors(unit=ky_loi))
    assert len(links) >= 2
    assert {link.kind for link in links} == {"split"}
    assert [link.is_default for link in links].count(True) == 1
    assert links[0].is_default  # the default comes first
    assert links[0].successor.code == "18823"  # Phường Vũng Áng, as the source says
    assert sum(link.share for link in links) == pytest.approx(1.0, abs=1e-3)


def test_every_old_commune_has_exactly_one_default_successor(units):
    old = AdminUnit.objects.filter(structure="legacy", level="commune").annotate(
        links=Count("successor_links"),
        defaults=Count("successor_links", filter=Q(successor_links__is_default=True)),
    )
    assert not old.filter(links=0).exists()
    assert not old.exclude(defaults=1).exists()
    assert old.filter(links__gte=2).count() == 445  # 471 in the source, 26 of them conflated (below)


def test_split_shares_sum_to_one(units):
    sums = (
        UnitLineage.objects.filter(kind="split")
        .values("predecessor")
        .annotate(total=Sum("share"))
        .values_list("total", flat=True)
    )
    assert len(sums) == 445
    assert all(total == pytest.approx(1.0, abs=1e-3) for total in sums)


def test_candidates_conflated_with_a_same_named_commune_are_dropped(unit):
    # The source lists Phường Cao Lãnh among the pieces of Phường 4, Mỹ Tho (another old province,
    # 50 km away) because Phường 4 of Cao Lãnh went there.
    my_tho_4 = selectors.successors(unit=unit("legacy", "commune", "28252"))
    assert [(link.successor.code, link.kind) for link in my_tho_4] == [("28249", "merged")]
    cao_lanh = selectors.predecessors(unit=unit("2025", "commune", "29869"))
    assert {link.predecessor.parent.name for link in cao_lanh} == {"Thành phố Cao Lãnh"}
    # Phường 3, Cai Lậy: same story; the new commune it went to has no area in the source.
    [cai_lay_3] = selectors.successors(unit=unit("legacy", "commune", "28437"))
    assert (cai_lay_3.successor.name, cai_lay_3.share) == ("Phường Mỹ Phước Tây", 1.0)
    assert cai_lay_3.successor.area_km2 is None  # 0.0 in the source


def test_every_new_commune_has_a_predecessor_and_continued_means_alone(units):
    new = AdminUnit.objects.filter(structure="2025", level="commune").annotate(n=Count("predecessor_links"))
    assert not new.filter(n=0).exists()
    continued = UnitLineage.objects.filter(kind="continued", level="commune").values_list(
        "successor", flat=True
    )
    assert set(new.filter(pk__in=continued).values_list("n", flat=True)) == {1}


# --- valid on a date ---------------------------------------------------------------------------------


def test_a_legacy_district_is_listed_until_30_june_2025_only(units):
    before = selectors.unit_list(level="district", on=LAST_LEGACY_DAY)
    after = selectors.unit_list(level="district", on=FIRST_NEW_DAY)
    assert before.filter(code="450").exists()
    assert before.count() == 696
    assert not after.exists()


def test_communes_on_each_side_of_the_reform(units):
    assert selectors.unit_list(level="commune", on=LAST_LEGACY_DAY).count() == 10_035
    assert selectors.unit_list(level="commune", on=FIRST_NEW_DAY).count() == 3_321
    assert selectors.unit_list(level="province", on=FIRST_NEW_DAY).count() == 34


def test_list_under_a_parent(units):
    dong_hoi = selectors.unit_list(level="commune", on=LAST_LEGACY_DAY, parent_code="450")
    assert "Xã Bảo Ninh" in {unit.name for unit in dong_hoi}
    assert {unit.parent.code for unit in dong_hoi} == {"450"}
    # A province parent reaches communes through its districts before the reform.
    quang_binh = selectors.unit_list(level="commune", on=LAST_LEGACY_DAY, parent_code="44")
    assert quang_binh.filter(code="18889").exists() and quang_binh.count() > dong_hoi.count()
    quang_tri = selectors.unit_list(level="commune", on=FIRST_NEW_DAY, parent_code="44")
    assert list(quang_tri) == list(selectors.communes_of(province_code="44", on=FIRST_NEW_DAY))
    assert quang_tri.filter(code="18880").exists()


def test_list_errors_name_the_option(units):
    with pytest.raises(ApplicationError) as bad_level:
        selectors.unit_list(level="village")
    assert (bad_level.value.code, bad_level.value.field) == ("unit.bad_level", "level")
    with pytest.raises(ApplicationError) as bad_parent:
        selectors.unit_list(level="commune", on=FIRST_NEW_DAY, parent_code="450")  # districts are gone
    assert (bad_parent.value.code, bad_parent.value.field) == ("unit.parent_not_found", "parent")


def test_unit_get_picks_the_unit_in_force_that_day(units):
    assert selectors.unit_get(level="province", code="44", on=LAST_LEGACY_DAY).name == "Tỉnh Quảng Bình"
    assert selectors.unit_get(level="province", code="44", on=FIRST_NEW_DAY).name == "Tỉnh Quảng Trị"
    assert selectors.unit_get(level="province", code="44").name == "Tỉnh Quảng Trị"  # today
    with pytest.raises(NotFound) as missing:
        selectors.unit_get(level="district", code="450", on=FIRST_NEW_DAY)
    assert missing.value.code == "unit.not_found"


def test_current_unit_for(unit):
    dong_hoi = unit("2025", "commune", "18880")
    assert selectors.current_unit_for(unit=unit("legacy", "commune", "18889")) == dong_hoi
    assert selectors.current_unit_for(unit=dong_hoi) == dong_hoi
    assert selectors.current_unit_for(unit=unit("legacy", "province", "45")) == unit("2025", "province", "44")
    assert selectors.current_unit_for(unit=unit("legacy", "commune", "18796")).code == "18823"
    assert selectors.current_unit_for(unit=unit("legacy", "district", "450")) is None  # districts abolished
    assert selectors.current_unit_for(unit=unit("legacy", "district", "755")).name == "Đặc khu Côn Đảo"


def test_communes_of_unknown_province_is_empty(units):
    assert not selectors.communes_of(province_code="99", on=FIRST_NEW_DAY).exists()
