"""Decree 20/2021/NĐ-CP as amended: every clause and variant of Art. 5/6 at the 360k, 500k
and 540k standards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from ansinh.benefits.law import ParamRow, Params, national_rows
from ansinh.benefits.rules import FactsError
from ansinh.benefits.rules import social_assistance as sa


@pytest.fixture(autouse=True)
def _vietnamese():
    """Figures in the default language, whatever an earlier test's request left active in this thread."""
    with translation.override("vi"):
        yield


D360 = dt.date(2023, 1, 15)  # Decree 20/2021 Art. 4(2): 360.000 đ
D500 = dt.date(2025, 1, 15)  # Decree 76/2024: 500.000 đ
D540 = dt.date(2026, 8, 15)  # Decree 335/2026 ⚠️: 540.000 đ


@pytest.fixture(scope="module")
def params():
    return Params(national_rows())


def born(age: int, on: dt.date) -> str:
    """A birth date that makes the person exactly `age` on `on` (birthday earlier that month)."""
    return dt.date(on.year - age, on.month, 1).isoformat()


def facts(on: dt.date, age: int, **kw) -> sa.Facts:
    data = {"on": on.isoformat(), "birth_date": born(age, on), "household": "none", **kw}
    return sa.parse(data)


# (citation — case, age, facts, amount @360k, @500k, @540k)
CASES = [
    ("Art. 6(1)(a) — clause 1, child under 4: 2.5", 2, {"clauses": ["1"]}, 900_000, 1_250_000, 1_350_000),
    ("Art. 6(1)(a) — clause 1, child 4 to under 16: 1.5", 10, {"clauses": ["1"]}, 540_000, 750_000, 810_000),
    ("Art. 6(1)(a) — clause 1 at exactly 4: 1.5", 4, {"clauses": ["1"]}, 540_000, 750_000, 810_000),
    ("Art. 6(1)(b) — clause 2, aged 16-22 studying: 1.5", 18, {"clauses": ["2"]}, 540_000, 750_000, 810_000),
    (
        "Art. 5(2) — clause-1 child aged 17 still studying moves to clause 2: 1.5",
        17,
        {"clauses": ["1"], "studying": True},
        540_000,
        750_000,
        810_000,
    ),
    (
        "Art. 6(1)(c) — clause 3, HIV child under 4, poor: 2.5",
        3,
        {"clauses": ["3"], "household": "poor"},
        900_000,
        1_250_000,
        1_350_000,
    ),
    (
        "Art. 6(1)(c) — clause 3, HIV child 4 to under 16, poor: 2.0",
        8,
        {"clauses": ["3"], "household": "poor"},
        720_000,
        1_000_000,
        1_080_000,
    ),
    (
        "Art. 6(1)(d) — clause 4, near-poor single parent, 1 child: 1.0",
        35,
        {"clauses": ["4"], "household": "near_poor", "children": 1},
        360_000,
        500_000,
        540_000,
    ),
    (
        "Art. 6(1)(d) — clause 4, poor single parent, 3 children: 1.0 each",
        35,
        {"clauses": ["4"], "household": "poor", "children": 3},
        1_080_000,
        1_500_000,
        1_620_000,
    ),
    (
        "Art. 6(1)(đ) — clause 5a, 60 to under 80: 1.5",
        70,
        {"clauses": ["5a"], "household": "poor"},
        540_000,
        750_000,
        810_000,
    ),
    (
        "Art. 6(1)(đ) — clause 5a at exactly 60: 1.5",
        60,
        {"clauses": ["5a"], "household": "poor"},
        540_000,
        750_000,
        810_000,
    ),
    (
        "Art. 6(1)(đ) — clause 5a, 80 and over: 2.0",
        85,
        {"clauses": ["5a"], "household": "poor"},
        720_000,
        1_000_000,
        1_080_000,
    ),
    (
        "Art. 6(1)(đ) — clause 5b, 75 to under 80 near-poor: 1.0",
        77,
        {"clauses": ["5b"], "household": "near_poor"},
        360_000,
        500_000,
        540_000,
    ),
    (
        "Art. 6(1)(đ) — clause 5c, 80+ without pension: 1.0",
        82,
        {"clauses": ["5c"]},
        360_000,
        500_000,
        540_000,
    ),
    (
        "Art. 6(1)(đ) — clause 5d, cared for in the community: 3.0",
        65,
        {"clauses": ["5d"], "household": "poor"},
        1_080_000,
        1_500_000,
        1_620_000,
    ),
    (
        "Art. 6(1)(e) — clause 6, especially severe adult: 2.0",
        30,
        {"clauses": ["6"], "disability": "especially_severe"},
        720_000,
        1_000_000,
        1_080_000,
    ),
    (
        "Art. 6(1)(e) — clause 6, especially severe child: 2.5",
        10,
        {"clauses": ["6"], "disability": "especially_severe"},
        900_000,
        1_250_000,
        1_350_000,
    ),
    (
        "Art. 6(1)(e) — clause 6, especially severe elderly: 2.5",
        70,
        {"clauses": ["6"], "disability": "especially_severe"},
        900_000,
        1_250_000,
        1_350_000,
    ),
    (
        "Art. 6(1)(e) — clause 6, severe adult: 1.5",
        30,
        {"clauses": ["6"], "disability": "severe"},
        540_000,
        750_000,
        810_000,
    ),
    (
        "Art. 6(1)(e) — clause 6, severe adult at 59: 1.5",
        59,
        {"clauses": ["6"], "disability": "severe"},
        540_000,
        750_000,
        810_000,
    ),
    (
        "Art. 6(1)(e) — clause 6, severe child: 2.0",
        5,
        {"clauses": ["6"], "disability": "severe"},
        720_000,
        1_000_000,
        1_080_000,
    ),
    (
        "Art. 6(1)(e) — clause 6, severe elderly at 60: 2.0",
        60,
        {"clauses": ["6"], "disability": "severe"},
        720_000,
        1_000_000,
        1_080_000,
    ),
    (
        "Art. 6(1)(g) — clause 7, child under 3 poor: 1.5",
        2,
        {"clauses": ["7"], "household": "poor"},
        540_000,
        750_000,
        810_000,
    ),
    (
        "Art. 6(1)(g) — clause 8, HIV poor household: 1.5",
        40,
        {"clauses": ["8"], "household": "poor"},
        540_000,
        750_000,
        810_000,
    ),
]


