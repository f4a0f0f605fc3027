"""Writes of the unemployment-benefit module: file a claim, complete its documents, decide, record the
monthly job-search reports, stop. Each checks every problem first (`ValidationFailed`), then writes the
rows and the audit event in one transaction. Edits that may race (two counsellors on one claim) carry the
version they started from and are refused when it moved on (`Conflict`).

A claimant is a job seeker: filing reuses the person's open registration or registers one through
`labour.services.seeker_register`, and the claim page shows the seeker's matches.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.benefits.law import current_params
from ansinh.benefits.rules import FactsError
from ansinh.core import audit, clock, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict, ValidationFailed
from ansinh.core.errors import field_error as _error
from ansinh.core.errors import raise_if_any as _fail
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.labour.models import JobSeeker, SeekerStatus, UnemploymentBenefitStatus
from ansinh.labour.registration import services as labour_services
from ansinh.labour.registration.inputs import SeekerData
from ansinh.registry import resolve
from ansinh.registry.models import Person
from ansinh.unemployment import rules
from ansinh.unemployment.inputs import ClaimData, DecisionData
from ansinh.unemployment.models import Claim, ClaimStatus, JobSearchReport, Law, StopReason

CLAIM_AUDIT_FIELDS = [
    "person_id", "seeker_id", "reference", "law", "status", "termination_date", "employer_name",
    "avg_salary_6m", "contribution_months", "recent_contribution_months", "salary_regime", "region",
    "short_contract", "last_contribution_month", "unlawful_termination", "receiving_pension",
    "pension_eligible", "filed_on", "complete_on", "decision_due", "doc_application", "doc_termination",
    "doc_si_book", "decision_number", "decision_date", "decision_signer", "monthly_amount", "months",
    "start_date", "end_date", "carried_over_months", "refusal_reason", "stopped_on", "stop_reason",
]  # fmt: skip
OPEN = (ClaimStatus.FILED, ClaimStatus.APPROVED)
DOCUMENTS = ("doc_application", "doc_termination", "doc_si_book")
# The file: Decree 28/2015/NĐ-CP Art. 16 (Law 38/2013): the application, the paper ending the contract and
# the social-insurance book. Under Law 74/2025 the centre reads the contribution record from the
# social-insurance agency, so the book is not required (❓: the implementing decree is not in RULES).
REQUIRED_DOCUMENTS = {
    Law.L2013: ("doc_application", "doc_termination", "doc_si_book"),
    Law.L2025: ("doc_application", "doc_termination"),
}


def required_documents(law: str) -> tuple[str, ...]:
    return REQUIRED_DOCUMENTS[Law(law)]


def _stale() -> Conflict:
    return Conflict(
        "claim.stale",
        _("Someone else changed this claim after you opened it. Reload it and try again."),
    )


def _locked(actor: Actor, claim_id: Any, expected_version: int | None) -> Claim:
    claim = scope.access(Claim.objects.select_for_update(), actor, claim_id, what="claim")
    if expected_version is not None and expected_version != claim.version:
        raise _stale()
    return claim


def _bump(claim: Claim, actor: Actor) -> None:
    claim.version += 1
    claim.updated_by = user_of(actor)


def _set_ui_status(claim: Claim, status: str, actor: Actor) -> None:
    """The labour registration shows whether its seeker claims the benefit (JobSeeker.ui_status)."""
    if claim.seeker_id:
        labour_services.seeker_benefit_status_set(actor=actor, seeker_id=claim.seeker_id, status=status)


def facts_of(claim: Claim, *, filed_on: dt.date | None = None) -> rules.Facts:
    return rules.Facts(
        termination_date=claim.termination_date,
        avg_salary_6m=claim.avg_salary_6m,
        contribution_months=claim.contribution_months,
        salary_regime=claim.salary_regime,
        region=claim.region,
        recent_contribution_months=claim.recent_contribution_months,
        short_contract=claim.short_contract,
        filed_on=filed_on if filed_on is not None else (claim.complete_on or claim.filed_on),
        last_contribution_month=claim.last_contribution_month,
        unlawful_termination=claim.unlawful_termination,
        receiving_pension=claim.receiving_pension,
        pension_eligible=claim.pension_eligible,
    )


def assess(claim: Claim) -> rules.UnemploymentResult:
    """What the law gives on the claim's facts, the benefit counted from the complete file."""
    return rules.monthly_amount(facts_of(claim), current_params())


