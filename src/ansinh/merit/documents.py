"""The commune's monthly payment list of merit allowances (danh sách chi trả trợ cấp ưu đãi người có công
hằng tháng), printed through `ansinh.documents` in the Decree 30/2020/NĐ-CP layout.

One list per commune and month: every live payment line of the merit regime (`PaymentLine.regime ==
"merit"`) of the month's payment cycle for the persons of the commune — the monthly allowance, arrears for
an earlier month (named with their month), differences and one-off payments — with the person's category,
how the money goes (bank account or e-wallet, masked; cash at the commune), and a signature column: a
cash recipient signs on receiving the money, a transfer reads "Chuyển khoản" there. Totals by channel in
figures and the total in words. Lines the bank returned or that were re-issued are not on it.

A GET prints and never writes: the list is a draft (DỰ THẢO) until a number is recorded for it in the
commune's register, and each print is an audited export.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ansinh.core import clock, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, NotFound
from ansinh.core.masking import mask_account
from ansinh.core.scope import require
from ansinh.documents import bodies
from ansinh.documents.kit import Document, Paragraph, Signature, Table, figure
from ansinh.documents.printing import Printed, preparer_name, print_pdf
from ansinh.documents.services import Subject
from ansinh.documents.words import amount_in_words
from ansinh.geo.models import AdminUnit, Level
from ansinh.merit.models import Category, MeritRecord
from ansinh.payments.models import DEAD_STATUSES, LineKind, PaymentChannel, PaymentLine

REGIME = "merit"
CHAIRMAN = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
SIGN_NOTE = "(Ký, ghi rõ họ tên)"
CHANNEL_WORDS = {
    PaymentChannel.BANK: "Tài khoản",
    PaymentChannel.EWALLET: "Ví điện tử",
    PaymentChannel.CASH: "Tiền mặt",
}
KIND_WORDS = {LineKind.FUNERAL: "Trợ cấp mai táng", LineKind.DIFFERENCE: "Truy lĩnh chênh lệch"}


def month_of(value: dt.date) -> dt.date:
    return value.replace(day=1)


def parse_month(raw: Any, *, field: str = "month") -> dt.date:
    """The month in "MM/YYYY" or "YYYY-MM" as its first day; ApplicationError naming `field` otherwise."""
    text = str(raw or "").strip()
    if not text:
        raise ApplicationError(f"{field}.required", _("Enter the month (MM/YYYY)."), field=field)
    parts = text.replace("-", "/").split("/")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        year, month = (int(parts[1]), int(parts[0])) if len(parts[1]) == 4 else (int(parts[0]), int(parts[1]))
        if 1 <= month <= 12 and 2000 <= year <= 2100:
            return dt.date(year, month, 1)
    raise ApplicationError(
        f"{field}.invalid", _("%(value)s is not a month (use MM/YYYY).") % {"value": text[:20]}, field=field
    )


def commune_in_scope(*, actor: Actor, commune_id: Any) -> AdminUnit:
    """The commune, if the actor may see it; NotFound otherwise (out of scope reads as missing)."""
    try:
        unit = AdminUnit.objects.filter(pk=int(commune_id), level=Level.COMMUNE).first()
    except (TypeError, ValueError):
        unit = None
    if unit is None or not scope.in_scope(actor, province_code=unit.province_code, commune_id=unit.pk):
        raise NotFound("commune")
    return unit


def payment_lines(*, actor: Actor, commune: AdminUnit, month: dt.date) -> list[PaymentLine]:
    """The commune's live merit lines of the month's payment cycle, by hamlet then name."""
    require(actor, "merit.view")
    rows = scope.restrict(PaymentLine.objects.all(), actor).filter(
        regime=REGIME, commune_id=commune.pk, cycle__month=month_of(month)
    )
    return list(
        rows.exclude(status__in=DEAD_STATUSES)
        .select_related("person", "cycle")
        .order_by("person__address_detail", "person__name_folded", "for_month", "id")
    )


def _categories(person_ids: list[int]) -> dict[int, str]:
    """Each person's categories of merit (the latest record of each), in Vietnamese."""
    found: dict[int, list[str]] = {}
    with translation.override("vi"):
        for person_id, category in (
            MeritRecord.objects.filter(person_id__in=person_ids)
            .order_by("person_id", "category")
            .values_list("person_id", "category")
            .distinct()
        ):
            label = str(Category(category).label) if category in Category.values else category
            if label not in found.setdefault(person_id, []):
                found[person_id].append(label)
    return {k: "; ".join(v) for k, v in found.items()}


