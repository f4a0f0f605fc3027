"""Reads of the benefits app. Every query passes through `ansinh.core.scope`.

`benefit_history` explains a person's money month by month: for each enrolment the decisions and
the entitlement of every month (amount, clause and explanation lines from `benefits.entitlement`),
with suspended months and months after the end marked, and the payment lines recorded for them
(provided by the payments app through `core.extensions.person_payment_lines`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from ansinh.benefits import entitlement, household_status, law
from ansinh.benefits.inputs import birth_date_of
from ansinh.benefits.models import (
    Decision,
    DecisionKind,
    Enrolment,
    EnrolmentFacts,
    EnrolmentStatus,
    OneOffEntitlement,
    Suspension,
)
from ansinh.benefits.rules.base import Line
from ansinh.core import audit, clock, extensions, periods, scope
from ansinh.core.actors import Actor
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.core.text import search_key
from ansinh.registry.models import Person

TIMELINE_MONTHS = 36
PAYMENT_LINES_SHOWN = 200


# --- persons, as the benefits pages need them -------------------------------------------------------


def person_for_benefits(*, actor: Actor, person_id: Any, change: bool = False) -> Person:
    """A person in scope, for a benefits page or write (`change`: the actor must be able to decide)."""
    require(actor, "benefits.change" if change else "benefits.view")
    return scope.access(Person.objects.select_related("commune"), actor, person_id, what="person")


# --- enrolments -------------------------------------------------------------------------------------


def enrolment_queryset(*, actor: Actor) -> QuerySet[Enrolment]:
    require(actor, "benefits.view")
    return scope.restrict(Enrolment.objects.select_related("person", "commune"), actor)


def enrolment_list(
    *,
    actor: Actor,
    regime: str = "",
    clause: str = "",
    status: str = "",
    commune: int | None = None,
    person: int | None = None,
) -> QuerySet[Enrolment]:
    """Enrolments in scope, newest first, filtered on the indexed columns."""
    rows = enrolment_queryset(actor=actor)
    if regime:
        rows = rows.filter(regime=regime)
    if clause:
        rows = rows.filter(clause=clause)
    if status:
        rows = rows.filter(status=status)
    if commune:
        rows = rows.filter(commune_id=commune)
    if person:
        rows = rows.filter(person_id=person)
    return rows.order_by("-id")


def enrolment_text_filter(rows: QuerySet[Enrolment], *, query: str) -> QuerySet[Enrolment]:
    """Enrolments whose beneficiary's name holds every typed word (accents optional), or whose personal
    ID starts with the typed digits."""
    for word in search_key(query).split():
        if word.isdigit():
            rows = rows.filter(person__personal_id__startswith=word)
        else:
            rows = rows.filter(person__name_folded__contains=word)
    return rows


def enrolment_amounts(enrolments: list[Enrolment], *, month: dt.date | None = None) -> None:
    """Set `amount_now` on each enrolment: this month's entitlement (mức hưởng) of a running enrolment,
    None for one that has ended or is suspended. One memo serves the whole page or export chunk."""
    cache = entitlement.EntitlementCache(law.current_params())
    month = periods.month_of(month or clock.today())
    book = household_status.StatusBook.for_persons(
        e.person_id for e in enrolments if e.status == EnrolmentStatus.ACTIVE
    )
    for enrolment in enrolments:
        amount = None
        if enrolment.status == EnrolmentStatus.ACTIVE:
            result = cache.month_result(
                enrolment.regime,
                book.json_for(enrolment.person_id, entitlement.facts_json(enrolment.facts), month),
                birth_date_of(enrolment.person),
                month,
                enrolment.province_code,
            )
            amount = result.monthly_amount if result.eligible else 0
        enrolment.amount_now = amount  # type: ignore[attr-defined]


def enrolment_get(*, actor: Actor, enrolment_id: Any, change: bool = False) -> Enrolment:
    require(actor, "benefits.change" if change else "benefits.view")
    return scope.access(
        Enrolment.objects.select_related("person", "commune", "decision", "end_decision"),
        actor,
        enrolment_id,
        what="enrolment",
    )


def enrolment_decisions(*, enrolment: Enrolment) -> list[Decision]:
    """Every decision behind an enrolment, newest first: its own, the one that ended it (a death may end
    several), and the person's moves while it ran. Call with an enrolment fetched under scope."""
    moves = Q(
        person_id=enrolment.person_id, kind=DecisionKind.MOVE, effective_month__gte=enrolment.start_month
    )
    if enrolment.end_month is not None:
        moves &= Q(effective_month__lte=enrolment.end_month)
    query = Q(enrolment=enrolment) | moves
    if enrolment.end_decision_id:
        query |= Q(pk=enrolment.end_decision_id)
    return list(Decision.objects.filter(query).select_related("commune").order_by("-signed_on", "-id"))


