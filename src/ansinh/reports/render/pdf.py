"""The report as a PDF, typeset with typst in the layout of a Vietnamese administrative document.

The frame is the document kit's (`ansinh.documents.kit`, Nghị định 30/2020/NĐ-CP): the issuing body (the
unit's People's Committee; the Ministry of Home Affairs for the nation) and "Số: 12/BC-UBND" on the left;
the national title, the motto and the place and date line on the right (days below 10 and the months
January and February take a leading zero); the title and period; then the summary paragraph, the tables,
the charts (the page's own SVG) and the notes; at the end "Nơi nhận" and the signature block. The number
comes from the unit's register when the report is exported (`reports.render.export`); rendered without
one the report is a draft (DỰ THẢO). Typst's embedded fonts (Libertinus Serif) carry every Vietnamese
letter, and system fonts are ignored so the same report gives the same file on every machine.

Every piece of text that comes from data (unit names, indicator names, notes, the user's name) enters the
typst source only as a string literal, so no name can be read as markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from ansinh.core import clock
from ansinh.documents import bodies, kit
from ansinh.documents import selectors as document_selectors
from ansinh.documents.kit import Document, IssuingBody, Signature, c, s
from ansinh.documents.printing import signature
from ansinh.documents.services import Subject
from ansinh.geo.models import AdminUnit
from ansinh.reports.render import charts
from ansinh.reports.render.summary import change_text, summary_paragraph, value_text
from ansinh.reports.render.text import lang_of, local, percent, phrase, timestamp
from ansinh.reports.report import Figure, IndicatorInfo, Report

CHILD_COLUMNS = 4  # indicators per table of the units below, so a table fits an A4 page's width
TREND_CHARTS = 4  # the first indicators with a trend get a chart


def place_name(report: Report) -> str:
    """'Tỉnh Thanh Hóa' → 'Thanh Hóa' for the date line; the nation's reports are dated in Hà Nội."""
    if report.unit.level == "nation" or not report.unit.name:
        return phrase(report.language, "place_nation")
    return kit.place_name(report.unit.name)


def date_line(report: Report, day: dt.date) -> str:
    """'Thanh Hóa, ngày 05 tháng 01 năm 2024' (the zeros are the decree's rule, see the module's note)."""
    place = place_name(report)
    if lang_of(report.language) == "vi":
        month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
        return phrase("vi", "place_date", place=place, day=f"{day.day:02d}", month=month, year=day.year)
    return phrase("en", "place_date", place=place, day=day.day, month=day.month, year=day.year)


NATION_BODY = IssuingBody("BỘ NỘI VỤ", "BNV")
RECIPIENTS = {
    "vi": {
        "nation": ("- Văn phòng Chính phủ;", "- Bộ Y tế;", "- Lưu: VT."),
        "province": ("- Bộ Nội vụ;", "- Bộ Y tế;", "- Lưu: VT."),
        "commune": ("- UBND tỉnh;", "- Sở Nội vụ, Sở Y tế;", "- Lưu: VT."),
    },
    "en": {
        "nation": ("- Government Office;", "- Ministry of Health;", "- Archive."),
        "province": ("- Ministry of Home Affairs;", "- Ministry of Health;", "- Archive."),
        "commune": (
            "- Provincial People's Committee;",
            "- Departments of Home Affairs and of Health;",
            "- Archive.",
        ),
    },
}


def issuing_body(report: Report) -> IssuingBody:
    """The People's Committee of the report's unit; the Ministry of Home Affairs for the nation's report."""
    if report.unit.level == "nation" or not report.unit.name:
        return NATION_BODY
    return bodies.committee(report.unit.name)


HEAD_LINES = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def head_signature(report: Report, day: dt.date) -> Signature | None:
    """The block for the People's Committee of a Vietnamese province or commune report: its signatory of
    reports in force on the report's date, else the title with the name left to the hand. None for the
    nation's report and for an English rendering (a working copy, signed by who drew it up alone)."""
    if lang_of(report.language) != "vi" or report.unit.level not in ("province", "commune"):
        return None
    unit = AdminUnit.objects.current().filter(level=report.unit.level, code=report.unit.code).first()
    return signature(document_selectors.committee_signatory(unit=unit, kind="BC", day=day), lines=HEAD_LINES)


def document(
    report: Report, *, day: dt.date, number: int | None = None, head: Signature | None = None
) -> Document:
    """The report's Decree 30 frame: header with "Số …/BC-…", Nơi nhận, the signature blocks (who drew
    it up; `head`, the committee's, from `head_signature`)."""
    lang = lang_of(report.language)
    level = report.unit.level if report.unit.level in ("province", "commune") else "nation"
    generated = ""
    if report.generated_at is not None:
        generated = phrase(
            lang, "generated", when=timestamp(report.generated_at), who=report.generated_by or "—"
        )
    return Document(
        body=issuing_body(report),
        kind=phrase(lang, "report_title"),
        kind_code="BC",
        place=place_name(report),
        day=day,
        subject=report.period_label,
        number=number,
        recipients=RECIPIENTS[lang][level],
        signatures=(Signature((phrase(lang, "signer"),), report.generated_by), *([head] if head else [])),
        title=phrase(lang, "report_title") + " — " + report.period_label,
        author=report.generated_by or "ansinh",
        footnote=generated,
        date_text=date_line(report, day),
        language=lang,
    )


def subject(report: Report, *, province_code: str) -> Subject:
    """What the register numbers: one report per unit and period (a reprint keeps its number)."""
    body = issuing_body(report)
    unit = report.unit.code or "nation"
    return Subject(
        type="reports.report",
        id=f"{unit}:{report.period.code}",
        label=f"{report.unit.name or body.name} — {report.period_label}",
        unit_code=unit,
        kind="BC",
        symbol=f"BC-{body.abbreviation}",
        province_code=province_code,
    )