def _what(line: PaymentLine, month: dt.date, category: str) -> str:
    text = KIND_WORDS.get(line.kind, category or "Trợ cấp ưu đãi hằng tháng")  # type: ignore[call-overload]
    if line.for_month != month:
        text += f" (tháng {line.for_month:%m/%Y})"
    return text


def _how(line: PaymentLine) -> str:
    word = CHANNEL_WORDS.get(line.channel, line.channel)  # type: ignore[call-overload]
    if line.channel == PaymentChannel.CASH or not line.account:
        return word
    return f"{word} {mask_account(line.account)}"


def payment_list_document(*, actor: Actor, commune: AdminUnit, month: dt.date) -> Document:
    month = month_of(month)
    lines = payment_lines(actor=actor, commune=commune, month=month)
    categories = _categories(sorted({line.person_id for line in lines}))
    total = sum(line.amount for line in lines)
    cash = sum(line.amount for line in lines if line.channel == PaymentChannel.CASH)
    cash_people = len({line.person_id for line in lines if line.channel == PaymentChannel.CASH})
    rows = [
        [
            str(i),
            line.person.full_name,
            str(line.person.birth_year),
            line.person.address_detail,
            _what(line, month, categories.get(line.person_id, "")),
            _how(line),
            figure(line.amount),
            "" if line.channel == PaymentChannel.CASH else "Chuyển khoản",
        ]
        for i, line in enumerate(lines, start=1)
    ]
    table = Table(
        widths=("1cm", "4.2cm", "1.5cm", "3.4cm", "5cm", "3.4cm", "2.4cm", "1fr"),
        header=(
            "STT",
            "Họ và tên",
            "Năm sinh",
            "Thôn, tổ dân phố",
            "Diện, khoản chi",
            "Hình thức nhận",
            "Số tiền (đồng)",
            "Ký nhận",
        ),
        rows=rows,
        numeric=frozenset({6}),
        centred=frozenset({0, 2}),
        footer=[["Tổng cộng", figure(total), ""]],
        footer_span=6,
        size="10.5pt",
        row_height="0.9cm",
    )
    label = f"{month:%m/%Y}"
    return Document(
        body=bodies.committee(commune.name),
        kind="DANH SÁCH",
        kind_code="DS",
        place=bodies.place(commune.name),
        day=clock.today(),
        subject=f"Chi trả trợ cấp ưu đãi người có công với cách mạng tháng {label}",
        blocks=(
            table,
            Paragraph(
                f"Tổng số: {figure(len(lines))} khoản chi cho {figure(len({ln.person_id for ln in lines}))} "
                f"người, số tiền {figure(total)} đồng; trong đó chi bằng tiền mặt {figure(cash)} đồng "
                f"cho {figure(cash_people)} người (ký nhận), chuyển khoản {figure(total - cash)} đồng.",
                indent=False,
            ),
            Paragraph(f"Số tiền bằng chữ: {amount_in_words(total)}.", indent=False, italic=True),
        ),
        signatures=(
            Signature(("NGƯỜI LẬP BIỂU",), preparer_name(actor), note=SIGN_NOTE),
            Signature(("KẾ TOÁN",), note=SIGN_NOTE),
            Signature(CHAIRMAN, note="(Ký tên, đóng dấu)"),
        ),
        landscape=True,
        title=f"Danh sách chi trả ưu đãi người có công {label} — {commune.name}",
    )


def payment_list_subject(commune: AdminUnit, month: dt.date) -> Subject:
    return Subject(
        type="merit.payment_list",
        id=f"{commune.pk}:{month_of(month):%Y-%m}",
        label=f"{commune.name} {month:%m/%Y}",
        unit_code=commune.code,
        kind="DS",
        symbol="DS-UBND",
        province_code=commune.province_code,
    )


def payment_list_pdf(*, actor: Actor, commune_id: Any, month: dt.date) -> Printed:
    """The list as it stands: a draft until a number is recorded for it; printing never writes a row of
    its own (the export is audited)."""
    require(actor, "merit.view")
    commune = commune_in_scope(actor=actor, commune_id=commune_id)
    doc = payment_list_document(actor=actor, commune=commune, month=month)
    return print_pdf(
        actor=actor,
        doc=doc,
        subject=payment_list_subject(commune, month),
        filename=f"danh-sach-chi-tra-nguoi-co-cong_{month:%Y-%m}_{commune.code}.pdf",
    )
