"""The unemployment cast: a claim factory on top of the registry and labour fixtures."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from tests.conftest import _user


@pytest.fixture
def other_counsellor(ha_noi):
    return _user("tuvan_hanoi", "employment_counsellor", ha_noi)


@pytest.fixture
def make_claim(counsellor, make_person):
    from ansinh.unemployment import services
    from ansinh.unemployment.inputs import ClaimData

    def make(*, actor=None, person=None, **overrides):
        person = person or make_person(birth_date="1990-03-04")
        values = {
            "person_id": person.pk,
            "termination_date": dt.date(2026, 2, 10),
            "filed_on": dt.date(2026, 2, 20),
            "avg_salary_6m": 10_000_000,
            "contribution_months": 50,
            "salary_regime": "employer",
            "region": 1,
            "doc_application": True,
            "doc_termination": True,
            "doc_si_book": True,
            "job_title": "Thợ hàn điện",
            "general_education": 3,
        }
        values.update(overrides)
        return services.claim_file(actor=actor or counsellor, data=ClaimData(**values))

    return make


@pytest.fixture
def decide(counsellor):
    from ansinh.unemployment import services
    from ansinh.unemployment.inputs import DecisionData

    def run(claim, *, approve=True, number=None, decided_on=dt.date(2026, 3, 5), **kw):
        data = DecisionData(
            approve=approve, number=number or f"QĐ-{claim.pk}/TTDVVL", decided_on=decided_on,
            signer="Giám đốc Trần Văn Bình", refusal_reason=kw.pop("refusal_reason", ""),
        )  # fmt: skip
        return services.claim_decide(actor=kw.pop("actor", counsellor), claim_id=claim.pk, data=data, **kw)

    return run


# Browser tests use Debian's Chromium, as in tests/web (those fixtures are local to that directory).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}
