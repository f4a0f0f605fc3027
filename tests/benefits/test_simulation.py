"""Policy-cost simulation (`benefits.simulation.costs.simulate`): figures checked by hand, scope, and no
writes.

The fixture: three enrolments paid in 01/2027, when the standard level is 540.000 đ (Decree 335/2026,
reported) — scenario: level 650.000 đ, clause 5a at 1,8 and severe disability at 1,2:

| who                | province | clause                   | before    | after                     |
|--------------------|----------|--------------------------|-----------|---------------------------|
| elderly, born 1950 | 11       | 5a (60 to under 80): 1,5 | 810.000   | 1,8 × 650.000 = 1.170.000 |
| adult, born 1990   | 11       | 6 severe adult: 1,5      | 810.000   | 1,2 × 650.000 = 780.000   |
| parent, born 1985  | 01       | 4, two children: 2 × 1,0 | 1.080.000 | 2 × 650.000 = 1.300.000   |

Total 2.700.000 → 3.250.000 a month (+550.000), 32.400.000 → 39.000.000 a year; 2 gain, 1 loses.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ansinh.benefits.law import clear_cache, current_params
from ansinh.benefits.models import Enrolment, LegalParameter
from ansinh.benefits.simulation.costs import (
    SimulationResult,
    parse_scenario,
    resolve_coefficients,
    scenario_params,
    simulate,
)
from ansinh.core.errors import NotFound, PermissionDenied, ValidationFailed

FROM = dt.date(2027, 1, 1)
START = dt.date(2025, 7, 1)
SCENARIO = {"5a": Decimal("1.8"), "6.severe": Decimal("1.2")}


def enrol(person, clause, facts, *, regime="social_assistance", start=START, status="active", end=None):
    return Enrolment.objects.create(
        person=person, commune=person.commune, province_code=person.province_code, regime=regime,
        clause=clause, facts=facts, facts_from=start, start_month=start, status=status, end_month=end,
        channel="cash", cash_reason="Người cao tuổi không tự đi lại được",
    )  # fmt: skip


def sa(clauses, *, disability=None, household="poor", children=0):
    return {"clauses": clauses, "disability": disability, "household": household, "children": children,
            "studying": False}  # fmt: skip


@pytest.fixture
def world(make_person, commune_b, ha_noi_commune, other_province_officer):
    elderly = make_person(birth_date="1950-03-10")
    adult = make_person(birth_date="1990-05-01", commune_id=commune_b.pk)
    parent = make_person(birth_date="1985-02-02", commune_id=ha_noi_commune.pk, actor=other_province_officer)
    enrol(elderly, "5a", sa(["5a"]))
    enrol(adult, "6", sa(["6"], disability="severe", household="none"))
    enrol(parent, "4", sa(["4"], household="near_poor", children=2))
    # Not paid in 01/2027, so not counted: stopped, starting later, the other regime.
    late = make_person(birth_date="1951-01-01")
    enrol(late, "5a", sa(["5a"]), start=dt.date(2027, 2, 1))
    gone = make_person(birth_date="1940-01-01")
    enrol(gone, "5c", sa(["5c"]), status="stopped", end=dt.date(2026, 3, 1))
    pensioner = make_person(birth_date="1945-01-01")
    enrol(pensioner, "", {"household": "none", "pension_monthly": 0}, regime="social_pension")
    return {"elderly": elderly, "adult": adult, "parent": parent}


def run(actor, *, province=None, standard=650_000, coefficients=SCENARIO, regime="social_assistance"):
    return simulate(
        actor=actor, regime=regime, standard=standard, from_month=FROM, coefficients=coefficients,
        province_code=province,
    )  # fmt: skip


def figures(cell):
    return (
        cell.persons,
        cell.baseline,
        cell.scenario,
        cell.difference,
        cell.gaining,
        cell.losing,
        cell.unchanged,
    )


def test_national_figures_by_hand(world, analyst):
    result = run(analyst)
    assert result.baseline_level == 540_000 and result.standard == 650_000
    assert figures(result.total) == (3, 2_700_000, 3_250_000, 550_000, 2, 1, 0)
    assert (result.total.baseline_yearly, result.total.scenario_yearly) == (32_400_000, 39_000_000)
    assert result.total.difference_yearly == 6_600_000
    assert figures(result.by_province["11"]) == (2, 1_620_000, 1_950_000, 330_000, 1, 1, 0)
    assert figures(result.by_province["01"]) == (1, 1_080_000, 1_300_000, 220_000, 1, 0, 0)
    assert figures(result.by_clause["5a"]) == (1, 810_000, 1_170_000, 360_000, 1, 0, 0)
    assert figures(result.by_clause["6"]) == (1, 810_000, 780_000, -30_000, 0, 1, 0)
    assert figures(result.by_clause["4"]) == (1, 1_080_000, 1_300_000, 220_000, 1, 0, 0)
    assert set(result.coefficients) == {
        "sa.coef.5a.under80", "sa.coef.5a.from80", "sa.coef.6.severe.adult",
        "sa.coef.6.severe.child_or_elderly",
    }  # fmt: skip
    assert result.province_names["11"].endswith("Điện Biên")


def test_result_round_trips_through_json(world, analyst):
    result = run(analyst)
    data = result.as_dict()
    assert data["total"]["difference_yearly"] == 6_600_000
    assert [row["clause"] for row in data["by_clause"]] == ["4", "5a", "6"]
    again = SimulationResult.from_dict(data)
    assert figures(again.total) == figures(result.total) and again.province_names == result.province_names


def test_standard_only_and_the_social_pension(world, analyst):
    level_only = run(analyst, coefficients={})
    assert figures(level_only.total) == (3, 2_700_000, 3_250_000, 550_000, 3, 0, 0)  # 650/540 each
    pension = run(analyst, regime="social_pension", standard=700_000, coefficients={})
    assert figures(pension.total) == (1, 540_000, 700_000, 160_000, 1, 0, 0)
    assert set(pension.by_clause) == {""}


def test_a_cut_is_allowed_and_flagged(world, analyst):
    result = run(analyst, standard=500_000, coefficients={})
    assert result.below_current_level and result.total.losing == 3 and result.total.difference == -200_000


def test_a_provincial_level_above_the_new_national_one_keeps_applying(world, analyst):
    LegalParameter.objects.create(
        key="sa.standard", province_code="11", valid_from=dt.date(2026, 7, 1), value=700_000,
        citation="Nghị quyết HĐND tỉnh (thử)", confidence="confirmed",
    )  # fmt: skip
    clear_cache()
    result = run(analyst, coefficients={})
    # Điện Biên: 1,5 × 700.000 = 1.050.000 before and after (the new 650.000 is below its own level).
    assert figures(result.by_province["11"]) == (2, 2_100_000, 2_100_000, 0, 0, 0, 2)
    assert figures(result.by_province["01"]) == (1, 1_080_000, 1_300_000, 220_000, 1, 0, 0)


def test_province_officer_sees_own_province_only(world, province_officer, other_province_officer):
    assert figures(run(province_officer).total) == (2, 1_620_000, 1_950_000, 330_000, 1, 1, 0)
    assert set(run(other_province_officer).by_province) == {"01"}
    with pytest.raises(NotFound):
        run(province_officer, province="01")


def test_analyst_may_narrow_to_a_province(world, analyst):
    assert set(run(analyst, province="01").by_province) == {"01"}
    with pytest.raises(NotFound):
        run(analyst, province="99")


@pytest.mark.parametrize("role", ["commune_officer", "auditor", "counsellor", "admin_user"])
def test_roles_without_the_capability_are_refused(request, world, role):
    with pytest.raises(PermissionDenied):
        run(request.getfixturevalue(role))


def test_changes_nothing(world, analyst):
    with CaptureQueriesContext(connection) as queries:
        run(analyst)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().split()[0].upper() in
              ("INSERT", "UPDATE", "DELETE", "REPLACE")]  # fmt: skip
    assert writes == []


def test_reads_in_chunks(world, analyst, monkeypatch):
    from ansinh.benefits.simulation import costs as simulation

    monkeypatch.setattr(simulation, "CHUNK", 2)
    seen = []
    result = simulate(
        actor=analyst, regime="social_assistance", standard=650_000, from_month=FROM, coefficients=SCENARIO,
        province_code=None, progress=lambda done, total, message=None: seen.append((done, total)),
    )  # fmt: skip
    assert figures(result.total) == (3, 2_700_000, 3_250_000, 550_000, 2, 1, 0)
    assert seen == [(2, 3), (3, 3)]


# --- the scenario -----------------------------------------------------------------------------------


def test_coefficient_specs_resolve_to_parameter_keys(db):
    params = current_params()
    assert set(resolve_coefficients({"5a": Decimal(2)}, params)) == {
        "sa.coef.5a.under80",
        "sa.coef.5a.from80",
    }
    specific = resolve_coefficients({"5a.from80": Decimal("2.2"), "5a": Decimal(2)}, params)
    assert specific == {"sa.coef.5a.under80": Decimal(2), "sa.coef.5a.from80": Decimal("2.2")}
    assert set(resolve_coefficients({"6": Decimal(2)}, params)) == {
        "sa.coef.6.severe.adult", "sa.coef.6.severe.child_or_elderly",
        "sa.coef.6.especially_severe.adult", "sa.coef.6.especially_severe.child_or_elderly",
    }  # fmt: skip
    for bad in ("9", "5", "5a.over90", "standard"):
        with pytest.raises(ValidationFailed) as exc:
            resolve_coefficients({bad: Decimal(1)}, params)
        assert exc.value.errors[0].code == "coefficients.unknown_clause"


def test_scenario_rows_take_over_from_the_month(db):
    params = current_params()
    scenario = scenario_params(params, from_month=FROM, overrides={"sa.standard": Decimal(650_000)})
    assert scenario.get("sa.standard", dt.date(2026, 12, 31)).value == 540_000
    assert scenario.get("sa.standard", FROM).value == 650_000
    assert scenario.get("sa.standard", dt.date(2024, 8, 1)).value == 500_000
    early = scenario_params(
        params, from_month=dt.date(2026, 1, 1), overrides={"sa.standard": Decimal(600_000)}
    )
    assert early.get("sa.standard", dt.date(2026, 9, 1)).value == 600_000  # the later 540.000 row is dropped
    assert params.get("sa.standard", FROM).value == 540_000  # the original is untouched


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"regime": "x", "from_month": "2027-01"}, "regime"),
        ({"regime": "social_assistance", "from_month": "2027-13"}, "from_month"),
        ({"regime": "social_assistance", "from_month": ""}, "from_month"),
        ({"regime": "social_assistance", "from_month": "2027-01", "standard": "-5"}, "standard"),
        ({"regime": "social_assistance", "from_month": "2027-01", "standard": "6.5e5x"}, "standard"),
        ({"regime": "social_assistance", "from_month": "2027-01", "coefficients": ["5a"]}, "coefficients"),
        (
            {"regime": "social_assistance", "from_month": "2027-01", "coefficients": {"5a": "abc"}},
            "coefficients",
        ),
        (
            {"regime": "social_assistance", "from_month": "2027-01", "coefficients": {"5a": "-1"}},
            "coefficients",
        ),
    ],
)
def test_parse_scenario_refuses_bad_input(raw, field):
    with pytest.raises(ValidationFailed) as exc:
        parse_scenario(raw)
    assert field in [e.field for e in exc.value.errors]


def test_parse_scenario_accepts_the_usual_spellings():
    s = parse_scenario({"regime": "social-assistance", "standard": "650.000", "from_month": "01/2027",
                        "coefficients": ["5a=1,8", "6.severe=1.2"], "province_code": "1"})  # fmt: skip
    assert (s.regime, s.standard, s.from_month, s.province_code) == ("social_assistance", 650_000, FROM, "01")
    assert s.coefficients == {"5a": Decimal("1.8"), "6.severe": Decimal("1.2")}
    assert parse_scenario({"regime": "social_pension", "from_month": "2027-01-15"}).from_month == FROM


def test_simulate_refuses_empty_and_misplaced_scenarios(world, analyst):
    with pytest.raises(ValidationFailed) as exc:
        run(analyst, standard=None, coefficients={})
    assert exc.value.errors[0].code == "scenario.empty"
    with pytest.raises(ValidationFailed) as exc:
        run(analyst, regime="social_pension", coefficients={"5a": Decimal(2)})
    assert exc.value.errors[0].code == "coefficients.not_applicable"
