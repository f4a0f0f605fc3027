import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from ansinh.core import money, periods


@pytest.mark.parametrize(
    ("month", "n", "expected"),
    [
        (dt.date(2026, 11, 1), 1, dt.date(2026, 12, 1)),
        (dt.date(2026, 12, 1), 1, dt.date(2027, 1, 1)),
        (dt.date(2026, 1, 1), -1, dt.date(2025, 12, 1)),
        (dt.date(2026, 7, 1), -24, dt.date(2024, 7, 1)),
    ],
)
def test_add_months(month, n, expected):
    assert periods.add_months(month, n) == expected


def test_months_between_and_end():
    assert periods.months_between(dt.date(2025, 11, 15), dt.date(2026, 2, 1)) == [
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]
    assert periods.months_between(dt.date(2026, 3, 1), dt.date(2026, 2, 1)) == []
    assert periods.month_end(dt.date(2024, 2, 1)) == dt.date(2024, 2, 29)
    assert periods.month_end(dt.date(2026, 2, 1)) == dt.date(2026, 2, 28)


@pytest.mark.parametrize("bad", ["2026-13", "2026-00", "26-07", "July", ""])
def test_parse_month_refuses(bad):
    with pytest.raises(ValueError):
        periods.parse_month(bad)


def test_parse_month_and_label():
    assert periods.parse_month("2026-07") == dt.date(2026, 7, 1)
    assert periods.parse_month("2026-07-19") == dt.date(2026, 7, 1)
    assert periods.month_label(dt.date(2026, 7, 1)) == "07/2026"


def test_age_and_birthdays():
    born = dt.date(1950, 3, 15)
    assert periods.age_on(born, dt.date(2025, 3, 14)) == 74
    assert periods.age_on(born, dt.date(2025, 3, 15)) == 75
    leap = dt.date(2000, 2, 29)
    assert periods.birthday_in(leap, 1) == dt.date(2001, 3, 1)
    assert periods.birthday_in(leap, 4) == dt.date(2004, 2, 29)
    assert periods.age_on(leap, dt.date(2001, 2, 28)) == 0


def test_times_rounds_half_up_in_whole_dong():
    assert money.times(500_000, Decimal("1.5")) == 750_000
    assert money.times(333_333, Decimal("1.5")) == 500_000  # 499,999.5 → 500,000
    assert money.times(540_000, 20) == 10_800_000
    with pytest.raises(TypeError):
        money.times(500_000, 1.5)


def test_format_vnd_follows_language():
    with translation.override("vi"):
        assert money.format_vnd(62850) == "62.850 đ"
        assert money.format_decimal(Decimal("1.50")) == "1,5"
    with translation.override("en"):
        assert money.format_vnd(62850) == "62,850 VND"
        assert money.format_decimal("2.5") == "2.5"
