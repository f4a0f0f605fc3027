"""The one CSV writer of the product: every CSV file a user downloads is written here.

Spreadsheet programs run a cell that starts with = + - @ (or a tab / carriage return followed by one)
as a formula: a job-board employer named `=HYPERLINK("http://evil", "Xem")` becomes a live link, or
worse, in the officer's Excel. Following the OWASP recommendation ("CSV Injection"), a *text* cell
that starts with one of those characters is written with a leading single quote, which spreadsheets
show as text and do not evaluate. Numbers are written as numbers: -150000 stays -150000, because a
negative amount is data, not a formula, and only strings are ever prefixed.

Dates are written DD/MM/YYYY, `None` as an empty cell. The file starts with a byte-order mark so that
Excel opens it as UTF-8 (Vietnamese diacritics intact).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value ready for a CSV cell: text that a spreadsheet would evaluate is quoted with a leading '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_rows(rows: Iterable[Iterable[Any]], *, bom: bool = True, lineterminator: str = "\r\n") -> bytes:
    """UTF-8 CSV bytes (with a byte-order mark unless `bom=False`), every cell through `safe_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def write_table(headers: list[str], rows: Iterable[Iterable[Any]], *, bom: bool = True) -> bytes:
    """A header row, then the rows."""
    return write_rows(_with_header(headers, rows), bom=bom)


def _with_header(headers: list[str], rows: Iterable[Iterable[Any]]) -> Iterable[Iterable[Any]]:
    yield headers
    yield from rows
