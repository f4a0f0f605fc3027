"""The shared input helpers: one date parser, one phone clean-up, one way to refuse several field errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from ansinh.core import dates, phones
from ansinh.core.errors import ApplicationError, ValidationFailed, field_error, raise_if_any


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("16/05/1989", dt.date(1989, 5, 16)),
        ("1989-05-16", dt.date(1989, 5, 16)),
        (" 6/5/1989 ", dt.date(1989, 5, 6)),
        ("16-05-1989", dt.date(1989, 5, 16)),  # as spreadsheets export it
        ("16.05.1989", dt.date(1989, 5, 16)),
        (dt.date(1989, 5, 16), dt.date(1989, 5, 16)),
        (dt.datetime(1989, 5, 16, 8, 30), dt.date(1989, 5, 16)),  # a spreadsheet date cell
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_parse_date_reads_the_forms_officers_type(raw, expected):
    assert dates.parse_date(raw, field="birth_date") == expected


@pytest.mark.parametrize("raw", ["31/02/2020", "05/16/1989", "16/05", "hôm qua", "1989/05/16"])
def test_parse_date_refuses_what_is_not_a_date_naming_the_field(raw):
    with pytest.raises(ApplicationError) as caught:
        dates.parse_date(raw, field="birth_date")
    assert (caught.value.code, caught.value.field) == ("field.bad_date", "birth_date")


@pytest.mark.parametrize("raw", ["01/01/0196", "0001-01-01", "01/01/1899", "01/01/2101", dt.date(1, 1, 1)])
def test_parse_date_refuses_a_year_out_of_sane_bounds(raw):
    with pytest.raises(ApplicationError) as caught:
        dates.parse_date(raw, field="death_date")
    assert (caught.value.code, caught.value.field) == ("field.date_out_of_range", "death_date")


def test_date_errors_are_vietnamese_by_default():
    with translation.override("vi"):
        with pytest.raises(ApplicationError) as caught:
            dates.parse_date("32/01/2020", field="on")
        assert "không phải là ngày hợp lệ" in str(caught.value.message)
        with pytest.raises(ApplicationError) as caught:
            dates.parse_date("01/01/1000", field="on")
        assert str(caught.value.message) == "Năm phải nằm trong khoảng từ 1900 đến 2100."


def test_date_or_error_collects_instead_of_raising():
    errors: list[ApplicationError] = []
    assert dates.date_or_error("nope", "filed_on", errors) is None
    assert dates.date_or_error("01/02/2026", "other", errors) == dt.date(2026, 2, 1)
    assert [(e.code, e.field) for e in errors] == [("field.bad_date", "filed_on")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("84912345678", "0912345678"),
        ("(024) 3826-9999", "02438269999"),
        ("", ""),
    ],
)
def test_clean_accepts_national_numbers(raw, expected):
    assert phones.clean(raw, field="contact_phone") == expected


@pytest.mark.parametrize("raw", ["12345", "912345678", "0912 345 678 999", "abc"])
def test_clean_refuses_what_is_not_a_national_number(raw):
    with pytest.raises(ApplicationError) as caught:
        phones.clean(raw, field="contact_phone")
    assert (caught.value.code, caught.value.field) == ("contact_phone.invalid", "contact_phone")
    with translation.override("vi"):
        assert str(caught.value.message) == "Số điện thoại gồm 10 hoặc 11 chữ số và bắt đầu bằng 0."


def test_raise_if_any_refuses_each_distinct_problem_once():
    raise_if_any([])
    errors = [
        field_error("phone.invalid", "bad", "phone"),
        field_error("phone.invalid", "bad again", "phone"),
        field_error("title.required", "missing", "title"),
    ]
    with pytest.raises(ValidationFailed) as caught:
        raise_if_any(errors)
    assert [(e.code, e.field) for e in caught.value.errors] == [
        ("phone.invalid", "phone"),
        ("title.required", "title"),
    ]
