"""The poverty review's official documents (Decree 30/2020/NĐ-CP layout, printed through `ansinh.documents`).

- the certificate of a poor or near-poor household (giấy chứng nhận hộ nghèo / hộ cận nghèo) for one of its
  statuses: head, address, members, status, the period it is valid and the decision behind it, signed for
  the commune's People's Committee by its chairman; numbered "GCN" from the commune's register on its first
  print;
- the commune's decision approving the lists (quyết định phê duyệt danh sách hộ nghèo, hộ cận nghèo) with
  the lists of poor, near-poor and escaped households as appendix; it carries the number it was recorded
  with, and is a draft (DỰ THẢO, the lists from the surveys' results) until the round is decided;
- a village's posting list (danh sách niêm yết công khai) with its posting dates; numbered "DS" once the
  list is posted, a draft before.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import translation

from ansinh.core import clock
from ansinh.core.actors import Actor
from ansinh.core.errors import Conflict, NotFound
from ansinh.core.text import fold
from ansinh.documents import bodies
from ansinh.documents.kit import Decides, Document, LegalBases, Paragraph, Signature, Table, figure
from ansinh.documents.printing import Printed, print_pdf
from ansinh.documents.services import Subject
from ansinh.poverty import procedure, selectors, services
from ansinh.poverty.models import PovertyStatus, Round, RoundState, Status, Survey
from ansinh.registry.models import Household, HouseholdMember, Relationship, Sex

CHAIRMAN = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
SEAL_NOTE = "(Ký tên, đóng dấu)"
STANDARD_BASIS = (
    "Căn cứ Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021 của Chính phủ quy định chuẩn nghèo "
    "đa chiều giai đoạn 2021 - 2025;"
)
STATUS_WORDS = {
    Status.POOR: "hộ nghèo",
    Status.NEAR_POOR: "hộ cận nghèo",
    Status.ESCAPED: "hộ thoát nghèo, thoát cận nghèo",
    Status.MIDDLE: "hộ có mức sống trung bình",
    Status.OTHER: "hộ trên mức sống trung bình",
}
RESULT_WORDS = {
    "poor": "Hộ nghèo",
    "near_poor": "Hộ cận nghèo",
    "middle": "Hộ có mức sống trung bình",
    "other": "Hộ trên mức sống trung bình",
}
SEX_WORDS = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}
CERTIFIED = (Status.POOR, Status.NEAR_POOR)


def _day(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _relationship(value: str) -> str:
    with translation.override("vi"):
        return str(Relationship(value).label) if value in Relationship.values else value


def members_on(household: Household, on: dt.date) -> list[HouseholdMember]:
    """The household's members on a day, the head first."""
    rows = (
        HouseholdMember.objects.filter(household=household)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=on))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
        .select_related("person")
    )
    return sorted(rows, key=lambda m: (m.relationship != Relationship.HEAD, m.person.birth_year, m.pk))


def _address(household: Household) -> str:
    parts = [household.address_detail, household.commune.name, bodies.province_name(household.province_code)]
    return ", ".join(p for p in parts if p)


# --- the certificate ----------------------------------------------------------------------------------


def certificate_status(*, actor: Actor, household_id: Any, status_id: Any = None) -> PovertyStatus:
    """The poor or near-poor status a certificate is printed for: the one named, or the household's status
    today. NotFound out of scope; Conflict when the household is neither poor nor near-poor."""
    household, rows = selectors.household_status_history(actor=actor, household_id=household_id)
    if status_id is not None:
        row = next((r for r in rows if str(r.pk) == str(status_id)), None)
        if row is None:
            raise NotFound("poverty status")
    else:
        row = selectors.status_at(rows, clock.today())
    if row is None or row.status not in CERTIFIED:
        raise Conflict(
            "certificate.not_poor",
            translation.gettext("The household is neither poor nor near-poor: no certificate to print."),
        )
    row.household = household
    return row


