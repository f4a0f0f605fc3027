"""Writes of labour registration (job seekers, employers, vacancies). Each service checks everything
first and reports every problem at once (`ValidationFailed`), then writes the rows and the audit event in
one transaction: nothing is half-saved.

A seeker is a registry person: registration finds the person by personal ID first (one person exists
once) and only creates one, through `registry.services.person_create`, when none is found.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.core import audit, clock, phones, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict, NotFound, ValidationFailed
from ansinh.core.errors import field_error as _error
from ansinh.core.errors import raise_if_any as _fail
from ansinh.core.models import AuditAction
from ansinh.core.periods import age_on
from ansinh.core.scope import require
from ansinh.core.text import fold, normalize, normalize_name
from ansinh.geo.models import AdminUnit, Level, Structure
from ansinh.labour.models import (
    Employer as EmployerModel,
)
from ansinh.labour.models import (
    EmployerKind,
    EmployerSize,
    EmploymentStatus,
    GeneralEducation,
    JobSeeker,
    Qualification,
    SeekerCloseReason,
    SeekerOccupation,
    SeekerPlace,
    SeekerStatus,
    UnemploymentBenefitStatus,
    Vacancy,
    VacancyCloseReason,
    VacancyStatus,
    WorkType,
)
from ansinh.labour.reference import classifications, taxcode
from ansinh.labour.reference.coding import code_title
from ansinh.labour.registration.inputs import EmployerData, SeekerData, VacancyData
from ansinh.labour.registration.text import skills_columns, title_columns
from ansinh.registry import resolve
from ansinh.registry import services as registry_services
from ansinh.registry.inputs import PersonData
from ansinh.registry.models import Person

SEEKER_AUDIT_FIELDS = [
    "person_id", "commune_id", "province_code", "registered_on", "status", "closed_on", "close_reason",
    "general_education", "qualification", "field_of_study", "certificates", "title", "occupation_code",
    "occupation_confirmed", "skills", "experience_years", "experience", "wage_min", "wage_max", "work_type",
    "willing_to_move", "employment_status", "ui_status", "email", "consent_contact", "notes",
]  # fmt: skip
EMPLOYER_AUDIT_FIELDS = [
    "tax_code", "name", "kind", "industry_version", "industry_code", "size", "employees", "commune_id",
    "province_code", "address_detail", "contact_name", "contact_phone", "contact_email", "website",
    "is_active",
]  # fmt: skip
VACANCY_AUDIT_FIELDS = [
    "employer_id", "reference", "title", "description", "occupation_code", "occupation_confirmed", "posts",
    "wage_min", "wage_max",
    "work_type", "min_general_education", "min_qualification", "skills", "min_experience_years", "age_min",
    "age_max", "age_reason", "commune_id", "province_code", "address_detail", "opened_on", "deadline",
    "status", "closed_on", "close_reason",
]  # fmt: skip

# Labour Code 2019 Art. 3(1) and Employment Law 74/2025/QH15 Art. 17: workers and labour registration
# start at 15 (younger persons only for the light jobs of Art. 145, never through a job centre).
MIN_WORKING_AGE = 15
MAX_TEXT = 4000
MAX_WAGE = 10_000_000_000  # 10 billion đồng a month: anything above is a typing error
MAX_POSTS = 100_000
# A full-time vacancy may not offer less than the lowest regional minimum wage (region IV; Decree
# 74/2024/NĐ-CP and 293/2025/NĐ-CP, Art. 3), read from the dated legal parameters. The region of a commune
# is not in our data yet, so the lowest region is the floor.
LOWEST_REGION_KEY = "wage.regional_minimum.4"
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def lowest_minimum_wage(on: dt.date) -> int | None:
    """The lowest monthly regional minimum wage in force on `on`, in đồng (None before any is recorded)."""
    from ansinh.benefits.law import MissingParameter, current_params

    try:
        return int(current_params().national(LOWEST_REGION_KEY, on).value)
    except MissingParameter:
        return None


def _stale(what: str) -> Conflict:
    return Conflict(
        f"{what}.stale",
        _("Someone else changed this record while you were editing. Reload it and apply your changes again."),
    )


# --- shared field checks ---------------------------------------------------------------------------


def _commune(
    actor: Actor, commune_id: int | None, errors: list[ApplicationError], *, field: str = "commune"
) -> AdminUnit | None:
    """A current commune inside the actor's scope; one outside reads as not found."""
    if commune_id is None:
        errors.append(_error("commune.required", _("Choose a commune."), field))
        return None
    unit = AdminUnit.objects.filter(
        pk=commune_id, level=Level.COMMUNE, structure=Structure.REFORM_2025, valid_to__isnull=True
    ).first()
    if unit is None or not scope.in_scope(actor, province_code=unit.province_code, commune_id=unit.pk):
        errors.append(_error("commune.not_found", _("Commune not found."), field))
        return None
    return unit


