"""Employer tax codes (MST): 10 digits, or 13 for a branch; each error names the problem."""

from __future__ import annotations

import pytest

from ansinh.core.errors import ApplicationError
from ansinh.labour.reference import taxcode


@pytest.mark.parametrize("number", ["0100233488", "0314409058-002", "0314 409 058 002", "01.00.233.488"])
def test_valid(number):
    assert taxcode.is_valid(number)


def test_compact_and_format():
    assert taxcode.validate("0314409058-002") == "0314409058002"
    assert taxcode.format("0314409058002") == "0314409058-002"
    assert taxcode.format("0100233488") == "0100233488"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("", "tax_code.required"),
        ("01002334", "tax_code.bad_length"),
        ("01002334881", "tax_code.bad_length"),
        ("010023348A", "tax_code.not_digits"),
        ("0100233480", "tax_code.bad_check_digit"),
        ("0314409058000", "tax_code.bad_branch"),
    ],
)
def test_errors_name_the_problem(number, code):
    with pytest.raises(ApplicationError) as exc:
        taxcode.validate(number)
    assert exc.value.code == code
    assert exc.value.field == "tax_code"


def test_check_digit_matches_validation():
    assert taxcode.check_digit("010023348") == "8"
    for serial in range(1, 200):
        first = f"56{serial:07d}"
        digit = taxcode.check_digit(first)
        assert taxcode.is_valid(first + digit) == bool(digit)
