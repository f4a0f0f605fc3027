"""Personal ID number (số định danh cá nhân, the 12-digit number on the citizen ID card, CCCD).

Structure (Decree 137/2015/NĐ-CP Art. 13; Law on Identification 26/2023/QH15 Art. 12), RULES.md §7:

    PPP G YY RRRRRR
    PPP     province (or country) where the birth was REGISTERED: data/personal_id_provinces.csv
    G       century and sex: 0/1 = 1900s, 2/3 = 2000s, 4/5 = 2100s, …; even = male, odd = female
    YY      last two digits of the birth year: birth year = 1900 + 100 × (G div 2) + YY
    RRRRRR  a random serial

There is NO check digit: a well-formed number can still be one nobody holds, so the checks here are
structure, the province list and agreement with the birth year and sex the person gave.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from django.utils.translation import gettext_lazy as _

from ansinh.core import clock
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.identifiers import field_error

Sex = Literal["M", "F"]

LENGTH = 12
FIELD = "personal_id"
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015]")  # spaces, dots, hyphens and dashes
_SEX_WORD = {"M": _("male"), "F": _("female")}


@dataclass(frozen=True)
class PersonalIdInfo:
    number: str  # compact, 12 digits
    province_code: str  # "001"
    province_name: str  # "Hà Nội": the province of birth registration, 63-province era
    sex: Sex
    birth_year: int
    century_digit: int  # G, the 4th digit: century and sex


@cache
def provinces() -> dict[str, str]:
    """Birth-registration code → province name, from data/personal_id_provinces.csv (RULES.md §7)."""
    text = resources.files("ansinh.core").joinpath("data", "personal_id_provinces.csv").read_text("utf-8")
    return {row["code"]: row["name"] for row in csv.DictReader(text.splitlines())}


def compact(number: str) -> str:
    """The number without spaces, dots or dashes: "001 090-012.345" → "001090012345"."""
    return _SEPARATORS.sub("", number)


def validate(
    number: str,
    *,
    birth_date: dt.date | None = None,
    birth_year: int | None = None,
    sex: Sex | None = None,
    today: dt.date | None = None,
) -> PersonalIdInfo:
    """Decode and check `number`, raising ValidationFailed with every problem found.

    `birth_date` or `birth_year` and `sex`, when given, must agree with what the number encodes.
    A number that is empty, not 12 digits or not digits stops there; otherwise all of province,
    century, future year, sex and birth year are checked and reported together.
    """
    if birth_date is not None and birth_year is not None and birth_date.year != birth_year:
        raise ValueError("birth_date and birth_year disagree")
    if sex not in (None, "M", "F"):
        raise ValueError(f"sex must be 'M', 'F' or None, not {sex!r}")
    number = compact(number)
    _check_form(number)
    info = _decode(number)
    expected_year = birth_date.year if birth_date is not None else birth_year
    # Vietnamese calendar year, not the server's: a birth on 1 January counts from 00:00 in Hanoi.
    errors = _content_errors(info, expected_year, sex, (today or clock.today()).year)
    if errors:
        raise ValidationFailed(errors)
    return info


def is_valid(
    number: str,
    *,
    birth_date: dt.date | None = None,
    birth_year: int | None = None,
    sex: Sex | None = None,
    today: dt.date | None = None,
) -> bool:
    """True when `validate` with the same arguments passes."""
    try:
        validate(number, birth_date=birth_date, birth_year=birth_year, sex=sex, today=today)
    except ValidationFailed:
        return False
    return True


def info(number: str) -> PersonalIdInfo:
    """What a valid number says about its holder: province of birth registration, sex, birth year."""
    return validate(number)


def format(number: str) -> str:  # shadows the builtin, as in python-stdnum: the modules' common face
    """Grouped for reading aloud, province / century-and-year / serial: "001 090 012345"."""
    number = compact(number)
    return f"{number[:3]} {number[3:6]} {number[6:]}"


def mask(number: str | None) -> str:
    """For lists and logs: the first 3 and last 3 digits only, "011******789"; "" when there is none."""
    number = compact(number or "")
    if len(number) <= 6:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 6) + number[-3:]


def generate(*, province_code: str, sex: Sex, birth_year: int, rng: random.Random) -> str:
    """A well-formed number for demo and test data (a random serial; it may belong to someone)."""
    if province_code not in provinces():
        raise ValueError(f"unknown birth-registration province code {province_code!r}")
    if sex not in ("M", "F"):
        raise ValueError(f"sex must be 'M' or 'F', not {sex!r}")
    if not 1900 <= birth_year <= 2399:
        raise ValueError(f"birth year {birth_year} cannot be encoded (1900–2399)")
    century_digit = 2 * ((birth_year - 1900) // 100) + (sex == "F")
    return f"{province_code}{century_digit}{birth_year % 100:02d}{rng.randrange(10**6):06d}"


def _check_form(number: str) -> None:
    if not number:
        raise ValidationFailed(
            [field_error(f"{FIELD}.empty", _("Personal ID number is required."), field=FIELD)]
        )
    errors = []
    if not (number.isascii() and number.isdigit()):
        message = _("Personal ID number may contain only digits.")
        errors.append(field_error(f"{FIELD}.not_digits", message, field=FIELD))
    if len(number) != LENGTH:
        message = _("Personal ID number must have 12 digits; this one has %(length)s characters.")
        errors.append(field_error(f"{FIELD}.bad_length", message, field=FIELD, length=len(number)))
    if errors:
        raise ValidationFailed(errors)


def _decode(number: str) -> PersonalIdInfo:
    province_code, century_digit = number[:3], int(number[3])
    return PersonalIdInfo(
        number=number,
        province_code=province_code,
        province_name=provinces().get(province_code, ""),
        sex="M" if century_digit % 2 == 0 else "F",
        birth_year=1900 + 100 * (century_digit // 2) + int(number[4:6]),
        century_digit=century_digit,
    )


def _content_errors(
    info: PersonalIdInfo, expected_year: int | None, sex: Sex | None, current_year: int
) -> list[ApplicationError]:
    checks = (
        _province_error(info),
        _century_error(info, current_year),
        _sex_error(info, sex),
        _birth_year_error(info, expected_year),
    )
    return [error for error in checks if error is not None]


def _province_error(info: PersonalIdInfo) -> ApplicationError | None:
    if info.province_code in provinces():
        return None
    message = _("Birth-registration province code %(province_code)s is not on the list.")
    return field_error(f"{FIELD}.unknown_province", message, field=FIELD, province_code=info.province_code)


def _century_error(info: PersonalIdInfo, current_year: int) -> ApplicationError | None:
    century_start = info.birth_year - info.birth_year % 100
    if century_start > current_year:
        message = _(
            "Digit 4 (century and sex) is %(digit)s: a birth year from %(century_start)s on,"
            " which is in the future."
        )
        params = {"digit": info.century_digit, "century_start": century_start}
        return field_error(f"{FIELD}.bad_century", message, field=FIELD, **params)
    if info.birth_year > current_year:
        message = _("Digits 4 to 6 (century and year of birth) give %(id_year)s, which is in the future.")
        return field_error(f"{FIELD}.future_birth_year", message, field=FIELD, id_year=info.birth_year)
    return None


def _sex_error(info: PersonalIdInfo, sex: Sex | None) -> ApplicationError | None:
    if sex is None or sex == info.sex:
        return None
    message = _(
        "Digit 4 (century and sex) is %(digit)s, which means %(id_sex)s, but the sex given is %(sex)s."
    )
    params = {"digit": info.century_digit, "id_sex": _SEX_WORD[info.sex], "sex": _SEX_WORD[sex]}
    return field_error(f"{FIELD}.sex_mismatch", message, field=FIELD, **params)


def _birth_year_error(info: PersonalIdInfo, expected_year: int | None) -> ApplicationError | None:
    if expected_year is None or expected_year == info.birth_year:
        return None
    message = _(
        "Digits 4 to 6 (century and year of birth) give %(id_year)s, but the birth year given is %(year)s."
    )
    params = {"id_year": info.birth_year, "year": expected_year}
    return field_error(f"{FIELD}.birth_year_mismatch", message, field=FIELD, **params)
