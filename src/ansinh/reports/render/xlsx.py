"""The report as an Excel workbook: the unit's figures, the units below, the trend, and the notes.

Every figure is a number cell with a number format (never text), so the offices that receive the file can
add up and chart it; Excel shows the separators of the reader's own locale (62.850 in a Vietnamese Excel).
Percentages stay on the 0–100 scale the report uses, with the header saying "%".
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import xlsxwriter

from ansinh.reports.render.summary import is_rate, summary_paragraph
from ansinh.reports.render.text import lang_of, phrase, timestamp
from ansinh.reports.report import Figure, IndicatorInfo, Report

SHEET_CHARS = 31  # Excel's limit on a sheet's name


def _cell(value: Decimal | None) -> int | float | None:
    """Decimal → int when whole (persons, đồng), float otherwise; None stays an empty cell."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class _Book:
    def __init__(self, buffer: io.BytesIO, lang: str):
        self.lang = lang
        self.book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        self.book.set_properties({"title": phrase(lang, "report_title"), "comments": "ansinh"})
        add = self.book.add_format
        self.title = add({"bold": True, "font_size": 13})
        self.head = add(
            {"bold": True, "bg_color": "#dce6f2", "border": 1, "text_wrap": True, "valign": "vcenter"}
        )
        self.text = add({"border": 1, "valign": "top", "text_wrap": True})
        self.whole = add({"border": 1, "num_format": "#,##0"})
        self.fraction = add({"border": 1, "num_format": "#,##0.00"})
        self.pct = add({"border": 1, "num_format": "0.00"})
        self.wrap = add({"text_wrap": True, "valign": "top"})

    def sheet(self, key: str):
        return self.book.add_worksheet(phrase(self.lang, key)[:SHEET_CHARS])

    def number_format(self, info: IndicatorInfo):
        return self.fraction if info.decimals or is_rate(info) else self.whole

    def put(self, sheet, row: int, col: int, value: Any, fmt) -> None:
        if value is None:
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, int | float):
            sheet.write_number(row, col, value, fmt)
        else:
            sheet.write_string(row, col, str(value), fmt)

    def headers(self, sheet, row: int, names: list[str]) -> None:
        for col, name in enumerate(names):
            sheet.write_string(row, col, name, self.head)


def _status(lang: str, figure: Figure) -> str:
    return phrase(lang, f"status_{figure.status}") if figure.status else ""


def _figures_sheet(b: _Book, report: Report) -> None:
    lang, sheet = b.lang, b.sheet("figures")
    sheet.write_string(0, 0, phrase(lang, "report_title"), b.title)
    sheet.write_string(1, 0, f"{phrase(lang, 'unit')}: {report.unit.name}")
    sheet.write_string(2, 0, f"{phrase(lang, 'period')}: {report.period_label}")
    keys = ["code", "indicator", "unit_of_measure", "performed", "plan", "plan_pct", "previous", "change",
            "numerator", "denominator", "status"]  # fmt: skip
    b.headers(sheet, 4, [phrase(lang, key) for key in keys])
    for row, info in enumerate(report.indicators, start=5):
        figure = report.unit.figures.get(info.code) or Figure(value=None)
        fmt = b.number_format(info)
        name = info.name + (f" ({phrase(lang, 'provisional')})" if info.provisional else "")
        cells = [
            (info.code, b.text), (name, b.text), (info.unit, b.text),
            (_cell(figure.value), fmt), (_cell(figure.plan), fmt), (_cell(figure.plan_pct), b.pct),
            (_cell(figure.previous), fmt), (_cell(figure.change_pct), b.pct),
            (_cell(figure.numerator), b.whole), (_cell(figure.denominator), b.whole),
            (_status(lang, figure), b.text),
        ]  # fmt: skip
        for col, (value, cell_format) in enumerate(cells):
            b.put(sheet, row, col, value, cell_format)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, 2, 12)
    sheet.set_column(3, 9, 15)
    sheet.set_column(10, 10, 14)
    sheet.set_row(4, 32)
    sheet.freeze_panes(5, 2)


def _children_sheet(b: _Book, report: Report) -> None:
    lang, sheet = b.lang, b.sheet("units_below")
    names = [phrase(lang, "code"), phrase(lang, "unit")]
    names += [f"{info.name} ({info.unit})" if info.unit else info.name for info in report.indicators]
    names.append(phrase(lang, "status"))
    b.headers(sheet, 0, names)
    for row, unit in enumerate(report.children, start=1):
        sheet.write_string(row, 0, unit.code, b.text)
        sheet.write_string(row, 1, unit.name, b.text)
        for col, info in enumerate(report.indicators, start=2):
            figure = unit.figures.get(info.code)
            b.put(sheet, row, col, _cell(figure.value) if figure else None, b.number_format(info))
        status = "" if unit.submitted else phrase(lang, "not_submitted")
        sheet.write_string(row, len(names) - 1, status, b.text)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, len(names) - 1, 18)
    sheet.set_row(0, 60)
    sheet.freeze_panes(1, 2)


def _trend_sheet(b: _Book, report: Report) -> None:
    lang, sheet = b.lang, b.sheet("trend")
    names = [phrase(lang, "period"), *[f"{info.name} ({info.unit})" for info in report.indicators]]
    b.headers(sheet, 0, names)
    for row, point in enumerate(report.trend, start=1):
        sheet.write_string(row, 0, point.label, b.text)
        for col, info in enumerate(report.indicators, start=1):
            b.put(sheet, row, col, _cell(point.values.get(info.code)), b.number_format(info))
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, len(names) - 1, 18)
    sheet.set_row(0, 60)
    sheet.freeze_panes(1, 1)


def _notes_sheet(b: _Book, report: Report) -> None:
    lang, sheet = b.lang, b.sheet("notes")
    lines = [(phrase(lang, "summary"), summary_paragraph(report))]
    lines += [(phrase(lang, "notes"), note) for note in report.notes]
    apportioned = [
        info.name for info in report.indicators if (f := report.unit.figures.get(info.code)) and f.apportioned
    ]
    if apportioned:
        lines.append((phrase(lang, "notes"), f"{phrase(lang, 'apportioned')}: {', '.join(apportioned)}"))
    if report.generated_at is not None:
        when = timestamp(report.generated_at)
        lines.append(("", phrase(lang, "generated", when=when, who=report.generated_by or "—")))
    for row, (label, text) in enumerate(lines):
        sheet.write_string(row, 0, label, b.head if label else b.wrap)
        sheet.write_string(row, 1, text, b.wrap)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 110)


def render_xlsx(report: Report) -> bytes:
    buffer = io.BytesIO()
    book = _Book(buffer, lang_of(report.language))
    _figures_sheet(book, report)
    _children_sheet(book, report)
    _trend_sheet(book, report)
    _notes_sheet(book, report)
    book.book.close()
    return buffer.getvalue()