def _text(
    value: str, field: str, errors: list[ApplicationError], *, limit: int, required: bool = False
) -> str:
    value = normalize(value or "")
    if required and not value:
        errors.append(_error(f"{field}.required", _("This field is required."), field))
    elif len(value) > limit:
        errors.append(_error(f"{field}.too_long", _("At most %(n)d characters.") % {"n": limit}, field))
    return value


def _choice(value: Any, choices: Any, field: str, errors: list[ApplicationError], default: Any = None) -> Any:
    if value in (None, "") and default is not None:
        return default
    if value not in choices.values:
        errors.append(_error(f"{field}.invalid", _("Choose one of the listed values."), field))
        return default if default is not None else choices.values[0]
    return value


def _wages(
    wage_min: int | None, wage_max: int | None, errors: list[ApplicationError]
) -> tuple[int | None, int | None]:
    for name, value in (("wage_min", wage_min), ("wage_max", wage_max)):
        if value is not None and not 0 <= value <= MAX_WAGE:
            errors.append(_error(f"{name}.out_of_range", _("The amount is out of range."), name))
            return None, None
    if wage_min is not None and wage_max is not None and wage_min > wage_max:
        errors.append(
            _error("wage_max.below_min", _("The highest wage is below the lowest wage."), "wage_max")
        )
    return wage_min, wage_max


def _email(value: str, field: str, errors: list[ApplicationError]) -> str:
    value = (value or "").strip().lower()
    if value and (len(value) > 120 or not _EMAIL_RE.match(value)):
        errors.append(_error(f"{field}.invalid", _("This is not an e-mail address."), field))
    return value


def _phone(value: str, field: str, errors: list[ApplicationError]) -> str:
    try:
        return phones.clean(value, field=field)
    except ApplicationError as exc:
        errors.append(exc)
        return phones.compact(value)


def _years(value: int | None, field: str, errors: list[ApplicationError], *, limit: int = 60) -> int:
    if value is None:
        return 0
    if not 0 <= value <= limit:
        errors.append(_error(f"{field}.out_of_range", _("Between 0 and %(n)d years.") % {"n": limit}, field))
        return 0
    return value


def _occupations(
    codes: list[str], title: str, errors: list[ApplicationError], *, field: str
) -> tuple[list[str], bool, str]:
    """Unit-group codes as given (confirmed), or coded from the title: (codes, confirmed, candidates).

    A title is never refused for not being recognised: its best candidate is kept, and a coding less
    sure than `coding.CONFIRM_BELOW` (or none at all) waits in the counsellor's confirmation queue with
    its candidates ("7212:0.71 7213:0.40")."""
    codes = [c.strip() for c in codes if c.strip()]
    if not codes and title:
        coding = code_title(title)
        candidates = " ".join(f"{c.code}:{c.score:.2f}" for c in coding.candidates[:5])
        return [coding.code] if coding.code else [], not coding.needs_confirmation, candidates[:120]
    if not codes:
        errors.append(_error(f"{field}.required", _("Choose an occupation."), field))
    unknown = [c for c in codes if not classifications.is_unit_group(c)]
    if unknown:
        errors.append(
            _error(
                f"{field}.unknown",
                _("%(codes)s: not a 4-digit occupation code of the Vietnam occupation classification.")
                % {"codes": ", ".join(unknown[:5])},
                field,
            )
        )
    return list(dict.fromkeys(c for c in codes if c not in unknown)), True, ""


# --- job seekers -----------------------------------------------------------------------------------


