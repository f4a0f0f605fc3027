"""A benefit decision recorded without a number prints as a draft on every GET; issuing it (a confirmed POST,
or the API's POST …/decision/issue) takes the next number of its commune's register once and keeps it;
numbers recorded by hand are passed over."""

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


def _issue_events():
    return AuditEvent.objects.filter(
        object_type__in=("documents.issueddocument", "benefits.decision")
    ).exclude(action="export")


def _pdf(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return flat(response)


def test_a_get_never_takes_a_number(client, commune_officer, unnumbered):
    client.force_login(commune_officer)
    url = f"/benefits/{unnumbered.pk}/decision.pdf"
    api = f"/api/v1/benefits/enrolments/{unnumbered.pk}/decision.pdf"
    for address in (url, url, api, api):
        text = _pdf(client.get(address))
        assert "DỰ THẢO" in text and "Số: /QĐ-UBND" in text
    assert not IssuedDocument.objects.exists() and not NumberRegister.objects.exists()
    assert not _issue_events().exists()
    unnumbered.decision.refresh_from_db()
    assert unnumbered.decision.number == ""
    drafts = AuditEvent.objects.filter(action="export", object_type="benefits.enrolment_decision")
    assert [e.after["draft"] for e in drafts] == [True] * 4


def test_issuing_is_confirmed_then_takes_one_number_and_reprints_keep_it(client, commune_officer, unnumbered):
    client.force_login(commune_officer)
    issue = f"/benefits/{unnumbered.pk}/decision/issue/"

    question = client.post(issue)
    assert question.status_code == 200 and question["Content-Type"].startswith("text/html")
    page = question.content.decode()
    commune = unnumbered.commune.name[:1].lower() + unnumbered.commune.name[1:]
    assert "sổ đăng ký năm 2025" in page and commune in page and 'name="confirmed"' in page
    assert not IssuedDocument.objects.exists()

    text = _pdf(client.post(issue, {"confirmed": "1"}))
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

    # numbered: a second issue is not asked about and reprints the same number, as every GET does
    assert "Số: 1/QĐ-UBND" in _pdf(client.post(issue))
    assert "Số: 1/QĐ-UBND" in _pdf(client.get(f"/benefits/{unnumbered.pk}/decision.pdf"))
    assert "Số: 1/QĐ-UBND" in _pdf(client.get(f"/api/v1/benefits/enrolments/{unnumbered.pk}/decision.pdf"))
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
    assert numbers == ["1/QĐ-UBND"] * 4


def test_the_confirmation_names_what_was_shown(client, commune_officer, unnumbered):
    client.force_login(commune_officer)
    issue = f"/benefits/{unnumbered.pk}/decision/issue/"
    again = client.post(issue, {"confirmed": "1", "confirmed_digest": "0" * 32})
    assert again.status_code == 200 and again["Content-Type"].startswith("text/html")
    assert not IssuedDocument.objects.exists()


def test_the_web_issue_needs_its_csrf_token(commune_officer, unnumbered):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_officer)
    response = client.post(f"/benefits/{unnumbered.pk}/decision/issue/", {"confirmed": "1"})
    assert response.status_code == 403
    assert not IssuedDocument.objects.exists()
    unnumbered.decision.refresh_from_db()
    assert unnumbered.decision.number == ""


def test_the_issue_is_a_post(client, commune_officer, unnumbered):
    client.force_login(commune_officer)
    assert client.get(f"/benefits/{unnumbered.pk}/decision/issue/").status_code == 405
    assert client.get(f"/api/v1/benefits/enrolments/{unnumbered.pk}/decision/issue").status_code == 405
    assert not IssuedDocument.objects.exists()


def test_the_api_issues_once(client, province_officer, unnumbered):
    client.force_login(province_officer)
    url = f"/api/v1/benefits/enrolments/{unnumbered.pk}/decision/issue"
    assert "Số: 1/QĐ-UBND" in _pdf(client.post(url))
    assert "Số: 1/QĐ-UBND" in _pdf(client.post(url))
    assert NumberRegister.objects.get().last_number == 1
    unnumbered.decision.refresh_from_db()
    assert unnumbered.decision.number == "1/QĐ-UBND"


def test_without_a_decision_of_record_there_is_nothing_to_issue(client, commune_officer, enrol):
    enrolment = enrol(start_month=MONTH)
    enrolment.decision = None
    enrolment.save(update_fields=["decision"])
    client.force_login(commune_officer)
    answer = client.post(f"/api/v1/benefits/enrolments/{enrolment.pk}/decision/issue")
    assert answer.status_code == 409 and answer.json()["code"] == "decision.missing"
    page = client.post(f"/benefits/{enrolment.pk}/decision/issue/", {"confirmed": "1"}, follow=True)
    assert page.redirect_chain[-1][0] == f"/benefits/{enrolment.pk}/"
    assert "Hồ sơ hưởng này không có quyết định để cấp số." in page.content.decode()
    assert not IssuedDocument.objects.exists()


def test_a_reader_who_does_not_decide_prints_a_draft_and_may_not_issue(client, auditor, unnumbered):
    client.force_login(auditor)
    text = _pdf(client.get(f"/api/v1/benefits/enrolments/{unnumbered.pk}/decision.pdf"))
    assert "DỰ THẢO" in text and "Số: /QĐ-UBND" in text
    assert client.post(f"/api/v1/benefits/enrolments/{unnumbered.pk}/decision/issue").status_code == 403
    assert client.post(f"/benefits/{unnumbered.pk}/decision/issue/", {"confirmed": "1"}).status_code == 403
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
    assert f'href="/benefits/{unnumbered.pk}/decision.pdf"' in page
    assert f'action="/benefits/{unnumbered.pk}/decision/issue/"' in page
    assert "register" in page or "sổ" in page.lower()


def test_a_reader_sees_only_the_draft_print(client, auditor, unnumbered):
    client.force_login(auditor)
    page = client.get(f"/benefits/{unnumbered.pk}/").content.decode()
    assert f'href="/benefits/{unnumbered.pk}/decision.pdf"' in page
    assert "/decision/issue/" not in page
