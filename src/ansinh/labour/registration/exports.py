"""Exports of seeker and vacancy lists as .xlsx or .csv (UTF-8 with a byte-order mark, so Excel reads the
accents). Personal data is masked as in on-screen lists: personal ID "011******345", phone "091****678",
year of birth only. Every export is an audited read.

Headers are Vietnamese constants like the import template's: the files go to Vietnamese offices.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ansinh.core import audit, clock, csvfile
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.masking import mask_phone
from ansinh.core.models import AuditAction
from ansinh.labour.models import (
    EmploymentStatus,
    GeneralEducation,
    JobSeeker,
    Qualification,
    SeekerStatus,
    Vacancy,
    VacancyStatus,
    WorkType,
)
from ansinh.labour.reference import classifications
from ansinh.labour.registration.imports import VI_LABELS

FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_EXPORT_ROWS = 200_000  # beyond this, narrow the filter (or use the API pages)
_STATUS = {
    SeekerStatus.ACTIVE: "Đang tìm việc",
    SeekerStatus.CLOSED: "Đã đóng",
    VacancyStatus.OPEN: "Đang tuyển",
    VacancyStatus.CLOSED: "Đã đóng",
}
SEX_LABELS = {"M": "Nam", "F": "Nữ"}


def _label(choices: Any, value: Any) -> str:
    return VI_LABELS[choices].get(value, str(value))


def _yes(value: bool) -> str:
    return "Có" if value else "Không"


SEEKER_HEADERS = [
    "Mã hồ sơ", "Họ và tên", "Số định danh (che)", "Năm sinh", "Giới tính", "Xã/phường", "Điện thoại (che)",
    "Công việc mong muốn", "Mã nghề", "Tên nghề", "Trình độ học vấn", "Trình độ CMKT", "Kỹ năng",
    "Kinh nghiệm (năm)", "Lương mong muốn từ", "Lương mong muốn đến", "Hình thức", "Sẵn sàng đi làm xa",
    "Tình trạng việc làm", "Đồng ý được liên hệ", "Ngày đăng ký", "Trạng thái",
]  # fmt: skip


def seeker_row(s: JobSeeker) -> list[Any]:
    p = s.person
    return [
        s.pk, p.full_name, pid.mask(p.personal_id) if p.personal_id else "", p.birth_year,
        SEX_LABELS.get(p.sex, ""), s.commune.name, mask_phone(p.phone), s.title, s.occupation_code,
        getattr(classifications.occupation(s.occupation_code), "name", ""),
        _label(GeneralEducation, s.general_education), _label(Qualification, s.qualification), s.skills,
        s.experience_years, s.wage_min, s.wage_max, _label(WorkType, s.work_type), _yes(s.willing_to_move),
        _label(EmploymentStatus, s.employment_status), _yes(s.consent_contact), s.registered_on,
        _STATUS.get(s.status, s.status),
    ]  # fmt: skip


VACANCY_HEADERS = [
    "Mã tin", "Mã tin của doanh nghiệp", "Doanh nghiệp", "Mã số thuế", "Vị trí tuyển dụng", "Mã nghề",
    "Tên nghề", "Số lượng", "Lương từ", "Lương đến", "Hình thức", "Học vấn tối thiểu",
    "Trình độ CMKT tối thiểu", "Kỹ năng yêu cầu", "Kinh nghiệm tối thiểu (năm)", "Xã/phường nơi làm việc",
    "Ngày đăng tin", "Hạn nộp hồ sơ", "Trạng thái",
]  # fmt: skip


def vacancy_row(v: Vacancy) -> list[Any]:
    return [
        v.pk, v.reference, v.employer.name, v.employer.tax_code, v.title, v.occupation_code,
        getattr(classifications.occupation(v.occupation_code), "name", ""), v.posts, v.wage_min, v.wage_max,
        _label(WorkType, v.work_type), _label(GeneralEducation, v.min_general_education),
        _label(Qualification, v.min_qualification), v.skills, v.min_experience_years, v.commune.name,
        v.opened_on, v.deadline, _STATUS.get(v.status, v.status),
    ]  # fmt: skip


def export_seekers(*, actor: Actor, queryset: QuerySet[JobSeeker], fmt: str) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of the seekers of an already scoped queryset (a selector's)."""
    return _export(actor, "seekers", "Nguoi-tim-viec", SEEKER_HEADERS, queryset, seeker_row, fmt)


def export_vacancies(*, actor: Actor, queryset: QuerySet[Vacancy], fmt: str) -> tuple[str, str, bytes]:
    return _export(actor, "vacancies", "Vi-tri-tuyen-dung", VACANCY_HEADERS, queryset, vacancy_row, fmt)


def _export(
    actor: Actor,
    kind: str,
    stem: str,
    headers: list[str],
    queryset: QuerySet[Any],
    to_row: Callable[[Any], list[Any]],
    fmt: str,
) -> tuple[str, str, bytes]:
    if fmt not in FORMATS:
        raise ApplicationError("export.bad_format", _("Choose xlsx or csv."), field="format")
    count = queryset.count()
    if count > MAX_EXPORT_ROWS:
        raise ApplicationError(
            "export.too_many_rows",
            _("%(n)d rows: narrow the list to at most %(max)d before exporting.")
            % {"n": count, "max": MAX_EXPORT_ROWS},
        )
    rows = (to_row(obj) for obj in queryset.iterator(chunk_size=2000))
    content = xlsx_bytes(headers, rows) if fmt == "xlsx" else csv_bytes(headers, rows)
    audit.record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type=f"labour.export_{kind}",
        object_label=f"{count} rows ({fmt})",
        province_code=getattr(getattr(actor, "scope_unit", None), "province_code", "") or "",
        after={"rows": count, "format": fmt},
    )
    name = f"{stem}-{clock.today():%Y%m%d}.{fmt}"
    content_type = XLSX_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8"
    return name, content_type, content


def csv_bytes(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    return csvfile.write_table(headers, rows)


def xlsx_bytes(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("Danh sách")
    bold = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    money = book.add_format({"num_format": "#,##0"})
    sheet.write_row(0, 0, headers, bold)
    money_columns = {i for i, h in enumerate(headers) if h.startswith("Lương")}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
            elif isinstance(value, int) and not isinstance(value, bool):
                sheet.write_number(r, c, value, money if c in money_columns else None)
            else:
                sheet.write_string(r, c, str(value))
    sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()
