"""Writes of support programmes: load the packaged programmes, define a programme and its policies, and the
criteria and amount a province sets for itself. Every write is audited.

Who may write what: the ministry (a national actor) defines national programmes and their national
conditions; a province officer defines the province's own programmes and, in a national programme, only
conditions and amounts carrying the province's code. Anything else is not found (another province's
programme) or refused.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ansinh.accounts.models import user_of
from ansinh.core import audit
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, PermissionDenied, field_error, raise_if_any
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.programmes import rules
from ansinh.programmes.models import (
    AmountTier,
    Condition,
    Confidence,
    Policy,
    Programme,
    ProgrammeStatus,
    ProvinceAmount,
    Unit,
)
from ansinh.programmes.selectors import actor_province

DATA = Path(__file__).resolve().parent / "data" / "programmes.json"


@dataclass
class ConditionData:
    fact: str
    op: str
    value: str = ""
    group: str = ""
    note: str = ""


@dataclass
class PolicyData:
    code: str
    name: str
    unit: str
    citation: str
    confidence: str
    amount_kind: str
    position: int = 0
    amount: int | None = None
    multiple: str | None = None
    tier_field: str = ""
    tiers: list[tuple[int, int]] = field(default_factory=list)
    per_field: str = ""
    cap_quantity: int | None = None
    pregnancy_addon: int = 0
    child_addon: int = 0
    exclusive_group: str = ""
    in_kind: str = ""
    reference_date: dt.date | None = None
    note: str = ""
    conditions: list[ConditionData] = field(default_factory=list)


@dataclass
class ProgrammeData:
    code: str
    name: str
    legal_basis: str
    event_from: dt.date
    event_to: dt.date
    apply_until: dt.date | None = None
    budget: int | None = None
    funding_source: str = ""
    status: str = ProgrammeStatus.DRAFT
    note: str = ""
    province_code: str = ""


# --- checks ---------------------------------------------------------------------------------------


def _check_programme(data: ProgrammeData) -> None:
    errors: list[ApplicationError] = []
    if not data.code.strip():
        errors.append(field_error("programme.code_required", _("Give the programme a code."), "code"))
    if not data.name.strip():
        errors.append(field_error("programme.name_required", _("Give the programme a name."), "name"))
    if not data.legal_basis.strip():
        errors.append(
            field_error(
                "programme.legal_basis_required", _("Cite the programme's legal basis."), "legal_basis"
            )
        )
    if data.event_to < data.event_from:
        errors.append(
            field_error("programme.window_order", _("The event window ends before it starts."), "event_to")
        )
    if data.apply_until is not None and data.apply_until < data.event_from:
        errors.append(
            field_error(
                "programme.deadline_order",
                _("The application deadline is before the event window starts."),
                "apply_until",
            )
        )
    if data.budget is not None and data.budget < 0:
        errors.append(field_error("programme.budget_negative", _("The budget cannot be negative."), "budget"))
    if data.status not in ProgrammeStatus.values:
        errors.append(field_error("programme.bad_status", _("Unknown programme status."), "status"))
    raise_if_any(errors)


def _amount_rule(data: PolicyData) -> rules.AmountRule:
    return rules.AmountRule(
        kind=data.amount_kind,
        amount=data.amount,
        multiple=rules.decimal_or_none(data.multiple),
        tiers=tuple(data.tiers),
        tier_field=data.tier_field,
        per_field=data.per_field,
        cap_quantity=data.cap_quantity,
        pregnancy_addon=data.pregnancy_addon,
        child_addon=data.child_addon,
    )


def _check_condition(data: ConditionData, index: int) -> ApplicationError | None:
    try:
        rules.parse_value(data.fact, data.op, data.value)
    except rules.RuleError as exc:
        return field_error(f"condition.{exc.field}", exc.message, f"conditions.{index}.{exc.field}")
    return None


def _check_policy(data: PolicyData) -> None:
    errors: list[ApplicationError] = []
    if not data.code.strip() or not data.name.strip():
        errors.append(field_error("policy.name_required", _("Give the policy a code and a name."), "name"))
    if data.unit not in Unit.values:
        errors.append(field_error("policy.bad_unit", _("Choose person, household or employer."), "unit"))
    if not data.citation.strip():
        errors.append(
            field_error("policy.citation_required", _("Cite the article of the policy."), "citation")
        )
    if data.confidence not in Confidence.values:
        errors.append(field_error("policy.bad_confidence", _("Unknown confidence."), "confidence"))
    try:
        rules.check_amount_rule(_amount_rule(data))
    except rules.RuleError as exc:
        errors.append(field_error(f"policy.{exc.field}", exc.message, exc.field))
    for index, condition in enumerate(data.conditions):
        error = _check_condition(condition, index)
        if error is not None:
            errors.append(error)
    raise_if_any(errors)


def may_define(actor: Actor | None, programme_province: str) -> None:
    """The ministry defines national programmes, a province its own."""
    if actor is None:  # the packaged loader
        return
    require(actor, "programmes.define")
    if (actor_province(actor) or "") != programme_province:
        raise PermissionDenied(
            _("A province defines only its own programmes; national ones are the ministry's.")
        )


# --- programmes and policies ----------------------------------------------------------------------


@transaction.atomic
def programme_create(*, actor: Actor, data: ProgrammeData) -> Programme:
    province = actor_province(actor)
    data.province_code = province or ""
    may_define(actor, data.province_code)
    _check_programme(data)
    if Programme.objects.filter(code=data.code).exists():
        raise field_error("programme.code_taken", _("Another programme has this code."), "code")
    programme = Programme.objects.create(**data.__dict__, created_by=user_of(actor))
    audit.record(actor=actor, action=AuditAction.CREATE, obj=programme, after=audit.snapshot(programme))
    return programme


@transaction.atomic
def programme_update(*, actor: Actor, programme: Programme, data: ProgrammeData) -> Programme:
    may_define(actor, programme.province_code)
    data.province_code = programme.province_code
    _check_programme(data)
    if Programme.objects.filter(code=data.code).exclude(pk=programme.pk).exists():
        raise field_error("programme.code_taken", _("Another programme has this code."), "code")
    before = audit.snapshot(programme)
    for name, value in data.__dict__.items():
        setattr(programme, name, value)
    programme.version += 1
    programme.save()
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=programme, before=before, after=audit.snapshot(programme)
    )
    return programme


def _write_policy(programme: Programme, data: PolicyData, policy: Policy | None) -> Policy:
    values = {
        "code": data.code,
        "name": data.name,
        "position": data.position,
        "unit": data.unit,
        "citation": data.citation,
        "confidence": data.confidence,
        "amount_kind": data.amount_kind,
        "amount": data.amount,
        "multiple": rules.decimal_or_none(data.multiple),
        "tier_field": data.tier_field if data.amount_kind == rules.TIERED else "",
        "per_field": data.per_field,
        "cap_quantity": data.cap_quantity,
        "pregnancy_addon": data.pregnancy_addon,
        "child_addon": data.child_addon,
        "exclusive_group": data.exclusive_group,
        "in_kind": data.in_kind,
        "reference_date": data.reference_date,
        "note": data.note,
    }
    if policy is None:
        policy = Policy.objects.create(programme=programme, **values)
    else:
        for name, value in values.items():
            setattr(policy, name, value)
        policy.save()
    policy.tiers.all().delete()
    if data.amount_kind == rules.TIERED:
        AmountTier.objects.bulk_create(
            AmountTier(policy=policy, from_quantity=q, amount=a) for q, a in data.tiers
        )
    # The national conditions are replaced; those a province set for itself stay.
    policy.conditions.filter(province_code="").delete()
    Condition.objects.bulk_create(
        Condition(
            policy=policy, position=i, fact=c.fact, op=c.op, value=c.value.strip(), group=c.group, note=c.note
        )
        for i, c in enumerate(data.conditions)
    )
    return policy


@transaction.atomic
def policy_save(
    *, actor: Actor, programme: Programme, data: PolicyData, policy: Policy | None = None
) -> Policy:
    """Create a policy, or replace one's definition (its national conditions included)."""
    may_define(actor, programme.province_code)
    _check_policy(data)
    clash = programme.policies.filter(code=data.code)
    if policy is not None:
        clash = clash.exclude(pk=policy.pk)
    if clash.exists():
        raise field_error("policy.code_taken", _("Another policy of this programme has this code."), "code")
    before = audit.snapshot(policy) if policy is not None else None
    policy = _write_policy(programme, data, policy)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=policy,
        province_code=programme.province_code,
        before=before,
        after={**audit.snapshot(policy), "conditions": [c.__dict__ for c in data.conditions]},
    )
    return policy


