"""Typed input of the merit writes and the parsers that turn raw form/API values into it.

Every bad field is reported at once (ValidationFailed), named, in the user's language: the API and the
forms show the same messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from ansinh.core import numbers
from ansinh.core.dates import date_or_error
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.merit.models import Category, RecordStatus, Relation


@dataclass
class RecordData:
    category: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None
    decision_body: str = ""
    dossier_number: str = ""
    status: str = RecordStatus.ACTIVE
    status_from: dt.date | None = None  # blank: the decision date
    note: str = ""


@dataclass
class MartyrData:
    full_name: str = ""
    birth_year: int | None = None
    native_place: str = ""
    commune_id: int | None = None
    sacrificed_on: dt.date | None = None
    sacrificed_at: str = ""
    certificate_number: str = ""
    certificate_date: dt.date | None = None
    grave_location: str = ""


@dataclass
class RelativeData:
    person_id: int | None = None
    relation: str = ""
    nurtured_years: int | None = None


@dataclass
class AssessmentData:
    rate: int | None = None
    especially_severe: bool = False
    assessed_on: dt.date | None = None
    medical_council: str = ""
    note: str = ""


@dataclass
class CaregiverData:
    person_id: int | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass
class CareData:
    organisation: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


def _str(raw: Any) -> str:
    return "" if raw is None else " ".join(str(raw).split())


def _int(raw: Any, field: str, errors: list[ApplicationError], **limits: Any) -> int | None:
    try:
        return numbers.parse_integer(raw, field=field, **limits)
    except ApplicationError as exc:
        errors.append(exc)
        return None


def _bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    return _str(raw).lower() in ("1", "true", "on", "yes", "có")


def _required(value: Any, field: str, message: Any, errors: list[ApplicationError]) -> None:
    if value in (None, ""):
        errors.append(ApplicationError(f"{field}.required", message, field=field))


def _choice(raw: Any, choices: list[str], field: str, message: Any, errors: list[ApplicationError]) -> str:
    value = _str(raw)
    if value not in choices:
        errors.append(ApplicationError(f"{field}.invalid", message, field=field))
    return value


def _raise(errors: list[ApplicationError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def parse_record(raw: dict[str, Any], *, with_category: bool = True) -> RecordData:
    errors: list[ApplicationError] = []
    data = RecordData(
        decision_number=_str(raw.get("decision_number")),
        decision_date=date_or_error(raw.get("decision_date"), "decision_date", errors),
        decision_body=_str(raw.get("decision_body")),
        dossier_number=_str(raw.get("dossier_number")),
        status=_choice(
            raw.get("status") or RecordStatus.ACTIVE,
            list(RecordStatus.values),
            "status",
            _("Choose a status."),
            errors,
        ),
        status_from=date_or_error(raw.get("status_from"), "status_from", errors),
        note=_str(raw.get("note")),
    )
    if with_category:
        data.category = _choice(
            raw.get("category"), list(Category.values), "category", _("Choose a category."), errors
        )
    _required(data.decision_number, "decision_number", _("Enter the recognition decision number."), errors)
    if "decision_date" not in {e.field for e in errors}:
        _required(data.decision_date, "decision_date", _("Enter the date of the decision."), errors)
    _required(data.decision_body, "decision_body", _("Enter the body that decided."), errors)
    _raise(errors)
    return data


def parse_martyr(raw: dict[str, Any]) -> MartyrData:
    errors: list[ApplicationError] = []
    data = MartyrData(
        full_name=_str(raw.get("full_name")),
        birth_year=_int(raw.get("birth_year"), "birth_year", errors, minimum=1850, maximum=2100),
        native_place=_str(raw.get("native_place")),
        commune_id=_int(raw.get("commune_id"), "commune_id", errors, maximum=numbers.INT64_MAX),
        sacrificed_on=date_or_error(raw.get("sacrificed_on"), "sacrificed_on", errors),
        sacrificed_at=_str(raw.get("sacrificed_at")),
        certificate_number=_str(raw.get("certificate_number")),
        certificate_date=date_or_error(raw.get("certificate_date"), "certificate_date", errors),
        grave_location=_str(raw.get("grave_location")),
    )
    bad = {e.field for e in errors}
    _required(data.full_name, "full_name", _("Enter the martyr's full name."), errors)
    _required(data.native_place, "native_place", _("Enter the martyr's native place."), errors)
    if "commune_id" not in bad:
        _required(data.commune_id, "commune_id", _("Choose the commune that holds the record."), errors)
    if "sacrificed_on" not in bad:
        _required(data.sacrificed_on, "sacrificed_on", _("Enter the date of sacrifice."), errors)
    _required(data.sacrificed_at, "sacrificed_at", _("Enter the place of sacrifice."), errors)
    _required(
        data.certificate_number,
        "certificate_number",
        _("Enter the number of the “Tổ quốc ghi công” certificate."),
        errors,
    )
    if "certificate_date" not in bad:
        _required(data.certificate_date, "certificate_date", _("Enter the date of the certificate."), errors)
    _raise(errors)
    return data


def parse_relative(raw: dict[str, Any]) -> RelativeData:
    errors: list[ApplicationError] = []
    data = RelativeData(
        person_id=_int(raw.get("person_id"), "person_id", errors, maximum=numbers.INT64_MAX),
        relation=_choice(
            raw.get("relation"), list(Relation.values), "relation", _("Choose the relation."), errors
        ),
        nurtured_years=_int(raw.get("nurtured_years"), "nurtured_years", errors, maximum=18),
    )
    if "person_id" not in {e.field for e in errors}:
        _required(data.person_id, "person_id", _("Choose the person."), errors)
    _raise(errors)
    return data


def parse_assessment(raw: dict[str, Any]) -> AssessmentData:
    errors: list[ApplicationError] = []
    data = AssessmentData(
        rate=_int(raw.get("rate"), "rate", errors, minimum=0, maximum=100),
        especially_severe=_bool(raw.get("especially_severe")),
        assessed_on=date_or_error(raw.get("assessed_on"), "assessed_on", errors),
        medical_council=_str(raw.get("medical_council")),
        note=_str(raw.get("note")),
    )
    bad = {e.field for e in errors}
    if "rate" not in bad:
        _required(data.rate, "rate", _("Enter the body-injury rate (0–100 %)."), errors)
    if "assessed_on" not in bad:
        _required(data.assessed_on, "assessed_on", _("Enter the date of the assessment."), errors)
    _required(data.medical_council, "medical_council", _("Enter the medical assessment council."), errors)
    _raise(errors)
    return data


def _period(raw: dict[str, Any], errors: list[ApplicationError]) -> tuple[dt.date | None, dt.date | None]:
    start = date_or_error(raw.get("valid_from"), "valid_from", errors)
    end = date_or_error(raw.get("valid_to"), "valid_to", errors)
    if "valid_from" not in {e.field for e in errors}:
        _required(start, "valid_from", _("Enter the start date."), errors)
    if start and end and end < start:
        errors.append(
            ApplicationError(
                "valid_to.before_start", _("The end date is before the start date."), field="valid_to"
            )
        )
    return start, end


def parse_caregiver(raw: dict[str, Any]) -> CaregiverData:
    errors: list[ApplicationError] = []
    person_id = _int(raw.get("person_id"), "person_id", errors, maximum=numbers.INT64_MAX)
    if "person_id" not in {e.field for e in errors}:
        _required(person_id, "person_id", _("Choose the person."), errors)
    start, end = _period(raw, errors)
    _raise(errors)
    return CaregiverData(person_id=person_id, valid_from=start, valid_to=end)


def parse_care(raw: dict[str, Any]) -> CareData:
    errors: list[ApplicationError] = []
    organisation = _str(raw.get("organisation"))
    _required(organisation, "organisation", _("Enter the organisation or unit."), errors)
    start, end = _period(raw, errors)
    _raise(errors)
    return CareData(organisation=organisation, valid_from=start, valid_to=end)
