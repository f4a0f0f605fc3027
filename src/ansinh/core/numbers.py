"""The one reader of numbers typed by people: forms, JSON bodies, spreadsheet cells.

Vietnamese writes thousands with a dot and decimals with a comma: "1.350.000" đồng, "62.850" people,
a coefficient "2,8". Spreadsheets exported in English write "1,350,000" and "2.8". The readers accept
both where the meaning is unambiguous, and only the ASCII digits 0–9: `str.isdigit()` is also true for
"²", "①" or Arabic-Indic digits, which `int()` then refuses or reads as something else, so a wage typed
with a superscript must be refused here with the field named, never crash later.

Every reader returns None for a blank value and raises `ApplicationError` (with `field`) otherwise:

- `field.non_ascii_digits`: a digit other than 0–9 ("7²", "٣").
- `field.not_integer`, `field.not_money`, `field.not_decimal`: not a number of that kind.
- `field.out_of_range`: beyond the bounds given (by default what a database integer column holds).

And the one writer of shares and rounded figures for reading: `round_half_up`, `percent_of`,
`format_number` and `format_percent`. They round half up from Decimal, as the sector rounds
(52 of 70 → 74,29 %, 8,355 → 8,36), never the float truncation of Django's `number_format`, which cuts
74,2857… to 74,28.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ansinh.core.errors import ApplicationError

INT32_MAX = 2_147_483_647  # an IntegerField on PostgreSQL
INT64_MAX = 9_223_372_036_854_775_807  # a BigIntegerField
MAX_AMOUNT = 10**15  # đồng: far above any payment, far below the column's limit

_SPACES = re.compile(r"[\s\u00a0\u202f_]+")  # spaces (also non-breaking ones) and _ group digits
_GROUPED_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+")  # 1.350.000 (Vietnamese)
_GROUPED_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+")  # 1,350,000 (English)
_PLAIN = re.compile(r"\d+")
_MILLION = re.compile(r"(\d+)(?:[.,](\d{1,6}))?(?:tr|triệu|trieu)", re.IGNORECASE)
_CURRENCY = ("đồng", "dong", "vnd", "vnđ", "đ")


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _check_digits(text: str, field: str) -> None:
    for ch in text:
        if not ch.isascii() and (ch.isdigit() or ch.isnumeric() or unicodedata.category(ch) == "Nd"):
            raise ApplicationError(
                "field.non_ascii_digits",
                _("Use only the digits 0–9 (found “%(char)s”).") % {"char": ch},
                field=field,
            )


def _in_range(value: int | Decimal, field: str, minimum: int | None, maximum: int | None) -> None:
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if minimum is not None and maximum is not None:
            message = _("Must be between %(min)s and %(max)s.") % {"min": minimum, "max": maximum}
        elif minimum is not None:
            message = _("Must be at least %(min)s.") % {"min": minimum}
        else:
            message = _("Must be at most %(max)s.") % {"max": maximum}
        raise ApplicationError("field.out_of_range", message, field=field)


def _sign(text: str) -> tuple[int, str]:
    """A leading minus is read here; the callers refuse the negative value unless allowed, naming why."""
    if text.startswith("-"):
        return -1, text[1:]
    return 1, text


def _grouped_integer(text: str) -> int | None:
    """Digits, with "." or "," (not both) grouping thousands; None if not written that way."""
    if _PLAIN.fullmatch(text):
        return int(text)
    if _GROUPED_DOT.fullmatch(text) or _GROUPED_COMMA.fullmatch(text):
        return int(text.replace(".", "").replace(",", ""))
    return None


def parse_integer(
    raw: Any,
    *,
    field: str,
    minimum: int | None = None,
    maximum: int | None = INT32_MAX,
    allow_negative: bool = False,
) -> int | None:
    """A whole number: 42, "42", "62.850", "1,350", 3.0 (a spreadsheet cell). None when blank."""
    if _blank(raw):
        return None
    value: int | None
    if isinstance(raw, bool):
        value = None
    elif isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        value = int(raw) if raw.is_integer() else None
    elif isinstance(raw, Decimal):
        value = int(raw) if raw.is_finite() and raw == raw.to_integral_value() else None
    else:
        text = _SPACES.sub("", str(raw))
        _check_digits(text, field)
        sign, text = _sign(text)
        grouped = _grouped_integer(text)
        value = None if grouped is None else sign * grouped
    if value is None:
        raise ApplicationError("field.not_integer", _("Must be a whole number."), field=field)
    if value < 0 and not allow_negative:
        raise ApplicationError("field.out_of_range", _("Must not be negative."), field=field)
    _in_range(value, field, minimum, maximum)
    return value


def parse_amount(raw: Any, *, field: str, maximum: int = MAX_AMOUNT) -> int | None:
    """Whole đồng: 8000000, "8.000.000", "8,000,000", "8 000 000 đ", "8,5 triệu". None when blank."""
    if _blank(raw):
        return None
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        value = parse_integer(raw, field=field, maximum=None) if float(raw).is_integer() else None
    else:
        text = _SPACES.sub("", str(raw)).lower()
        _check_digits(text, field)
        for suffix in _CURRENCY:
            text = text.removesuffix(suffix)
        sign, text = _sign(text)
        million = _MILLION.fullmatch(text)
        if million:
            whole, part = million.group(1), million.group(2) or ""
            value = int(whole) * 1_000_000 + int((part + "000000")[:6])
        else:
            value = _grouped_integer(text)
        value = None if value is None else sign * value
    if value is None:
        raise ApplicationError(
            "field.not_money", _("Write an amount in đồng, for example 8.000.000."), field=field
        )
    _in_range(value, field, 0, maximum)
    return value


def parse_decimal(
    raw: Any,
    *,
    field: str,
    minimum: Decimal | int | None = None,
    maximum: Decimal | int | None = None,
    allow_negative: bool = False,
) -> Decimal | None:
    """A decimal number: "2,8" or "2.8", "1.234,5" or "1,234.5", 2.8. None when blank."""
    if _blank(raw):
        return None
    value: Decimal | None = None
    if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    elif isinstance(raw, str):
        text = _SPACES.sub("", raw)
        _check_digits(text, field)
        sign, text = _sign(text)
        value = _decimal_text(text)
        value = None if value is None else sign * value
    if value is None or not value.is_finite():
        raise ApplicationError("field.not_decimal", _("Must be a number, for example 2,8."), field=field)
    if value < 0 and not allow_negative:
        raise ApplicationError("field.out_of_range", _("Must not be negative."), field=field)
    _in_range(value, field, minimum, maximum)  # type: ignore[arg-type]
    return value


def _decimal_text(text: str) -> Decimal | None:
    """With both marks the last one is the decimal mark ("1.234,5", "1,234.5"); with one mark only, a
    comma is the decimal mark ("2,8"), and so is a single dot ("2.8"); several dots group thousands."""
    if "," in text and "." in text:
        point = "," if text.rindex(",") > text.rindex(".") else "."
    elif "," in text:
        point = ","
    elif text.count(".") == 1:
        point = "."
    else:
        point = ","
    group = "." if point == "," else ","
    whole, _sep, fraction = text.partition(point)
    if not (_PLAIN.fullmatch(whole) or (group in whole and _grouped_integer(whole) is not None)):
        return None
    if _sep and not _PLAIN.fullmatch(fraction):
        return None
    return Decimal(f"{whole.replace(group, '')}.{fraction}" if fraction else whole.replace(group, ""))


# --- writing rounded figures and shares ---------------------------------------------------------------

HUNDRED = Decimal(100)


def to_decimal(value: Any) -> Decimal | None:
    """An int, Decimal, numeric string or float as an exact Decimal (a float by its shortest repr, so
    0.1 stays 0,1); None for blanks and anything that is not a finite number."""
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def round_half_up(value: Decimal | int | float | str, places: int = 2) -> Decimal:
    """Half up (8,355 → 8,36; 74,285714 → 74,29), never the banker's rounding nor a truncation."""
    number = to_decimal(value)
    if number is None:
        raise ValueError(f"not a number: {value!r}")
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent_of(part: Any, whole: Any, places: int | None = 2) -> Decimal | None:
    """part / whole × 100, rounded half up to `places` (None: unrounded); None without a positive whole."""
    numerator, denominator = to_decimal(part), to_decimal(whole)
    if numerator is None or denominator is None or denominator <= 0:
        return None
    share = numerator * HUNDRED / denominator
    return share if places is None else round_half_up(share, places)


def format_number(value: Any, places: int = 0, *, strip: bool = False) -> str:
    """A figure for reading in the active language (62.850; 8,36 in Vietnamese), rounded half up first;
    `strip` drops trailing decimal zeros (91,60 → 91,6; 100,00 → 100). "—" when there is no number."""
    number = to_decimal(value)
    if number is None:
        return "—"
    number = round_half_up(number, places)
    if strip and places:
        exponent = number.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    return number_format(number, places, force_grouping=True)


def format_percent(value: Any, places: int = 2, *, strip: bool = True) -> str:
    """A percentage already on the 0–100 scale: Decimal('74.2857') → '74,29%'; "—" when there is none."""
    text = format_number(value, places, strip=strip)
    return text if text == "—" else text + "%"


def format_share(part: Any, whole: Any, places: int = 2, *, strip: bool = False) -> str:
    """part of whole as a percentage: 52 of 70 → '74,29%'; "—" without a positive whole."""
    return format_percent(percent_of(part, whole, None), places, strip=strip)
