"""A benefit decision recorded without a number takes the next number of its commune's register on its first
official print and keeps it; a draft takes none; numbers recorded by hand are passed over."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.benefits import services
from ansinh.benefits.models import Decision
from ansinh.core.models import AuditEvent
from ansinh.documents.models import IssuedDocument, NumberRegister
from tests.documents.test_documents import flat
from tests.payments.conftest import MONTH

pytestmark = pytest.mark.django_db


def _decision(enrolment, number: str = "", signed_on: dt.date = dt.date(2025, 9, 5)) -> Decision:
    return Decision.objects.create(
        person=enrolment.person,
        enrolment=enrolment,
        regime=enrolment.regime,
        kind="enrol",
        number=number,
        signed_on=signed_on,
        signer="Lò Văn Minh",
        effective_month=MONTH,
        facts=enrolment.facts,
        commune=enrolment.commune,
        province_code=enrolment.province_code,
    )


@pytest.fixture
def unnumbered(enrol):
    enrolment = enrol(start_month=MONTH)
    enrolment.decision = _decision(enrolment)
    enrolment.save(update_fields=["decision"])
    return enrolment


def test_a_draft_takes_no_number_then_the_first_print_takes_one_and_keeps_it(
    client, commune_officer, unnumbered
):
    client.force_login(commune_officer)
    url = f"/benefits/{unnumbered.pk}/decision.pdf"

    draft = flat(client.get(f"{url}?draft=1"))
    assert "DỰ THẢO" in draft and "Số: /QĐ-UBND" in draft
    assert not IssuedDocument.objects.exists() and not NumberRegister.objects.exists()
    unnumbered.decision.refresh_from_db()
    assert unnumbered.decision.number == ""

    text = flat(client.get(url))
    assert "Số: 1/QĐ-UBND" in text and "DỰ THẢO" not in text
    assert "ngày 05 tháng 9 năm 2025" in text  # the date the decision was signed
    unnumbered.decision.refresh_from_db()
    assert unnumbered.decision.number == "1/QĐ-UBND"
    [issued] = IssuedDocument.objects.all()
    assert (issued.register.unit_code, issued.register.kind, issued.register.year) == (
        unnumbered.commune.code,
        "QĐ",
        2025,
    )
    assert (issued.subject_type, issued.subject_id) == ("benefits.decision", str(unnumbered.decision.pk))

    assert "Số: 1/QĐ-UBND" in flat(client.get(url))  # a reprint keeps it
    assert "Số: 1/QĐ-UBND" in flat(client.get(f"{url}?draft=1"))  # numbered: no longer a draft
    assert "Số: 1/QĐ-UBND" in flat(client.get(f"/api/v1/benefits/enrolments/{unnumbered.pk}/decision.pdf"))
    assert IssuedDocument.objects.count() == 1
    assert NumberRegister.objects.get().last_number == 1
    [update] = AuditEvent.objects.filter(action="update", object_type="benefits.decision")
    assert (update.actor, update.before, update.after) == (
        commune_officer,
        {"number": ""},
        {"number": "1/QĐ-UBND"},
    )
    numbers = [
        e.after["number"]
        for e in AuditEvent.objects.filter(
            action="export", object_type="benefits.enrolment_decision"
        ).order_by("id")
    ]
    assert numbers == ["", "1/QĐ-UBND", "1/QĐ-UBND", "1/QĐ-UBND", "1/QĐ-UBND"]


def test_the_api_prints_a_draft_when_asked(client, province_officer, unnumbered):
    client.force_login(province_officer)
    url = f"/api/v1/benefits/enrolments/{unnumbered.pk}/decision.pdf"
    assert "DỰ THẢO" in flat(client.get(url, {"draft": "true"}))
    assert not IssuedDocument.objects.exists()
    assert "Số: 1/QĐ-UBND" in flat(client.get(url))


def test_a_reader_who_does_not_decide_prints_a_draft(client, auditor, unnumbered):
    client.force_login(auditor)
    text = flat(client.get(f"/api/v1/benefits/enrolments/{unnumbered.pk}/decision.pdf"))
    assert "DỰ THẢO" in text and "Số: /QĐ-UBND" in text
    assert not IssuedDocument.objects.exists()
    unnumbered.decision.refresh_from_db()
    assert unnumbered.decision.number == ""


def test_numbers_recorded_by_hand_are_passed_over(enrol, commune_officer, unnumbered):
    other = enrol(start_month=MONTH)
    _decision(other, number="1/QĐ-UBND")
    _decision(other, number="2/QĐ-UBND", signed_on=dt.date(2025, 9, 1))
    numbered = services.decision_number_issue(actor=commune_officer, decision=unnumbered.decision)
    assert numbered.number == "3/QĐ-UBND"
    assert services.decision_number_issue(actor=commune_officer, decision=numbered).number == "3/QĐ-UBND"


def test_the_register_runs_per_year_of_signing(enrol, commune_officer):
    first, second = enrol(start_month=MONTH), enrol(start_month=MONTH)
    # two decisions without numbers in one commune are allowed (the unique number is for numbered ones)
    old = _decision(first, signed_on=dt.date(2025, 12, 30))
    new = _decision(second, signed_on=dt.date(2026, 1, 2))
    assert services.decision_number_issue(actor=commune_officer, decision=new).number == "1/QĐ-UBND"
    # 2025's register starts again from 1, but a decision number is unique in its commune whatever the
    # year, so the 1 now held by 2026's decision is passed over
    assert services.decision_number_issue(actor=commune_officer, decision=old).number == "2/QĐ-UBND"
    assert sorted(NumberRegister.objects.values_list("year", "last_number")) == [(2025, 2), (2026, 1)]


def test_the_enrolment_form_accepts_a_decision_without_a_number(client, commune_officer, unnumbered):
    client.force_login(commune_officer)
    page = client.get(f"/benefits/{unnumbered.pk}/").content.decode()
    assert "?draft=1" in page
    assert "register" in page or "sổ" in page.lower()