def _table(columns: str, header: Sequence[str], rows: Iterable[Sequence[str]], *, numeric_from: int) -> str:
    """A bordered table; columns from `numeric_from` on are right-aligned figures."""
    cells = [f"table.header({', '.join(f'[*#{s(h)}*]' for h in header)})"]
    for row in rows:
        cells.extend(c(cell) for cell in row)
    align = f"(x, y) => if x >= {numeric_from} and y > 0 {{ right }} else {{ left }}"
    return (
        f"#table(columns: {columns}, inset: 4pt, stroke: 0.5pt, align: {align},\n  "
        + ",\n  ".join(cells)
        + ",\n)"
    )


def _figure_row(report: Report, info: IndicatorInfo, figure: Figure | None) -> list[str]:
    lang = report.language
    figure = figure or Figure(value=None)

    def shown(value):
        return value_text(info, value, lang=lang).removesuffix(f" {info.unit}") if value is not None else ""

    name = info.name + (f" ({phrase(lang, 'provisional')})" if info.provisional else "")
    return [
        name,
        info.unit,
        shown(figure.value),
        shown(figure.plan),
        percent(figure.plan_pct, lang=lang) if figure.plan_pct is not None else "",
        shown(figure.previous),
        change_text(info, figure, lang=lang),
    ]


def _figures_table(report: Report) -> str:
    lang = report.language
    header = [phrase(lang, k) for k in ("indicator", "unit_of_measure", "performed", "plan", "plan_pct",
                                        "previous", "change_points")]  # fmt: skip
    rows = [_figure_row(report, info, report.unit.figures.get(info.code)) for info in report.indicators]
    return _table("(2.4fr, 0.9fr, 1fr, 1fr, 1fr, 1fr, 1fr)", header, rows, numeric_from=2)


def _children_tables(report: Report) -> list[str]:
    lang = report.language
    shown = [
        info
        for info in report.indicators
        if any((f := child.figures.get(info.code)) and f.value is not None for child in report.children)
    ]
    tables = []
    for start in range(0, len(shown), CHILD_COLUMNS):
        chunk = shown[start : start + CHILD_COLUMNS]
        header = [phrase(lang, "unit"), *[f"{info.name} ({info.unit})" for info in chunk]]
        rows = []
        for child in report.children:
            name = child.name + ("" if child.submitted else f" ({phrase(lang, 'not_submitted')})")
            values = []
            for info in chunk:
                figure = child.figures.get(info.code)
                values.append(
                    charts.value_label(info, figure.value, lang=lang)
                    if figure and figure.value is not None
                    else ""
                )
            rows.append([name, *values])
        tables.append(_table(f"(1.4fr, {', '.join(['1fr'] * len(chunk))})", header, rows, numeric_from=1))
    return tables


def _svg(svg: str) -> str:
    return f'#align(center)[#image(bytes({s(svg)}), format: "svg", width: 100%)]'


def chart_svgs(report: Report) -> list[str]:
    """The charts the PDF carries: plan vs actual, the first trends, and the units ranked on the first
    indicator that the units below report."""
    svgs = []
    if charts.has_plan_chart(report):
        svgs.append(charts.plan_chart(report))
    with_trend = [i for i in report.indicators if any(p.values.get(i.code) is not None for p in report.trend)]
    svgs += [charts.trend_chart(report, info.code) for info in with_trend[:TREND_CHARTS]]
    for info in report.indicators:
        if any((f := child.figures.get(info.code)) and f.value is not None for child in report.children):
            svgs.append(charts.ranking_chart(report, info.code))
            break
    return svgs


def typst_source(
    report: Report, *, today: dt.date | None = None, number: int | None = None, head: Signature | None = None
) -> str:
    lang = lang_of(report.language)
    day = today or (local(report.generated_at).date() if report.generated_at else clock.today())
    doc = document(report, day=day, number=number, head=head)
    lines = [
        *kit.page_setup(doc, size="12pt"),
        "#show table: set text(size: 9.5pt)",
        *kit.header(doc),
        f"#par(first-line-indent: 1cm)[#{s(summary_paragraph(report))}]",
        f"== #{s(phrase(lang, 'figures') + ': ' + report.unit.name)}",
        _figures_table(report),
    ]
    if report.children:
        lines.append(f"== #{s(phrase(lang, 'units_below'))}")
        lines += _children_tables(report)
    svgs = chart_svgs(report)
    if svgs:
        lines.append(f"== #{s(phrase(lang, 'trend'))}")
        lines += [_svg(svg) for svg in svgs]
    lines += _notes(report)
    lines += kit.closing(doc)
    if doc.footnote:
        lines.append(f"#v(12pt)#text(size: 8pt, fill: gray)[#{s(doc.footnote)}]")
    return "\n".join(lines) + "\n"


def _notes(report: Report) -> list[str]:
    lang = report.language
    notes = list(report.notes)
    apportioned = [
        i.name for i in report.indicators if (f := report.unit.figures.get(i.code)) and f.apportioned
    ]
    if apportioned:
        notes.append(f"{phrase(lang, 'apportioned')}: {', '.join(apportioned)}")
    if not notes:
        return []
    return [f"== #{s(phrase(lang, 'notes'))}", *[f"- #{s(note)}" for note in notes]]


def render_pdf(
    report: Report, *, today: dt.date | None = None, number: int | None = None, head: Signature | None = None
) -> bytes:
    """The PDF; without a `number` from the register it prints as a draft (DỰ THẢO)."""
    source = typst_source(report, today=today, number=number, head=head)
    return kit.compile_pdf(source, moment=report.generated_at)