def enrolment_suspensions(*, enrolment: Enrolment) -> list[Suspension]:
    return list(enrolment.suspensions.select_related("decision", "resume_decision").order_by("from_month"))


def enrolment_facts(*, enrolment: Enrolment) -> list[EnrolmentFacts]:
    return list(enrolment.fact_history.select_related("decision").order_by("from_month"))


# --- the month-by-month timeline --------------------------------------------------------------------


class MonthState:
    PAYABLE = "payable"
    NOT_ELIGIBLE = "not_eligible"
    SUSPENDED = "suspended"
    ENDED = "ended"


@dataclass
class TimelineMonth:
    month: dt.date
    state: str
    amount: int  # payable this month (0 when suspended, ended or not eligible)
    entitled: int  # what the rules give for the month, whatever the state
    clause: str
    lines: tuple[Line, ...] = ()
    notes: tuple[str, ...] = ()
    provisional: bool = False

    @property
    def label(self) -> str:
        return periods.month_label(self.month)


def _window(enrolment: Enrolment, until: dt.date, months: int) -> list[dt.date]:
    """From the start month to `until` (or, when it ended earlier, to the month after the end, shown as
    ended), the latest `months` of them."""
    last = until
    if enrolment.end_month is not None and enrolment.end_month < until:
        last = periods.add_months(max(enrolment.end_month, periods.add_months(enrolment.start_month, -1)), 1)
    last = max(last, enrolment.start_month)
    first = max(enrolment.start_month, periods.add_months(last, -(months - 1)))
    return periods.months_between(first, last)


def _in_force(history: list[tuple[dt.date, Any]], month: dt.date, default: Any) -> Any:
    """The value of the latest (from_month, value) at or before `month`."""
    index = bisect.bisect_right([start for start, _ in history], month) - 1
    return history[index][1] if index >= 0 else default


def _province_history(enrolment: Enrolment, moves: list[Decision]) -> tuple[str, list[tuple[dt.date, str]]]:
    """The province responsible before the first move, then from each move's month."""
    ordered = sorted(
        (m for m in moves if m.kind == DecisionKind.MOVE), key=lambda m: (m.effective_month, m.pk)
    )
    if not ordered:
        return enrolment.province_code, []
    first = ordered[0].facts.get("from_province") or enrolment.province_code
    return first, [
        (m.effective_month, m.facts.get("to_province") or enrolment.province_code) for m in ordered
    ]