def _clean_seeker(actor: Actor, data: SeekerData, errors: list[ApplicationError]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    today = clock.today()
    commune = _commune(actor, data.commune_id, errors)
    if commune is not None:
        values["commune_id"], values["province_code"] = commune.pk, commune.province_code
    registered_on = data.registered_on or today
    if registered_on > today:
        errors.append(
            _error("registered_on.future", _("The registration date is in the future."), "registered_on")
        )
    values["registered_on"] = registered_on

    title, values["title_accented"], values["title_folded"] = title_columns(data.title)
    values["title"] = _text(title, "title", errors, limit=200, required=True)
    codes, values["occupation_confirmed"], values["occupation_candidates"] = _occupations(
        data.occupation_codes, title, errors, field="occupation_codes"
    )
    values["occupation_codes"] = codes
    values["occupation_code"] = codes[0] if codes else ""

    if data.general_education is None:
        errors.append(
            _error(
                "general_education.required", _("Choose the general education level."), "general_education"
            )
        )
    values["general_education"] = _choice(
        data.general_education, GeneralEducation, "general_education", errors, default=GeneralEducation.NONE
    )
    values["qualification"] = _choice(
        data.qualification, Qualification, "qualification", errors, default=Qualification.NONE
    )
    values["field_of_study"] = _text(data.field_of_study, "field_of_study", errors, limit=200)
    values["certificates"] = _text(data.certificates, "certificates", errors, limit=300)
    skills, values["skills_folded"] = skills_columns(data.skills)
    values["skills"] = _text(skills, "skills", errors, limit=MAX_TEXT)
    values["experience_years"] = _years(data.experience_years, "experience_years", errors)
    values["experience"] = _text(data.experience, "experience", errors, limit=MAX_TEXT)
    values["wage_min"], values["wage_max"] = _wages(data.wage_min, data.wage_max, errors)
    values["work_type"] = _choice(data.work_type, WorkType, "work_type", errors, default=WorkType.FULL_TIME)
    values["willing_to_move"] = bool(data.willing_to_move)
    values["employment_status"] = _choice(
        data.employment_status,
        EmploymentStatus,
        "employment_status",
        errors,
        default=EmploymentStatus.UNEMPLOYED,
    )
    values["ui_status"] = _choice(
        data.ui_status, UnemploymentBenefitStatus, "ui_status", errors, default=UnemploymentBenefitStatus.NONE
    )
    values["email"] = _email(data.email, "email", errors)
    values["consent_contact"] = bool(data.consent_contact)
    values["notes"] = _text(data.notes, "notes", errors, limit=MAX_TEXT)
    values["places"] = _places(data, errors)
    return values


def _places(data: SeekerData, errors: list[ApplicationError]) -> list[tuple[str, int | None]]:
    """(province code, commune id or None) where the seeker would work; communes may lie anywhere."""
    provinces = set(
        AdminUnit.objects.current()
        .filter(level=Level.PROVINCE, code__in=data.desired_provinces)
        .values_list("code", flat=True)
    )
    unknown = [p for p in data.desired_provinces if p not in provinces]
    if unknown:
        errors.append(
            _error(
                "desired_provinces.unknown",
                _("Unknown province code: %(codes)s.") % {"codes": ", ".join(unknown[:5])},
                "desired_provinces",
            )
        )
    communes = dict(
        AdminUnit.objects.current()
        .filter(level=Level.COMMUNE, pk__in=data.desired_communes)
        .values_list("pk", "province_code")
    )
    if len(communes) != len(set(data.desired_communes)):
        errors.append(_error("desired_communes.unknown", _("Commune not found."), "desired_communes"))
    places: list[tuple[str, int | None]] = [(code, None) for code in dict.fromkeys(data.desired_provinces)]
    places += [(communes[pk], pk) for pk in dict.fromkeys(data.desired_communes) if pk in communes]
    return places


def _resolve_person(
    actor: Actor,
    seeker: dict[str, Any],
    person: PersonData | None,
    person_id: int | None,
    errors: list[ApplicationError],
) -> Person | None:
    """The registry person of a new registration: by id, else by personal ID (`registry.resolve` decides
    whether that person may be linked), else a new one."""
    if person_id is not None:
        try:
            return scope.access(Person.objects.all(), actor, person_id, what="person")
        except NotFound:
            errors.append(_error("person.not_found", _("Person not found."), "person"))
            return None
    if person is None:
        errors.append(_error("person.required", _("Give the person's details."), "person"))
        return None
    try:
        existing = resolve.person_for_registration(actor=actor, data=person)
    except ApplicationError as exc:
        errors.append(exc)
        return None
    if existing is not None:
        return existing
    if seeker.get("commune_id"):
        person.commune_id = seeker["commune_id"]
    try:
        with transaction.atomic():
            return registry_services.person_create(actor=actor, data=person)
    except resolve.PossibleDuplicate:
        raise  # a 409 with the candidates: the officer links to one or confirms a new person
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    except ApplicationError as exc:
        errors.append(exc)
    return None


def _check_person(person: Person, registered_on: dt.date, errors: list[ApplicationError]) -> None:
    merged = resolve.merged_error(person, field="person")
    if merged is not None:
        errors.append(merged)
        return
    if person.status != "alive":
        errors.append(_error("person.deceased", _("This person is recorded as deceased."), "person"))
    birth = person.birth_date or dt.date(person.birth_year, 1, 1)
    if age_on(birth, registered_on) < MIN_WORKING_AGE:
        errors.append(
            _error(
                "person.too_young",
                _("A job seeker must be at least %(age)d years old.") % {"age": MIN_WORKING_AGE},
                "birth_date",
            )
        )
    if JobSeeker.objects.filter(person=person, status=SeekerStatus.ACTIVE).exists():
        errors.append(
            Conflict(
                "seeker.already_registered",
                _("This person already has an open job-seeker registration; update it instead."),
                field="personal_id",
            )
        )


def _search_folded(person: Person, values: dict[str, Any]) -> str:
    return " ".join([person.name_folded, values["title_folded"], values["occupation_code"]])[:400]


def _write_children(seeker: JobSeeker, codes: list[str], places: list[tuple[str, int | None]]) -> None:
    seeker.occupations.all().delete()
    seeker.places.all().delete()
    SeekerOccupation.objects.bulk_create(
        [SeekerOccupation(seeker=seeker, occupation_code=code, rank=i) for i, code in enumerate(codes, 1)]
    )
    SeekerPlace.objects.bulk_create(
        [SeekerPlace(seeker=seeker, province_code=p, commune_id=c) for p, c in places]
    )


def _seeker_snapshot(seeker: JobSeeker) -> dict[str, Any]:
    snap = audit.snapshot(seeker, SEEKER_AUDIT_FIELDS)
    snap["occupation_codes"] = list(
        seeker.occupations.order_by("rank").values_list("occupation_code", flat=True)
    )
    snap["places"] = [
        f"{p}/{c or '*'}" for p, c in seeker.places.order_by("id").values_list("province_code", "commune_id")
    ]
    return snap


@transaction.atomic
def seeker_register(
    *, actor: Actor, data: SeekerData, person: PersonData | None = None, person_id: int | None = None
) -> JobSeeker:
    """Register a job seeker (phiếu đăng ký tìm việc): an existing person by `person_id` or personal ID,
    or a new registry person from `person`."""
    require(actor, "labour.change")
    errors: list[ApplicationError] = []
    values = _clean_seeker(actor, data, errors)
    found = _resolve_person(actor, values, person, person_id, errors)
    if found is not None:
        _check_person(found, values["registered_on"], errors)
    _fail(errors)
    assert found is not None
    codes, places = values.pop("occupation_codes"), values.pop("places")
    seeker = JobSeeker(**values, person=found, created_by=user_of(actor), updated_by=user_of(actor))
    seeker.consent_at = timezone.now() if seeker.consent_contact else None
    seeker.search_folded = _search_folded(found, values)
    try:
        with transaction.atomic():
            seeker.save()
    except IntegrityError:
        raise Conflict(
            "seeker.already_registered",
            _("This person already has an open job-seeker registration; update it instead."),
            field="personal_id",
        ) from None
    _write_children(seeker, codes, places)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=seeker, after=_seeker_snapshot(seeker))
    return seeker


