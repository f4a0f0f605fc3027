"""The labour cast: a counsellor of another province, a valid seeker/employer/vacancy factory."""

from __future__ import annotations

import itertools
import random

import pytest

from tests.conftest import _user

_serial = itertools.count(1)


@pytest.fixture
def other_counsellor(ha_noi):
    return _user("tuvan_hanoi", "employment_counsellor", ha_noi)


def tax_code(n: int, prefix: str = "01") -> str:
    """A valid 10-digit MST for serial n, different for every n below a million (each owns ten bodies and
    takes the first that has a check digit)."""
    from ansinh.labour.reference.taxcode import check_digit

    for k in range(10):
        first = f"{prefix}{(n * 10 + k) % 10**7:07d}"
        digit = check_digit(first)
        if digit:
            return first + digit
    raise ValueError(f"no valid tax code for serial {n}")


def person_raw(**overrides):
    from ansinh.core.identifiers import personal_id as pid

    n = next(_serial)
    year = overrides.pop("birth_year_for_id", 1990 + n % 15)
    raw = {
        "full_name": "Lò Văn Thắng",
        "personal_id": pid.generate(
            province_code="011", sex="M", birth_year=year, rng=random.Random(1000 + n)
        ),
        "birth_date": f"{year}-05-{1 + n % 27:02d}",
        "sex": "M",
        "ethnicity": "01",
        "phone": "0912345678",
    }
    raw.update(overrides)
    return raw


def seeker_raw(commune, **overrides):
    raw = {
        "commune_id": commune.pk,
        "title": "Thợ hàn điện",
        "general_education": 3,
        "qualification": 2,
        "skills": "Hàn MIG; đọc bản vẽ",
        "experience_years": 3,
        "wage_min": 7_000_000,
        "wage_max": 10_000_000,
        "desired_provinces": ["11"],
        "consent_contact": True,
    }
    raw.update(overrides)
    return raw


@pytest.fixture
def make_seeker(counsellor, commune_a):
    from ansinh.labour.registration import services
    from ansinh.labour.registration.inputs import parse_seeker
    from ansinh.registry.inputs import parse_person

    def make(*, actor=None, commune=None, person=None, **overrides):
        person_overrides = overrides.pop("person_overrides", {})
        return services.seeker_register(
            actor=actor or counsellor,
            data=parse_seeker(seeker_raw(commune or commune_a, **overrides)),
            person=None if person else parse_person(person_raw(**person_overrides)),
            person_id=person.pk if person else None,
        )

    return make


@pytest.fixture
def make_employer(counsellor, commune_a):
    from ansinh.labour.registration import services
    from ansinh.labour.registration.inputs import parse_employer

    def make(*, actor=None, commune=None, **overrides):
        n = next(_serial)
        raw = {
            "tax_code": tax_code(10_000 + n, prefix="56"),
            "name": f"Công ty TNHH May Điện Biên {n}",
            "industry_code": "C",
            "size": "medium",
            "commune_id": (commune or commune_a).pk,
            "contact_phone": "0215 3825 111",
        }
        raw.update(overrides)
        return services.employer_create(actor=actor or counsellor, data=parse_employer(raw))

    return make


@pytest.fixture
def make_vacancy(counsellor, make_employer):
    from ansinh.labour.registration import services
    from ansinh.labour.registration.inputs import parse_vacancy

    def make(*, actor=None, employer=None, **overrides):
        employer = employer or make_employer(actor=actor)
        raw = {
            "employer_id": employer.pk,
            "title": "Công nhân may công nghiệp",
            "posts": 20,
            "wage_min": 6_000_000,
            "wage_max": 9_000_000,
            "skills": "may máy 1 kim",
            "min_general_education": 2,
        }
        raw.update(overrides)
        return services.vacancy_create(actor=actor or counsellor, data=parse_vacancy(raw))

    return make
