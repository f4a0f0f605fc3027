"""Fixtures of the merit tests: elderly persons, records, a martyr; the browser is the system's Chromium, as
in tests/web (no `playwright install` here)."""

from __future__ import annotations

import itertools

import pytest

from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS

_serial = itertools.count(1)


def record_raw(**overrides):
    raw = {
        "category": "war_invalid",
        "decision_number": f"{next(_serial)}/QĐ-SNV",
        "decision_date": "2020-05-04",
        "decision_body": "Sở Lao động - Thương binh và Xã hội tỉnh Điện Biên",
        "dossier_number": "",
    }
    raw.update(overrides)
    return raw


def martyr_raw(commune, **overrides):
    raw = {
        "full_name": "lò văn  bình",
        "birth_year": "1950",
        "native_place": "Xã Mường Phăng, Điện Biên",
        "commune_id": commune.pk,
        "sacrificed_on": "27/07/1972",
        "sacrificed_at": "Thành cổ Quảng Trị",
        "certificate_number": f"TQ-{next(_serial)}",
        "certificate_date": "10/01/1975",
        "grave_location": "Nghĩa trang Trường Sơn, khu B",
    }
    raw.update(overrides)
    return raw


@pytest.fixture
def veteran(make_person):
    return make_person(sex="M", birth_date="1948-05-01", full_name="Lò Văn Tâm")


@pytest.fixture
def mother(make_person):
    return make_person(sex="F", birth_date="1932-02-02", full_name="Quàng Thị Mai")


@pytest.fixture
def make_record(province_officer):
    from ansinh.merit.inputs import parse_record
    from ansinh.merit.services import record_create

    def make(person, *, actor=None, **overrides):
        return record_create(
            actor=actor or province_officer, person_id=person.pk, data=parse_record(record_raw(**overrides))
        )

    return make


@pytest.fixture
def make_martyr(province_officer, commune_a):
    from ansinh.merit.inputs import parse_martyr
    from ansinh.merit.services import martyr_create

    def make(*, actor=None, commune=None, **overrides):
        return martyr_create(
            actor=actor or province_officer, data=parse_martyr(martyr_raw(commune or commune_a, **overrides))
        )

    return make


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


_enrolment = itertools.count(900_001)


@pytest.fixture
def make_merit_line():
    """A merit payment line as the payment cycles write them (regime "merit"), made directly: the cycle of
    the month for the person's province, a line for `for_month` (the cycle's month unless given)."""
    import datetime as dt

    from ansinh.payments.models import PaymentCycle, PaymentLine

    def make(person, *, amount, channel="bank", month=dt.date(2026, 3, 1), for_month=None, status="pending",
             account="0123456789", kind="monthly"):  # fmt: skip
        cycle, _ = PaymentCycle.objects.get_or_create(
            province_code=person.province_code, month=month, defaults={"status": "approved"}
        )
        n = next(_enrolment)
        return PaymentLine.objects.create(
            cycle=cycle,
            enrolment_id=n,
            person=person,
            province_code=person.province_code,
            commune_id=person.commune_id,
            regime="merit",
            kind=kind,
            for_month=for_month or month,
            reference=f"MERIT-{n}",
            amount=amount,
            channel=channel,
            payee_name=person.full_name,
            account="" if channel == "cash" else account,
            status=status,
        )

    return make
