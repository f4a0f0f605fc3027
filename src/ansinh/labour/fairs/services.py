"""Job-fair sessions (phiên giao dịch việc làm): the writes (reads are in `fairs.selectors`).

Who may do what:
* The centre of the host province manages a session: edits it, marks it held or cancelled, schedules
  interviews. A counsellor of a linked province (an online session joining several provinces) sees the
  session and registers the employers and seekers of their own province.
* Outcomes are recorded by the host centre or by the seeker's own centre; a hire closes the seeker's
  registration (`referrals.services.placement_record`), which only the seeker's own centre may do.

Pre-matching: a registered seeker is scored against every vacancy of the session with the matching
scorer (`matching.rank.explain_vacancies`); the best `PREMATCH_TOP` are kept with their reasons
(`FairMatch`) and recomputed when the session gains vacancies.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.core import audit, clock, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from ansinh.core.errors import field_error as _error
from ansinh.core.errors import raise_if_any as _fail
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.core.text import normalize
from ansinh.geo.models import AdminUnit, Level, Structure
from ansinh.labour.fairs.selectors import actor_province, fair_get, is_host
from ansinh.labour.matching import rank, source
from ansinh.labour.models import (
    Employer,
    FairEmployer,
    FairInterview,
    FairMatch,
    FairMode,
    FairProvince,
    FairSeeker,
    FairStatus,
    FairVacancy,
    InterviewOutcome,
    JobFair,
    JobSeeker,
    PlacementSource,
    SeekerStatus,
    Vacancy,
    VacancyStatus,
)
from ansinh.labour.referrals.services import placement_record

PREMATCH_TOP = 5
MAX_DAYS = 7  # a session lasts at most a week
MAX_LINKED = 34
FAIR_AUDIT_FIELDS = [
    "title",
    "mode",
    "province_code",
    "host_commune_id",
    "venue",
    "online_link",
    "starts_at",
    "ends_at",
    "slot_minutes",
    "status",
    "status_note",
    "notes",
]
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))


# --- scope -------------------------------------------------------------------------------------------


def _managed(actor: Actor, fair_id: Any) -> JobFair:
    """A session the actor's centre hosts, locked; a linked province sees it but may not manage it (403)."""
    require(actor, "labour.change")
    fair = fair_get(actor=actor, fair_id=fair_id)
    if not is_host(actor, fair):
        raise PermissionDenied(_("Only the host centre manages this session."))
    return JobFair.objects.select_for_update().get(pk=fair.pk)


def _joined(actor: Actor, fair_id: Any) -> JobFair:
    """A session the actor's centre hosts or is linked to, open for registrations."""
    require(actor, "labour.change")
    fair = fair_get(actor=actor, fair_id=fair_id)
    if fair.status != FairStatus.PLANNED:
        raise ApplicationError(
            "fair.not_planned", _("Registrations are only taken while the session is planned."), field="fair"
        )
    return fair


# --- the session -------------------------------------------------------------------------------------


@dataclass
class FairData:
    title: str = ""
    mode: str = FairMode.IN_PERSON
    host_commune_id: int | None = None
    venue: str = ""
    online_link: str = ""
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    slot_minutes: int | None = 20
    linked_provinces: list[str] = field(default_factory=list)
    notes: str = ""


