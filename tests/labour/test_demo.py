"""Demo labour data: deterministic, recognised on a second run, realistic enough to match on."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.labour.demo import catalogue, demo_labour_load
from ansinh.labour.models import Employer, JobSeeker, SeekerOccupation, SeekerPlace, Vacancy
from ansinh.labour.reference import classifications, coding, taxcode

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 11, 1)


def _snapshot():
    seeker_fields = ("person_id", "title", "occupation_code", "wage_min", "skills_folded", "registered_on")
    seekers = list(JobSeeker.objects.order_by("pk").values_list(*seeker_fields))
    vacancies = list(
        Vacancy.objects.order_by("pk").values_list("title", "occupation_code", "posts", "deadline")
    )
    return seekers, vacancies


def test_demo_load_and_rerun(units):
    result = demo_labour_load(province_code="11", seekers=300, vacancies=100, seed=3, as_of=AS_OF)
    assert (result.seekers, result.vacancies, result.employers) == (300, 100, 20)
    assert result.persons_added > 0  # the test database has no persons: demo households were added
    assert JobSeeker.objects.filter(province_code="11", status="active").count() == 300 - result.placements
    assert SeekerOccupation.objects.filter(rank=1).count() == 300
    assert SeekerPlace.objects.filter(province_code="11").count() == 300
    seeker = JobSeeker.objects.select_related("person").first()
    assert seeker.search_folded.startswith(seeker.person.name_folded)
    assert (
        seeker.title_folded
        and seeker.title_accented
        and classifications.is_unit_group(seeker.occupation_code)
    )
    assert all(taxcode.is_valid(t) for t in Employer.objects.values_list("tax_code", flat=True))
    assert all(
        classifications.is_unit_group(c) for c in Vacancy.objects.values_list("occupation_code", flat=True)
    )
    assert Vacancy.objects.filter(status="open", deadline__gte=AS_OF).exists()
    assert not Vacancy.objects.filter(wage_min__gt=models_wage_max()).exists()

    again = demo_labour_load(province_code="11", seekers=300, vacancies=100, seed=3, as_of=AS_OF)
    assert again.skipped and JobSeeker.objects.count() == 300

    before = _snapshot()
    replaced = demo_labour_load(
        province_code="11", seekers=300, vacancies=100, seed=3, as_of=AS_OF, force=True
    )
    assert not replaced.skipped and replaced.persons_added == 0
    assert _snapshot()[1] == before[1]  # the same vacancies (titles, codes, posts, wages, deadlines)
    assert [row[1:] for row in _snapshot()[0]] == [row[1:] for row in before[0]]


def models_wage_max():
    from django.db.models import F

    return F("wage_max")


def test_catalogue_titles_map_to_their_codes():
    """Every demo title is understood by the free-text mapping (most to the profile's own code)."""
    agree = total = 0
    for profile in catalogue().profiles:
        assert classifications.is_unit_group(profile.code)
        for title in (*profile.vacancy_titles, *profile.seeker_titles):
            total += 1
            matches = coding.map_occupation(title)
            agree += bool(matches) and matches[0].code == profile.code
    assert agree / total > 0.8


def test_bad_arguments(units):
    from ansinh.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        demo_labour_load(province_code="11", seekers=-1, vacancies=0)
    with pytest.raises(ApplicationError):
        demo_labour_load(province_code="99", seekers=1, vacancies=0)
