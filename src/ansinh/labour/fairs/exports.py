"""The results of a job-fair session as a spreadsheet (xlsx or csv): one row per interview, personal
data masked. The column headers are Vietnamese, as the centres file them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ansinh.core import audit, clock
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.models import AuditAction
from ansinh.geo.names import province_names
from ansinh.labour.registration.exports import FORMATS, SEX_LABELS, XLSX_TYPE, csv_bytes, xlsx_bytes

FAIR_RESULT_HEADERS = [
    "Mã phiên", "Tên phiên", "Ngày tổ chức", "Hình thức", "Mã đăng ký", "Họ và tên", "Số định danh (che)",
    "Năm sinh", "Giới tính", "Xã/phường", "Tỉnh đăng ký", "Công việc mong muốn", "Vị trí phù hợp nhất",
    "Điểm phù hợp", "Vị trí phỏng vấn", "Doanh nghiệp", "Mã số thuế", "Giờ phỏng vấn", "Bàn", "Kết quả",
]  # fmt: skip


_FAIR_MODE = {"in_person": "Trực tiếp", "online": "Trực tuyến", "hybrid": "Trực tiếp và trực tuyến"}


_OUTCOME = {
    "scheduled": "Đã xếp lịch", "interviewed": "Đã phỏng vấn", "preselected": "Sơ tuyển đạt",
    "hired": "Được tuyển dụng", "not_selected": "Không đạt",
}  # fmt: skip


def fair_result_rows(fair: Any, registrations: Iterable[Any]) -> Iterable[list[Any]]:
    """One row per interview, and one for each registered seeker without an interview."""
    day = localtime(fair.starts_at).date()
    provinces = province_names()
    head = [fair.pk, fair.title, day, _FAIR_MODE.get(fair.mode, fair.mode)]
    for reg in registrations:
        s, p = reg.seeker, reg.seeker.person
        best = next(iter(reg.matches.all()), None)
        score = f"{best.score:.1f}".replace(".", ",") if best else ""
        person = [
            reg.pk, p.full_name, pid.mask(p.personal_id) if p.personal_id else "", p.birth_year,
            SEX_LABELS.get(p.sex, ""), s.commune.name, provinces.get(reg.province_code, reg.province_code),
            s.title,
            best.fair_vacancy.vacancy.title if best else "", score,
        ]  # fmt: skip
        interviews = list(reg.interviews.all())
        if not interviews:
            yield [*head, *person, "", "", "", None, "", "Chưa xếp lịch"]
        for i in interviews:
            v = i.fair_vacancy.vacancy
            slot = localtime(i.slot_start).strftime("%H:%M")
            yield [*head, *person, v.title, v.employer.name, v.employer.tax_code, slot,
                   i.table or "Trực tuyến", _OUTCOME.get(i.outcome, i.outcome)]  # fmt: skip


def export_fair_results(*, actor: Actor, fair: Any, registrations: Any, fmt: str) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of a session's results: `registrations` is the scoped list
    (`fairs.selectors.registrations`), so a linked province exports only its own seekers. Audited as an
    export."""
    if fmt not in FORMATS:
        raise ApplicationError("export.bad_format", _("Choose xlsx or csv."), field="format")
    regs = list(
        registrations.select_related("seeker__person", "seeker__commune").prefetch_related(
            "interviews__fair_vacancy__vacancy__employer", "matches__fair_vacancy__vacancy"
        )
    )
    rows = list(fair_result_rows(fair, regs))
    content = xlsx_bytes(FAIR_RESULT_HEADERS, rows) if fmt == "xlsx" else csv_bytes(FAIR_RESULT_HEADERS, rows)
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=fair,
        province_code=fair.province_code,
        after={"rows": len(rows), "seekers": len(regs), "format": fmt},
    )
    name = f"Ket-qua-phien-{fair.pk}-{clock.today():%Y%m%d}.{fmt}"
    content_type = XLSX_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8"
    return name, content_type, content
