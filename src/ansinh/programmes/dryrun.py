"""The dry-run of a programme before launch: against the registry as it stands, how many persons or
households each policy would reach, at what cost, by province and commune, and how many each condition
leaves out. It only reads.

Every registry condition becomes one SQL filter (an `Exists` for the household's poverty status, an
enrolment, a job-seeker registration or a claim), so a policy is a handful of grouped counts whatever the
size of the registry: one for the qualifying units by commune, one per condition for those it leaves out.
Application facts (days suspended, contract type, …) cannot be known before anyone applies: the dry-run
lists them as checked at intake, and where the amount depends on them (days × rate, tiers) the cost is
the most it could be (the cap, the highest tier) and says so. Add-ons (pregnancy, children) depend on the
application too and are not counted.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from ansinh.core.actors import Actor
from ansinh.core.errors import NotFound
from ansinh.core.scope import require
from ansinh.programmes import rules
from ansinh.programmes.models import Policy, Programme
from ansinh.programmes.selectors import (
    actor_province,
    policy_def,
    programme_policies,
    province_amount,
    reference_date,
    standard_on,
)

Progress = Callable[..., None]


def _shift_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age_at_least(n: int, on: dt.date, prefix: str) -> Q:
    """Born on or before `on` less n years: aged n or more on `on` (birth year only: by the year)."""
    return Q(**{f"{prefix}birth_date__isnull": False, f"{prefix}birth_date__lte": _shift_years(on, n)}) | Q(
        **{f"{prefix}birth_date__isnull": True, f"{prefix}birth_year__lte": on.year - n}
    )


def _age_q(op: str, n: int, on: dt.date, prefix: str) -> Q:
    if op == "gte":
        return _age_at_least(n, on, prefix)
    if op == "gt":
        return _age_at_least(n + 1, on, prefix)
    if op == "lt":
        return ~_age_at_least(n, on, prefix)
    if op == "lte":
        return ~_age_at_least(n + 1, on, prefix)
    return _age_at_least(n, on, prefix) & ~_age_at_least(n + 1, on, prefix)


def _covering(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def _status_q(codes: tuple[str, ...], on: dt.date, unit: str, prefix: str) -> Q:
    from ansinh.poverty.models import PovertyStatus

    statuses = PovertyStatus.objects.filter(_covering(on))
    if unit == rules.HOUSEHOLD:
        statuses = statuses.filter(household=OuterRef("pk"))
    else:
        statuses = statuses.filter(
            Q(household__members__joined_on__isnull=True) | Q(household__members__joined_on__lte=on),
            Q(household__members__left_on__isnull=True) | Q(household__members__left_on__gt=on),
            household__members__person=OuterRef(f"{prefix}pk"),
        )
    wanted = [c for c in codes if c != "none"]
    q = Exists(statuses.filter(status__in=wanted)) if wanted else Q(pk__in=[])
    if "none" in codes:
        q = q | ~Exists(statuses)
    return q


def _enrolled_q(codes: tuple[str, ...], on: dt.date, prefix: str) -> Q:
    from ansinh.benefits.models import Enrolment
    from ansinh.core.periods import month_of
    from ansinh.unemployment.models import Claim

    month = month_of(on)
    regimes = [c for c in codes if c in ("social_assistance", "social_pension")]
    q = Q(pk__in=[])
    if regimes:
        enrolments = Enrolment.objects.filter(
            Q(end_month__isnull=True) | Q(end_month__gte=month),
            person=OuterRef(f"{prefix}pk"),
            regime__in=regimes,
            status__in=["active", "suspended"],
            start_month__lte=month,
        )
        q |= Exists(enrolments)
    if "unemployment_benefit" in codes:
        q |= Exists(Claim.objects.filter(person=OuterRef(f"{prefix}pk"), status="approved"))
    return q


def registry_q(
    condition: rules.ConditionDef, *, on: dt.date, window: tuple[dt.date, dt.date], unit: str
) -> Q:
    """The filter of one registry condition on the unit's rows (a household's person facts are its
    head's)."""
    from ansinh.labour.models import JobSeeker
    from ansinh.unemployment.models import Claim

    prefix = "head__" if unit == rules.HOUSEHOLD else ""
    fact, op, value = condition.fact, condition.op, condition.value
    if fact == "age":
        q = _age_q(op, int(value), on, prefix)
    elif fact == "household_status":
        q = _status_q(tuple(value), on, unit, prefix)
    elif fact == "residence":
        provinces = [c for c in value if len(c) == 2]
        communes = [c for c in value if len(c) == 5]
        q = Q(province_code__in=provinces) | Q(commune__code__in=communes)
    elif fact == "enrolled":
        q = _enrolled_q(tuple(value), on, prefix)
    elif fact == "job_seeker":
        q = Exists(JobSeeker.objects.filter(person=OuterRef(f"{prefix}pk"), status="active"))
    elif fact == "ui_claim":
        q = Exists(Claim.objects.filter(person=OuterRef(f"{prefix}pk"), status__in=list(value)))
    elif fact == "died_in_window":
        q = Q(**{f"{prefix}status": "deceased", f"{prefix}death_date__range": window})
    else:  # pragma: no cover - every registry fact is handled above
        raise ValueError(fact)
    if op in ("not_in", "is_false"):
        q = ~q
    if condition.province_code:  # a province's own criterion binds only in that province
        q = q | ~Q(province_code=condition.province_code)
    return q


