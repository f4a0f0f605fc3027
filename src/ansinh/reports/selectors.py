"""Scoped reads of the reports app: which units an actor may report on, their figures and submissions.

Reports are about units, not rows, so scope is checked on the unit: a nation-wide user sees every unit,
a province officer their province and its communes, a commune officer their commune. A unit outside
scope raises the same NotFound as a unit that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ansinh.core.actors import Actor
from ansinh.core.errors import NotFound
from ansinh.core.scope import require
from ansinh.geo.models import AdminUnit, Structure, UnitLineage
from ansinh.reports import rules as report_rules
from ansinh.reports.models import LOCKED_STATUSES, Attachment, DataValue, PlanTarget, ReportSubmission
from ansinh.reports.periods import Period


def current_unit(code: str) -> AdminUnit:
    """The current (2025-structure) province or commune with that code."""
    code = (code or "").strip()
    units = [u for u in AdminUnit.objects.current().filter(code=code, level__in=("province", "commune"))]
    if not units:
        raise NotFound("unit")
    return sorted(units, key=lambda u: u.level != "province")[0]


def legacy_unit(code: str) -> AdminUnit:
    """A pre-reform province or commune (codes were reused: the structure has to be said)."""
    unit = (
        AdminUnit.objects.filter(structure=Structure.LEGACY, code=(code or "").strip())
        .exclude(level="district")
        .order_by("level")
        .last()
    )
    if unit is None:
        raise NotFound("unit")
    return unit


def successor_province_code(unit: AdminUnit) -> str:
    """The province in force today that a unit belongs to (itself, or where its lineage leads)."""
    if unit.structure == Structure.REFORM_2025:
        return unit.province_code
    old_province = AdminUnit.objects.filter(
        structure=Structure.LEGACY, level="province", code=unit.province_code
    ).first()
    link = (
        UnitLineage.objects.filter(predecessor=old_province).select_related("successor").first()
        if old_province
        else None
    )
    if link is None:
        raise NotFound("unit")
    return link.successor.province_code


def in_scope(actor: Actor, unit: AdminUnit, province_code: str | None = None) -> bool:
    level = actor.scope_level
    if level is None:
        return True
    scope = actor.scope_unit
    if scope is None:
        return False
    province = province_code or successor_province_code(unit)
    if level == "province":
        return scope.code == province
    return unit.pk == scope.pk


def report_unit(*, actor: Actor, unit_code: str | None) -> AdminUnit | None:
    """The unit a report is about: None for the nation (nation-wide users only), else a unit in scope."""
    require(actor, "reports.view")
    if not unit_code:
        if actor.scope_level is None:
            return None
        if actor.scope_unit is None:
            raise NotFound("unit")
        return actor.scope_unit
    unit = current_unit(unit_code)
    if not in_scope(actor, unit):
        raise NotFound("unit")
    return unit


def attachment_get(*, actor: Actor, attachment_id: int) -> Attachment:
    """An attachment of a report in the actor's scope. The role is checked first and missing or out of
    scope is one NotFound, so that nobody learns from the answer which ids exist."""
    require(actor, "reports.view")
    attachment = Attachment.objects.select_related("submission__unit").filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound("attachment")
    try:
        report_unit(actor=actor, unit_code=attachment.submission.unit_code)
    except NotFound:
        raise NotFound("attachment") from None
    return attachment


def children_of(unit: AdminUnit | None) -> QuerySet[AdminUnit]:
    qs = AdminUnit.objects.current()
    if unit is None:
        return qs.filter(level="province").order_by("code")
    if unit.level == "province":
        return qs.filter(level="commune", province_code=unit.code).order_by("code")
    return qs.none()


def submissions_for(period: Period, units: list[AdminUnit]) -> dict[int, ReportSubmission]:
    qs = ReportSubmission.objects.filter(period_code=period.code, unit_id__in=[u.pk for u in units])
    return {s.unit_id: s for s in qs}


def submission_rows(*, actor: Actor, period: Period, unit_code: str | None) -> QuerySet[AdminUnit]:
    """The units directly below a unit (or the unit itself for a commune) with their report's state for
    the period (`sub_status`: "" when not started), for the list kit to sort, filter and export."""
    unit = report_unit(actor=actor, unit_code=unit_code)
    below = (
        children_of(unit)
        if unit is None or unit.level == "province"
        else AdminUnit.objects.filter(pk=unit.pk)
    )
    subs = ReportSubmission.objects.filter(period_code=period.code, unit_id=OuterRef("pk"))
    return below.annotate(
        sub_status=Coalesce(Subquery(subs.values("status")[:1]), Value("")),
        sub_at=Subquery(subs.values("submitted_at")[:1]),
        sub_comment=Coalesce(Subquery(subs.values("comment")[:1]), Value("")),
        sub_checks=Subquery(subs.values("checks")[:1]),
        sub_missing=Subquery(subs.values("missing_units")[:1]),
        sub_children=Subquery(subs.values("children_count")[:1]),
    )


def submission_overview(*, actor: Actor, period: Period, unit_code: str | None) -> dict[str, Any]:
    """The units directly below a unit (or the unit itself for a commune), each with its report's state."""
    unit = report_unit(actor=actor, unit_code=unit_code)
    below = list(children_of(unit)) if unit is None or unit.level == "province" else [unit]
    subs = submissions_for(period, below + ([unit] if unit is not None and unit.level == "province" else []))
    rows = [
        {"unit": u, "submission": subs.get(u.pk), "warnings": recorded_checks(subs.get(u.pk))} for u in below
    ]
    missing = [u for u in below if (s := subs.get(u.pk)) is None or s.status not in LOCKED_STATUSES]
    own = subs.get(unit.pk) if unit is not None else None
    return {"unit": unit, "rows": rows, "missing": missing, "own": own}


