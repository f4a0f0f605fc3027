"""Import of job seekers and vacancies from a spreadsheet (.xlsx) or a CSV file — all or nothing.

The file
--------
The first sheet (xlsx) or the file (csv, UTF-8 with or without a byte-order mark; separator "," ";" or
tab) has one header row, then one row per record. Headers are matched without regard to accents or case
("Ho va ten" = "Họ và tên"); the English field key (`full_name`) is accepted too. Columns not listed are
ignored. `template_xlsx(kind)` writes the template: the header row, an example row, an instructions
sheet (each column: required or not, format, allowed values) and the occupation codes.

The column headers are Vietnamese constants, not translations: they are a file format that the
centres' spreadsheets share, whatever language the page is shown in.

All or nothing
--------------
Every row is first read and checked outside any transaction; then every row goes through the same
service as the form (`seeker_register`, `vacancy_create`), inside one transaction, each in its own
savepoint. A refused row is collected with its row number (as the spreadsheet numbers it: the header is
row 1), column and reason, and the next row is tried. If any row was refused, the whole transaction is
rolled back and `ImportRefused` lists every refusal: nothing is half-imported, and one pass shows the
counsellor everything to correct.

Nothing twice
-------------
A file imported successfully is recorded by the sha256 of its bytes (`ImportRecord`, per kind and
province) and refused if it comes again, naming when and by whom it was imported. A row for a person
with an open registration is refused by `seeker_register`; a row repeating an open vacancy of the same
employer (title, place of work, posts, opening day) is refused here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ansinh.core import audit, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict, ValidationFailed
from ansinh.core.scope import require
from ansinh.core.tabular import Column, ImportRefused, RowError, blank, read_table
from ansinh.core.text import fold
from ansinh.geo.models import AdminUnit, Level
from ansinh.labour.models import (
    Employer,
    EmploymentStatus,
    GeneralEducation,
    ImportRecord,
    Qualification,
    UnemploymentBenefitStatus,
    Vacancy,
    VacancyStatus,
    WorkType,
)
from ansinh.labour.reference import classifications
from ansinh.labour.registration import services
from ansinh.labour.registration.inputs import parse_person_leniently, parse_seeker, parse_vacancy, submit

MAX_ROWS = 5_000  # imported inside the web request; longer files go to the task queue (`import_or_start`)
JOB_MAX_ROWS = 100_000  # the most one file may hold
JOB = "labour.import"
SEEKERS, VACANCIES = "seekers", "vacancies"
KINDS = (SEEKERS, VACANCIES)


SEEKER_COLUMNS = [
    Column(
        "personal_id",
        "Số định danh cá nhân",
        False,
        "011090012345",
        "12 chữ số (CCCD). Nếu đã có trong hệ thống, người lao động được nhận ra theo số này.",
        text=True,
    ),
    Column("full_name", "Họ và tên", True, "Lò Văn Thắng"),
    Column("birth_date", "Ngày sinh", False, "16/05/1990", "dd/mm/yyyy. Bỏ trống nếu chỉ biết năm sinh."),
    Column("birth_year", "Năm sinh", False, "", "Chỉ khi không biết ngày sinh đầy đủ."),
    Column("sex", "Giới tính", True, "Nam", "Nam hoặc Nữ."),
    Column(
        "ethnicity", "Mã dân tộc", False, "01", "Mã 2 chữ số của Tổng cục Thống kê (01 = Kinh).", text=True
    ),
    Column(
        "commune", "Mã xã/phường nơi ở", True, "03199", "Mã 5 chữ số của xã/phường (sau 1/7/2025).", text=True
    ),
    Column("address_detail", "Địa chỉ (thôn, bản, tổ dân phố)", False, "Bản Noong Bua"),
    Column("phone", "Điện thoại", False, "0912345678", text=True),
    Column("email", "Thư điện tử", False, ""),
    Column(
        "title",
        "Công việc mong muốn",
        True,
        "Thợ hàn điện",
        "Viết như người lao động nói; mã nghề được suy ra nếu cột Mã nghề để trống.",
    ),
    Column(
        "occupation_codes",
        "Mã nghề",
        False,
        "7212",
        "Mã nghề cấp 4 (Danh mục nghề nghiệp Việt Nam); nhiều mã cách nhau bởi dấu phẩy, mã đầu là chính.",
        text=True,
    ),
    Column(
        "general_education", "Trình độ học vấn", True, "Trung học phổ thông", "Xem trang Danh sách giá trị."
    ),
    Column("qualification", "Trình độ chuyên môn kỹ thuật", False, "Sơ cấp", "Xem trang Danh sách giá trị."),
    Column("field_of_study", "Chuyên ngành đào tạo", False, "Hàn"),
    Column("certificates", "Chứng chỉ", False, "Chứng chỉ hàn 3G"),
    Column("skills", "Kỹ năng", False, "Hàn MIG; đọc bản vẽ", "Các kỹ năng cách nhau bởi dấu chấm phẩy."),
    Column("experience_years", "Số năm kinh nghiệm", False, 3),
    Column("wage_min", "Lương mong muốn từ (đồng/tháng)", False, 7000000),
    Column("wage_max", "Lương mong muốn đến (đồng/tháng)", False, 10000000),
    Column("work_type", "Hình thức làm việc", False, "Toàn thời gian", "Xem trang Danh sách giá trị."),
    Column(
        "desired_provinces",
        "Tỉnh muốn làm việc (mã tỉnh)",
        False,
        "11, 01",
        "Mã 2 chữ số, cách nhau bởi dấu phẩy.",
        text=True,
    ),
    Column("willing_to_move", "Sẵn sàng đi làm xa", False, "Có", "Có hoặc Không."),
    Column("employment_status", "Tình trạng việc làm", False, "Thất nghiệp", "Xem trang Danh sách giá trị."),
    Column("ui_status", "Bảo hiểm thất nghiệp", False, "", "Xem trang Danh sách giá trị."),
    Column("consent_contact", "Đồng ý được liên hệ", False, "Có", "Có hoặc Không."),
    Column("registered_on", "Ngày đăng ký", False, "", "dd/mm/yyyy; bỏ trống là hôm nay."),
    Column(
        "link_to",
        "Là người số",
        False,
        "",
        "Khi hệ thống báo có người có thể trùng: số (mã) của người đã có trong hệ thống.",
    ),
    Column("new_reason", "Lý do tạo người mới", False, "", "Khi có người có thể trùng nhưng là người khác."),
]

VACANCY_COLUMNS = [
    Column(
        "employer_tax_code",
        "Mã số thuế doanh nghiệp",
        True,
        "5600123456",
        "Doanh nghiệp phải đã được đăng ký trong hệ thống.",
        text=True,
    ),
    Column(
        "reference",
        "Mã tin tuyển dụng",
        False,
        "TD-2026-01",
        "Mã riêng của doanh nghiệp; không trùng trong cùng doanh nghiệp.",
        text=True,
    ),
    Column("title", "Vị trí tuyển dụng", True, "Công nhân may công nghiệp"),
    Column(
        "occupation_code", "Mã nghề", False, "8153", "Bỏ trống để suy ra từ vị trí tuyển dụng.", text=True
    ),
    Column("description", "Mô tả công việc", False, "May hoàn thiện áo sơ mi xuất khẩu."),
    Column("posts", "Số lượng cần tuyển", True, 20),
    Column("wage_min", "Lương từ (đồng/tháng)", False, 6000000),
    Column("wage_max", "Lương đến (đồng/tháng)", False, 9000000),
    Column("work_type", "Hình thức làm việc", False, "Toàn thời gian", "Xem trang Danh sách giá trị."),
    Column(
        "min_general_education", "Học vấn tối thiểu", False, "Trung học cơ sở", "Xem trang Danh sách giá trị."
    ),
    Column("min_qualification", "Trình độ CMKT tối thiểu", False, "", "Xem trang Danh sách giá trị."),
    Column("skills", "Kỹ năng yêu cầu", False, "May máy 1 kim", "Các kỹ năng cách nhau bởi dấu chấm phẩy."),
    Column("min_experience_years", "Kinh nghiệm tối thiểu (năm)", False, 0),
    Column("age_min", "Tuổi từ", False, "", "Chỉ khi pháp luật quy định; khi đó ghi căn cứ."),
    Column("age_max", "Tuổi đến", False, ""),
    Column("age_reason", "Căn cứ giới hạn tuổi", False, ""),
    Column(
        "commune",
        "Mã xã/phường nơi làm việc",
        False,
        "",
        "Bỏ trống là xã/phường của doanh nghiệp.",
        text=True,
    ),
    Column("address_detail", "Địa chỉ làm việc", False, "Cụm công nghiệp"),
    Column("opened_on", "Ngày đăng tin", False, "", "dd/mm/yyyy; bỏ trống là hôm nay."),
    Column("deadline", "Hạn nộp hồ sơ", False, "30/06/2026", "dd/mm/yyyy."),
]

COLUMNS = {SEEKERS: SEEKER_COLUMNS, VACANCIES: VACANCY_COLUMNS}
_HEADERS = {column.key: column.header for column in (*SEEKER_COLUMNS, *VACANCY_COLUMNS)}
_PERSON_KEYS = (
    "personal_id",
    "full_name",
    "birth_date",
    "birth_year",
    "sex",
    "ethnicity",
    "address_detail",
    "phone",
    "link_to",
    "new_reason",
)
_CHOICE_COLUMNS = {
    "general_education": GeneralEducation,
    "min_general_education": GeneralEducation,
    "qualification": Qualification,
    "min_qualification": Qualification,
    "work_type": WorkType,
    "employment_status": EmploymentStatus,
    "ui_status": UnemploymentBenefitStatus,
}
_DATE_KEYS = {"birth_date", "registered_on", "opened_on", "deadline"}
_SEX = {"nam": "M", "m": "M", "male": "M", "nu": "F", "f": "F", "female": "F"}
_EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass
class ImportResult:
    kind: str
    created: int
    ids: list[int] = field(default_factory=list)


# --- cell values -------------------------------------------------------------------------------------


@dataclass
class _Header:
    index: int
    column: Column


def _match_headers(kind: str, header: list[Any]) -> list[_Header]:
    columns = COLUMNS[kind]
    by_key: dict[str, Column] = {}
    for column in columns:
        by_key[fold(column.header)] = column
        by_key[column.key] = column
    matched = [
        _Header(i, by_key[fold(str(value or "")).strip()])
        for i, value in enumerate(header)
        if fold(str(value or "")).strip() in by_key
    ]
    seen: dict[str, int] = {}
    for h in matched:
        if h.column.key in seen:
            raise ApplicationError(
                "import.duplicate_column",
                _("The column %(column)s appears twice in the header row (columns %(first)d and %(second)d); "
                  "keep one of them and import again.")
                % {"column": h.column.header, "first": seen[h.column.key] + 1, "second": h.index + 1},
                field="file",
            )  # fmt: skip
        seen[h.column.key] = h.index
    present = {h.column.key for h in matched}
    missing = [c.header for c in columns if c.required and c.key not in present]
    if kind == SEEKERS and "full_name" not in present and "personal_id" in present:
        missing = [m for m in missing if m != "Họ và tên"]
    if missing:
        raise ApplicationError(
            "import.missing_columns",
            _("Columns missing from the header row: %(columns)s. Use the template.")
            % {"columns": ", ".join(missing)},
            field="file",
        )
    return matched


def _cell(column: Column, value: Any) -> Any:
    """A spreadsheet value made ready for the input parsers (leading zeros, dates, choice labels)."""
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if column.key in _DATE_KEYS and isinstance(value, int | float) and not isinstance(value, bool):
        return _EXCEL_EPOCH + dt.timedelta(days=int(value)) if 1 <= value <= 80_000 else str(value)
    if column.text and isinstance(value, int):
        return _restore_zeros(column.key, str(value))
    if column.key == "sex":
        return _SEX.get(fold(str(value)).strip(), str(value))
    if column.key in _CHOICE_COLUMNS:
        return _choice_value(_CHOICE_COLUMNS[column.key], value)
    return value


def _restore_zeros(key: str, digits: str) -> str:
    """A number typed into a cell loses its leading zero: 011090012345 becomes 11090012345."""
    widths = {"personal_id": 12, "commune": 5, "ethnicity": 2, "employer_tax_code": 10, "phone": 10}
    width = widths.get(key)
    if key == "employer_tax_code" and len(digits) in (12, 13):
        width = 13
    if key == "phone" and len(digits) == 10:
        width = 11
    return digits.zfill(width) if width else digits


# The Vietnamese names of the choices in files (the template's value lists; accepted on import, as are
# the stored values and the English labels).
VI_LABELS: dict[Any, dict[Any, str]] = {
    GeneralEducation: {
        0: "Chưa tốt nghiệp tiểu học",
        1: "Tiểu học",
        2: "Trung học cơ sở",
        3: "Trung học phổ thông",
    },
    Qualification: {
        0: "Chưa qua đào tạo",
        1: "Đào tạo dưới 3 tháng",
        2: "Sơ cấp",
        3: "Trung cấp",
        4: "Cao đẳng",
        5: "Đại học",
        6: "Thạc sĩ",
        7: "Tiến sĩ",
    },
    WorkType: {
        "full_time": "Toàn thời gian",
        "part_time": "Bán thời gian",
        "seasonal": "Thời vụ",
        "any": "Bất kỳ",
    },
    EmploymentStatus: {
        "unemployed": "Thất nghiệp",
        "employed": "Đang có việc, muốn đổi việc",
        "never_worked": "Tìm việc lần đầu",
        "student": "Học sinh, sinh viên",
    },
    UnemploymentBenefitStatus: {
        "none": "Không hưởng",
        "applied": "Đã nộp hồ sơ",
        "receiving": "Đang hưởng trợ cấp thất nghiệp",
        "ended": "Đã hết hưởng",
    },
}
_labels_cache: dict[Any, dict[str, Any]] = {}


def _choice_value(choices: Any, value: Any) -> Any:
    """The stored value for a stored value, or the Vietnamese or English name of a choice."""
    labels = _labels_cache.get(choices)
    if labels is None:
        labels = {}
        for stored, label in choices.choices:
            labels[fold(str(stored))] = stored
            with translation.override("en"):
                labels[fold(str(label))] = stored
            labels[fold(VI_LABELS[choices][stored])] = stored
        _labels_cache[choices] = labels
    return labels.get(fold(str(value)).strip(), value)


def _communes(codes: set[str]) -> dict[str, int]:
    return dict(
        AdminUnit.objects.current().filter(level=Level.COMMUNE, code__in=codes).values_list("code", "pk")
    )


# --- importing ---------------------------------------------------------------------------------------


def import_file(
    *,
    actor: Actor,
    kind: str,
    filename: str,
    content: bytes,
    max_rows: int = MAX_ROWS,
    progress: Callable[..., Any] | None = None,
) -> ImportResult:
    """Import every row of the file or none; raises ImportRefused (row errors) or ApplicationError (file,
    among them `import.already_imported` for a file imported before in the actor's province)."""
    _check_kind(actor, kind)
    upload = _Upload.of(kind, filename, content)
    _refuse_imported_before(actor, upload)
    return _import_table(actor, upload, read_table(filename, content), max_rows, progress)


def import_or_start(*, actor: Actor, kind: str, filename: str, content: bytes) -> ImportResult | Any:
    """Import a file of at most MAX_ROWS records now (an ImportResult); hand a longer one (up to
    JOB_MAX_ROWS) to the task queue, all or nothing as well, and return its Job: the job's result lists
    every refused row. The file is read once here; the job reads its kept copy."""
    _check_kind(actor, kind)
    upload = _Upload.of(kind, filename, content)
    _refuse_imported_before(actor, upload)
    table = read_table(filename, content)
    records = len(table) - 1
    if records <= MAX_ROWS:
        return _import_table(actor, upload, table, MAX_ROWS, None)
    _check_size(records, JOB_MAX_ROWS)
    return _start_job(actor, kind, filename, content)


def _check_kind(actor: Actor, kind: str) -> None:
    require(actor, "labour.change")
    if kind not in KINDS:
        raise ApplicationError("import.bad_kind", _("Unknown import type."))


def _import_table(
    actor: Actor,
    upload: _Upload,
    rows: list[list[Any]],
    max_rows: int,
    progress: Callable[..., Any] | None,
) -> ImportResult:
    headers = _match_headers(upload.kind, rows[0])
    data_rows = rows[1:]
    _check_size(len(data_rows), max_rows)
    records = [{h.column.key: _cell(h.column, row[h.index] if h.index < len(row) else "") for h in headers}
               for row in data_rows]  # fmt: skip
    by_key = {h.column.key: h.column.header for h in headers}
    check = _seeker_row if upload.kind == SEEKERS else _vacancy_row
    context = _context(actor, upload.kind, records)
    width = max((i + 1 for i, value in enumerate(rows[0]) if not blank(value)), default=0)
    shifted = {n for n, row in enumerate(data_rows, start=2) if any(not blank(v) for v in row[width:])}

    def one(number: int, record: dict[str, Any]) -> _Row:
        return _shifted_row(width) if number in shifted else check(actor, record, context)

    return _run(actor, upload, records, by_key, one, progress or _no_progress)


def _shifted_row(width: int) -> _Row:
    """A row with values right of the header's last column: a value holding the separator (an unquoted
    comma in a name or an address) has shifted the cells after it, so every column from there on would
    be read from its neighbour. Refused as such, instead of as a list of puzzling cell errors."""
    error = ApplicationError(
        "import.extra_cells",
        _("The row has values beyond the last column of the header (column %(column)d): a value probably "
          "holds the separator and has shifted the cells after it. Put such values in quotes, or use the "
          "template, and import again.") % {"column": width},
    )  # fmt: skip
    return _Row([error], lambda: 0, final=True)


def _no_progress(done: int, total: int, message: Any) -> None:
    return None


@dataclass(frozen=True)
class _Upload:
    kind: str
    filename: str
    sha256: str  # of the file's bytes: the same file imported twice is refused

    @classmethod
    def of(cls, kind: str, filename: str, content: bytes) -> _Upload:
        return cls(kind, filename, hashlib.sha256(content).hexdigest())


def _province(actor: Actor) -> str:
    return getattr(getattr(actor, "scope_unit", None), "province_code", "") or ""


def _refuse_imported_before(actor: Actor, upload: _Upload) -> None:
    """Refuse, before any work, a file already imported in the actor's province."""
    earlier = ImportRecord.objects.filter(
        kind=upload.kind, province_code=_province(actor), sha256=upload.sha256
    ).first()
    if earlier is not None:
        raise _already_imported(earlier)


def _record_file(actor: Actor, upload: _Upload, rows: int) -> None:
    """Record the file in the import's transaction: kept only if the import is. Two uploads of one file at
    the same time meet at the unique constraint; the second is refused like any repeat."""
    province = _province(actor)
    try:
        with transaction.atomic():
            ImportRecord.objects.create(
                kind=upload.kind,
                province_code=province,
                sha256=upload.sha256,
                filename=upload.filename[:200],
                rows=rows,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:
        earlier = ImportRecord.objects.get(kind=upload.kind, province_code=province, sha256=upload.sha256)
        raise _already_imported(earlier) from None


def _already_imported(earlier: ImportRecord) -> Conflict:
    user = earlier.created_by
    who = "—"
    if user is not None:
        name = user.get_full_name()
        who = f"{name} ({user.get_username()})" if name else user.get_username()
    when = timezone.localtime(earlier.created_at).strftime("%d/%m/%Y %H:%M")
    return Conflict(
        "import.already_imported",
        _("This file was already imported on %(when)s by %(who)s (%(rows)d rows, file “%(file)s”); "
          "nothing was imported again. To add records, import a file with the new rows only.")
        % {"when": when, "who": who, "rows": earlier.rows, "file": earlier.filename},
        field="file",
    )  # fmt: skip


def _check_size(rows: int, max_rows: int) -> None:
    if rows > max_rows:
        raise ApplicationError(
            "import.too_many_rows",
            _("The file has %(n)d rows; import at most %(max)d at a time.") % {"n": rows, "max": max_rows},
            field="file",
        )


def _start_job(actor: Actor, kind: str, filename: str, content: bytes) -> Any:
    """Keep the file where the worker can read it, and queue its import (`labour.jobs.import_job`)."""
    import uuid
    from pathlib import Path

    from django.conf import settings

    from ansinh.core.jobs import job_start

    folder = Path(settings.FILES_DIR, "labour", "imports")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(filename).suffix.lower()[:6]}"
    path.write_bytes(content)
    province = _province(actor)
    params = {"kind": kind, "path": str(path), "filename": filename[:200]}
    return job_start(actor=actor, kind=JOB, params=params, province_code=province)


def _context(actor: Actor, kind: str, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Lookups done once for the whole file: commune codes, and employers by tax code (in scope)."""
    codes = {str(r.get("commune", "")) for r in records if r.get("commune")}
    context: dict[str, Any] = {"communes": _communes(codes)}
    if kind == VACANCIES:
        tax_codes = {str(r.get("employer_tax_code", "")).replace("-", "").replace(" ", "") for r in records}
        employers = scope.restrict(Employer.objects.filter(tax_code__in=tax_codes), actor)
        context["employers"] = dict(employers.values_list("tax_code", "pk"))
    return context


PROGRESS_EVERY = 500  # rows between two progress reports of a job


def _run(
    actor: Actor,
    upload: _Upload,
    records: list[dict[str, Any]],
    headers: dict[str, str],
    check: Callable[[int, dict[str, Any]], _Row],
    progress: Callable[..., Any],
) -> ImportResult:
    """Two passes, each counted as half of the job's progress. First every row is read and checked
    outside any transaction, so that a job's progress is written as it goes. Then every row goes through
    its service inside one transaction, each in a savepoint; its progress goes by the job's side channel
    (`core.jobs.Progress`), since the rows written here stay invisible until the end."""
    total, steps = len(records), 2 * len(records)
    checked: list[_Row] = []
    for done, record in enumerate(records, start=1):
        checked.append(check(done + 1, record))
        if done % PROGRESS_EVERY == 0:
            progress(done, steps, _("Checking rows"))
    progress(total, steps, _("Importing rows"))
    refused: list[RowError] = []
    ids: list[int] = []
    with transaction.atomic():
        _record_file(actor, upload, total)
        for number, row in enumerate(checked, start=2):
            try:
                if row.final:
                    raise ValidationFailed(row.errors)
                with transaction.atomic():
                    ids.append(submit(row.errors, row.write, quiet=row.quiet))
            except ValidationFailed as exc:
                refused.extend(_row_error(number, e, headers) for e in exc.errors)
            except ApplicationError as exc:
                refused.append(_row_error(number, exc, headers))
            if (number - 1) % PROGRESS_EVERY == 0:
                progress(total + number - 1, steps, _("Importing rows"))
        if refused:
            raise ImportRefused(refused, total=total)  # rolls the whole transaction back
        audit.record(
            actor=actor,
            action="create",
            object_type=f"labour.import_{upload.kind}",
            object_label=upload.filename[:200],
            province_code=_province(actor),
            after={
                "rows": total,
                "created": len(ids),
                "file": upload.filename[:200],
                "sha256": upload.sha256,
            },
        )
    return ImportResult(kind=upload.kind, created=len(ids), ids=ids)


# Service field names that differ from the import column keys.
_FIELD_TO_KEY = {
    "occupation_codes": "occupation_codes",
    "employer": "employer_tax_code",
    "commune": "commune",
}


def _row_error(row: int, error: ApplicationError, headers: dict[str, str]) -> RowError:
    key = _FIELD_TO_KEY.get(error.field or "", error.field or "")
    return RowError(row, headers.get(key, ""), error.field or "", error.code, str(error.message))


@dataclass
class _Row:
    """A row read and checked: the errors found in its cells, and the service call that writes it."""

    errors: list[ApplicationError]
    write: Callable[[], int]
    quiet: set[str] = field(default_factory=set)
    final: bool = False  # refused as it stands: the service is not asked


def _seeker_row(actor: Actor, record: dict[str, Any], context: dict[str, Any]) -> _Row:
    """One row for `seeker_register`; unreadable cells and the service's refusals reported together."""
    errors: list[ApplicationError] = []
    record = _known_choices(record, errors)
    commune_id = _commune_id(record, context, errors)
    seeker_raw = {k: v for k, v in record.items() if k not in _PERSON_KEYS}
    seeker_raw["commune_id"] = commune_id
    person_raw = {k: record.get(k, "") for k in _PERSON_KEYS}
    person_raw["commune_id"] = commune_id
    person_raw["confirm_new"] = bool(str(record.get("new_reason") or "").strip())
    data = parse_seeker(seeker_raw, collect=errors)
    person = parse_person_leniently(person_raw, errors)
    return _Row(errors, lambda: services.seeker_register(actor=actor, data=data, person=person).pk)


def _vacancy_row(actor: Actor, record: dict[str, Any], context: dict[str, Any]) -> _Row:
    errors: list[ApplicationError] = []
    record = _known_choices(record, errors)
    tax = str(record.get("employer_tax_code", "")).replace("-", "").replace(" ", "")
    employer_id = context["employers"].get(tax)
    if employer_id is None:
        message = _("No employer with tax code %(code)s is registered in your area; register it first.")
        errors.append(
            ApplicationError("employer.not_found", message % {"code": tax or "—"}, field="employer")
        )
    raw = {k: v for k, v in record.items() if k not in ("employer_tax_code", "commune")}
    raw["employer_id"] = employer_id
    raw["commune_id"] = _commune_id(record, context, errors)
    data = parse_vacancy(raw, collect=errors)
    # Without its employer a vacancy has no default place either: one error, not two.
    quiet = {"commune"} if employer_id is None and raw["commune_id"] is None else set()
    return _Row(errors, lambda: _vacancy_once(services.vacancy_create(actor=actor, data=data)), quiet)


def _vacancy_once(vacancy: Vacancy) -> int:
    """A row repeating an open vacancy of the same employer (same title, place of work, posts and opening
    day) is a file imported twice or a row copied twice, not a second vacancy. Titles are compared as the
    service keys them, so spacing or case do not hide a repeat; raising rolls the row back."""
    twin = (
        Vacancy.objects.filter(
            employer_id=vacancy.employer_id,
            status=VacancyStatus.OPEN,
            title_accented=vacancy.title_accented,
            commune_id=vacancy.commune_id,
            posts=vacancy.posts,
            opened_on=vacancy.opened_on,
        )
        .exclude(pk=vacancy.pk)
        .values_list("pk", flat=True)
        .first()
    )
    if twin is not None:
        raise Conflict(
            "vacancy.duplicate",
            _("The employer already has this open vacancy (no. %(id)d: same title, place of work, number "
              "of posts and opening date); it is not recorded twice.") % {"id": twin},
        )  # fmt: skip
    return vacancy.pk


def _known_choices(record: dict[str, Any], errors: list[ApplicationError]) -> dict[str, Any]:
    """A label that names no choice is reported as such, with the allowed labels (not as "must be a whole
    number" by the parser it would otherwise reach); the cell is then left empty."""
    out = dict(record)
    for key, choices in _CHOICE_COLUMNS.items():
        value = out.get(key)
        if value in (None, "") or value in {stored for stored, _label in choices.choices}:
            continue
        allowed = ", ".join(VI_LABELS[choices].values())
        message = _("unknown value “%(value)s” for %(column)s; allowed: %(allowed)s")
        params = {"value": str(value)[:60], "column": _HEADERS.get(key, key), "allowed": allowed}
        errors.append(ApplicationError("field.unknown_choice", message % params, field=key))
        out[key] = ""
    return out


def _commune_id(
    record: dict[str, Any], context: dict[str, Any], errors: list[ApplicationError]
) -> int | None:
    code = str(record.get("commune") or "")
    if not code:
        return None
    commune_id = context["communes"].get(code)
    if commune_id is None:
        message = _("Unknown commune code %(code)s.") % {"code": code}
        errors.append(ApplicationError("commune.not_found", message, field="commune"))
    return commune_id


# --- the template ------------------------------------------------------------------------------------


def template_xlsx(kind: str) -> bytes:
    """The import template: the data sheet with its header and an example row, the instructions, the
    allowed values and the occupation codes."""
    import xlsxwriter

    if kind not in KINDS:
        raise ApplicationError("import.bad_kind", _("Unknown import type."))
    columns = COLUMNS[kind]
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    required = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True})
    as_text = book.add_format({"num_format": "@"})
    data = book.add_worksheet("Dữ liệu")
    for i, column in enumerate(columns):
        data.write_string(0, i, column.header, required if column.required else bold)
        data.set_column(i, i, max(14, min(40, len(column.header) + 4)), as_text if column.text else None)
        example = column.example
        if isinstance(example, int):
            data.write_number(1, i, example)
        else:
            data.write_string(1, i, str(example))
    data.freeze_panes(1, 0)
    _instructions(book, columns, bold)
    _value_lists(book, bold)
    book.close()
    return out.getvalue()


