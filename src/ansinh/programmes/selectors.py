"""Reads of support programmes, scoped: national programmes are seen by every role that may see programmes;
a province's own programme only by the province's officers (and its communes) and the national roles.
Out of scope is not found."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from ansinh.core.actors import Actor
from ansinh.core.errors import NotFound
from ansinh.core.scope import require
from ansinh.programmes import rules
from ansinh.programmes.models import Condition, Policy, Programme, ProvinceAmount


def actor_province(actor: Actor) -> str | None:
    """The province an actor works in ("" for none known), or None for a national actor."""
    if actor.scope_level is None:
        return None
    unit = actor.scope_unit
    return (unit.province_code or unit.code[:2]) if unit is not None else ""


def programme_list(*, actor: Actor, filters: dict[str, Any] | None = None) -> QuerySet[Programme]:
    require(actor, "programmes.view")
    qs = Programme.objects.annotate(policy_count=Count("policies"))
    province = actor_province(actor)
    if province is not None:
        qs = qs.filter(Q(province_code="") | Q(province_code=province or "-"))
    filters = filters or {}
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("q"):
        qs = qs.filter(Q(name__icontains=filters["q"]) | Q(code__icontains=filters["q"]))
    return qs.order_by("-event_from", "code")


def access_programme(*, actor: Actor, programme_id: Any) -> Programme:
    try:
        return programme_list(actor=actor).get(pk=programme_id)
    except (Programme.DoesNotExist, ValueError, TypeError):
        raise NotFound("programme") from None


def programme_policies(*, actor: Actor, programme: Programme) -> list[Policy]:
    """The policies with their tiers, conditions and province amounts the actor may see (a province
    officer sees the national rows and its own province's, not another province's criteria)."""
    province = actor_province(actor)
    conditions = Condition.objects.all()
    amounts = ProvinceAmount.objects.all()
    if province is not None:
        conditions = conditions.filter(Q(province_code="") | Q(province_code=province or "-"))
        amounts = amounts.filter(province_code=province or "-")
    return list(
        programme.policies.prefetch_related(
            "tiers",
            Prefetch("conditions", queryset=conditions),
            Prefetch("province_amounts", queryset=amounts),
        )
    )


def access_policy(*, actor: Actor, programme: Programme, policy_id: Any) -> Policy:
    try:
        return programme.policies.get(pk=policy_id)
    except (Policy.DoesNotExist, ValueError, TypeError):
        raise NotFound("policy") from None


def condition_def(condition: Condition) -> rules.ConditionDef:
    return rules.ConditionDef(
        fact=condition.fact,
        op=condition.op,
        value=rules.parse_value(condition.fact, condition.op, condition.value),
        group=condition.group,
        province_code=condition.province_code,
        note=condition.note,
    )


def policy_def(policy: Policy, conditions: list[Condition] | None = None) -> rules.PolicyDef:
    """The policy as the pure rules read it."""
    rows = conditions if conditions is not None else list(policy.conditions.all())
    return rules.PolicyDef(
        code=policy.code,
        name=policy.name,
        unit=policy.unit,
        citation=policy.citation,
        conditions=tuple(condition_def(c) for c in rows),
        amount=rules.AmountRule(
            kind=policy.amount_kind,
            amount=policy.amount,
            multiple=policy.multiple,
            tiers=tuple((t.from_quantity, t.amount) for t in policy.tiers.all()),
            tier_field=policy.tier_field,
            per_field=policy.per_field,
            cap_quantity=policy.cap_quantity,
            pregnancy_addon=policy.pregnancy_addon,
            child_addon=policy.child_addon,
        ),
        provisional=policy.provisional,
    )


def reference_date(policy: Policy) -> dt.date:
    return policy.reference_date or policy.programme.event_to


def standard_on(on: dt.date, province_code: str = "") -> rules.Standard | None:
    """The social-assistance standard level in force on a day (the province's own where higher)."""
    from ansinh.benefits.law import MissingParameter, current_params

    try:
        row = current_params().get("sa.standard", on, province_code or None)
    except MissingParameter:
        return None
    return rules.Standard(amount=int(row.value), citation=row.citation, provisional=row.provisional)


def province_amount(policy: Policy, province_code: str) -> rules.ProvinceAmount | None:
    row = next((a for a in policy.province_amounts.all() if a.province_code == province_code), None)
    if row is None:
        return None
    return rules.ProvinceAmount(
        amount=row.amount, citation=row.citation, provisional=row.confidence in ("reported", "unconfirmed")
    )


def policy_evaluate(
    *, actor: Actor, policy: Policy, facts: dict[str, Any], province_code: str = ""
) -> rules.Result:
    """One applicant's facts against a policy, at the amounts of the actor's province (or the one named
    by a national actor)."""
    province = actor_province(actor)
    where = (province if province is not None else province_code) or ""
    on = reference_date(policy)
    return rules.evaluate(
        policy_def(policy),
        facts,
        province_code=where,
        standard=standard_on(on, where),
        province_amount=province_amount(policy, where) if where else None,
    )