def certificate_document(status: PovertyStatus) -> Document:
    household = status.household
    commune = household.commune
    on = status.valid_to or max(
        status.valid_from, min(clock.today(), dt.date(status.valid_from.year, 12, 31))
    )
    members = members_on(household, on)
    head = household.head
    kind_words = STATUS_WORDS[Status(status.status)]
    signer = status.round.decision_signer if status.round_id and status.round else ""
    until = (
        f"đến hết ngày {_day(status.valid_to)}"
        if status.valid_to
        else f"đến khi có quyết định khác của Chủ tịch Ủy ban nhân dân {bodies.in_sentence(commune.name)} "
        "về hộ gia đình"
    )
    rows = [
        [
            str(i),
            m.person.full_name,
            _day(m.person.birth_date) if m.person.birth_date else str(m.person.birth_year),
            SEX_WORDS.get(Sex(m.person.sex), "") if m.person.sex in Sex.values else "",
            _relationship(m.relationship),
        ]
        for i, m in enumerate(members, start=1)
    ]
    return Document(
        body=bodies.committee(commune.name),
        kind="GIẤY CHỨNG NHẬN",
        kind_code="GCN",
        place=bodies.place(commune.name),
        day=clock.today(),
        subject=kind_words.upper(),
        blocks=(
            Paragraph(f"Chủ tịch Ủy ban nhân dân {bodies.in_sentence(commune.name)} chứng nhận:"),
            Paragraph(f"Hộ gia đình ông/bà: {head.full_name if head else ''} (chủ hộ)", bold=True),
            Paragraph(f"Mã hộ: {household.code}"),
            Paragraph(f"Địa chỉ: {_address(household)}"),
            Paragraph(f"Là {kind_words} theo chuẩn nghèo đa chiều, gồm {figure(len(members))} nhân khẩu:"),
            Table(
                widths=("1.1cm", "5.2cm", "2.6cm", "1.8cm", "1fr"),
                header=("STT", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ"),
                rows=rows,
                centred=frozenset({0, 2, 3}),
            ),
            Paragraph(
                f"Căn cứ: Quyết định số {status.decision_number} ngày {_day(status.decision_date)} "
                f"của Chủ tịch Ủy ban nhân dân {bodies.in_sentence(commune.name)}."
            ),
            Paragraph(f"Giấy chứng nhận có giá trị từ ngày {_day(status.valid_from)} {until}."),
        ),
        recipients=("- Hộ gia đình;", "- Lưu: VT."),
        signatures=(Signature(CHAIRMAN, name=signer, note=SEAL_NOTE),),
        title=f"Giấy chứng nhận {kind_words} — {household.code}",
    )


def certificate_subject(status: PovertyStatus) -> Subject:
    household = status.household
    return Subject(
        type="poverty.certificate",
        id=str(status.pk),
        label=f"{household.code} {STATUS_WORDS[Status(status.status)]} {_day(status.valid_from)}",
        unit_code=household.commune.code,
        kind="GCN",
        symbol="GCN-UBND",
        province_code=household.province_code,
    )


def certificate_pdf(
    *, actor: Actor, household_id: Any, status_id: Any = None, issue: bool = False
) -> Printed:
    """The certificate as it stands: numbered once issued, a draft until then; `issue` takes its number
    from the commune's register first (a POST the officer confirmed)."""
    status = certificate_status(actor=actor, household_id=household_id, status_id=status_id)
    return print_pdf(
        actor=actor,
        doc=certificate_document(status),
        subject=certificate_subject(status),
        issue=issue,
        filename=f"giay-chung-nhan_{status.household.code}_{status.valid_from:%Y-%m-%d}.pdf",
    )


# --- the decision approving the lists -----------------------------------------------------------------


@dataclass(frozen=True)
class ListedHousehold:
    code: str
    head: str
    village: str
    members: int
    status: str
    transition: str


def _member_counts(household_ids: list[int], on: dt.date) -> Counter[int]:
    rows = (
        HouseholdMember.objects.filter(household_id__in=household_ids)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=on))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
        .values_list("household_id", flat=True)
    )
    return Counter(rows)


def round_households(rnd: Round) -> list[ListedHousehold]:
    """The round's households with the status the decision gave them, or (before the decision) the status
    the surveys' results would give them."""
    surveys = list(
        Survey.objects.filter(round=rnd)
        .select_related("household__head")
        .order_by("village", "household__code")
    )
    ids = [s.household_id for s in surveys]
    counts = _member_counts(ids, rnd.decision_date or rnd.standard_on)
    if rnd.state in (RoundState.DECIDED, RoundState.SUMMARISED):
        decided = {p.household_id: (p.status, p.transition) for p in PovertyStatus.objects.filter(round=rnd)}
    else:
        current = {
            p.household_id: p
            for p in PovertyStatus.objects.filter(household_id__in=ids, valid_to__isnull=True)
        }
        ever_poor = set(
            PovertyStatus.objects.filter(household_id__in=ids, status=Status.POOR).values_list(
                "household_id", flat=True
            )
        )
        decided = {
            s.household_id: services.transition_of(
                current.get(s.household_id), s.classification, s.household_id in ever_poor
            )
            for s in surveys
            if s.classification
        }
    out = []
    for s in surveys:
        if s.household_id not in decided:
            continue
        status, transition = decided[s.household_id]
        head = s.household.head
        out.append(
            ListedHousehold(
                code=s.household.code,
                head=head.full_name if head else "",
                village=s.village,
                members=counts.get(s.household_id, 0),
                status=str(status),
                transition=str(transition),
            )
        )
    return out


