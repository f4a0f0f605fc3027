"""Referrals (giới thiệu việc làm) and placements: the writes (reads are in `referrals.selectors`).

A counsellor refers a seeker to a vacancy and records what came of it. A placement — from a referral, a
job-fair interview or a seeker who found a job on their own — is one transaction: the placement row,
the registration closed through `registration.services.seeker_close` (reason "placed"), one post of the
vacancy filled (the vacancy closes as filled when no post is left), the audit events, and
`signals.seeker_placed`, so that an unemployment-benefit claim stops in the same commit.

Time from registration to placement is `Placement.days`, stored when the placement is recorded.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.core import audit, clock, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict
from ansinh.core.errors import field_error as _error
from ansinh.core.errors import raise_if_any as _fail
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.core.text import normalize
from ansinh.labour import signals
from ansinh.labour.matching.selectors import visible_vacancies
from ansinh.labour.models import (
    FairInterview,
    JobSeeker,
    Placement,
    PlacementSource,
    Referral,
    ReferralStatus,
    SeekerCloseReason,
    SeekerStatus,
    Vacancy,
    VacancyCloseReason,
    VacancyStatus,
)
from ansinh.labour.registration import services

REFERRAL_AUDIT_FIELDS = ["seeker_id", "vacancy_id", "referred_on", "score", "status", "outcome_on", "note"]
PLACEMENT_AUDIT_FIELDS = [
    "seeker_id",
    "source",
    "vacancy_id",
    "referral_id",
    "interview_id",
    "employer_name",
    "job_title",
    "placed_on",
    "days",
    "commune_id",
    "province_code",
]
# A referral whose outcome is one of these is settled; "hired" is final because a placement hangs on it.
FINAL = {ReferralStatus.HIRED}


# --- placements --------------------------------------------------------------------------------------


def _placeable_vacancy(actor: Actor, vacancy_id: int, errors: list[ApplicationError]) -> Vacancy | None:
    """A vacancy the actor may see (open anywhere, or any in scope), locked for the post count."""
    vacancy = (
        visible_vacancies(actor=actor).filter(pk=vacancy_id).select_for_update().first()
        if isinstance(vacancy_id, int)
        else None
    )
    if vacancy is None:
        errors.append(_error("vacancy.not_found", _("Vacancy not found."), "vacancy"))
    elif vacancy.status != VacancyStatus.OPEN or vacancy.posts_filled >= vacancy.posts:
        errors.append(
            _error("vacancy.closed", _("This vacancy is closed: no post is left to fill."), "vacancy")
        )
    return vacancy


def _check_dates(
    seeker: JobSeeker, vacancy: Vacancy | None, placed_on: dt.date | None, errors: list[ApplicationError]
) -> None:
    if placed_on is None:
        errors.append(_error("placed_on.required", _("Give the date the job starts."), "placed_on"))
        return
    if placed_on > clock.today():
        errors.append(
            _error("placed_on.future", _("A placement is recorded once the job has started."), "placed_on")
        )
    if placed_on < seeker.registered_on:
        errors.append(
            _error(
                "placed_on.before_registration",
                _("The job starts before the person registered as a job seeker (%(date)s).")
                % {"date": f"{seeker.registered_on:%d/%m/%Y}"},
                "placed_on",
            )
        )
    if vacancy is not None and placed_on < vacancy.opened_on:
        errors.append(
            _error(
                "placed_on.before_vacancy",
                _("The job starts before the vacancy was posted (%(date)s).")
                % {"date": f"{vacancy.opened_on:%d/%m/%Y}"},
                "placed_on",
            )
        )


def _fill_post(*, actor: Actor, vacancy: Vacancy) -> None:
    """One post filled; the last one closes the vacancy as filled (any province's vacancy: the placement,
    not a counsellor's edit, closes it)."""
    before = audit.snapshot(vacancy, ["posts_filled", "status", "closed_on", "close_reason"])
    vacancy.posts_filled += 1
    if vacancy.posts_filled >= vacancy.posts:
        vacancy.status, vacancy.close_reason = VacancyStatus.CLOSED, VacancyCloseReason.FILLED
        vacancy.closed_on = max(clock.today(), vacancy.opened_on)
    vacancy.version += 1
    vacancy.updated_by = user_of(actor)
    vacancy.save(
        update_fields=[
            "posts_filled",
            "status",
            "closed_on",
            "close_reason",
            "version",
            "updated_by",
            "updated_at",
        ]
    )
    after = audit.snapshot(vacancy, ["posts_filled", "status", "closed_on", "close_reason"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=vacancy, before=before, after=after)


@transaction.atomic
def placement_record(
    *,
    actor: Actor,
    seeker_id: int,
    placed_on: dt.date | None,
    source: str = PlacementSource.SELF_REPORTED,
    vacancy_id: int | None = None,
    referral: Referral | None = None,
    interview: FairInterview | None = None,
    employer_name: str = "",
    job_title: str = "",
) -> Placement:
    """Record that a seeker is in work: closes the registration, fills a post, tells listeners."""
    require(actor, "labour.change")
    seeker = scope.access(JobSeeker.objects.select_for_update(), actor, seeker_id, what="seeker")
    errors: list[ApplicationError] = []
    if source not in PlacementSource.values:
        errors.append(_error("source.invalid", _("Choose one of the listed values."), "source"))
    if seeker.status != SeekerStatus.ACTIVE:
        errors.append(
            _error(
                "seeker.closed",
                _("This registration is already closed; a closed registration cannot be placed."),
                "seeker",
            )
        )
    vacancy = _placeable_vacancy(actor, vacancy_id, errors) if vacancy_id is not None else None
    _check_dates(seeker, vacancy, placed_on, errors)
    employer_name = normalize(employer_name or "")[:250]
    job_title = normalize(job_title or "")[:200]
    if vacancy is None and vacancy_id is None and not employer_name:
        errors.append(
            _error("employer_name.required", _("Name the employer the person works for."), "employer_name")
        )
    _fail(errors)
    assert placed_on is not None
    placement = Placement(
        seeker=seeker,
        source=source,
        vacancy=vacancy,
        referral=referral,
        interview=interview,
        employer_name=employer_name or (vacancy.employer.name if vacancy else ""),
        job_title=job_title or (vacancy.title if vacancy else seeker.title),
        placed_on=placed_on,
        days=(placed_on - seeker.registered_on).days,
        commune_id=seeker.commune_id,
        province_code=seeker.province_code,
        created_by=user_of(actor),
        updated_by=user_of(actor),
    )
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError:
        raise Conflict("seeker.placed", _("This person is already placed."), field="seeker") from None
    services.seeker_close(
        actor=actor, seeker_id=seeker.pk, reason=SeekerCloseReason.PLACED, closed_on=placed_on, placement=True
    )
    if vacancy is not None:
        _fill_post(actor=actor, vacancy=vacancy)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=placement,
        after=audit.snapshot(placement, PLACEMENT_AUDIT_FIELDS),
    )
    seeker.refresh_from_db()
    signals.seeker_placed.send(
        sender=Placement,
        seeker=seeker,
        on=placed_on,
        actor=actor,
        source="self_reported" if source == PlacementSource.SELF_REPORTED else "placement",
    )
    return placement


# --- referrals ---------------------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    actor: Actor,
    seeker_id: int,
    vacancy_id: int | None,
    note: str = "",
    score: float | None = None,
    referred_on: dt.date | None = None,
) -> Referral:
    """Refer a seeker in scope to an open vacancy (any province's: open vacancies are public)."""
    require(actor, "labour.change")
    seeker = scope.access(JobSeeker.objects.select_for_update(), actor, seeker_id, what="seeker")
    errors: list[ApplicationError] = []
    today = clock.today()
    if seeker.status != SeekerStatus.ACTIVE:
        errors.append(
            _error("seeker.closed", _("This registration is closed: the person is not looking."), "seeker")
        )
    vacancy = (
        visible_vacancies(actor=actor).select_related("employer").filter(pk=vacancy_id).first()
        if isinstance(vacancy_id, int)
        else None
    )
    if vacancy is None:
        errors.append(_error("vacancy.not_found", _("Vacancy not found."), "vacancy"))
    elif vacancy.status != VacancyStatus.OPEN or (vacancy.deadline and vacancy.deadline < today):
        errors.append(_error("vacancy.closed", _("This vacancy no longer takes applications."), "vacancy"))
    referred_on = referred_on or today
    if referred_on > today or referred_on < seeker.registered_on:
        errors.append(
            _error(
                "referred_on.out_of_range",
                _("The date must lie between registration and today."),
                "referred_on",
            )
        )
    note = normalize(note or "")
    if len(note) > 500:
        errors.append(_error("note.too_long", _("At most %(n)d characters.") % {"n": 500}, "note"))
    if vacancy is not None and Referral.objects.filter(seeker=seeker, vacancy=vacancy).exists():
        errors.append(
            _error("referral.duplicate", _("This person was already referred to this vacancy."), "vacancy")
        )
    _fail(errors)
    referral = Referral(
        seeker=seeker,
        vacancy=vacancy,
        referred_on=referred_on,
        note=note,
        score=round(score, 1) if score is not None else None,
        commune_id=seeker.commune_id,
        province_code=seeker.province_code,
        created_by=user_of(actor),
        updated_by=user_of(actor),
    )
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:
        raise Conflict(
            "referral.duplicate", _("This person was already referred to this vacancy."), field="vacancy"
        ) from None
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=referral,
        after=audit.snapshot(referral, REFERRAL_AUDIT_FIELDS),
    )
    return referral


