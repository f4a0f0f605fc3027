"""Writes of the benefits app: the decisions that enrol a person in a regime and change the enrolment,
and the life events that drive the money (death, a move to another commune or province).

Every service checks the capability, fetches through the actor's scope (out of scope reads as not
found), validates everything, then writes its rows and their audit events in one transaction.
The amounts come from `benefits.entitlement` (the rules); these services only record who is owed
what from which month. What is payable in a month M (for the payments engine):

    start_month <= M and (end_month is None or M <= end_month)
    and no Suspension with from_month <= M and (to_month is None or M <= to_month)

with the facts of the EnrolmentFacts row of the greatest from_month <= M.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.benefits import entitlement, household_status, inputs, law
from ansinh.benefits.inputs import ChannelData, DecisionData
from ansinh.benefits.models import (
    Decision,
    DecisionKind,
    Enrolment,
    EnrolmentFacts,
    EnrolmentStatus,
    OneOffEntitlement,
    OneOffKind,
    Regime,
    Suspension,
)
from ansinh.benefits.rules import FactsError
from ansinh.benefits.rules.base import Result
from ansinh.benefits.rules.regimes import module_for
from ansinh.core import audit, clock, periods, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict, ValidationFailed
from ansinh.core.models import AuditAction
from ansinh.core.money import format_vnd
from ansinh.core.scope import require
from ansinh.documents.services import Subject, document_issue
from ansinh.geo.models import AdminUnit, Level, Structure
from ansinh.registry import resolve
from ansinh.registry import services as registry_services
from ansinh.registry.inputs import PersonData
from ansinh.registry.models import LifeStatus, Person

ENROLMENT_AUDIT_FIELDS = [
    "person_id", "regime", "clause", "facts", "facts_from", "status", "start_month", "end_month",
    "decision_id", "end_decision_id", "channel", "cash_reason", "wallet_provider", "wallet_account",
    "commune_id", "province_code",
]  # fmt: skip
DECISION_AUDIT_FIELDS = [
    "person_id", "enrolment_id", "regime", "kind", "number", "signed_on", "signer", "effective_month",
    "facts", "reason", "commune_id", "province_code",
]  # fmt: skip
ONE_OFF_AUDIT_FIELDS = [
    "enrolment_id",
    "person_id",
    "kind",
    "amount",
    "due_month",
    "payee_name",
    "decision_id",
]

# How each regime is named inside a sentence.
REGIME_IN_TEXT: dict[str, Any] = {
    Regime.SOCIAL_ASSISTANCE.value: _("monthly social assistance"),
    Regime.SOCIAL_PENSION.value: _("the social pension"),
    Regime.MERIT.value: _("the preferential allowance for people with merit"),
}


class Refused(ApplicationError):
    """The law or the record refuses this decision (not eligible, contradicting facts, deceased)."""

    status = 422


@dataclass
class DeathOutcome:
    person: Person
    decision: Decision | None
    stopped: list[Enrolment] = field(default_factory=list)
    funeral: OneOffEntitlement | None = None


@dataclass
class MoveOutcome:
    person: Person
    decision: Decision | None
    moved: list[Enrolment] = field(default_factory=list)


# --- fetching under scope ---------------------------------------------------------------------------


def _pk(obj_or_id: Any) -> Any:
    return getattr(obj_or_id, "pk", obj_or_id)


def _lock_person(actor: Actor, person: Person | int) -> Person:
    # Locking the person serialises every benefit decision about them (two regimes at once, a death
    # recorded twice) on both databases.
    # of=self: lock the person row only, not the commune joined in.
    found = scope.access(
        Person.objects.select_for_update(of=("self",)).select_related("commune"),
        actor,
        _pk(person),
        what="person",
    )
    # A record merged into another is history: enrolments, deaths and moves go to the one it became.
    resolve.refuse_merged(found)
    return found


def _lock_enrolment(actor: Actor, enrolment: Enrolment | int, expected_version: int | None) -> Enrolment:
    found = scope.access(Enrolment.objects.select_for_update(), actor, _pk(enrolment), what="enrolment")
    if expected_version is not None and expected_version != found.version:
        raise Conflict(
            "enrolment.stale",
            _("Someone else changed this enrolment while you were working. Reload it and try again."),
        )
    return found


def _locked_enrolments(queryset: Any) -> Any:
    """A person's enrolments, locked (not their communes) against a concurrent action on one of them."""
    return queryset.select_for_update(of=("self",)).select_related("commune").order_by("id")


