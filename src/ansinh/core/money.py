"""Money is integer đồng. Multiplying by a legal coefficient goes through Decimal and rounds half up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


def times(amount: int, factor: Decimal | int | str) -> int:
    """`amount` đồng × `factor`, rounded half up to a whole đồng; never a float."""
    if isinstance(factor, float):  # pragma: no cover - a programming error, not user input
        raise TypeError("money is never multiplied by a float")
    return int((Decimal(amount) * Decimal(factor)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_vnd(amount: int, *, unit: bool = True) -> str:
    """500000 → '500.000 đ' in Vietnamese, '500,000 VND' in English (follows the active language)."""
    if isinstance(amount, float):  # pragma: no cover
        raise TypeError("money is integer đồng")
    text = formats.number_format(int(amount), 0, force_grouping=True)
    if not unit:
        return text
    from django.utils.translation import get_language

    return f"{text} đ" if (get_language() or "vi").startswith("vi") else f"{text} VND"


def format_decimal(value: Decimal | int | str) -> str:
    """A coefficient as written in the active language: Decimal('1.5') → '1,5' (vi) or '1.5' (en)."""
    d = Decimal(value).normalize()
    exponent = d.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return formats.number_format(d, places, force_grouping=True)
