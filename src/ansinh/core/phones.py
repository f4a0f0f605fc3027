"""Vietnamese phone numbers (số điện thoại) as people type them: "0912 345 678", "+84 912.345.678".

Also "84912345678" (the country code without its plus sign).

Since the 2018 conversion (Ministry of Information and Communications, Decision 798/QĐ-BTTTT) every mobile
number has 10 digits and starts with 03, 05, 07, 08 or 09; old 11-digit mobile numbers (01x) no longer
exist. Fixed lines have 11 digits and start with 02 (area code 02x, from the 2017 conversion).

`validate_mobile` / `validate_any` are the strict checks of the public job board; `clean` is the check of
registry and employer records, which only asks for a national number (10 or 11 digits starting with 0).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from ansinh.core.errors import ApplicationError

_SEPARATORS = re.compile(r"[\s.\-()/]")
MOBILE = re.compile(r"^0[35789]\d{8}$")
FIXED = re.compile(r"^02\d{9}$")
NATIONAL = re.compile(r"^0\d{9,10}$")


def compact(number: str) -> str:
    """Digits with the national 0 prefix: "+84 912 345 678" → "0912345678"."""
    digits = _SEPARATORS.sub("", number or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def validate_mobile(number: str, *, field: str = "phone") -> str:
    phone = compact(number)
    if not phone:
        raise ApplicationError(f"{field}.required", _("Enter a mobile phone number."), field=field)
    if not phone.isdigit():
        raise ApplicationError(f"{field}.not_digits", _("A phone number has only digits."), field=field)
    if re.match(r"^01\d{9}$", phone):
        raise ApplicationError(
            f"{field}.old_mobile",
            _(
                "11-digit mobile numbers starting with 01 were changed in 2018; "
                "enter the new 10-digit number."
            ),
            field=field,
        )
    if not MOBILE.match(phone):
        raise ApplicationError(
            f"{field}.invalid",
            _(
                "A mobile number has 10 digits and starts with 03, 05, 07, 08 or 09, "
                "for example 0912 345 678."
            ),
            field=field,
        )
    return phone


def validate_any(number: str, *, field: str) -> str:
    """A mobile number or a fixed line (02x…)."""
    phone = compact(number)
    if FIXED.match(phone):
        return phone
    try:
        return validate_mobile(number, field=field)
    except ApplicationError as exc:
        if exc.code == f"{field}.invalid":
            raise ApplicationError(
                f"{field}.invalid",
                _(
                    "Enter a mobile number (10 digits, 03/05/07/08/09…) or a fixed line with its area code "
                    "(11 digits, 02…)."
                ),
                field=field,
            ) from None
        raise


def clean(number: str, *, field: str = "phone") -> str:
    """The number compacted ("" when blank); `{field}.invalid` unless 10 or 11 digits starting with 0."""
    phone = compact(number)
    if phone and not NATIONAL.match(phone):
        raise ApplicationError(
            f"{field}.invalid", _("A phone number has 10 or 11 digits and starts with 0."), field=field
        )
    return phone