@pytest.mark.parametrize(("on", "column"), [(D360, 3), (D500, 4), (D540, 5)], ids=["360k", "500k", "540k"])
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_clause_amounts(params, case, on, column):
    result = sa.monthly_amount(facts(on, case[1], **case[2]), params)
    assert result.eligible, result.notes
    assert result.monthly_amount == case[column]
    assert sum(line.amount for line in result.lines) == case[column]
    assert result.provisional is (on == D540)  # only the 2026 standard is merely reported


def test_line_explains_standard_coefficient_and_citations(params):
    result = sa.monthly_amount(facts(D500, 70, clauses=["5a"], household="poor"), params)
    (line,) = result.lines
    assert line.label.startswith("Clause 5a") or line.label.startswith("Khoản 5a")
    assert line.basis.startswith("500.000 đ × 1,5 — Nghị định 20/2021/NĐ-CP, Điều 6")
    assert "Nghị định 76/2024/NĐ-CP" in line.basis
    assert result.clause == "5a"


def test_english_number_format(params):
    from django.utils import translation

    with translation.override("en"):
        result = sa.monthly_amount(facts(D500, 70, clauses=["5a"], household="poor"), params)
    assert result.lines[0].basis.startswith("500,000 VND × 1.5 — ")


def test_provisional_standard_is_explained(params):
    result = sa.monthly_amount(facts(D540, 70, clauses=["5a"], household="poor"), params)
    assert result.provisional
    assert any("540.000 đ" in n and "335/2026" in n for n in result.notes)


# --- combination (Art. 6(2)) -------------------------------------------------------------------------

