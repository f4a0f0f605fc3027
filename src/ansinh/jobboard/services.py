"""Writes of the job board. The public ones (`interest_register`, `submission_create`) take no actor: they
check every field at once (`ValidationFailed`, each error naming its field), refuse a filled-in honeypot and
more than `JOBBOARD_RATE_LIMIT` accepted requests an hour from one address. The counsellor ones check the
capability and the scope, call the labour services for anything that touches seekers, employers or
vacancies, and write the audit event in the same transaction.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.core import audit, clock, phones, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict, ValidationFailed
from ansinh.core.errors import field_error as _error
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.core.text import normalize, normalize_name
from ansinh.geo.models import AdminUnit, Level, Structure
from ansinh.jobboard import selectors
from ansinh.jobboard.inputs import InterestData, SubmissionData
from ansinh.jobboard.models import (
    CentreContact,
    EmployerContact,
    InterestStatus,
    SubmissionStatus,
    VacancyInterest,
    VacancySubmission,
)
from ansinh.labour.models import Employer, GeneralEducation, JobSeeker, Qualification, Vacancy, WorkType
from ansinh.labour.reference import classifications, coding, taxcode
from ansinh.labour.registration import services as labour
from ansinh.labour.registration.inputs import EmployerData, SeekerData, VacancyData
from ansinh.registry.inputs import PersonData

RATE_WINDOW_S = 3600
MAX_MESSAGE = 2000
MAX_TEXT = 4000
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Reference numbers: no 0/O, 1/I/L, so that one read out over the phone is typed back right.
_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

INTEREST_AUDIT_FIELDS = ["vacancy_id", "province_code", "status", "handled_at", "handled_note", "seeker_id"]
SUBMISSION_AUDIT_FIELDS = ["reference", "status", "tax_code", "title", "province_code", "reject_reason",
                           "employer_id", "vacancy_id"]  # fmt: skip


class TooManyRequests(ApplicationError):
    status = 429


# --- spam protection ---------------------------------------------------------------------------------


def _rate_limit() -> int:
    return int(getattr(settings, "JOBBOARD_RATE_LIMIT", 10))


def _rate_key(kind: str, client: str | None) -> str:
    return f"jobboard:rate:{kind}:{client}"


def _check_rate(kind: str, client: str | None) -> None:
    if client and (cache.get(_rate_key(kind, client)) or 0) >= _rate_limit():
        raise TooManyRequests(
            "rate_limited",
            _("Too many requests were sent from this connection. Try again in an hour or call the centre."),
        )


def _count_rate(kind: str, client: str | None) -> None:
    """Count an accepted request (refused ones are not counted: someone correcting a typo is no robot)."""
    if not client:
        return
    key = _rate_key(kind, client)
    if not cache.add(key, 1, RATE_WINDOW_S):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, RATE_WINDOW_S)


def _check_trap(trap: str) -> None:
    if trap:
        raise ApplicationError(
            "form.rejected", _("The form could not be accepted. Reload the page and try again.")
        )


# --- field checks ------------------------------------------------------------------------------------


def _text(
    value: str, field: str, errors: list[ApplicationError], *, limit: int, required: bool = False
) -> str:
    value = normalize(value or "")
    if required and not value:
        errors.append(_error(f"{field}.required", _("This field is required."), field))
    elif len(value) > limit:
        errors.append(_error(f"{field}.too_long", _("At most %(n)d characters.") % {"n": limit}, field))
    return value


def _name(value: str, field: str, errors: list[ApplicationError]) -> str:
    name = _text(value, field, errors, limit=120)
    if not name:
        errors.append(_error(f"{field}.required", _("Enter your full name."), field))
    return normalize_name(name)


def _email(value: str, field: str, errors: list[ApplicationError]) -> str:
    value = (value or "").strip().lower()
    if value and (len(value) > 120 or not _EMAIL_RE.match(value)):
        errors.append(
            _error(f"{field}.invalid", _("This is not an e-mail address (name@example.vn)."), field)
        )
    return value


def _phone(value: str, field: str, errors: list[ApplicationError], *, mobile_only: bool) -> str:
    try:
        if mobile_only:
            return phones.validate_mobile(value, field=field)
        return phones.validate_any(value, field=field)
    except ApplicationError as exc:
        errors.append(exc)
        return phones.compact(value)[:11]


def _commune(commune_id: int | None, field: str, errors: list[ApplicationError]) -> AdminUnit | None:
    if commune_id is None:
        errors.append(_error(f"{field}.required", _("Choose a commune."), field))
        return None
    unit = AdminUnit.objects.filter(
        pk=commune_id, level=Level.COMMUNE, structure=Structure.REFORM_2025, valid_to__isnull=True
    ).first()
    if unit is None:
        errors.append(_error(f"{field}.not_found", _("Commune not found."), field))
    return unit


def _same_province(
    unit: AdminUnit | None, province_code: str, field: str, errors: list[ApplicationError]
) -> None:
    if unit is not None and province_code and unit.province_code != province_code:
        errors.append(
            _error(
                f"{field}.other_province",
                _("This commune is not in the province chosen; choose the commune again."),
                field,
            )
        )


# --- interest ----------------------------------------------------------------------------------------


@transaction.atomic
def interest_register(*, vacancy_id: Any, data: InterestData, client: str | None = None) -> VacancyInterest:
    """Someone asks to be contacted about an open vacancy; the province's counsellors see it in their
    queue."""
    vacancy = selectors.public_vacancy_get(vacancy_id=vacancy_id)
    _check_trap(data.trap)
    _check_rate("interest", client)
    errors: list[ApplicationError] = []
    full_name = _name(data.full_name, "full_name", errors)
    phone = _phone(data.phone, "phone", errors, mobile_only=True)
    email = _email(data.email, "email", errors)
    message = _text(data.message, "message", errors, limit=MAX_MESSAGE)
    if not data.consent:
        errors.append(
            _error(
                "consent.required",
                _("Tick the box to agree that the centre and the employer may contact you about this job."),
                "consent",
            )
        )
    if errors:
        raise ValidationFailed(errors)
    interest = VacancyInterest.objects.create(
        vacancy=vacancy,
        commune_id=vacancy.commune_id,
        province_code=vacancy.province_code,
        full_name=full_name,
        phone=phone,
        email=email,
        message=message,
        consent_at=timezone.now(),
    )
    # The audit keeps what happened, not the person's contact details.
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=interest,
        after=audit.snapshot(interest, INTEREST_AUDIT_FIELDS),
    )
    _count_rate("interest", client)
    return interest


def interest_view_full(*, actor: Actor, interest_id: Any) -> VacancyInterest:
    """One request with the person's contact details and message, for the counsellor who calls back;
    the read is audited like any full personal record."""
    interest = selectors.interest_get(actor=actor, interest_id=interest_id)
    audit.record(actor=actor, action=AuditAction.VIEW, obj=interest)
    return interest


@transaction.atomic
def interest_mark_handled(*, actor: Actor, interest_id: Any, note: str = "") -> VacancyInterest:
    require(actor, "labour.change")
    interest = scope.access(VacancyInterest.objects.select_for_update(), actor, interest_id, what="interest")
    errors: list[ApplicationError] = []
    note = _text(note, "note", errors, limit=300)
    if errors:
        raise ValidationFailed(errors)
    if interest.status == InterestStatus.HANDLED:
        raise ApplicationError("interest.handled", _("This request was already handled."))
    _handle(actor, interest, note=note)
    return interest


def _handle(actor: Actor, interest: VacancyInterest, *, note: str, seeker: JobSeeker | None = None) -> None:
    before = audit.snapshot(interest, INTEREST_AUDIT_FIELDS)
    interest.status = InterestStatus.HANDLED
    interest.handled_at = timezone.now()
    interest.handled_note = note
    if seeker is not None:
        interest.seeker = seeker
    interest.updated_by = user_of(actor)
    interest.version += 1
    interest.save()
    changed_before, changed_after = audit.diff(before, audit.snapshot(interest, INTEREST_AUDIT_FIELDS))
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=interest, before=changed_before, after=changed_after
    )


@transaction.atomic
def interest_register_seeker(
    *, actor: Actor, interest_id: Any, data: SeekerData, person: PersonData
) -> JobSeeker:
    """Register the person who asked as a job seeker (through `labour.services.seeker_register`) and close
    the request with a link to the registration."""
    require(actor, "labour.change")
    interest = scope.access(VacancyInterest.objects.select_for_update(), actor, interest_id, what="interest")
    if interest.seeker_id:
        raise Conflict("interest.seeker_exists", _("This person was already registered as a job seeker."))
    seeker = labour.seeker_register(actor=actor, data=data, person=person)
    _handle(actor, interest, note=str(_("Registered as a job seeker.")), seeker=seeker)
    return seeker


# --- vacancy submissions -----------------------------------------------------------------------------


def _new_reference() -> str:
    while True:
        chars = "".join(secrets.choice(_REF_ALPHABET) for _i in range(8))
        ref = f"VL-{chars[:4]}-{chars[4:]}"
        if not VacancySubmission.objects.filter(reference=ref).exists():
            return ref


def _occupation(data: SubmissionData, title: str, errors: list[ApplicationError]) -> str:
    code = data.occupation_code.strip()
    if code:
        if not classifications.is_unit_group(code):
            errors.append(
                _error(
                    "occupation_code.unknown",
                    _("Not a 4-digit occupation code of the Vietnam occupation classification."),
                    "occupation_code",
                )
            )
        return code
    matches = coding.map_occupation(title, limit=1) if title else []
    if title and not matches:
        errors.append(
            _error(
                "occupation_code.unmapped",
                _("The occupation could not be recognised from the job title; choose an occupation."),
                "occupation_code",
            )
        )
    return matches[0].code if matches else ""


def _choice(value: Any, choices: Any, field: str, errors: list[ApplicationError], default: Any) -> Any:
    if value in (None, ""):
        return default
    if value not in choices.values:
        errors.append(_error(f"{field}.invalid", _("Choose one of the listed values."), field))
        return default
    return value


def _clean_vacancy_part(data: SubmissionData, errors: list[ApplicationError]) -> dict[str, Any]:
    """The checks the labour service makes again on approval, made now so the employer can correct them."""
    values: dict[str, Any] = {}
    values["title"] = _text(data.title, "title", errors, limit=200, required=True)
    values["description"] = _text(data.description, "description", errors, limit=MAX_TEXT)
    values["occupation_code"] = _occupation(data, values["title"], errors)
    posts = 1 if data.posts is None else data.posts
    if not 1 <= posts <= labour.MAX_POSTS:
        errors.append(_error("posts.out_of_range", _("At least 1 post."), "posts"))
    values["posts"] = posts
    for name in ("wage_min", "wage_max"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= labour.MAX_WAGE:
            errors.append(_error(f"{name}.out_of_range", _("The amount is out of range."), name))
        values[name] = value
    if data.wage_min is not None and data.wage_max is not None and data.wage_min > data.wage_max:
        errors.append(
            _error("wage_max.below_min", _("The highest wage is below the lowest wage."), "wage_max")
        )
    values["work_type"] = _choice(data.work_type, WorkType, "work_type", errors, WorkType.FULL_TIME)
    floor = labour.lowest_minimum_wage(clock.today())
    offered = data.wage_max if data.wage_max is not None else data.wage_min
    if floor and values["work_type"] == WorkType.FULL_TIME and offered is not None and offered < floor:
        errors.append(
            _error(
                "wage.below_minimum",
                _("A full-time wage below %(floor)s đồng a month is under the lowest regional minimum wage.")
                % {"floor": f"{floor:,}".replace(",", ".")},
                "wage_min",
            )
        )
    values["min_general_education"] = _choice(
        data.min_general_education, GeneralEducation, "min_general_education", errors, GeneralEducation.NONE
    )
    values["min_qualification"] = _choice(
        data.min_qualification, Qualification, "min_qualification", errors, Qualification.NONE
    )
    values["skills"] = _text(data.skills, "skills", errors, limit=MAX_TEXT)
    years = data.min_experience_years or 0
    if not 0 <= years <= 60:
        errors.append(
            _error(
                "min_experience_years.out_of_range",
                _("Between 0 and %(n)d years.") % {"n": 60},
                "min_experience_years",
            )
        )
    values["min_experience_years"] = years if 0 <= years <= 60 else 0
    values["address_detail"] = _text(data.address_detail, "address_detail", errors, limit=200)
    if data.deadline is not None and data.deadline < clock.today():
        errors.append(_error("deadline.past", _("The application deadline has already passed."), "deadline"))
    values["deadline"] = data.deadline
    return values


def _clean_submission(data: SubmissionData, errors: list[ApplicationError]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    try:
        values["tax_code"] = taxcode.validate(data.tax_code)
    except ApplicationError as exc:
        errors.append(exc)
        values["tax_code"] = taxcode.compact(data.tax_code)[:14]
    values["employer_name"] = _text(data.employer_name, "employer_name", errors, limit=250, required=True)
    employer_commune = _commune(data.employer_commune_id, "employer_commune", errors)
    _same_province(employer_commune, data.employer_province, "employer_commune", errors)
    values["employer_commune"] = employer_commune
    values["employer_address"] = _text(data.employer_address, "employer_address", errors, limit=200)
    contact = _text(data.contact_name, "contact_name", errors, limit=120, required=True)
    values["contact_name"] = normalize_name(contact)
    values["contact_phone"] = _phone(data.contact_phone, "contact_phone", errors, mobile_only=False)
    values["contact_email"] = _email(data.contact_email, "contact_email", errors)
    values["contact_public"] = bool(data.contact_public)
    values |= _clean_vacancy_part(data, errors)
    workplace = employer_commune
    if data.commune_id is not None:
        workplace = _commune(data.commune_id, "commune", errors)
        _same_province(workplace, data.province, "commune", errors)
    elif data.province:
        errors.append(_error("commune.required", _("Choose the commune of the workplace."), "commune"))
    if workplace is not None:
        values["commune_id"], values["province_code"] = workplace.pk, workplace.province_code
    return values


@transaction.atomic
def submission_create(*, data: SubmissionData, client: str | None = None) -> VacancySubmission:
    """An employer proposes a vacancy; it waits for the centre of the workplace's province."""
    _check_trap(data.trap)
    _check_rate("submission", client)
    errors: list[ApplicationError] = []
    values = _clean_submission(data, errors)
    if errors:
        raise ValidationFailed(errors)
    submission = VacancySubmission.objects.create(reference=_new_reference(), **values)
    audit.record(
        actor=None,
        action=AuditAction.SUBMIT,
        obj=submission,
        after=audit.snapshot(submission, SUBMISSION_AUDIT_FIELDS),
    )
    _count_rate("submission", client)
    return submission


