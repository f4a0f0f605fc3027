"""Roll-up commune → province → nation, entered over computed, ratios as ratios of sums, the 2025 lineage."""

from decimal import Decimal as D

import pytest

from ansinh.reports.build import build_report
from ansinh.reports.periods import parse_period

pytestmark = pytest.mark.django_db


def _report(actor, period="2025H1", unit=None, **kw):
    return build_report(actor=actor, period=parse_period(period), unit_code=unit, **kw)


def test_sums_roll_up_commune_province_nation(put, commune_a, commune_b, ha_noi_commune, analyst):
    put("OSH.ACCIDENTS", commune_a, "2025H1", value=3)
    put("OSH.ACCIDENTS", commune_b, "2025H1", value=4)
    put("OSH.ACCIDENTS", ha_noi_commune, "2025H1", value=10)
    report = _report(analyst)
    assert report.unit.level == "nation"
    assert report.unit.figures["OSH.ACCIDENTS"].value == D(17)
    provinces = {row.code: row for row in report.children}
    assert len(provinces) == 34
    assert provinces["11"].figures["OSH.ACCIDENTS"].value == D(7)
    assert provinces["01"].figures["OSH.ACCIDENTS"].value == D(10)
    assert sum(1 for row in provinces.values() if row.figures["OSH.ACCIDENTS"].value is None) == 32


def test_ratio_rolls_up_as_ratio_of_sums(put, commune_a, commune_b, province_officer):
    put("POV.POOR_RATE", commune_a, "2025H1", numerator=1, denominator=10)  # 10%
    put("POV.POOR_RATE", commune_b, "2025H1", numerator=90, denominator=100)  # 90%
    report = _report(province_officer, unit="11")
    figure = report.unit.figures["POV.POOR_RATE"]
    assert figure.value == D("82.73")  # 91 / 110, not (10 + 90) / 2
    assert (figure.numerator, figure.denominator) == (D(91), D(110))
    communes = {row.code: row for row in report.children}
    assert communes[commune_a.code].figures["POV.POOR_RATE"].value == D("10.00")


def test_a_rate_without_parts_is_not_added_up(put, commune_a, commune_b, province_officer, dien_bien):
    put("POV.POOR_RATE", commune_a, "2025H1", value="12.5")
    put("POV.POOR_RATE", commune_b, "2025H1", numerator=1, denominator=10)
    report = _report(province_officer, unit="11")
    assert report.unit.figures["POV.POOR_RATE"].value is None
    put("POV.POOR_RATE", dien_bien, "2025H1", numerator=30, denominator=1000)
    from ansinh.reports import rollup

    rollup.invalidate("2025H1", ["11"])
    assert _report(province_officer, unit="11").unit.figures["POV.POOR_RATE"].value == D("3.00")


def test_own_entered_figure_replaces_computed_and_children(put, commune_a, commune_b, dien_bien, analyst):
    put("LM.NEW_JOBS", commune_a, "2025H1", value=5, origin="computed")
    put("LM.NEW_JOBS", commune_b, "2025H1", value=7, origin="computed")
    put("LM.NEW_JOBS", commune_b, "2025H1", value=20)  # the officer's full figure for commune B
    report = _report(analyst, unit="11")
    communes = {row.code: row for row in report.children}
    assert communes[commune_b.code].figures["LM.NEW_JOBS"].value == D(20)
    assert report.unit.figures["LM.NEW_JOBS"].value == D(25)
    put("LM.NEW_JOBS", dien_bien, "2025H1", value=1000)
    from ansinh.reports import rollup

    rollup.invalidate("2025H1", ["11"])
    assert _report(analyst, unit="11").unit.figures["LM.NEW_JOBS"].value == D(1000)


def test_plan_and_same_period_last_year(put, commune_a, dien_bien, analyst):
    from ansinh.reports.models import Indicator, PlanTarget

    put("LM.NEW_JOBS", dien_bien, "2025", value=62850)
    put("LM.NEW_JOBS", dien_bien, "2024", value=58000)
    PlanTarget.objects.create(
        indicator=Indicator.objects.get(code="LM.NEW_JOBS"),
        unit=dien_bien,
        unit_code="11",
        level="province",
        province_code="11",
        year=2025,
        value=D(58000),
    )
    figure = {r.code: r for r in _report(analyst, "2025").children}["11"].figures["LM.NEW_JOBS"]
    assert (figure.value, figure.plan, figure.plan_pct) == (D(62850), D(58000), D("108.36"))
    assert (figure.previous, figure.change_pct) == (D(58000), D("8.36"))


