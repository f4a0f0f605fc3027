"""Small amendments of the merit registry: the end of a caregiver's period, and the removal of a link
between a martyr and a person recorded by mistake.

Each checks the capability, reaches the record or martyr through the actor's scope (out of scope reads as
not found; a person named in the body who is out of scope reads as missing on its field), and writes its
change with an audit event in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ansinh.core import audit, clock, scope
from ansinh.core.actors import Actor
from ansinh.core.dates import date_or_error
from ansinh.core.errors import ApplicationError, Conflict, NotFound, ValidationFailed
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.merit import selectors
from ansinh.merit.models import LIVE_STATUSES, Caregiver, Category, Martyr, MartyrRelative, MeritRecord
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
