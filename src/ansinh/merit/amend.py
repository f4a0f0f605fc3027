"""Small amendments of the merit registry: the end of a caregiver's period, the removal of a link between
a martyr and a person recorded by mistake, and the correction of a martyr's record.

Each checks the capability, reaches the record or martyr through the actor's scope (out of scope reads as
not found; a person named in the body who is out of scope reads as missing on its field), and writes its
change with an audit event in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.core import audit, clock, scope
from ansinh.core.actors import Actor
from ansinh.core.dates import date_or_error
from ansinh.core.errors import ApplicationError, Conflict, NotFound, ValidationFailed
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.core.text import fold, normalize_name
from ansinh.geo.models import AdminUnit, Level
from ansinh.merit import selectors
from ansinh.merit.inputs import MartyrData
from ansinh.merit.models import LIVE_STATUSES, Caregiver, Category, Martyr, MartyrRelative, MeritRecord
from ansinh.merit.services import MARTYR_AUDIT_FIELDS
from ansinh.registry.models import Person


def _failed(code: str, message: Any, field: str) -> ValidationFailed:
    return ValidationFailed([ApplicationError(code, message, field=field)])


@transaction.atomic
def caregiver_end(*, actor: Actor, record_id: Any, valid_to: Any) -> Caregiver:
    """The current caregiver of the record stops caring on `valid_to` (from the day after, nobody is
    recorded until a new caregiver is added)."""
    require(actor, "merit.change")
    record = scope.access(
        selectors.record_base().select_for_update(of=("self",)),
        actor,
        record_id,
        what="merit_record",
        **selectors.RECORD_SCOPE,
    )
    errors: list[ApplicationError] = []
    day = date_or_error(valid_to, "valid_to", errors)
    if errors:
        raise ValidationFailed(errors)
    if day is None:
        raise _failed("valid_to.required", _("Enter the last day of caring."), "valid_to")
    current = record.caregivers.select_for_update().filter(valid_to__isnull=True).first()
    if current is None:
        raise _failed("caregiver.none_current", _("No caregiver is recorded as caring now."), "valid_to")
    if day < current.valid_from:
        raise _failed("valid_to.before_start", _("The caregiver started after this date."), "valid_to")
    if day > clock.today():
        raise _failed("valid_to.future", _("The date cannot be in the future."), "valid_to")
    current.valid_to = day
    current.save(update_fields=["valid_to"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        object_label=record.person.full_name,
        province_code=record.province_code,
        before={"valid_to": None},
        after={"valid_to": day.isoformat()},
    )
    return current


@transaction.atomic
def relative_unlink(*, actor: Actor, martyr_id: Any, person_id: Any, reason: str) -> None:
    """Remove a person's link to a martyr recorded by mistake. Refused while the person's live record as a
    martyr's relative rests on this link alone (end that record first)."""
    require(actor, "merit.change")
    martyr = scope.access(Martyr.objects.select_for_update(of=("self",)), actor, martyr_id, what="martyr")
    try:
        person = scope.access(Person.objects.all(), actor, person_id, what="person")
    except NotFound:
        raise _failed("person_id.not_found", _("Person not found."), "person_id") from None
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise _failed("reason.required", _("Give the reason for removing the link."), "reason")
    link = MartyrRelative.objects.filter(martyr=martyr, person=person).first()
    if link is None:
        raise _failed("person_id.not_linked", _("This person is not linked to this martyr."), "person_id")
    others = MartyrRelative.objects.filter(person=person).exclude(pk=link.pk).exists()
    live = MeritRecord.objects.filter(
        person=person, category=Category.MARTYR_RELATIVE, status__in=LIVE_STATUSES
    ).exists()
    if live and not others:
        raise Conflict(
            "relative.record_live",
            _("The person's record as a martyr's relative rests on this link: end that record first."),
            field="person_id",
        )
    before = {"martyr_id": martyr.pk, "person_id": person.pk, "relation": link.relation}
    link_id = link.pk
    link.delete()
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        object_type="merit.martyrrelative",
        object_id=str(link_id),
        object_label=f"{person.full_name} — {martyr.full_name}"[:200],
        province_code=martyr.province_code,
        before=before,
        after={"reason": reason},
    )


@transaction.atomic
def martyr_update(
    *, actor: Actor, martyr_id: Any, data: MartyrData, expected_version: int | None = None
) -> Martyr:
    """Correct a martyr's record (name, native place, holding commune in scope, dates, certificate,
    grave): the same checks as registering one; an edit based on an older version is refused."""
    require(actor, "merit.change")
    martyr = scope.access(Martyr.objects.select_for_update(of=("self",)), actor, martyr_id, what="martyr")
    if expected_version is not None and expected_version != martyr.version:
        raise Conflict(
            "martyr.stale",
            _("Someone else changed this record while you were working. Reload it and try again."),
        )
    errors: list[ApplicationError] = []
    commune = AdminUnit.objects.filter(pk=data.commune_id or 0, level=Level.COMMUNE).first()
    if commune is None or not scope.in_scope(
        actor, province_code=commune.province_code, commune_id=commune.pk
    ):
        errors.append(ApplicationError("commune_id.not_found", _("Commune not found."), field="commune_id"))
    today = clock.today()
    for field, value in (("sacrificed_on", data.sacrificed_on), ("certificate_date", data.certificate_date)):
        if value is not None and value > today:
            errors.append(
                ApplicationError(f"{field}.future", _("The date cannot be in the future."), field=field)
            )
    if data.sacrificed_on and data.certificate_date and data.certificate_date < data.sacrificed_on:
        errors.append(
            ApplicationError(
                "certificate_date.before_sacrifice",
                _("The certificate cannot be dated before the sacrifice."),
                field="certificate_date",
            )
        )
    if data.birth_year and data.sacrificed_on and data.birth_year > data.sacrificed_on.year:
        errors.append(
            ApplicationError(
                "birth_year.after_sacrifice", _("The birth year is after the sacrifice."), field="birth_year"
            )
        )
    if Martyr.objects.filter(certificate_number=data.certificate_number).exclude(pk=martyr.pk).exists():
        errors.append(
            Conflict(
                "certificate_number.taken",
                _("A martyr with this certificate number is already recorded."),
                field="certificate_number",
            )
        )
    if errors:
        raise ValidationFailed(errors)
    assert commune is not None and data.sacrificed_on is not None and data.certificate_date is not None
    before = audit.snapshot(martyr, MARTYR_AUDIT_FIELDS)
    name = normalize_name(data.full_name)
    martyr.full_name, martyr.name_folded = name, fold(name)
    martyr.birth_year = data.birth_year
    martyr.native_place = data.native_place
    martyr.commune, martyr.province_code = commune, commune.province_code
    martyr.sacrificed_on, martyr.sacrificed_at = data.sacrificed_on, data.sacrificed_at
    martyr.certificate_number, martyr.certificate_date = data.certificate_number, data.certificate_date
    martyr.grave_location = data.grave_location
    changed_before, changed_after = audit.diff(before, audit.snapshot(martyr, MARTYR_AUDIT_FIELDS))
    if not changed_after:
        return martyr
    martyr.version += 1
    martyr.updated_by = user_of(actor)
    martyr.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=martyr,
        object_label=martyr.full_name,
        province_code=martyr.province_code,
        before=changed_before,
        after=changed_after,
    )
    return martyr