def _pending(actor: Actor, submission_id: Any) -> VacancySubmission:
    require(actor, "labour.change")
    submission = scope.access(
        VacancySubmission.objects.select_for_update(), actor, submission_id, what="submission"
    )
    if submission.status != SubmissionStatus.PENDING:
        raise Conflict("submission.decided", _("This submission was already decided."))
    return submission


def _employer_for(actor: Actor, submission: VacancySubmission) -> tuple[Employer, bool]:
    """The employer with the submitted tax code (reused), or a new one: (employer, created)."""
    existing = Employer.objects.filter(tax_code=submission.tax_code).first()
    if existing is not None:
        if not scope.in_scope(actor, province_code=existing.province_code, commune_id=existing.commune_id):
            raise Conflict(
                "submission.employer_other_province",
                _(
                    "An employer with this tax code is registered by the centre of another province; "
                    "ask that centre to record the vacancy."
                ),
                field="tax_code",
            )
        return existing, False
    head_office = submission.employer_commune
    if not scope.in_scope(actor, province_code=head_office.province_code, commune_id=head_office.pk):
        # Labour registers an employer with the centre of its head office, and a centre records vacancies
        # only of employers it registered.
        raise Conflict(
            "submission.head_office_other_province",
            _(
                "The employer's head office is in another province, and a centre records vacancies only of "
                "employers of its own province. Reject the submission with this reason, or pass it to the "
                "centre of that province."
            ),
            field="employer_commune",
        )
    data = EmployerData(
        tax_code=submission.tax_code,
        name=submission.employer_name,
        commune_id=submission.employer_commune_id,
        address_detail=submission.employer_address,
        contact_name=submission.contact_name,
        contact_phone=submission.contact_phone,
        contact_email=submission.contact_email,
    )
    return labour.employer_create(actor=actor, data=data), True