def test_a_2024_figure_on_an_old_province_shows_under_its_new_province(put, unit, analyst):
    hai_duong = unit("30", structure="legacy", level="province")  # merged into Hải Phòng (31) on 1/7/2025
    old_hai_phong = unit("31", structure="legacy", level="province")
    put("SI.PARTICIPANTS", hai_duong, "2024", value=400000)
    put("SI.PARTICIPANTS", old_hai_phong, "2024", value=600000)
    put("SI.PARTICIPANTS", unit("31", level="province"), "2025", value=1100000)
    report = _report(analyst, "2025")
    figure = {r.code: r for r in report.children}["31"].figures["SI.PARTICIPANTS"]
    assert figure.previous == D(1000000)
    assert figure.change_pct == D(10)
    assert any("1/7/2025" in note for note in report.notes)


def test_old_communes_carried_to_the_new_commune_and_a_split_one_apportioned(put, unit, analyst):
    # Old commune 31178 (Cần Thơ) was split: 60,17% of it (by area) to 31168, 39,83% to 31120.
    old = unit("31178", structure="legacy", level="commune")
    put("OSH.ACCIDENTS", old, "2024H1", value=1000)
    put("POV.POOR_RATE", old, "2024H1", numerator=100, denominator=1000)
    report = _report(analyst, "2025H1", unit="92")
    communes = {row.code: row for row in report.children}
    first = communes["31168"].figures["OSH.ACCIDENTS"]
    assert first.previous == D(602)  # persons and cases are whole: 601,7 rounds to 602
    assert first.apportioned
    assert communes["31120"].figures["OSH.ACCIDENTS"].previous == D(398)
    assert communes["31168"].figures["POV.POOR_RATE"].previous == D("10.00")  # both parts apportioned
    assert report.unit.figures["OSH.ACCIDENTS"].previous == D(1000)  # the province gets all of it
    assert any("area" in note or "diện tích" in note for note in report.notes)


def test_missing_units_and_completeness(put, commune_a, province_officer, province_approver):
    from ansinh.reports import services

    period = parse_period("2025H1")
    commune_officer_report = _report(province_officer, unit="11")
    assert len(commune_officer_report.missing_units) == len(commune_officer_report.children)
    put("OSH.ACCIDENTS", commune_a, "2025H1", value=1)
    services.report_submit(actor=province_officer, unit_code=commune_a.code, period=period)
    report = _report(province_officer, unit="11")
    assert commune_a.name not in report.missing_units
    assert len(report.missing_units) == len(report.children) - 1
    assert report.unit.figures["OSH.ACCIDENTS"].complete is False
    row = {r.code: r for r in report.children}[commune_a.code]
    assert row.submitted and row.figures["OSH.ACCIDENTS"].status == "submitted"


def test_out_of_scope_unit_is_not_found(other_province_officer, commune_officer, commune_b):
    from ansinh.core.errors import NotFound

    with pytest.raises(NotFound):
        _report(other_province_officer, unit="11")
    with pytest.raises(NotFound):
        _report(commune_officer, unit=commune_b.code)
    assert _report(commune_officer).unit.code != ""  # a scoped user gets their own unit


def test_trend_and_groups(put, dien_bien, analyst):
    put("OSH.ACCIDENTS", dien_bien, "2024H2", value=5)
    put("OSH.ACCIDENTS", dien_bien, "2025H1", value=7)
    report = _report(analyst, unit="11", groups=["OSH"], trend_periods=3)
    assert [i.code for i in report.indicators] == ["OSH.ACCIDENTS"]
    assert [p.period.code for p in report.trend] == ["2024H1", "2024H2", "2025H1"]
    assert [p.values["OSH.ACCIDENTS"] for p in report.trend] == [None, D(5), D(7)]


def test_report_queries_do_not_grow_with_units(
    put, commune_a, commune_b, analyst, django_assert_max_num_queries
):
    for code in ("OSH.ACCIDENTS", "SEVIL.REHAB_COMMUNITY"):
        put(code, commune_a, "2025H1", value=1)
        put(code, commune_b, "2025H1", value=2)
    _report(analyst)  # fills the cache of every period the report reads
    _report(analyst, unit="11")
    with django_assert_max_num_queries(12):
        _report(analyst)
    with django_assert_max_num_queries(14):
        _report(analyst, unit="11")