COMBINATIONS = [
    (
        "Art. 6(2) — several groups: only the highest (6 especially severe elderly over 5a)",
        70,
        {"clauses": ["5a", "6"], "disability": "especially_severe", "household": "poor"},
        1_250_000,
        ["6"],
    ),
    ("Art. 6(2) — 5d over 5a", 70, {"clauses": ["5a", "5d"], "household": "poor"}, 1_500_000, ["5d"]),
    (
        "Art. 6(2) — 7 and 6 severe child: highest only",
        2,
        {"clauses": ["6", "7"], "disability": "severe", "household": "poor"},
        1_000_000,
        ["6"],
    ),
    (
        "Art. 6(2) — clause 4 on top of 5a",
        65,
        {"clauses": ["4", "5a"], "household": "poor", "children": 2},
        1_750_000,
        ["5a", "4"],
    ),
    (
        "Art. 6(2) — clause 4 on top of 6",
        40,
        {"clauses": ["6", "4"], "disability": "severe", "household": "near_poor", "children": 1},
        1_250_000,
        ["6", "4"],
    ),
    (
        "Art. 6(2) — clause 4 on top of 8",
        40,
        {"clauses": ["8", "4"], "household": "poor", "children": 1},
        1_250_000,
        ["8", "4"],
    ),
    (
        "Art. 6(2) — clause 4 on top of 5c (clause 5, any point)",
        82,
        {"clauses": ["5c", "4"], "household": "near_poor", "children": 1},
        1_000_000,
        ["5c", "4"],
    ),
    (
        "Art. 6(2) — clause 4 NOT on top of 7: the higher of the two",
        2,
        {"clauses": ["4", "7"], "household": "poor", "children": 1},
        750_000,
        ["7"],
    ),
    (
        "Art. 6(2) — clause 4 NOT on top of 2: clause 4 with 2 children is higher",
        18,
        {"clauses": ["2", "4"], "household": "poor", "children": 2},
        1_000_000,
        ["4"],
    ),
    (
        "Art. 6(2) — clause 4 on top of the best of 5a/6, not of both",
        70,
        {"clauses": ["4", "5a", "6"], "disability": "severe", "household": "poor", "children": 1},
        1_500_000,
        ["6", "4"],
    ),
]


@pytest.mark.parametrize("case", COMBINATIONS, ids=[c[0] for c in COMBINATIONS])
def test_combination(params, case):
    _, age, data, amount, paid = case
    result = sa.monthly_amount(facts(D500, age, **data), params)
    assert result.monthly_amount == amount
    clauses = [line.label.split(":")[0].split()[-1] for line in result.lines]
    assert clauses == paid
    assert result.clause == paid[0]


def test_combination_notes_name_the_rule(params):
    with translation.override("en"):
        result = sa.monthly_amount(
            facts(D500, 70, clauses=["5a", "6"], disability="severe", household="poor"), params
        )
    assert result.monthly_amount == 1_000_000
    assert any("5a" in n and "6(2)" in n for n in result.notes)


# --- household and age conditions are answers, not errors ---------------------------------------------

NOT_MET = [
    ("Art. 5(5)(a) — 5a needs a poor household", 70, {"clauses": ["5a"], "household": "none"}, "poor"),
    ("Art. 5(5)(a) — 5a: near-poor is not enough", 70, {"clauses": ["5a"], "household": "near_poor"}, "poor"),
    ("Art. 5(3) — clause 3 needs a poor household", 5, {"clauses": ["3"], "household": "near_poor"}, "poor"),
    ("Art. 5(7) — clause 7 needs poor or near-poor", 1, {"clauses": ["7"], "household": "none"}, "near-poor"),
    ("Art. 5(8) — clause 8 needs a poor household", 30, {"clauses": ["8"], "household": "near_poor"}, "poor"),
    ("Art. 5(4) — clause 4 needs poor or near-poor", 30, {"clauses": ["4"], "children": 1}, "near-poor"),
    ("Art. 5(5)(b) — 5b needs poor or near-poor", 76, {"clauses": ["5b"]}, "near-poor"),
    ("Art. 5(1) — clause 1 stops at 16 when not studying", 16, {"clauses": ["1"]}, "16"),
    ("Art. 5(5)(a) — 5a at 45 (lenient month by month)", 45, {"clauses": ["5a"], "household": "poor"}, "60"),
]


