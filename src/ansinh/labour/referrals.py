"""Referrals (giới thiệu việc làm) and placements: services and scoped reads.

A counsellor refers a seeker to a vacancy and records what came of it. A placement — from a referral, a
job-fair interview or a seeker who found a job on their own — is one transaction: the placement row,
the registration closed through `services.seeker_close` (reason "placed"), one post of the vacancy
filled (the vacancy closes as filled when no post is left), the audit events, and
`signals.seeker_placed`, so that an unemployment-benefit claim stops in the same commit.

Time from registration to placement is `Placement.days`, stored when the placement is recorded.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ansinh.core import audit, clock, scope
from ansinh.core.errors import ApplicationError, Conflict
from ansinh.core.errors import field_error as _error
from ansinh.core.errors import raise_if_any as _fail
from ansinh.core.models import AuditAction
from ansinh.core.periods import add_months, month_of
from ansinh.core.scope import require
from ansinh.core.text import normalize
from ansinh.geo.models import AdminUnit, Level
from ansinh.labour import services, signals
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


def _placeable_vacancy(actor: Any, vacancy_id: int, errors: list[ApplicationError]) -> Vacancy | None:
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


def _fill_post(*, actor: Any, vacancy: Vacancy) -> None:
    """One post filled; the last one closes the vacancy as filled (any province's vacancy: the placement,
    not a counsellor's edit, closes it)."""
    before = audit.snapshot(vacancy, ["posts_filled", "status", "closed_on", "close_reason"])
    vacancy.posts_filled += 1
    if vacancy.posts_filled >= vacancy.posts:
        vacancy.status, vacancy.close_reason = VacancyStatus.CLOSED, VacancyCloseReason.FILLED
        vacancy.closed_on = max(clock.today(), vacancy.opened_on)
    vacancy.version += 1
    vacancy.updated_by = actor
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
    actor: Any,
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
        created_by=actor,
        updated_by=actor,
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
    actor: Any,
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
        created_by=actor,
        updated_by=actor,
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
    actor: Any,
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
    referral.updated_by = actor
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


# --- reads -------------------------------------------------------------------------------------------


def referral_queryset(*, actor: Any) -> QuerySet[Referral]:
    require(actor, "labour.view")
    return scope.restrict(
        Referral.objects.select_related("seeker__person", "vacancy__employer", "commune"), actor
    )


def referral_get(*, actor: Any, referral_id: Any) -> Referral:
    require(actor, "labour.view")
    return scope.access(
        Referral.objects.select_related("seeker__person", "vacancy__employer"),
        actor,
        referral_id,
        what="referral",
    )


def referral_list(
    *, actor: Any, seeker: int | None = None, vacancy: int | None = None, status: str = ""
) -> QuerySet[Referral]:
    qs = referral_queryset(actor=actor)
    if seeker:
        qs = qs.filter(seeker_id=seeker)
    if vacancy:
        qs = qs.filter(vacancy_id=vacancy)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-referred_on", "-id")


def placement_queryset(*, actor: Any) -> QuerySet[Placement]:
    require(actor, "labour.view")
    return scope.restrict(
        Placement.objects.select_related("seeker__person", "vacancy__employer", "commune"), actor
    )


def placement_list(
    *, actor: Any, start: dt.date | None = None, end: dt.date | None = None, source: str = ""
) -> QuerySet[Placement]:
    qs = placement_queryset(actor=actor)
    if start:
        qs = qs.filter(placed_on__gte=start)
    if end:
        qs = qs.filter(placed_on__lte=end)
    if source:
        qs = qs.filter(source=source)
    return qs.order_by("-placed_on", "-id")


def placements_in_month(*, actor: Any, month: dt.date) -> int:
    first = month_of(month)
    return placement_list(actor=actor, start=first, end=add_months(first, 1) - dt.timedelta(days=1)).count()


@dataclass
class TimeToPlacement:
    """Days from registration to placement for one unit (a province, a commune) or all (`code` "")."""

    code: str
    name: str
    count: int
    mean_days: float | None
    median_days: float | None


BY = ("province", "commune")


def time_to_placement(
    *, actor: Any, start: dt.date, end: dt.date, by: str = "province"
) -> tuple[list[TimeToPlacement], TimeToPlacement]:
    """Per centre (province) or per commune of the seeker, placements with `placed_on` in start–end:
    counts, mean and median days. One ordered query streams (unit, days); the median needs every value,
    which no aggregate common to SQLite and PostgreSQL gives."""
    if by not in BY:
        raise ApplicationError("by.invalid", _("By province or by commune."), field="by")
    if start > end:
        raise ApplicationError("end.before_start", _("The end date is before the start date."), field="end")
    key = "province_code" if by == "province" else "commune__code"
    rows = (
        placement_queryset(actor=actor)
        .filter(placed_on__gte=start, placed_on__lte=end)
        .order_by(key, "days")
        .values_list(key, "days")
    )
    units: list[TimeToPlacement] = []
    every: list[int] = []
    for code, group in groupby(rows.iterator(chunk_size=5000), key=lambda row: row[0]):
        days = [d for _, d in group]
        every.extend(days)
        units.append(_summary(code, "", days))
    names = _unit_names([u.code for u in units], Level.PROVINCE if by == "province" else Level.COMMUNE)
    for unit in units:
        unit.name = names.get(unit.code, unit.code)
    return units, _summary("", "", sorted(every))


def _summary(code: str, name: str, days: list[int]) -> TimeToPlacement:
    if not days:
        return TimeToPlacement(code, name, 0, None, None)
    return TimeToPlacement(
        code, name, len(days), round(sum(days) / len(days), 1), float(statistics.median(days))
    )


def _unit_names(codes: list[str], level: str) -> dict[str, str]:
    return dict(AdminUnit.objects.current().filter(level=level, code__in=codes).values_list("code", "name"))


def seeker_referrals(*, actor: Any, seeker_id: int) -> list[Referral]:
    return list(referral_list(actor=actor, seeker=seeker_id).select_related("vacancy__employer"))


def placement_of(*, actor: Any, seeker_id: int) -> Placement | None:
    return placement_queryset(actor=actor).filter(seeker_id=seeker_id).first()


@dataclass
class MatchRows:
    """A match list ready to show: (match, the other side's row, already referred) and the widening."""

    rows: list[tuple[Any, Any, bool]]
    widened: list[str]


def vacancies_to_refer(*, actor: Any, seeker_id: int, top: int = 10) -> MatchRows:
    """The best open vacancies for a seeker in scope, each marked when the seeker was referred to it."""
    from ansinh.labour.matching.selectors import matches_for_seeker

    found = matches_for_seeker(actor=actor, seeker_id=seeker_id, top=top)
    vacancies = Vacancy.objects.select_related("employer", "commune").in_bulk([m.id for m in found])
    referred = set(referral_list(actor=actor, seeker=seeker_id).values_list("vacancy_id", flat=True))
    rows = [(m, vacancies[m.id], m.id in referred) for m in found if m.id in vacancies]
    return MatchRows(rows, found.widened)


def seekers_to_refer(*, actor: Any, vacancy_id: int, top: int = 10) -> MatchRows:
    """The best active seekers in scope for a vacancy, each marked when already referred to it."""
    from ansinh.labour.matching.selectors import matches_for_vacancy

    found = matches_for_vacancy(actor=actor, vacancy_id=vacancy_id, top=top)
    seekers = scope.restrict(JobSeeker.objects.select_related("person", "commune"), actor).in_bulk(
        [m.id for m in found]
    )
    referred = set(referral_list(actor=actor, vacancy=vacancy_id).values_list("seeker_id", flat=True))
    rows = [(m, seekers[m.id], m.id in referred) for m in found if m.id in seekers]
    return MatchRows(rows, found.widened)
