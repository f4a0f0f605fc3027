"""Writes of the merit allowance: the decisions that enrol a person with merit and the life events of
Decree 131/2021/NĐ-CP. Each is a decision with its number, date and basis (căn cứ), written with its audit
events in one transaction, through the actor's scope (a record out of scope reads as not found).

The months themselves are the payment cycles' to pay: these services only say who is owed what from
which month (an enrolment's start and end, its facts history, its suspensions), exactly as the benefits
services do; a change that reaches back into months already paid is settled by the next cycle (arrears,
difference lines, or an overpayment listed for a decision).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ansinh.accounts.models import user_of
from ansinh.benefits import inputs as benefit_inputs
from ansinh.benefits import services as benefit_services
from ansinh.benefits.inputs import ChannelData, DecisionData
from ansinh.benefits.models import (
    Decision,
    DecisionKind,
    Enrolment,
    EnrolmentFacts,
    EnrolmentStatus,
    OneOffEntitlement,
)
from ansinh.benefits.rules.base import FactsError
from ansinh.core import audit, clock, periods
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict, ValidationFailed
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.geo.models import AdminUnit, Level, Structure
from ansinh.merit.allowance import facts as merit_facts
from ansinh.merit.models import Category, MartyrRelative, MeritRecord, RecordStatus, Relation
from ansinh.merit.services import RECORD_AUDIT_FIELDS, _lock_record
from ansinh.payments.models import DEAD_STATUSES, LineKind, PaymentLine
from ansinh.registry import resolve
from ansinh.registry import services as registry_services
from ansinh.registry.models import LifeStatus, Person

REGIME = merit_facts.REGIME
FIRST_MONTH = dt.date(2021, 7, 1)  # Ordinance 02/2020/UBTVQH14 in force (Art. 57)
MAX_BASIS = 300


class Refused(ApplicationError):
    status = 422


@dataclass
class DeathOutcome:
    decision: Decision | None
    stopped: list[Enrolment] = field(default_factory=list)
    funeral: OneOffEntitlement | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class RecoveryOutcome:
    """A decision that ends or lowers an allowance from a past month: the months paid since, to recover."""

    decision: Decision
    enrolment: Enrolment
    recovery: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recovery_total(self) -> int:
        return sum(item["amount"] for item in self.recovery)


# --- shared -------------------------------------------------------------------------------------------


def _raise_if(errors: list[ApplicationError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def _decision_errors(
    decision: DecisionData, basis: str, *, need_effective: bool = True
) -> list[ApplicationError]:
    """A merit decision always has its number, date, signer and basis (căn cứ)."""
    errors = benefit_inputs.decision_errors(decision, today=clock.today(), need_effective=need_effective)
    if not (basis or "").strip():
        errors.append(
            ApplicationError("basis.required", _("Enter the basis (căn cứ) of the decision."), field="basis")
        )
    elif len(basis) > MAX_BASIS:
        errors.append(ApplicationError("basis.too_long", _("The basis is too long."), field="basis"))
    return errors


def _live_enrolment(record: MeritRecord) -> Enrolment | None:
    if record.enrolment_id is None:
        return None
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("commune")
        .get(pk=record.enrolment_id)
    )
    return None if enrolment.status == EnrolmentStatus.STOPPED else enrolment


def _require_enrolment(record: MeritRecord) -> Enrolment:
    enrolment = _live_enrolment(record)
    if enrolment is None:
        raise Conflict(
            "merit.no_allowance", _("No monthly allowance is being paid on this record."), field="record"
        )
    return enrolment


def _number_free(commune_id: int, number: str) -> None:
    if number and Decision.objects.filter(commune_id=commune_id, number=number).exists():
        raise ValidationFailed(
            [
                ApplicationError(
                    "number.taken",
                    _("A decision with this number is already recorded in this commune."),
                    field="number",
                )
            ]
        )


def _decision(
    *,
    actor: Actor,
    record: MeritRecord,
    enrolment: Enrolment | None,
    kind: str,
    data: DecisionData,
    basis: str,
    effective_month: dt.date,
    reason: str = "",
    facts: dict[str, Any] | None = None,
    commune: AdminUnit | None = None,
) -> Decision:
    unit = commune or (enrolment.commune if enrolment else record.person.commune)
    _number_free(unit.pk, data.number)
    decision = Decision(
        person_id=record.person_id,
        enrolment=enrolment,
        regime=REGIME,
        kind=kind,
        number=data.number,
        signed_on=data.signed_on,
        signer=data.signer,
        effective_month=effective_month,
        facts={"basis": basis.strip(), "merit_record": record.pk, **(facts or {})},
        reason=(reason or data.reason)[:300],
        commune=unit,
        province_code=enrolment.province_code if enrolment else record.province_code,
        created_by=user_of(actor),
        updated_by=user_of(actor),
    )
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        raise _number_taken() from None
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=decision,
        after=audit.snapshot(decision, benefit_services.DECISION_AUDIT_FIELDS),
    )
    return decision


def _number_taken() -> ValidationFailed:
    return ValidationFailed(
        [
            ApplicationError(
                "number.taken",
                _("A decision with this number is already recorded in this commune."),
                field="number",
            )
        ]
    )


def _save_enrolment(actor: Actor, enrolment: Enrolment, before: dict[str, Any]) -> None:
    enrolment.version += 1
    enrolment.updated_by = user_of(actor)
    enrolment.save()
    changed_before, changed_after = audit.diff(
        before, audit.snapshot(enrolment, benefit_services.ENROLMENT_AUDIT_FIELDS)
    )
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=enrolment, before=changed_before, after=changed_after
    )


def _set_status(actor: Actor, record: MeritRecord, status: str, since: dt.date, **changes: Any) -> None:
    before = audit.snapshot(record, RECORD_AUDIT_FIELDS)
    record.status, record.status_from = status, max(since, record.decision_date)
    for name, value in changes.items():
        setattr(record, name, value)
    record.version += 1
    record.updated_by = user_of(actor)
    record.save()
    changed_before, changed_after = audit.diff(before, audit.snapshot(record, RECORD_AUDIT_FIELDS))
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=record, before=changed_before, after=changed_after
    )


def _assess(facts: dict[str, Any], record: MeritRecord, month: dt.date, province: str) -> Any:
    """Strict: facts the law refuses, or under which nothing is due in `month`, are refused."""
    try:
        merit_facts.check(facts, month)
    except FactsError as exc:
        raise Refused("enrolment.facts_contradict", exc.message, field=exc.field) from None
    result = merit_facts.month_result(facts, person=record.person, month=month, province=province)
    if not result.eligible or result.monthly_amount <= 0:
        raise Refused(
            "enrolment.not_eligible",
            _("No monthly allowance is due in %(month)s: %(reasons)s")
            % {"month": periods.month_label(month), "reasons": " ".join(str(n) for n in result.notes)},
        )
    return result


def _paid_since(enrolment: Enrolment, month: dt.date) -> list[dict[str, Any]]:
    """The months from `month` on that payment lines already carry money for (live lines)."""
    rows = (
        PaymentLine.objects.filter(
            enrolment_id=enrolment.pk,
            for_month__gte=month,
            kind__in=[LineKind.MONTHLY, LineKind.DIFFERENCE],
        )
        .exclude(status__in=DEAD_STATUSES)
        .order_by("for_month", "kind", "attempt")
        .values_list("for_month", "amount", "reference")
    )
    return [{"month": m.isoformat(), "amount": int(a), "reference": ref} for m, a, ref in rows]


# --- enrol --------------------------------------------------------------------------------------------


@transaction.atomic
def allowance_enrol(
    *,
    actor: Actor,
    record_id: Any,
    decision: DecisionData,
    basis: str,
    declared: dict[str, Any] | None = None,
    channel: ChannelData | None = None,
) -> Enrolment:
    """Decide the monthly allowance of a record from the decision's effective month: a benefits enrolment of
    regime "merit" in the managing province, its facts built from the record (`facts.record_facts`).

    Refused: a record not active, a deceased or merged person, an effective month before the recognition
    or before 07/2021, a second live merit enrolment of the person, facts the law refuses or under which
    nothing is due."""
    require(actor, "merit.change", "benefits.change")
    record = _lock_record(actor, record_id)
    person = Person.objects.select_for_update(of=("self",)).select_related("commune").get(pk=record.person_id)
    resolve.refuse_merged(person)
    channel = channel or ChannelData()
    errors = _decision_errors(decision, basis)
    errors.extend(benefit_inputs.channel_errors(channel, person=person))
    month = decision.effective_month
    if month is not None and month < max(FIRST_MONTH, periods.month_of(record.decision_date)):
        errors.append(
            ApplicationError(
                "effective_month.too_early",
                _("The allowance can start at the earliest in %(month)s (the recognition, and 07/2021).")
                % {"month": periods.month_label(max(FIRST_MONTH, periods.month_of(record.decision_date)))},
                field="effective_month",
            )
        )
    _raise_if(errors)
    assert month is not None
    if person.status == LifeStatus.DECEASED:
        raise Refused("person.deceased", _("This person is recorded as deceased."))
    if record.status != RecordStatus.ACTIVE:
        raise Conflict("merit.record_not_active", _("This record is not active."), field="record")
    if (
        Enrolment.objects.filter(person=person, regime=REGIME)
        .exclude(status=EnrolmentStatus.STOPPED)
        .exists()
    ):
        raise Conflict(
            "enrolment.double",
            _("This person already receives a monthly merit allowance: change that one instead."),
        )
    facts = merit_facts.record_facts(record, month, declared)
    result = _assess(facts, record, month, record.province_code)
    enrolment = Enrolment(
        person=person,
        regime=REGIME,
        clause="",
        facts=facts,
        facts_from=month,
        start_month=month,
        status=EnrolmentStatus.ACTIVE,
        channel=channel.channel,
        cash_reason=channel.cash_reason,
        wallet_provider=channel.wallet_provider,
        wallet_account=channel.wallet_account,
        commune=person.commune,
        province_code=record.province_code,
        created_by=user_of(actor),
        updated_by=user_of(actor),
    )
    _number_free(person.commune_id, decision.number)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        raise Conflict(
            "enrolment.double",
            _("This person already receives a monthly merit allowance: change that one instead."),
        ) from None
    signed = _decision(
        actor=actor,
        record=record,
        enrolment=enrolment,
        kind=DecisionKind.ENROL,
        data=decision,
        basis=basis,
        effective_month=month,
        facts={"facts": facts, "monthly_amount": result.monthly_amount},
    )
    enrolment.decision = signed
    enrolment.save(update_fields=["decision"])
    EnrolmentFacts.objects.create(enrolment=enrolment, from_month=month, facts=facts, decision=signed)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=enrolment,
        after=audit.snapshot(enrolment, benefit_services.ENROLMENT_AUDIT_FIELDS),
    )
    before = audit.snapshot(record, RECORD_AUDIT_FIELDS)
    record.enrolment = enrolment
    record.save(update_fields=["enrolment", "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=record, before=before, after={"enrolment": enrolment.pk}
    )
    return enrolment


# --- new facts from a month -------------------------------------------------------------------------------


def _new_facts(
    actor: Actor,
    record: MeritRecord,
    enrolment: Enrolment,
    facts: dict[str, Any],
    month: dt.date,
    signed: Decision,
) -> None:
    """The enrolment's facts from `month` (the history keeps the earlier months' facts)."""
    if month < enrolment.facts_from:
        raise Conflict(
            "effective_month.before_facts",
            _("Facts from %(month)s are already in force; a change can take effect from that month on.")
            % {"month": periods.month_label(enrolment.facts_from)},
            field="effective_month",
        )
    before = audit.snapshot(enrolment, benefit_services.ENROLMENT_AUDIT_FIELDS)
    EnrolmentFacts.objects.update_or_create(
        enrolment=enrolment, from_month=month, defaults={"facts": facts, "clause": "", "decision": signed}
    )
    enrolment.facts, enrolment.facts_from = facts, month
    _save_enrolment(actor, enrolment, before)


@transaction.atomic
def assessment_decide(
    *,
    actor: Actor,
    record_id: Any,
    assessment: Any,
    decision: DecisionData,
    basis: str,
) -> Any:
    """A new injury assessment (giám định lại) with the decision that applies it: the rate changes the
    amount from the month of the assessment (arrears or a difference for months already paid; a lower
    amount for months paid is listed by the cycle for recovery)."""
    from ansinh.merit.services import assessment_record

    require(actor, "merit.change", "benefits.change")
    record = _lock_record(actor, record_id)
    _raise_if(_decision_errors(decision, basis, need_effective=False))
    enrolment = _require_enrolment(record)
    created = assessment_record(actor=actor, record_id=record.pk, data=assessment)
    month = max(periods.month_of(created.assessed_on), enrolment.start_month)
    if enrolment.end_month is not None and month > enrolment.end_month:
        raise Conflict("enrolment.stopped", _("The allowance has ended before this assessment."))
    facts = merit_facts.record_facts(record, month, enrolment.facts)
    try:
        merit_facts.check(facts, month)
    except FactsError as exc:
        raise Refused("enrolment.facts_contradict", exc.message, field=exc.field) from None
    signed = _decision(
        actor=actor,
        record=record,
        enrolment=enrolment,
        kind=DecisionKind.ADJUST,
        data=decision,
        basis=basis,
        effective_month=month,
        facts={"assessment": created.pk, "injury_rate": created.rate, "facts": facts},
        reason=_("New injury assessment of %(date)s: %(rate)s %%")
        % {"date": created.assessed_on.strftime("%d/%m/%Y"), "rate": created.rate},
    )
    _new_facts(actor, record, enrolment, facts, month, signed)
    return created


# --- suspension, resumption, termination --------------------------------------------------------------


@transaction.atomic
def allowance_suspend(
    *, actor: Actor, record_id: Any, decision: DecisionData, basis: str, reason: str
) -> Enrolment:
    """Suspend the allowance from the decision's effective month, with a reason (Decree 131/2021)."""
    require(actor, "merit.change", "benefits.change")
    record = _lock_record(actor, record_id)
    _raise_if(_decision_errors(decision, basis))
    enrolment = _require_enrolment(record)
    enrolment = benefit_services.enrolment_suspend(
        actor=actor, enrolment=enrolment, decision=decision, reason=reason
    )
    _tag_last_decision(enrolment, record, basis)
    assert decision.effective_month is not None
    _set_status(actor, record, RecordStatus.SUSPENDED, decision.effective_month)
    return enrolment