def _clean(actor: Actor, data: FairData, province: str, errors: list[ApplicationError]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    title = normalize(data.title or "")
    if not title:
        errors.append(_error("title.required", _("This field is required."), "title"))
    values["title"] = title[:200]
    if data.mode not in FairMode.values:
        errors.append(_error("mode.invalid", _("Choose one of the listed values."), "mode"))
    values["mode"] = data.mode
    values["host_commune_id"] = _host_commune(data.host_commune_id, province, errors)
    values["venue"] = normalize(data.venue or "")[:250]
    values["online_link"] = (data.online_link or "").strip()[:300]
    if data.mode in (FairMode.IN_PERSON, FairMode.HYBRID) and not values["venue"]:
        errors.append(_error("venue.required", _("An in-person session needs a venue."), "venue"))
    if data.mode in (FairMode.ONLINE, FairMode.HYBRID) and not values["online_link"]:
        errors.append(_error("online_link.required", _("An online session needs its link."), "online_link"))
    if values["online_link"] and not _URL.match(values["online_link"]):
        errors.append(_error("online_link.invalid", _("A link starts with https://."), "online_link"))
    values.update(_times(data, errors))
    values["linked"] = _linked(data.linked_provinces, province, errors)
    values["notes"] = normalize(data.notes or "")[:4000]
    return values


def _host_commune(commune_id: int | None, province: str, errors: list[ApplicationError]) -> int | None:
    if commune_id is None:
        return None
    unit = AdminUnit.objects.filter(
        pk=commune_id,
        level=Level.COMMUNE,
        structure=Structure.REFORM_2025,
        valid_to__isnull=True,
        province_code=province,
    ).first()
    if unit is None:
        errors.append(_error("host_commune.not_found", _("Commune not found."), "host_commune"))
        return None
    return unit.pk


def _times(data: FairData, errors: list[ApplicationError]) -> dict[str, Any]:
    starts, ends, slot = _aware(data.starts_at), _aware(data.ends_at), data.slot_minutes or 20
    if starts is None:
        errors.append(
            _error("starts_at.required", _("Give the date and time the session starts."), "starts_at")
        )
    if ends is None:
        errors.append(_error("ends_at.required", _("Give the time the session ends."), "ends_at"))
    if starts and ends and not starts < ends <= starts + dt.timedelta(days=MAX_DAYS):
        errors.append(
            _error("ends_at.out_of_range", _("The session ends after it starts, within a week."), "ends_at")
        )
    if not 5 <= slot <= 240:
        errors.append(
            _error(
                "slot_minutes.out_of_range", _("An interview slot lasts 5 to 240 minutes."), "slot_minutes"
            )
        )
    return {"starts_at": starts, "ends_at": ends, "slot_minutes": slot}


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """A time typed without an offset is Vietnam's."""
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value, ZoneInfo(settings.TIME_ZONE))


def _linked(codes: list[str], host: str, errors: list[ApplicationError]) -> list[str]:
    codes = list(dict.fromkeys(c.strip() for c in codes if c and c.strip() and c.strip() != host))
    known = set(
        AdminUnit.objects.current()
        .filter(level=Level.PROVINCE, code__in=codes)
        .values_list("code", flat=True)
    )
    unknown = [c for c in codes if c not in known]
    if unknown or len(codes) > MAX_LINKED:
        errors.append(
            _error(
                "linked_provinces.unknown",
                _("Unknown province code: %(codes)s.") % {"codes": ", ".join(unknown[:5])},
                "linked_provinces",
            )
        )
    return [c for c in codes if c in known]


def _snapshot(fair: JobFair) -> dict[str, Any]:
    data = audit.snapshot(fair, FAIR_AUDIT_FIELDS)
    data["linked_provinces"] = sorted(fair.linked.values_list("province_code", flat=True))
    return data


@transaction.atomic
def fair_create(*, actor: Actor, data: FairData) -> JobFair:
    """A session hosted by the actor's province centre."""
    require(actor, "labour.change")
    province = actor_province(actor)
    if province is None:
        raise PermissionDenied(_("A session is created by the employment-service centre of a province."))
    errors: list[ApplicationError] = []
    values = _clean(actor, data, province, errors)
    _fail(errors)
    linked = values.pop("linked")
    fair = JobFair.objects.create(
        **values, province_code=province, created_by=user_of(actor), updated_by=user_of(actor)
    )
    FairProvince.objects.bulk_create([FairProvince(fair=fair, province_code=c) for c in linked])
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=fair, province_code=province, after=_snapshot(fair)
    )
    return fair


