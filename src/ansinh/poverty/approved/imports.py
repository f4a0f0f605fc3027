"""Import of last year's approved lists of poor and near-poor households from a spreadsheet (.xlsx) or a CSV
file — all or nothing.

One row per household: the household found in the registry by its code, or by its head's personal ID (both
may be given; they must name the same household), the status the decision gave it (hộ nghèo, hộ cận nghèo,
thoát nghèo, hộ có mức sống trung bình, …), the decision's number and date, and optionally the day the
status runs from (the decision's date when blank). Households outside the importer's scope are not found.

Each row is checked; if any row is refused nothing is written and `ImportRefused` lists every refusal
(row, column, reason), as every import of the system reports them (`core.tabular`). Otherwise each
household gets its dated `PovertyStatus` (no round behind it, the decision recorded): the status current
before it closes the day before, the transition is worked out as a commune's decision works it out; each
status is an audit event and one more records the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ansinh.core import audit, clock, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.core.tabular import Column, ImportRefused, RowError, blank, excel_date, match_headers, read_table
from ansinh.core.text import fold
from ansinh.poverty import bulk
from ansinh.poverty.models import PovertyStatus, Status, Transition
from ansinh.poverty.services import transition_of
from ansinh.registry.models import Household, Person

MAX_ROWS = 20_000
SYNC_ROWS = 2_000  # a longer file is imported by the task queue (the API answers 202 with the job)
JOB = "poverty.status_import"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COLUMNS = [
    Column(
        "household_code",
        "Mã hộ",
        False,
        "HH-0001",
        "Mã hộ trong hệ thống. Bỏ trống nếu ghi số định danh chủ hộ.",
        text=True,
    ),
    Column(
        "head_personal_id",
        "Số định danh chủ hộ",
        False,
        "011090012345",
        "12 chữ số. Dùng khi không ghi mã hộ; nếu ghi cả hai, phải cùng một hộ.",
        text=True,
    ),
    Column(
        "status",
        "Tình trạng",
        True,
        "Hộ nghèo",
        "Hộ nghèo, Hộ cận nghèo, Thoát nghèo, Mức sống trung bình, Khác.",
    ),
    Column(
        "decision_number",
        "Số quyết định",
        True,
        "125/QĐ-UBND",
        "Quyết định công nhận của Chủ tịch UBND xã.",
        text=True,
    ),
    Column("decision_date", "Ngày quyết định", True, "20/12/2025", "dd/mm/yyyy."),
    Column("valid_from", "Từ ngày", False, "", "dd/mm/yyyy. Bỏ trống: từ ngày quyết định."),
]
HEADERS = {c.key: c.header for c in COLUMNS}

_STATUSES: dict[str, str] = {}
for _value, _words in {
    Status.POOR: ("ho ngheo", "ngheo", "poor"),
    Status.NEAR_POOR: ("ho can ngheo", "can ngheo", "near_poor", "near-poor"),
    Status.ESCAPED: ("thoat ngheo", "ho thoat ngheo", "thoat can ngheo", "ho thoat can ngheo", "escaped"),
    Status.MIDDLE: ("muc song trung binh", "ho co muc song trung binh", "trung binh", "middle"),
    Status.OTHER: ("khac", "tren muc song trung binh", "other"),
}.items():
    for _word in _words:
        _STATUSES[_word] = str(_value)


@dataclass
class ImportResult:
    households: int
    poor: int
    near_poor: int
    others: int


@dataclass
class _Row:
    number: int
    household: Household
    status: str
    decision_number: str
    decision_date: dt.date
    valid_from: dt.date


class _Errors:
    def __init__(self) -> None:
        self.rows: list[RowError] = []

    def add(self, row: int, key: str, code: str, message: Any) -> None:
        self.rows.append(RowError(row, HEADERS.get(key, ""), key, code, str(message)))


def _text(value: Any) -> str:
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> dt.date | str | None:
    """A date, None when blank, or the text that is not one."""
    if blank(value):
        return None
    value = excel_date(value)
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    parts = text.split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            return text
    return text


def records_of(filename: str, content: bytes) -> list[dict[str, Any]]:
    table = read_table(filename, content)
    found = match_headers(COLUMNS, table[0])
    if "household_code" not in found and "head_personal_id" not in found:
        raise ApplicationError(
            "import.missing_columns",
            _("Columns missing from the header row: %(columns)s. Use the template.")
            % {"columns": f"{HEADERS['household_code']} / {HEADERS['head_personal_id']}"},
            field="file",
        )
    rows = table[1:]
    if len(rows) > MAX_ROWS:
        raise ApplicationError(
            "import.too_many_rows",
            _("The file has %(n)d rows; import at most %(max)d at a time.")
            % {"n": len(rows), "max": MAX_ROWS},
            field="file",
        )
    return [{key: row[i] if i < len(row) else "" for key, i in found.items()} for row in rows]


def _households(
    actor: Actor, records: list[dict[str, Any]]
) -> tuple[dict[str, Household], dict[str, Household]]:
    """The households in scope named in the file: by code, and by their head's personal ID."""
    codes = {_text(r.get("household_code")) for r in records} - {""}
    ids = {_text(r.get("head_personal_id")) for r in records} - {""}
    base = scope.restrict(Household.objects.select_related("commune"), actor)
    by_code = {h.code: h for h in base.filter(code__in=codes)}
    heads = scope.restrict(Person.objects.filter(personal_id__in=ids), actor).values_list("pk", "personal_id")
    pid_of = dict(heads)
    by_head = {pid_of[h.head_id]: h for h in base.filter(head_id__in=list(pid_of))}
    return by_code, by_head