def _household_table(rows: list[ListedHousehold]) -> Table:
    return Table(
        widths=("1.1cm", "3.6cm", "1fr", "3.8cm", "1.8cm"),
        header=("STT", "Mã hộ", "Họ và tên chủ hộ", "Thôn, tổ dân phố", "Số nhân khẩu"),
        rows=[[str(i), r.code, r.head, r.village, figure(r.members)] for i, r in enumerate(rows, start=1)],
        numeric=frozenset({4}),
        centred=frozenset({0}),
        footer=[["Cộng", figure(sum(r.members for r in rows))]] if rows else (),
        footer_span=4,
    )


def _appendix(title: str, rows: list[ListedHousehold]) -> list[Any]:
    blocks: list[Any] = [Paragraph(title, bold=True, center=True)]
    if rows:
        blocks.append(_household_table(rows))
    else:
        blocks.append(Paragraph("(Không có hộ nào.)", italic=True, center=True))
    return blocks


def decision_document(rnd: Round) -> Document:
    commune = rnd.commune
    rows = round_households(rnd)
    poor = [r for r in rows if r.status == Status.POOR]
    near = [r for r in rows if r.status == Status.NEAR_POOR]
    escaped = [r for r in rows if r.status == Status.ESCAPED]
    decided = rnd.state in (RoundState.DECIDED, RoundState.SUMMARISED)
    unit = bodies.in_sentence(commune.name)
    year = rnd.year
    kind = "định kỳ" if rnd.kind == "periodic" else "thường xuyên"
    articles = (
        (
            f"Phê duyệt danh sách hộ nghèo, hộ cận nghèo năm {year} trên địa bàn {unit} (rà soát {kind}), "
            "cụ thể:",
            f"- Hộ nghèo: {figure(len(poor))} hộ, {figure(sum(r.members for r in poor))} nhân khẩu;",
            f"- Hộ cận nghèo: {figure(len(near))} hộ, {figure(sum(r.members for r in near))} nhân khẩu;",
            f"- Hộ thoát nghèo, thoát cận nghèo: {figure(len(escaped))} hộ, "
            f"{figure(sum(r.members for r in escaped))} nhân khẩu.",
            "(Có danh sách kèm theo.)",
        ),
        ("Quyết định này có hiệu lực kể từ ngày ký.",),
        (
            "Công chức phụ trách lao động - thương binh và xã hội, Trưởng các thôn, tổ dân phố và các hộ "
            "gia đình có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        ),
    )
    blocks: list[Any] = [
        LegalBases(
            (
                STANDARD_BASIS,
                f"Căn cứ kết quả rà soát hộ nghèo, hộ cận nghèo năm {year} trên địa bàn {unit};",
                f"Theo đề nghị của công chức phụ trách lao động - thương binh và xã hội {unit}.",
            )
        ),
        Paragraph(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {commune.name.upper()}", bold=True, center=True),
        Decides(articles),
        Paragraph(
            "DANH SÁCH KÈM THEO QUYẾT ĐỊNH"
            + (f" SỐ {rnd.decision_number} NGÀY {_day(rnd.decision_date)}" if decided else ""),
            bold=True,
            center=True,
        ),
        *_appendix(f"I. DANH SÁCH HỘ NGHÈO NĂM {year}", poor),
        *_appendix(f"II. DANH SÁCH HỘ CẬN NGHÈO NĂM {year}", near),
        *_appendix(f"III. DANH SÁCH HỘ THOÁT NGHÈO, THOÁT CẬN NGHÈO NĂM {year}", escaped),
    ]
    return Document(
        body=bodies.committee(commune.name),
        kind="QUYẾT ĐỊNH",
        kind_code="QĐ",
        place=bodies.place(commune.name),
        day=rnd.decision_date if decided and rnd.decision_date else clock.today(),
        subject=f"Về việc phê duyệt danh sách hộ nghèo, hộ cận nghèo năm {year} trên địa bàn {unit}",
        number=rnd.decision_number if decided else None,
        draft=not decided,
        blocks=tuple(blocks),
        recipients=("- Như Điều 3;", "- UBND tỉnh (để báo cáo);", "- Lưu: VT."),
        signatures=(Signature(CHAIRMAN, name=rnd.decision_signer if decided else "", note=SEAL_NOTE),),
        title=f"Quyết định phê duyệt danh sách hộ nghèo, hộ cận nghèo {year} — {commune.name}",
    )


def decision_pdf(*, actor: Actor, round_id: Any) -> Printed:
    rnd = selectors.round_get(actor=actor, round_id=round_id)
    subject = Subject(
        type="poverty.decision",
        id=str(rnd.pk),
        label=f"{rnd.commune.name} {rnd.year}",
        unit_code=rnd.commune.code,
        kind="QĐ",
        symbol="QĐ-UBND",
        province_code=rnd.province_code,
    )
    return print_pdf(
        actor=actor,
        doc=decision_document(rnd),
        subject=subject,
        filename=f"quyet-dinh-phe-duyet-ho-ngheo_{rnd.year}_{rnd.commune.code}.pdf",
        register=False,
    )


# --- a village's posting list -------------------------------------------------------------------------


def round_villages(rnd: Round) -> list[str]:
    return list(rnd.surveys.order_by("village").values_list("village", flat=True).distinct())


def posting_document(rnd: Round, village: str) -> Document:
    commune = rnd.commune
    surveys = list(
        Survey.objects.filter(round=rnd, village=village)
        .exclude(classification="")
        .select_related("household__head")
        .order_by("classification", "household__code")
    )
    counts = _member_counts([s.household_id for s in surveys], rnd.standard_on)
    order = {"poor": 0, "near_poor": 1, "middle": 2, "other": 3}
    surveys.sort(key=lambda s: (order.get(s.classification, 9), s.household.code))
    posted = rnd.posting_on
    place_line = village or "(chưa ghi thôn)"
    span = procedure.posting(posted) if posted else None
    period = (
        f"Thời gian niêm yết: {span.days} {'ngày làm việc' if span.working_days else 'ngày'}, từ ngày "
        f"{_day(posted)} đến hết ngày {_day(span.last)}, tại nhà văn hóa {place_line} "
        f"và trụ sở Ủy ban nhân dân {bodies.in_sentence(commune.name)}."
        if posted and span
        else "Thời gian niêm yết: chưa mở niêm yết."
    )
    tally = Counter(s.classification for s in surveys)
    return Document(
        body=bodies.committee(commune.name),
        kind="DANH SÁCH",
        kind_code="DS",
        place=bodies.place(commune.name),
        day=posted or clock.today(),
        subject=f"Niêm yết công khai kết quả rà soát hộ nghèo, hộ cận nghèo năm {rnd.year} — {place_line}",
        draft=posted is None,
        blocks=(
            Paragraph(period, indent=False),
            Table(
                widths=("1.1cm", "3.6cm", "1fr", "1.8cm", "4.4cm"),
                header=("STT", "Mã hộ", "Họ và tên chủ hộ", "Số nhân khẩu", "Kết quả rà soát"),
                rows=[
                    [
                        str(i),
                        s.household.code,
                        s.household.head.full_name if s.household.head else "",
                        figure(counts.get(s.household_id, 0)),
                        RESULT_WORDS.get(s.classification, s.classification),
                    ]
                    for i, s in enumerate(surveys, start=1)
                ],
                numeric=frozenset({3}),
                centred=frozenset({0}),
            ),
            Paragraph(
                f"Tổng số: {figure(len(surveys))} hộ; hộ nghèo: {figure(tally['poor'])}; "
                f"hộ cận nghèo: {figure(tally['near_poor'])}.",
                indent=False,
            ),
            Paragraph(
                "Trong thời gian niêm yết, người dân có ý kiến, khiếu nại về kết quả rà soát gửi Ủy ban nhân "
                f"dân {bodies.in_sentence(commune.name)} để được xem xét, giải quyết.",
                indent=False,
                italic=True,
            ),
        ),
        signatures=(
            Signature(("TRƯỞNG THÔN",), note="(Ký, ghi rõ họ tên)"),
            Signature(CHAIRMAN, note=SEAL_NOTE),
        ),
        title=f"Danh sách niêm yết {rnd.year} — {place_line} — {commune.name}",
    )


def posting_pdf(*, actor: Actor, round_id: Any, village: str) -> Printed:
    rnd = selectors.round_get(actor=actor, round_id=round_id)
    if village not in round_villages(rnd):
        raise NotFound("village")
    key = fold(village)[:60]
    subject = Subject(
        type="poverty.posting_list",
        id=f"{rnd.pk}:{key}",
        label=f"{rnd.commune.name} {rnd.year} {village}",
        unit_code=rnd.commune.code,
        kind="DS",
        symbol="DS-UBND",
        province_code=rnd.province_code,
    )
    slug = "-".join(key.split()) or "thon"
    return print_pdf(
        actor=actor,
        doc=posting_document(rnd, village),
        subject=subject,
        filename=f"danh-sach-niem-yet_{rnd.year}_{rnd.commune.code}_{slug}.pdf",
    )
