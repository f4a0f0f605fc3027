"""% of plan and change on last year, as the seeds speak of them."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from ansinh.reports import compare


@pytest.mark.parametrize(
    ("value", "plan", "pct"),
    [
        ("62850", "58000", "108.36"),  # seed 002: "vượt 8,36% kế hoạch năm"
        ("485412", "530000", "91.59"),  # seed 002: "đạt 91,6% kế hoạch"
        ("83080", "83080", "100.00"),
    ],
)
def test_plan_pct(value, plan, pct):
    assert compare.plan_pct(D(value), D(plan)) == D(pct)


def test_plan_pct_without_plan_or_value():
    assert compare.plan_pct(None, D(10)) is None
    assert compare.plan_pct(D(10), None) is None
    assert compare.plan_pct(D(10), D(0)) is None


def test_change_pct_seed_job_fairs():
    assert compare.change_pct(D(54), D(41)) == D("31.71")  # "tăng 31,7% so với năm 2022"
    assert compare.change_pct(D(41), D(54)) == D("-24.07")
    assert compare.change_pct(D(5), D(0)) is None


def test_ratio_of_sums_not_average_of_ratios():
    # 1 of 10 and 90 of 100: the average of the rates is 50%, the rate of the sums 82%.
    assert compare.rounded(compare.ratio_pct(D(1 + 90), D(10 + 100))) == D("82.73")


def test_phrases_in_vietnamese():
    with translation.override("vi"):
        assert compare.plan_phrase(value=D(62850), plan=D(58000)).text() == "vượt 8,36% kế hoạch"
        assert compare.plan_phrase(value=D(485412), plan=D(530000)).text() == "đạt 91,59% kế hoạch"
        assert compare.change_phrase(value=D(54), previous=D(41)).text() == "tăng 31,71% so với cùng kỳ"
        assert compare.change_phrase(value=D(41), previous=D(54)).text() == "giảm 24,07% so với cùng kỳ"


def test_rates_compare_in_points_and_respect_direction():
    # Agricultural share 31,1% against a target of 31,5%, lower is better: "vượt 0,4% mục tiêu".
    phrase = compare.plan_phrase(value=D("31.1"), plan=D("31.5"), ratio=True, higher_is_better=False)
    assert (phrase.verb, phrase.amount) == ("exceeded", D("0.40"))
    phrase = compare.plan_phrase(value=D("73"), plan=D("74"), ratio=True)
    assert (phrase.verb, phrase.amount) == ("short", D("1.00"))
    assert compare.change_phrase(value=D("2.8"), previous=D("3.1"), ratio=True).verb == "down"