def entered_values(*, unit: AdminUnit, period: Period) -> dict[int, DataValue]:
    return {
        v.indicator_id: v
        for v in DataValue.objects.filter(unit=unit, period_code=period.code, origin="entered")
    }


def computed_values(*, unit: AdminUnit, period: Period) -> dict[int, DataValue]:
    return {
        v.indicator_id: v
        for v in DataValue.objects.filter(unit=unit, period_code=period.code, origin="computed")
    }


def plans_for(*, year: int, level: str, codes: list[str]) -> dict[tuple[int, str], PlanTarget]:
    qs = PlanTarget.objects.filter(year=year, level=level, unit_code__in=codes)
    return {(p.indicator_id, p.unit_code): p for p in qs}


def missing_below(unit: AdminUnit, period: Period) -> tuple[list[AdminUnit], int]:
    """The units directly below (a province's communes) whose report of the period is not submitted or
    approved, and how many units there are below."""
    below = list(children_of(unit)) if unit.level == "province" else []
    subs = submissions_for(period, below)
    missing = [u for u in below if (s := subs.get(u.pk)) is None or s.status not in LOCKED_STATUSES]
    return missing, len(below)


def submission_preview(*, actor: Actor, unit_code: str, period: Period) -> dict[str, Any]:
    """What submitting a unit's report would carry: the broken consistency rules and the units below
    that have not submitted (the confirmation page; the same is recorded with the submission)."""
    unit = report_unit(actor=actor, unit_code=unit_code)
    if unit is None:
        raise NotFound("unit")
    missing, total = missing_below(unit, period)
    submission = submissions_for(period, [unit]).get(unit.pk)
    return {
        "unit": unit,
        "locked": submission is not None and submission.locked,
        "violations": report_rules.unit_checks(unit, period),
        "missing": missing,
        "children_count": total,
    }


def recorded_checks(submission: ReportSubmission | None) -> list[report_rules.Violation]:
    """The violations recorded when the report was submitted."""
    if submission is None:
        return []
    return [
        report_rules.Violation.of_dict(item) for item in submission.checks or [] if isinstance(item, dict)
    ]
