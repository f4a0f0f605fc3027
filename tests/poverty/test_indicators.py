"""Poverty indicators computed from the approved statuses and the registry: rates, their change in points
against last year, the poor by deprivation, transitions, and the roll-up across the 2025 reform."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from ansinh.reports.build import build_report
from ansinh.reports.compute import compute_period
from ansinh.reports.models import DataValue, Indicator, RollupValue
from ansinh.reports.periods import parse_period

pytestmark = pytest.mark.django_db

Y2024, Y2025 = parse_period("2024"), parse_period("2025")
DECIDED_2024, DECIDED_2025 = dt.date(2024, 1, 10), dt.date(2025, 1, 10)


@pytest.fixture
def households(make_household, commune_a, commune_b, province_officer):
    """Five households in commune A and three in B, all on the register since 2023."""
    from django.utils import timezone

    from ansinh.registry.models import Household

    made = {f"a{n}": make_household(commune=commune_a, actor=province_officer) for n in range(1, 6)}
    made |= {f"b{n}": make_household(commune=commune_b, actor=province_officer) for n in range(1, 4)}
    Household.objects.filter(pk__in=[h.pk for h in made.values()]).update(
        created_at=timezone.make_aware(dt.datetime(2023, 6, 1))
    )
    return made


def _round(commune, year: int):
    from ansinh.poverty.models import Round

    rnd, _ = Round.objects.get_or_create(
        commune=commune,
        year=year,
        kind="periodic",
        defaults={
            "province_code": commune.province_code,
            "standard_on": dt.date(year - 1, 11, 1),
            "collection_on": dt.date(year - 1, 11, 1),
            "state": "decided",
            "decision_number": f"{year}/QĐ-UBND",
            "decision_date": dt.date(year, 1, 10),
        },
    )
    return rnd


def status(household, kind, transition, *, start, end=None, deprived=()):
    """A decided status as the commune's decision writes it, with the survey behind it."""
    from ansinh.poverty.models import PovertyStatus, Survey

    rnd = _round(household.commune, start.year)
    survey = Survey.objects.create(
        round=rnd,
        household=household,
        commune=household.commune,
        province_code=household.province_code,
        draft=False,
        deprived=list(deprived),
        classification=kind if kind in ("poor", "near_poor", "middle", "other") else "middle",
    )
    return PovertyStatus.objects.create(
        household=household,
        commune=household.commune,
        province_code=household.province_code,
        status=kind,
        transition=transition,
        valid_from=start,
        valid_to=end,
        round=rnd,
        survey=survey,
        decision_number=rnd.decision_number,
        decision_date=start,
    )


@pytest.fixture
def decided(households):
    """2024: a4 and b1 poor. 2025: a1 newly poor, a2 poor again, a3 newly near-poor, a4 escaped poverty,
    b1 still poor, b2 newly near-poor (from March); a5 and b3 never decided on."""
    h = households
    status(
        h["a1"], "poor", "newly_poor", start=DECIDED_2025, deprived=["housing_quality", "water", "latrine"]
    )
    status(h["a2"], "poor", "re_poor", start=DECIDED_2025, deprived=["water"])
    status(h["a3"], "near_poor", "newly_near_poor", start=DECIDED_2025, deprived=["water"])
    status(h["a4"], "poor", "newly_poor", start=DECIDED_2024, end=DECIDED_2025 - dt.timedelta(days=1))
    status(h["a4"], "escaped", "escaped_poverty", start=DECIDED_2025)
    status(h["b1"], "poor", "newly_poor", start=DECIDED_2024, deprived=["employment", "health_insurance"])
    status(h["b2"], "near_poor", "newly_near_poor", start=dt.date(2025, 3, 1))
    return h


def _value(code, unit, period):
    row = DataValue.objects.get(indicator__code=code, unit=unit, period_code=period.code, origin="computed")
    return row.value if row.value is not None else (row.numerator, row.denominator)


def _has(code, unit, period) -> bool:
    return DataValue.objects.filter(indicator__code=code, unit=unit, period_code=period.code).exists()


