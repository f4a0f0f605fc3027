"""The list of members of poor and near-poor households for free health insurance (danh sách đối tượng do
ngân sách nhà nước đóng bảo hiểm y tế), as the xlsx file the social insurance agency loads.

Its columns follow the agency's list of participants whose health insurance the state budget pays
(Mẫu D03-TS, "Danh sách người chỉ tham gia BHYT", Vietnam Social Security): one row per person, with the
person's full name, date of birth, sex, personal identification number, the household code, the address,
the group (hộ nghèo / hộ cận nghèo), the code of the administrative unit and the day the entitlement runs
from. The file goes to the agency, so the personal identification number is written in full for the roles
that may hand it over (capability `poverty.insurance_ids`) and masked for the others; every file written
is an audited export.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Q

from ansinh.core import audit, scope
from ansinh.core.actors import Actor
from ansinh.core.masking import mask_personal_id
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.poverty.models import PovertyStatus, Status
from ansinh.registry.models import HouseholdMember, LifeStatus, Sex

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORM = "Mẫu D03-TS"
TITLE = "DANH SÁCH NGƯỜI THAM GIA BẢO HIỂM Y TẾ DO NGÂN SÁCH NHÀ NƯỚC ĐÓNG"
HEADER = (
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân",
    "Mã hộ",
    "Địa chỉ",
    "Đối tượng",
    "Mã đơn vị hành chính",
    "Từ ngày",
)
GROUPS = {Status.POOR: "Hộ nghèo", Status.NEAR_POOR: "Hộ cận nghèo"}
SEX = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}
IDS = "poverty.insurance_ids"


@dataclass(frozen=True)
class InsuredRow:
    name: str
    born: str  # dd/mm/yyyy, or the year alone when only it is known
    sex: str
    personal_id: str
    household: str
    address: str
    group: str
    unit_code: str
    since: dt.date


def insured_on(*, actor: Actor, on: dt.date, commune_id: int | None = None) -> list[InsuredRow]:
    """The members, on `on`, of the households in scope whose status that day is poor or near-poor; living
    persons only, by commune, household and the head first. The identification number is masked unless the
    actor may hand it over."""
    require(actor, "poverty.view")
    statuses = scope.restrict(
        PovertyStatus.objects.filter(status__in=GROUPS, valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        ),
        actor,
    )
    if commune_id:
        statuses = statuses.filter(commune_id=commune_id)
    by_household = {s.household_id: s for s in statuses.select_related("commune")}
    members = (
        HouseholdMember.objects.filter(household_id__in=list(by_household))
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=on))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
        .exclude(person__status=LifeStatus.DECEASED, person__death_date__lte=on)
        .exclude(person__status=LifeStatus.DECEASED, person__death_date__isnull=True)
        .select_related("person", "household")
    )
    full = actor.can(IDS)
    ordered = []
    for m in members:
        status = by_household[m.household_id]
        person = m.person
        pid = person.personal_id or ""
        row = InsuredRow(
            name=person.full_name,
            born=person.birth_date.strftime("%d/%m/%Y") if person.birth_date else str(person.birth_year),
            sex=SEX.get(Sex(person.sex), "") if person.sex in Sex.values else "",
            personal_id=pid if full else mask_personal_id(pid),
            household=m.household.code,
            address=", ".join(p for p in (m.household.address_detail, status.commune.name) if p),
            group=GROUPS[Status(status.status)],
            unit_code=status.commune.code,
            since=status.valid_from,
        )
        ordered.append(((row.unit_code, row.household, m.relationship != "head", person.birth_year), row))
    ordered.sort(key=lambda pair: pair[0])
    return [row for _key, row in ordered]


def insurance_xlsx(*, actor: Actor, on: dt.date, commune_id: int | None = None) -> tuple[str, str, bytes]:
    """(file name, content type, content) of the file for the social insurance agency, audited."""
    import xlsxwriter

    rows = insured_on(actor=actor, on=on, commune_id=commune_id)
    full = actor.can(IDS)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("D03-TS")
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 13, "align": "center"})
    head = book.add_format(
        {"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"}
    )
    cell = book.add_format({"border": 1})
    text = book.add_format({"border": 1, "num_format": "@"})
    day = book.add_format({"border": 1, "num_format": "dd/mm/yyyy"})
    sheet.write_string(0, len(HEADER) - 1, FORM, bold)
    sheet.merge_range(1, 0, 1, len(HEADER) - 1, TITLE, title)
    sheet.merge_range(
        2, 0, 2, len(HEADER) - 1, f"Ngày lập danh sách: {on:%d/%m/%Y}", book.add_format({"align": "center"})
    )
    first = 4
    sheet.write_row(first, 0, HEADER, head)
    for i, row in enumerate(rows, start=1):
        r = first + i
        sheet.write_number(r, 0, i, cell)
        sheet.write_string(r, 1, row.name, cell)
        sheet.write_string(r, 2, row.born, text)
        sheet.write_string(r, 3, row.sex, cell)
        sheet.write_string(r, 4, row.personal_id, text)
        sheet.write_string(r, 5, row.household, text)
        sheet.write_string(r, 6, row.address, cell)
        sheet.write_string(r, 7, row.group, cell)
        sheet.write_string(r, 8, row.unit_code, text)
        sheet.write_datetime(r, 9, dt.datetime.combine(row.since, dt.time()), day)
    for c, width in enumerate((6, 28, 12, 9, 16, 14, 36, 14, 12, 12)):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(first + 1, 0)
    book.close()
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="poverty.health_insurance",
        object_label=f"{TITLE.capitalize()} {on:%d/%m/%Y}"[:200],
        province_code=_province(actor),
        after={"on": on.isoformat(), "commune_id": commune_id, "rows": len(rows), "full_ids": full,
               "format": "xlsx"},
    )  # fmt: skip
    suffix = f"_{rows[0].unit_code}" if commune_id and rows else ""
    return f"D03-TS_ho-ngheo-can-ngheo_{on:%Y-%m-%d}{suffix}.xlsx", XLSX, out.getvalue()


def _province(actor: Actor) -> str:
    return getattr(getattr(actor, "scope_unit", None), "province_code", "") or ""
