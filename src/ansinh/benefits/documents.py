"""The benefit decision (quyết định hưởng trợ cấp) of an enrolment, printed in the Decree 30/2020 format.

The commune chairman decides (Nghị định 20/2021/NĐ-CP Art. 8, as amended by Nghị định 176/2025/NĐ-CP after
the districts were abolished on 1 July 2025). The print is the decision of record (`Enrolment.decision`):
its number, date and signer as they were recorded; the legal bases are the rules data's citations of the
amount (the standard level, the coefficient); the amount is computed by the rules for the effective month.

Numbering: a decision recorded with the number it was given on paper prints that number. Printing never
takes a number: a decision recorded without one prints as a draft (DỰ THẢO, the number left blank) until
someone who records decisions issues it (`decision_issue_pdf`, a confirmed POST): it then takes the next
"QĐ" number of the commune's register (the year it was signed) and keeps it
(`services.decision_number_issue`); every later print shows the same number. An enrolment without a
decision of record prints as a draft.

Personal ID numbers are printed in full only for those who decide (`benefits.change`); masked otherwise.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from ansinh.benefits import entitlement, household_status, law, services
from ansinh.benefits.inputs import SA_CLAUSES
from ansinh.benefits.models import Decision, Enrolment, Regime
from ansinh.benefits.rules.base import Result
from ansinh.core import clock
from ansinh.core.actors import Actor
from ansinh.core.errors import Conflict
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.text import fold
from ansinh.documents import bodies
from ansinh.documents import selectors as document_selectors
from ansinh.documents.kit import Decides, Document, LegalBases, Paragraph, Signature, figure
from ansinh.documents.models import Signatory
from ansinh.documents.printing import Printed, print_pdf, signature
from ansinh.documents.services import Subject
from ansinh.documents.words import amount_in_words

LOCAL_GOVERNMENT_LAW = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
REGIME_BASES = {
    Regime.SOCIAL_ASSISTANCE: (
        "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy định chính sách trợ "
        "giúp xã hội đối với đối tượng bảo trợ xã hội;"
    ),
    Regime.SOCIAL_PENSION: "Căn cứ Luật Bảo hiểm xã hội ngày 29 tháng 6 năm 2024;",
}
SUBJECTS = {
    Regime.SOCIAL_ASSISTANCE: ("Về việc hưởng trợ cấp xã hội hằng tháng", "trợ cấp xã hội hằng tháng"),
    Regime.SOCIAL_PENSION: ("Về việc hưởng trợ cấp hưu trí xã hội", "trợ cấp hưu trí xã hội hằng tháng"),
}
PROPOSAL = "Theo đề nghị của Trưởng phòng Văn hóa - Xã hội."
CHAIRMAN = ("CHỦ TỊCH",)
SEX_TITLE = {"M": "Ông", "F": "Bà"}


def _result(enrolment: Enrolment, decision: Decision | None) -> Result:
    facts = (decision.facts if decision and decision.facts else None) or enrolment.facts
    person = enrolment.person
    birth = person.birth_date or dt.date(person.birth_year, 1, 1)
    return entitlement.month_result(
        regime=enrolment.regime,
        facts=household_status.facts_on(person, facts, enrolment.start_month),
        birth_date=birth,
        month=enrolment.start_month,
        province=enrolment.province_code,
        params=law.current_params(),
    )


def _legal_bases(enrolment: Enrolment, result: Result) -> tuple[str, ...]:
    bases = [LOCAL_GOVERNMENT_LAW, REGIME_BASES.get(enrolment.regime, "")]
    bases += [f"Căn cứ {citation};" for citation in result.citations if citation]
    bases.append(PROPOSAL)
    return tuple(dict.fromkeys(b for b in bases if b))


def _who(enrolment: Enrolment, *, full_id: bool) -> str:
    person = enrolment.person
    born = f"sinh ngày {person.birth_date:%d/%m/%Y}" if person.birth_date else f"sinh năm {person.birth_year}"
    number = (person.personal_id if full_id else pid.mask(person.personal_id)) or "chưa có"
    where = ", ".join(part for part in (person.address_detail, enrolment.commune.name) if part)
    title = SEX_TITLE.get(person.sex, "Ông/Bà")
    return f"{title} {person.full_name}, {born}; số định danh cá nhân: {number}; nơi cư trú: {where}."


def _article_one(enrolment: Enrolment, result: Result, *, full_id: bool) -> tuple[str, ...]:
    _subject, benefit = SUBJECTS.get(enrolment.regime, SUBJECTS[Regime.SOCIAL_ASSISTANCE])
    lines = [f"Hưởng {benefit} đối với {_who(enrolment, full_id=full_id)}"]
    if enrolment.clause:
        lines.append(f"Đối tượng: {SA_CLAUSES.get(enrolment.clause, enrolment.clause)}.")
    amount = result.monthly_amount
    lines.append(f"Mức trợ cấp hằng tháng: {figure(amount)} đồng ({amount_in_words(amount)}), gồm:")
    lines += [f"- {line.label}: {figure(line.amount)} đồng ({line.basis})." for line in result.lines]
    lines.append(f"Thời điểm hưởng: từ tháng {enrolment.start_month:%m/%Y}.")
    return tuple(lines)


def decision_document(*, actor: Actor, enrolment: Enrolment) -> Document:
    """The decision as a Document (Vietnamese whatever the page's language: an official text); a draft
    while the decision of record has no number."""
    decision = enrolment.decision
    number = decision.number if decision and decision.number else None
    commune = enrolment.commune
    full_id = actor.can("benefits.change")
    with translation.override("vi"):
        result = _result(enrolment, decision)
        subject, _benefit = SUBJECTS.get(enrolment.regime, SUBJECTS[Regime.SOCIAL_ASSISTANCE])
        articles = (
            _article_one(enrolment, result, full_id=full_id),
            ("Quyết định này có hiệu lực kể từ ngày ký.",),
            (
                "Trưởng phòng Văn hóa - Xã hội, Trưởng phòng Kinh tế, các cơ quan, đơn vị có liên quan và "
                f"{SEX_TITLE.get(enrolment.person.sex, 'Ông/Bà')} {enrolment.person.full_name} chịu trách "
                "nhiệm thi hành Quyết định này.",
            ),
        )
    province = bodies.province_name(enrolment.province_code)
    day = decision.signed_on if decision else clock.today()
    return Document(
        body=bodies.committee(commune.name),
        kind="QUYẾT ĐỊNH",
        kind_code="QĐ",
        place=bodies.place(commune.name),
        day=day,
        subject=subject,
        number=number,
        draft=number is None,
        blocks=(
            Paragraph(f"CHỦ TỊCH {bodies.PEOPLES_COMMITTEE} {commune.name.upper()}", bold=True, center=True),
            LegalBases(_legal_bases(enrolment, result)),
            Decides(articles),
        ),
        recipients=(
            "- Như Điều 3;",
            *([f"- Sở Y tế {bodies.in_sentence(province)};"] if province else []),
            "- Lưu: VT, hồ sơ đối tượng.",
        ),
        signatures=(decision_signature(enrolment, day),),
        title=f"Quyết định {number or '(dự thảo)'} — {enrolment.person.full_name}",
    )


def decision_signatory(enrolment: Enrolment) -> Signatory | None:
    """The commune's signatory of decisions in force on the decision's date (today for a draft)."""
    decision = enrolment.decision
    day = decision.signed_on if decision else clock.today()
    return document_selectors.committee_signatory(unit=enrolment.commune, kind="QĐ", day=day)


def decision_signature(enrolment: Enrolment, day: dt.date) -> Signature:
    """The decision of record names who signed it: that name, under the signature lines recorded for that
    person in office on the day (else the chairman's title). Without a decision of record, the signatory
    in force; without one, the title and an empty name line."""
    decision = enrolment.decision
    signatory = document_selectors.committee_signatory(unit=enrolment.commune, kind="QĐ", day=day)
    if decision is None or not decision.signer:
        return signature(signatory, lines=CHAIRMAN)
    if signatory is not None and _names(decision.signer, signatory.full_name):
        return Signature(signatory.lines, signatory.full_name)
    return Signature(CHAIRMAN, decision.signer)


def _names(signer: str, full_name: str) -> bool:
    """Whether a decision's recorded signer ("Lò Văn Thanh" or "Lò Văn Thanh, Chủ tịch UBND xã …") is
    this person."""
    recorded, name = fold(signer), fold(full_name)
    return recorded == name or recorded.startswith(f"{name},")


def signer_missing(enrolment: Enrolment) -> bool:
    """Whether the printed decision will leave the signer's name to be written by hand."""
    decision = enrolment.decision
    return not (decision and decision.signer) and decision_signatory(enrolment) is None


def decision_subject(enrolment: Enrolment) -> Subject:
    return Subject(
        type="benefits.enrolment_decision",
        id=str(enrolment.pk),
        label=f"{enrolment.person.full_name} ({enrolment.regime})",
        unit_code=enrolment.commune.code,
        kind="QĐ",
        symbol="QĐ-UBND",
        province_code=enrolment.province_code,
    )


def needs_number(enrolment: Enrolment) -> bool:
    """Whether the enrolment's decision of record still waits for its number from the register."""
    return enrolment.decision is not None and not enrolment.decision.number


def issue_register_year(enrolment: Enrolment) -> int | None:
    """The year of the register an unnumbered decision takes its number from (the year it was signed);
    None when there is nothing to number."""
    decision = enrolment.decision
    return decision.signed_on.year if decision is not None and not decision.number else None


def decision_pdf(*, actor: Actor, enrolment: Enrolment) -> Printed:
    """The printed decision as it stands: its number, or a draft (DỰ THẢO) while it has none. Nothing is
    taken from the register; the hand-out is audited as an export."""
    doc = decision_document(actor=actor, enrolment=enrolment)
    return print_pdf(
        actor=actor,
        doc=doc,
        subject=decision_subject(enrolment),
        filename=f"quyet-dinh_{enrolment.pk}.pdf",
        register=False,
    )


def decision_issue_pdf(*, actor: Actor, enrolment: Enrolment) -> Printed:
    """Issue the decision and print it: a decision without a number takes the register's next one (only
    by those who record decisions, `services.decision_number_issue` refuses anyone else); a decision that
    has one keeps it and is printed again. An enrolment without a decision of record has nothing to issue
    (Conflict)."""
    if enrolment.decision is None:
        raise Conflict("decision.missing", _("This enrolment has no decision of record to give a number to."))
    enrolment.decision = services.decision_number_issue(actor=actor, decision=enrolment.decision)
    return decision_pdf(actor=actor, enrolment=enrolment)
