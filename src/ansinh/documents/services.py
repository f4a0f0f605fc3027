"""Issuing a document number (lấy số văn bản) from the register; recording who signs (người ký)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ansinh.accounts.models import user_of
from ansinh.core import audit, clock, dates, scope, text
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, ValidationFailed, field_error, raise_if_any
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.documents.models import IssuedDocument, NumberRegister, Signatory, SignedKind, SigningBody
from ansinh.geo.models import AdminUnit, Level


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


def issued_numbers(subject_type: str, subject_ids: list[str]) -> dict[str, str]:
    """The numbers ("3/DS-UBND") of the subjects of one type already issued, by subject id."""
    rows = IssuedDocument.objects.filter(subject_type=subject_type, subject_id__in=subject_ids)
    return {
        row.subject_id: f"{row.number}/{row.symbol}" for row in rows.only("subject_id", "number", "symbol")
    }


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


# --- signatories (người ký văn bản) -------------------------------------------------------------------

MAX_LINE, MAX_NAME = 80, 120


@dataclass(frozen=True)
class SignatoryData:
    unit_id: int | None
    body: str
    kind: str
    authority_line: str
    delegation_line: str
    title: str
    full_name: str
    valid_from: dt.date | None
    valid_to: dt.date | None


def _line(raw: Any) -> str:
    """An authority line or title as the block prints it: bold capitals ("KT. CHỦ TỊCH")."""
    return text.clean(str(raw or "")).upper()


def parse_signatory(raw: dict[str, Any]) -> SignatoryData:
    """The typed fields; every problem at once (ValidationFailed naming each field)."""
    errors: list[ApplicationError] = []
    unit_raw = str(raw.get("unit") or "").strip()
    unit_id = int(unit_raw) if unit_raw.isdigit() and len(unit_raw) < 12 else None
    if unit_id is None:
        errors.append(field_error("unit.required", _("Choose the issuing unit."), "unit"))
    body = str(raw.get("body") or SigningBody.COMMITTEE)
    if body not in SigningBody.values:
        errors.append(field_error("body.invalid", _("Choose one of the listed bodies."), "body"))
    kind = str(raw.get("kind") or "")
    if kind not in SignedKind.values:
        errors.append(field_error("kind.invalid", _("Choose one of the listed kinds of document."), "kind"))
    data = SignatoryData(
        unit_id=unit_id,
        body=body,
        kind=kind,
        authority_line=_line(raw.get("authority_line")),
        delegation_line=_line(raw.get("delegation_line")),
        title=_line(raw.get("title")),
        full_name=text.normalize_name(str(raw.get("full_name") or "")),
        valid_from=dates.date_or_error(raw.get("valid_from"), "valid_from", errors),
        valid_to=dates.date_or_error(raw.get("valid_to"), "valid_to", errors),
    )
    for name in ("authority_line", "delegation_line", "title"):
        if len(getattr(data, name)) > MAX_LINE:
            errors.append(
                field_error(f"{name}.too_long", _("At most %(n)s characters.") % {"n": MAX_LINE}, name)
            )
    if not data.title:
        errors.append(field_error("title.required", _("Enter the signer's title, e.g. CHỦ TỊCH."), "title"))
    if not data.full_name:
        errors.append(field_error("full_name.required", _("Enter the signer's full name."), "full_name"))
    elif len(data.full_name) > MAX_NAME:
        errors.append(
            field_error("full_name.too_long", _("At most %(n)s characters.") % {"n": MAX_NAME}, "full_name")
        )
    if data.valid_from is None and not any(e.field == "valid_from" for e in errors):
        errors.append(
            field_error("valid_from.required", _("Enter the date the signer takes office."), "valid_from")
        )
    if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
        errors.append(
            field_error("valid_to.before_start", _("The end date is before the start date."), "valid_to")
        )
    raise_if_any(errors)
    return data


SIGNATORY_FIELDS = (
    "unit_id",
    "body",
    "kind",
    "authority_line",
    "delegation_line",
    "title",
    "full_name",
    "valid_from",
    "valid_to",
)


def _snapshot(signatory: Signatory) -> dict[str, Any]:
    return {
        name: (value.isoformat() if isinstance(value, dt.date) else value)
        for name in SIGNATORY_FIELDS
        for value in [getattr(signatory, name)]
    }


def _signing_unit(actor: Actor, unit_id: int | None) -> AdminUnit:
    """The issuing unit, if the actor records its signatories (a commune officer their commune, a province
    officer the province and its communes); any other unit reads as an invalid choice, like a missing one.
    The unit's row is locked: it serialises the overlap check of its signatories."""
    unit = (
        AdminUnit.objects.current()
        .filter(pk=unit_id, level__in=[Level.PROVINCE, Level.COMMUNE])
        .select_for_update()
        .first()
    )
    if unit is None or not scope.in_scope(actor, province_code=unit.province_code, commune_id=unit.pk):
        raise ValidationFailed([field_error("unit.invalid", _("Choose one of the listed units."), "unit")])
    return unit


@transaction.atomic
def signatory_save(*, actor: Actor, data: SignatoryData, signatory: Signatory | None = None) -> Signatory:
    """Record a signatory, or correct one (its unit stays); audited. Refused: a unit the actor does not
    record for, the employment centre of a commune, a period overlapping another signatory of the same
    unit, body and kind."""
    require(actor, "documents.signatories")
    unit = signatory.unit if signatory is not None else _signing_unit(actor, data.unit_id)
    if signatory is not None:
        _signing_unit(actor, unit.pk)  # still the actor's to record (and locked)
    if data.body == SigningBody.EMPLOYMENT_CENTRE and unit.level != Level.PROVINCE:
        raise ValidationFailed(
            [
                field_error(
                    "body.centre_of_province",
                    _("The employment service centre is the province's: choose the province as the unit."),
                    "body",
                )
            ]
        )
    assert data.valid_from is not None  # parse_signatory requires it
    overlapping = Signatory.objects.filter(unit=unit, body=data.body, kind=data.kind).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=data.valid_from)
    )
    if data.valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=data.valid_to)
    if signatory is not None:
        overlapping = overlapping.exclude(pk=signatory.pk)
    other = overlapping.order_by("valid_from").first()
    if other is not None:
        until = f"{other.valid_to:%d/%m/%Y}" if other.valid_to else _("now")
        raise ValidationFailed(
            [
                field_error(
                    "valid_from.overlap",
                    _(
                        "%(name)s is recorded for this body and kind of document from %(start)s to "
                        "%(end)s; end that period first or choose other dates."
                    )
                    % {"name": other.full_name, "start": f"{other.valid_from:%d/%m/%Y}", "end": until},
                    "valid_from",
                )
            ]
        )
    user = user_of(actor)
    before = _snapshot(signatory) if signatory is not None else None
    row = signatory or Signatory(
        unit=unit,
        commune=unit if unit.level == Level.COMMUNE else None,
        province_code=unit.province_code,
        created_by=user,
    )
    for name in SIGNATORY_FIELDS[1:]:
        setattr(row, name, getattr(data, name))
    row.updated_by = user
    row.save()
    after = _snapshot(row)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if before is not None else AuditAction.CREATE,
        obj=row,
        object_label=f"{row.title} {row.full_name} — {unit.name}"[:200],
        province_code=row.province_code,
        before={k: v for k, v in before.items() if after[k] != v} if before else None,
        after={k: v for k, v in after.items() if before is None or before[k] != v},
    )
    return row
