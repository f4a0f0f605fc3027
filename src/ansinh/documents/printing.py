"""Printing an official document: the number from the register (not for a draft), the PDF, the audit event;
and the signature block of the signatory in force (`signature`).

The one path the four documents (and the regimes' documents to come) take from a page button or an API
call to a file: build a `Document` (the regime knows what it says), hand it here with its `Subject`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from ansinh.core import audit
from ansinh.core.actors import Actor
from ansinh.core.models import AuditAction
from ansinh.documents import kit
from ansinh.documents.models import Signatory
from ansinh.documents.services import Subject, document_issue, issued

PDF = "application/pdf"


def signature(signatory: Signatory | None, *, lines: tuple[str, ...], note: str = "") -> kit.Signature:
    """The signature block of the signatory in force; without one, the block's usual `lines` and an empty
    name line, signed and named by hand (a name is never made up)."""
    if signatory is None:
        return kit.Signature(lines, "", note)
    return kit.Signature(signatory.lines, signatory.full_name, note)


def preparer_name(user: object) -> str:
    """The full name of the officer who draws a list up (Người lập biểu), as their account records it."""
    get = getattr(user, "get_full_name", None)
    return str(get() or "").strip() if callable(get) else ""


@dataclass(frozen=True)
class Printed:
    filename: str
    content_type: str
    content: bytes
    number: str  # "12/DS-UBND"; "" for a draft


def numbered(
    *, actor: Actor | None, doc: kit.Document, subject: Subject, issue: bool = False
) -> kit.Document:
    """The document with its number and issue date as they stand: the subject's number if it was issued
    before, else a draft (DỰ THẢO, no number). Only `issue` (a confirmed POST, never a GET) takes the next
    number of the register, and only for a document that is not a draft."""
    if issue and not doc.draft:
        made = document_issue(actor=actor, subject=subject, day=doc.day)
        return dataclasses.replace(doc, number=made.number, day=made.issued_on)
    before = issued(subject)
    if before is None:
        return dataclasses.replace(doc, draft=True)
    return dataclasses.replace(doc, number=before.number, day=before.issued_on, draft=False)


def print_pdf(
    *,
    actor: Actor | None,
    doc: kit.Document,
    subject: Subject,
    filename: str,
    register: bool = True,
    issue: bool = False,
    moment: dt.datetime | None = None,
) -> Printed:
    """The PDF of `doc`, numbered from the register (unless `register` is False: a document that carries
    the number it was recorded with): the number it was issued, or a draft; `issue` takes the number first
    (a POST that the officer confirmed). The hand-out is an audited export (which document, which number)."""
    if register:
        doc = numbered(actor=actor, doc=doc, subject=subject, issue=issue)
    content = kit.render_pdf(doc, moment=moment)
    number = "" if doc.is_draft else doc.number_line.removeprefix("Số: ")
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=subject.type,
        object_id=subject.id,
        object_label=f"{doc.kind} {number or kit.DRAFT} — {subject.label}"[:200],
        province_code=subject.province_code,
        after={"format": "pdf", "number": number, "draft": doc.is_draft},
    )
    return Printed(filename, PDF, content, number)
