"""Unemployment-benefit rules under Law 38/2013/QH13 and Law 74/2025/QH15, table-driven, by article."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from ansinh.benefits.law import Params, national_rows
from ansinh.benefits.rules import FactsError
from ansinh.unemployment import rules as r

D = dt.date


@pytest.fixture(scope="module")
def params():
    return Params(national_rows())


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def facts(**over):
    base = {
        "termination_date": "2025-10-15",
        "avg_salary_6m": 10_000_000,
        "contribution_months": 40,
        "salary_regime": "employer",
        "region": 1,
    }
    return {**base, **over}


# Law 38/2013 Art. 50(2) and Law 74/2025 Art. 39(2): 3 months for 12–36, +1 per further full 12, max 12.
@pytest.mark.parametrize(
    ("months", "benefit", "carried"),
    [
        (11, 0, 11),  # Art. 49(2) / Art. 38: under 12 months gives nothing, all kept
        (12, 3, 0),
        (35, 3, 0),
        (36, 3, 0),
        (47, 3, 11),
        (48, 4, 0),
        (72, 6, 0),
        (143, 11, 11),
        (144, 12, 0),
        (200, 12, 56),
    ],
)
def test_duration_and_carried_over(months, benefit, carried):
    assert r.duration(months) == benefit
    assert r.carried_over(months, benefit) == carried


@pytest.mark.parametrize("termination", ["2025-10-15", "2026-03-10"])
@pytest.mark.parametrize(
    ("months", "eligible", "benefit"), [(11, False, 0), (12, True, 3), (36, True, 3), (48, True, 4),
                                        (144, True, 12), (200, True, 12)]
)  # fmt: skip
def test_boundary_months_under_both_laws(params, termination, months, eligible, benefit):
    result = r.monthly_amount(
        r.parse(facts(termination_date=termination, contribution_months=months)), params
    )
    assert (result.eligible, result.months) == (eligible, benefit)


# (termination, regime, region, avg salary, expected monthly amount, cap applied, cited law)
CAPS = [
    # Law 38/2013 Art. 50(1): employer-set pay → 5 × regional minimum wage on the day the contract ended.
    ("2023-05-10", "employer", 1, 60_000_000, 5 * 4_680_000, True, "38/2013"),  # Decree 38/2022
    ("2023-05-10", "employer", 4, 60_000_000, 5 * 3_250_000, True, "38/2013"),
    ("2024-08-01", "employer", 1, 60_000_000, 5 * 4_960_000, True, "38/2013"),  # Decree 74/2024
    ("2024-08-01", "employer", 2, 60_000_000, 5 * 4_410_000, True, "38/2013"),
    ("2024-08-01", "employer", 3, 60_000_000, 5 * 3_860_000, True, "38/2013"),
    ("2025-12-31", "employer", 4, 60_000_000, 5 * 3_450_000, True, "38/2013"),
    # state pay scale → 5 × base salary: 1,800,000 (Decree 24/2023), 2,340,000 (Decree 73/2024).
    ("2023-10-01", "state", 1, 30_000_000, 5 * 1_800_000, True, "38/2013"),
    ("2025-12-31", "state", 1, 30_000_000, 5 * 2_340_000, True, "38/2013"),
    ("2025-12-31", "state", 1, 15_000_000, 9_000_000, False, "38/2013"),
    # Law 74/2025 Art. 39(1): one cap, 5 × regional minimum wage of the last contribution month (Decree
    # 293/2025), for state pay too.
    ("2026-01-01", "employer", 1, 60_000_000, 26_550_000, True, "74/2025"),
    ("2026-02-15", "employer", 2, 60_000_000, 5 * 4_730_000, True, "74/2025"),
    ("2026-02-15", "employer", 3, 60_000_000, 5 * 4_140_000, True, "74/2025"),
    ("2026-02-15", "employer", 4, 60_000_000, 5 * 3_700_000, True, "74/2025"),
    ("2026-08-01", "state", 1, 60_000_000, 26_550_000, True, "74/2025"),
    ("2026-08-01", "employer", 1, 10_000_000, 6_000_000, False, "74/2025"),
]


@pytest.mark.parametrize(("termination", "regime", "region", "salary", "amount", "capped", "law"), CAPS)
def test_amount_and_caps(params, termination, regime, region, salary, amount, capped, law):
    result = r.monthly_amount(
        r.parse(
            facts(termination_date=termination, salary_regime=regime, region=region, avg_salary_6m=salary)
        ),
        params,
    )
    assert result.eligible and result.monthly_amount == amount
    assert len(result.lines) == (2 if capped else 1)
    assert sum(line.amount for line in result.lines) == amount
    assert law in result.notes[0]
    assert "Điều 50, khoản 1" in result.lines[0].basis or "Điều 39, khoản 1" in result.lines[0].basis


def test_sixty_percent_rounds_half_up(params):
    result = r.monthly_amount(r.parse(facts(avg_salary_6m=5_000_001)), params)  # 3,000,000.6
    assert result.monthly_amount == 3_000_001


def test_2025_cap_uses_the_last_contribution_month(params):
    # Contract ended 05/01/2026 but the last contribution was paid for 12/2025: Decree 74/2024 wage applies.
    data = facts(termination_date="2026-01-05", avg_salary_6m=60_000_000, last_contribution_month="2025-12")
    result = r.monthly_amount(r.parse(data), params)
    assert result.law == "2025" and result.monthly_amount == 5 * 4_960_000
    assert "12/2025" in result.lines[1].label


def test_which_law_by_termination_date(params):
    old = r.monthly_amount(r.parse(facts(termination_date="2025-12-31", avg_salary_6m=60_000_000)), params)
    new = r.monthly_amount(r.parse(facts(termination_date="2026-01-01", avg_salary_6m=60_000_000)), params)
    assert (old.law, new.law) == ("2013", "2025")
    assert "38/2013/QH13 applies" in old.notes[0] and "74/2025/QH15 applies" in new.notes[0]
    assert (old.monthly_amount, new.monthly_amount) == (24_800_000, 26_550_000)


# Start day: Law 38/2013 Art. 50(3) the 16th day (filing day = day 1); Law 74/2025 Art. 39(3) the 11th
# working day (filing day = working day 1 when it is one; weekends and Labour Code Art. 112 holidays skipped).
STARTS = [
    ("2025-10-15", "2025-10-20", "2025-11-04", 3, "2026-02-03"),  # 2013: 20/10 + 15 days
    ("2025-12-31", "2026-01-02", "2026-01-17", 3, "2026-04-16"),
    ("2026-01-01", "2026-01-05", "2026-01-19", 3, "2026-04-18"),  # Mon 05/01 → 11th working day Mon 19/01
    ("2026-01-01", "2026-01-03", "2026-01-19", 3, "2026-04-18"),  # Sat 03/01: first working day Mon 05/01
    ("2026-02-05", "2026-02-09", "2026-03-02", 3, "2026-06-01"),  # Tết 16–20/02 skipped
    ("2026-04-20", "2026-04-22", "2026-05-11", 3, "2026-08-10"),  # 27/04, 30/04, 01/05 skipped
]


@pytest.mark.parametrize(("termination", "filed", "start", "months", "end"), STARTS)
def test_start_and_end_day(params, termination, filed, start, months, end):
    result = r.monthly_amount(r.parse(facts(termination_date=termination, filed_on=filed)), params)
    assert result.months == months
    assert (result.start_date, result.end_date) == (D.fromisoformat(start), D.fromisoformat(end))
    assert result.decision_deadline == D.fromisoformat(filed) + dt.timedelta(days=20)


def test_unknown_holiday_year_is_provisional(params):
    result = r.monthly_amount(r.parse(facts(termination_date="2027-03-01", filed_on="2027-03-02")), params)
    assert result.provisional and any("not yet recorded" in n for n in result.notes)


@pytest.mark.parametrize(
    ("over", "fragment"),
    [
        ({"unlawful_termination": True}, "unlawfully"),
        ({"receiving_pension": True}, "pension"),  # Law 38/2013 Art. 49(1)
        ({"filed_on": "2026-01-16"}, "3-month limit"),  # 15/10/2025 + 3 months = 15/01/2026
        ({"recent_contribution_months": 11}, "within the 24 months"),
    ],
)
def test_refusals_2013(params, over, fragment):
    result = r.monthly_amount(r.parse(facts(**over)), params)
    assert not result.eligible and result.monthly_amount == 0
    assert any(fragment in n for n in result.notes)


def test_filing_on_the_last_day_is_in_time(params):
    result = r.monthly_amount(r.parse(facts(filed_on="2026-01-15")), params)
    assert result.eligible and result.filing_deadline == D(2026, 1, 15)


def test_pension_eligibility_only_bars_under_2025(params):
    """Law 38/2013 bars only a pension being received; Law 74/2025 Art. 38(1)(a) bars eligibility too."""
    old = r.monthly_amount(r.parse(facts(pension_eligible=True)), params)
    new = r.monthly_amount(r.parse(facts(termination_date="2026-02-01", pension_eligible=True)), params)
    assert old.eligible and not new.eligible
    assert "Điều 38" in new.notes[-1]


def test_short_contract_window_is_36(params):
    """12 months within 36 for seasonal / short contracts (Art. 49(2) 2013; Art. 38 2025)."""
    data = facts(contribution_months=14, recent_contribution_months=14, short_contract=True)
    assert r.monthly_amount(r.parse(data), params).eligible
    assert r.window(r.parse(data)) == 36
    assert r.window(r.parse(facts())) == 24


def test_carried_over_after_stop():
    # 60 months → 5 months of benefit using 60; stopped after 2 received: 3 × 12 = 36 months kept.
    assert r.carried_over_after_stop(60, 5, 3) == 36
    assert r.carried_over_after_stop(70, 5, 0) == 10
    assert r.carried_over_after_stop(12, 3, 3) == 12  # never more than was contributed


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"termination_date": "2025-13-01"}, "facts.bad_date"),
        ({"avg_salary_6m": "abc"}, "facts.bad_number"),
        ({"avg_salary_6m": -1}, "facts.negative"),
        ({"contribution_months": None}, "facts.missing"),
        ({"salary_regime": "private"}, "facts.unknown_salary_regime"),
        ({"region": 5}, "facts.unknown_region"),
        ({"surprise": 1}, "facts.unknown_fact"),
        ({"last_contribution_month": "2025/10"}, "facts.bad_month"),
    ],
)
def test_bad_facts(over, code):
    with pytest.raises(FactsError) as err:
        r.parse(facts(**over))
    assert err.value.code == code


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"termination_date": "2014-12-31"}, "facts.date_too_early"),
        ({"filed_on": "2025-10-14"}, "facts.filed_before_termination"),
        ({"recent_contribution_months": 30, "contribution_months": 20}, "facts.recent_above_total"),
        ({"last_contribution_month": "2025-11"}, "facts.contribution_after_termination"),
        ({"termination_date": "2019-01-10"}, "facts.no_parameter"),  # no minimum wage recorded then
    ],
)
def test_contradictions(params, over, code):
    with pytest.raises(FactsError) as err:
        r.check(r.parse(facts(**over)), params)
    assert err.value.code == code


def test_working_days():
    assert r.is_working_day(D(2026, 1, 2)) and not r.is_working_day(D(2026, 1, 1))
    assert not r.is_working_day(D(2026, 9, 2)) and not r.is_working_day(D(2026, 9, 1))
    assert r.add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)