@transaction.atomic
def seeker_update(
    *, actor: Actor, seeker_id: int, data: SeekerData, expected_version: int | None = None
) -> JobSeeker:
    require(actor, "labour.change")
    seeker = scope.access(JobSeeker.objects.select_for_update(), actor, seeker_id, what="seeker")
    if expected_version is not None and expected_version != seeker.version:
        raise _stale("seeker")
    errors: list[ApplicationError] = []
    values = _clean_seeker(actor, data, errors)
    _fail(errors)
    before = _seeker_snapshot(seeker)
    codes, places = values.pop("occupation_codes"), values.pop("places")
    for name, value in values.items():
        setattr(seeker, name, value)
    if seeker.consent_contact and seeker.consent_at is None:
        seeker.consent_at = timezone.now()
    elif not seeker.consent_contact:
        seeker.consent_at = None
    seeker.search_folded = _search_folded(seeker.person, values)
    _write_children(seeker, codes, places)
    changed_before, changed_after = audit.diff(before, _seeker_snapshot(seeker))
    if not changed_after:
        return seeker
    seeker.version += 1
    seeker.updated_by = user_of(actor)
    seeker.save()
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=seeker, before=changed_before, after=changed_after
    )
    return seeker


@transaction.atomic
def seeker_benefit_status_set(*, actor: Actor, seeker_id: int, status: str) -> None:
    """Record on a registration where its unemployment-benefit claim stands (applied, receiving, ended).

    Called by the unemployment-benefit services as a consequence of a claim's decision, whoever's scope
    the registration is in: the claim's own checks have already run."""
    if status not in UnemploymentBenefitStatus.values:
        raise ValueError(f"unknown unemployment-benefit status {status!r}")
    seeker = JobSeeker.objects.select_for_update().filter(pk=seeker_id).first()
    if seeker is None or seeker.ui_status == status:
        return
    before = audit.snapshot(seeker, ["ui_status"])
    seeker.ui_status = status
    seeker.version += 1
    seeker.save(update_fields=["ui_status", "version", "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=seeker, before=before, after={"ui_status": status}
    )


@transaction.atomic
def seeker_close(
    *,
    actor: Actor,
    seeker_id: int,
    reason: str,
    closed_on: dt.date | None = None,
    expected_version: int | None = None,
    placement: bool = False,
) -> JobSeeker:
    """Close a registration: found a job, no longer looking, expired, other.

    "Found a job" is closed only by recording the placement (`referrals.placement_record`, which passes
    `placement=True`), so that every job found is counted once, with its date and employer."""
    require(actor, "labour.change")
    seeker = scope.access(JobSeeker.objects.select_for_update(), actor, seeker_id, what="seeker")
    if expected_version is not None and expected_version != seeker.version:
        raise _stale("seeker")
    errors: list[ApplicationError] = []
    if seeker.status != SeekerStatus.ACTIVE:
        raise ApplicationError("seeker.closed", _("This registration is already closed."))
    if reason not in SeekerCloseReason.values:
        errors.append(_error("reason.invalid", _("Choose a reason."), "reason"))
    elif reason == SeekerCloseReason.PLACED and not placement:
        errors.append(
            _error(
                "reason.record_placement",
                _("A job found is recorded as a placement, which closes the registration itself."),
                "reason",
            )
        )
    closed_on = closed_on or clock.today()
    if closed_on > clock.today() or closed_on < seeker.registered_on:
        errors.append(
            _error(
                "closed_on.out_of_range", _("The date must lie between registration and today."), "closed_on"
            )
        )
    _fail(errors)
    before = audit.snapshot(seeker, ["status", "closed_on", "close_reason"])
    seeker.status, seeker.closed_on, seeker.close_reason = SeekerStatus.CLOSED, closed_on, reason
    seeker.version += 1
    seeker.updated_by = user_of(actor)
    seeker.save()
    after = audit.snapshot(seeker, ["status", "closed_on", "close_reason"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=seeker, before=before, after=after)
    return seeker


# --- employers -------------------------------------------------------------------------------------


def _clean_employer(actor: Actor, data: EmployerData, errors: list[ApplicationError]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    try:
        values["tax_code"] = taxcode.validate(data.tax_code)
    except ApplicationError as exc:
        errors.append(exc)
        values["tax_code"] = taxcode.compact(data.tax_code)
    name = _text(data.name, "name", errors, limit=250, required=True)
    values["name"], values["name_folded"] = name, fold(name)
    values["kind"] = _choice(data.kind, EmployerKind, "kind", errors, default=EmployerKind.PRIVATE)
    version = data.industry_version or classifications.CURRENT_INDUSTRY_VERSION
    if version not in classifications.INDUSTRY_VERSIONS:
        errors.append(_error("industry_version.invalid", _("VSIC 2018 or 2025."), "industry_version"))
    values["industry_version"] = version
    code = (data.industry_code or "").strip().upper()
    if code and (version, code) not in classifications.industries():
        errors.append(
            _error(
                "industry_code.unknown",
                _("Not a section of VSIC %(version)s.") % {"version": version},
                "industry_code",
            )
        )
    values["industry_code"] = code
    values["size"] = _choice(data.size, EmployerSize, "size", errors) if data.size else ""
    if data.employees is not None and not 0 <= data.employees <= 1_000_000:
        errors.append(_error("employees.out_of_range", _("The number is out of range."), "employees"))
    values["employees"] = data.employees
    commune = _commune(actor, data.commune_id, errors)
    if commune is not None:
        values["commune_id"], values["province_code"] = commune.pk, commune.province_code
    values["address_detail"] = _text(data.address_detail, "address_detail", errors, limit=200)
    values["contact_name"] = normalize_name(_text(data.contact_name, "contact_name", errors, limit=120))
    values["contact_phone"] = _phone(data.contact_phone, "contact_phone", errors)
    values["contact_email"] = _email(data.contact_email, "contact_email", errors)
    values["website"] = _text(data.website, "website", errors, limit=200)
    values["is_active"] = bool(data.is_active)
    return values


def _duplicate_tax_code() -> Conflict:
    return Conflict(
        "tax_code.duplicate", _("An employer with this tax code is already registered."), field="tax_code"
    )


def _save_employer(employer: EmployerModel) -> None:
    try:
        with transaction.atomic():
            employer.save()
    except IntegrityError:
        raise _duplicate_tax_code() from None


@transaction.atomic
def employer_create(*, actor: Actor, data: EmployerData) -> EmployerModel:
    require(actor, "labour.change")
    errors: list[ApplicationError] = []
    values = _clean_employer(actor, data, errors)
    if values["tax_code"] and EmployerModel.objects.filter(tax_code=values["tax_code"]).exists():
        errors.append(_duplicate_tax_code())
    _fail(errors)
    employer = EmployerModel(**values, created_by=user_of(actor), updated_by=user_of(actor))
    _save_employer(employer)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=employer,
        after=audit.snapshot(employer, EMPLOYER_AUDIT_FIELDS),
    )
    return employer


@transaction.atomic
def employer_update(
    *, actor: Actor, employer_id: int, data: EmployerData, expected_version: int | None = None
) -> EmployerModel:
    require(actor, "labour.change")
    employer = scope.access(EmployerModel.objects.select_for_update(), actor, employer_id, what="employer")
    if expected_version is not None and expected_version != employer.version:
        raise _stale("employer")
    errors: list[ApplicationError] = []
    values = _clean_employer(actor, data, errors)
    if EmployerModel.objects.filter(tax_code=values["tax_code"]).exclude(pk=employer.pk).exists():
        errors.append(_duplicate_tax_code())
    _fail(errors)
    before = audit.snapshot(employer, EMPLOYER_AUDIT_FIELDS)
    for name, value in values.items():
        setattr(employer, name, value)
    changed_before, changed_after = audit.diff(before, audit.snapshot(employer, EMPLOYER_AUDIT_FIELDS))
    if not changed_after:
        return employer
    employer.version += 1
    employer.updated_by = user_of(actor)
    _save_employer(employer)
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=employer, before=changed_before, after=changed_after
    )
    return employer


# --- vacancies -------------------------------------------------------------------------------------


def _employer_for(
    actor: Actor, employer_id: int | None, errors: list[ApplicationError]
) -> EmployerModel | None:
    if employer_id is None:
        errors.append(_error("employer.required", _("Choose the employer."), "employer"))
        return None
    try:
        return scope.access(EmployerModel.objects.all(), actor, employer_id, what="employer")
    except NotFound:
        errors.append(_error("employer.not_found", _("Employer not found."), "employer"))
        return None


def _clean_vacancy(actor: Actor, data: VacancyData, errors: list[ApplicationError]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    today = clock.today()
    employer = _employer_for(actor, data.employer_id, errors)
    values["employer_id"] = employer.pk if employer else None
    reference_text = (data.reference or "").strip()
    if len(reference_text) > 40:
        errors.append(_error("reference.too_long", _("At most %(n)d characters.") % {"n": 40}, "reference"))
    values["reference"] = reference_text
    title, values["title_accented"], values["title_folded"] = title_columns(data.title)
    values["title"] = _text(title, "title", errors, limit=200, required=True)
    values["description"] = _text(data.description, "description", errors, limit=MAX_TEXT)
    codes, values["occupation_confirmed"], values["occupation_candidates"] = _occupations(
        [data.occupation_code] if data.occupation_code else [], title, errors, field="occupation_code"
    )
    values["occupation_code"] = codes[0] if codes else ""
    posts = 1 if data.posts is None else data.posts
    if not 1 <= posts <= MAX_POSTS:
        errors.append(_error("posts.out_of_range", _("At least 1 post."), "posts"))
    values["posts"] = posts
    values["wage_min"], values["wage_max"] = _wages(data.wage_min, data.wage_max, errors)
    values["work_type"] = _choice(data.work_type, WorkType, "work_type", errors, default=WorkType.FULL_TIME)
    values["min_general_education"] = _choice(
        data.min_general_education,
        GeneralEducation,
        "min_general_education",
        errors,
        default=GeneralEducation.NONE,
    )
    values["min_qualification"] = _choice(
        data.min_qualification, Qualification, "min_qualification", errors, default=Qualification.NONE
    )
    skills, values["skills_folded"] = skills_columns(data.skills)
    values["skills"] = _text(skills, "skills", errors, limit=MAX_TEXT)
    values["min_experience_years"] = _years(data.min_experience_years, "min_experience_years", errors)
    _ages(data, values, errors)
    commune_id = (
        data.commune_id if data.commune_id is not None else (employer.commune_id if employer else None)
    )
    commune = _commune(actor, commune_id, errors)
    if commune is not None:
        values["commune_id"], values["province_code"] = commune.pk, commune.province_code
    values["address_detail"] = _text(data.address_detail, "address_detail", errors, limit=200)
    values["opened_on"] = data.opened_on or today
    if values["opened_on"] > today:
        errors.append(_error("opened_on.future", _("The opening date is in the future."), "opened_on"))
    if data.deadline is not None and data.deadline < values["opened_on"]:
        errors.append(
            _error("deadline.before_opening", _("The deadline is before the opening date."), "deadline")
        )
    values["deadline"] = data.deadline
    _minimum_wage(values, errors)
    return values


def _ages(data: VacancyData, values: dict[str, Any], errors: list[ApplicationError]) -> None:
    """An age band is allowed only with its legal ground (Labour Code 2019 Art. 8: no discrimination)."""
    for name in ("age_min", "age_max"):
        value = getattr(data, name)
        if value is not None and not MIN_WORKING_AGE <= value <= 75:
            errors.append(
                _error(
                    f"{name}.out_of_range",
                    _("An age between %(low)d and 75.") % {"low": MIN_WORKING_AGE},
                    name,
                )
            )
    if data.age_min is not None and data.age_max is not None and data.age_min > data.age_max:
        errors.append(_error("age_max.below_min", _("The highest age is below the lowest age."), "age_max"))
    reason = _text(data.age_reason, "age_reason", errors, limit=200)
    if (data.age_min is not None or data.age_max is not None) and not reason:
        errors.append(
            _error(
                "age_reason.required",
                _(
                    "An age limit needs its legal ground (for example: heavy or hazardous work, Labour Code "
                    "Art. 147); otherwise leave the ages empty."
                ),
                "age_reason",
            )
        )
    values["age_min"], values["age_max"], values["age_reason"] = data.age_min, data.age_max, reason


def _minimum_wage(values: dict[str, Any], errors: list[ApplicationError]) -> None:
    floor = lowest_minimum_wage(values["opened_on"])
    offered = values["wage_max"] if values["wage_max"] is not None else values["wage_min"]
    if floor and values["work_type"] == WorkType.FULL_TIME and offered is not None and offered < floor:
        errors.append(
            _error(
                "wage.below_minimum",
                _("A full-time wage below %(floor)s đồng a month is under the lowest regional minimum wage.")
                % {"floor": f"{floor:,}".replace(",", ".")},
                "wage_min",
            )
        )


def _duplicate_reference() -> Conflict:
    return Conflict(
        "reference.duplicate",
        _("This employer already has a vacancy with this reference."),
        field="reference",
    )


def _save_vacancy(vacancy: Vacancy) -> None:
    try:
        with transaction.atomic():
            vacancy.save()
    except IntegrityError:
        raise _duplicate_reference() from None


@transaction.atomic
def vacancy_create(*, actor: Actor, data: VacancyData) -> Vacancy:
    require(actor, "labour.change")
    errors: list[ApplicationError] = []
    values = _clean_vacancy(actor, data, errors)
    if (
        values["reference"]
        and Vacancy.objects.filter(employer_id=values["employer_id"], reference=values["reference"]).exists()
    ):
        errors.append(_duplicate_reference())
    _fail(errors)
    vacancy = Vacancy(**values, created_by=user_of(actor), updated_by=user_of(actor))
    _save_vacancy(vacancy)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=vacancy,
        after=audit.snapshot(vacancy, VACANCY_AUDIT_FIELDS),
    )
    return vacancy


@transaction.atomic
def vacancy_update(
    *, actor: Actor, vacancy_id: int, data: VacancyData, expected_version: int | None = None
) -> Vacancy:
    require(actor, "labour.change")
    vacancy = scope.access(Vacancy.objects.select_for_update(), actor, vacancy_id, what="vacancy")
    if expected_version is not None and expected_version != vacancy.version:
        raise _stale("vacancy")
    errors: list[ApplicationError] = []
    if data.opened_on is None:
        data.opened_on = vacancy.opened_on  # an edit keeps the opening date unless one is given
    values = _clean_vacancy(actor, data, errors)
    if (
        values["reference"]
        and Vacancy.objects.filter(employer_id=values["employer_id"], reference=values["reference"])
        .exclude(pk=vacancy.pk)
        .exists()
    ):
        errors.append(_duplicate_reference())
    _fail(errors)
    before = audit.snapshot(vacancy, VACANCY_AUDIT_FIELDS)
    for name, value in values.items():
        setattr(vacancy, name, value)
    changed_before, changed_after = audit.diff(before, audit.snapshot(vacancy, VACANCY_AUDIT_FIELDS))
    if not changed_after:
        return vacancy
    vacancy.version += 1
    vacancy.updated_by = user_of(actor)
    _save_vacancy(vacancy)
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=vacancy, before=changed_before, after=changed_after
    )
    return vacancy