# --- shared checks ----------------------------------------------------------------------------------


def _raise_if(errors: list[ApplicationError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def _regime(regime: Any) -> str:
    value = str(getattr(regime, "value", regime))
    if value not in Regime.own():
        raise ValidationFailed([ApplicationError("regime.invalid", _("Choose a regime."), field="regime")])
    return value


def _clean_facts(regime: str, facts: dict[str, Any], errors: list[ApplicationError]) -> dict[str, Any]:
    return inputs.parse_facts(regime, facts or {}, errors)


def _number_taken(commune_id: int, number: str) -> bool:
    """Whether the commune has a decision with this number ("" is no number yet: never taken)."""
    return bool(number) and Decision.objects.filter(commune_id=commune_id, number=number).exists()


def _number_error() -> ValidationFailed:
    return ValidationFailed(
        [
            ApplicationError(
                "number.taken",
                _("A decision with this number is already recorded in this commune."),
                field="number",
            )
        ]
    )


def _month_result(
    regime: str, facts: dict[str, Any], person: Person, month: dt.date, province: str, params: law.Params
) -> Result:
    return entitlement.month_result(
        regime=regime,
        facts=household_status.facts_on(person, facts, month),
        birth_date=inputs.birth_date_of(person),
        month=month,
        province=province,
        params=params,
    )


def _assess(
    regime: str, facts: dict[str, Any], person: Person, month: dt.date, province: str, params: law.Params
) -> Result:
    """The strict gate of a decision: facts that contradict the law are refused, and so are facts
    under which the person is not eligible in the month the decision takes effect."""
    module = module_for(regime)
    data = {
        **facts,
        "on": periods.month_end(month),
        "birth_date": inputs.birth_date_of(person),
        "province": province,
    }
    try:
        module.check(module.parse(data, strict=True), params)
    except FactsError as exc:
        raise Refused("enrolment.facts_contradict", exc.message, field=exc.field) from None
    result = _month_result(regime, facts, person, month, province, params)
    if not result.eligible:
        raise Refused(
            "enrolment.not_eligible",
            _("Not eligible in %(month)s: %(reasons)s")
            % {"month": periods.month_label(month), "reasons": " ".join(str(n) for n in result.notes)},
        )
    return result


def _covering(queryset: Any, month: dt.date) -> Any:
    """Enrolments still running in `month` or later (not ended before it)."""
    return queryset.filter(Q(end_month__isnull=True) | Q(end_month__gte=month))


def _double_error(regime: str) -> Conflict:
    return Conflict(
        "enrolment.double",
        _("This person is already enrolled in %(regime)s for that period: adjust that enrolment instead.")
        % {"regime": REGIME_IN_TEXT[regime]},
    )


def _refuse_double(person: Person, regime: str, month: dt.date) -> None:
    if _covering(Enrolment.objects.filter(person=person, regime=regime), month).exists():
        raise _double_error(regime)


def _refuse_other_regime(
    person: Person, regime: str, facts: dict[str, Any], month: dt.date, params: law.Params
) -> None:
    """Monthly social assistance and the social pension are not paid together: only the higher
    (Decree 176/2025/NĐ-CP; RULES §1.3). Say which is higher for this person now."""
    other_regime = next(r for r in Regime.own() if r != regime)
    other = _covering(Enrolment.objects.filter(person=person, regime=other_regime), month).first()
    if other is None:
        return
    now = periods.month_of(clock.today())
    current = _month_result(other.regime, other.facts, person, now, other.province_code, params)
    wanted = _month_result(regime, facts, person, now, person.province_code, params)
    values = {
        "other": REGIME_IN_TEXT[other_regime],
        "other_amount": format_vnd(current.monthly_amount),
        "new": REGIME_IN_TEXT[regime],
        "new_amount": format_vnd(wanted.monthly_amount),
    }
    if wanted.monthly_amount > current.monthly_amount:
        message = _(
            "This person receives %(other)s (%(other_amount)s a month now); %(new)s would be %(new_amount)s. "
            "The two are not paid together, only the higher (Decree 176/2025/NĐ-CP): %(new)s is higher for "
            "this person. Stop %(other)s first with a decision, then enrol."
        )
    else:
        message = _(
            "This person receives %(other)s (%(other_amount)s a month now); %(new)s would be %(new_amount)s. "
            "The two are not paid together, only the higher (Decree 176/2025/NĐ-CP): %(other)s is the higher "
            "(or equal) for this person. To change, stop %(other)s first with a decision."
        )
    higher = regime if wanted.monthly_amount > current.monthly_amount else other_regime
    raise Conflict("enrolment.other_regime", message % values, higher=higher)


def _create_decision(
    *,
    actor: Actor,
    person: Person,
    enrolment: Enrolment | None,
    regime: str,
    kind: str,
    data: DecisionData,
    effective_month: dt.date,
    commune: AdminUnit | None = None,
    facts: dict[str, Any] | None = None,
    reason: str = "",
) -> Decision:
    """A decision row and its audit event; its number is unique in the commune that signed it."""
    unit = commune or (enrolment.commune if enrolment else person.commune)
    if _number_taken(unit.pk, data.number):
        raise _number_error()
    decision = Decision(
        person=person,
        enrolment=enrolment,
        regime=regime,
        kind=kind,
        number=data.number,
        signed_on=data.signed_on,
        signer=data.signer,
        effective_month=effective_month,
        facts=facts or {},
        reason=(reason or data.reason)[: inputs.MAX_REASON],
        commune=unit,
        province_code=unit.province_code,
        created_by=user_of(actor),
        updated_by=user_of(actor),
    )
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        raise _number_error() from None  # the same number saved at the same moment by someone else
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=decision,
        after=audit.snapshot(decision, DECISION_AUDIT_FIELDS),
    )
    return decision


def _save_enrolment(actor: Actor, enrolment: Enrolment, before: dict[str, Any]) -> None:
    enrolment.version += 1
    enrolment.updated_by = user_of(actor)
    enrolment.save()
    changed_before, changed_after = audit.diff(before, audit.snapshot(enrolment, ENROLMENT_AUDIT_FIELDS))
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=enrolment, before=changed_before, after=changed_after
    )