# --- filing -------------------------------------------------------------------------------------------


def _clean_claim(data: ClaimData, errors: list[ApplicationError]) -> dict[str, Any]:
    today = clock.today()
    filed_on = data.filed_on or today
    if filed_on > today:
        errors.append(_error("filed_on.future", _("The filing date is in the future."), "filed_on"))
    if data.termination_date is None:
        errors.append(
            _error("termination_date.required", _("Enter the day the contract ended."), "termination_date")
        )
    facts = {
        "termination_date": data.termination_date.isoformat() if data.termination_date else None,
        "avg_salary_6m": data.avg_salary_6m,
        "contribution_months": data.contribution_months,
        "salary_regime": data.salary_regime,
        "region": data.region,
        "recent_contribution_months": data.recent_contribution_months,
        "short_contract": data.short_contract,
        "filed_on": filed_on.isoformat(),
        "last_contribution_month": (
            data.last_contribution_month.strftime("%Y-%m") if data.last_contribution_month else None
        ),
        "unlawful_termination": data.unlawful_termination,
        "receiving_pension": data.receiving_pension,
        "pension_eligible": data.pension_eligible,
    }
    values: dict[str, Any] = {"filed_on": filed_on}
    if data.termination_date is None:
        return values
    try:
        parsed = rules.parse(facts)
        rules.check(parsed, current_params())
    except FactsError as exc:
        field = exc.field or "facts"
        message = str(exc.message)
        errors.append(_error(exc.code, message.removeprefix(f"{field}: "), field))
        return values
    values.update(
        termination_date=parsed.termination_date, avg_salary_6m=parsed.avg_salary_6m,
        contribution_months=parsed.contribution_months,
        recent_contribution_months=parsed.recent_contribution_months,
        salary_regime=parsed.salary_regime, region=parsed.region, short_contract=parsed.short_contract,
        last_contribution_month=parsed.last_contribution_month,
        unlawful_termination=parsed.unlawful_termination, receiving_pension=parsed.receiving_pension,
        pension_eligible=parsed.pension_eligible, law=parsed.law,
    )  # fmt: skip
    return values


def _person(actor: Actor, person_id: int | None, errors: list[ApplicationError]) -> Person | None:
    if person_id is None:
        errors.append(_error("person.required", _("Choose the person from the registry."), "person_id"))
        return None
    try:
        person = scope.access(Person.objects.all(), actor, person_id, what="person")
    except ApplicationError:
        errors.append(_error("person.not_found", _("Person not found."), "person_id"))
        return None
    merged = resolve.merged_error(person, field="person_id")
    if merged is not None:
        errors.append(merged)
        return person
    if person.status != "alive":
        errors.append(_error("person.deceased", _("This person is recorded as deceased."), "person_id"))
    if Claim.objects.filter(person=person, status__in=OPEN).exists():
        errors.append(
            Conflict(
                "claim.already_open",
                _("This person already has an open unemployment-benefit claim."),
                field="person_id",
            )
        )
    return person


def _seeker(actor: Actor, person: Person, data: ClaimData, filed_on: dt.date) -> JobSeeker:
    """The person's open job-seeker registration, or a new one (a claimant is a job seeker)."""
    seeker = JobSeeker.objects.filter(person=person, status=SeekerStatus.ACTIVE).first()
    if seeker is not None:
        return seeker
    if not data.job_title.strip():
        raise ValidationFailed(
            [_error("job_title.required", _("Enter the job the claimant is looking for."), "job_title")]
        )
    seeker_data = SeekerData(
        commune_id=person.commune_id,
        registered_on=filed_on,
        title=data.job_title,
        general_education=data.general_education,
        ui_status=UnemploymentBenefitStatus.APPLIED,
    )
    return labour_services.seeker_register(actor=actor, data=seeker_data, person_id=person.pk)


def _documents_complete(claim: Claim) -> bool:
    return all(getattr(claim, name) for name in required_documents(claim.law))


