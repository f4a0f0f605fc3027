"""Tax code (mã số thuế, MST) of an employer: 10 digits, or 13 for a branch ("0101234567-001").

Structure (Circular 105/2020/TT-BTC Art. 5; python-stdnum `stdnum.vn.mst`):

    NN SSSSSSS C [-BBB]
    NN       province of first registration (old 2-digit codes; unchanged when the head office moves)
    SSSSSSS  a serial, never 0000000
    C        check digit over the first nine: 10 − (Σ wᵢ·dᵢ mod 11), w = 31 29 23 19 17 13 7 5 3
    BBB      branch number 001–999 (dependent units)

Same face as `ansinh.core.identifiers.personal_id`: compact / validate / is_valid / format. Errors name
the problem, so the counsellor knows whether a digit is missing or mistyped.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.vn import mst

from ansinh.core.errors import ApplicationError

FIELD = "tax_code"
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015]")


def compact(number: str) -> str:
    """Digits only: "0312 68 78 78 - 001" → "0312687878001"."""
    return _SEPARATORS.sub("", number or "")


def validate(number: str) -> str:
    """The compact number, or ApplicationError naming what is wrong."""
    compacted = compact(number)
    if not compacted:
        raise ApplicationError("tax_code.required", _("Enter the tax code."), field=FIELD)
    if not compacted.isdigit():
        raise ApplicationError("tax_code.not_digits", _("A tax code has only digits."), field=FIELD)
    try:
        return mst.validate(compacted)
    except InvalidLength:
        raise ApplicationError(
            "tax_code.bad_length",
            _("A tax code has 10 digits, or 13 for a branch (10 + 3); this one has %(n)d.")
            % {"n": len(compacted)},
            field=FIELD,
        ) from None
    except InvalidChecksum:
        raise ApplicationError(
            "tax_code.bad_check_digit",
            _("The 10th digit does not match the first nine: check the tax code for a typing error."),
            field=FIELD,
        ) from None
    except InvalidComponent:
        if len(compacted) == 13 and compacted.endswith("000"):
            message = _("A branch number (the last 3 digits) runs from 001 to 999.")
            code = "tax_code.bad_branch"
        else:
            message = _("Digits 3 to 9 of a tax code cannot all be zero.")
            code = "tax_code.bad_serial"
        raise ApplicationError(code, message, field=FIELD) from None
    except (InvalidFormat, ValidationError):
        raise ApplicationError("tax_code.invalid", _("This is not a valid tax code."), field=FIELD) from None


def is_valid(number: str) -> bool:
    try:
        validate(number)
    except ApplicationError:
        return False
    return True


def format(number: str) -> str:
    """ "0312687878001" → "0312687878-001"."""
    return mst.format(compact(number))


def check_digit(first_nine: str) -> str:
    """The 10th digit for nine digits; "" when no digit fits (the sum is 0 mod 11: no such number)."""
    digit = mst.calc_check_digit(first_nine)
    return digit if len(digit) == 1 else ""
