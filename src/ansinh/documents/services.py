"""Issuing a document number (lấy số văn bản) from the register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from ansinh.core import audit, clock
from ansinh.core.actors import Actor
from ansinh.core.models import AuditAction
from ansinh.documents.models import IssuedDocument, NumberRegister


@dataclass(frozen=True)
class Subject:
    """What a document is about and who numbers it."""

    type: str  # "benefits.decision", "payments.cash_list", "labour.referral_slip", "reports.report"
    id: str
    label: str
    unit_code: str  # the issuing unit whose register gives the number
    kind: str  # "DS"
    symbol: str  # "DS-UBND"
    province_code: str = ""


def issued(subject: Subject) -> IssuedDocument | None:
    """The document already issued for `subject`, if any (a reprint shows its number)."""
    return IssuedDocument.objects.filter(subject_type=subject.type, subject_id=subject.id).first()


def document_issue(
    *,
    actor: Actor | None,
    subject: Subject,
    day: dt.date | None = None,
    taken: Callable[[str], bool] | None = None,
) -> IssuedDocument:
    """The subject's number: the one given before, or the next number of its unit's register this year.

    The register row is locked while the number is taken, so concurrent issues get distinct numbers; when
    two requests issue the same subject at once, the loser's insert fails on the subject's unique key and
    it returns the winner's document instead. `taken("12/QĐ-UBND")` says whether a number is already
    recorded outside the register (a decision typed in with the number it was given on paper): such a
    number is passed over."""
    existing = issued(subject)
    if existing is not None:
        return existing
    day = day or clock.today()
    try:
        return _issue(actor=actor, subject=subject, day=day, taken=taken)
    except IntegrityError:
        existing = issued(subject)
        if existing is None:
            raise
        return existing


@transaction.atomic
def _issue(
    *, actor: Actor | None, subject: Subject, day: dt.date, taken: Callable[[str], bool] | None
) -> IssuedDocument:
    key: dict[str, Any] = {"unit_code": subject.unit_code, "kind": subject.kind, "year": day.year}
    NumberRegister.objects.get_or_create(**key)
    register = NumberRegister.objects.select_for_update().get(**key)
    register.last_number += 1
    while taken is not None and taken(f"{register.last_number}/{subject.symbol}"):
        register.last_number += 1
    register.save(update_fields=["last_number"])
    user = actor if isinstance(actor, get_user_model()) else None
    document = IssuedDocument.objects.create(
        register=register,
        number=register.last_number,
        symbol=subject.symbol,
        subject_type=subject.type,
        subject_id=subject.id,
        subject_label=subject.label[:200],
        province_code=subject.province_code,
        issued_on=day,
        issued_by=user,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=document,
        object_label=f"{document.number}/{document.symbol} {subject.label}"[:200],
        province_code=subject.province_code,
        after={
            "number": document.number,
            "symbol": document.symbol,
            "subject": f"{subject.type}:{subject.id}",
        },
    )
    return document