def _vacancy_data(submission: VacancySubmission, employer: Employer) -> VacancyData:
    return VacancyData(
        employer_id=employer.pk,
        title=submission.title,
        description=submission.description,
        occupation_code=submission.occupation_code,
        posts=submission.posts,
        wage_min=submission.wage_min,
        wage_max=submission.wage_max,
        work_type=submission.work_type,
        min_general_education=submission.min_general_education,
        min_qualification=submission.min_qualification,
        skills=submission.skills,
        min_experience_years=submission.min_experience_years,
        commune_id=submission.commune_id,
        address_detail=submission.address_detail,
        deadline=submission.deadline,
    )


@transaction.atomic
def submission_approve(*, actor: Actor, submission_id: Any) -> Vacancy:
    """Publish a submission: the employer is reused by tax code or registered, and the vacancy recorded,
    both through the labour services (which check everything again and audit their own rows)."""
    submission = _pending(actor, submission_id)
    before = audit.snapshot(submission, SUBMISSION_AUDIT_FIELDS)
    employer, created = _employer_for(actor, submission)
    vacancy = labour.vacancy_create(actor=actor, data=_vacancy_data(submission, employer))
    # The submitter's "show our contact" speaks for the contact it typed, so it applies to a new employer;
    # an employer already registered keeps the choice recorded with the centre.
    if created and submission.contact_public:
        EmployerContact.objects.update_or_create(employer=employer, defaults={"public": True})
    submission.status = SubmissionStatus.APPROVED
    submission.employer, submission.vacancy = employer, vacancy
    _decided(actor, submission)
    changed_before, changed_after = audit.diff(before, audit.snapshot(submission, SUBMISSION_AUDIT_FIELDS))
    audit.record(
        actor=actor, action=AuditAction.APPROVE, obj=submission, before=changed_before, after=changed_after
    )
    return vacancy


