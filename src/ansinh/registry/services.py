"""Writes to the registry. Each service validates everything first, then writes the row and its
audit event in one transaction: nothing is half-saved."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.core import audit, clock, phones, reference, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict, NotFound, ValidationFailed
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.models import AuditAction, AuditEvent
from ansinh.core.scope import require
from ansinh.core.text import clean, fold_words, normalize_name
from ansinh.geo.models import AdminUnit, Level, Structure
from ansinh.registry import codes, resolve, search, selectors
from ansinh.registry.inputs import HouseholdData, PersonData
from ansinh.registry.models import (
    BirthDatePrecision,
    Household,
    HouseholdMember,
    LifeStatus,
    Person,
    Relationship,
    Sex,
)

PERSON_AUDIT_FIELDS = [
    "personal_id", "full_name", "birth_date", "birth_year", "birth_date_precision", "sex", "ethnicity",
    "commune_id", "province_code", "address_detail", "phone", "bank_code", "bank_account", "status",
    "death_date",
]  # fmt: skip
HOUSEHOLD_AUDIT_FIELDS = ["code", "commune_id", "province_code", "address_detail", "head_id"]


@cache
def _values(choices: Any) -> frozenset[str]:
    """The stored values of a choices class, once (`.values` builds the labels on every call)."""
    return frozenset(str(v) for v in choices.values)


_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")
MIN_BIRTH_YEAR = 1900


def _commune_for(
    actor: Actor,
    commune_id: int | None,
    errors: list[ApplicationError],
    communes: dict[int, AdminUnit] | None = None,
) -> AdminUnit | None:
    """A current commune inside the actor's scope; anything else reads as not found. `communes`: the
    current communes already looked up (an import's), by id."""
    if commune_id is None:
        errors.append(ApplicationError("commune.required", _("Choose a commune."), field="commune"))
        return None
    if communes is not None:
        unit = communes.get(commune_id)
    else:
        unit = AdminUnit.objects.filter(
            pk=commune_id, level=Level.COMMUNE, structure=Structure.REFORM_2025, valid_to__isnull=True
        ).first()
    if unit is None or not scope.in_scope(actor, province_code=unit.province_code, commune_id=unit.pk):
        errors.append(ApplicationError("commune.not_found", _("Commune not found."), field="commune"))
        return None
    return unit


def person_clean(
    actor: Actor, data: PersonData, today: dt.date, communes: dict[int, AdminUnit] | None = None
) -> tuple[dict[str, Any], AdminUnit | None]:
    """Validate every field as the person form does; return the values to store or raise ValidationFailed
    listing all problems. Imports pass the `communes` of the file, looked up once."""
    errors: list[ApplicationError] = []
    values: dict[str, Any] = {}

    name = normalize_name(data.full_name)
    if not name:
        errors.append(ApplicationError("full_name.required", _("Enter the full name."), field="full_name"))
    elif len(name) > 120:
        errors.append(ApplicationError("full_name.too_long", _("At most 120 characters."), field="full_name"))
    elif not _NAME_RE.match(name):
        errors.append(
            ApplicationError(
                "full_name.bad_characters",
                _("A name may contain only letters and spaces."),
                field="full_name",
            )
        )
    values["full_name"] = name
    values["name_folded"] = fold_words(name)  # = fold(name), cached word by word

    if data.sex not in _values(Sex):
        errors.append(ApplicationError("sex.invalid", _("Choose male or female."), field="sex"))
    values["sex"] = data.sex

    birth_year = data.birth_year
    if data.birth_date is not None:
        if data.birth_date > today:
            errors.append(
                ApplicationError(
                    "birth_date.future", _("The birth date is in the future."), field="birth_date"
                )
            )
        elif data.birth_date.year < MIN_BIRTH_YEAR:
            errors.append(
                ApplicationError(
                    "birth_date.too_early", _("The birth date is before 1900."), field="birth_date"
                )
            )
        if birth_year is not None and birth_year != data.birth_date.year:
            errors.append(
                ApplicationError(
                    "birth_year.mismatch",
                    _("The birth year differs from the birth date."),
                    field="birth_year",
                )
            )
        birth_year = data.birth_date.year
        values["birth_date_precision"] = BirthDatePrecision.DAY
    elif birth_year is not None:
        if not MIN_BIRTH_YEAR <= birth_year <= today.year:
            errors.append(
                ApplicationError(
                    "birth_year.out_of_range",
                    _("The birth year must be between 1900 and %(year)d.") % {"year": today.year},
                    field="birth_year",
                )
            )
        values["birth_date_precision"] = BirthDatePrecision.YEAR
    else:
        errors.append(
            ApplicationError(
                "birth_date.required",
                _("Enter the birth date, or the birth year if only that is known."),
                field="birth_date",
            )
        )
    values["birth_date"] = data.birth_date
    values["birth_year"] = birth_year

    number = pid.compact(data.personal_id) if data.personal_id else ""
    if number:
        try:
            birth_ok = not errors or not any(e.field in ("birth_date", "birth_year") for e in errors)
            pid.validate(
                number,
                today=today,
                birth_date=data.birth_date if birth_ok else None,
                birth_year=birth_year if birth_ok else None,
                sex="M" if data.sex == Sex.MALE else "F" if data.sex == Sex.FEMALE else None,
            )
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    values["personal_id"] = number or None

    if not reference.is_ethnicity(data.ethnicity):
        errors.append(ApplicationError("ethnicity.unknown", _("Unknown ethnic group."), field="ethnicity"))
    values["ethnicity"] = data.ethnicity

    commune = _commune_for(actor, data.commune_id, errors, communes)
    if commune is not None:
        values["commune_id"] = commune.pk
        values["province_code"] = commune.province_code

    address = clean(data.address_detail)
    if len(address) > 200:
        errors.append(
            ApplicationError("address_detail.too_long", _("At most 200 characters."), field="address_detail")
        )
    values["address_detail"] = address

    try:
        values["phone"] = phones.clean(data.phone, field="phone")
    except ApplicationError as exc:
        errors.append(exc)
        values["phone"] = phones.compact(data.phone)

    if data.bank_code or data.bank_account:
        account = re.sub(r"[\s.\-]", "", data.bank_account)
        if not data.bank_code:
            errors.append(ApplicationError("bank_code.required", _("Choose the bank."), field="bank_code"))
        elif not account:
            errors.append(
                ApplicationError(
                    "bank_account.required", _("Enter the account number."), field="bank_account"
                )
            )
        else:
            try:
                reference.validate_bank_account(data.bank_code, account)
            except ApplicationError as exc:
                errors.append(exc)
        values["bank_code"], values["bank_account"] = data.bank_code, account
    else:
        values["bank_code"], values["bank_account"] = "", ""

    if data.status not in _values(LifeStatus):
        errors.append(ApplicationError("status.invalid", _("Unknown status."), field="status"))
    elif data.status == LifeStatus.DECEASED:
        if data.death_date is None:
            errors.append(
                ApplicationError("death_date.required", _("Enter the date of death."), field="death_date")
            )
        elif data.death_date > today:
            errors.append(
                ApplicationError(
                    "death_date.future", _("The date of death is in the future."), field="death_date"
                )
            )
        elif (data.birth_date and data.death_date < data.birth_date) or (
            birth_year and data.death_date.year < birth_year
        ):
            errors.append(
                ApplicationError(
                    "death_date.before_birth", _("The date of death is before the birth."), field="death_date"
                )
            )
    elif data.death_date is not None:
        errors.append(
            ApplicationError(
                "death_date.not_deceased", _("A date of death needs the status deceased."), field="death_date"
            )
        )
    values["status"] = data.status
    values["death_date"] = data.death_date if data.status == LifeStatus.DECEASED else None

    if errors:
        raise ValidationFailed(errors)
    return values, commune


def _refuse_taken_id(actor: Actor, personal_id: str | None, exclude_pk: int | None = None) -> None:
    refusal = resolve.collision(actor=actor, personal_id=personal_id, exclude_pk=exclude_pk)
    if refusal is not None:
        raise refusal


def _save_person(actor: Actor, person: Person) -> None:
    person.search_doc = search.search_doc(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        if "personal_id" in str(exc):
            # Someone registered the number meanwhile: answer as if it had been there before.
            _refuse_taken_id(actor, person.personal_id, exclude_pk=person.pk)
            raise resolve.registered_elsewhere() from None
        raise


@transaction.atomic
def person_create(*, actor: Actor, data: PersonData) -> Person:
    """Register a person, after the check for persons who are probably the same one
    (`resolve.screen_new_person`): with candidates, `person.possible_duplicate` (409) unless the data
    links to one of them (`link_to`: that existing person is returned, `linked_at_entry` set) or confirms
    a new person with a reason (recorded in the audit event)."""
    require(actor, "registry.change")
    values, _commune = person_clean(actor, data, clock.today())
    _refuse_taken_id(actor, values["personal_id"])
    screening = resolve.screen_new_person(actor=actor, values=values, data=data)
    if screening.linked is not None:
        linked = screening.linked
        audit.record(
            actor=actor,
            action=AuditAction.VIEW,
            obj=linked,
            after={"linked_at_entry": True, "typed_name": values["full_name"]},
        )
        linked.linked_at_entry = True  # type: ignore[attr-defined]
        return linked
    person = Person(**values, created_by=user_of(actor), updated_by=user_of(actor))
    _save_person(actor, person)
    after = audit.snapshot(person, PERSON_AUDIT_FIELDS)
    check = screening.audit()
    if check is not None:
        after["entry_check"] = check
    audit.record(actor=actor, action=AuditAction.CREATE, obj=person, after=after)
    return person


@transaction.atomic
def person_update(
    *, actor: Actor, person_id: int, data: PersonData, expected_version: int | None = None
) -> Person:
    require(actor, "registry.change")
    person = scope.access(Person.objects.select_for_update(), actor, person_id, what="person")
    resolve.refuse_merged(person)
    if expected_version is not None and expected_version != person.version:
        raise Conflict(
            "person.stale",
            _(
                "Someone else changed this record while you were editing. "
                "Reload it and apply your changes again."
            ),
        )
    values, _commune = person_clean(actor, data, clock.today())
    _refuse_taken_id(actor, values["personal_id"], exclude_pk=person.pk)
    before = audit.snapshot(person, PERSON_AUDIT_FIELDS)
    for name, value in values.items():
        setattr(person, name, value)
    after = audit.snapshot(person, PERSON_AUDIT_FIELDS)
    changed_before, changed_after = audit.diff(before, after)
    if not changed_after:
        return person
    person.version += 1
    person.updated_by = user_of(actor)
    _save_person(actor, person)
    # Household rows follow their members' scope only through the household's own commune.
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=person, before=changed_before, after=changed_after
    )
    return person


def person_view_full(*, actor: Actor, person_id: int) -> Person:
    """Fetch a full (unmasked) record for display; the read itself is audited."""
    require(actor, "registry.view")
    person = scope.access(
        Person.objects.select_related("commune", "commune__parent"), actor, person_id, what="person"
    )
    audit.record(actor=actor, action=AuditAction.VIEW, obj=person)
    return person


def person_history_read(*, actor: Actor, person_id: int) -> QuerySet[AuditEvent]:
    """A person's change history. It holds every earlier value of the record (old names, addresses,
    phones, accounts), so reading it is audited as a full-record read, like opening the record."""
    require(actor, "registry.view", "registry.history")
    person = scope.access(Person.objects.all(), actor, person_id, what="person")
    audit.record(actor=actor, action=AuditAction.VIEW, obj=person)
    return selectors.person_history(actor=actor, person=person)


@transaction.atomic
def household_create(
    *, actor: Actor, data: HouseholdData, head_id: int | None = None, joined_on: dt.date | None = None
) -> Household:
    require(actor, "registry.change")
    errors: list[ApplicationError] = []
    commune = _commune_for(actor, data.commune_id, errors)
    code = data.code
    if code and (codes.commune_of(code) is None or (commune and codes.commune_of(code) != commune.code)):
        example = codes.household_code(commune.code if commune else "03202", "7F3A1C")
        message = _(
            "A household code is H, the commune's code, a dash and 4–13 letters or digits: %(example)s."
        )
        errors.append(ApplicationError("code.invalid", message % {"example": example}, field="code"))
    elif code and Household.objects.filter(code=code).exists():
        errors.append(ApplicationError("code.taken", _("This household code is already used."), field="code"))
    address = clean(data.address_detail)
    if len(address) > 200:
        errors.append(
            ApplicationError("address_detail.too_long", _("At most 200 characters."), field="address_detail")
        )
    if errors or commune is None:
        raise ValidationFailed(errors)
    household = Household.objects.create(
        code=code or codes.new_household_code(commune.code),
        commune=commune,
        province_code=commune.province_code,
        address_detail=address,
        created_by=user_of(actor),
        updated_by=user_of(actor),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=household,
        after=audit.snapshot(household, HOUSEHOLD_AUDIT_FIELDS),
    )
    if head_id is not None:
        household_add_member(
            actor=actor,
            household_id=household.pk,
            person_id=head_id,
            relationship=Relationship.HEAD,
            joined_on=joined_on,
        )
        household.refresh_from_db()
    return household


@transaction.atomic
def household_add_member(
    *, actor: Actor, household_id: int, person_id: int, relationship: str, joined_on: dt.date | None = None
) -> HouseholdMember:
    require(actor, "registry.change")
    household = scope.access(Household.objects.select_for_update(), actor, household_id, what="household")
    try:
        person = scope.access(Person.objects.all(), actor, person_id, what="person")
    except NotFound:
        raise ApplicationError("person.not_found", _("Person not found."), field="person") from None
    resolve.refuse_merged(person)
    if relationship not in Relationship.values:
        raise ApplicationError("relationship.invalid", _("Unknown relationship."), field="relationship")
    if HouseholdMember.objects.filter(person=person, left_on__isnull=True).exists():
        raise ApplicationError(
            "person.already_member",
            _("This person already belongs to a household; remove them from it first."),
            field="person",
        )
    if relationship == Relationship.HEAD and household.head_id is not None:
        raise ApplicationError(
            "household.has_head", _("This household already has a head."), field="relationship"
        )
    member = HouseholdMember.objects.create(
        household=household, person=person, relationship=relationship, joined_on=joined_on
    )
    before = audit.snapshot(household, HOUSEHOLD_AUDIT_FIELDS)
    if relationship == Relationship.HEAD:
        household.head = person
    household.version += 1
    household.updated_by = user_of(actor)
    household.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=household,
        before=before,
        after={**audit.snapshot(household, HOUSEHOLD_AUDIT_FIELDS), "member_added": person.pk,
               "relationship": relationship},
    )  # fmt: skip
    return member