@transaction.atomic
def fair_update(
    *, actor: Actor, fair_id: int, data: FairData, expected_version: int | None = None
) -> JobFair:
    fair = _managed(actor, fair_id)
    if expected_version is not None and expected_version != fair.version:
        raise Conflict(
            "fair.stale",
            _(
                "Someone else changed this record while you were editing. "
                "Reload it and apply your changes again."
            ),
        )
    if fair.status != FairStatus.PLANNED:
        raise ApplicationError("fair.not_planned", _("Only a planned session can be edited."), field="fair")
    errors: list[ApplicationError] = []
    values = _clean(actor, data, fair.province_code, errors)
    _fail(errors)
    before = _snapshot(fair)
    linked = values.pop("linked")
    for name, value in values.items():
        setattr(fair, name, value)
    _booked_slots_still_fit(fair, errors)
    _fail(errors)
    fair.version += 1
    fair.updated_by = user_of(actor)
    fair.save()
    FairProvince.objects.filter(fair=fair).exclude(province_code__in=linked).delete()
    FairProvince.objects.bulk_create(
        [FairProvince(fair=fair, province_code=c) for c in linked], ignore_conflicts=True
    )
    changed_before, changed_after = audit.diff(before, _snapshot(fair))
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=fair,
        province_code=fair.province_code,
        before=changed_before,
        after=changed_after,
    )
    return fair


def _booked_slots_still_fit(fair: JobFair, errors: list[ApplicationError]) -> None:
    """New times or slot length must keep every booked interview on the session's grid."""
    booked = FairInterview.objects.filter(fair=fair).values_list("slot_start", flat=True).distinct()
    off: list[ApplicationError] = []
    for slot_start in booked:
        _slot(fair, slot_start, off)
    if off:
        errors.append(
            _error(
                "starts_at.booked",
                _("Interviews are booked at times the new schedule would drop; move them first."),
                "starts_at",
            )
        )


@transaction.atomic
def fair_set_status(*, actor: Actor, fair_id: int, status: str, note: str = "") -> JobFair:
    """planned → held (once the session has started) or cancelled; held and cancelled are final."""
    fair = _managed(actor, fair_id)
    if fair.status != FairStatus.PLANNED:
        raise ApplicationError(
            "fair.settled", _("This session is already held or cancelled."), field="status"
        )
    errors: list[ApplicationError] = []
    if status not in (FairStatus.HELD, FairStatus.CANCELLED):
        errors.append(_error("status.invalid", _("Choose held or cancelled."), "status"))
    if status == FairStatus.HELD and _local(fair.starts_at).date() > clock.today():
        errors.append(
            _error("status.not_yet", _("A session is marked held on or after the day it starts."), "status")
        )
    _fail(errors)
    before = audit.snapshot(fair, ["status", "status_note"])
    fair.status, fair.status_note = status, normalize(note or "")[:300]
    fair.version += 1
    fair.updated_by = user_of(actor)
    fair.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=fair,
        province_code=fair.province_code,
        before=before,
        after=audit.snapshot(fair, ["status", "status_note"]),
    )
    return fair


# --- registrations -----------------------------------------------------------------------------------


@transaction.atomic
def employer_register(
    *, actor: Actor, fair_id: int, employer_id: int | None, vacancies: list[tuple[int, int | None]]
) -> FairEmployer:
    """An employer of the actor's scope joins the session with some of its open vacancies, each with the
    number of posts offered there (at most the posts still unfilled). Registering again adds vacancies
    or changes quotas."""
    fair = _joined(actor, fair_id)
    errors: list[ApplicationError] = []
    employer = (
        scope.restrict(Employer.objects.all(), actor).filter(pk=employer_id, is_active=True).first()
        if employer_id is not None
        else None
    )
    if employer is None:
        errors.append(_error("employer.not_found", _("Employer not found."), "employer"))
    chosen = _fair_vacancies(employer, vacancies, errors) if employer else []
    if employer and not chosen and not errors:
        errors.append(_error("vacancies.required", _("Choose at least one open vacancy."), "vacancies"))
    _fail(errors)
    assert employer is not None
    registration, created = FairEmployer.objects.get_or_create(
        fair=fair,
        employer=employer,
        defaults={"province_code": employer.province_code, "registered_by": user_of(actor)},
    )
    for vacancy, quota in chosen:
        FairVacancy.objects.update_or_create(
            fair=fair, vacancy=vacancy, defaults={"fair_employer": registration, "quota": quota}
        )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=registration,
        province_code=employer.province_code,
        after={"fair_id": fair.pk, "employer_id": employer.pk, "vacancies": {v.pk: q for v, q in chosen}},
    )
    prematch(fair=fair)
    return registration