@transaction.atomic
def province_criteria_set(
    *,
    actor: Actor,
    policy: Policy,
    conditions: list[ConditionData],
    amount: int | None,
    citation: str,
) -> list[Condition]:
    """The criteria and amount a province sets for itself in a policy (Resolution 68 policy 12): replaces
    the province's earlier ones. Only a province officer sets them, for the own province."""
    require(actor, "programmes.define")
    province = actor_province(actor)
    if not province:
        raise PermissionDenied(_("Criteria set by a province are recorded by that province's officers."))
    errors = [e for i, c in enumerate(conditions) if (e := _check_condition(c, i)) is not None]
    if amount is not None and amount <= 0:
        errors.append(
            field_error("province_amount.not_positive", _("The amount must be above zero."), "amount")
        )
    if (amount is not None or conditions) and not citation.strip():
        errors.append(
            field_error("province_amount.citation_required", _("Cite the province's decision."), "citation")
        )
    raise_if_any(errors)
    before = {
        "conditions": list(
            policy.conditions.filter(province_code=province).values("fact", "op", "value", "group")
        ),
        "amount": list(policy.province_amounts.filter(province_code=province).values("amount", "citation")),
    }
    policy.conditions.filter(province_code=province).delete()
    rows = Condition.objects.bulk_create(
        Condition(
            policy=policy,
            position=100 + i,
            fact=c.fact,
            op=c.op,
            value=c.value.strip(),
            group=c.group,
            province_code=province,
            note=(c.note or citation)[:300],
        )
        for i, c in enumerate(conditions)
    )
    policy.province_amounts.filter(province_code=province).delete()
    if amount is not None:
        ProvinceAmount.objects.create(
            policy=policy, province_code=province, amount=amount, citation=citation, created_by=user_of(actor)
        )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=policy,
        province_code=province,
        before=before,
        after={"conditions": [c.__dict__ for c in conditions], "amount": amount, "citation": citation},
    )
    return rows


