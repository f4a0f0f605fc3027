"""Every CSV the product writes goes through core.csvfile: cells a spreadsheet would run are quoted."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from ansinh.core import csvfile


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x.example","Xem")', '\'=HYPERLINK("http://x.example","Xem")'),
        ("+84912345678", "'+84912345678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Công ty TNHH Chè Mường Ảng", "Công ty TNHH Chè Mường Ảng"),
        ("a=b", "a=b"),
        (-150000, "-150000"),
        (Decimal("-2.5"), "-2.5"),
        (0, "0"),
        (None, ""),
        (dt.date(2026, 7, 1), "01/07/2026"),
    ],
)
def test_cells_that_would_run_are_quoted_numbers_are_not(value, written):
    assert _rows(csvfile.write_rows([[value]])) == [[written]]


def test_table_has_bom_header_and_crlf():
    content = csvfile.write_table(["a", "b"], [[1, "x"]])
    assert content == b"\xef\xbb\xbfa,b\r\n1,x\r\n"
    assert csvfile.write_rows([["a"]], bom=False) == b"a\r\n"