def _decision_checks(
    decision: DecisionData, *, need_effective: bool = True, number_optional: bool = False
) -> list[ApplicationError]:
    return inputs.decision_errors(
        decision, today=clock.today(), need_effective=need_effective, number_optional=number_optional
    )


def _refuse_stopped(enrolment: Enrolment) -> None:
    if enrolment.status == EnrolmentStatus.STOPPED:
        raise Conflict(
            "enrolment.stopped", _("This enrolment has been stopped; nothing more can change on it.")
        )


def _month_error(code: str, message: Any, name: str = "effective_month") -> ValidationFailed:
    return ValidationFailed([ApplicationError(code, message, field=name)])


# --- enrol ------------------------------------------------------------------------------------------


@transaction.atomic
def enrolment_create(
    *,
    actor: Actor,
    person: Person | int,
    regime: str,
    decision: DecisionData,
    facts: dict[str, Any],
    channel: ChannelData | None = None,
    disability_certified_on: dt.date | None = None,
) -> Enrolment:
    """Enrol a person in a regime by a decision, with the facts behind it.

    Refused: a deceased person; a second enrolment in the same regime over the same months
    (`enrolment.double`); the other regime while it runs (`enrolment.other_regime`, saying which is
    higher); facts that contradict the law or leave the person not eligible in the effective month.
    """
    require(actor, "benefits.change")
    person = _lock_person(actor, person)
    regime = _regime(regime)
    channel = channel or ChannelData()
    # The decision may come without a number: the commune's register gives it on the first print.
    errors = _decision_checks(decision, number_optional=True)
    facts = _clean_facts(regime, facts, errors)
    errors.extend(inputs.channel_errors(channel, person=person))
    if not errors:
        errors.extend(
            inputs.effective_month_errors(
                regime=regime,
                facts=facts,
                decision=decision,
                person=person,
                disability_certified_on=disability_certified_on,
            )
        )
    _raise_if(errors)
    if person.status == LifeStatus.DECEASED:
        raise Refused("person.deceased", _("This person is recorded as deceased."))
    month = decision.effective_month
    assert month is not None  # checked above
    params = law.current_params()
    _refuse_double(person, regime, month)
    _refuse_other_regime(person, regime, facts, month, params)
    result = _assess(regime, facts, person, month, person.province_code, params)
    if _number_taken(person.commune_id, decision.number):
        raise _number_error()
    enrolment = Enrolment(
        person=person,
        regime=regime,
        clause=result.clause,
        facts=facts,
        facts_from=month,
        start_month=month,
        status=EnrolmentStatus.ACTIVE,
        channel=channel.channel,
        cash_reason=channel.cash_reason,
        wallet_provider=channel.wallet_provider,
        wallet_account=channel.wallet_account,
        commune=person.commune,
        province_code=person.province_code,
        created_by=user_of(actor),
        updated_by=user_of(actor),
    )
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        # The one-live-enrolment-per-regime constraint: someone enrolled the same person just now.
        raise _double_error(regime) from None
    signed = _create_decision(
        actor=actor,
        person=person,
        enrolment=enrolment,
        regime=regime,
        kind=DecisionKind.ENROL,
        data=decision,
        effective_month=month,
        facts=_decision_facts(facts, disability_certified_on),
    )
    enrolment.decision = signed
    enrolment.save(update_fields=["decision"])
    EnrolmentFacts.objects.create(
        enrolment=enrolment, from_month=month, clause=result.clause, facts=facts, decision=signed
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=enrolment,
        after=audit.snapshot(enrolment, ENROLMENT_AUDIT_FIELDS),
    )
    return enrolment


