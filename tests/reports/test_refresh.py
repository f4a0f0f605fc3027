"""Computed figures fill themselves: the periods in progress are recomputed when due, once at a time."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from ansinh.core.models import Job
from ansinh.reports import refresh
from ansinh.reports.models import ComputeRun

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 11, 21, 9, 0))


def test_the_periods_in_progress_are_the_current_and_the_previous_of_each_kind():
    codes = [p.code for p in refresh.periods_in_progress(dt.date(2026, 11, 21))]
    assert codes == ["2026M10", "2026M11", "2026Q3", "2026Q4", "2026H1", "2026H2", "2025", "2026"]


def test_a_period_is_due_when_never_computed_stale_and_not_already_queued(units):
    assert len(refresh.due_periods(NOW)) == 8
    ComputeRun.objects.create(indicator_code="SA.BENEFICIARIES", period_code="2026M11", computed_at=NOW)
    ComputeRun.objects.create(
        indicator_code="SA.BENEFICIARIES", period_code="2026Q4", computed_at=NOW - dt.timedelta(hours=2)
    )
    Job.objects.create(kind=refresh.JOB_KIND, params={"period": "2026", "codes": None})  # queued already
    due = [p.code for p in refresh.due_periods(NOW)]
    assert "2026M11" not in due and "2026" not in due
    assert "2026Q4" in due and "2026M10" in due


def test_refresh_computes_what_is_due_and_then_nothing(units, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        jobs = refresh.refresh_start()
    assert len(jobs) == 8 and all(job.created_by is None for job in jobs)
    assert {job.status for job in Job.objects.filter(pk__in=[j.pk for j in jobs])} == {"succeeded"}
    assert ComputeRun.objects.values("period_code").distinct().count() == 8
    with django_capture_on_commit_callbacks(execute=True):
        assert refresh.refresh_start() == []
    call_command("indicators", "refresh")
    assert capsys.readouterr().out.strip().endswith("—")  # nothing due an instant later