@transaction.atomic
def claim_file(*, actor: Actor, data: ClaimData) -> Claim:
    """File a claim at the centre (nộp hồ sơ hưởng trợ cấp thất nghiệp). The 20-day decision deadline runs
    from the day the file is complete (every required document in)."""
    require(actor, "unemployment.change")
    errors: list[ApplicationError] = []
    values = _clean_claim(data, errors)
    person = _person(actor, data.person_id, errors)
    if len(data.notes) > 4000:
        errors.append(_error("notes.too_long", _("The notes are too long."), "notes"))
    _fail(errors)
    assert person is not None
    seeker = _seeker(actor, person, data, values["filed_on"])
    claim = Claim(
        **values, person=person, seeker=seeker, commune_id=person.commune_id,
        province_code=_centre_province(actor, person), employer_name=data.employer_name.strip()[:200],
        doc_application=data.doc_application, doc_termination=data.doc_termination,
        doc_si_book=data.doc_si_book, notes=data.notes.strip(), reference=f"new-{uuid.uuid4().hex[:20]}",
        created_by=user_of(actor), updated_by=user_of(actor),
    )  # fmt: skip
    if _documents_complete(claim):
        claim.complete_on = claim.filed_on
        claim.decision_due = rules.decision_deadline(claim.filed_on)
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        raise Conflict(
            "claim.already_open",
            _("This person already has an open unemployment-benefit claim."),
            field="person_id",
        ) from None
    claim.reference = f"TCTN-{claim.province_code}-{claim.filed_on.year}-{claim.pk:06d}"
    claim.save(update_fields=["reference"])
    _set_ui_status(claim, UnemploymentBenefitStatus.APPLIED, actor)
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=claim, after=audit.snapshot(claim, CLAIM_AUDIT_FIELDS)
    )
    return claim


def _centre_province(actor: Actor, person: Person) -> str:
    """The claim belongs to the centre that received it: the counsellor's province (a nationwide user
    files for the person's own province)."""
    unit = getattr(actor, "scope_unit", None)
    if actor.scope_level == "province" and unit is not None:
        return str(unit.code)
    return person.province_code


