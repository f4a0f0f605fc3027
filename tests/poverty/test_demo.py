"""The demo round: last year's periodic review of the province's first commune, finished and summarised;
a second run skips it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from ansinh.poverty.models import Complaint, PovertyStatus, Round
from ansinh.registry.demo import demo_data_load
from ansinh.registry.models import Household

pytestmark = pytest.mark.django_db


def test_demo_round(units, today):
    demo_data_load(province_code="11", persons=400, seed=3)
    out = StringIO()
    call_command("demo-poverty", province="11", stdout=out)
    rnd = Round.objects.get()
    assert (rnd.year, rnd.state, rnd.kind) == (2025, "summarised", "periodic")
    households = Household.objects.filter(commune=rnd.commune).count()
    assert rnd.surveys.filter(draft=False, meeting_result="agreed").count() == households
    statuses = PovertyStatus.objects.filter(round=rnd, valid_to__isnull=True)
    assert statuses.count() == households
    assert set(statuses.values_list("status", flat=True)) <= {"poor", "near_poor", "middle", "other"}
    assert statuses.filter(status__in=["poor", "near_poor"]).exists()
    assert Complaint.objects.filter(survey__round=rnd).exclude(answer="").count() == 1
    assert "1 rounds decided" in out.getvalue()

    again = StringIO()
    call_command("demo-poverty", province="11", stdout=again)
    assert Round.objects.count() == 1
    assert "already there" in again.getvalue()