def _base(unit: str, province_code: str | None, uses_death: bool) -> QuerySet[Any]:
    from ansinh.labour.models import Employer
    from ansinh.registry.models import Household, Person

    qs: QuerySet[Any]
    if unit == rules.PERSON:
        qs = Person.objects.live()
        if not uses_death:
            qs = qs.filter(status="alive")
    elif unit == rules.HOUSEHOLD:
        qs = Household.objects.all()
    else:
        qs = Employer.objects.filter(is_active=True)
    if province_code:
        qs = qs.filter(province_code=province_code)
    return qs


@dataclass(frozen=True)
class _Filter:
    label: str
    q: Q | None  # None: decided at intake (an application fact, or a group with one)


def _filters(
    policy: rules.PolicyDef, *, on: dt.date, window: tuple[dt.date, dt.date], unit: str
) -> list[_Filter]:
    """One filter per ungrouped condition and per group of conditions (any of them)."""
    out: list[_Filter] = []
    groups: dict[str, list[rules.ConditionDef]] = defaultdict(list)
    for condition in policy.conditions:
        if unit == rules.EMPLOYER and condition.fact != "residence" and rules.FACTS[condition.fact].registry:
            out.append(_Filter(rules.condition_text(condition), None))
            continue
        if condition.group:
            groups[condition.group].append(condition)
            continue
        registry = rules.FACTS[condition.fact].registry
        q = registry_q(condition, on=on, window=window, unit=unit) if registry else None
        out.append(_Filter(rules.condition_text(condition), q))
    for members in groups.values():
        label = _(" or ").join(rules.condition_text(c) for c in members)
        if all(rules.FACTS[c.fact].registry for c in members):
            q = Q(pk__in=[])
            for c in members:
                q |= registry_q(c, on=on, window=window, unit=unit)
            out.append(_Filter(label, q))
        else:
            out.append(_Filter(label, None))
    return out


def _unit_cost(
    policy: Policy, definition: rules.PolicyDef, province_code: str, on: dt.date
) -> tuple[int, bool]:
    """The most one unit could be paid in a province, and whether that is an upper bound."""
    rule = definition.amount
    upper = bool(rule.per_field) or rule.kind == rules.TIERED
    facts: dict[str, Any] = {}
    if rule.per_field:
        facts[rule.per_field] = rule.cap_quantity if rule.cap_quantity is not None else 1
    if rule.kind == rules.TIERED:
        facts[rule.tier_field] = max(q for q, _a in rule.tiers)
    amount, _lines, _provisional = rules.base_amount(
        rule,
        facts,
        standard=standard_on(on, province_code) if rule.kind == rules.STANDARD_MULTIPLE else None,
        province_amount=province_amount(policy, province_code),
    )
    return amount, upper