@transaction.atomic
def claim_documents(
    *,
    actor: Actor,
    claim_id: Any,
    documents: Mapping[str, bool],
    complete_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Tick the documents received; the day the file becomes complete starts the 20-day deadline."""
    require(actor, "unemployment.change")
    claim = _locked(actor, claim_id, expected_version)
    if claim.status != ClaimStatus.FILED:
        raise ApplicationError("claim.decided", _("The claim is already decided."))
    today = clock.today()
    complete_on = complete_on or today
    if complete_on > today or complete_on < claim.filed_on:
        raise ValidationFailed(
            [
                _error(
                    "complete_on.out_of_range",
                    _("The date must lie between filing and today."),
                    "complete_on",
                )
            ]
        )
    before = audit.snapshot(claim, CLAIM_AUDIT_FIELDS)
    for name in DOCUMENTS:
        if name in documents:
            setattr(claim, name, bool(documents[name]))
    if _documents_complete(claim) and claim.complete_on is None:
        claim.complete_on = complete_on
        claim.decision_due = rules.decision_deadline(complete_on)
    elif not _documents_complete(claim):
        claim.complete_on = claim.decision_due = None
    changed_before, changed_after = audit.diff(before, audit.snapshot(claim, CLAIM_AUDIT_FIELDS))
    if changed_after:
        _bump(claim, actor)
        claim.save()
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=claim, before=changed_before, after=changed_after
        )
    return claim


# --- the decision -------------------------------------------------------------------------------------


def _clean_decision(claim: Claim, data: DecisionData, errors: list[ApplicationError]) -> dt.date | None:
    today = clock.today()
    number, signer = data.number.strip(), data.signer.strip()
    if not number:
        errors.append(_error("number.required", _("Enter the decision number."), "number"))
    elif len(number) > 40:
        errors.append(_error("number.too_long", _("The decision number is too long."), "number"))
    if not signer:
        errors.append(_error("signer.required", _("Enter who signed the decision."), "signer"))
    decided_on = data.decided_on or today
    if decided_on > today or decided_on < claim.filed_on:
        errors.append(
            _error("decided_on.out_of_range", _("The date must lie between filing and today."), "decided_on")
        )
    if data.approve and claim.complete_on is None:
        errors.append(
            _error(
                "claim.incomplete",
                _("The file is not complete: tick the documents received before deciding."),
                "documents",
            )
        )
    if not data.approve and not data.refusal_reason.strip():
        errors.append(
            _error("refusal_reason.required", _("Give the reason for the refusal."), "refusal_reason")
        )
    return decided_on


@transaction.atomic
def claim_decide(
    *, actor: Actor, claim_id: Any, data: DecisionData, expected_version: int | None = None
) -> Claim:
    """The centre's decision (quyết định hưởng / không hưởng): the amount, months and dates come from the
    rules on the claim's facts, never typed; a claim the law refuses cannot be approved."""
    require(actor, "unemployment.change")
    claim = _locked(actor, claim_id, expected_version)
    if claim.status != ClaimStatus.FILED:
        raise ApplicationError("claim.decided", _("The claim is already decided."))
    errors: list[ApplicationError] = []
    decided_on = _clean_decision(claim, data, errors)
    result = assess(claim) if claim.complete_on else None
    if data.approve and result is not None and not result.eligible:
        reasons = " ".join(result.notes[1:])
        errors.append(
            _error(
                "claim.not_eligible", _("The law refuses this claim: %(why)s") % {"why": reasons}, "approve"
            )
        )
    _fail(errors)
    before = audit.snapshot(claim, CLAIM_AUDIT_FIELDS)
    claim.decision_number, claim.decision_signer = data.number.strip(), data.signer.strip()
    claim.decision_date = decided_on
    if data.approve and result is not None:
        claim.status = ClaimStatus.APPROVED
        claim.monthly_amount, claim.months = result.monthly_amount, result.months
        claim.start_date, claim.end_date = result.start_date, result.end_date
        claim.carried_over_months = result.carried_over_months
    else:
        claim.status = ClaimStatus.REFUSED
        claim.refusal_reason = data.refusal_reason.strip()
        claim.carried_over_months = claim.contribution_months
    _bump(claim, actor)
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        raise ValidationFailed(
            [
                Conflict(
                    "number.duplicate",
                    _("This decision number is already used in the province."),
                    field="number",
                )
            ]
        ) from None
    _set_ui_status(
        claim,
        UnemploymentBenefitStatus.RECEIVING if data.approve else UnemploymentBenefitStatus.ENDED,
        actor,
    )
    changed_before, changed_after = audit.diff(before, audit.snapshot(claim, CLAIM_AUDIT_FIELDS))
    action = AuditAction.APPROVE if data.approve else AuditAction.REJECT
    audit.record(actor=actor, action=action, obj=claim, before=changed_before, after=changed_after)
    return claim


# --- monthly reports, schedule, stop ------------------------------------------------------------------


def claim_schedule(claim: Claim, *, today: dt.date | None = None) -> list[rules.ScheduleMonth]:
    """Month by month: the report due, whether it came, and what the agency pays (0 when suspended)."""
    if claim.start_date is None or claim.status not in (ClaimStatus.APPROVED, ClaimStatus.STOPPED):
        return []
    reports = dict(claim.reports.values_list("month_index", "reported_on"))
    return rules.schedule(
        start=claim.start_date,
        months=claim.months,
        monthly=claim.monthly_amount,
        reports=reports,
        today=today or clock.today(),
        stopped_on=claim.stopped_on,
    )


@transaction.atomic
def report_record(
    *,
    actor: Actor,
    claim_id: Any,
    month_index: int,
    reported_on: dt.date | None = None,
    jobs_applied: int = 0,
    notes: str = "",
    expected_version: int | None = None,
) -> JobSearchReport:
    """Record the worker's monthly job-search report. A report after the grace days is recorded (it resumes
    the benefit) but its month stays suspended."""
    require(actor, "unemployment.change")
    claim = _locked(actor, claim_id, expected_version)
    if claim.status != ClaimStatus.APPROVED:
        raise ApplicationError(
            "claim.not_receiving", _("Reports are recorded only while the benefit is paid.")
        )
    today = clock.today()
    reported_on = reported_on or today
    errors: list[ApplicationError] = []
    if not 1 <= month_index <= claim.months:
        errors.append(_error("month_index.out_of_range", _("No such benefit month."), "month_index"))
    elif claim.reports.filter(month_index=month_index).exists():
        errors.append(
            _error("month_index.reported", _("This month's report is already recorded."), "month_index")
        )
    if reported_on > today:
        errors.append(_error("reported_on.future", _("The report date is in the future."), "reported_on"))
    elif claim.start_date and 1 <= month_index <= claim.months:
        first_day, _last = rules.benefit_months(claim.start_date, month_index)[-1]
        if reported_on < first_day:
            errors.append(
                _error(
                    "reported_on.before_month",
                    _("A month's report is made from the first day of that benefit month (%(day)s).")
                    % {"day": first_day.strftime("%d/%m/%Y")},
                    "reported_on",
                )
            )
    if not 0 <= jobs_applied <= 999:
        errors.append(_error("jobs_applied.out_of_range", _("Enter a number from 0 to 999."), "jobs_applied"))
    _fail(errors)
    report = JobSearchReport.objects.create(
        claim=claim, month_index=month_index, reported_on=reported_on, jobs_applied=jobs_applied,
        notes=notes.strip()[:500], created_by=user_of(actor),
    )  # fmt: skip
    _bump(claim, actor)
    claim.save(update_fields=["version", "updated_by", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.SUBMIT,
        obj=report,
        object_label=f"{claim.reference} / {month_index}",
        province_code=claim.province_code,
        after={"claim_id": claim.pk, "month_index": month_index, "reported_on": reported_on.isoformat(),
               "jobs_applied": jobs_applied},
    )  # fmt: skip
    return report


def _stop(claim: Claim, *, actor: Actor, on: dt.date, reason: str) -> Claim:
    """Stop the benefit from `on`; the months not received are carried over (bảo lưu)."""
    before = audit.snapshot(claim, CLAIM_AUDIT_FIELDS)
    claim.stopped_on, claim.stop_reason = on, reason
    if claim.status == ClaimStatus.APPROVED:
        rows = claim_schedule(claim, today=max(on, clock.today()))
        claim.carried_over_months = rules.carried_over_after_stop(
            claim.contribution_months, claim.months, rules.months_not_paid(rows)
        )
    else:
        claim.carried_over_months = claim.contribution_months
    claim.status = ClaimStatus.STOPPED
    _bump(claim, actor)
    claim.save()
    _set_ui_status(claim, UnemploymentBenefitStatus.ENDED, actor)
    changed_before, changed_after = audit.diff(before, audit.snapshot(claim, CLAIM_AUDIT_FIELDS))
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=claim, before=changed_before, after=changed_after
    )
    return claim


@transaction.atomic
def claim_stop(
    *,
    actor: Actor,
    claim_id: Any,
    reason: str,
    stopped_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Stop a claim (chấm dứt hưởng): the worker found a job, missed three reports, or another case of the
    law (Law 38/2013 Art. 53; Law 74/2025)."""
    require(actor, "unemployment.change")
    claim = _locked(actor, claim_id, expected_version)
    if claim.status not in OPEN:
        raise ApplicationError("claim.closed", _("This claim is already closed."))
    errors: list[ApplicationError] = []
    if reason not in StopReason.values:
        errors.append(_error("reason.invalid", _("Choose a reason."), "reason"))
    elif (
        reason == StopReason.NO_REPORTS
        and rules.missed_in_a_row(claim_schedule(claim)) < rules.STOP_AFTER_MISSED
    ):
        errors.append(
            _error(
                "reason.reports_not_missed",
                _("The benefit stops for missing reports only after three months in a row without one."),
                "reason",
            )
        )
    today = clock.today()
    stopped_on = stopped_on or today
    if stopped_on > today or stopped_on < claim.filed_on:
        errors.append(
            _error("stopped_on.out_of_range", _("The date must lie between filing and today."), "stopped_on")
        )
    _fail(errors)
    return _stop(claim, actor=actor, on=stopped_on, reason=reason)


@transaction.atomic
def stop_on_placement(*, seeker: JobSeeker, on: dt.date, actor: Actor, source: str) -> list[Claim]:
    """The labour module placed the seeker (or the seeker reported a job): every open claim of the person
    stops, whichever centre holds it. No capability check: the placement was the authorised act, and the
    law stops the benefit from it."""
    reason = StopReason.SELF_REPORTED if source == "self_reported" else StopReason.PLACEMENT
    claims = list(Claim.objects.select_for_update().filter(person_id=seeker.person_id, status__in=OPEN))
    return [_stop(claim, actor=actor, on=max(on, claim.filed_on), reason=reason) for claim in claims]
