"""The commune's cash-payment signing list (danh sách chi trả trợ cấp bằng tiền mặt, ký nhận) of a cycle.

One list per cycle and commune, issued by the commune's People's Committee: every live cash line of the
commune (not those the bank returned or that were re-issued), with a wide column where the beneficiary
signs on receiving the money; the total in figures and in words; the signatures of the person who drew it
up (Người lập biểu: the officer who first printed it for signing, by the full name of their account), the
accountant and the head of the unit (the commune's signatory of lists in force on the list's date; none
recorded: the title, and the name written by hand). Landscape A4 in the Decree 30/2020/NĐ-CP format.

Printing never takes a number: until the list is issued it prints as a draft (DỰ THẢO, no number, the
printing officer named as its preparer). From the cycle's approval on, an officer who pays in cash issues
it (`cash_list_issue_pdf`, a confirmed POST): it takes the next "DS" number of the commune's register and
records that officer as the one who drew it up; every later print shows the same number and preparer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _

from ansinh.benefits.models import Regime
from ansinh.core import clock, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import Conflict, NotFound
from ansinh.core.scope import require
from ansinh.documents import bodies
from ansinh.documents import selectors as document_selectors
from ansinh.documents.kit import Document, Paragraph, Signature, Table, figure
from ansinh.documents.models import Signatory
from ansinh.documents.printing import Printed, preparer_name, print_pdf, signature
from ansinh.documents.services import Subject, issued, issued_numbers
from ansinh.documents.words import amount_in_words
from ansinh.geo.models import AdminUnit
from ansinh.payments import selectors
from ansinh.payments.models import (
    DEAD_STATUSES,
    CycleStatus,
    LineKind,
    PaymentChannel,
    PaymentCycle,
    PaymentLine,
)

ISSUED_STATUSES = (CycleStatus.APPROVED, CycleStatus.EXPORTED, CycleStatus.RECONCILED)
CHAIRMAN = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
SIGN_NOTE = "(Ký, ghi rõ họ tên)"


def cash_lines(*, actor: Actor, cycle: PaymentCycle, commune_id: int) -> list[PaymentLine]:
    """The commune's live cash lines of the cycle, by hamlet then name."""
    return list(
        selectors.line_queryset(actor=actor, cycle=cycle)
        .filter(commune_id=commune_id, channel=PaymentChannel.CASH)
        .exclude(status__in=DEAD_STATUSES)
        .select_related("person")
        .order_by("person__address_detail", "person__name_folded", "for_month", "id")
    )


def cash_communes(*, actor: Actor, cycle: PaymentCycle) -> list[dict[str, Any]]:
    """The communes in scope with cash lines in the cycle (for the page's choice of list to print)."""
    return list(
        selectors.line_queryset(actor=actor, cycle=cycle)
        .filter(channel=PaymentChannel.CASH)
        .exclude(status__in=DEAD_STATUSES)
        .values("commune_id", "commune__name")
        .annotate(count=Count("id"))
        .order_by("commune__name")
    )


def cash_communes_signed(*, actor: Actor, cycle: PaymentCycle) -> list[dict[str, Any]]:
    """`cash_communes`, each row saying whether the commune has a signatory of lists in force today
    (`signer`): without one, its list leaves the chairman's name to be written by hand."""
    rows = cash_communes(actor=actor, cycle=cycle)
    signed = document_selectors.units_with_signatory(
        unit_ids=[row["commune_id"] for row in rows], body="committee", kind="DS", day=clock.today()
    )
    for row in rows:
        row["signer"] = row["commune_id"] in signed
    return rows


def cash_commune(*, actor: Actor, cycle: PaymentCycle, commune_id: Any) -> AdminUnit:
    """The commune, if it is the cycle's province's and in the actor's scope; NotFound otherwise."""
    unit = AdminUnit.objects.filter(pk=commune_id, level="commune", province_code=cycle.province_code).first()
    if unit is None or not scope.in_scope(actor, province_code=unit.province_code, commune_id=unit.pk):
        raise NotFound("commune")
    return unit


def _what(line: PaymentLine, cycle: PaymentCycle) -> str:
    text = str(Regime(line.regime).label) if line.regime in Regime.values else line.regime
    if line.kind != LineKind.MONTHLY:
        text = str(LineKind(line.kind).label)
    if line.for_month != cycle.month:
        text += f" (tháng {line.for_month:%m/%Y})"
    return text


def chairman(commune: AdminUnit, day: dt.date) -> Signatory | None:
    """The commune's signatory of lists in force on `day` (none recorded: the block is signed by hand)."""
    return document_selectors.committee_signatory(unit=commune, kind="DS", day=day)


