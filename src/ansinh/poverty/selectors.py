"""Scoped reads of the poverty review: rounds, their progress by village, surveys (an audited full read),
complaints, a year's summary, and a household's poverty status on a date, one or many (what benefits
read). Every read filters through `core.scope`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from ansinh.core import audit, clock, scope
from ansinh.core.actors import Actor
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.poverty.models import Complaint, PovertyStatus, Round, RoundState, Survey

PAGE_SIZE = 50


def round_queryset(*, actor: Actor) -> QuerySet[Round]:
    require(actor, "poverty.view")
    return scope.restrict(Round.objects.select_related("commune"), actor)


def round_list(
    *, actor: Actor, year: int | None = None, state: str = "", commune_id: int | None = None
) -> QuerySet[Round]:
    qs = round_queryset(actor=actor)
    if year:
        qs = qs.filter(year=year)
    if state in RoundState.values:
        qs = qs.filter(state=state)
    if commune_id:
        qs = qs.filter(commune_id=commune_id)
    return qs.annotate(
        households=Count("surveys"), finals=Count("surveys", filter=Q(surveys__draft=False))
    ).order_by("-year", "commune__name", "-pk")


def round_get(*, actor: Actor, round_id: Any) -> Round:
    return scope.access(
        round_queryset(actor=actor).select_related(
            "collection_by", "meeting_by", "posting_by", "decided_by", "summarised_by"
        ),
        actor,
        round_id,
        what="round",
    )


def round_steps(rnd: Round) -> list[dict[str, Any]]:
    """Each step of the round: planned date, the date it was reached and by whom."""

    def who(user: Any) -> str:
        return (user.get_full_name() or user.username) if user is not None else ""

    return [
        {"step": "collection", "planned_on": rnd.planned_collection_until, "done_on": rnd.collection_on,
         "done_by": who(rnd.collection_by)},
        {"step": "village_meeting", "planned_on": rnd.planned_meeting_on, "done_on": rnd.meeting_on,
         "done_by": who(rnd.meeting_by)},
        {"step": "posting", "planned_on": rnd.planned_posting_on, "done_on": rnd.posting_on,
         "done_by": who(rnd.posting_by)},
        {"step": "decided", "planned_on": rnd.planned_decision_on, "done_on": rnd.decided_on,
         "done_by": who(rnd.decided_by)},
        {"step": "summarised", "planned_on": None, "done_on": rnd.summarised_on,
         "done_by": who(rnd.summarised_by)},
    ]  # fmt: skip


@dataclass
class VillageProgress:
    village: str
    households: int
    surveyed: int
    agreed: int
    disputed: int
    poor: int
    near_poor: int


def round_progress(rnd: Round) -> list[VillageProgress]:
    """Per village: households, final surveys, agreed and disputed at the meeting, poor and near-poor."""
    rows = (
        rnd.surveys.values("village")
        .annotate(
            households=Count("pk"),
            surveyed=Count("pk", filter=Q(draft=False)),
            agreed=Count("pk", filter=Q(meeting_result="agreed")),
            disputed=Count("pk", filter=Q(meeting_result="disputed")),
            poor=Count("pk", filter=Q(draft=False, classification="poor")),
            near_poor=Count("pk", filter=Q(draft=False, classification="near_poor")),
        )
        .order_by("village")
    )
    return [VillageProgress(**row) for row in rows]


def progress_total(rows: Iterable[VillageProgress]) -> VillageProgress:
    total = VillageProgress("", 0, 0, 0, 0, 0, 0)
    for row in rows:
        for name in ("households", "surveyed", "agreed", "disputed", "poor", "near_poor"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


def survey_queryset(*, actor: Actor) -> QuerySet[Survey]:
    require(actor, "poverty.view")
    return scope.restrict(
        Survey.objects.select_related("round", "household", "household__head", "commune"), actor
    )


def survey_list(*, actor: Actor, round_id: Any, village: str | None = None, q: str = "") -> QuerySet[Survey]:
    rnd = round_get(actor=actor, round_id=round_id)
    qs = survey_queryset(actor=actor).filter(round=rnd)
    if village is not None:
        qs = qs.filter(village=village)
    text = (q or "").strip()
    if text:
        from ansinh.core.text import fold

        qs = qs.filter(
            Q(household__code__icontains=text) | Q(household__head__name_folded__contains=fold(text))
        )
    return qs.order_by("village", "household__code")


def household_ids_by_code(*, actor: Actor, commune_id: int, codes: Iterable[str]) -> dict[str, int]:
    """Code → id of the households in scope registered in the commune (an ad hoc round's choice)."""
    from ansinh.registry.models import Household

    rows = scope.restrict(Household.objects.filter(commune_id=commune_id, code__in=list(codes)), actor)
    return dict(rows.values_list("code", "pk"))


def survey_get(*, actor: Actor, survey_id: Any) -> Survey:
    """One survey with its answers (the household's circumstances in full): an audited read."""
    survey = scope.access(survey_queryset(actor=actor), actor, survey_id, what="survey")
    audit.record(actor=actor, action=AuditAction.VIEW, obj=survey)
    return survey


def complaint_list(*, actor: Actor, round_id: Any) -> QuerySet[Complaint]:
    rnd = round_get(actor=actor, round_id=round_id)
    return (
        scope.restrict(Complaint.objects.select_related("survey__household"), actor)
        .filter(survey__round=rnd)
        .order_by("answered_on", "received_on", "pk")
    )


def complaint_get(*, actor: Actor, complaint_id: Any) -> Complaint:
    require(actor, "poverty.view")
    return scope.access(
        Complaint.objects.select_related("survey__round", "survey__household"),
        actor,
        complaint_id,
        what="complaint",
    )


@dataclass
class YearSummary:
    year: int
    rounds: int
    decided: int
    summarised: int
    pending: int
    households: int
    poor: int
    near_poor: int


def year_summary(*, actor: Actor, year: int) -> YearSummary:
    """The rounds of a year in scope and what their decisions counted."""
    rounds = round_queryset(actor=actor).filter(year=year)
    by_state = dict(rounds.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    statuses = PovertyStatus.objects.filter(round__in=rounds)
    counts = statuses.aggregate(
        households=Count("pk"),
        poor=Count("pk", filter=Q(status="poor")),
        near_poor=Count("pk", filter=Q(status="near_poor")),
    )
    pending = sum(by_state.get(s, 0) for s in ("collection", "village_meeting", "posting"))
    return YearSummary(
        year=year,
        rounds=sum(by_state.values()),
        decided=by_state.get("decided", 0),
        summarised=by_state.get("summarised", 0),
        pending=pending,
        households=counts["households"],
        poor=counts["poor"],
        near_poor=counts["near_poor"],
    )


# --- a household's poverty status ---------------------------------------------------------------------


def _on(qs: QuerySet[PovertyStatus], on: dt.date) -> QuerySet[PovertyStatus]:
    return qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)


def household_status_on(household_id: int, on: dt.date) -> str | None:
    """The household's poverty status on a day (poor, near_poor, escaped, middle, other), or None when no
    decision covers that day. Unscoped: for the regimes that decide on a household they already reached
    through their own scope (benefits)."""
    return (
        _on(PovertyStatus.objects.filter(household_id=household_id), on)
        .values_list("status", flat=True)
        .first()
    )


def household_statuses_on(household_ids: Iterable[int], on: dt.date) -> dict[int, str]:
    """Household id → status on a day, for many households at once (the households without one are left
    out)."""
    ids = list(household_ids)
    found: dict[int, str] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        found.update(
            _on(PovertyStatus.objects.filter(household_id__in=chunk), on).values_list(
                "household_id", "status"
            )
        )
    return found


def household_status_history(*, actor: Actor, household_id: Any) -> tuple[Any, list[PovertyStatus]]:
    """The household (through the registry's scope) and its statuses, newest first."""
    require(actor, "poverty.view")
    from ansinh.registry.models import Household

    household = scope.access(Household.objects.all(), actor, household_id, what="household")
    rows = list(
        PovertyStatus.objects.filter(household=household)
        .select_related("round")
        .order_by("-valid_from", "-pk")
    )
    return household, rows


def status_at(rows: list[PovertyStatus], on: dt.date) -> PovertyStatus | None:
    return next((r for r in rows if r.valid_from <= on and (r.valid_to is None or r.valid_to >= on)), None)


@dataclass(frozen=True)
class StatusPeriod:
    """One dated status of a household with the decision behind it, as benefits explain an amount."""

    household_id: int
    status: str
    valid_from: dt.date
    valid_to: dt.date | None
    decision_number: str
    decision_date: dt.date
    commune: str
    recorded_at: dt.datetime

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


def household_status_periods(household_ids: Iterable[int]) -> dict[int, list[StatusPeriod]]:
    """Household id → its statuses oldest first, for many households in one query per 5,000 (the
    households never reviewed are left out). Unscoped, like `household_statuses_on`."""
    ids = sorted(set(household_ids))
    found: dict[int, list[StatusPeriod]] = {}
    for start in range(0, len(ids), 5000):
        rows = (
            PovertyStatus.objects.filter(household_id__in=ids[start : start + 5000])
            .order_by("household_id", "valid_from", "pk")
            .values_list(
                "household_id", "status", "valid_from", "valid_to", "decision_number", "decision_date",
                "commune__name", "created_at",
            )
        )  # fmt: skip
        for row in rows:
            found.setdefault(row[0], []).append(StatusPeriod(*row))
    return found


def person_status_on(person_id: int, on: dt.date) -> StatusPeriod | None:
    """The status of the household the person belongs to on a day, with the decision behind it, in one
    query; None when the person is in no household that day or no decision covers it. Unscoped, like
    `household_status_on`: for the benefit forms, on a person reached through their own scope."""
    row = (
        _on(PovertyStatus.objects.all(), on)
        .filter(
            Q(household__members__joined_on__isnull=True) | Q(household__members__joined_on__lte=on),
            Q(household__members__left_on__isnull=True) | Q(household__members__left_on__gt=on),
            household__members__person_id=person_id,
        )
        .order_by("-valid_from", "-pk")
        .values_list(
            "household_id", "status", "valid_from", "valid_to", "decision_number", "decision_date",
            "commune__name", "created_at",
        )
        .first()
    )  # fmt: skip
    return StatusPeriod(*row) if row else None


@dataclass
class HouseholdPoverty:
    """A household's poverty status today with the decision behind it, and every status it had."""

    household: Any
    current: PovertyStatus | None
    history: list[PovertyStatus]
    can_issue: bool = False  # may issue the certificate (giấy chứng nhận) of a poor or near-poor household


def household_poverty(*, actor: Actor, household: Any) -> HouseholdPoverty | None:
    """For the household page: None when the actor may not see poverty statuses. Call with a household
    fetched under the registry's scope."""
    if not actor.can("poverty.view"):
        return None
    rows = list(
        PovertyStatus.objects.filter(household=household)
        .select_related("round", "commune")
        .order_by("-valid_from", "-pk")
    )
    return HouseholdPoverty(
        household=household,
        current=status_at(rows, clock.today()),
        history=rows,
        can_issue=actor.can("poverty.change"),
    )


def person_poverty(*, actor: Actor, person: Any) -> HouseholdPoverty | None:
    """For the person page: the poverty status of the household the person belongs to now, None when
    the actor may not see statuses or the person belongs to no household."""
    if not actor.can("poverty.view"):
        return None
    from ansinh.registry.models import HouseholdMember

    memberships = HouseholdMember.objects.filter(person=person, left_on__isnull=True)
    membership = memberships.select_related("household").first()
    return household_poverty(actor=actor, household=membership.household) if membership else None
