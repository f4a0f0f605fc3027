"""The multidimensional poverty standard: both sides of every line and of every date, provisional flags,
every refusal. Pure: no database."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from django.utils import translation

from ansinh.poverty.standard import (
    INDICATORS_ON,
    Facts,
    PovertyInputError,
    classify,
    indicator_rows,
    law_rows,
    parse_facts,
    standard_on,
)


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


THREE = ["water", "latrine", "telecom"]
TWO = ["water", "latrine"]


def facts(on="2026-05-01", area="rural", income=1_000_000, deprived=()):
    return {"on": on, "area": area, "income_per_capita": income, "deprived": list(deprived)}


def result(**kw):
    return classify(parse_facts(facts(**kw)))


# --- every line, both areas, 2022–2026 ------------------------------------------------------------------

LINES_2022 = {"rural": (1_500_000, 2_250_000), "urban": (2_000_000, 3_000_000)}
LINES_2027 = {"rural": 2_200_000, "urban": 2_800_000}


@pytest.mark.parametrize("on", ["2022-01-01", "2024-06-30", "2025-12-31", "2026-01-01", "2026-12-31"])
@pytest.mark.parametrize("area", ["rural", "urban"])
@pytest.mark.parametrize(
    ("offset", "deprived", "expected"),
    [
        (-1, THREE, "poor"),
        (0, THREE, "poor"),  # equal to the line is at or below it
        (0, TWO, "near_poor"),
        (0, [], "near_poor"),  # D = 0 at or below the line is near-poor, not "not poor"
        (-1_000_000, [], "near_poor"),
        (1, THREE, "middle"),  # above the line the deprivations do not count
        (1, [], "middle"),
    ],
)
def test_2022_2025_standard_at_the_income_line(on, area, offset, deprived, expected):
    line, bound = LINES_2022[area]
    res = result(on=on, area=area, income=line + offset, deprived=deprived)
    assert res.classification == expected
    assert (res.income_line, res.middle_bound, res.standard) == (line, bound, "2022-2025")
    assert res.deprivations == len(deprived)
    assert res.provisional is False


@pytest.mark.parametrize("area", ["rural", "urban"])
@pytest.mark.parametrize(("offset", "expected"), [(-1, "middle"), (0, "middle"), (1, "other")])
def test_2022_2025_middle_bound(area, offset, expected):
    _line, bound = LINES_2022[area]
    res = result(area=area, income=bound + offset, deprived=THREE)
    assert res.classification == expected
    assert res.provisional is False


def test_zero_income_and_all_twelve_deprivations():
    every = [i.code for i in INDICATORS_ON(dt.date(2026, 5, 1))]
    res = result(income=0, deprived=every)
    assert (res.classification, res.deprivations) == ("poor", 12)


@pytest.mark.parametrize(("count", "expected"), [(2, "near_poor"), (3, "poor"), (4, "poor")])
def test_the_deprivation_count_two_three(count, expected):
    codes = [i.code for i in INDICATORS_ON(dt.date(2026, 5, 1))][:count]
    assert result(income=1_500_000, deprived=codes).classification == expected


def test_near_poor_with_no_deprivation_says_so():
    res = result(income=1_500_000)
    assert res.classification == "near_poor"
    assert any("near-poor" in n or "cận nghèo" in n for n in res.notes)


# --- the 2027–2030 standard ---------------------------------------------------------------------------------

DRAFT = ["waste", "digital_services", "water"]


@pytest.mark.parametrize("on", ["2027-01-01", "2030-12-31"])
@pytest.mark.parametrize("area", ["rural", "urban"])
@pytest.mark.parametrize(
    ("offset", "deprived", "expected"),
    [(-1, DRAFT, "poor"), (0, DRAFT, "poor"), (0, DRAFT[:2], "near_poor"), (0, [], "near_poor")],
)
def test_2027_2030_at_or_below_the_line_is_provisional(on, area, offset, deprived, expected):
    line = LINES_2027[area]
    res = result(on=on, area=area, income=line + offset, deprived=deprived)
    assert (res.classification, res.standard, res.income_line) == (expected, "2027-2030", line)
    assert res.middle_bound is None
    assert res.provisional is True
    assert any("2027-2030" in n for n in res.notes)  # the draft indicator list


@pytest.mark.parametrize("area", ["rural", "urban"])
@pytest.mark.parametrize("offset", [1, 1_000_000, 10_000_000])
def test_2027_above_the_line_is_other_never_middle(area, offset):
    res = result(on="2027-01-01", area=area, income=LINES_2027[area] + offset, deprived=DRAFT)
    assert res.classification == "other"
    assert res.middle_bound is None
    assert res.provisional is True
    with translation.override("en"):
        res = result(on="2027-01-01", area=area, income=LINES_2027[area] + offset)
    assert any("cannot be decided" in n for n in res.notes)


# --- every date -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "standard"),
    [
        ("2022-01-01", "2022-2025"),
        ("2025-12-31", "2022-2025"),
        ("2026-01-01", "2022-2025"),  # continued by Decree 351/2025/NĐ-CP
        ("2026-12-31", "2022-2025"),
        ("2027-01-01", "2027-2030"),
        ("2030-12-31", "2027-2030"),
    ],
)
def test_standard_in_force(on, standard):
    assert standard_on(dt.date.fromisoformat(on)).name == standard


@pytest.mark.parametrize(
    ("on", "says"),
    [
        ("2021-03-14", "59/2015/QĐ-TTg"),  # before Decree 07/2021 was in force
        ("2021-03-15", "07/2021/NĐ-CP"),  # in force, but 2021 kept the 2016–2020 standard
        ("2021-12-31", "07/2021/NĐ-CP"),
        ("2016-01-01", "59/2015/QĐ-TTg"),
        ("2031-01-01", "31/12/2030"),
    ],
)
def test_dates_without_a_standard_are_refused(on, says):
    with pytest.raises(PovertyInputError) as err:
        parse_facts(facts(on=on))
    assert (err.value.code, err.value.field) == ("facts.standard_not_held", "on")
    assert says in str(err.value.message)
    with pytest.raises(PovertyInputError):
        INDICATORS_ON(dt.date.fromisoformat(on))


def test_2026_cites_the_extension_and_2025_the_decree():
    basis_2025 = {line.basis for line in result(on="2025-06-01").lines}
    basis_2026 = {line.basis for line in result(on="2026-06-01").lines}
    assert "Nghị định 07/2021/NĐ-CP, Điều 3" in basis_2025
    assert any("Nghị định 351/2025/NĐ-CP" in b for b in basis_2026)
    assert all(b for b in basis_2025 | basis_2026)


# --- indicators -----------------------------------------------------------------------------------------

CODES_2022 = [
    "employment", "dependants", "nutrition", "health_insurance", "adult_education", "school_attendance",
    "housing_quality", "floor_area", "water", "latrine", "telecom", "information_access",
]  # fmt: skip


def test_indicators_2022_2025():
    indicators = INDICATORS_ON(dt.date(2026, 12, 31))
    assert [i.code for i in indicators] == CODES_2022
    assert {i.dimension for i in indicators} == {
        "employment", "health", "education", "housing", "water_sanitation", "information",
    }  # fmt: skip
    assert all(i.citation == "Nghị định 07/2021/NĐ-CP, Điều 3" and not i.provisional for i in indicators)
    assert INDICATORS_ON(dt.date(2026, 1, 1))[0].label == "Việc làm"
    assert all(i.label and i.threshold and i.dimension_label for i in indicators)


def test_indicators_2027_2030_draft():
    indicators = INDICATORS_ON(dt.date(2027, 1, 1))
    codes = [i.code for i in indicators]
    assert len(codes) == 12 and len(set(codes)) == 12
    assert "information_access" not in codes and "telecom" not in codes
    assert {"waste", "digital_services"} <= set(codes)
    assert all(i.provisional for i in indicators)
    assert all(i.citation == "Nghị định 351/2025/NĐ-CP" for i in indicators)


def test_indicator_labels_follow_the_language():
    with translation.override("en"):
        assert INDICATORS_ON(dt.date(2026, 1, 1))[7].label == "Floor area per person"
    assert INDICATORS_ON(dt.date(2026, 1, 1))[7].label == "Diện tích nhà ở bình quân đầu người"


def test_data_files_are_consistent():
    rows = law_rows()
    for name in {r.standard for r in rows}:
        keys = {r.key for r in rows if r.standard == name}
        assert {"line.rural", "line.urban", "poor.min_deprivations"} <= keys
        assert name in indicator_rows()
    for row in rows:
        assert row.valid_from <= row.valid_to and row.citation and row.confidence
    periods = sorted({(r.valid_from, r.valid_to) for r in rows})
    for (_a, end), (start, _b) in itertools.pairwise(periods):
        assert start == end + dt.timedelta(days=1)  # no gap, no overlap


# --- lines, notes, JSON ------------------------------------------------------------------------------------


def test_as_dict_shape_and_lines():
    data = result(income=1_500_000, deprived=THREE).as_dict()
    assert set(data) == {
        "classification", "label", "standard", "on", "area", "income_per_capita", "deprived", "deprivations",
        "income_line", "middle_bound", "lines", "notes", "provisional",
    }  # fmt: skip
    assert data["classification"] == "poor" and data["label"] == "Hộ nghèo"
    assert json.loads(json.dumps(data)) == data
    labels = [line["label"] for line in data["lines"]]
    assert any("1.500.000 đ" in label for label in labels)
    assert all(line["basis"] for line in data["lines"])


# --- refusals -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code", "field"),
    [
        ("{", "facts.bad_json", "facts"),
        ("[1, 2]", "facts.not_an_object", "facts"),
        ({"area": "rural", "income_per_capita": 1}, "facts.missing", "on"),
        (facts(on="01/05/2026"), "facts.bad_date", "on"),
        (facts(on="2026-02-30"), "facts.bad_date", "on"),
        (facts(on=20260501), "facts.bad_date", "on"),
        ({"on": "2026-05-01", "income_per_capita": 1}, "facts.missing", "area"),
        (facts(area="city"), "facts.unknown_area", "area"),
        (facts(area="Rural"), "facts.unknown_area", "area"),
        ({"on": "2026-05-01", "area": "rural"}, "facts.missing", "income_per_capita"),
        (facts(income=-1), "facts.negative", "income_per_capita"),
        (facts(income=True), "facts.bad_number", "income_per_capita"),
        (facts(income=1500000.0), "facts.bad_number", "income_per_capita"),
        (facts(income="1500000"), "facts.bad_number", "income_per_capita"),
        (facts(income=10**11), "facts.too_large", "income_per_capita"),
        ({**facts(), "deprived": "water"}, "facts.bad_list", "deprived"),
        (facts(deprived=["water", "water"]), "facts.duplicate_indicator", "deprived"),
        (facts(deprived=["electricity"]), "facts.unknown_indicator", "deprived"),
        (facts(deprived=[3]), "facts.unknown_indicator", "deprived"),
        (facts(deprived=["waste"]), "facts.unknown_indicator", "deprived"),  # 2027 code in 2026
        (facts(on="2027-01-01", deprived=["information_access"]), "facts.unknown_indicator", "deprived"),
        ({**facts(), "household": "poor"}, "facts.unknown_fact", "household"),
    ],
)
def test_refusals_name_the_field(raw, code, field):
    with pytest.raises(PovertyInputError) as err:
        parse_facts(raw if isinstance(raw, str) else json.loads(json.dumps(raw)))
    assert (err.value.code, err.value.field) == (code, field)
    assert err.value.as_dict()["message"]


def test_unknown_indicator_is_named():
    with pytest.raises(PovertyInputError) as err:
        parse_facts(facts(deprived=["water", "electricity"]))
    assert "electricity" in str(err.value.message)


def test_parse_from_text_and_absent_deprivations():
    parsed = parse_facts('{"on": "2026-05-01", "area": "urban", "income_per_capita": 0}')
    assert parsed == Facts(on=dt.date(2026, 5, 1), area="urban", income_per_capita=0, deprived=())


def test_classify_checks_facts_built_by_hand():
    with pytest.raises(PovertyInputError) as err:
        classify(Facts(on=dt.date(2026, 5, 1), area="rural", income_per_capita=1, deprived=("waste",)))
    assert err.value.code == "facts.unknown_indicator"
    with pytest.raises(PovertyInputError):
        classify(Facts(on=dt.date(2021, 5, 1), area="rural", income_per_capita=1))