def _decision_facts(facts: dict[str, Any], disability_certified_on: dt.date | None) -> dict[str, Any]:
    """The facts as decided, with the certificate date the effective month may rest on."""
    if disability_certified_on is None:
        return dict(facts)
    return {**facts, "disability_certified_on": disability_certified_on.isoformat()}


# --- adjust -----------------------------------------------------------------------------------------


@transaction.atomic
def enrolment_adjust(
    *,
    actor: Actor,
    enrolment: Enrolment | int,
    decision: DecisionData,
    facts: dict[str, Any],
    expected_version: int | None = None,
) -> Enrolment:
    """New facts from the decision's effective month (earlier months keep their facts; arrears for
    months already paid are the payments engine's to settle from the facts history)."""
    require(actor, "benefits.change")
    enrolment = _lock_enrolment(actor, enrolment, expected_version)
    errors = _decision_checks(decision)
    facts = _clean_facts(enrolment.regime, facts, errors)
    _raise_if(errors)
    month = decision.effective_month
    assert month is not None
    if enrolment.end_month is not None and month > enrolment.end_month:
        raise Conflict(
            "enrolment.stopped", _("This enrolment has been stopped; nothing more can change on it.")
        )
    if month < enrolment.start_month:
        raise _month_error(
            "effective_month.before_start",
            _("The enrolment begins in %(month)s; an adjustment cannot take effect earlier.")
            % {"month": periods.month_label(enrolment.start_month)},
        )
    person = Person.objects.get(pk=enrolment.person_id)
    result = _assess(enrolment.regime, facts, person, month, enrolment.province_code, law.current_params())
    before = audit.snapshot(enrolment, ENROLMENT_AUDIT_FIELDS)
    signed = _create_decision(
        actor=actor,
        person=person,
        enrolment=enrolment,
        regime=enrolment.regime,
        kind=DecisionKind.ADJUST,
        data=decision,
        effective_month=month,
        facts=facts,
    )
    EnrolmentFacts.objects.update_or_create(
        enrolment=enrolment,
        from_month=month,
        defaults={"clause": result.clause, "facts": facts, "decision": signed},
    )
    newest = enrolment.fact_history.order_by("-from_month").first()
    assert newest is not None
    enrolment.facts, enrolment.facts_from, enrolment.clause = newest.facts, newest.from_month, newest.clause
    _save_enrolment(actor, enrolment, before)
    return enrolment


