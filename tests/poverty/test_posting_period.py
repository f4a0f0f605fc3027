"""The public posting lasts 3 working days (Decision 24/2021/QĐ-TTg, Art. 4, as data; provisional): weekends
and public holidays (Labour Code Art. 112 and the announced days off, `core.workdays`) are not counted, and
the commune's decision is refused before the day after the last day of posting."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.core import clock, workdays
from ansinh.core.errors import ValidationFailed
from ansinh.poverty import procedure, services
from ansinh.poverty.models import PovertyStatus
from tests.poverty.test_workflow import codes, run_to_posting, village  # noqa: F401 (fixture)

D = dt.date


@pytest.mark.parametrize(
    ("posted", "last", "earliest"),
    [
        (D(2025, 11, 17), D(2025, 11, 19), D(2025, 11, 20)),  # Monday: Mon–Wed
        (D(2025, 11, 21), D(2025, 11, 25), D(2025, 11, 26)),  # Friday: the weekend is not counted
        (D(2025, 11, 22), D(2025, 11, 26), D(2025, 11, 27)),  # Saturday: day 1 is the Monday
        (D(2026, 2, 13), D(2026, 2, 24), D(2026, 2, 25)),  # Friday before the Tết days off 16–20/02/2026
        (D(2026, 4, 29), D(2026, 5, 5), D(2026, 5, 6)),  # 30/4 and 1/5 are holidays
        (D(2026, 8, 31), D(2026, 9, 4), D(2026, 9, 5)),  # 1/9 (announced) and 2/9 (fixed) are holidays
    ],
)
def test_posting_counts_working_days(posted, last, earliest):
    span = procedure.posting(posted)
    assert (span.first, span.last, span.earliest_decision) == (posted, last, earliest)
    assert span.days == 3 and span.working_days
    assert "24/2021/QĐ-TTg" in span.citation
    assert span.provisional  # the period is read in summaries only, the 2026 days off are reported


def test_a_year_without_announced_days_counts_the_fixed_holidays_only():
    assert not workdays.holidays_known(2031)
    # 01/01/2031 is a Wednesday and a fixed holiday: Thu 2, Fri 3, Mon 6.
    assert procedure.posting(D(2031, 1, 1)).last == D(2031, 1, 6)


def test_no_period_before_the_procedure():
    with pytest.raises(LookupError):
        procedure.period("posting.days", D(2020, 1, 1))


@pytest.mark.django_db
def test_decision_waits_for_the_third_working_day_across_tet(commune_officer, commune_a, village):  # noqa: F811
    # Opened 02/01/2026: the list goes up 42 days later, Friday 13/02/2026, before the Tết days off.
    rnd = run_to_posting(
        commune_officer, commune_a, village, ["poor", "near_poor", "middle", "other"], year=2026,
        start=D(2026, 1, 2),
    )  # fmt: skip
    assert rnd.posting_on == D(2026, 2, 13)
    # Three calendar days later would have been enough before; the posting now runs to 24/02/2026.
    for day in (D(2026, 2, 16), D(2026, 2, 24)):
        with clock.frozen(day), pytest.raises(ValidationFailed) as refused:
            services.round_decide(
                actor=commune_officer,
                round_id=rnd.pk,
                data=services.DecisionData("9/QĐ-UBND", day, "Lò Văn Sơn"),
            )
        assert codes(refused.value) == {"decision_date.posting_not_over"}
        assert "24/02/2026" in str(refused.value.errors[0].message)
        assert "25/02/2026" in str(refused.value.errors[0].message)
    assert not PovertyStatus.objects.exists()
    with clock.frozen(D(2026, 2, 25)):
        services.round_decide(
            actor=commune_officer,
            round_id=rnd.pk,
            data=services.DecisionData("9/QĐ-UBND", D(2026, 2, 25), "Lò Văn Sơn"),
        )
    assert PovertyStatus.objects.count() == 4
