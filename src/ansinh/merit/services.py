"""Writes of the merit registry: a person's record in a category, martyrs and the relatives linked to them,
injury assessments, caregivers and the care of Heroic Mothers.

Every service checks the capability, fetches through the actor's scope (out of scope reads as not found;
an object named in the input that is out of scope reads as missing on its field), validates everything,
then writes its rows and their audit events in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.core import audit, clock, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict, NotFound, ValidationFailed
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.core.text import fold, normalize_name
from ansinh.geo.models import AdminUnit, Level
from ansinh.merit import selectors
from ansinh.merit.inputs import (
    AssessmentData,
    CareData,
    CaregiverData,
    MartyrData,
    RecordData,
    RelativeData,
)
from ansinh.merit.models import (
    ASSESSED_CATEGORIES,
    LIVE_STATUSES,
    Caregiver,
    Category,
    HeroicMotherCare,
    InjuryAssessment,
    Martyr,
    MartyrRelative,
    MeritRecord,
    RecordStatus,
    Relation,
)
from ansinh.registry import resolve
from ansinh.registry import services as registry_services
from ansinh.registry.inputs import PersonData
from ansinh.registry.models import LifeStatus, Person, Sex

RECORD_AUDIT_FIELDS = [
    "person_id", "category", "decision_number", "decision_date", "decision_body", "dossier_number",
    "managing_province_id", "province_code", "status", "status_from", "note",
]  # fmt: skip
MARTYR_AUDIT_FIELDS = [
    "full_name", "birth_year", "native_place", "commune_id", "province_code", "sacrificed_on",
    "sacrificed_at", "certificate_number", "certificate_date", "grave_location",
]  # fmt: skip

# The severe-invalid threshold: "especially severe" is assessed only from this rate.
SEVERE_FROM = 81


def _error(code: str, message: Any, field: str) -> ApplicationError:
    return ApplicationError(code, message, field=field)


def _raise_if(errors: list[ApplicationError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def _not_future(value: dt.date | None, field: str, errors: list[ApplicationError]) -> None:
    if value is not None and value > clock.today():
        errors.append(_error(f"{field}.future", _("The date cannot be in the future."), field))


def _person_in_scope(actor: Actor, person_id: Any, field: str) -> Person:
    """A person named in the input: out of scope reads exactly as missing, on the field that named them."""
    try:
        person = scope.access(Person.objects.select_related("commune"), actor, person_id, what="person")
    except NotFound:
        raise ValidationFailed([_error(f"{field}.not_found", _("Person not found."), field)]) from None
    resolve.refuse_merged(person, field=field)
    return person


def managing_province_for(actor: Actor, person: Person) -> AdminUnit:
    """The province that will own a new dossier: the actor's own province; for a nation-wide actor, the
    province the person lives in."""
    unit = actor.scope_unit
    code = unit.province_code if unit is not None else person.province_code
    structure = unit.structure if unit is not None else person.commune.structure
    province = AdminUnit.objects.filter(level=Level.PROVINCE, code=code, structure=structure).first()
    if province is None:
        raise ValidationFailed(
            [_error("province.not_found", _("The managing province is not known."), "person")]
        )
    return province


def _lock_record(actor: Actor, record_id: Any, expected_version: int | None = None) -> MeritRecord:
    record = scope.access(
        selectors.record_base().select_for_update(of=("self",)),
        actor,
        getattr(record_id, "pk", record_id),
        what="merit_record",
        **selectors.RECORD_SCOPE,
    )
    if expected_version is not None and expected_version != record.version:
        raise Conflict(
            "merit_record.stale",
            _("Someone else changed this record while you were working. Reload it and try again."),
        )
    return record


# --- records ----------------------------------------------------------------------------------------


def _check_record(person: Person, data: RecordData, errors: list[ApplicationError]) -> None:
    _not_future(data.decision_date, "decision_date", errors)
    _not_future(data.status_from, "status_from", errors)
    if data.decision_date and data.status_from and data.status_from < data.decision_date:
        errors.append(
            _error(
                "status_from.before_decision",
                _("The status cannot start before the recognition decision."),
                "status_from",
            )
        )
    if data.category == Category.HEROIC_MOTHER and person.sex != Sex.FEMALE:
        errors.append(
            _error("category.not_mother", _("A Heroic Vietnamese Mother must be a woman."), "category")
        )
    if data.status == RecordStatus.DECEASED and person.status != LifeStatus.DECEASED:
        errors.append(
            _error(
                "status.not_deceased",
                _("Record the person's death in the registry first."),
                "status",
            )
        )
    if data.status in LIVE_STATUSES and person.status == LifeStatus.DECEASED:
        errors.append(_error("person.deceased", _("This person is recorded as deceased."), "status"))
    if (
        data.category == Category.MARTYR_RELATIVE
        and not MartyrRelative.objects.filter(person=person).exists()
    ):
        errors.append(
            _error(
                "category.no_martyr",
                _("Link the person to the martyr first (on the martyr's page)."),
                "category",
            )
        )


def _save_record(record: MeritRecord) -> None:
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        taken = MeritRecord.objects.exclude(pk=record.pk)
        if (
            record.status in LIVE_STATUSES
            and taken.filter(
                person_id=record.person_id, category=record.category, status__in=LIVE_STATUSES
            ).exists()
        ):
            raise Conflict(
                "category.duplicate",
                _("This person already has a current record in this category."),
                field="category",
            ) from None
        if (
            record.dossier_number
            and taken.filter(
                province_code=record.province_code, dossier_number=record.dossier_number
            ).exists()
        ):
            raise Conflict(
                "dossier_number.taken",
                _("A dossier with this number is already managed in this province."),
                field="dossier_number",
            ) from None
        raise


@transaction.atomic
def record_create(
    *,
    actor: Actor,
    data: RecordData,
    person_id: int | None = None,
    person_data: PersonData | None = None,
) -> MeritRecord:
    """A person's record in a category: for an existing person (`person_id`), or for one typed
    (`person_data`), linked to the registry person with that personal ID or registered through the
    registry's check for possible duplicates (a 409 with the candidates until the officer links or
    confirms)."""
    require(actor, "merit.change")
    if person_id is not None:
        person = _person_in_scope(actor, person_id, "person_id")
    elif person_data is not None:
        existing = resolve.person_for_registration(actor=actor, data=person_data)
        person = existing or registry_services.person_create(actor=actor, data=person_data)
        person = Person.objects.select_related("commune").get(pk=person.pk)
    else:
        raise ValidationFailed([_error("person_id.required", _("Choose the person."), "person_id")])
    errors: list[ApplicationError] = []
    _check_record(person, data, errors)
    _raise_if(errors)
    province = managing_province_for(actor, person)
    assert data.decision_date is not None  # parse_record requires it
    record = MeritRecord(
        person=person,
        category=data.category,
        decision_number=data.decision_number,
        decision_date=data.decision_date,
        decision_body=data.decision_body,
        dossier_number=data.dossier_number,
        managing_province=province,
        province_code=province.code,
        status=data.status,
        status_from=data.status_from or data.decision_date,
        note=data.note,
        created_by=user_of(actor),
        updated_by=user_of(actor),
    )
    _save_record(record)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=record,
        object_label=person.full_name,
        province_code=record.province_code,
        after=audit.snapshot(record, RECORD_AUDIT_FIELDS),
    )
    return record


@transaction.atomic
def record_update(
    *, actor: Actor, record_id: Any, data: RecordData, expected_version: int | None = None
) -> MeritRecord:
    """The decision, dossier, status and note of a record (a new category is a new record)."""
    require(actor, "merit.change")
    record = _lock_record(actor, record_id, expected_version)
    data.category = record.category
    errors: list[ApplicationError] = []
    _check_record(record.person, data, errors)
    if record.category == Category.MARTYR_RELATIVE:
        errors = [e for e in errors if e.code != "category.no_martyr"]
    _raise_if(errors)
    before = audit.snapshot(record, RECORD_AUDIT_FIELDS)
    record.decision_number = data.decision_number
    record.decision_date = data.decision_date  # type: ignore[assignment]
    record.decision_body = data.decision_body
    record.dossier_number = data.dossier_number
    record.status = data.status
    record.status_from = data.status_from or record.status_from
    if record.status_from < record.decision_date:
        record.status_from = record.decision_date
    record.note = data.note
    changed_before, changed_after = audit.diff(before, audit.snapshot(record, RECORD_AUDIT_FIELDS))
    if not changed_after:
        return record
    record.version += 1
    record.updated_by = user_of(actor)
    _save_record(record)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=record,
        object_label=record.person.full_name,
        province_code=record.province_code,
        before=changed_before,
        after=changed_after,
    )
    return record


# --- martyrs and relatives --------------------------------------------------------------------------


@transaction.atomic
def martyr_create(*, actor: Actor, data: MartyrData) -> Martyr:
    require(actor, "merit.change")
    errors: list[ApplicationError] = []
    commune = AdminUnit.objects.filter(pk=data.commune_id or 0, level=Level.COMMUNE).first()
    if commune is None or not scope.in_scope(
        actor, province_code=commune.province_code, commune_id=commune.pk
    ):
        errors.append(_error("commune_id.not_found", _("Commune not found."), "commune_id"))
    _not_future(data.sacrificed_on, "sacrificed_on", errors)
    _not_future(data.certificate_date, "certificate_date", errors)
    if data.sacrificed_on and data.certificate_date and data.certificate_date < data.sacrificed_on:
        errors.append(
            _error(
                "certificate_date.before_sacrifice",
                _("The certificate cannot be dated before the sacrifice."),
                "certificate_date",
            )
        )
    if data.birth_year and data.sacrificed_on and data.birth_year > data.sacrificed_on.year:
        errors.append(
            _error("birth_year.after_sacrifice", _("The birth year is after the sacrifice."), "birth_year")
        )
    _raise_if(errors)
    assert commune is not None
    assert data.sacrificed_on is not None and data.certificate_date is not None  # parse_martyr requires them
    name = normalize_name(data.full_name)
    martyr = Martyr(
        full_name=name,
        name_folded=fold(name),
        birth_year=data.birth_year,
        native_place=data.native_place,
        commune=commune,
        province_code=commune.province_code,
        sacrificed_on=data.sacrificed_on,
        sacrificed_at=data.sacrificed_at,
        certificate_number=data.certificate_number,
        certificate_date=data.certificate_date,
        grave_location=data.grave_location,
        created_by=user_of(actor),
        updated_by=user_of(actor),
    )
    try:
        with transaction.atomic():
            martyr.save()
    except IntegrityError:
        if Martyr.objects.filter(certificate_number=data.certificate_number).exists():
            raise Conflict(
                "certificate_number.taken",
                _("A martyr with this certificate number is already recorded."),
                field="certificate_number",
            ) from None
        raise
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=martyr,
        object_label=martyr.full_name,
        province_code=martyr.province_code,
        after=audit.snapshot(martyr, MARTYR_AUDIT_FIELDS),
    )
    return martyr


RELATION_SEX = {Relation.FATHER: Sex.MALE, Relation.MOTHER: Sex.FEMALE}


@transaction.atomic
def relative_link(*, actor: Actor, martyr_id: Any, data: RelativeData) -> MartyrRelative:
    """Link a registry person to a martyr as father, mother, spouse, child or the person who raised them."""
    require(actor, "merit.change")
    martyr = scope.access(
        Martyr.objects.select_for_update(of=("self",)),
        actor,
        getattr(martyr_id, "pk", martyr_id),
        what="martyr",
    )
    person = _person_in_scope(actor, data.person_id, "person_id")
    errors: list[ApplicationError] = []
    needed = RELATION_SEX.get(data.relation)  # type: ignore[call-overload]
    if needed and person.sex != needed:
        errors.append(_error("relation.sex", _("The relation does not match the person's sex."), "relation"))
    if (
        data.relation in (Relation.FATHER, Relation.MOTHER)
        and martyr.relatives.filter(relation=data.relation).exists()
    ):
        errors.append(
            _error("relation.taken", _("The martyr already has a relative with this relation."), "relation")
        )
    if data.relation == Relation.NURTURER:
        if data.nurtured_years is None or data.nurtured_years < 10:
            errors.append(
                _error(
                    "nurtured_years.too_few",
                    _("The person must have raised the martyr for at least 10 years while under 18."),
                    "nurtured_years",
                )
            )
    elif data.nurtured_years is not None:
        data.nurtured_years = None
    if martyr.birth_year and person.birth_year:
        older = data.relation in (Relation.FATHER, Relation.MOTHER, Relation.NURTURER)
        if older and person.birth_year >= martyr.birth_year:
            errors.append(_error("relation.age", _("A parent must be born before the martyr."), "relation"))
        if data.relation == Relation.CHILD and person.birth_year <= martyr.birth_year:
            errors.append(_error("relation.age", _("A child must be born after the martyr."), "relation"))
    if martyr.relatives.filter(person=person).exists():
        errors.append(
            Conflict(
                "person_id.already_linked",
                _("This person is already linked to this martyr."),
                field="person_id",
            )
        )
    _raise_if(errors)
    link = MartyrRelative.objects.create(
        martyr=martyr,
        person=person,
        relation=data.relation,
        nurtured_years=data.nurtured_years,
        created_by=user_of(actor),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=link,
        object_label=f"{person.full_name} — {martyr.full_name}",
        province_code=martyr.province_code,
        after={"martyr_id": martyr.pk, "person_id": person.pk, "relation": link.relation},
    )
    return link


# --- assessments, caregivers, care ------------------------------------------------------------------


@transaction.atomic
def assessment_record(*, actor: Actor, record_id: Any, data: AssessmentData) -> InjuryAssessment:
    """A medical assessment council's body-injury rate for an assessed category; from its date it is the
    rate in force."""
    require(actor, "merit.change")
    record = _lock_record(actor, record_id)
    assert data.rate is not None and data.assessed_on is not None  # parse_assessment requires them
    errors: list[ApplicationError] = []
    if record.category not in ASSESSED_CATEGORIES:
        errors.append(
            _error(
                "record.not_assessed",
                _("Injury assessments are recorded only for war invalids, sick soldiers and Agent Orange."),
                "rate",
            )
        )
    _not_future(data.assessed_on, "assessed_on", errors)
    if data.especially_severe and data.rate < SEVERE_FROM:
        errors.append(
            _error(
                "especially_severe.below_81",
                _("Especially severe is assessed only from a rate of 81 %."),
                "especially_severe",
            )
        )
    if record.assessments.filter(assessed_on=data.assessed_on).exists():
        errors.append(
            Conflict(
                "assessed_on.taken",
                _("An assessment of this date is already recorded."),
                field="assessed_on",
            )
        )
    _raise_if(errors)
    made = InjuryAssessment.objects.create(
        record=record,
        rate=data.rate,
        especially_severe=data.especially_severe,
        assessed_on=data.assessed_on,
        medical_council=data.medical_council,
        note=data.note,
        created_by=user_of(actor),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=made,
        object_label=record.person.full_name,
        province_code=record.province_code,
        after=audit.snapshot(
            made, ["record_id", "rate", "especially_severe", "assessed_on", "medical_council"]
        ),
    )
    return made


@transaction.atomic
def caregiver_add(*, actor: Actor, record_id: Any, data: CaregiverData) -> Caregiver:
    """A person who cares for the person with merit from a date; the current caregiver, if any, stops
    the day before."""
    require(actor, "merit.change")
    record = _lock_record(actor, record_id)
    person = _person_in_scope(actor, data.person_id, "person_id")
    errors: list[ApplicationError] = []
    assert data.valid_from is not None
    if person.pk == record.person_id:
        errors.append(_error("person_id.self", _("A person cannot be their own caregiver."), "person_id"))
    if person.status == LifeStatus.DECEASED:
        errors.append(_error("person_id.deceased", _("This person is recorded as deceased."), "person_id"))
    current = record.caregivers.filter(valid_to__isnull=True).first()
    if current is not None and data.valid_to is None and data.valid_from <= current.valid_from:
        errors.append(
            _error(
                "valid_from.before_current",
                _("The current caregiver started on or after this date."),
                "valid_from",
            )
        )
    overlap = record.caregivers.filter(valid_to__isnull=False, valid_to__gte=data.valid_from)
    if data.valid_to is not None:
        overlap = overlap.filter(valid_from__lte=data.valid_to)
    # A closed period may be recorded after the fact, but not over the current caregiver's time.
    over_current = current is not None and data.valid_to is not None and data.valid_to >= current.valid_from
    if overlap.exists() or over_current:
        errors.append(
            _error("valid_from.overlap", _("Another caregiver is recorded for these dates."), "valid_from")
        )
    _raise_if(errors)
    if current is not None and data.valid_to is None:
        current.valid_to = data.valid_from - dt.timedelta(days=1)
        current.save(update_fields=["valid_to"])
    made = Caregiver.objects.create(
        record=record,
        person=person,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        created_by=user_of(actor),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=made,
        object_label=record.person.full_name,
        province_code=record.province_code,
        after={
            "record_id": record.pk,
            "person_id": person.pk,
            "valid_from": data.valid_from.isoformat(),
            "valid_to": data.valid_to.isoformat() if data.valid_to else None,
            "ended": current.pk if current is not None and data.valid_to is None else None,
        },
    )
    return made


@transaction.atomic
def care_add(*, actor: Actor, record_id: Any, data: CareData) -> HeroicMotherCare:
    """An organisation or unit that takes care of a Heroic Vietnamese Mother for a period."""
    require(actor, "merit.change")
    record = _lock_record(actor, record_id)
    errors: list[ApplicationError] = []
    if record.category != Category.HEROIC_MOTHER:
        errors.append(
            _error(
                "record.not_mother",
                _("Care by an organisation is recorded only for a Heroic Vietnamese Mother."),
                "organisation",
            )
        )
    assert data.valid_from is not None
    clash = record.care_assignments.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=data.valid_from),
        organisation__iexact=data.organisation,
    )
    if data.valid_to is not None:
        clash = clash.filter(valid_from__lte=data.valid_to)
    if clash.exists():
        errors.append(
            _error(
                "organisation.overlap",
                _("This organisation is already recorded as caring for these dates."),
                "organisation",
            )
        )
    _raise_if(errors)
    made = HeroicMotherCare.objects.create(
        record=record,
        organisation=data.organisation,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        created_by=user_of(actor),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=made,
        object_label=record.person.full_name,
        province_code=record.province_code,
        after=audit.snapshot(made, ["record_id", "organisation", "valid_from", "valid_to"]),
    )
    return made
