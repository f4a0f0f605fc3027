"""Demo people with merit (`merit.demo.load`, `ansinh demo-merit`): a realistic mix written through the
services, deterministic for a seed, loaded once."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ansinh.merit.demo import load
from ansinh.merit.models import (
    ASSESSED_CATEGORIES,
    Caregiver,
    InjuryAssessment,
    Martyr,
    MartyrRelative,
    MeritRecord,
)
from ansinh.registry.demo import demo_data_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(units):
    demo_data_load(province_code="11", persons=1500, seed=7)


def _snapshot():
    return list(
        MeritRecord.objects.order_by("person_id", "category").values_list(
            "person_id", "category", "decision_number", "dossier_number"
        )
    )


def test_a_realistic_mix_within_the_law(registry):
    outcome = load(province_code="11", seed=1, share=0.2, limit=120)
    records = MeritRecord.objects.select_related("person")
    assert outcome.records == records.count() > 20
    categories = Counter(records.values_list("category", flat=True))
    assert categories["war_invalid"] > 0 and categories["martyr_relative"] == outcome.relatives > 0
    for record in records:
        assert record.province_code == "11" and record.person.status == "alive"
        if record.category == "heroic_mother":
            assert record.person.sex == "F"
    assessed = records.filter(category__in=ASSESSED_CATEGORIES)
    assert InjuryAssessment.objects.count() == assessed.count() == outcome.assessments
    assert all(0 <= a.rate <= 100 for a in InjuryAssessment.objects.all())
    assert Martyr.objects.count() == outcome.martyrs > 0
    for link in MartyrRelative.objects.select_related("martyr", "person"):
        assert link.relation == "child" and link.person.birth_year > link.martyr.birth_year
        assert link.martyr.sacrificed_on.year >= link.person.birth_year
    assert Caregiver.objects.count() == outcome.caregivers


def test_the_command_loads_once_and_the_same_for_a_seed(registry):
    out = StringIO()
    call_command("demo-merit", province="11", seed=3, stdout=out)
    assert "Merit:" in out.getvalue()
    first = _snapshot()
    assert first
    out = StringIO()
    call_command("demo-merit", province="11", seed=3, stdout=out)
    assert "nothing done" in out.getvalue() and _snapshot() == first
    MeritRecord.objects.all().delete()
    MartyrRelative.objects.all().delete()
    Martyr.objects.all().delete()
    call_command("demo-merit", province="11", seed=3, stdout=StringIO())
    assert _snapshot() == first


def test_bad_arguments_exit_2(units):
    with pytest.raises(CommandError) as caught:
        call_command("demo-merit", province="11", share=2.0)
    assert caught.value.returncode == 2
    with pytest.raises(CommandError) as caught:
        call_command("demo-merit", province="98")
    assert caught.value.returncode == 2