def _check(actor: Actor, records: list[dict[str, Any]]) -> tuple[list[_Row], _Errors]:
    errors = _Errors()
    by_code, by_head = _households(actor, records)
    today = clock.today()
    rows: list[_Row] = []
    seen: dict[int, int] = {}
    for number, record in enumerate(records, start=2):
        code, pid = _text(record.get("household_code")), _text(record.get("head_personal_id"))
        household = None
        if not code and not pid:
            errors.add(
                number,
                "household_code",
                "household.required",
                _("Enter the household code or the head's personal ID."),
            )
        if code:
            household = by_code.get(code)
            if household is None:
                errors.add(
                    number,
                    "household_code",
                    "household.not_found",
                    _("No household with this code in your units."),
                )
        if pid:
            by_id = by_head.get(pid)
            if by_id is None:
                errors.add(
                    number,
                    "head_personal_id",
                    "head.not_found",
                    _("No household in your units has a head with this personal ID."),
                )
            elif household is not None and by_id.pk != household.pk:
                errors.add(
                    number,
                    "head_personal_id",
                    "head.other_household",
                    _("This person heads another household than the code names."),
                )
            household = household or by_id
        if household is not None and household.pk in seen:
            errors.add(
                number,
                "household_code",
                "household.twice",
                _("The household is already on row %(row)d of the file.") % {"row": seen[household.pk]},
            )
        elif household is not None:
            seen[household.pk] = number
        raw_status = _text(record.get("status"))
        status = _STATUSES.get(fold(raw_status).strip())
        if not raw_status:
            errors.add(number, "status", "status.required", _("Enter the household's status."))
        elif status is None:
            errors.add(
                number,
                "status",
                "status.unknown",
                _("Unknown status: write Hộ nghèo, Hộ cận nghèo, Thoát nghèo, Mức sống trung bình or Khác."),
            )
        decision = _text(record.get("decision_number"))
        if not decision:
            errors.add(number, "decision_number", "decision_number.required", _("Enter the decision number."))
        elif len(decision) > 40:
            errors.add(
                number, "decision_number", "decision_number.too_long", _("The decision number is too long.")
            )
        day = _date(record.get("decision_date"))
        if day is None:
            errors.add(number, "decision_date", "decision_date.required", _("Enter the decision date."))
        elif not isinstance(day, dt.date):
            errors.add(number, "decision_date", "decision_date.invalid", _("Write the date as dd/mm/yyyy."))
        elif day > today:
            errors.add(number, "decision_date", "decision_date.future", _("The date is in the future."))
        start = _date(record.get("valid_from"))
        if start is not None and not isinstance(start, dt.date):
            errors.add(number, "valid_from", "valid_from.invalid", _("Write the date as dd/mm/yyyy."))
        elif isinstance(start, dt.date) and isinstance(day, dt.date) and start < day:
            errors.add(
                number,
                "valid_from",
                "valid_from.before_decision",
                _("The status cannot run from before the decision's date."),
            )
        elif isinstance(start, dt.date) and start > today:
            errors.add(number, "valid_from", "valid_from.future", _("The date is in the future."))
        if household is not None and status and decision and len(decision) <= 40 and isinstance(day, dt.date):
            rows.append(
                _Row(number, household, status, decision, day, start if isinstance(start, dt.date) else day)
            )
    return rows, errors


def _transition(previous: PovertyStatus | None, status: str, ever_poor: bool) -> tuple[str, str]:
    """The transition an imported status makes from the one before (as a commune's decision counts it). An
    escaped household with no status before it is counted as having escaped poverty."""
    if status == Status.ESCAPED:
        if previous is not None and previous.status == Status.NEAR_POOR:
            return Status.ESCAPED, Transition.ESCAPED_NEAR_POVERTY
        return Status.ESCAPED, Transition.ESCAPED_POVERTY
    return transition_of(previous, status, ever_poor)


