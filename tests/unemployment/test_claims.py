"""Claims: filing (the claimant becomes a job seeker), the 20-day deadline, decision, monthly reports and
suspension, stop on placement (the labour signal) and on a reported job, carried-over months, scope."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditEvent
from ansinh.labour.models import JobSeeker
from ansinh.labour.signals import seeker_placed
from ansinh.unemployment import rules, selectors, services
from ansinh.unemployment.models import ClaimStatus

pytestmark = pytest.mark.django_db
D = dt.date


def codes(exc):
    return {e.code for e in exc.value.errors} if isinstance(exc.value, ValidationFailed) else {exc.value.code}


def test_filing_registers_a_job_seeker_and_starts_the_deadline(make_claim, counsellor):
    claim = make_claim()
    assert claim.reference == f"TCTN-11-2026-{claim.pk:06d}"
    assert (claim.law, claim.status, claim.province_code) == ("2025", ClaimStatus.FILED, "11")
    # Law 38/2013 Art. 46(2): decision within 20 days of the complete file (calendar days, from the next day).
    assert (claim.complete_on, claim.decision_due) == (D(2026, 2, 20), D(2026, 3, 12))
    seeker = JobSeeker.objects.get(pk=claim.seeker_id)
    assert seeker.person_id == claim.person_id and seeker.ui_status == "applied"
    assert AuditEvent.objects.filter(object_type="unemployment.claim", action="create").count() == 1


def test_an_existing_seeker_is_reused(make_claim, make_person, counsellor):
    from ansinh.labour.registration import services as labour_services
    from ansinh.labour.registration.inputs import SeekerData

    person = make_person(birth_date="1988-01-01")
    seeker = labour_services.seeker_register(
        actor=counsellor,
        data=SeekerData(commune_id=person.commune_id, title="Kế toán", general_education=3),
        person_id=person.pk,
    )
    claim = make_claim(person=person, job_title="")
    assert claim.seeker_id == seeker.pk


def test_incomplete_file_has_no_deadline_until_completed(make_claim, counsellor):
    claim = make_claim(doc_si_book=False, termination_date=D(2025, 11, 10), filed_on=D(2025, 11, 20))
    assert claim.law == "2013" and claim.complete_on is None and claim.decision_due is None
    claim = services.claim_documents(
        actor=counsellor, claim_id=claim.pk, documents={"doc_si_book": True}, complete_on=D(2025, 11, 25),
        expected_version=claim.version,
    )  # fmt: skip
    assert (claim.complete_on, claim.decision_due) == (D(2025, 11, 25), D(2025, 12, 15))


def test_the_2025_law_needs_no_social_insurance_book(make_claim):
    claim = make_claim(doc_si_book=False)
    assert claim.complete_on == D(2026, 2, 20)


def test_one_open_claim_per_person(make_claim, make_person):
    person = make_person()
    make_claim(person=person)
    with pytest.raises(ValidationFailed) as exc:
        make_claim(person=person)
    assert "claim.already_open" in codes(exc)


def test_bad_facts_name_the_field(make_claim):
    with pytest.raises(ValidationFailed) as exc:
        make_claim(region=9, filed_on=D(2026, 2, 1))
    assert {e.field for e in exc.value.errors} == {"region"}


def test_decision_sets_amount_months_dates(make_claim, decide):
    claim = decide(make_claim())
    assert claim.status == ClaimStatus.APPROVED
    # 60 % × 10,000,000; 50 months → 4 months, 2 carried over; 11th working day after 20/02/2026 (Tết
    # 16–20/02 skipped: working day 1 is Monday 23/02) is Monday 09/03/2026.
    assert (claim.monthly_amount, claim.months, claim.carried_over_months) == (6_000_000, 4, 2)
    assert (claim.start_date, claim.end_date) == (D(2026, 3, 9), D(2026, 7, 8))
    assert JobSeeker.objects.get(pk=claim.seeker_id).ui_status == "receiving"


def test_a_claim_the_law_refuses_cannot_be_approved(make_claim, decide):
    claim = make_claim(contribution_months=11)
    with pytest.raises(ValidationFailed) as exc:
        decide(claim)
    assert "claim.not_eligible" in codes(exc)
    refused = decide(claim, approve=False, refusal_reason="Chưa đủ 12 tháng đóng BHTN")
    assert refused.status == ClaimStatus.REFUSED and refused.carried_over_months == 11


def test_decision_number_unique_in_province(make_claim, decide):
    decide(make_claim(), number="15/QĐ")
    with pytest.raises(ValidationFailed) as exc:
        decide(make_claim(), number="15/QĐ")
    assert "number.duplicate" in codes(exc)


def test_stale_version_is_refused(make_claim, decide):
    claim = make_claim()
    with pytest.raises(Conflict):
        decide(claim, expected_version=claim.version + 1)


def test_reports_suspend_missed_months(make_claim, decide, counsellor):
    claim = decide(make_claim())
    # Month 1 due 09/03 (on time), month 2 due 09/04 reported late within 3 working days, month 3 none.
    services.report_record(actor=counsellor, claim_id=claim.pk, month_index=1, reported_on=D(2026, 3, 9))
    services.report_record(actor=counsellor, claim_id=claim.pk, month_index=2, reported_on=D(2026, 4, 14))
    services.report_record(actor=counsellor, claim_id=claim.pk, month_index=4, reported_on=D(2026, 6, 20))
    claim.refresh_from_db()
    rows = services.claim_schedule(claim, today=D(2026, 8, 1))
    assert [r.report for r in rows] == [rules.ON_TIME, rules.LATE, rules.MISSED, rules.MISSED]
    assert [r.payable for r in rows] == [6_000_000, 6_000_000, 0, 0]
    assert rules.missed_in_a_row(rows) == 2
    with pytest.raises(ValidationFailed) as exc:
        services.report_record(actor=counsellor, claim_id=claim.pk, month_index=1)
    assert "month_index.reported" in codes(exc)
    with pytest.raises(ValidationFailed) as exc:
        services.report_record(actor=counsellor, claim_id=claim.pk, month_index=3, reported_on=D(2026, 5, 8))
    assert "reported_on.before_month" in codes(exc)


def test_stop_for_missing_reports_needs_three_in_a_row(make_claim, decide, counsellor):
    claim = decide(make_claim(contribution_months=60))  # 5 months from 09/03/2026, all past by now
    for month, day in ((1, D(2026, 3, 9)), (3, D(2026, 5, 11))):
        services.report_record(actor=counsellor, claim_id=claim.pk, month_index=month, reported_on=day)
    with pytest.raises(ValidationFailed) as exc:  # months 2, 4, 5 missed, but never three in a row…
        services.claim_stop(actor=counsellor, claim_id=claim.pk, reason="no_reports")
    assert "reason.reports_not_missed" in codes(exc)
    other = decide(make_claim(contribution_months=60))  # …while none reported at all is five in a row
    stopped = services.claim_stop(actor=counsellor, claim_id=other.pk, reason="no_reports")
    assert stopped.status == "stopped" and stopped.carried_over_months == 60


def test_pending_report_is_not_yet_a_suspension():
    rows = rules.schedule(start=D(2026, 3, 9), months=3, monthly=100, reports={}, today=D(2026, 3, 10))
    assert [r.report for r in rows] == [rules.PENDING, rules.NOT_DUE, rules.NOT_DUE]
    assert rows[0].report_grace_until == D(2026, 3, 12)


def test_placement_signal_stops_the_claim_and_keeps_months(make_claim, decide, counsellor):
    claim = decide(make_claim(contribution_months=60))  # 5 months of benefit, from 09/03/2026
    services.report_record(actor=counsellor, claim_id=claim.pk, month_index=1, reported_on=D(2026, 3, 9))
    seeker = JobSeeker.objects.get(pk=claim.seeker_id)
    seeker_placed.send(
        sender=JobSeeker, seeker=seeker, on=D(2026, 4, 20), actor=counsellor, source="placement"
    )
    claim.refresh_from_db()
    assert (claim.status, claim.stop_reason, claim.stopped_on) == ("stopped", "placement", D(2026, 4, 20))
    rows = services.claim_schedule(claim, today=D(2026, 9, 1))
    # Month 1 paid, month 2 (09/04–08/05) began before the job but was not reported: suspended; months 3–5
    # begin after the stop. Four months not received come back as 4 × 12 contribution months.
    assert [r.payable for r in rows] == [claim.monthly_amount, 0, 0, 0, 0]
    assert claim.carried_over_months == 48
    assert JobSeeker.objects.get(pk=seeker.pk).ui_status == "ended"


def test_signal_for_another_person_leaves_the_claim(today, make_claim, make_person, counsellor):
    from ansinh.labour.registration import services as labour_services
    from ansinh.labour.registration.inputs import SeekerData

    claim = make_claim()
    other = make_person(birth_date="1985-06-06")
    seeker = labour_services.seeker_register(
        actor=counsellor,
        data=SeekerData(commune_id=other.commune_id, title="Kế toán", general_education=3),
        person_id=other.pk,
    )
    seeker_placed.send(sender=JobSeeker, seeker=seeker, on=today, actor=counsellor, source="placement")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FILED


def test_worker_reports_a_job_before_the_decision(make_claim, counsellor):
    claim = make_claim()
    claim = services.claim_stop(
        actor=counsellor, claim_id=claim.pk, reason="self_reported", stopped_on=D(2026, 2, 25)
    )
    assert claim.status == "stopped" and claim.carried_over_months == 50


def test_roles_and_scope(make_claim, commune_officer, other_counsellor, province_officer, analyst):
    claim = make_claim()
    with pytest.raises(PermissionDenied):
        selectors.claim_list(actor=commune_officer)
    with pytest.raises(NotFound):
        selectors.claim_get(actor=other_counsellor, claim_id=claim.pk)
    with pytest.raises(NotFound):
        services.claim_stop(actor=other_counsellor, claim_id=claim.pk, reason="other")
    with pytest.raises(PermissionDenied):
        services.claim_stop(actor=province_officer, claim_id=claim.pk, reason="other")
    assert list(selectors.claim_list(actor=analyst)) == [claim]
    assert list(selectors.claim_list(actor=province_officer)) == [claim]


def test_queue_overdue(make_claim, counsellor):
    old = make_claim()  # due 12/03/2026, long past
    assert list(selectors.claim_list(actor=counsellor, queue="overdue")) == [old]
    assert list(selectors.claim_list(actor=counsellor, queue="approved")) == []


def test_decisions_export_masks_ids(make_claim, decide, counsellor):
    claim = decide(make_claim())
    qs = selectors.decisions_queryset(actor=counsellor)
    name, _type, content = selectors.decisions_export(actor=counsellor, queryset=qs, fmt="csv")
    text = content.decode("utf-8-sig")
    assert name.endswith(".csv") and claim.decision_number in text
    assert claim.person.personal_id not in text and claim.person.personal_id[-3:] in text
    _name, _type, xlsx = selectors.decisions_export(actor=counsellor, queryset=qs, fmt="xlsx")
    assert xlsx[:2] == b"PK"
    with pytest.raises(ApplicationError):
        selectors.decisions_export(actor=counsellor, queryset=qs, fmt="pdf")


def test_indicator_counts_receivers_by_commune(make_claim, decide, counsellor):
    from ansinh.unemployment.indicators import SOURCES

    claim = decide(make_claim())  # 09/03/2026 – 08/07/2026
    stopped = decide(make_claim())
    services.claim_stop(actor=counsellor, claim_id=stopped.pk, reason="other", stopped_on=D(2026, 3, 9))
    source = SOURCES["UI.CLAIMS"]
    rows = list(source(D(2026, 4, 1), D(2026, 4, 30)))
    assert [(r.unit_code, int(r.value)) for r in rows] == [(claim.commune.code, 1)]
    assert list(source(D(2026, 8, 1), D(2026, 8, 31))) == []