@transaction.atomic
def submission_reject(*, actor: Actor, submission_id: Any, reason: str) -> VacancySubmission:
    submission = _pending(actor, submission_id)
    errors: list[ApplicationError] = []
    reason = _text(reason, "reason", errors, limit=500)
    if not reason:
        errors.append(
            _error(
                "reason.required", _("Give the reason; the employer sees it on the status page."), "reason"
            )
        )
    if errors:
        raise ValidationFailed(errors)
    before = audit.snapshot(submission, SUBMISSION_AUDIT_FIELDS)
    submission.status = SubmissionStatus.REJECTED
    submission.reject_reason = reason
    _decided(actor, submission)
    changed_before, changed_after = audit.diff(before, audit.snapshot(submission, SUBMISSION_AUDIT_FIELDS))
    audit.record(
        actor=actor, action=AuditAction.REJECT, obj=submission, before=changed_before, after=changed_after
    )
    return submission


def _decided(actor: Actor, submission: VacancySubmission) -> None:
    submission.decided_at = timezone.now()
    submission.decided_by = user_of(actor)
    submission.updated_by = user_of(actor)
    submission.version += 1
    submission.save()


# --- what the board shows ----------------------------------------------------------------------------


@transaction.atomic
def employer_contact_set(*, actor: Actor, employer_id: Any, public: bool) -> EmployerContact:
    """Record whether the employer agreed to show its contact person on the board."""
    require(actor, "labour.change")
    employer = scope.access(Employer.objects.all(), actor, employer_id, what="employer")
    row, _created = EmployerContact.objects.select_for_update().get_or_create(employer=employer)
    if row.public != public:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=employer,
            before={"contact_public": row.public},
            after={"contact_public": public},
        )
        row.public = public
        row.save()
    return row