@transaction.atomic
def import_statuses(*, actor: Actor, filename: str, content: bytes) -> ImportResult:
    """Every row's status, or none (ImportRefused names every refused row, its column and the reason)."""
    require(actor, "poverty.change")
    records = records_of(filename, content)
    rows, errors = _check(actor, records)
    ids = [r.household.pk for r in rows]
    current = {
        s.household_id: s
        for s in PovertyStatus.objects.select_for_update().filter(household_id__in=ids, valid_to__isnull=True)
    }
    latest: dict[int, dt.date] = {}
    for household_id, valid_from in PovertyStatus.objects.filter(household_id__in=ids).values_list(
        "household_id", "valid_from"
    ):
        latest[household_id] = max(valid_from, latest.get(household_id, valid_from))
    for row in rows:
        last = latest.get(row.household.pk)
        if last is not None and last >= row.valid_from:
            errors.add(
                row.number,
                "valid_from" if row.valid_from != row.decision_date else "decision_date",
                "status.later_recorded",
                _("The household already has a status from %(day)s: a status can only follow it.")
                % {"day": last.strftime("%d/%m/%Y")},
            )
    if errors.rows:
        raise ImportRefused(sorted(errors.rows, key=lambda e: e.row), len(records))
    ever_poor = set(
        PovertyStatus.objects.filter(household_id__in=ids, status=Status.POOR).values_list(
            "household_id", flat=True
        )
    )
    made = []
    for row in rows:
        status, transition = _transition(
            current.get(row.household.pk), row.status, row.household.pk in ever_poor
        )
        made.append(
            bulk.NewStatus(
                household_id=row.household.pk,
                commune_id=row.household.commune_id,
                province_code=row.household.province_code,
                status=status,
                transition=transition,
                valid_from=row.valid_from,
                decision_number=row.decision_number,
                decision_date=row.decision_date,
            )
        )
    # Set-based: the current statuses closed the day before, the new ones and their audit events streamed in.
    bulk.write_statuses(actor=actor, rows=made, audit_extra={"imported": filename[:100]})
    counts = {"poor": 0, "near_poor": 0}
    for s in made:
        if s.status in counts:
            counts[s.status] += 1
    audit.record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="poverty.status_import",
        object_label=filename[:200],
        province_code=getattr(getattr(actor, "scope_unit", None), "province_code", "") or "",
        after={
            "file": filename[:200],
            "sha256": hashlib.sha256(content).hexdigest(),
            "rows": len(made),
            **counts,
        },
    )
    return ImportResult(
        households=len(made),
        poor=counts["poor"],
        near_poor=counts["near_poor"],
        others=len(made) - counts["poor"] - counts["near_poor"],
    )


def import_or_start(*, actor: Actor, filename: str, content: bytes) -> ImportResult | Any:
    """A file of at most SYNC_ROWS rows is imported now (an ImportResult, or ImportRefused); a longer one
    (up to MAX_ROWS) goes to the task queue, all or nothing as well, and its Job is returned."""
    require(actor, "poverty.change")
    records = records_of(filename, content)  # the header and the size are checked before anything waits
    if len(records) <= SYNC_ROWS:
        return import_statuses(actor=actor, filename=filename, content=content)
    import uuid
    from pathlib import Path

    from django.conf import settings

    from ansinh.core.jobs import job_start

    folder = Path(settings.FILES_DIR, "poverty", "imports")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(filename).suffix.lower()[:6]}"
    path.write_bytes(content)
    province = getattr(getattr(actor, "scope_unit", None), "province_code", "") or ""
    return job_start(
        actor=actor, kind=JOB, params={"path": str(path), "filename": filename[:200]}, province_code=province
    )


def template_xlsx() -> bytes:
    """The import template: the data sheet (header and an example row) and the instructions."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    required = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True})
    as_text = book.add_format({"num_format": "@"})
    data = book.add_worksheet("Dữ liệu")
    for i, column in enumerate(COLUMNS):
        data.write_string(0, i, column.header, required if column.required else head)
        data.set_column(i, i, max(16, len(column.header) + 4), as_text if column.text else None)
        data.write_string(1, i, str(column.example))
    data.freeze_panes(1, 0)
    sheet = book.add_worksheet("Hướng dẫn")
    sheet.write_row(0, 0, ["Cột", "Bắt buộc", "Ví dụ", "Ghi chú"], head)
    for row, column in enumerate(COLUMNS, start=1):
        sheet.write_row(
            row, 0, [column.header, "Có" if column.required else "", str(column.example), column.help]
        )
    sheet.write_string(
        len(COLUMNS) + 2,
        0,
        "Mỗi dòng là một hộ. Xóa dòng ví dụ trước khi nhập. Tệp CSV phải lưu dạng UTF-8. "
        "Nếu có dòng lỗi, không dòng nào được nhập; hệ thống liệt kê mọi dòng lỗi, cột và lý do.",
    )
    sheet.set_column(0, 0, 24)
    sheet.set_column(3, 3, 90)
    book.close()
    return out.getvalue()
