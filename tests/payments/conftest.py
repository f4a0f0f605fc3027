"""Enrolments made straight with the ORM (no enrolment services), a second province officer to approve,
and helpers to make and run cycles."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tests.conftest import _user

# Decree 20/2021 Art. 5(5)(a): elderly in a poor household with no supporter; 60 to under 80 → × 1.5.
FACTS_5A = {"clauses": ["5a"], "disability": None, "household": "poor", "children": 0, "studying": False}
SA_2025 = 750_000  # 500.000 đ (Decree 76/2024) × 1,5 (Decree 20/2021 Art. 6)
SP_2025 = 500_000  # social pension from 1/7/2025 (Decree 176/2025)
MONTH = dt.date(2025, 10, 1)
_accounts = itertools.count(1_000_000)


@pytest.fixture
def approver(dien_bien):
    return _user("so_dienbien_duyet", "province_officer", dien_bien)


@pytest.fixture
def enrol(make_person, commune_a):
    """An enrolment in commune A (Điện Biên) paid into a bank account unless told otherwise."""
    from ansinh.benefits.models import Enrolment

    def make(
        *,
        person=None,
        regime="social_assistance",
        facts=None,
        start_month=dt.date(2025, 7, 1),
        facts_from=None,
        end_month=None,
        status="active",
        channel="bank",
        cash_reason="",
        account=True,
        birth_date="1950-03-10",
        commune=None,
        **extra,
    ):
        if person is None:
            bank = {"bank_code": "VCB", "bank_account": f"00{next(_accounts)}"} if account else {}
            person_kw = {"birth_date": birth_date, **bank}
            if commune is not None:
                person_kw["commune_id"] = commune.pk
            person = make_person(**person_kw)
        if facts is None:
            facts = (
                dict(FACTS_5A)
                if regime == "social_assistance"
                else {"household": "none", "pension_monthly": 0}
            )
        unit = commune or person.commune
        return Enrolment.objects.create(
            person=person,
            regime=regime,
            clause=(facts.get("clauses") or [""])[0],
            facts=facts,
            facts_from=facts_from or start_month,
            status=status,
            start_month=start_month,
            end_month=end_month,
            channel=channel,
            cash_reason=cash_reason,
            commune=unit,
            province_code=unit.province_code,
            **extra,
        )

    return make


@pytest.fixture
def new_cycle(province_officer):
    from ansinh.payments import services

    def make(month=MONTH, actor=None):
        return services.cycle_create(actor=actor or province_officer, province_code="11", month=month)

    return make


@pytest.fixture
def generated(new_cycle, province_officer):
    """Create and generate a cycle synchronously (what the job does)."""
    from ansinh.payments import services

    def make(month=MONTH, **kw):
        cycle = new_cycle(month)
        services.cycle_generation_start(actor=province_officer, cycle=cycle)
        services.cycle_generate(cycle=cycle, **kw)
        cycle.refresh_from_db()
        return cycle

    return make


@pytest.fixture
def approved(enrol, generated, province_officer, approver):
    """A cycle of 3 bank lines, 1 e-wallet line and 1 cash line (no account), approved."""
    from ansinh.payments import services

    for _ in range(3):
        enrol(start_month=MONTH)
    enrol(start_month=MONTH, channel="ewallet", wallet_provider="VNPTMONEY", wallet_account="0912345678")
    enrol(start_month=MONTH, account=False)
    cycle = services.cycle_submit(actor=province_officer, cycle=generated())
    return services.cycle_approve(actor=approver, cycle=cycle)


@pytest.fixture
def exported(approved, province_officer):
    from ansinh.payments import services

    return services.batch_export(actor=province_officer, cycle=approved, fmt="csv")


def lines_of(cycle):
    return list(cycle.lines.order_by("enrolment_id", "for_month", "kind", "attempt"))


# --- people with merit -------------------------------------------------------------------------------

_merit_numbers = itertools.count(1)


@pytest.fixture
def make_martyr_pair(province_officer, commune_a):
    """Link a person to one martyr per relation given (as that relation)."""
    from ansinh.merit.inputs import parse_martyr, parse_relative
    from ansinh.merit.services import martyr_create, relative_link

    def make(person, *relations):
        for relation in relations:
            n = next(_merit_numbers)
            martyr = martyr_create(
                actor=province_officer,
                data=parse_martyr(
                    {
                        "full_name": f"Lò Văn Liệt {n}",
                        "birth_year": "1950",
                        "native_place": "Mường Phăng",
                        "commune_id": commune_a.pk,
                        "sacrificed_on": "27/07/1972",
                        "sacrificed_at": "Quảng Trị",
                        "certificate_number": f"TQ-{n}",
                        "certificate_date": "10/01/1975",
                    }
                ),
            )
            relative_link(
                actor=province_officer,
                martyr_id=martyr.pk,
                data=parse_relative({"person_id": person.pk, "relation": relation}),
            )

    return make


@pytest.fixture
def recognised(province_officer, make_person):
    """A record (and its assessment) of a person in commune A, managed by Điện Biên."""

    from ansinh.merit.inputs import parse_assessment, parse_record
    from ansinh.merit.services import assessment_record, record_create

    def make(category="war_invalid", *, rate=None, severe=False, assessed_on="2020-06-01", person=None):
        person = person or make_person(
            birth_date="1950-05-01", bank_code="VCB", bank_account=f"77{next(_merit_numbers):08d}"
        )
        raw = {
            "category": category,
            "decision_number": f"{next(_merit_numbers)}/QĐ-SLĐTBXH",
            "decision_date": "2020-05-04",
            "decision_body": "Sở Lao động - Thương binh và Xã hội tỉnh Điện Biên",
        }
        record = record_create(actor=province_officer, person_id=person.pk, data=parse_record(raw))
        if rate is not None:
            assessment_record(
                actor=province_officer,
                record_id=record.pk,
                data=parse_assessment(
                    {
                        "rate": rate,
                        "especially_severe": severe,
                        "assessed_on": assessed_on,
                        "medical_council": "Hội đồng Giám định y khoa tỉnh Điện Biên",
                    }
                ),
            )
        return record

    return make