def _fair_vacancies(
    employer: Employer, wanted: list[tuple[int, int | None]], errors: list[ApplicationError]
) -> list[tuple[Vacancy, int]]:
    ids = [vacancy_id for vacancy_id, _quota in wanted]
    found = {
        v.pk: v for v in Vacancy.objects.filter(employer=employer, pk__in=ids, status=VacancyStatus.OPEN)
    }
    chosen: list[tuple[Vacancy, int]] = []
    for vacancy_id, quota in wanted:
        vacancy = found.get(vacancy_id)
        if vacancy is None:
            errors.append(
                _error("vacancies.not_found", _("Not an open vacancy of this employer."), "vacancies")
            )
            continue
        left = vacancy.posts - vacancy.posts_filled
        quota = left if quota is None else quota
        if not 1 <= quota <= left:
            errors.append(
                _error(
                    "quota.out_of_range",
                    _("%(title)s: offer between 1 and %(n)d posts.") % {"title": vacancy.title, "n": left},
                    "quota",
                )
            )
            continue
        chosen.append((vacancy, quota))
    return chosen


@transaction.atomic
def fair_seeker_register(*, actor: Actor, fair_id: int, seeker_id: int | None) -> FairSeeker:
    """A seeker of the actor's scope registers for the session and is pre-matched at once."""
    fair = _joined(actor, fair_id)
    seeker = (
        scope.restrict(JobSeeker.objects.all(), actor).filter(pk=seeker_id).first()
        if seeker_id is not None
        else None
    )
    errors: list[ApplicationError] = []
    if seeker is None:
        errors.append(_error("seeker.not_found", _("Job seeker not found."), "seeker"))
    elif seeker.status != SeekerStatus.ACTIVE:
        errors.append(
            _error("seeker.closed", _("This registration is closed: the person is not looking."), "seeker")
        )
    elif FairSeeker.objects.filter(fair=fair, seeker=seeker).exists():
        errors.append(
            _error("seeker.duplicate", _("This person is already registered for the session."), "seeker")
        )
    _fail(errors)
    assert seeker is not None
    try:
        with transaction.atomic():
            registration = FairSeeker.objects.create(
                fair=fair, seeker=seeker, province_code=seeker.province_code, registered_by=user_of(actor)
            )
    except IntegrityError:
        raise Conflict(
            "seeker.duplicate", _("This person is already registered for the session."), field="seeker"
        ) from None
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=registration,
        province_code=seeker.province_code,
        after={"fair_id": fair.pk, "seeker_id": seeker.pk},
    )
    prematch(fair=fair, registrations=[registration])
    return registration


def prematch(*, fair: JobFair, registrations: list[FairSeeker] | None = None) -> int:
    """Score registered seekers against the session's vacancies; keep the best `PREMATCH_TOP` each.
    Returns the number of matches kept."""
    regs = registrations if registrations is not None else list(FairSeeker.objects.filter(fair=fair))
    if not regs:
        return 0
    fair_vacancy = dict(FairVacancy.objects.filter(fair=fair).values_list("vacancy_id", "pk"))
    FairMatch.objects.filter(fair_seeker__in=regs).delete()
    if not fair_vacancy:
        return 0
    today = clock.today()
    vacancies = list(source.vacancy_profiles(Vacancy.objects.filter(pk__in=list(fair_vacancy))))
    by_seeker = {r.seeker_id: r for r in regs}
    rows: list[FairMatch] = []
    for profile in source.seeker_profiles(JobSeeker.objects.filter(pk__in=list(by_seeker)), today=today):
        scored = sorted(rank.explain_vacancies(profile, vacancies), key=lambda m: (-m.score, m.id))
        for position, match in enumerate(scored[:PREMATCH_TOP], start=1):
            rows.append(
                FairMatch(
                    fair_seeker=by_seeker[profile.id],
                    fair_vacancy_id=fair_vacancy[match.id],
                    rank=position,
                    score=round(float(match.score), 1),
                    reasons=[_factor(f) for f in match.factors],
                )
            )
    FairMatch.objects.bulk_create(rows)
    return len(rows)


