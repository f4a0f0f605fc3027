"""Scoped reads of claims: the counsellor's queue, one claim (an audited full read), the claimant's matches,
the decisions export. Every read filters by the actor's scope (the centre's province)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ansinh.core import audit, clock, csvfile, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.core.text import fold
from ansinh.unemployment.models import Claim, ClaimStatus

PAGE_SIZE = 50
EXPORT_FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_EXPORT_ROWS = 200_000
QUEUES = ("open", "filed", "overdue", "approved", "refused", "stopped", "all")


def claim_queryset(*, actor: Actor) -> QuerySet[Claim]:
    require(actor, "unemployment.view")
    return scope.restrict(Claim.objects.select_related("person", "commune"), actor)


def claim_list(
    *,
    actor: Actor,
    queue: str = "open",
    q: str = "",
    commune_id: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[Claim]:
    """The queue: open claims by decision deadline (the oldest first), overdue ones, or one status."""
    qs = claim_in_queue(claim_queryset(actor=actor), queue=queue, today=today)
    if commune_id:
        qs = qs.filter(commune_id=commune_id)
    return claim_text_filter(qs, q=q).order_by("status", "decision_due", "filed_on", "pk")


def claim_in_queue(qs: QuerySet[Claim], *, queue: str, today: dt.date | None = None) -> QuerySet[Claim]:
    """Open claims (filed or receiving), overdue ones (filed, past the decision deadline), one status."""
    today = today or clock.today()
    if queue == "open":
        qs = qs.filter(status__in=[ClaimStatus.FILED, ClaimStatus.APPROVED])
    elif queue == "overdue":
        qs = qs.filter(status=ClaimStatus.FILED, decision_due__lt=today)
    elif queue in ClaimStatus.values:
        qs = qs.filter(status=queue)
    return qs


def claim_text_filter(qs: QuerySet[Claim], *, q: str) -> QuerySet[Claim]:
    """A name (accents optional), a claim reference, or a whole personal ID number."""
    text = fold((q or "").strip())
    if text:
        digits = "".join(ch for ch in text if ch.isdigit())
        match = Q(person__name_folded__contains=text) | Q(reference__icontains=text)
        if len(digits) == 12:
            match |= Q(person__personal_id=digits)
        qs = qs.filter(match)
    return qs


def claim_get(*, actor: Actor, claim_id: Any) -> Claim:
    """One claim with its personal data in full: an audited read."""
    claim = scope.access(claim_queryset(actor=actor).select_related("seeker"), actor, claim_id, what="claim")
    audit.record(actor=actor, action=AuditAction.VIEW, obj=claim)
    return claim


def claim_matches(*, actor: Actor, claim: Claim, top: int = 5) -> Any:
    """Open vacancies for the claimant (the seeker's matches), or None without a seeker or labour access."""
    if claim.seeker_id is None or not actor.can("labour.view"):
        return None
    from ansinh.labour.matching.selectors import matches_for_seeker

    try:
        return matches_for_seeker(actor=actor, seeker_id=claim.seeker_id, top=top)
    except ApplicationError:
        return None


# --- the decisions export (for the social-insurance agency) ------------------------------------------

DECISION_HEADERS = [
    "Mã hồ sơ", "Số quyết định", "Ngày quyết định", "Người ký", "Họ và tên", "Số định danh", "Năm sinh",
    "Xã/phường", "Luật áp dụng", "Ngày chấm dứt HĐLĐ", "Mức hưởng hằng tháng", "Số tháng hưởng",
    "Từ ngày", "Đến ngày", "Số tháng bảo lưu", "Trạng thái", "Ngày chấm dứt hưởng",
]  # fmt: skip


def decisions_queryset(
    *, actor: Actor, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Claim]:
    qs = claim_queryset(actor=actor).exclude(decision_date=None)
    if start:
        qs = qs.filter(decision_date__gte=start)
    if end:
        qs = qs.filter(decision_date__lte=end)
    return qs.order_by("decision_date", "pk")


def decision_row(c: Claim) -> list[Any]:
    return [
        c.reference, c.decision_number, c.decision_date, c.decision_signer, c.person.full_name,
        pid.mask(c.person.personal_id), c.person.birth_year, c.commune.name, c.get_law_display(),
        c.termination_date, c.monthly_amount, c.months, c.start_date, c.end_date, c.carried_over_months,
        c.get_status_display(), c.stopped_on,
    ]  # fmt: skip


def decisions_export(*, actor: Actor, queryset: QuerySet[Claim], fmt: str) -> tuple[str, str, bytes]:
    """(file name, content type, bytes): the decisions, personal ID masked; an audited read."""
    if fmt not in EXPORT_FORMATS:
        raise ApplicationError("export.bad_format", _("Choose xlsx or csv."), field="format")
    count = queryset.count()
    if count > MAX_EXPORT_ROWS:
        raise ApplicationError(
            "export.too_many_rows", _("Too many rows: narrow the period before exporting.")
        )
    rows = (decision_row(c) for c in queryset.iterator(chunk_size=2000))
    content = _xlsx(DECISION_HEADERS, rows) if fmt == "xlsx" else _csv(DECISION_HEADERS, rows)
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="unemployment.export_decisions",
        object_label=f"{count} rows ({fmt})",
        province_code=getattr(getattr(actor, "scope_unit", None), "province_code", "") or "",
        after={"rows": count, "format": fmt},
    )
    name = f"Quyet-dinh-TCTN-{clock.today():%Y%m%d}.{fmt}"
    return name, XLSX_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8", content


def _csv(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    return csvfile.write_table(headers, rows)


def _xlsx(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Quyết định")
    bold = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    money = book.add_format({"num_format": "#,##0"})
    sheet.write_row(0, 0, headers, bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
            elif isinstance(value, int) and not isinstance(value, bool):
                sheet.write_number(r, c, value, money if headers[c].startswith("Mức") else None)
            else:
                sheet.write_string(r, c, str(value))
    sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()