def _policy_run(policy: Policy, *, province_code: str | None, actor_scope: str | None) -> dict[str, Any]:
    from ansinh.geo.models import AdminUnit

    programme = policy.programme
    definition = policy_def(policy, list(policy.conditions.all()))
    on = reference_date(policy)
    window = (programme.event_from, programme.event_to)
    uses_death = any(c.fact == "died_in_window" for c in definition.conditions)
    base = _base(policy.unit, province_code, uses_death)
    filters = _filters(definition, on=on, window=window, unit=policy.unit)
    eligible = base
    for f in filters:
        if f.q is not None:
            eligible = eligible.filter(f.q)
    rows = list(
        eligible.values("province_code", "commune_id")
        .annotate(n=Count("pk"))
        .order_by("province_code", "commune_id")
    )
    names = dict(AdminUnit.objects.filter(pk__in={r["commune_id"] for r in rows}).values_list("pk", "name"))
    provinces = dict(
        AdminUnit.objects.filter(level="province", code__in={r["province_code"] for r in rows}).values_list(
            "code", "name"
        )
    )
    costs: dict[str, tuple[int, bool]] = {}
    by_commune, by_province = [], {}
    upper_bound = False
    for row in rows:
        code = row["province_code"]
        if code not in costs:
            costs[code] = _unit_cost(policy, definition, code, on)
        unit_cost, upper = costs[code]
        upper_bound = upper_bound or upper
        cost = unit_cost * row["n"]
        by_commune.append(
            {
                "province_code": code,
                "commune_id": row["commune_id"],
                "name": names.get(row["commune_id"], ""),
                "count": row["n"],
                "cost": cost,
            }
        )
        cell = by_province.setdefault(
            code, {"province_code": code, "name": provinces.get(code, ""), "count": 0, "cost": 0}
        )
        cell["count"] += row["n"]
        cell["cost"] += cost
    base_count = base.count()
    left_out = [
        {"condition": f.label, "count": base.exclude(f.q).count() if f.q is not None else None}
        for f in filters
    ]
    return {
        "policy_id": policy.pk,
        "code": policy.code,
        "name": policy.name,
        "unit": policy.unit,
        "citation": policy.citation,
        "provisional": policy.provisional,
        "reference_date": on.isoformat(),
        "population": base_count,
        "count": sum(r["count"] for r in by_commune),
        "cost": sum(r["cost"] for r in by_commune),
        "cost_upper_bound": upper_bound,
        "amount_missing": sorted(code for code, (amount, _u) in costs.items() if amount == 0),
        "at_intake": [f["condition"] for f in left_out if f["count"] is None],
        "left_out": [f for f in left_out if f["count"] is not None],
        "by_province": sorted(by_province.values(), key=lambda c: c["province_code"]),
        "by_commune": by_commune,
    }


def dry_run(
    *,
    actor: Actor,
    programme: Programme,
    province_code: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Who a programme would reach and what it would cost, per policy, as the registry stands. A province
    actor runs it for the own province only; a national one for the nation or one province."""
    require(actor, "programmes.dryrun")
    scope = actor_province(actor)
    if scope is not None:
        if province_code and province_code != scope:
            raise NotFound("province")
        province_code = scope or "-"
    if programme.province_code:
        if province_code and province_code != programme.province_code:
            raise NotFound("province")
        province_code = programme.province_code
    started = time.monotonic()
    policies = programme_policies(actor=actor, programme=programme)
    results = []
    for done, policy in enumerate(policies):
        if progress:
            progress(done, len(policies), policy.name)
        results.append(_policy_run(policy, province_code=province_code or None, actor_scope=scope))
    if progress:
        progress(len(policies), len(policies), _("Done"), force=True)
    return {
        "programme_id": programme.pk,
        "programme": programme.name,
        "province_code": province_code or None,
        "policies": results,
        "total_count": sum(r["count"] for r in results),
        "total_cost": sum(r["cost"] for r in results),
        "budget": programme.budget,
        "seconds": round(time.monotonic() - started, 3),
    }