def enrolment_timeline(
    *,
    enrolment: Enrolment,
    person: Person,
    until: dt.date | None = None,
    months: int = TIMELINE_MONTHS,
    decisions: list[Decision] | None = None,
    params: law.Params | None = None,
) -> list[TimelineMonth]:
    """What the enrolment gives each month, with the facts, suspensions and province in force then."""
    params = params or law.current_params()
    until = periods.month_of(until or clock.today())
    facts = [(f.from_month, f) for f in enrolment.fact_history.order_by("from_month")]
    suspensions = list(enrolment.suspensions.all())
    first_province, provinces = _province_history(
        enrolment, decisions if decisions is not None else enrolment_decisions(enrolment=enrolment)
    )
    birth_date = birth_date_of(person)
    book = household_status.StatusBook.for_persons([person.pk])
    out = []
    for month in _window(enrolment, until, months):
        row = _in_force(facts, month, None)
        result = entitlement.month_result(
            regime=enrolment.regime,
            facts=book.facts_for(person.pk, row.facts if row else enrolment.facts, month),
            birth_date=birth_date,
            month=month,
            province=_in_force(provinces, month, first_province),
            params=params,
        )
        if enrolment.end_month is not None and month > enrolment.end_month:
            state = MonthState.ENDED
        elif any(s.from_month <= month and (s.to_month is None or month <= s.to_month) for s in suspensions):
            state = MonthState.SUSPENDED
        elif not result.eligible:
            state = MonthState.NOT_ELIGIBLE
        else:
            state = MonthState.PAYABLE
        out.append(
            TimelineMonth(
                month=month,
                state=state,
                amount=result.monthly_amount if state == MonthState.PAYABLE else 0,
                entitled=result.monthly_amount,
                clause=result.clause,
                lines=result.lines,
                notes=result.notes,
                provisional=result.provisional,
            )
        )
    return out


# --- a person's benefits ----------------------------------------------------------------------------


@dataclass
class EnrolmentHistory:
    enrolment: Enrolment
    decisions: list[Decision]
    suspensions: list[Suspension]
    timeline: list[TimelineMonth]

    @property
    def total_payable(self) -> int:
        return sum(m.amount for m in self.timeline)


@dataclass
class BenefitHistory:
    person: Person
    enrolments: list[EnrolmentHistory] = field(default_factory=list)
    one_offs: list[OneOffEntitlement] = field(default_factory=list)
    payment_lines: list[Any] = field(default_factory=list)  # payments.PaymentLine, newest first


def person_one_offs(*, person: Person) -> list[OneOffEntitlement]:
    return list(
        OneOffEntitlement.objects.filter(person=person)
        .select_related("decision", "enrolment")
        .order_by("-due_month")
    )


def person_enrolments(*, person: Person) -> list[Enrolment]:
    """All the person's enrolments: the history belongs to the person (who is in the caller's scope),
    including any stopped before they moved here."""
    return list(
        Enrolment.objects.filter(person=person)
        .select_related("commune", "decision", "end_decision")
        .order_by("-start_month", "-id")
    )


def person_benefits(*, actor: Actor, person: Person) -> dict[str, Any]:
    """The summary on a person's page (the page itself already audited the full read)."""
    require(actor, "benefits.view")
    return {
        "enrolments": person_enrolments(person=person),
        "one_offs": person_one_offs(person=person),
        "can_change": actor.can("benefits.change"),
    }


def benefit_history(*, actor: Actor, person_id: Any, until: dt.date | None = None) -> BenefitHistory:
    """A person's benefits explained: decisions, the month-by-month entitlement and the payments.
    A full-record read, so it is written to the audit log like opening the person's record."""
    person = person_for_benefits(actor=actor, person_id=person_id)
    params = law.current_params()
    history = BenefitHistory(person=person, one_offs=person_one_offs(person=person))
    for enrolment in person_enrolments(person=person):
        decisions = enrolment_decisions(enrolment=enrolment)
        history.enrolments.append(
            EnrolmentHistory(
                enrolment=enrolment,
                decisions=decisions,
                suspensions=enrolment_suspensions(enrolment=enrolment),
                timeline=enrolment_timeline(
                    enrolment=enrolment, person=person, until=until, decisions=decisions, params=params
                ),
            )
        )
    # Recorded by the payments app, which registers its lines (it builds on benefits, not the reverse).
    history.payment_lines = extensions.payment_lines_of(person, PAYMENT_LINES_SHOWN)
    audit.record(actor=actor, action=AuditAction.VIEW, obj=person, after={"view": "benefit_history"})
    return history