@transaction.atomic
def allowance_resume(*, actor: Actor, record_id: Any, decision: DecisionData, basis: str) -> Enrolment:
    require(actor, "merit.change", "benefits.change")
    record = _lock_record(actor, record_id)
    _raise_if(_decision_errors(decision, basis))
    enrolment = _require_enrolment(record)
    enrolment = benefit_services.enrolment_resume(actor=actor, enrolment=enrolment, decision=decision)
    _tag_last_decision(enrolment, record, basis)
    assert decision.effective_month is not None
    _set_status(actor, record, RecordStatus.ACTIVE, decision.effective_month)
    return enrolment


@transaction.atomic
def allowance_terminate(
    *, actor: Actor, record_id: Any, decision: DecisionData, basis: str, last_month: dt.date, reason: str
) -> RecoveryOutcome:
    """End the allowance after `last_month`, with a reason; months paid after it are listed for recovery."""
    require(actor, "merit.change", "benefits.change")
    record = _lock_record(actor, record_id)
    _raise_if(_decision_errors(decision, basis, need_effective=False))
    enrolment = _require_enrolment(record)
    enrolment = benefit_services.enrolment_stop(
        actor=actor, enrolment=enrolment, decision=decision, last_month=last_month, reason=reason
    )
    recovery = _paid_since(enrolment, periods.add_months(periods.month_of(last_month), 1))
    signed = _tag_last_decision(enrolment, record, basis, recovery=recovery)
    _set_status(actor, record, RecordStatus.TERMINATED, periods.add_months(periods.month_of(last_month), 1))
    return RecoveryOutcome(decision=signed, enrolment=enrolment, recovery=recovery)


