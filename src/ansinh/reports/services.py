"""Writes of the reports app: entered figures, the period report's approval, plan targets, attachments.

`values_write` is the one path for the entry form and the bulk API: every item is checked (indicator,
unit and scope, period, lock, type, range, numerator ≤ denominator) before anything is written, and one
refused item refuses the whole set, each refusal listed with its index and field.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ansinh.accounts.models import user_of
from ansinh.core import audit
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditAction, AuditEvent
from ansinh.core.scope import require
from ansinh.geo.models import AdminUnit, Structure
from ansinh.reports import rollup
from ansinh.reports import rules as report_rules
from ansinh.reports.models import (
    LOCKED_STATUSES,
    Attachment,
    DataValue,
    Indicator,
    Origin,
    PlanTarget,
    ReportSubmission,
    SubmissionStatus,
    ValueType,
)
from ansinh.reports.periods import Period, parse_period
from ansinh.reports.selectors import (
    current_unit,
    in_scope,
    legacy_unit,
    missing_below,
    successor_province_code,
)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
MAX_DIGITS = Decimal("1e15")


class RefusedItems(ValidationFailed):
    """Refused bulk items: every error carries the index of its item (None for a form's own fields)."""

    def as_dict(self) -> dict[str, Any]:
        data = super().as_dict()
        for error, rendered in zip(self.errors, data["errors"], strict=True):
            rendered["index"] = error.params.get("index")
        return data


@dataclass
class Item:
    """One figure to write, parsed."""

    index: int
    indicator: Indicator
    unit: AdminUnit
    province_code: str
    period: Period
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    comment: str

    @property
    def empty(self) -> bool:
        return self.value is None and self.numerator is None and self.denominator is None


def _error(index: int | None, field: str, code: str, message: str) -> ApplicationError:
    name = field if index is None else f"{index}.{field}"
    return ApplicationError(code, message, field=name, index=index)


def _number(raw: Any, index: int | None, field: str, errors: list[ApplicationError]) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = str(raw).strip().replace(" ", "")
    if isinstance(raw, str) and "," in text:
        # Vietnamese writing: "62.850" thousands, "2,8" decimals.
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        errors.append(
            _error(index, field, "value.not_a_number", _("%(field)s: must be a number.") % {"field": field})
        )
        return None
    if not number.is_finite() or abs(number) >= MAX_DIGITS:
        errors.append(
            _error(
                index, field, "value.too_large", _("%(field)s: the number is too large.") % {"field": field}
            )
        )
        return None
    return number


class _Units:
    """Units named by items, each looked up once per request (a bulk set names the same units often)."""

    def __init__(self, actor: Actor, raw_items: list[Any]) -> None:
        self.actor = actor
        self.found: dict[tuple[bool, str], tuple[AdminUnit, str] | None] = {}
        codes = {
            str(raw.get("unit") or "").strip()
            for raw in raw_items
            if isinstance(raw, dict) and str(raw.get("structure") or "") != Structure.LEGACY
        }
        # Today's units in one query, provinces first where a code names both.
        current = AdminUnit.objects.current().filter(code__in=codes, level__in=("province", "commune"))
        for unit in sorted(current, key=lambda u: u.level != "province"):
            key = (False, unit.code)
            if key not in self.found:
                self.found[key] = (
                    (unit, unit.province_code) if in_scope(actor, unit, unit.province_code) else None
                )

    def get(self, raw: dict[str, Any], index: int, errors: list[ApplicationError]):
        """The unit an item names (current, or pre-reform with "structure": "legacy"), if in scope."""
        code = str(raw.get("unit") or "").strip()
        key = (str(raw.get("structure") or "") == Structure.LEGACY, code)
        if key not in self.found:
            self.found[key] = self._lookup(*key)
        if self.found[key] is None:
            message = _("unit: no unit has the code “%(code)s”.") % {"code": code}
            errors.append(_error(index, "unit", "unit.not_found", message))
            return None, ""
        return self.found[key]

    def _lookup(self, legacy: bool, code: str) -> tuple[AdminUnit, str] | None:
        try:
            unit = legacy_unit(code) if legacy else current_unit(code)
            province = successor_province_code(unit)
        except NotFound:
            return None
        return (unit, province) if in_scope(self.actor, unit, province) else None


def check_figure(
    indicator: Indicator,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    *,
    index: int | None = None,
) -> list[ApplicationError]:
    """Type, range and numerator ≤ denominator for one figure (also used for plans: value only)."""
    if numerator is not None or denominator is not None:
        if not indicator.is_ratio:
            message = _("numerator: this indicator is a sum; give its value only.")
            return [_error(index, "numerator", "value.not_a_ratio", message)]
        errors = _check_parts(indicator, numerator, denominator, index)
        if value is not None:
            message = _("value: give either the value or its numerator and denominator, not both.")
            errors.append(_error(index, "value", "value.both_forms", message))
        return errors
    return [] if value is None else _check_value(indicator, value, index)


def _check_parts(
    indicator: Indicator, numerator: Decimal | None, denominator: Decimal | None, index: int | None
) -> list[ApplicationError]:
    if numerator is None or denominator is None:
        missing = "numerator" if numerator is None else "denominator"
        message = _("%(field)s: give both the numerator and the denominator.") % {"field": missing}
        return [_error(index, missing, "value.parts_incomplete", message)]
    errors = []
    if numerator < 0:
        errors.append(_error(index, "numerator", "value.negative", _("numerator: must not be negative.")))
    if denominator <= 0:
        message = _("denominator: must be greater than 0.")
        errors.append(_error(index, "denominator", "value.not_positive", message))
    elif indicator.numerator_le_denominator and numerator > denominator:
        message = _("numerator: must not exceed the denominator (%(denominator)s).") % {
            "denominator": number_format(denominator.normalize(), force_grouping=True)
        }
        errors.append(_error(index, "numerator", "value.numerator_above_denominator", message))
    return errors


def _check_value(indicator: Indicator, value: Decimal, index: int | None) -> list[ApplicationError]:
    errors = []
    if indicator.value_type == ValueType.INTEGER and value != value.to_integral_value():
        errors.append(_error(index, "value", "value.not_whole", _("value: must be a whole number.")))
    low, high = indicator.min_value, indicator.max_value
    if indicator.is_ratio:
        # A rate is a percentage: never negative, and at most 100 when its part cannot exceed its whole.
        low = Decimal(0) if low is None else low
        high = Decimal(100) if high is None and indicator.numerator_le_denominator else high
    if low is not None and value < low:
        message = _("value: must be at least %(min)s.") % {
            "min": number_format(low.normalize(), force_grouping=True)
        }
        errors.append(_error(index, "value", "value.below_minimum", message))
    if high is not None and value > high:
        message = _("value: must be at most %(max)s.") % {
            "max": number_format(high.normalize(), force_grouping=True)
        }
        errors.append(_error(index, "value", "value.above_maximum", message))
    return errors


def parse_items(*, actor: Actor, raw_items: list[dict[str, Any]]) -> list[Item]:
    """Every item checked; RefusedItems listing every refusal (index, field, reason) if any."""
    errors: list[ApplicationError] = []
    items: list[Item] = []
    indicators = {i.code: i for i in Indicator.objects.all()}
    units = _Units(actor, raw_items)
    seen: set[tuple[int, int, str]] = set()
    for index, raw in enumerate(raw_items):
        if not isinstance(raw, dict):
            errors.append(_error(index, "item", "item.not_an_object", _("item: must be an object.")))
            continue
        before = len(errors)
        item = _parse_item(index, raw, indicators, units, errors)
        if item is None:
            continue
        key = (item.indicator.pk, item.unit.pk, item.period.code)
        if key in seen:
            message = _("indicator: the same figure appears twice in this set.")
            errors.append(_error(index, "indicator", "item.duplicate", message))
        seen.add(key)
        if len(errors) == before:
            items.append(item)
    errors.extend(_locked(items))
    if errors:
        raise RefusedItems(sorted(errors, key=lambda e: e.params.get("index") or 0))
    return items


def _parse_item(
    index: int, raw: dict[str, Any], indicators: dict[str, Indicator], units: _Units, errors: list
) -> Item | None:
    before = len(errors)
    indicator = indicators.get(str(raw.get("indicator") or "").strip())
    if indicator is None or not indicator.active:
        message = _("indicator: “%(code)s” is not in the catalogue.") % {"code": raw.get("indicator")}
        errors.append(_error(index, "indicator", "indicator.not_found", message))
    elif not indicator.enterable:
        message = _("indicator: %(code)s is computed from the records and cannot be entered.") % {
            "code": indicator.code
        }
        errors.append(_error(index, "indicator", "indicator.computed", message))
    unit, province = units.get(raw, index, errors)
    try:
        period = parse_period(str(raw.get("period") or ""), field=f"{index}.period")
    except ValidationFailed as exc:
        errors.extend(ApplicationError(e.code, e.message, field=e.field, index=index) for e in exc.errors)
        period = None
    numbers = {
        name: _number(raw.get(name), index, name, errors) for name in ("value", "numerator", "denominator")
    }
    if len(errors) > before or indicator is None or period is None:
        return None
    # Checked but still returned, so that a duplicate is reported as well as a bad number.
    errors.extend(
        check_figure(indicator, numbers["value"], numbers["numerator"], numbers["denominator"], index=index)
    )
    comment = str(raw.get("comment") or "").strip()[:500]
    return Item(index, indicator, unit, province, period, **numbers, comment=comment)


def _locked(items: list[Item]) -> list[ApplicationError]:
    """Items whose unit's report for the period is submitted or approved (one query for the set)."""
    if not items:
        return []
    locked = set(
        ReportSubmission.objects.filter(
            unit_id__in={item.unit.pk for item in items},
            period_code__in={item.period.code for item in items},
            status__in=LOCKED_STATUSES,
        ).values_list("unit_id", "period_code")
    )
    errors = []
    for item in items:
        if (item.unit.pk, item.period.code) in locked:
            message = _(
                "period: the report of %(unit)s for %(period)s is submitted or approved; "
                "it must be returned or unlocked before figures change."
            ) % {"unit": item.unit.name, "period": item.period.label()}
            errors.append(_error(item.index, "period", "report.locked", message))
    return errors


@transaction.atomic
def values_write(*, actor: Actor, raw_items: list[dict[str, Any]]) -> dict[str, int]:
    """Write entered figures all or nothing, set-based; an item with no value, numerator or denominator
    deletes the figure. Every created, changed or deleted figure is one audit event."""
    require(actor, "reports.enter")
    items = parse_items(actor=actor, raw_items=raw_items)
    existing = _existing(items)
    counts = {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0}
    create: list[DataValue] = []
    update: list[DataValue] = []
    delete: list[DataValue] = []
    events: list[AuditEvent] = []
    touched: dict[str, set[str]] = defaultdict(set)
    for item in items:
        row = existing.get((item.indicator.pk, item.unit.pk, item.period.code))
        outcome = _apply(actor, item, row, create, update, delete, events)
        counts[outcome] += 1
        if outcome != "unchanged":
            touched[item.period.code].add(item.province_code)
    DataValue.objects.bulk_create(create, batch_size=1000)
    DataValue.objects.bulk_update(update, [*FIGURE_FIELDS, "entered_by", "version"], batch_size=1000)
    DataValue.objects.filter(pk__in=[row.pk for row in delete]).delete()
    events += [
        _event(actor, AuditAction.CREATE, row, None, audit.snapshot(row, FIGURE_FIELDS)) for row in create
    ]
    audit.record_many(events)
    for period_code, provinces in touched.items():
        rollup.invalidate(period_code, provinces)
    return counts


FIGURE_FIELDS = ["value", "numerator", "denominator", "comment"]


def _existing(items: list[Item]) -> dict[tuple[int, int, str], DataValue]:
    """The entered figures the items name, locked for the write (one query)."""
    if not items:
        return {}
    rows = DataValue.objects.select_for_update().filter(
        origin=Origin.ENTERED,
        indicator_id__in={item.indicator.pk for item in items},
        unit_id__in={item.unit.pk for item in items},
        period_code__in={item.period.code for item in items},
    )
    return {(row.indicator_id, row.unit_id, row.period_code): row for row in rows}


def _apply(actor: Actor, item: Item, row, create: list, update: list, delete: list, events: list) -> str:
    if item.empty:
        if row is None:
            return "unchanged"
        delete.append(row)
        events.append(_event(actor, AuditAction.DELETE, row, audit.snapshot(row, FIGURE_FIELDS), None))
        return "deleted"
    wanted = {
        "value": item.value,
        "numerator": item.numerator,
        "denominator": item.denominator,
        "comment": item.comment,
    }
    if row is None:
        create.append(
            DataValue(
                indicator=item.indicator,
                unit=item.unit,
                unit_code=item.unit.code,
                level=item.unit.level,
                structure=item.unit.structure,
                province_code=item.province_code,
                origin=Origin.ENTERED,
                period_code=item.period.code,
                period_start=item.period.start,
                period_months=item.period.months,
                entered_by=user_of(actor),
                **wanted,
            )
        )
        return "created"
    if all(_same(getattr(row, name), value) for name, value in wanted.items()):
        return "unchanged"
    before = audit.snapshot(row, FIGURE_FIELDS)
    for name, value in wanted.items():
        setattr(row, name, value)
    row.entered_by, row.version = user_of(actor), row.version + 1
    update.append(row)
    changed_before, changed_after = audit.diff(before, audit.snapshot(row, FIGURE_FIELDS))
    events.append(_event(actor, AuditAction.UPDATE, row, changed_before, changed_after))
    return "updated"


def _event(actor: Actor, action: str, row: DataValue, before: Any, after: Any) -> AuditEvent:
    return audit.event(actor=actor, action=action, obj=row, before=before, after=after)


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is new
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return Decimal(old) == Decimal(new)
    return old == new


# --- the period report: submit, approve, return, unlock ----------------------------------------------


def _submission(unit: AdminUnit, period: Period, *, lock: bool = True) -> ReportSubmission:
    qs = ReportSubmission.objects.select_for_update() if lock else ReportSubmission.objects
    submission, _created = qs.get_or_create(
        unit=unit,
        period_code=period.code,
        defaults={
            "unit_code": unit.code,
            "level": unit.level,
            "province_code": unit.province_code,
            "period_start": period.start,
            "period_months": period.months,
        },
    )
    return submission


def _entry_unit(actor: Actor, unit_code: str) -> AdminUnit:
    unit = current_unit(unit_code)
    if not in_scope(actor, unit):
        raise NotFound("unit")
    return unit


def _approver_unit(actor: Actor, unit_code: str) -> AdminUnit:
    """A unit whose reports the actor approves: a commune of their province, or any province (nation)."""
    require(actor, "reports.approve")
    unit = current_unit(unit_code)
    level = actor.scope_level
    if unit.level == "commune":
        if level is None and in_scope(actor, unit):
            raise PermissionDenied(_("A commune's report is approved by its province."))
        if level != "province" or actor.scope_unit is None or actor.scope_unit.code != unit.province_code:
            raise NotFound("unit")
        return unit
    if level is not None:
        if actor.scope_unit is not None and actor.scope_unit.code == unit.code:
            raise PermissionDenied(_("A province's report is approved by the ministry."))
        raise NotFound("unit")
    return unit


def _transition(
    actor: Actor, submission: ReportSubmission, action: str, status: str, **fields: Any
) -> ReportSubmission:
    before = audit.snapshot(submission, ["status", "comment"])
    submission.status = status
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.version += 1
    submission.save()
    audit.record(
        actor=actor,
        action=action,
        obj=submission,
        before=before,
        after=audit.snapshot(submission, ["status", "comment"]),
    )
    return submission


def _refuse(code: str, message: str) -> Conflict:
    return Conflict(code, message, field="status")


@transaction.atomic
def report_submit(*, actor: Actor, unit_code: str, period: Period) -> ReportSubmission:
    """Submit (locks the figures). Broken consistency rules and the units below that have not submitted
    do not stop it: they are recorded with the submission for the approver (the page asks first)."""
    require(actor, "reports.enter")
    unit = _entry_unit(actor, unit_code)
    submission = _submission(unit, period)
    if submission.locked:
        raise _refuse("report.already_submitted", _("This report is already submitted or approved."))
    missing, total = missing_below(unit, period)
    return _transition(
        actor,
        submission,
        AuditAction.SUBMIT,
        SubmissionStatus.SUBMITTED,
        submitted_by=user_of(actor),
        submitted_at=timezone.now(),
        checks=[v.as_dict() for v in report_rules.unit_checks(unit, period)],
        missing_units=[{"code": u.code, "name": u.name} for u in missing],
        children_count=total,
    )


@transaction.atomic
def report_approve(*, actor: Actor, unit_code: str, period: Period) -> ReportSubmission:
    submission = _submission(_approver_unit(actor, unit_code), period)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise _refuse("report.not_submitted", _("Only a submitted report can be approved."))
    if submission.submitted_by_id == actor.pk:
        raise _refuse(
            "report.own_submission",
            _("A report is approved by someone other than the officer who submitted it."),
        )
    return _transition(
        actor,
        submission,
        AuditAction.APPROVE,
        SubmissionStatus.APPROVED,
        decided_by=user_of(actor),
        decided_at=timezone.now(),
        comment="",
    )


def _reason(text: str, field: str) -> str:
    reason = (text or "").strip()
    if len(reason) < 5:
        raise ValidationFailed(
            [
                ApplicationError(
                    f"report.{field}_required",
                    _("%(field)s: say why (at least 5 characters).") % {"field": field},
                    field=field,
                )
            ]
        )
    return reason[:500]


@transaction.atomic
def report_return(*, actor: Actor, unit_code: str, period: Period, comment: str) -> ReportSubmission:
    submission = _submission(_approver_unit(actor, unit_code), period)
    reason = _reason(comment, "comment")
    if submission.status != SubmissionStatus.SUBMITTED:
        raise _refuse("report.not_submitted", _("Only a submitted report can be returned."))
    return _transition(
        actor,
        submission,
        AuditAction.REJECT,
        SubmissionStatus.RETURNED,
        decided_by=user_of(actor),
        decided_at=timezone.now(),
        comment=reason,
    )


@transaction.atomic
def report_unlock(*, actor: Actor, unit_code: str, period: Period, reason: str) -> ReportSubmission:
    """An approved report is opened again for correction, with a reason; it must then be submitted again."""
    submission = _submission(_approver_unit(actor, unit_code), period)
    text = _reason(reason, "reason")
    if submission.status != SubmissionStatus.APPROVED:
        raise _refuse(
            "report.not_approved", _("Only an approved report is unlocked; a submitted one is returned.")
        )
    return _transition(
        actor,
        submission,
        AuditAction.UNLOCK,
        SubmissionStatus.DRAFT,
        decided_by=user_of(actor),
        decided_at=timezone.now(),
        comment=text,
    )


# --- attachments ---------------------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, actor: Actor, unit_code: str, period: Period, upload: Any) -> Attachment:
    require(actor, "reports.enter")
    submission = _submission(_entry_unit(actor, unit_code), period)
    if submission.locked:
        raise _refuse("report.locked", _("The report is submitted or approved; attachments cannot change."))
    name = str(getattr(upload, "name", "") or "file")[:200]
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in ATTACHMENT_TYPES:
        raise ValidationFailed(
            [
                ApplicationError(
                    "attachment.bad_type",
                    _("file: only PDF, Excel, Word, JPEG or PNG files are accepted."),
                    field="file",
                )
            ]
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed(
            [ApplicationError("attachment.too_large", _("file: at most 10 MB."), field="file")]
        )
    attachment = Attachment(
        submission=submission,
        name=name,
        size=upload.size,
        content_type=ATTACHMENT_TYPES[suffix],
        uploaded_by=user_of(actor),
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=attachment,
        province_code=submission.province_code,
        after={"name": name, "size": upload.size},
    )
    return attachment


# --- plans ---------------------------------------------------------------------------------------------


def _plan_unit(actor: Actor, unit_code: str | None) -> AdminUnit | None:
    """Province officers plan for their province and its communes; the ministry for provinces, nation."""
    require(actor, "reports.plan")
    level = actor.scope_level
    if not unit_code:
        if level is not None:
            raise NotFound("unit")
        return None
    unit = current_unit(unit_code)
    if not in_scope(actor, unit):
        raise NotFound("unit")
    if level is None and unit.level == "commune":
        raise PermissionDenied(_("A commune's plan is set by its province."))
    return unit


@transaction.atomic
def plan_set(
    *, actor: Actor, indicator_code: str, unit_code: str | None, year: int, value: Any
) -> PlanTarget | None:
    """Set (or with an empty value, remove) a unit's target for a year."""
    unit = _plan_unit(actor, unit_code)
    indicator = Indicator.objects.filter(code=indicator_code).first()
    if indicator is None:
        raise NotFound("indicator")
    errors: list[ApplicationError] = []
    number = _number(value, None, "value", errors)
    if not 2000 <= int(year) <= 2100:
        errors.append(ApplicationError("plan.bad_year", _("year: between 2000 and 2100."), field="year"))
    if number is not None:
        errors.extend(check_figure(indicator, number, None, None))
        if not indicator.is_ratio and number <= 0:
            errors.append(
                ApplicationError(
                    "plan.not_positive", _("value: a target must be greater than 0."), field="value"
                )
            )
    if errors:
        raise ValidationFailed(errors)
    code = unit.code if unit else ""
    level = unit.level if unit else "nation"
    existing = (
        PlanTarget.objects.select_for_update()
        .filter(indicator=indicator, level=level, unit_code=code, year=year)
        .first()
    )
    if number is None:
        if existing is not None:
            audit.record(
                actor=actor, action=AuditAction.DELETE, obj=existing, before={"value": str(existing.value)}
            )
            existing.delete()
        return None
    if existing is None:
        plan = PlanTarget.objects.create(
            indicator=indicator,
            unit=unit,
            unit_code=code,
            level=level,
            province_code=unit.province_code if unit else "",
            year=year,
            value=number,
            set_by=user_of(actor),
        )
        audit.record(actor=actor, action=AuditAction.CREATE, obj=plan, after={"value": str(number)})
        return plan
    if existing.value != number:
        before = {"value": str(existing.value)}
        existing.value, existing.set_by = number, user_of(actor)
        existing.save()
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=existing, before=before, after={"value": str(number)}
        )
    return existing
