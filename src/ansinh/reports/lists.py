"""Report submissions of the units below a unit for a period, declared once for the list kit."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from ansinh.core.actors import Actor
from ansinh.core.webkit import listkit as lk
from ansinh.reports import rules as report_rules
from ansinh.reports import selectors
from ansinh.reports.models import SubmissionStatus
from ansinh.reports.periods import parse_period

NOT_STARTED = "none"
STATUS_LABELS = {**dict(SubmissionStatus.choices), NOT_STARTED: _("Not started")}


def _rows(actor: Actor, unit_code: str, period: str) -> Any:
    return selectors.submission_rows(actor=actor, period=parse_period(period), unit_code=unit_code or None)


def _status(unit: Any) -> str:
    return str(STATUS_LABELS[unit.sub_status or NOT_STARTED])


def _checks(units: list[Any], actor: Actor) -> None:
    """What was recorded when each unit submitted: the figures that disagree and the communes missing."""
    for unit in units:
        checks = unit.sub_checks if isinstance(unit.sub_checks, list) else []
        unit.check_messages = [
            report_rules.Violation.of_dict(c).message() for c in checks if isinstance(c, dict)
        ]
        unit.missing_units = unit.sub_missing if isinstance(unit.sub_missing, list) else []


def _checks_text(unit: Any) -> str:
    lines = list(unit.check_messages)
    if unit.missing_units:
        lines.append(", ".join(str(m.get("name", "")) for m in unit.missing_units if isinstance(m, dict)))
    return "; ".join(lines)


def _in_status(qs: Any, value: str, actor: Actor) -> Any:
    return qs.filter(sub_status="" if value == NOT_STARTED else value)


SUBMISSIONS = lk.ListDef(
    name="reports.submissions",
    title=_("Report submissions"),
    url_name="reports:submissions",
    rows=_rows,
    columns=(
        lk.Column("unit", _("Unit"), "name", sort=("name_folded",)),
        lk.Column("code", _("Code"), "code", sort=("code",), natural=True, css="mono"),
        lk.Column("status", _("Status"), _status, sort=("sub_status",)),
        lk.Column("submitted", _("Submitted"), "sub_at", sort=("sub_at",), fmt=lk.DATETIME),
        lk.Column("comment", _("Comment"), "sub_comment"),
        lk.Column("checks", _("Checks"), _checks_text, template="reports/_submission_checks.html"),
        lk.Column("actions", _("Actions"), None, template="reports/_submission_actions.html"),
    ),
    filters=(
        lk.Search(label=_("Unit"), lookups=("name_folded__contains",), fold=True),
        lk.Choice("status", _("Status"), "sub_status", list(STATUS_LABELS.items()), where=_in_status),
    ),
    order="code",
    prepare=_checks,
    file_stem="Tinh-hinh-nop-bao-cao",
    empty=_("No unit."),
)