@pytest.mark.parametrize("case", NOT_MET, ids=[c[0] for c in NOT_MET])
def test_conditions_not_met_are_not_eligible(params, case):
    _, age, data, word = case
    with translation.override("en"):  # the reason is checked in its English wording
        result = sa.monthly_amount(facts(D500, age, **data), params)
    assert not result.eligible
    assert result.monthly_amount == 0
    assert result.lines == ()
    assert any(word in n for n in result.notes), result.notes


def test_household_not_met_passes_check(params):
    sa.check(
        facts(D500, 70, clauses=["5a"], household="none"), params
    )  # no error: an answer, not a contradiction


# --- contradictions (check) ----------------------------------------------------------------------------

CONTRADICTIONS = [
    ("unknown clause", {"clauses": ["9"]}, 40, "facts.unknown_clause", "clauses"),
    ("no clause", {"clauses": []}, 40, "facts.no_clause", "clauses"),
    (
        "clause 6 without a disability level",
        {"clauses": ["6"]},
        40,
        "facts.disability_required",
        "disability",
    ),
    (
        "unknown disability level",
        {"clauses": ["6"], "disability": "mild"},
        40,
        "facts.unknown_disability",
        "disability",
    ),
    (
        "5a for a 45-year-old",
        {"clauses": ["5a"], "household": "poor"},
        45,
        "facts.age_outside_clause",
        "clauses",
    ),
    (
        "5d for a 59-year-old",
        {"clauses": ["5d"], "household": "poor"},
        59,
        "facts.age_outside_clause",
        "clauses",
    ),
    ("5b at 80", {"clauses": ["5b"], "household": "poor"}, 80, "facts.age_outside_clause", "clauses"),
    ("5b at 74", {"clauses": ["5b"], "household": "poor"}, 74, "facts.age_outside_clause", "clauses"),
    ("5c at 79", {"clauses": ["5c"]}, 79, "facts.age_outside_clause", "clauses"),
    ("clause 1 at 17 not studying", {"clauses": ["1"]}, 17, "facts.age_outside_clause", "clauses"),
    (
        "clause 1 at 23 studying",
        {"clauses": ["1"], "studying": True},
        23,
        "facts.age_outside_clause",
        "clauses",
    ),
    ("clause 3 at 16", {"clauses": ["3"], "household": "poor"}, 16, "facts.age_outside_clause", "clauses"),
    ("clause 7 at 3", {"clauses": ["7"], "household": "poor"}, 3, "facts.age_outside_clause", "clauses"),
    ("clause 2 at 15", {"clauses": ["2"]}, 15, "facts.age_outside_clause", "clauses"),
    ("clause 2 at 23", {"clauses": ["2"]}, 23, "facts.age_outside_clause", "clauses"),
    (
        "clause 4 without a child",
        {"clauses": ["4"], "household": "poor"},
        30,
        "facts.children_required",
        "children",
    ),
    ("negative children", {"clauses": ["4"], "children": -1}, 30, "facts.negative", "children"),
    (
        "unknown household",
        {"clauses": ["8"], "household": "rich"},
        30,
        "facts.unknown_household",
        "household",
    ),
    ("children not a number", {"clauses": ["4"], "children": "two"}, 30, "facts.bad_number", "children"),
    ("studying not a boolean", {"clauses": ["2"], "studying": "yes"}, 18, "facts.bad_boolean", "studying"),
    ("an unknown fact", {"clauses": ["8"], "income": 5}, 30, "facts.unknown_fact", "income"),
]


@pytest.mark.parametrize("case", CONTRADICTIONS, ids=[c[0] for c in CONTRADICTIONS])
def test_contradictions(params, case):
    _, data, age, code, field = case
    with pytest.raises(FactsError) as caught:
        sa.check(facts(D500, age, **data), params)
    assert caught.value.code == code
    assert caught.value.field == field
    assert caught.value.status == 422
    assert str(caught.value.message)


def test_age_error_names_the_clause_and_age(params):
    with pytest.raises(FactsError) as caught:
        sa.check(facts(D500, 45, clauses=["5a"], household="poor"), params)
    assert "5a" in str(caught.value.message) and "45" in str(caught.value.message)