@transaction.atomic
def vacancy_close(
    *,
    actor: Actor,
    vacancy_id: int,
    reason: str,
    closed_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Vacancy:
    require(actor, "labour.change")
    vacancy = scope.access(Vacancy.objects.select_for_update(), actor, vacancy_id, what="vacancy")
    if expected_version is not None and expected_version != vacancy.version:
        raise _stale("vacancy")
    if vacancy.status != VacancyStatus.OPEN:
        raise ApplicationError("vacancy.closed", _("This vacancy is already closed."))
    errors: list[ApplicationError] = []
    if reason not in VacancyCloseReason.values:
        errors.append(_error("reason.invalid", _("Choose a reason."), "reason"))
    closed_on = closed_on or clock.today()
    if closed_on > clock.today() or closed_on < vacancy.opened_on:
        errors.append(
            _error("closed_on.out_of_range", _("The date must lie between opening and today."), "closed_on")
        )
    _fail(errors)
    before = audit.snapshot(vacancy, ["status", "closed_on", "close_reason"])
    vacancy.status, vacancy.closed_on, vacancy.close_reason = VacancyStatus.CLOSED, closed_on, reason
    vacancy.version += 1
    vacancy.updated_by = user_of(actor)
    vacancy.save()
    after = audit.snapshot(vacancy, ["status", "closed_on", "close_reason"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=vacancy, before=before, after=after)
    return vacancy


def seeker_view_full(*, actor: Actor, seeker_id: int) -> JobSeeker:
    """A seeker with the person's unmasked personal ID and phone, for display; the read is audited."""
    require(actor, "labour.view")
    seeker = scope.access(
        JobSeeker.objects.select_related("person", "commune", "person__commune"),
        actor,
        seeker_id,
        what="seeker",
    )
    audit.record(actor=actor, action=AuditAction.VIEW, obj=seeker)
    return seeker


# --- occupation codings waiting for a counsellor --------------------------------------------------------

OCCUPATION_QUEUE_KINDS = ("seekers", "vacancies")
MAX_CONFIRM = 500


@transaction.atomic
def occupations_confirm(*, actor: Actor, kind: str, choices: dict[int, str]) -> int:
    """Confirm the occupation codes of seekers or vacancies coded from their titles: id → the code to keep
    (the coded one, another candidate or any unit group). Rows out of scope are not found; rows already
    confirmed are left as they are. Returns the number confirmed."""
    require(actor, "labour.change")
    if kind not in OCCUPATION_QUEUE_KINDS:
        raise ApplicationError("kind.invalid", _("Choose one of the listed values."), field="kind")
    if not choices:
        raise ApplicationError("ids.required", _("Choose at least one row."), field="ids")
    if len(choices) > MAX_CONFIRM:
        raise ApplicationError(
            "ids.too_many", _("At most %(n)d rows at a time.") % {"n": MAX_CONFIRM}, field="ids"
        )
    unknown = sorted({code for code in choices.values() if not classifications.is_unit_group(code)})
    if unknown:
        raise ApplicationError(
            "occupation_code.unknown",
            _("%(codes)s: not a 4-digit occupation code of the Vietnam occupation classification.")
            % {"codes": ", ".join(unknown[:5])},
            field="occupation_code",
        )
    model: type[JobSeeker] | type[Vacancy] = JobSeeker if kind == "seekers" else Vacancy
    rows = {
        row.pk: row
        for row in scope.restrict(model.objects.select_for_update(), actor).filter(pk__in=list(choices))
    }
    missing = [pk for pk in choices if pk not in rows]
    if missing:
        raise NotFound("seeker" if kind == "seekers" else "vacancy")
    confirmed = 0
    for pk, code in choices.items():
        row = rows[pk]
        if row.occupation_confirmed:
            continue
        before = {"occupation_code": row.occupation_code, "occupation_confirmed": False}
        row.occupation_code, row.occupation_confirmed = code, True
        row.version += 1
        row.updated_by = user_of(actor)
        if isinstance(row, JobSeeker):
            _confirm_seeker_code(row, before["occupation_code"], code)
        row.save()
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=row,
            before=before,
            after={"occupation_code": code, "occupation_confirmed": True},
        )
        confirmed += 1
    return confirmed


def _confirm_seeker_code(seeker: JobSeeker, old: str, new: str) -> None:
    """The confirmed code becomes the seeker's first wanted occupation (SeekerOccupation rank 1)."""
    codes = list(seeker.occupations.order_by("rank").values_list("occupation_code", flat=True))
    codes = [new, *[c for c in codes if c not in (old, new)]]
    seeker.occupations.all().delete()
    SeekerOccupation.objects.bulk_create(
        [SeekerOccupation(seeker=seeker, occupation_code=c, rank=i) for i, c in enumerate(codes, 1)]
    )
    seeker.search_folded = _search_folded(
        seeker.person, {"title_folded": seeker.title_folded, "occupation_code": new}
    )