# --- suspend, resume, stop --------------------------------------------------------------------------


def _reason_missing() -> ApplicationError:
    return ApplicationError("reason.required", _("Give the reason."), field="reason")


def _decide(
    actor: Actor, enrolment: Enrolment, kind: str, decision: DecisionData, month: dt.date, **extra: Any
) -> tuple[dict[str, Any], Decision]:
    """The enrolment as it was (for the audit) and the decision that changes it, recorded."""
    before = audit.snapshot(enrolment, ENROLMENT_AUDIT_FIELDS)
    signed = _create_decision(
        actor=actor,
        person=enrolment.person,
        enrolment=enrolment,
        regime=enrolment.regime,
        kind=kind,
        data=decision,
        effective_month=month,
        **extra,
    )
    return before, signed


@transaction.atomic
def enrolment_suspend(
    *,
    actor: Actor,
    enrolment: Enrolment | int,
    decision: DecisionData,
    reason: str = "",
    expected_version: int | None = None,
) -> Enrolment:
    """Suspend payment from the decision's effective month until a resumption (those months are not paid)."""
    require(actor, "benefits.change")
    enrolment = _lock_enrolment(actor, enrolment, expected_version)
    reason = (reason or decision.reason).strip()
    errors = _decision_checks(decision)
    if not reason:
        errors.append(_reason_missing())
    _raise_if(errors)
    _refuse_stopped(enrolment)
    if enrolment.status == EnrolmentStatus.SUSPENDED:
        raise Conflict("enrolment.already_suspended", _("This enrolment is already suspended."))
    month = decision.effective_month
    assert month is not None
    last = enrolment.suspensions.exclude(to_month__isnull=True).order_by("-to_month").first()
    earliest = enrolment.start_month
    if last is not None and last.to_month is not None:
        earliest = max(earliest, periods.add_months(last.to_month, 1))
    if month < earliest:
        raise _month_error(
            "effective_month.too_early",
            _("A suspension can take effect from %(month)s at the earliest.")
            % {"month": periods.month_label(earliest)},
        )
    before, signed = _decide(actor, enrolment, DecisionKind.SUSPEND, decision, month, reason=reason)
    Suspension.objects.create(enrolment=enrolment, from_month=month, reason=reason[:200], decision=signed)
    enrolment.status = EnrolmentStatus.SUSPENDED
    _save_enrolment(actor, enrolment, before)
    return enrolment


@transaction.atomic
def enrolment_resume(
    *, actor: Actor, enrolment: Enrolment | int, decision: DecisionData, expected_version: int | None = None
) -> Enrolment:
    """Pay again from the decision's effective month; the suspension covers the months before it."""
    require(actor, "benefits.change")
    enrolment = _lock_enrolment(actor, enrolment, expected_version)
    _raise_if(_decision_checks(decision))
    _refuse_stopped(enrolment)
    suspension = enrolment.suspensions.filter(to_month__isnull=True).order_by("-from_month").first()
    if enrolment.status != EnrolmentStatus.SUSPENDED or suspension is None:
        raise Conflict("enrolment.not_suspended", _("This enrolment is not suspended."))
    month = decision.effective_month
    assert month is not None
    if month < suspension.from_month:
        raise _month_error(
            "effective_month.before_suspension",
            _("The suspension began in %(month)s; payment cannot resume before it.")
            % {"month": periods.month_label(suspension.from_month)},
        )
    before, signed = _decide(actor, enrolment, DecisionKind.RESUME, decision, month)
    # Resuming in the month the suspension began leaves an empty range (to_month < from_month): no month lost.
    suspension.to_month = periods.add_months(month, -1)
    suspension.resume_decision = signed
    suspension.save(update_fields=["to_month", "resume_decision"])
    enrolment.status = EnrolmentStatus.ACTIVE
    _save_enrolment(actor, enrolment, before)
    return enrolment


