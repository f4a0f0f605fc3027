"""Typed input for seeker, employer and vacancy writes, and the parsers that turn raw values (a form, a
JSON body, a spreadsheet row) into it. Parsing reports every unreadable field at once, naming the field;
the services then check the rules. Both raise `ValidationFailed`, so the UI, the API and imports show
the same messages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from ansinh.core import numbers
from ansinh.core.dates import date_or_error
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.registry.inputs import PersonData, parse_person


@dataclass
class SeekerData:
    commune_id: int | None = None  # where the seeker lives
    registered_on: dt.date | None = None  # today when not given
    title: str = ""  # the job wanted, as said: "Thợ hàn điện"
    occupation_codes: list[str] = field(default_factory=list)  # first = primary; empty: mapped from title
    general_education: int | None = None
    qualification: int | None = None
    field_of_study: str = ""
    certificates: str = ""
    skills: str = ""
    experience_years: int | None = None
    experience: str = ""
    wage_min: int | None = None
    wage_max: int | None = None
    work_type: str = "full_time"
    willing_to_move: bool = False
    desired_provinces: list[str] = field(default_factory=list)
    desired_communes: list[int] = field(default_factory=list)
    employment_status: str = "unemployed"
    ui_status: str = "none"
    email: str = ""
    consent_contact: bool = False
    notes: str = ""


@dataclass
class EmployerData:
    tax_code: str = ""
    name: str = ""
    kind: str = "private"
    industry_version: str = "2025"
    industry_code: str = ""
    size: str = ""
    employees: int | None = None
    commune_id: int | None = None
    address_detail: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    website: str = ""
    is_active: bool = True


@dataclass
class VacancyData:
    employer_id: int | None = None
    reference: str = ""
    title: str = ""
    description: str = ""
    occupation_code: str = ""  # empty: mapped from the title
    posts: int | None = None
    wage_min: int | None = None
    wage_max: int | None = None
    work_type: str = "full_time"
    min_general_education: int | None = None
    min_qualification: int | None = None
    skills: str = ""
    min_experience_years: int | None = None
    age_min: int | None = None
    age_max: int | None = None
    age_reason: str = ""
    commune_id: int | None = None  # the place of work; the employer's commune when not given
    address_detail: str = ""
    opened_on: dt.date | None = None  # today when not given
    deadline: dt.date | None = None


# --- raw value readers (each appends to `errors` instead of raising) --------------------------------


def text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():  # a spreadsheet cell holding 7212 reads as 7212.0
        raw = int(raw)
    return str(raw).strip()


def date(raw: Any, name: str, errors: list[ApplicationError]) -> dt.date | None:
    return date_or_error(raw, name, errors)


def integer(raw: Any, name: str, errors: list[ApplicationError]) -> int | None:
    try:
        return numbers.parse_integer(raw, field=name)
    except ApplicationError as exc:
        errors.append(exc)
        return None


def money(raw: Any, name: str, errors: list[ApplicationError]) -> int | None:
    """Integer đồng from "8.000.000", "8,000,000", "8 000 000 đ", 8000000 or "8,5 triệu"."""
    try:
        return numbers.parse_amount(raw, field=name)
    except ApplicationError as exc:
        errors.append(exc)
        return None


_TRUE = {"1", "true", "yes", "y", "x", "có", "co", "đồng ý", "dong y", "on"}
_FALSE = {"", "0", "false", "no", "n", "không", "khong", "off"}


def boolean(raw: Any, name: str, errors: list[ApplicationError]) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        return bool(raw)
    value = text(raw).lower()
    if value in _TRUE:
        return True
    if value not in _FALSE:
        errors.append(ApplicationError("field.not_yes_no", _("Write “có” or “không”."), field=name))
    return False


def strings(raw: Any) -> list[str]:
    """A list from a list, or from "7212, 7213; 7214"."""
    if raw in (None, ""):
        return []
    items: Iterable[Any] = raw if isinstance(raw, list | tuple) else re.split(r"[;,\s]+", text(raw))
    return [text(item) for item in items if text(item)]


def integers(raw: Any, name: str, errors: list[ApplicationError]) -> list[int]:
    out = []
    for item in strings(raw):
        value = integer(item, name, errors)
        if value is not None:
            out.append(value)
    return out


def _fail_if(errors: list[ApplicationError], collect: list[ApplicationError] | None) -> None:
    """Raise the parse errors, or hand them to `collect` (imports: the service still checks the rest)."""
    if collect is not None:
        collect.extend(errors)
    elif errors:
        raise ValidationFailed(errors)


# --- parsers -----------------------------------------------------------------------------------------


def parse_seeker(raw: dict[str, Any], *, collect: list[ApplicationError] | None = None) -> SeekerData:
    """Unreadable values raise ValidationFailed, or (with `collect`) are listed there and left empty."""
    errors: list[ApplicationError] = []
    data = SeekerData(
        commune_id=integer(raw.get("commune_id", raw.get("commune")), "commune", errors),
        registered_on=date(raw.get("registered_on"), "registered_on", errors),
        title=text(raw.get("title")),
        occupation_codes=strings(raw.get("occupation_codes")),
        general_education=integer(raw.get("general_education"), "general_education", errors),
        qualification=integer(raw.get("qualification"), "qualification", errors),
        field_of_study=text(raw.get("field_of_study")),
        certificates=text(raw.get("certificates")),
        skills=text(raw.get("skills")),
        experience_years=integer(raw.get("experience_years"), "experience_years", errors),
        experience=text(raw.get("experience")),
        wage_min=money(raw.get("wage_min"), "wage_min", errors),
        wage_max=money(raw.get("wage_max"), "wage_max", errors),
        work_type=text(raw.get("work_type")) or "full_time",
        willing_to_move=boolean(raw.get("willing_to_move"), "willing_to_move", errors),
        desired_provinces=[p.zfill(2) for p in strings(raw.get("desired_provinces"))],
        desired_communes=integers(raw.get("desired_communes"), "desired_communes", errors),
        employment_status=text(raw.get("employment_status")) or "unemployed",
        ui_status=text(raw.get("ui_status")) or "none",
        email=text(raw.get("email")),
        consent_contact=boolean(raw.get("consent_contact"), "consent_contact", errors),
        notes=text(raw.get("notes")),
    )
    _fail_if(errors, collect)
    return data


def parse_employer(raw: dict[str, Any], *, collect: list[ApplicationError] | None = None) -> EmployerData:
    """Unreadable values raise ValidationFailed, or (with `collect`) are listed there and left empty."""
    errors: list[ApplicationError] = []
    data = EmployerData(
        tax_code=text(raw.get("tax_code")),
        name=text(raw.get("name")),
        kind=text(raw.get("kind")) or "private",
        industry_version=text(raw.get("industry_version")) or "2025",
        industry_code=text(raw.get("industry_code")).upper(),
        size=text(raw.get("size")),
        employees=integer(raw.get("employees"), "employees", errors),
        commune_id=integer(raw.get("commune_id", raw.get("commune")), "commune", errors),
        address_detail=text(raw.get("address_detail")),
        contact_name=text(raw.get("contact_name")),
        contact_phone=text(raw.get("contact_phone")),
        contact_email=text(raw.get("contact_email")),
        website=text(raw.get("website")),
        is_active=boolean(raw.get("is_active", True), "is_active", errors),
    )
    _fail_if(errors, collect)
    return data


def parse_vacancy(raw: dict[str, Any], *, collect: list[ApplicationError] | None = None) -> VacancyData:
    """Unreadable values raise ValidationFailed, or (with `collect`) are listed there and left empty."""
    errors: list[ApplicationError] = []
    data = VacancyData(
        employer_id=integer(raw.get("employer_id", raw.get("employer")), "employer", errors),
        reference=text(raw.get("reference")),
        title=text(raw.get("title")),
        description=text(raw.get("description")),
        occupation_code=text(raw.get("occupation_code")),
        posts=integer(raw.get("posts"), "posts", errors),
        wage_min=money(raw.get("wage_min"), "wage_min", errors),
        wage_max=money(raw.get("wage_max"), "wage_max", errors),
        work_type=text(raw.get("work_type")) or "full_time",
        min_general_education=integer(raw.get("min_general_education"), "min_general_education", errors),
        min_qualification=integer(raw.get("min_qualification"), "min_qualification", errors),
        skills=text(raw.get("skills")),
        min_experience_years=integer(raw.get("min_experience_years"), "min_experience_years", errors),
        age_min=integer(raw.get("age_min"), "age_min", errors),
        age_max=integer(raw.get("age_max"), "age_max", errors),
        age_reason=text(raw.get("age_reason")),
        commune_id=integer(raw.get("commune_id", raw.get("commune")), "commune", errors),
        address_detail=text(raw.get("address_detail")),
        opened_on=date(raw.get("opened_on"), "opened_on", errors),
        deadline=date(raw.get("deadline"), "deadline", errors),
    )
    _fail_if(errors, collect)
    return data


def parse_person_leniently(raw: dict[str, Any], errors: list[ApplicationError]) -> PersonData:
    """`registry.inputs.parse_person`, with unreadable values listed in `errors` and left empty."""
    try:
        return parse_person(raw)
    except ValidationFailed as exc:
        errors.extend(exc.errors)
        return parse_person({k: ("" if k in {e.field for e in exc.errors} else v) for k, v in raw.items()})


def submit[T](errors: list[ApplicationError], write: Callable[[], T], *, quiet: set[str] | None = None) -> T:
    """Run a service after lenient parsing and report its refusals together with the parse errors.

    A field already at fault (an unreadable wage, an unknown commune code) is not reported a second time
    by the service as missing; `quiet` names more such fields. Call inside a transaction: when there were
    parse errors the write is rolled back by the ValidationFailed raised here even if it succeeded.
    """
    try:
        result = write()
    except ApplicationError as exc:
        if not errors:
            raise  # as the service said it (a 409 stays a 409)
        refusals = exc.errors if isinstance(exc, ValidationFailed) else [exc]
    else:
        if not errors:
            return result
        refusals = []
    at_fault = {e.field for e in errors} | (quiet or set())
    raise ValidationFailed([*errors, *(e for e in refusals if e.field not in at_fault)])