@transaction.atomic
def household_remove_member(
    *, actor: Actor, household_id: int, person_id: int, left_on: dt.date | None = None
) -> None:
    require(actor, "registry.change")
    household = scope.access(Household.objects.select_for_update(), actor, household_id, what="household")
    member = HouseholdMember.objects.filter(
        household=household, person_id=person_id, left_on__isnull=True
    ).first()
    if member is None:
        raise ApplicationError(
            "member.not_found", _("This person is not a member of the household."), field="person"
        )
    member.left_on = left_on or clock.today()
    member.save(update_fields=["left_on"])
    before = audit.snapshot(household, HOUSEHOLD_AUDIT_FIELDS)
    if household.head_id == person_id:
        household.head = None
    household.version += 1
    household.updated_by = user_of(actor)
    household.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=household,
        before=before,
        after={**audit.snapshot(household, HOUSEHOLD_AUDIT_FIELDS), "member_removed": person_id},
    )


def person_relocate(*, actor: Actor, person: Person, unit: AdminUnit) -> Person:
    """Move a person's record to another current commune, possibly outside the actor's scope.

    The caller has already checked that the actor may hand the person over (a move decision):
    `person_update` refuses a commune outside the actor's scope on purpose, so moves come here.
    Runs inside the caller's transaction; writes the search document, version and audit event.
    """
    if unit.level != Level.COMMUNE or unit.structure != Structure.REFORM_2025 or unit.valid_to is not None:
        raise ApplicationError("commune.not_current", _("Choose a current commune."), field="commune")
    before = audit.snapshot(person, PERSON_AUDIT_FIELDS)
    person.commune = unit
    person.province_code = unit.province_code
    person.search_doc = search.search_doc(person)
    person.version += 1
    person.updated_by = user_of(actor)
    person.save()
    changed_before, changed_after = audit.diff(before, audit.snapshot(person, PERSON_AUDIT_FIELDS))
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=person, before=changed_before, after=changed_after
    )
    return person