def cash_list_document(
    *,
    actor: Actor,
    cycle: PaymentCycle,
    commune: AdminUnit,
    day: dt.date | None = None,
    preparer: str | None = None,
) -> Document:
    """The list as of `day` (its issue date once numbered), drawn up by `preparer` (the officer who first
    printed it for signing; the printing officer until then)."""
    day = day or clock.today()
    preparer = preparer_name(actor) if preparer is None else preparer
    lines = cash_lines(actor=actor, cycle=cycle, commune_id=commune.pk)
    total = sum(line.amount for line in lines)
    with translation.override("vi"):
        rows = [
            [
                str(i),
                line.person.full_name,
                str(line.person.birth_year),
                line.person.address_detail,
                _what(line, cycle),
                figure(line.amount),
                "",
            ]
            for i, line in enumerate(lines, start=1)
        ]
    table = Table(
        widths=("1.1cm", "4.6cm", "1.6cm", "4cm", "5cm", "2.6cm", "1fr"),
        header=("STT", "Họ và tên", "Năm sinh", "Thôn, tổ dân phố", "Chế độ", "Số tiền (đồng)", "Ký nhận"),
        rows=rows,
        numeric=frozenset({5}),
        centred=frozenset({0, 2}),
        footer=[["Tổng cộng", figure(total), ""]],
        footer_span=5,
        size="11pt",
        row_height="0.9cm",
    )
    month = f"{cycle.month:%m/%Y}"
    return Document(
        body=bodies.committee(commune.name),
        kind="DANH SÁCH",
        kind_code="DS",
        place=bodies.place(commune.name),
        day=day,
        subject=f"Chi trả trợ cấp bằng tiền mặt tháng {month} (ký nhận)",
        draft=cycle.status not in ISSUED_STATUSES,
        number=None,
        blocks=(
            table,
            Paragraph(
                f"Tổng số: {figure(len(lines))} người nhận, số tiền {figure(total)} đồng.",
                indent=False,
            ),
            Paragraph(f"Số tiền bằng chữ: {amount_in_words(total)}.", indent=False, italic=True),
        ),
        signatures=(
            Signature(("NGƯỜI LẬP BIỂU",), preparer, note=SIGN_NOTE),
            Signature(("KẾ TOÁN",), note=SIGN_NOTE),
            signature(chairman(commune, day), lines=CHAIRMAN, note="(Ký tên, đóng dấu)"),
        ),
        landscape=True,
        title=f"Danh sách chi trả tiền mặt {month} — {commune.name}",
    )


def cash_list_subject(cycle: PaymentCycle, commune: AdminUnit) -> Subject:
    return Subject(
        type="payments.cash_list",
        id=f"{cycle.pk}:{commune.pk}",
        label=f"{commune.name} {cycle.month:%m/%Y}",
        unit_code=commune.code,
        kind="DS",
        symbol="DS-UBND",
        province_code=cycle.province_code,
    )


def cash_list_issued(*, cycle: PaymentCycle, commune_ids: list[int]) -> dict[int, str]:
    """The number each commune's list of the cycle was issued with ("3/DS-UBND"), for those issued."""
    subjects = {f"{cycle.pk}:{commune_id}": commune_id for commune_id in commune_ids}
    return {
        subjects[key]: number for key, number in issued_numbers("payments.cash_list", list(subjects)).items()
    }


def cash_list_issuable(cycle: PaymentCycle) -> bool:
    """Whether the cycle's lists may be issued (numbered): from its approval on."""
    return cycle.status in ISSUED_STATUSES


def cash_list_pdf(*, actor: Actor, cycle: PaymentCycle, commune_id: Any, issue: bool = False) -> Printed:
    """The commune's list as it stands (its number once issued; a draft until then). `issue` (a confirmed
    POST by an officer who pays in cash, once the cycle is approved) first takes its number and records
    the officer as its preparer; issuing again prints the same number."""
    commune = cash_commune(actor=actor, cycle=cycle, commune_id=commune_id)
    subject = cash_list_subject(cycle, commune)
    if issue:
        require(actor, "payments.cash")
        if not cash_list_issuable(cycle):
            raise Conflict(
                "cash_list.not_approved",
                _("A cash-payment list takes its number once the payment cycle is approved."),
            )
    before = issued(subject)
    doc = cash_list_document(
        actor=actor,
        cycle=cycle,
        commune=commune,
        day=before.issued_on if before else None,
        preparer=preparer_name(before.issued_by) if before and before.issued_by else None,
    )
    return print_pdf(
        actor=actor,
        doc=doc,
        subject=subject,
        filename=f"danh-sach-tien-mat_{cycle.month:%Y-%m}_{commune.code}.pdf",
        issue=issue,
    )