def _instructions(book: Any, columns: list[Column], bold: Any) -> None:
    sheet = book.add_worksheet("Hướng dẫn")
    sheet.write_row(0, 0, ["Cột", "Bắt buộc", "Ví dụ", "Ghi chú"], bold)
    for row, column in enumerate(columns, start=1):
        sheet.write_row(
            row, 0, [column.header, "Có" if column.required else "", str(column.example), column.help]
        )
    note = len(columns) + 2
    sheet.write_string(
        note,
        0,
        "Xóa dòng ví dụ trước khi nhập. Tệp CSV phải lưu dạng UTF-8. Nếu có dòng lỗi, "
        "không dòng nào được nhập; hệ thống liệt kê mọi dòng lỗi và lý do.",
    )
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 2, 16)
    sheet.set_column(3, 3, 80)


def _value_lists(book: Any, bold: Any) -> None:
    sheet = book.add_worksheet("Danh sách giá trị")
    row = 0
    for title, choices in (
        ("Trình độ học vấn", GeneralEducation),
        ("Trình độ chuyên môn kỹ thuật", Qualification),
        ("Hình thức làm việc", WorkType),
        ("Tình trạng việc làm", EmploymentStatus),
        ("Bảo hiểm thất nghiệp", UnemploymentBenefitStatus),
    ):
        sheet.write_string(row, 0, title, bold)
        for value, label in VI_LABELS[choices].items():
            row += 1
            sheet.write_row(row, 0, [label, str(value)])
        row += 2
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 1, 16)
    codes = book.add_worksheet("Mã nghề")
    codes.write_row(0, 0, ["Mã nghề", "Tên nghề (tạm dịch từ ISCO-08)", "ISCO-08"], bold)
    unit_groups = [
        g for g in classifications.occupations().values() if g.level == classifications.UNIT_GROUP_LEVEL
    ]
    for i, group in enumerate(unit_groups, start=1):
        codes.write_row(i, 0, [group.code, group.name, group.name_en])
    codes.set_column(0, 0, 10)
    codes.set_column(1, 2, 60)
