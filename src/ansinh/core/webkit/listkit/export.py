"""'Xuất Excel': exactly the rows a list shows (its filters and its order), its visible columns, masked as
in the list. A header names the list, the filters, who exported and when; numbers and dates are real cells.

Up to `settings.LIST_EXPORT_SYNC_ROWS` rows the request answers with the file. Past that a background job
writes it under FILES_DIR/exports, the officer follows its progress on the job's page, and only they may
download it. Every export, and every download of a stored one, is audited.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from pathlib import Path
from typing import Any, BinaryIO

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ansinh.core import audit, clock
from ansinh.core.actors import Actor
from ansinh.core.errors import NotFound
from ansinh.core.jobs import Progress, job_kind, job_start
from ansinh.core.models import AuditAction, Job, JobStatus
from ansinh.core.webkit.listkit.definition import DATE, DATETIME, INTEGER, MONEY, REGISTRY, ListDef
from ansinh.core.webkit.listkit.page import ListPage, shown

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JOB_KIND = "core.list_export"
CHUNK = 2000


def sync_limit() -> int:
    return int(getattr(settings, "LIST_EXPORT_SYNC_ROWS", 5000))


def file_name(page: ListPage) -> str:
    return f"{page.definition.file_stem}-{clock.today():%Y%m%d}.xlsx"


def write_xlsx(out: BinaryIO | str, page: ListPage, *, total: int, progress: Any = None) -> int:
    """The workbook of `page`'s rows; returns how many rows were written."""
    import xlsxwriter

    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": not isinstance(out, str)})
    sheet = book.add_worksheet(_("List")[:31])
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    formats = {
        DATE: book.add_format({"num_format": "dd/mm/yyyy"}),
        DATETIME: book.add_format({"num_format": "dd/mm/yyyy hh:mm"}),
        INTEGER: book.add_format({"num_format": "#,##0"}),
        MONEY: book.add_format({"num_format": "#,##0"}),
    }
    who = getattr(page.actor, "get_username", lambda: "")()
    sheet.write_string(0, 0, str(page.definition.title), title)
    applied = "; ".join(f"{k}: {v}" for k, v in page.applied.items() if k != "sort") or _("none")
    sheet.write_string(1, 0, _("Filters: %(filters)s") % {"filters": applied})
    stamp = f"{timezone.localtime():%d/%m/%Y %H:%M}"
    sheet.write_string(2, 0, _("Exported by %(user)s at %(time)s") % {"user": who, "time": stamp})
    sheet.write_string(3, 0, _("Rows: %(n)s") % {"n": total}, bold)
    columns = [c for c in page.definition.columns if c.exported]
    first = 5
    sheet.write_row(first - 1, 0, [str(c.label) for c in columns], head)
    written = 0
    for chunk in _chunks(page):
        for obj in chunk:
            for c, column in enumerate(columns):
                _write(sheet, first + written, c, shown(column, obj, page.actor), formats.get(column.fmt))
            written += 1
        if progress is not None:
            progress(written, total)
    sheet.freeze_panes(first, 0)
    book.close()
    return written


def _chunks(page: ListPage) -> Any:
    """The rows in chunks, each prepared as a page's rows are."""
    chunk: list[Any] = []
    for obj in page.queryset.iterator(chunk_size=CHUNK):
        chunk.append(obj)
        if len(chunk) == CHUNK:
            yield _prepared(page, chunk)
            chunk = []
    if chunk:
        yield _prepared(page, chunk)


def _prepared(page: ListPage, chunk: list[Any]) -> list[Any]:
    if page.definition.prepare is not None:
        page.definition.prepare(chunk, page.actor)
    return chunk


def _write(sheet: Any, r: int, c: int, value: Any, fmt: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, dt.datetime):
        sheet.write_datetime(r, c, timezone.localtime(value).replace(tzinfo=None), fmt)
    elif isinstance(value, dt.date):
        sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(r, c, value, fmt)
    else:
        sheet.write_string(r, c, str(value))


