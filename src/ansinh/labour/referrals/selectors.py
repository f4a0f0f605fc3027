"""Referrals and placements: scoped reads, time from registration to placement, and the match lists a
counsellor refers from (each match marked when the person was already referred)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ansinh.core import scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError
from ansinh.core.periods import add_months, month_of
from ansinh.core.scope import require
from ansinh.geo.models import AdminUnit, Level
from ansinh.labour.matching.selectors import matches_for_seeker, matches_for_vacancy
from ansinh.labour.models import JobSeeker, Placement, Referral, Vacancy


def referral_queryset(*, actor: Actor) -> QuerySet[Referral]:
    require(actor, "labour.view")
    return scope.restrict(
        Referral.objects.select_related("seeker__person", "vacancy__employer", "commune"), actor
    )


def referral_get(*, actor: Actor, referral_id: Any) -> Referral:
    require(actor, "labour.view")
    return scope.access(
        Referral.objects.select_related("seeker__person", "vacancy__employer"),
        actor,
        referral_id,
        what="referral",
    )


def referral_list(
    *, actor: Actor, seeker: int | None = None, vacancy: int | None = None, status: str = ""
) -> QuerySet[Referral]:
    qs = referral_queryset(actor=actor)
    if seeker:
        qs = qs.filter(seeker_id=seeker)
    if vacancy:
        qs = qs.filter(vacancy_id=vacancy)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-referred_on", "-id")


def placement_queryset(*, actor: Actor) -> QuerySet[Placement]:
    require(actor, "labour.view")
    return scope.restrict(
        Placement.objects.select_related("seeker__person", "vacancy__employer", "commune"), actor
    )


def placement_list(
    *, actor: Actor, start: dt.date | None = None, end: dt.date | None = None, source: str = ""
) -> QuerySet[Placement]:
    qs = placement_queryset(actor=actor)
    if start:
        qs = qs.filter(placed_on__gte=start)
    if end:
        qs = qs.filter(placed_on__lte=end)
    if source:
        qs = qs.filter(source=source)
    return qs.order_by("-placed_on", "-id")


def placements_in_month(*, actor: Actor, month: dt.date) -> int:
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
    *, actor: Actor, start: dt.date, end: dt.date, by: str = "province"
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


def seeker_referrals(*, actor: Actor, seeker_id: int) -> list[Referral]:
    return list(referral_list(actor=actor, seeker=seeker_id).select_related("vacancy__employer"))


def placement_of(*, actor: Actor, seeker_id: int) -> Placement | None:
    return placement_queryset(actor=actor).filter(seeker_id=seeker_id).first()


@dataclass
class MatchRows:
    """A match list ready to show: (match, the other side's row, already referred) and the widening."""

    rows: list[tuple[Any, Any, bool]]
    widened: list[str]


def vacancies_to_refer(*, actor: Actor, seeker_id: int, top: int = 10) -> MatchRows:
    """The best open vacancies for a seeker in scope, each marked when the seeker was referred to it."""
    found = matches_for_seeker(actor=actor, seeker_id=seeker_id, top=top)
    vacancies = Vacancy.objects.select_related("employer", "commune").in_bulk([m.id for m in found])
    referred = set(referral_list(actor=actor, seeker=seeker_id).values_list("vacancy_id", flat=True))
    rows = [(m, vacancies[m.id], m.id in referred) for m in found if m.id in vacancies]
    return MatchRows(rows, found.widened)


def seekers_to_refer(*, actor: Actor, vacancy_id: int, top: int = 10) -> MatchRows:
    """The best active seekers in scope for a vacancy, each marked when already referred to it."""
    found = matches_for_vacancy(actor=actor, vacancy_id=vacancy_id, top=top)
    seekers = scope.restrict(JobSeeker.objects.select_related("person", "commune"), actor).in_bulk(
        [m.id for m in found]
    )
    referred = set(referral_list(actor=actor, vacancy=vacancy_id).values_list("seeker_id", flat=True))
    rows = [(m, seekers[m.id], m.id in referred) for m in found if m.id in seekers]
    return MatchRows(rows, found.widened)