def _plain(value: Any) -> Any:
    """JSON-ready: numpy scalars from the vectorised scorer become Python numbers; a label the scorer
    passes as a lazy translation (an education level) is kept in the language active when matching ran."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Promise):
        return str(value)
    return value.item() if hasattr(value, "item") else value


def _factor(factor: Any) -> dict[str, Any]:
    params = {key: _plain(value) for key, value in factor.params.items()}
    return {"code": factor.code, "points": round(float(factor.points), 1), "params": params}


# --- interviews and outcomes -------------------------------------------------------------------------


@transaction.atomic
def interview_schedule(
    *,
    actor: Actor,
    fair_id: int,
    fair_seeker_id: int | None,
    fair_vacancy_id: int | None,
    slot_start: dt.datetime | None,
    table: str = "",
    online_link: str = "",
) -> FairInterview:
    """Book one slot of the session's grid for a seeker and a vacancy, at a table or online."""
    fair = _managed(actor, fair_id)
    if fair.status != FairStatus.PLANNED:
        raise ApplicationError(
            "fair.not_planned", _("Interviews are scheduled while the session is planned."), field="fair"
        )
    errors: list[ApplicationError] = []
    registration = (
        FairSeeker.objects.filter(fair=fair, pk=fair_seeker_id).first()
        if fair_seeker_id is not None
        else None
    )
    if registration is None:
        errors.append(
            _error("fair_seeker.not_found", _("The person is not registered for the session."), "fair_seeker")
        )
    offer = (
        FairVacancy.objects.filter(fair=fair, pk=fair_vacancy_id).first()
        if fair_vacancy_id is not None
        else None
    )
    if offer is None:
        errors.append(_error("fair_vacancy.not_found", _("Not a vacancy of this session."), "fair_vacancy"))
    table = normalize(table or "")[:20]
    online_link = (online_link or "").strip()[:300]
    _place(fair, table, online_link, errors)
    if online_link and not _URL.match(online_link):
        errors.append(_error("online_link.invalid", _("A link starts with https://."), "online_link"))
    if not table and not online_link and fair.online_link:
        online_link = fair.online_link
    _slot(fair, slot_start, errors)
    if not errors:
        _free(fair, registration, offer, slot_start, table, errors)
    _fail(errors)
    assert registration is not None and offer is not None and slot_start is not None
    try:
        with transaction.atomic():
            interview = FairInterview.objects.create(
                fair=fair,
                fair_seeker=registration,
                fair_vacancy=offer,
                slot_start=slot_start,
                table=table,
                online_link=online_link,
            )
    except IntegrityError:
        raise Conflict(
            "slot_start.taken", _("This slot was just booked by someone else."), field="slot_start"
        ) from None
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=interview,
        province_code=fair.province_code,
        after={
            "fair_id": fair.pk,
            "fair_seeker_id": registration.pk,
            "fair_vacancy_id": offer.pk,
            "slot_start": slot_start.isoformat(),
            "table": table,
            "online_link": online_link,
        },
    )
    return interview


def _place(fair: JobFair, table: str, link: str, errors: list[ApplicationError]) -> None:
    if fair.mode == FairMode.IN_PERSON and not table:
        errors.append(_error("table.required", _("Give the interview table."), "table"))
    if fair.mode == FairMode.ONLINE and table:
        errors.append(_error("table.online", _("An online session has no tables."), "table"))


def _slot(fair: JobFair, slot_start: dt.datetime | None, errors: list[ApplicationError]) -> None:
    if slot_start is None:
        errors.append(_error("slot_start.required", _("Choose a time slot."), "slot_start"))
        return
    step = dt.timedelta(minutes=fair.slot_minutes)
    offset = slot_start - fair.starts_at
    if slot_start < fair.starts_at or slot_start + step > fair.ends_at or offset % step:
        errors.append(
            _error("slot_start.off_grid", _("Choose one of the session's time slots."), "slot_start")
        )


