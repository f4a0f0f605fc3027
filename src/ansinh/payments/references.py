"""The reference of a payment line: deterministic, unique, short and bank-friendly.

    AS 0000012345 202607 1 00 68
    │  │          │      │ │  └ check digits: ISO 7064 MOD 97-10 over the 19 digits before (as in IBAN)
    │  │          │      │ └ attempt: 00 first payment, 01… re-issues of a returned payment
    │  │          │      │   (a difference: 10 × n for the n-th difference of that month, + its re-issues)
    │  │          │      └ kind: 1 monthly allowance, 2 funeral support, 3 difference arrears
    │  │          └ the month the money is for (YYYYMM)
    │  └ enrolment id, 10 digits
    └ "AS" (ansinh)

`AS0000012345202607100` + `68` = 23 characters, upper-case ASCII letters and digits only, which every
Vietnamese bank's transfer-reference field accepts (NAPAS allows up to 35). It is a pure function
of the line's identity — (enrolment, month, kind, attempt), the tuple the database keeps unique — so
generating a cycle again, or in two processes at once, yields the same reference for the same
payment, and a typo in a bank's result file (one wrong digit, two digits swapped) fails the check
instead of hitting another line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

PREFIX = "AS"
KIND_DIGITS = {"monthly": 1, "funeral": 2, "difference": 3}
_KINDS_BY_DIGIT = {v: k for k, v in KIND_DIGITS.items()}
_PATTERN = re.compile(r"^AS(\d{10})(\d{4})(\d{2})(\d)(\d{2})(\d{2})$")
MAX_ENROLMENT_ID = 10**10 - 1
MAX_ATTEMPT = 99


@dataclass(frozen=True)
class LineKey:
    enrolment_id: int
    for_month: dt.date
    kind: str
    attempt: int


def _body(enrolment_id: int, year: int, month: int, kind: str, attempt: int) -> int:
    if not 0 < enrolment_id <= MAX_ENROLMENT_ID or not 0 <= attempt <= MAX_ATTEMPT:
        raise ValueError("enrolment id or attempt out of range for a payment reference")
    return (((enrolment_id * 10000 + year) * 100 + month) * 10 + KIND_DIGITS[kind]) * 100 + attempt


def check_digits(body: int) -> int:
    """ISO 7064 MOD 97-10: the two digits that make `body` followed by them ≡ 1 (mod 97)."""
    return 98 - (body * 100) % 97


def line_reference(enrolment_id: int, for_month: dt.date, kind: str, attempt: int) -> str:
    body = _body(enrolment_id, for_month.year, for_month.month, kind, attempt)
    return f"{PREFIX}{body:019d}{check_digits(body):02d}"


def is_valid(reference: str) -> bool:
    match = _PATTERN.match(reference)
    if not match:
        return False
    digits = int(reference[2:])
    month = int(match.group(3))
    return digits % 97 == 1 and 1 <= month <= 12 and int(match.group(4)) in _KINDS_BY_DIGIT


def parse(reference: str) -> LineKey:
    """The line identity a reference stands for; ValueError if it is malformed or fails its check."""
    if not is_valid(reference):
        raise ValueError(f"not a payment reference: {reference!r}")
    match = _PATTERN.match(reference)
    assert match is not None
    enrolment, year, month, kind, attempt = (int(g) for g in match.groups()[:5])
    return LineKey(enrolment, dt.date(year, month, 1), _KINDS_BY_DIGIT[kind], attempt)


def batch_reference(province_code: str, month: dt.date) -> str:
    """One batch per cycle (province and month): "TCXH-11-202607"."""
    return f"TCXH-{province_code}-{month:%Y%m}"
