"""The .xlsx cases of the import corpus, written at test time (no binaries in the repository).

`workbook(name, commune=...)` returns the bytes of the named case; `manifest.json` lists it with
`"generated": true`."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import xlsxwriter

HEADER = [
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Mã xã/phường nơi ở",
    "Công việc mong muốn",
    "Trình độ học vấn",
    "Lương mong muốn từ (đồng/tháng)",
]


def _row(commune: str, **overrides: Any) -> list[Any]:
    row: dict[str, Any] = {
        "Họ và tên": "Lò Văn Thắng",
        "Ngày sinh": "16/05/1990",
        "Giới tính": "Nam",
        "Mã xã/phường nơi ở": commune,
        "Công việc mong muốn": "Thợ hàn điện",
        "Trình độ học vấn": "Trung học phổ thông",
        "Lương mong muốn từ (đồng/tháng)": 7_000_000,
    }
    row.update(overrides)
    return [row[h] for h in HEADER]


def _book(write: Callable[[Any], None]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Dữ liệu")
    sheet.write_row(0, 0, HEADER)
    write(sheet)
    book.close()
    return out.getvalue()


def _formula(commune: str) -> bytes:
    def write(sheet: Any) -> None:
        sheet.write_row(1, 0, _row(commune))
        sheet.write_row(2, 0, _row(commune))
        sheet.write_formula(2, 6, "=7000000*2")  # G3: a wage computed by Excel

    return _book(write)


def _superscript(commune: str) -> bytes:
    return _book(lambda sheet: sheet.write_row(1, 0, _row(commune, **{HEADER[6]: "7.000.000²"})))


def _huge_number(commune: str) -> bytes:
    return _book(lambda sheet: sheet.write_row(1, 0, _row(commune, **{HEADER[6]: 1e20})))


def _header_only(commune: str) -> bytes:
    return _book(lambda sheet: None)


WORKBOOKS: dict[str, Callable[[str], bytes]] = {
    "formula.xlsx": _formula,
    "superscript_digits.xlsx": _superscript,
    "huge_number.xlsx": _huge_number,
    "header_only.xlsx": _header_only,
}


def workbook(name: str, *, commune: str) -> bytes:
    return WORKBOOKS[name](commune)