CENTRE_FIELDS = ["name", "address", "phone", "email", "website", "hours"]


@transaction.atomic
def centre_contact_save(*, actor: Actor, values: dict[str, str]) -> CentreContact:
    """The public contact of the actor's own province centre."""
    require(actor, "labour.change")
    unit = actor.scope_unit
    if actor.scope_level != "province" or unit is None:
        raise ApplicationError(
            "centre.no_province", _("Only the counsellors of a province centre keep its contact.")
        )
    errors: list[ApplicationError] = []
    clean = {
        "name": _text(values.get("name", ""), "name", errors, limit=200, required=True),
        "address": _text(values.get("address", ""), "address", errors, limit=250),
        "phone": phones.compact(values.get("phone", "")),
        "email": _email(values.get("email", ""), "email", errors),
        "website": _text(values.get("website", ""), "website", errors, limit=200),
        "hours": _text(values.get("hours", ""), "hours", errors, limit=200),
    }
    if clean["phone"]:
        clean["phone"] = _phone(clean["phone"], "phone", errors, mobile_only=False)
    if errors:
        raise ValidationFailed(errors)
    row = CentreContact.objects.select_for_update().filter(province_code=unit.code).first()
    before = audit.snapshot(row, CENTRE_FIELDS) if row else {}
    row = row or CentreContact(province_code=unit.code)
    for name, value in clean.items():
        setattr(row, name, value)
    row.updated_by = user_of(actor)
    row.save()
    changed_before, changed_after = audit.diff(before, audit.snapshot(row, CENTRE_FIELDS))
    if changed_after:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            obj=row,
            province_code=unit.code,
            before=changed_before or None,
            after=changed_after,
        )
    return row