def test_disability_given_without_clause_6_is_fine(params):
    sa.check(facts(D500, 70, clauses=["5a"], disability="severe", household="poor"), params)


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        ({"on": "2021-06-30", "birth_date": "1950-01-01", "clauses": ["5c"]}, "facts.date_too_early", "on"),
        (
            {"on": "2025-01-01", "birth_date": "2025-02-01", "clauses": ["1"]},
            "facts.born_after_date",
            "birth_date",
        ),
        ({"birth_date": "1950-01-01", "clauses": ["5c"]}, "facts.missing", "on"),
        ({"on": "2025-13-01", "birth_date": "1950-01-01", "clauses": ["5c"]}, "facts.bad_date", "on"),
        ({"on": "2025-01-01", "birth_date": 1950, "clauses": ["5c"]}, "facts.bad_date", "birth_date"),
        (
            {"on": "2025-01-01", "birth_date": "1950-01-01", "clauses": "5x"},
            "facts.unknown_clause",
            "clauses",
        ),
        (
            {"on": "2025-01-01", "birth_date": "1950-01-01", "clauses": {"a": 1}},
            "facts.bad_clauses",
            "clauses",
        ),
    ],
)
def test_dates_and_types(params, data, code, field):
    with pytest.raises(FactsError) as caught:
        sa.check(sa.parse(data), params)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_monthly_amount_is_lenient_before_the_decree(params):
    result = sa.monthly_amount(facts(dt.date(2010, 1, 1), 70, clauses=["5a"], household="poor"), params)
    assert not result.eligible and result.notes


# --- the provincial floor (Art. 4(3)) -------------------------------------------------------------------


def _with_province(value: int, valid_from: dt.date, code: str = "11") -> Params:
    local = ParamRow(
        key="sa.standard",
        province_code=code,
        valid_from=valid_from,
        valid_to=None,
        value=Decimal(value),
        citation="Nghị quyết 10/2024/NQ-HĐND tỉnh Điện Biên",
        confidence="confirmed",
    )
    return Params([*national_rows(), local])


def test_provincial_level_above_national_applies_with_its_resolution():
    params = _with_province(600_000, dt.date(2024, 7, 1))
    result = sa.monthly_amount(facts(D500, 70, clauses=["5a"], household="poor", province="11"), params)
    assert result.monthly_amount == 900_000
    assert "Nghị quyết 10/2024/NQ-HĐND" in result.lines[0].basis
    assert any("600.000 đ" in n for n in result.notes)
    # Another province, or none, keeps the national level.
    other = sa.monthly_amount(facts(D500, 70, clauses=["5a"], household="poor", province="01"), params)
    assert other.monthly_amount == 750_000


def test_national_level_is_a_floor_when_it_overtakes_the_province():
    params = _with_province(450_000, dt.date(2023, 1, 1))
    before = sa.monthly_amount(
        facts(dt.date(2024, 3, 15), 70, clauses=["5a"], household="poor", province="11"), params
    )
    after = sa.monthly_amount(facts(D500, 70, clauses=["5a"], household="poor", province="11"), params)
    assert before.monthly_amount == 675_000  # 450.000 × 1,5 while the national level was 360.000
    assert after.monthly_amount == 750_000  # 500.000 × 1,5: the national level overtook the province's
    assert "Nghị định 76/2024" in after.lines[0].basis


# --- funeral support (Art. 11) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "amount", "provisional"),
    [(D360, 7_200_000, False), (D500, 10_000_000, False), (D540, 10_800_000, True)],
    ids=["Art. 11 — 20 × 360k", "Art. 11 — 20 × 500k", "Art. 11 — 20 × 540k (reported)"],
)
def test_funeral_support(params, on, amount, provisional):
    result = sa.funeral_support(on=on, province=None, params=params)
    assert result.eligible and result.monthly_amount == amount and result.provisional is provisional
    assert "Điều 11" in result.lines[0].basis


def test_funeral_support_uses_the_provincial_level():
    params = _with_province(600_000, dt.date(2024, 7, 1))
    assert sa.funeral_support(on=D500, province="11", params=params).monthly_amount == 12_000_000