def _tag_last_decision(enrolment: Enrolment, record: MeritRecord, basis: str, **extra: Any) -> Decision:
    """The benefits service wrote the decision; it carries the merit basis and record too."""
    signed = Decision.objects.filter(enrolment=enrolment).order_by("-id").first()
    assert signed is not None
    signed.facts = {**signed.facts, "basis": basis.strip(), "merit_record": record.pk, **extra}
    signed.save(update_fields=["facts", "updated_at"])
    return signed


# --- a martyr's spouse who remarries ------------------------------------------------------------------


@transaction.atomic
def spouse_remarried(
    *, actor: Actor, record_id: Any, married_on: dt.date | None, decision: DecisionData, basis: str
) -> RecoveryOutcome:
    """A martyr's spouse who remarries: the spouse's link stops counting from the month of the marriage. With
    no other martyr left the allowance stops from that month (the last month paid is the one before);
    otherwise it continues for the others. Months paid from the marriage on are listed for recovery."""
    require(actor, "merit.change", "benefits.change")
    record = _lock_record(actor, record_id)
    errors = _decision_errors(decision, basis, need_effective=False)
    if married_on is None:
        errors.append(
            ApplicationError("married_on.required", _("Enter the date of the marriage."), field="married_on")
        )
    elif married_on > clock.today():
        errors.append(
            ApplicationError(
                "married_on.future", _("The date of the marriage is in the future."), field="married_on"
            )
        )
    _raise_if(errors)
    assert married_on is not None
    if record.category != Category.MARTYR_RELATIVE:
        raise Conflict("merit.not_a_spouse", _("This record is not a martyr's relative's."), field="record")
    links = list(
        MartyrRelative.objects.select_for_update().filter(
            person_id=record.person_id, relation=Relation.SPOUSE, remarried_on__isnull=True
        )
    )
    if not links:
        raise Conflict(
            "merit.not_a_spouse", _("This person is not recorded as a martyr's spouse."), field="record"
        )
    enrolment = _require_enrolment(record)
    month = periods.month_of(married_on)
    if month < enrolment.start_month:
        month = enrolment.start_month
    for link in links:
        link.remarried_on = married_on
        link.save(update_fields=["remarried_on"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=link, after={"remarried_on": married_on.isoformat()}
        )
    remaining = merit_facts.martyr_count(record.person_id, month)
    reason = _("Remarried on %(date)s") % {"date": married_on.strftime("%d/%m/%Y")}
    if remaining == 0:
        enrolment = benefit_services.enrolment_stop(
            actor=actor,
            enrolment=enrolment,
            decision=decision,
            last_month=periods.add_months(month, -1),
            reason=reason,
        )
        recovery = _paid_since(enrolment, month)
        signed = _tag_last_decision(
            enrolment, record, basis, recovery=recovery, married_on=married_on.isoformat()
        )
        _set_status(actor, record, RecordStatus.TERMINATED, married_on)
        return RecoveryOutcome(decision=signed, enrolment=enrolment, recovery=recovery)
    facts = merit_facts.record_facts(record, month, enrolment.facts)
    result = _assess(facts, record, month, enrolment.province_code)
    recovery = _overpaid(enrolment, month, result.monthly_amount)
    signed = _decision(
        actor=actor,
        record=record,
        enrolment=enrolment,
        kind=DecisionKind.ADJUST,
        data=decision,
        basis=basis,
        effective_month=month,
        reason=reason,
        facts={"facts": facts, "recovery": recovery, "married_on": married_on.isoformat()},
    )
    _new_facts(actor, record, enrolment, facts, month, signed)
    return RecoveryOutcome(decision=signed, enrolment=enrolment, recovery=recovery)


def _overpaid(enrolment: Enrolment, month: dt.date, due: int) -> list[dict[str, Any]]:
    """Per month paid from `month` on: what was paid above `due` (a month's lines summed)."""
    per_month: dict[str, int] = {}
    for item in _paid_since(enrolment, month):
        per_month[item["month"]] = per_month.get(item["month"], 0) + item["amount"]
    return [{"month": m, "amount": paid - due} for m, paid in sorted(per_month.items()) if paid > due]


# --- death --------------------------------------------------------------------------------------------


def _survivor_notes(record: MeritRecord) -> list[str]:
    """What the tables held do not pay on a death, said on the decision (Decree 131/2021)."""
    notes = [
        _(
            "Survivor allowances (trợ cấp tuất) of the relatives named by Ordinance 02/2020 and the one-off "
            "allowance to the relatives are not in the allowance tables held: decide them by a separate "
            "decision."
        )
    ]
    if record.category == Category.HEROIC_MOTHER:
        notes.append(_("The caregiver allowance of the Heroic Mother stops with the allowance."))
    return notes


@transaction.atomic
def merit_death(
    *,
    actor: Actor,
    record_id: Any,
    death_date: dt.date | None,
    decision: DecisionData,
    basis: str,
    payee_name: str = "",
) -> DeathOutcome:
    """A death: the allowance stops from the next month (the month of death is paid), the funeral allowance
    is owed to whoever organises the funeral (paid by the next cycle, once, under the regime that gives
    the most), the person's merit records are closed as deceased."""
    require(actor, "merit.change", "benefits.change", "registry.change")
    record = _lock_record(actor, record_id)
    errors = _decision_errors(decision, basis, need_effective=False)
    if death_date is None:
        errors.append(
            ApplicationError("death_date.required", _("Enter the date of death."), field="death_date")
        )
    _raise_if(errors)
    assert death_date is not None
    outcome = benefit_services.death_record(
        actor=actor, person=record.person_id, death_date=death_date, decision=decision, payee_name=payee_name
    )
    notes = _survivor_notes(record)
    if outcome.decision is not None:
        outcome.decision.facts = {
            **outcome.decision.facts,
            "basis": basis.strip(),
            "merit_record": record.pk,
            "notes": notes,
        }
        outcome.decision.save(update_fields=["facts", "updated_at"])
    for other in MeritRecord.objects.select_for_update().filter(
        person_id=record.person_id, status__in=[RecordStatus.ACTIVE, RecordStatus.SUSPENDED]
    ):
        _set_status(actor, other, RecordStatus.DECEASED, death_date)
    return DeathOutcome(
        decision=outcome.decision, stopped=outcome.stopped, funeral=outcome.funeral, notes=notes
    )


# --- transfer of the dossier -------------------------------------------------------------------------


def _target(actor: Actor, record: MeritRecord, to_commune: Any) -> AdminUnit:
    def refuse(code: str, message: Any) -> ValidationFailed:
        return ValidationFailed([ApplicationError(code, message, field="to_commune")])

    if actor.scope_level == "commune":
        raise refuse(
            "to_commune.other_province",
            _("Only a province officer can transfer a dossier to another province."),
        )
    unit = AdminUnit.objects.filter(
        pk=getattr(to_commune, "pk", to_commune),
        level=Level.COMMUNE,
        structure=Structure.REFORM_2025,
        valid_to__isnull=True,
    ).first()
    if unit is None:
        raise refuse("to_commune.not_found", _("Commune not found."))
    if unit.province_code == record.province_code:
        raise refuse("to_commune.same_province", _("The dossier is already managed by this province."))
    return unit


@transaction.atomic
def dossier_transfer(
    *,
    actor: Actor,
    record_id: Any,
    to_commune: Any,
    slip_month: dt.date | None,
    decision: DecisionData,
    basis: str,
) -> MeritRecord:
    """Transfer the dossier to another province (di chuyển hồ sơ): the old province pays up to the month on
    the transfer slip, the new one from the next month; the person moves to the new commune, the record's
    managing province (and with it scope) to the new province."""
    require(actor, "merit.change", "benefits.change", "registry.change")
    record = _lock_record(actor, record_id)
    errors = _decision_errors(decision, basis, need_effective=False)
    if slip_month is None:
        errors.append(
            ApplicationError(
                "slip_month.required",
                _("Enter the month paid up to on the transfer slip."),
                field="slip_month",
            )
        )
    _raise_if(errors)
    assert slip_month is not None
    slip_month = periods.month_of(slip_month)
    unit = _target(actor, record, to_commune)
    province = AdminUnit.objects.get(
        structure=Structure.REFORM_2025, level=Level.PROVINCE, code=unit.province_code, valid_to__isnull=True
    )
    person = Person.objects.select_for_update(of=("self",)).select_related("commune").get(pk=record.person_id)
    resolve.refuse_merged(person)
    if person.status == LifeStatus.DECEASED:
        raise Refused("person.deceased", _("This person is recorded as deceased."))
    old = _live_enrolment(record)
    next_month = periods.add_months(slip_month, 1)
    if old is not None and slip_month < periods.add_months(old.start_month, -1):
        raise ValidationFailed(
            [
                ApplicationError(
                    "slip_month.before_start", _("The allowance begins after that month."), field="slip_month"
                )
            ]
        )
    facts = {"from_province": record.province_code, "to_province": unit.province_code, "to_commune": unit.pk,
             "slip_month": slip_month.isoformat(), "old_enrolment": old.pk if old else None}  # fmt: skip
    signed = _decision(
        actor=actor,
        record=record,
        enrolment=old,
        kind=DecisionKind.MOVE,
        data=decision,
        basis=basis,
        effective_month=next_month,
        reason=_("Dossier transferred to another province"),
        facts=facts,
    )
    new = None
    if old is not None:
        before = audit.snapshot(old, benefit_services.ENROLMENT_AUDIT_FIELDS)
        old.end_month, old.status, old.end_decision = slip_month, EnrolmentStatus.STOPPED, signed
        _save_enrolment(actor, old, before)
        new = _continue_in(actor, old, unit, next_month, signed)
        signed.facts = {**signed.facts, "new_enrolment": new.pk}
        signed.save(update_fields=["facts"])
    if person.commune_id != unit.pk:
        registry_services.person_relocate(actor=actor, person=person, unit=unit)
    changes: dict[str, Any] = {"managing_province": province, "province_code": unit.province_code}
    if new is not None:
        changes["enrolment"] = new
    try:
        with transaction.atomic():
            _set_status(actor, record, record.status, record.status_from, **changes)
    except IntegrityError:
        raise ValidationFailed(
            [
                ApplicationError(
                    "dossier_number.taken",
                    _("The new province already has a dossier with this number."),
                    field="dossier_number",
                )
            ]
        ) from None
    return record


def _continue_in(
    actor: Actor, old: Enrolment, unit: AdminUnit, month: dt.date, signed: Decision
) -> Enrolment:
    """The same allowance, facts and channel, paid by the new province from `month`."""
    suspended = old.suspensions.filter(to_month__isnull=True).exists()
    new = Enrolment.objects.create(
        person_id=old.person_id,
        regime=REGIME,
        clause="",
        facts=old.facts,
        facts_from=max(month, old.facts_from),
        start_month=month,
        status=EnrolmentStatus.SUSPENDED if suspended else EnrolmentStatus.ACTIVE,
        decision=signed,
        channel=old.channel,
        cash_reason=old.cash_reason,
        wallet_provider=old.wallet_provider,
        wallet_account=old.wallet_account,
        commune=unit,
        province_code=unit.province_code,
        created_by=user_of(actor),
        updated_by=user_of(actor),
    )
    EnrolmentFacts.objects.create(enrolment=new, from_month=new.facts_from, facts=new.facts, decision=signed)
    if suspended:
        new.suspensions.create(
            from_month=month, reason=str(_("Suspended before the transfer"))[:200], decision=signed
        )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=new,
        after=audit.snapshot(new, benefit_services.ENROLMENT_AUDIT_FIELDS),
    )
    return new


__all__ = [
    "DeathOutcome",
    "RecoveryOutcome",
    "allowance_enrol",
    "allowance_resume",
    "allowance_suspend",
    "allowance_terminate",
    "assessment_decide",
    "dossier_transfer",
    "merit_death",
    "spouse_remarried",
]
