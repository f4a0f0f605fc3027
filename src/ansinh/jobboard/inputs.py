"""Typed input of the public forms (interest, vacancy submission) and their parsers. Unreadable values are
reported all at once, each naming its field; `jobboard.services` then checks the rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.labour.registration.inputs import boolean, date, integer, money, text


@dataclass
class InterestData:
    full_name: str = ""
    phone: str = ""
    email: str = ""
    message: str = ""
    consent: bool = False
    trap: str = ""  # the honeypot field: people never see it, form-filling robots fill it in


@dataclass
class SubmissionData:
    tax_code: str = ""
    employer_name: str = ""
    employer_province: str = ""  # only a help to choose the commune; checked against it
    employer_commune_id: int | None = None
    employer_address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    contact_public: bool = False
    title: str = ""
    description: str = ""
    occupation_code: str = ""  # empty: found from the title
    posts: int | None = None
    wage_min: int | None = None
    wage_max: int | None = None
    work_type: str = "full_time"
    min_general_education: int | None = None
    min_qualification: int | None = None
    skills: str = ""
    min_experience_years: int | None = None
    province: str = ""  # the workplace's province, to choose its commune
    commune_id: int | None = None  # the workplace; the employer's commune when empty
    address_detail: str = ""
    deadline: dt.date | None = None
    trap: str = ""


def _raise(errors: list[ApplicationError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def parse_interest(raw: dict[str, Any]) -> InterestData:
    errors: list[ApplicationError] = []
    data = InterestData(
        full_name=text(raw.get("full_name")),
        phone=text(raw.get("phone")),
        email=text(raw.get("email")),
        message=text(raw.get("message")),
        consent=boolean(raw.get("consent"), "consent", errors),
        trap=text(raw.get("website")),
    )
    _raise(errors)
    return data


def parse_submission(raw: dict[str, Any]) -> SubmissionData:
    errors: list[ApplicationError] = []
    data = SubmissionData(
        tax_code=text(raw.get("tax_code")),
        employer_name=text(raw.get("employer_name")),
        employer_province=text(raw.get("employer_province")),
        employer_commune_id=integer(raw.get("employer_commune"), "employer_commune", errors),
        employer_address=text(raw.get("employer_address")),
        contact_name=text(raw.get("contact_name")),
        contact_phone=text(raw.get("contact_phone")),
        contact_email=text(raw.get("contact_email")),
        contact_public=boolean(raw.get("contact_public"), "contact_public", errors),
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
        province=text(raw.get("province")),
        commune_id=integer(raw.get("commune"), "commune", errors),
        address_detail=text(raw.get("address_detail")),
        deadline=date(raw.get("deadline"), "deadline", errors),
        trap=text(raw.get("website")),
    )
    _raise(errors)
    return data