@transaction.atomic
def referral_outcome(
    *,
    actor: Actor,
    referral_id: int,
    status: str,
    on: dt.date | None = None,
    placed_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Referral:
    """Record what came of a referral; "hired" records the placement in the same transaction."""
    require(actor, "labour.change")
    referral = scope.access(
        Referral.objects.select_for_update().select_related("seeker", "vacancy"),
        actor,
        referral_id,
        what="referral",
    )
    if expected_version is not None and expected_version != referral.version:
        raise Conflict(
            "referral.stale",
            _(
                "Someone else changed this record while you were editing. "
                "Reload it and apply your changes again."
            ),
        )
    errors: list[ApplicationError] = []
    today = clock.today()
    if referral.status in FINAL:
        raise ApplicationError(
            "referral.settled",
            _("The person was hired through this referral; it can no longer change."),
            field="status",
        )
    if status not in ReferralStatus.values or status == ReferralStatus.PENDING:
        errors.append(_error("status.invalid", _("Choose an outcome."), "status"))
    on = on or today
    if on > today or on < referral.referred_on:
        errors.append(_error("on.out_of_range", _("The date must lie between the referral and today."), "on"))
    _fail(errors)
    before = audit.snapshot(referral, ["status", "outcome_on"])
    referral.status, referral.outcome_on = status, on
    referral.version += 1
    referral.updated_by = user_of(actor)
    referral.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=referral,
        before=before,
        after=audit.snapshot(referral, ["status", "outcome_on"]),
    )
    if status == ReferralStatus.HIRED:
        placement_record(
            actor=actor,
            seeker_id=referral.seeker_id,
            placed_on=placed_on or on,
            source=PlacementSource.REFERRAL,
            vacancy_id=referral.vacancy_id,
            referral=referral,
        )
    return referral