def test_rates_are_statuses_on_the_last_day_over_the_registry(decided, commune_a, commune_b):
    compute_period(Y2025)
    assert _value("POV.POOR_RATE", commune_a, Y2025) == (D(2), D(5))
    assert _value("POV.NEAR_POOR_RATE", commune_a, Y2025) == (D(1), D(5))
    assert _value("POV.POOR_RATE", commune_b, Y2025) == (D(1), D(3))
    assert _value("POV.NEAR_POOR_RATE", commune_b, Y2025) == (D(1), D(3))
    province = RollupValue.objects.get(indicator__code="POV.POOR_RATE", period_code="2025", unit_code="11")
    assert (province.numerator, province.denominator) == (D(3), D(8))
    assert province.value == D("37.5")  # ratio of sums, not the mean of 40 % and 33,3 %

    compute_period(Y2024)
    assert _value("POV.POOR_RATE", commune_a, Y2024) == (D(1), D(5))
    assert _value("POV.NEAR_POOR_RATE", commune_b, Y2024) == (D(0), D(3))
    # b2 became near-poor on 1 March 2025: on the last day of the first quarter, not of January.
    compute_period(parse_period("2025-01"))
    compute_period(parse_period("2025Q1"))
    assert _value("POV.NEAR_POOR_RATE", commune_b, parse_period("2025-01")) == (D(0), D(3))
    assert _value("POV.NEAR_POOR_RATE", commune_b, parse_period("2025Q1")) == (D(1), D(3))
    # Before any decision covers a commune it has no rate at all, not 0 %.
    compute_period(parse_period("2023"))
    assert not DataValue.objects.filter(indicator__code="POV.POOR_RATE", period_code="2023").exists()


def test_the_registry_counts_households_from_their_record_or_the_decision_covering_them(
    decided, make_household, commune_a
):
    from django.utils import timezone

    late = make_household(commune=commune_a)  # registered after 2024 …
    newer = make_household(commune=commune_a)
    status(late, "poor", "newly_poor", start=DECIDED_2024, end=DECIDED_2025 - dt.timedelta(days=1))
    type(late).objects.filter(pk__in=[late.pk, newer.pk]).update(
        created_at=timezone.make_aware(dt.datetime(2026, 2, 1))
    )
    compute_period(Y2024)
    # … but the 2024 decision already covered `late`: it counts, on top and below; `newer` does not.
    assert _value("POV.POOR_RATE", commune_a, Y2024) == (D(2), D(6))


def test_change_in_points_against_last_year(decided, commune_a, analyst):
    compute_period(Y2024)
    compute_period(Y2025)
    report = build_report(actor=analyst, period=Y2025, unit_code="11")
    commune = {row.code: row for row in report.children}[commune_a.code].figures["POV.POOR_RATE"]
    assert (commune.value, commune.previous, commune.change_points) == (D("40.00"), D("20.00"), D("20.00"))
    province = report.unit.figures["POV.POOR_RATE"]
    assert (province.value, province.previous, province.change_points) == (D("37.50"), D("25.00"), D("12.50"))
    near = report.unit.figures["POV.NEAR_POOR_RATE"]
    assert (near.value, near.previous, near.change_points) == (D("25.00"), D("0.00"), D("25.00"))


def test_poor_households_by_deprivation(decided, commune_a, commune_b):
    compute_period(Y2025)
    assert _value("POV.POOR_DEPRIVED_WATER", commune_a, Y2025) == D(2)  # a1, a2 (a3 is near-poor)
    assert _value("POV.POOR_DEPRIVED_HOUSING_QUALITY", commune_a, Y2025) == D(1)
    assert _value("POV.POOR_DEPRIVED_LATRINE", commune_a, Y2025) == D(1)
    assert _value("POV.POOR_DEPRIVED_EMPLOYMENT", commune_b, Y2025) == D(1)
    assert _value("POV.POOR_DEPRIVED_HEALTH_INSURANCE", commune_b, Y2025) == D(1)
    assert not _has("POV.POOR_DEPRIVED_EMPLOYMENT", commune_a, Y2025)
    assert not _has("POV.POOR_DEPRIVED_NUTRITION", commune_a, Y2025)
    nation = RollupValue.objects.get(
        indicator__code="POV.POOR_DEPRIVED_WATER", period_code="2025", level="nation"
    )
    assert nation.value == D(2)
    compute_period(Y2024)  # a4's survey of 2024 recorded no deprivation
    assert not _has("POV.POOR_DEPRIVED_WATER", commune_a, Y2024)
    assert _value("POV.POOR_DEPRIVED_EMPLOYMENT", commune_b, Y2024) == D(1)