def _free(
    fair: JobFair,
    registration: Any,
    offer: Any,
    slot_start: Any,
    table: str,
    errors: list[ApplicationError],
) -> None:
    booked = FairInterview.objects.filter(fair=fair)
    if booked.filter(fair_seeker=registration, slot_start=slot_start).exists():
        errors.append(
            _error(
                "slot_start.seeker_busy", _("The person already has an interview in this slot."), "slot_start"
            )
        )
    if table and booked.filter(table=table, slot_start=slot_start).exists():
        errors.append(_error("table.busy", _("This table is already booked in this slot."), "table"))
    if booked.filter(fair_seeker=registration, fair_vacancy=offer).exists():
        errors.append(
            _error(
                "fair_vacancy.duplicate",
                _("The person already has an interview for this vacancy."),
                "fair_vacancy",
            )
        )


def _outcome_access(actor: Actor, fair_id: int, interview_id: int) -> tuple[JobFair, FairInterview]:
    require(actor, "labour.change")
    fair = fair_get(actor=actor, fair_id=fair_id)
    interview = (
        FairInterview.objects.select_for_update()
        .select_related("fair_seeker__seeker", "fair_vacancy__vacancy")
        .filter(fair=fair, pk=interview_id)
        .first()
    )
    if interview is None:
        raise NotFound("interview")
    own = actor_province(actor) == interview.fair_seeker.province_code
    if not (is_host(actor, fair) or own):
        raise PermissionDenied(_("The host centre or the seeker's own centre records outcomes."))
    return fair, interview


@transaction.atomic
def interview_outcome(
    *, actor: Actor, fair_id: int, interview_id: int, outcome: str, placed_on: dt.date | None = None
) -> FairInterview:
    """Interviewed, pre-selected, hired or not selected; "hired" records the placement."""
    fair, interview = _outcome_access(actor, fair_id, interview_id)
    errors: list[ApplicationError] = []
    if fair.status == FairStatus.CANCELLED or _local(fair.starts_at).date() > clock.today():
        errors.append(
            _error("fair.not_started", _("Outcomes are recorded once the session has started."), "outcome")
        )
    if interview.outcome == InterviewOutcome.HIRED:
        errors.append(
            _error("outcome.final", _("The person was hired; the outcome can no longer change."), "outcome")
        )
    if outcome not in InterviewOutcome.values or outcome == InterviewOutcome.SCHEDULED:
        errors.append(_error("outcome.invalid", _("Choose an outcome."), "outcome"))
    if outcome == InterviewOutcome.HIRED and not errors:
        _check_hire(actor, interview, errors)
    _fail(errors)
    before = audit.snapshot(interview, ["outcome"])
    interview.outcome, interview.outcome_at, interview.outcome_by = outcome, timezone.now(), user_of(actor)
    interview.save(update_fields=["outcome", "outcome_at", "outcome_by"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=interview,
        province_code=fair.province_code,
        before=before,
        after=audit.snapshot(interview, ["outcome"]),
    )
    if outcome == InterviewOutcome.HIRED:
        placement_record(
            actor=actor,
            seeker_id=interview.fair_seeker.seeker_id,
            placed_on=placed_on or min(_local(fair.starts_at).date(), clock.today()),
            source=PlacementSource.FAIR,
            vacancy_id=interview.fair_vacancy.vacancy_id,
            interview=interview,
        )
    return interview


def _check_hire(actor: Actor, interview: FairInterview, errors: list[ApplicationError]) -> None:
    seeker = interview.fair_seeker.seeker
    if not scope.in_scope(actor, province_code=seeker.province_code, commune_id=seeker.commune_id):
        errors.append(
            _error(
                "outcome.other_centre",
                _("The person is registered with another province's centre; that centre records the hire."),
                "outcome",
            )
        )
        return
    hired = FairInterview.objects.filter(
        fair_vacancy=interview.fair_vacancy, outcome=InterviewOutcome.HIRED
    ).count()
    if hired >= interview.fair_vacancy.quota:
        errors.append(
            _error(
                "outcome.quota_full",
                _("Every post offered for this vacancy at the session is filled."),
                "outcome",
            )
        )