@transaction.atomic
def enrolment_stop(
    *,
    actor: Actor,
    enrolment: Enrolment | int,
    decision: DecisionData,
    last_month: dt.date,
    reason: str = "",
    expected_version: int | None = None,
) -> Enrolment:
    """Stop an enrolment: `last_month` is the last month paid; the decision takes effect the month after.

    A last month before the first (stopped before it began) leaves no month payable.
    """
    require(actor, "benefits.change")
    enrolment = _lock_enrolment(actor, enrolment, expected_version)
    reason = (reason or decision.reason).strip()
    errors = _decision_checks(decision, need_effective=False)
    if last_month is None:
        errors.append(
            ApplicationError("last_month.required", _("Enter the last month paid."), field="last_month")
        )
    if not reason:
        errors.append(_reason_missing())
    _raise_if(errors)
    _refuse_stopped(enrolment)
    last_month = periods.month_of(last_month)
    if last_month < periods.add_months(enrolment.start_month, -1):
        raise _month_error(
            "last_month.before_start",
            _(
                "The enrolment begins in %(month)s; the last month paid cannot be earlier than the month "
                "before."
            )
            % {"month": periods.month_label(enrolment.start_month)},
            name="last_month",
        )
    after_last = periods.add_months(last_month, 1)
    before, signed = _decide(actor, enrolment, DecisionKind.STOP, decision, after_last, reason=reason)
    enrolment.end_month = last_month
    enrolment.status = EnrolmentStatus.STOPPED
    enrolment.end_decision = signed
    _save_enrolment(actor, enrolment, before)
    return enrolment


# --- death ------------------------------------------------------------------------------------------


def _death_date_errors(person: Person, death_date: dt.date | None) -> list[ApplicationError]:
    if death_date is None:
        return [ApplicationError("death_date.required", _("Enter the date of death."), field="death_date")]
    if death_date > clock.today():
        return [
            ApplicationError(
                "death_date.future", _("The date of death is in the future."), field="death_date"
            )
        ]
    if death_date < inputs.birth_date_of(person) or death_date.year < person.birth_year:
        return [
            ApplicationError(
                "death_date.before_birth", _("The date of death is before the birth."), field="death_date"
            )
        ]
    return []


def _mark_deceased(actor: Actor, person: Person, death_date: dt.date) -> Person:
    """Through the registry's own service, so the person's record, search and audit stay in step."""
    data = PersonData(
        full_name=person.full_name,
        personal_id=person.personal_id or "",
        birth_date=person.birth_date,
        birth_year=None if person.birth_date else person.birth_year,
        sex=person.sex,
        ethnicity=person.ethnicity,
        commune_id=person.commune_id,
        address_detail=person.address_detail,
        phone=person.phone,
        bank_code=person.bank_code,
        bank_account=person.bank_account,
        status=LifeStatus.DECEASED,
        death_date=death_date,
    )
    return registry_services.person_update(actor=actor, person_id=person.pk, data=data)


def _funeral_choice(
    receiving: list[Enrolment], death_date: dt.date, params: law.Params
) -> tuple[Enrolment, Result] | None:
    """Funeral support is owed once, under the regime that gives the most (Decree 20/2021 Art. 11:
    "only the highest if several documents apply")."""
    best: tuple[Enrolment, Result] | None = None
    for enrolment in receiving:
        result = entitlement.funeral_result(
            regime=enrolment.regime, death_date=death_date, province=enrolment.province_code, params=params
        )
        better = best is None or result.monthly_amount > best[1].monthly_amount
        if result.eligible and result.monthly_amount > 0 and better:
            best = (enrolment, result)
    return best


