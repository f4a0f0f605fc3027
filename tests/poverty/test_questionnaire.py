"""Form B2 as data: answers in, deprivations and income per person out; form B1's scoring is not held."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.utils import translation

from ansinh.poverty import questionnaire as q
from ansinh.poverty.standard import INDICATORS_ON, PovertyInputError, classify, parse_facts

ON = dt.date(2026, 9, 1)
ON_2027 = dt.date(2027, 3, 1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def adult(age=40, **kw):
    base = {"age": age, "employment": "wage_with_contract", "health_insurance": True}
    if 16 <= age <= 30:
        base |= {"education": "upper_secondary", "studying": False}
    return base | kw


def child(age=8, **kw):
    return {"age": age, "malnourished": False, "health_insurance": True, "in_school": True} | kw


def household(**kw):
    """Two parents and two children: deprived on nothing."""
    base = {
        "members": [adult(40), adult(38), child(10), child(4)],
        "dwelling": "durable",
        "floor_area_m2": 40,
        "water_source": "piped",
        "latrine": "septic",
        "uses_phone_or_internet": True,
        "information_devices": ["tv", "smartphone"],
    }
    return base | kw


def deprived(answers, on=ON):
    return q.deprivations_from_answers(answers, on)[0]


def test_a_household_with_nothing_lacking():
    codes, lines = q.deprivations_from_answers(household(), ON)
    assert codes == []
    assert len(lines) == 13  # one per indicator and the provisional thresholds
    assert all(": not deprived" in line for line in lines[:12])
    assert "provisional" in lines[-1]


def with_member(index, **changes):
    answers = household()
    answers["members"] = copy.deepcopy(answers["members"])
    answers["members"][index] |= changes
    return answers


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        (with_member(0, employment="unemployed"), "employment"),
        (with_member(1, employment="wage_without_contract"), "employment"),
        (with_member(2, malnourished=True), "nutrition"),
        (with_member(0, health_insurance=False), "health_insurance"),
        (with_member(2, in_school=False), "school_attendance"),
        (household(dwelling="not_durable"), "housing_quality"),
        (household(dwelling="makeshift"), "housing_quality"),
        (household(floor_area_m2=31.9), "floor_area"),
        (household(water_source="surface"), "water"),
        (household(water_source="unprotected_well"), "water"),
        (household(latrine="none"), "latrine"),
        (household(latrine="unimproved"), "latrine"),
        (household(uses_phone_or_internet=False), "telecom"),
        (household(information_devices=[]), "information_access"),
    ],
)
def test_each_indicator_follows_its_answer(answers, code):
    assert deprived(answers) == [code]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (with_member(3, health_insurance=False), []),  # a child of 4: under 6
        (with_member(0, employment="self_employed"), []),
        (household(floor_area_m2=32), []),  # exactly 8 m² per person
        (household(floor_area_m2="32,0"), []),
        (household(water_source="rainwater"), []),
        (household(latrine="double_vault"), []),
        (household(information_devices=["radio"]), []),
    ],
)
def test_the_other_side_of_each_threshold(answers, expected):
    assert deprived(answers) == expected


@pytest.mark.parametrize(
    ("age", "expected"), [(2, []), (3, ["school_attendance"]), (15, ["school_attendance"])]
)
def test_school_ages(age, expected):
    members = [adult(40), adult(38), child(age, in_school=False)]
    if age == 15:
        members[2] |= {"employment": "not_in_labour_force"}
    assert deprived(household(members=members)) == expected


@pytest.mark.parametrize(
    ("ages", "unable", "expected"),
    [
        ([40, 10, 70], [], ["dependants"]),  # 2 of 3
        ([40, 38, 10, 70], [], []),  # 2 of 4: not more than half
        ([40, 38, 10], [1], ["dependants"]),  # a member unable to work
        ([59, 15], [], []),
        ([60, 15], [], ["dependants"]),
    ],
)
def test_dependants(ages, unable, expected):
    members = []
    for i, age in enumerate(ages):
        m = adult(age) if age >= 16 else child(age)
        if age >= 15 and age < 16:
            m |= {"employment": "not_in_labour_force"}
        if i in unable:
            m |= {"unable_to_work": True}
        members.append(m)
    answers = household(members=members, floor_area_m2=100)
    assert [c for c in deprived(answers) if c == "dependants"] == expected


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (adult(17, education="lower_secondary"), []),
        (adult(17, education="primary"), ["adult_education"]),
        (adult(17, education="primary", studying=True), []),
        (adult(18, education="lower_secondary"), ["adult_education"]),
        (adult(25, education="vocational"), []),
        (adult(30, education="primary"), ["adult_education"]),
        (adult(31, education="primary"), []),  # over 30: not asked
    ],
)
def test_adult_education(member, expected):
    answers = household(members=[adult(45), member], floor_area_m2=100)
    assert [c for c in deprived(answers) if c == "adult_education"] == expected


def test_the_questions_follow_the_date():
    keys_2026 = {question.key for question in q.questions_on(ON)}
    keys_2027 = {question.key for question in q.questions_on(ON_2027)}
    assert "information_devices" in keys_2026 and "information_devices" not in keys_2027
    assert {"waste_collected", "uses_digital_services"} <= keys_2027
    assert all(question.label for question in q.questions_on(ON))
    assert {code for code in q.QUESTIONS} >= {i.code for i in INDICATORS_ON(ON)} | {
        i.code for i in INDICATORS_ON(ON_2027)
    }


def test_2027_draft_indicators():
    answers = household(uses_digital_services=False, waste_collected=False)
    del answers["uses_phone_or_internet"], answers["information_devices"]
    codes, lines = q.deprivations_from_answers(answers, ON_2027)
    assert codes == ["digital_services", "waste"]
    assert "draft" in lines[-1]


def test_answers_feed_the_classification():
    answers = household(dwelling="makeshift", water_source="surface", latrine="none")
    codes, _lines = q.deprivations_from_answers(answers, ON)
    income = q.income_per_capita_from({**answers, "income": {"agriculture": 60_000_000, "wages": 12_000_000}})
    assert income.per_capita == 1_500_000 and income.provisional is False
    facts = {"on": ON.isoformat(), "area": "rural", "income_per_capita": income.per_capita, "deprived": codes}
    assert classify(parse_facts(facts)).classification == "poor"


# --- refusals name the answer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "code", "field"),
    [
        ([], "answers.not_an_object", "answers"),
        ({**household(), "members": []}, "answers.no_members", "members"),
        ({k: v for k, v in household().items() if k != "members"}, "answers.missing", "members"),
        (with_member(0, age=None), "answers.missing", "members[0].age"),
        (with_member(0, age=-1), "answers.negative", "members[0].age"),
        (with_member(0, age="40"), "answers.bad_number", "members[0].age"),
        (with_member(1, health_insurance=None), "answers.missing", "members[1].health_insurance"),
        (with_member(1, health_insurance="yes"), "answers.bad_boolean", "members[1].health_insurance"),
        (with_member(0, employment="farmer"), "answers.unknown_choice", "members[0].employment"),
        (with_member(2, favourite="red"), "answers.unknown_answer", "members[2].favourite"),
        (household(dwelling=None), "answers.missing", "dwelling"),
        (household(water_source="well"), "answers.unknown_choice", "water_source"),
        (household(floor_area_m2="big"), "answers.bad_area", "floor_area_m2"),
        (household(floor_area_m2=-3), "answers.bad_area", "floor_area_m2"),
        (household(information_devices=["tv", "tv"]), "answers.duplicate", "information_devices"),
        (household(information_devices="tv"), "answers.bad_list", "information_devices"),
        (household(waste_collected=True), "answers.unknown_answer", "waste_collected"),  # not in 2026
    ],
)
def test_refusals(answers, code, field):
    with pytest.raises(PovertyInputError) as err:
        q.deprivations_from_answers(answers, ON)
    assert (err.value.code, err.value.field) == (code, field)


def test_a_date_without_a_standard_is_refused():
    with pytest.raises(PovertyInputError) as err:
        q.deprivations_from_answers(household(), dt.date(2021, 6, 1))
    assert err.value.code == "facts.standard_not_held"


# --- income -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "members", "expected"),
    [
        (72_000_000, 4, 1_500_000),
        (72_000_001, 4, 1_500_001),  # rounded up: above the line stays above it
        (0, 3, 0),
    ],
)
def test_income_per_capita(total, members, expected):
    answers = {"members": [adult()] * members, "income": {"wages": total}}
    income = q.income_per_capita_from(answers)
    assert income.per_capita == expected
    assert "÷ 12" in income.lines[-1]


def test_b1_estimate_is_provisional_and_scoring_not_held():
    assert q.B1_SCORING_HELD is False
    income = q.income_per_capita_from({"estimated_income_per_capita": 1_300_000})
    assert (income.per_capita, income.provisional) == (1_300_000, True)
    assert "B1" in income.lines[-1]


@pytest.mark.parametrize(
    ("answers", "code", "field"),
    [
        ({"members": [adult()]}, "answers.missing", "income"),
        ({"members": [adult()], "income": {"wages": -1}}, "answers.negative", "income.wages"),
        ({"members": [adult()], "income": {"wages": 1.5}}, "answers.bad_number", "income.wages"),
        ({"members": [adult()], "income": {"lottery": 1}}, "answers.unknown_answer", "income.lottery"),
        ({"members": [adult()], "income": [1]}, "answers.not_an_object", "income"),
        (
            {"members": [adult()], "income": {"wages": 1}, "estimated_income_per_capita": 1},
            "answers.both_incomes",
            "estimated_income_per_capita",
        ),
        ({"estimated_income_per_capita": True}, "answers.bad_number", "estimated_income_per_capita"),
        ({"income": {"wages": 1}}, "answers.missing", "members"),
    ],
)
def test_income_refusals(answers, code, field):
    with pytest.raises(PovertyInputError) as err:
        q.income_per_capita_from(answers)
    assert (err.value.code, err.value.field) == (code, field)