def test_transitions_in_the_period(decided, commune_a, commune_b):
    compute_period(Y2025)
    assert _value("POV.NEWLY_POOR", commune_a, Y2025) == D(1)
    assert _value("POV.RE_POOR", commune_a, Y2025) == D(1)
    assert _value("POV.ESCAPED_POOR", commune_a, Y2025) == D(1)
    assert not _has("POV.NEWLY_POOR", commune_b, Y2025)  # b1 became poor in 2024
    assert not _has("POV.ESCAPED_NEAR_POOR", commune_a, Y2025)
    compute_period(Y2024)
    assert _value("POV.NEWLY_POOR", commune_a, Y2024) == D(1)
    assert _value("POV.NEWLY_POOR", commune_b, Y2024) == D(1)
    province = RollupValue.objects.get(indicator__code="POV.NEWLY_POOR", period_code="2024", unit_code="11")
    assert province.value == D(2)
    compute_period(parse_period("2025-02"))  # nothing decided in February
    assert not DataValue.objects.filter(indicator__code="POV.NEWLY_POOR", period_code="2025-02").exists()


def test_last_years_entered_rates_on_old_communes_roll_up_into_this_years_computed_ones(
    decided, commune_a, analyst
):
    from ansinh.geo.models import UnitLineage

    # Before the reform the rate was entered on the old communes; commune A took them whole.
    links = UnitLineage.objects.filter(successor=commune_a, kind="merged").select_related("predecessor")
    old = [link.predecessor for link in links]
    assert old, "commune A has old communes merged into it"
    for unit in old:
        DataValue.objects.create(
            indicator=Indicator.objects.get(code="POV.POOR_RATE"),
            unit=unit,
            unit_code=unit.code,
            level=unit.level,
            structure=unit.structure,
            province_code=commune_a.province_code,
            origin="entered",
            period_code=Y2024.code,
            period_start=Y2024.start,
            period_months=Y2024.months,
            numerator=D(1),
            denominator=D(10),
        )
    compute_period(Y2025)
    report = build_report(actor=analyst, period=Y2025, unit_code="11")
    figure = {row.code: row for row in report.children}[commune_a.code].figures["POV.POOR_RATE"]
    assert figure.value == D("40.00")
    assert figure.previous == D("10.00")
    assert figure.change_points == D("30.00")


def test_the_rates_are_computed_not_entered(units):
    for code in ("POV.POOR_RATE", "POV.NEAR_POOR_RATE", "POV.NEWLY_POOR", "POV.POOR_DEPRIVED_WATER"):
        indicator = Indicator.objects.get(code=code)
        assert indicator.computed and not indicator.enterable, code
    assert Indicator.objects.get(code="POV.POOR_DEPRIVED_WASTE").provisional  # 2027–2030 draft list


def test_an_officer_cannot_type_the_poverty_rate(commune_officer, commune_a):
    from ansinh.core.errors import ValidationFailed
    from ansinh.reports import services

    item = {"indicator": "POV.POOR_RATE", "unit": commune_a.code, "period": "2025", "numerator": "3"}
    with pytest.raises(ValidationFailed) as exc:
        services.values_write(actor=commune_officer, raw_items=[{**item, "denominator": "100"}])
    assert [e.code for e in exc.value.errors] == ["indicator.computed"]
    assert "POV.POOR_RATE" in str(exc.value.errors[0].message)
    assert not DataValue.objects.filter(indicator__code="POV.POOR_RATE").exists()
