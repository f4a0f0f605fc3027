"""Build a report from request-like inputs and turn it into a file: the one path the page, the API and the
`ansinh report build` command share.

Scope and the `reports.view` capability are checked by `build_report` (a unit out of scope is NotFound);
every file handed out is an audited export.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from ansinh.core import audit, clock
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditAction
from ansinh.documents.models import IssuedDocument
from ansinh.documents.services import document_issue, issued
from ansinh.reports import build as building
from ansinh.reports.periods import Period, parse_period
from ansinh.reports.render import pdf
from ansinh.reports.render.json import render_json
from ansinh.reports.render.pdf import render_pdf
from ansinh.reports.render.text import LANGUAGES
from ansinh.reports.render.xlsx import render_xlsx
from ansinh.reports.report import Report

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[[Report], bytes]


FORMATS: dict[str, Format] = {
    "xlsx": Format("xlsx", XLSX_TYPE, render_xlsx),
    "pdf": Format("pdf", "application/pdf", render_pdf),
    "json": Format("json", "application/json; charset=utf-8", render_json),
}


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    content: bytes


def check_format(fmt: str, *, field: str = "format") -> Format:
    try:
        return FORMATS[(fmt or "").lower()]
    except KeyError:
        raise ValidationFailed(
            [
                ApplicationError(
                    f"{field}.invalid",
                    _("%(field)s: %(value)s is not a report format; choose xlsx, pdf or json.")
                    % {"field": field, "value": fmt},
                    field=field,
                )
            ]
        ) from None


def check_groups(groups: list[str] | None, *, field: str = "group") -> list[str] | None:
    """Indicator groups ('LM', 'SI', …) as the catalogue names them; None or [] means every group."""
    from ansinh.reports.catalogue import packaged

    wanted = [g.strip().upper() for g in groups or [] if g and g.strip()]
    known = packaged()["groups"]
    unknown = [g for g in wanted if g not in known]
    if unknown:
        raise ValidationFailed(
            [
                ApplicationError(
                    f"{field}.invalid",
                    _("%(field)s: %(value)s is not an indicator group; choose one of %(known)s.")
                    % {"field": field, "value": ", ".join(unknown), "known": ", ".join(known)},
                    field=field,
                )
            ]
        )
    return wanted or None


def check_language(lang: str | None, *, field: str = "lang") -> str | None:
    if lang in (None, ""):
        return None
    if lang not in LANGUAGES:
        raise ValidationFailed(
            [
                ApplicationError(
                    f"{field}.invalid",
                    _("%(field)s: %(value)s is not a language; choose vi or en.")
                    % {"field": field, "value": lang},
                    field=field,
                )
            ]
        )
    return lang


def build(
    *,
    actor: Actor,
    period: Period | str,
    unit_code: str | None,
    groups: list[str] | None = None,
    lang: str | None = None,
) -> Report:
    """The built report, in `lang` when given (the active language otherwise)."""
    if isinstance(period, str):
        period = parse_period(period)
    groups = check_groups(groups)
    lang = check_language(lang)
    with translation.override(lang) if lang else nullcontext():
        return building.build_report(actor=actor, period=period, unit_code=unit_code or None, groups=groups)


def filename(report: Report, fmt: str) -> str:
    """'bao-cao_38_2025H1.xlsx'; 'bao-cao_toan-quoc_2025.pdf' for the nation."""
    unit = report.unit.code or "toan-quoc"
    return f"bao-cao_{unit}_{report.period.code}.{FORMATS[fmt].extension}"


ISSUERS = ("reports.enter", "reports.approve")


def may_issue(actor: Actor) -> bool:
    """Whether the actor may give a report its number: those who enter or approve reports."""
    can = getattr(actor, "can", None)
    return bool(callable(can) and any(can(capability) for capability in ISSUERS))


def issued_number(report: Report) -> str:
    """The number the report's PDF was issued with ("3/BC-UBND"); "" while it has none."""
    found = issued(pdf.subject(report, province_code=_province_code(report)))
    return f"{found.number}/{found.symbol}" if found else ""


def export(*, actor: Actor, report: Report, fmt: str, issue: bool = False) -> Export:
    """The report as a file; the hand-out is audited (who took which unit's figures, in which format).

    The PDF is an official report: with the number (Số …/BC-…) it was issued with, or a draft (DỰ THẢO)
    until then. Only `issue` (a POST, or the command line's --issue) takes the next number of the unit's
    register, once; a reprint keeps it."""
    spec = check_format(fmt)
    fmt = spec.extension
    number = ""
    if fmt == "pdf":
        subject = pdf.subject(report, province_code=_province_code(report))
        if issue:
            if not may_issue(actor):
                raise PermissionDenied()
            found: IssuedDocument | None = document_issue(actor=actor, subject=subject)
        else:
            found = issued(subject)
        if found is not None:
            number = f"{found.number}/{found.symbol}"
            head = pdf.head_signature(report, found.issued_on)
            content = pdf.render_pdf(report, today=found.issued_on, number=found.number, head=head)
        else:
            today = clock.today()
            content = pdf.render_pdf(report, today=today, head=pdf.head_signature(report, today))
    else:
        content = spec.render(report)
    audit.record(
        # The command line's operator is no user row; the event then names the system as the actor.
        actor=actor if getattr(actor, "pk", None) else None,
        action=AuditAction.EXPORT,
        object_type="reports.report",
        object_id=f"{report.unit.code or 'nation'}:{report.period.code}",
        object_label=f"{report.unit.name} — {report.period_label} ({fmt})"[:200],
        province_code=_province_code(report),
        after={"format": fmt, "indicators": [info.code for info in report.indicators]}
        | ({"number": number} if number else {})
        | ({"draft": True} if fmt == "pdf" and not number else {}),
    )
    return Export(filename(report, fmt), spec.content_type, content)


def _province_code(report: Report) -> str:
    if report.unit.level == "province":
        return report.unit.code
    if report.unit.level == "commune":
        from ansinh.geo.models import AdminUnit

        unit = AdminUnit.objects.current().filter(level="commune", code=report.unit.code).first()
        return unit.province_code if unit else ""
    return ""