# --- the packaged programmes ----------------------------------------------------------------------


def _policy_data(raw: dict[str, Any]) -> PolicyData:
    conditions = [ConditionData(**c) for c in raw.get("conditions", [])]
    data = {k: v for k, v in raw.items() if k not in ("conditions", "tiers")}
    return PolicyData(
        **data, tiers=[(int(q), int(a)) for q, a in raw.get("tiers", [])], conditions=conditions
    )


def _programme_data(raw: dict[str, Any]) -> ProgrammeData:
    dates = {
        k: dt.date.fromisoformat(raw[k]) if raw.get(k) else None
        for k in ("event_from", "event_to", "apply_until")
    }
    values = {k: v for k, v in raw.items() if k not in ("policies", *dates)}
    return ProgrammeData(**values, **dates)  # type: ignore[arg-type]


@transaction.atomic
def programmes_load(*, actor: Actor | None = None, path: Path = DATA) -> dict[str, int]:
    """Load the packaged programmes (Resolution 68, emergency relief under Decree 20/2021 chapter III).
    Idempotent: a programme is found by its code and its policies by theirs; the packaged definition is
    written again, the criteria and amounts provinces set for themselves stay."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    counts = {"programmes": 0, "policies": 0}
    for raw in payload["programmes"]:
        data = _programme_data(raw)
        _check_programme(data)
        programme, created = Programme.objects.update_or_create(code=data.code, defaults=data.__dict__)
        if created:
            audit.record(
                actor=actor, action=AuditAction.CREATE, obj=programme, after=audit.snapshot(programme)
            )
        counts["programmes"] += 1
        for raw_policy in raw["policies"]:
            policy_data = _policy_data(raw_policy)
            _check_policy(policy_data)
            existing = programme.policies.filter(code=policy_data.code).first()
            _write_policy(programme, policy_data, existing)
            counts["policies"] += 1
    return counts
