"""core.numbers: the one reader of typed numbers (Vietnamese and English grouping, ASCII digits only)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ansinh.core.errors import ApplicationError
from ansinh.core.numbers import parse_amount, parse_decimal, parse_integer


@pytest.mark.parametrize(
    ("raw", "value"),
    [("42", 42), (" 62.850 ", 62850), ("1,350", 1350), (7, 7), (3.0, 3), ("", None), (None, None)],
)
def test_integers(raw, value):
    assert parse_integer(raw, field="n") == value


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.350.000", 1_350_000),
        ("1,350,000", 1_350_000),
        ("8 000 000 đ", 8_000_000),
        ("8\u00a0000\u00a0000 VND", 8_000_000),
        ("8,5 triệu", 8_500_000),
        ("12tr", 12_000_000),
        (7_000_000.0, 7_000_000),
    ],
)
def test_amounts(raw, value):
    assert parse_amount(raw, field="wage") == value


@pytest.mark.parametrize(
    ("raw", "value"),
    [("2,8", "2.8"), ("2.8", "2.8"), ("1.234,5", "1234.5"), ("1,234.5", "1234.5"), ("3", "3"), (1.5, "1.5")],
)
def test_decimals(raw, value):
    assert parse_decimal(raw, field="k") == Decimal(value)


@pytest.mark.parametrize(
    ("parse", "raw", "code"),
    [
        (parse_integer, "7²", "field.non_ascii_digits"),
        (parse_amount, "1.350.000²", "field.non_ascii_digits"),
        (parse_amount, "٣٠٠٠", "field.non_ascii_digits"),
        (parse_decimal, "2,8²", "field.non_ascii_digits"),
        (parse_integer, "18446744073709551616", "field.out_of_range"),
        (parse_amount, "9" * 30, "field.out_of_range"),
        (parse_integer, "-5", "field.out_of_range"),
        (parse_amount, "-5", "field.out_of_range"),
        (parse_integer, "2,5", "field.not_integer"),
        (parse_integer, "1.35.0", "field.not_integer"),
        (parse_integer, True, "field.not_integer"),
        (parse_integer, 2.5, "field.not_integer"),
        (parse_amount, "8.5", "field.not_money"),
        (parse_amount, "abc", "field.not_money"),
        (parse_decimal, "2,8,1", "field.not_decimal"),
        (parse_decimal, "NaN", "field.not_decimal"),
        (parse_decimal, "1e5", "field.not_decimal"),
    ],
)
def test_refusals_name_the_field(parse, raw, code):
    with pytest.raises(ApplicationError) as caught:
        parse(raw, field="x")
    assert caught.value.code == code and caught.value.field == "x"


def test_bounds_and_negatives_when_allowed():
    assert parse_integer("-3", field="x", allow_negative=True) == -3
    with pytest.raises(ApplicationError) as caught:
        parse_integer("1999", field="year", minimum=2000, maximum=2100)
    assert caught.value.code == "field.out_of_range" and "2000" in str(caught.value.message)


# --- rounding and percentages -----------------------------------------------------------------------


def test_percent_of_rounds_half_up_from_decimal():
    from ansinh.core.numbers import percent_of, round_half_up

    assert percent_of(52, 70) == Decimal("74.29")  # 74,2857… — not truncated to 74,28
    assert percent_of(1, 8, 1) == Decimal("12.5")
    assert percent_of(1, 0) is None and percent_of(None, 5) is None
    assert round_half_up(Decimal("8.355"), 2) == Decimal("8.36")  # half up, not the banker's 8,36/8,35
    assert round_half_up(Decimal("8.345"), 2) == Decimal("8.35")
    assert round_half_up(2.675, 2) == Decimal("2.68")  # a float by its repr, not its binary 2.67499…


def test_formatted_percentages_in_both_languages():
    from django.utils import translation

    from ansinh.core.numbers import format_number, format_percent, format_share

    with translation.override("vi"):
        assert format_share(52, 70) == "74,29%"
        assert format_percent(Decimal("91.60")) == "91,6%"
        assert format_percent(Decimal("100.00")) == "100%"
        assert format_number(Decimal("62850.4")) == "62.850"
        assert format_number(Decimal("1234.565"), 2) == "1.234,57"
        assert format_share(1, 0) == "—"
    with translation.override("en"):
        assert format_share(52, 70) == "74.29%"


def test_template_filters_round_instead_of_truncating():
    from django.utils import translation

    from ansinh.reports.templatetags.reports_tags import figure
    from ansinh.web.templatetags.ansinh_web import percent

    with translation.override("vi"):
        assert percent(52, 70) == "74,29%"
        assert percent(2, 3) == "66,67%"
        assert figure(Decimal("74.2857"), 2) == "74,29"
        assert figure(Decimal("62850"), 0) == "62.850"


def test_numpy_floats_are_read_by_their_value():
    import numpy as np

    from ansinh.core.numbers import percent_of

    assert percent_of(np.float64(1.0), np.float64(8.0), 0) == Decimal(13)  # 12,5 → 13, half up
