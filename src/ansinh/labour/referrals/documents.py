"""The referral slip (phiếu giới thiệu việc làm) a seeker takes to the employer, in the Decree 30/2020/NĐ-CP
format: issued by the province's employment service centre (under the Department of Home Affairs, which
took over employment on 1 March 2025), numbered from the centre's register ("GT") when a counsellor issues
it (a confirmed POST; until then every print is a draft, DỰ THẢO),
naming the seeker, the employer and the vacancy, valid for a stated number of days from its date, signed by
the centre's signatory in force on that date (none recorded: the title, and the name written by hand).

The seeker's personal ID number is printed in full only for counsellors (`labour.change`), who hand the
slip to the seeker; masked for every other reader.
"""

from __future__ import annotations

import datetime as dt

from ansinh.core import clock
from ansinh.core.actors import Actor
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.scope import require
from ansinh.documents import bodies
from ansinh.documents import selectors as document_selectors
from ansinh.documents.kit import Document, IssuingBody, Paragraph, Table, figure
from ansinh.documents.models import Signatory, SigningBody
from ansinh.documents.printing import Printed, print_pdf, signature
from ansinh.documents.services import Subject, issued, issued_numbers
from ansinh.labour.models import Referral

VALID_DAYS = 30  # the slip is presented to the employer within this many days of its date
CENTRE = "TRUNG TÂM DỊCH VỤ VIỆC LÀM"
CENTRE_SHORT = "TTDVVL"
SUPERIOR = "SỞ NỘI VỤ"
DIRECTOR = ("GIÁM ĐỐC",)


def centre(province_name: str) -> IssuingBody:
    """'Tỉnh Điện Biên' → SỞ NỘI VỤ TỈNH ĐIỆN BIÊN / TRUNG TÂM DỊCH VỤ VIỆC LÀM (symbol TTDVVL)."""
    superior = f"{SUPERIOR} {province_name.upper()}".strip()
    return IssuingBody(CENTRE, CENTRE_SHORT, superior)


def centre_signatory(province_code: str, day: dt.date) -> Signatory | None:
    """Who signs the centre's slips on `day` (the director, or whoever is recorded); None: by hand."""
    return document_selectors.signatory_on(
        unit=document_selectors.province_unit(province_code),
        body=SigningBody.EMPLOYMENT_CENTRE,
        kind="GT",
        day=day,
    )


def _wage(referral: Referral) -> str:
    low, high = referral.vacancy.wage_min, referral.vacancy.wage_max
    if low and high and low != high:
        return f"{figure(low)} – {figure(high)} đồng/tháng"
    if low or high:
        return f"{figure(low or high or 0)} đồng/tháng"
    return "Thỏa thuận"


def slip_document(*, actor: Actor, referral: Referral, day: dt.date) -> Document:
    person = referral.seeker.person
    vacancy, employer = referral.vacancy, referral.vacancy.employer
    province = bodies.province_name(referral.province_code)
    number = (person.personal_id if actor.can("labour.change") else pid.mask(person.personal_id)) or "—"
    born = f"{person.birth_date:%d/%m/%Y}" if person.birth_date else str(person.birth_year)
    valid_until = day + dt.timedelta(days=VALID_DAYS)
    rows = [
        ["Họ và tên người lao động", person.full_name],
        ["Ngày sinh", born],
        ["Số định danh cá nhân", number],
        ["Nơi cư trú", ", ".join(p for p in (person.address_detail, referral.commune.name, province) if p)],
        ["Đơn vị tuyển dụng", employer.name],
        ["Địa chỉ đơn vị", employer.address_detail or "—"],
        ["Vị trí việc làm", vacancy.title],
        ["Nơi làm việc", vacancy.address_detail or "—"],
        ["Mức lương", _wage(referral)],
        ["Ngày giới thiệu", f"{referral.referred_on:%d/%m/%Y}"],
    ]
    return Document(
        body=centre(province),
        kind="PHIẾU GIỚI THIỆU VIỆC LÀM",
        kind_code="GT",
        place=bodies.place(province),
        day=day,
        blocks=(
            Paragraph(f"Kính gửi: {employer.name}", indent=False, bold=True, center=True),
            Paragraph(
                f"{CENTRE.capitalize()} {bodies.in_sentence(province)} trân trọng giới thiệu người lao động "
                "có thông tin dưới đây đến liên hệ với Quý đơn vị để được xem xét tuyển dụng:"
            ),
            Table(widths=("6cm", "1fr"), header=("Nội dung", "Thông tin"), rows=rows),
            Paragraph(
                f"Phiếu có giá trị đến hết ngày {valid_until:%d/%m/%Y}. Đề nghị Quý đơn vị thông báo kết quả "
                "tuyển dụng về Trung tâm để theo dõi, hỗ trợ người lao động."
            ),
        ),
        recipients=("- Như trên;", "- Người lao động;", "- Lưu: VT, hồ sơ người lao động."),
        signatures=(signature(centre_signatory(referral.province_code, day), lines=DIRECTOR),),
        title=f"Phiếu giới thiệu việc làm — {person.full_name}",
    )


def slip_subject(referral: Referral) -> Subject:
    return Subject(
        type="labour.referral_slip",
        id=str(referral.pk),
        label=f"{referral.seeker.person.full_name} → {referral.vacancy.employer.name}"[:200],
        unit_code=f"{referral.province_code}-{CENTRE_SHORT}",
        kind="GT",
        symbol=f"GT-{CENTRE_SHORT}",
        province_code=referral.province_code,
    )


def slip_numbers(referral_ids: list[int]) -> dict[int, str]:
    """The number each referral's slip was issued with ("4/GT-TTDVVL"), for those issued."""
    found = issued_numbers("labour.referral_slip", [str(pk) for pk in referral_ids])
    return {int(key): number for key, number in found.items()}


def slip_pdf(*, actor: Actor, referral: Referral, issue: bool = False) -> Printed:
    """The slip as it stands: with its number, date and validity once issued; a draft (DỰ THẢO) dated today
    until then. `issue` (a confirmed POST by a counsellor) first takes the next number of the centre's
    register; issuing again prints the same number, date and validity."""
    if issue:
        require(actor, "labour.change")
    subject = slip_subject(referral)
    before = issued(subject)
    doc = slip_document(actor=actor, referral=referral, day=before.issued_on if before else clock.today())
    return print_pdf(
        actor=actor, doc=doc, subject=subject, filename=f"phieu-gioi-thieu_{referral.pk}.pdf", issue=issue
    )