@transaction.atomic
def death_record(
    *,
    actor: Actor,
    person: Person | int,
    death_date: dt.date,
    decision: DecisionData | None = None,
    payee_name: str = "",
) -> DeathOutcome:
    """Record a death: the person is marked deceased, every enrolment stops after the month of death
    (end_month = that month), and a beneficiary's funeral support is owed the month after.

    Idempotent: recording the same death again changes nothing and returns what was recorded.
    A decision is needed when there is something to stop or to pay.
    """
    require(actor, "benefits.change", "registry.change")
    person = _lock_person(actor, person)
    _raise_if(_death_date_errors(person, death_date))
    if person.status == LifeStatus.DECEASED and person.death_date != death_date:
        raise Conflict(
            "person.death_date_differs",
            _(
                "This person is already recorded as deceased on another date; correct the person's "
                "record first."
            ),
            field="death_date",
        )
    month = periods.month_of(death_date)
    enrolments = list(_locked_enrolments(Enrolment.objects.filter(person=person)))
    to_stop = [e for e in enrolments if e.end_month is None or e.end_month > month]
    receiving = [
        e for e in enrolments if e.start_month <= month and (e.end_month is None or e.end_month >= month)
    ]
    funeral = OneOffEntitlement.objects.filter(person=person, kind=OneOffKind.FUNERAL).first()
    params = law.current_params()
    choice = None if funeral else _funeral_choice(receiving, death_date, params)
    if (to_stop or choice) and decision is None:
        raise ValidationFailed(
            [ApplicationError("number.required", _("Enter the decision number."), field="number")]
        )
    if decision is not None and (to_stop or choice):
        _raise_if(_decision_checks(decision, need_effective=False))
    if person.status != LifeStatus.DECEASED:
        person = _mark_deceased(actor, person, death_date)
    if not (to_stop or choice):
        return DeathOutcome(person=person, decision=None, funeral=funeral)
    assert decision is not None
    primary = choice[0] if choice else to_stop[0]
    signed = _create_decision(
        actor=actor,
        person=person,
        enrolment=primary,
        regime=primary.regime,
        kind=DecisionKind.FUNERAL if choice else DecisionKind.STOP,
        data=decision,
        effective_month=periods.add_months(month, 1),
        reason=str(_("Death on %(date)s") % {"date": death_date.strftime("%d/%m/%Y")}),
    )
    for enrolment in to_stop:
        before = audit.snapshot(enrolment, ENROLMENT_AUDIT_FIELDS)
        enrolment.end_month = month
        enrolment.status = EnrolmentStatus.STOPPED
        enrolment.end_decision = signed
        _save_enrolment(actor, enrolment, before)
    if choice:
        funeral = _create_funeral(actor, choice, signed, death_date, payee_name)
    return DeathOutcome(person=person, decision=signed, stopped=to_stop, funeral=funeral)


def _create_funeral(
    actor: Actor, choice: tuple[Enrolment, Result], decision: Decision, death_date: dt.date, payee_name: str
) -> OneOffEntitlement:
    enrolment, result = choice
    one_off = OneOffEntitlement.objects.create(
        enrolment=enrolment,
        person_id=enrolment.person_id,
        kind=OneOffKind.FUNERAL,
        amount=result.monthly_amount,
        lines=[line.as_dict() for line in result.lines],
        due_month=periods.add_months(periods.month_of(death_date), 1),
        payee_name=payee_name.strip()[:120],
        decision=decision,
        commune=enrolment.commune,
        province_code=enrolment.province_code,
        created_by=user_of(actor),
        updated_by=user_of(actor),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=one_off,
        after=audit.snapshot(one_off, ONE_OFF_AUDIT_FIELDS),
    )
    return one_off


# --- move -------------------------------------------------------------------------------------------


def _target_commune(actor: Actor, person: Person, to_commune: AdminUnit | int | None) -> AdminUnit:
    def refuse(code: str, message: Any) -> ValidationFailed:
        return ValidationFailed([ApplicationError(code, message, field="to_commune")])

    unit = AdminUnit.objects.filter(
        pk=_pk(to_commune), level=Level.COMMUNE, structure=Structure.REFORM_2025, valid_to__isnull=True
    ).first()
    if unit is None:
        raise refuse("to_commune.not_found", _("Commune not found."))
    if unit.pk == person.commune_id:
        raise refuse("to_commune.same", _("The person already lives in this commune."))
    if unit.province_code != person.province_code and actor.scope_level == "commune":
        raise refuse(
            "to_commune.other_province",
            _("Only a province officer can move a person to another province."),
        )
    return unit


