"""The job-board cast: the labour factories, open / closed / expired vacancies (the root conftest
empties the cache, and so the rate limits, around every test)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tests.conftest import _user
from tests.labour.conftest import person_raw, seeker_raw, tax_code
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS

_serial = itertools.count(1)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # The system's Chromium, as in tests/web (no `playwright install` on these machines).
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def other_counsellor(ha_noi):
    return _user("tuvan_hanoi", "employment_counsellor", ha_noi)


@pytest.fixture
def make_seeker(counsellor, commune_a):
    from ansinh.labour.registration import services
    from ansinh.labour.registration.inputs import parse_seeker
    from ansinh.registry.inputs import parse_person

    def make(*, actor=None, commune=None, **overrides):
        person_overrides = overrides.pop("person_overrides", {})
        return services.seeker_register(
            actor=actor or counsellor,
            data=parse_seeker(seeker_raw(commune or commune_a, **overrides)),
            person=parse_person(person_raw(**person_overrides)),
        )

    return make


@pytest.fixture
def make_vacancy(counsellor, make_employer):
    from ansinh.labour.registration import services
    from ansinh.labour.registration.inputs import parse_vacancy

    def make(*, actor=None, employer=None, **overrides):
        employer = employer or make_employer(actor=actor)
        raw = {
            "employer_id": employer.pk,
            "posts": 20,
            "min_general_education": 2,
            "skills": "Tin học văn phòng",
        }
        raw.update(overrides)
        return services.vacancy_create(actor=actor or counsellor, data=parse_vacancy(raw))

    return make


@pytest.fixture
def make_employer(counsellor, commune_a):
    """Employers with distinct valid tax codes (serials 10 apart, so a skipped check digit never collides)."""
    from ansinh.labour.registration import services
    from ansinh.labour.registration.inputs import parse_employer

    def make(*, actor=None, commune=None, **overrides):
        n = next(_serial)
        raw = {
            "tax_code": tax_code(500_000 + 10 * n, prefix="56"),
            "name": f"Công ty TNHH Điện Biên Xanh {n}",
            "industry_code": "C",
            "commune_id": (commune or commune_a).pk,
            "contact_name": "Trần Thị Mai",
            "contact_phone": "0912 000 111",
            "contact_email": "tuyendung@dienbienxanh.vn",
        }
        raw.update(overrides)
        return services.employer_create(actor=actor or counsellor, data=parse_employer(raw))

    return make


@pytest.fixture
def accountant(make_vacancy, today):
    return make_vacancy(
        title="Kế toán tổng hợp",
        occupation_code="2411",
        wage_min=9_000_000,
        wage_max=14_000_000,
        deadline=(today + dt.timedelta(days=30)).isoformat(),
    )


@pytest.fixture
def safety_officer(make_vacancy, today):
    return make_vacancy(
        title="Nhân viên an toàn lao động",
        occupation_code="2263",
        wage_min=8_000_000,
        wage_max=11_000_000,
        deadline=(today + dt.timedelta(days=30)).isoformat(),
    )


@pytest.fixture
def welder(make_vacancy):
    return make_vacancy(title="Thợ hàn điện", occupation_code="7212", wage_min=7_000_000, wage_max=10_000_000)


@pytest.fixture
def expired(make_vacancy, today):
    return make_vacancy(
        title="Kế toán kho",
        occupation_code="4321",
        opened_on=(today - dt.timedelta(days=20)).isoformat(),
        deadline=(today - dt.timedelta(days=1)).isoformat(),
    )


@pytest.fixture
def closed(make_vacancy, counsellor):
    from ansinh.labour.registration import services

    vacancy = make_vacancy(title="Kế toán thuế", occupation_code="2411")
    return services.vacancy_close(actor=counsellor, vacancy_id=vacancy.pk, reason="filled")


@pytest.fixture
def ha_noi_vacancy(make_vacancy, make_employer, other_counsellor, ha_noi_commune):
    employer = make_employer(
        actor=other_counsellor, commune=ha_noi_commune, tax_code=tax_code(77, prefix="01")
    )
    return make_vacancy(
        actor=other_counsellor, employer=employer, title="Kế toán nội bộ", occupation_code="2411"
    )
