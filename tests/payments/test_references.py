"""Line references: deterministic, short, bank-friendly, self-checking; and the bank-file reader."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.payments import bankfiles
from ansinh.payments.references import batch_reference, is_valid, line_reference, parse

JULY = dt.date(2026, 7, 1)


def test_reference_is_a_pure_function_of_the_line_identity():
    ref = line_reference(12345, JULY, "monthly", 0)
    assert ref == "AS000001234520260710068" == line_reference(12345, JULY, "monthly", 0)
    assert len(ref) <= 32 and ref.isascii() and ref.isalnum() and ref[:2] == "AS" and ref[2:].isdigit()
    assert parse(ref).enrolment_id == 12345 and parse(ref).for_month == JULY
    keys = {
        line_reference(e, m, k, a)
        for e in (1, 2, 9_999_999_999)
        for m in (JULY, dt.date(2026, 8, 1))
        for k in ("monthly", "funeral")
        for a in (0, 1)
    }
    assert len(keys) == 24  # every identity has its own reference


def test_check_digits_catch_one_wrong_digit_and_swapped_neighbours():
    ref = line_reference(4_242_424, dt.date(2025, 10, 1), "monthly", 1)
    digits = ref[2:]
    for i in range(len(digits)):
        for d in "0123456789":
            if d != digits[i]:
                assert not is_valid("AS" + digits[:i] + d + digits[i + 1 :])
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
            assert not is_valid("AS" + swapped)


def test_malformed_references_are_refused():
    for bad in ("", "AS123", "XX000001234520260710068", "AS000001234520261310000"):
        assert not is_valid(bad)
    with pytest.raises(ValueError):
        parse("AS123")
    with pytest.raises(ValueError):
        line_reference(0, JULY, "monthly", 0)


def test_batch_reference():
    assert batch_reference("11", JULY) == "TCXH-11-202607"


def test_amounts_as_banks_write_them():
    assert [bankfiles._whole(x) for x in ("750000", "750.000", "750,000", " 1.250.000 ")] == [
        750000,
        750000,
        750000,
        1250000,
    ]
    assert [bankfiles._whole(x) for x in ("", "7,5", "750000.5", "-5", "abc", "75.00")] == [None] * 6


def test_semicolon_csv_blank_rows_and_a_wrong_batch_header():
    content = b"H;TCXH-01-202607\r\n\r\nD;AS1;paid;5;\r\n;;\r\nT;1;5\r\n"
    errors = bankfiles.ErrorList()
    parsed = bankfiles.parse_result(bankfiles.read_table(content, "kq.csv"), errors)
    assert not errors
    assert parsed.batch_reference == "TCXH-01-202607"
    assert [(r.row, r.reference, r.amount) for r in parsed.rows] == [(3, "AS1", 5)]
    assert (parsed.control_count, parsed.control_total) == (1, 5)


def test_missing_control_row_and_unknown_record():
    errors = bankfiles.ErrorList()
    bankfiles.parse_result([["X", "1"], ["D", "AS1", "paid", "5"]], errors)
    assert [e.code for e in errors.items] == ["result.bad_record", "result.no_control"]


def test_a_misnamed_file_is_refused():
    from ansinh.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        list(bankfiles.read_table(b"D,AS1,paid,5\r\n", "kq.xlsx"))
    assert refused.value.errors[0].code == "result.bad_xlsx"
    with pytest.raises(ValidationFailed):
        list(bankfiles.read_table(b"", "kq.csv"))