@transaction.atomic
def person_move(
    *,
    actor: Actor,
    person: Person | int,
    to_commune: AdminUnit | int,
    from_month: dt.date,
    decision: DecisionData | None = None,
    expected_version: int | None = None,
) -> MoveOutcome:
    """A person moves to another commune (or province): the registry record moves, and so does the
    responsibility for every enrolment still running from `from_month`. Payments keep running.

    The actor needs the person in scope; only a province officer may move them to another province
    (the receiving province then sees them and their enrolments, the old commune no longer does).
    """
    require(actor, "benefits.change", "registry.change")
    person = _lock_person(actor, person)
    if expected_version is not None and expected_version != person.version:
        raise Conflict(
            "person.stale",
            _(
                "Someone else changed this record while you were editing. "
                "Reload it and apply your changes again."
            ),
        )
    errors: list[ApplicationError] = []
    if from_month is None:
        errors.append(
            ApplicationError("from_month.required", _("Enter the month of the move."), field="from_month")
        )
    _raise_if(errors)
    if person.status == LifeStatus.DECEASED:
        raise Refused("person.deceased", _("This person is recorded as deceased."))
    unit = _target_commune(actor, person, to_commune)
    from_month = periods.month_of(from_month)
    moving = list(_locked_enrolments(_covering(Enrolment.objects.filter(person=person), from_month)))
    if moving and decision is None:
        raise ValidationFailed(
            [ApplicationError("number.required", _("Enter the decision number."), field="number")]
        )
    if moving and decision is not None:
        _raise_if(_decision_checks(decision, need_effective=False))
    source = person.commune
    signed = None
    if moving:
        assert decision is not None
        signed = _create_decision(
            actor=actor,
            person=person,
            enrolment=moving[0],
            regime=moving[0].regime,
            kind=DecisionKind.MOVE,
            data=decision,
            effective_month=from_month,
            commune=source,
            facts={
                "from_commune": source.pk,
                "from_province": source.province_code,
                "to_commune": unit.pk,
                "to_province": unit.province_code,
                "enrolments": [e.pk for e in moving],
            },
        )
    person = registry_services.person_relocate(actor=actor, person=person, unit=unit)
    for enrolment in moving:
        before = audit.snapshot(enrolment, ENROLMENT_AUDIT_FIELDS)
        enrolment.commune = unit
        enrolment.province_code = unit.province_code
        _save_enrolment(actor, enrolment, before)
    return MoveOutcome(person=person, decision=signed, moved=moving)


# --- numbering a decision from the commune's register -------------------------------------------------

DECISION_SUBJECT = "benefits.decision"


def decision_subject(decision: Decision) -> Subject:
    """The register entry of a decision: the commune's People's Committee numbers its decisions (QĐ)."""
    return Subject(
        type=DECISION_SUBJECT,
        id=str(decision.pk),
        label=f"{decision.person.full_name} ({decision.get_kind_display()})"[:200],
        unit_code=decision.commune.code,
        kind="QĐ",
        symbol="QĐ-UBND",
        province_code=decision.province_code,
    )


@transaction.atomic
def decision_number_issue(*, actor: Actor, decision: Decision) -> Decision:
    """Give a decision recorded without a number the next number of its commune's register for the year it
    was signed ("12/QĐ-UBND") and store it on the decision; a decision that has a number keeps it.

    The decision row is locked first, so two prints at once give one number; numbers already recorded in
    the commune by hand are passed over. Only those who record decisions may take a number."""
    require(actor, "benefits.change")
    locked = scope.access(
        Decision.objects.select_for_update(of=("self",)).select_related("commune", "person"),
        actor,
        decision.pk,
        what="decision",
    )
    if locked.number:
        return locked
    issued = document_issue(
        actor=actor,
        subject=decision_subject(locked),
        day=locked.signed_on,
        taken=lambda number: _number_taken(locked.commune_id, number),
    )
    locked.number = f"{issued.number}/{issued.symbol}"
    locked.updated_by = user_of(actor)
    locked.save(update_fields=["number", "updated_by", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        object_label=f"{locked.number} {locked.person.full_name}"[:200],
        before={"number": ""},
        after={"number": locked.number},
    )
    return locked