def _province(actor: Actor) -> str:
    return getattr(getattr(actor, "scope_unit", None), "province_code", "") or ""


def record_export(page: ListPage, *, rows: int, job: Job | None = None) -> None:
    after: dict[str, Any] = {
        "list": page.definition.name,
        "filters": page.applied,
        "rows": rows,
        "format": "xlsx",
    }
    if job is not None:
        after["job"] = job.pk
    audit.record(
        actor=page.actor,
        action=AuditAction.EXPORT,
        object_type=f"list.{page.definition.name}"[:60],
        object_label=str(page.definition.title)[:200],
        province_code=_province(page.actor),
        after=after,
    )


def export_now(page: ListPage) -> tuple[str, str, bytes]:
    """(file name, content type, content) of a small export, audited."""
    import io

    out = io.BytesIO()
    rows = write_xlsx(out, page, total=page.queryset.count())
    record_export(page, rows=rows)
    return file_name(page), XLSX_TYPE, out.getvalue()


def export_start(page: ListPage) -> Job:
    """The background job that writes a large export (audited when it has written the file)."""
    params = {"name": page.definition.name, "query": page.state, "path": page.path, "args": page.args}
    return job_start(actor=page.actor, kind=JOB_KIND, params=params, province_code=_province(page.actor))


def is_large(page: ListPage) -> bool:
    limit = sync_limit()
    return page.queryset.order_by()[: limit + 1].count() > limit


def import_lists() -> None:
    """List definitions live in each app's `lists.py`; importing them registers them."""
    for config in apps.get_app_configs():
        if config.name.startswith("ansinh."):
            try:
                import_module(f"{config.name}.lists")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.lists":
                    raise


def definition(name: str) -> ListDef:
    if name not in REGISTRY:
        import_lists()
    return REGISTRY[name]


def export_path(job: Job) -> Path:
    return Path(settings.FILES_DIR) / "exports" / f"list-{job.pk}.xlsx"


@job_kind(JOB_KIND)
def run_export(
    job: Job, progress: Progress, *, name: str, query: str, path: str, args: dict[str, Any] | None = None
) -> dict[str, Any]:
    # The list is read again as its owner reads it: their scope, their masking, the same filters.
    user = get_user_model().objects.get(pk=job.created_by_id or 0)
    with translation.override(settings.LANGUAGE_CODE):
        page = ListPage.read(definition(name), actor=user, get=QueryDict(query), path=path, args=args)
        total = page.queryset.count()
        progress(0, total, force=True)
        target = export_path(job)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        rows = write_xlsx(str(partial), page, total=total, progress=progress)
        partial.replace(target)
        progress(rows, total, force=True)
        record_export(page, rows=rows, job=job)
        return {"url": reverse("web:export_download", args=[job.pk]), "rows": rows, "name": file_name(page)}


def export_file(*, actor: Actor, job_id: int) -> tuple[Path, str]:
    """The stored file of a finished export, for the officer who asked for it only; the download is
    audited. Anyone else, an unfinished job or a missing file: NotFound."""
    owner = getattr(actor, "pk", None)
    if owner is None or not getattr(actor, "is_authenticated", False):
        raise NotFound("export")
    job = Job.objects.filter(
        pk=job_id, kind=JOB_KIND, status=JobStatus.SUCCEEDED, created_by_id=owner
    ).first()
    if job is None:
        raise NotFound("export")
    path = export_path(job)
    if not path.exists():
        raise NotFound("export")
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="core.job",
        object_id=str(job.pk),
        object_label=str((job.result or {}).get("name", ""))[:200],
        province_code=job.province_code,
        after={"download": True, "list": job.params.get("name"), "rows": (job.result or {}).get("rows")},
    )
    return path, str((job.result or {}).get("name") or path.name)
