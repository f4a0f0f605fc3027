"""Charts drawn on the server as SVG: the same markup is inlined in the report page and placed in the PDF.

No JavaScript library and no CDN. Each chart is an image with a title and a description that reads out
every value (`role="img"`, `aria-labelledby`), and the values are also written next to the bars and
points, so the chart says what it shows without hovering. Numbers on the axes and labels are in the
report's language format (62.850; 8,36%).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from ansinh.reports.render.summary import is_rate
from ansinh.reports.render.text import number, percent, phrase
from ansinh.reports.report import IndicatorInfo, Report

FONT = "system-ui, 'Segoe UI', 'DejaVu Sans', 'Libertinus Serif', sans-serif"
WIDTH = 640
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#d9dee4"
BAR = "#1d5fa8"
PLAN = "#c2410c"
ROW = 26  # height of one bar row in the horizontal charts
MAX_LABEL = 30  # characters of a unit's name before it is cut with "…"


@dataclass(frozen=True)
class Datum:
    label: str
    value: Decimal | None
    text: str  # the value as written on the chart and in the description


def _id(*parts: str) -> str:
    return "chart-" + re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")


def _f(x: float) -> str:
    return f"{x:.1f}"


def _cut(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def nice_ticks(low: Decimal, high: Decimal, count: int = 5) -> list[Decimal]:
    """Round axis steps (1, 2, 2,5, 5 × 10ⁿ) covering low…high, starting at or below zero."""
    low, high = min(Decimal(0), low), max(Decimal(0), high)
    if high == low:
        high = low + 1
    raw = (high - low) / count
    base = Decimal(1).scaleb(raw.adjusted())
    step = next(
        base * m for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)) if base * m >= raw
    )
    first = (low / step).to_integral_value(rounding="ROUND_FLOOR")
    last = (high / step).to_integral_value(rounding="ROUND_CEILING")
    return [step * i for i in range(int(first), int(last) + 1)]


def _decimals(step: Decimal) -> int:
    exponent = step.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def value_label(info: IndicatorInfo, value: Decimal | None, *, lang: str) -> str:
    if value is None:
        return phrase(lang, "no_data")
    if is_rate(info):
        return percent(value, lang=lang, decimals=max(info.decimals, 2))
    return number(value, info.decimals, lang=lang, strip=True)


def _open(chart_id: str, title: str, desc: str, height: float) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_f(height)}" width="{WIDTH}" '
        f'height="{_f(height)}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{escape(FONT)}" font-size="12" class="chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{INK}">{escape(_cut(title, 90))}</text>',
    ]


def _describe(data: Sequence[Datum]) -> str:
    return "; ".join(f"{d.label}: {d.text}" for d in data) + "."


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK, size: int = 12) -> str:
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" fill="{fill}" font-size="{size}">'
        f"{escape(text)}</text>"
    )


def _empty(chart_id: str, title: str, lang: str) -> str:
    parts = _open(chart_id, title, phrase(lang, "no_data"), 60)
    parts.append(_text(0, 44, phrase(lang, "no_data"), fill=MUTED))
    return "\n".join([*parts, "</svg>"])


def trend_chart(report: Report, code: str, *, kind: str = "line") -> str:
    """The report unit's value over the trend periods, oldest first: a line (gaps where there is no
    figure) or vertical bars."""
    info, lang = report.indicator(code), report.language
    title = phrase(lang, "trend_title", name=info.name)
    chart_id = _id("trend", code)
    data = [
        Datum(p.label, p.values.get(code), value_label(info, p.values.get(code), lang=lang))
        for p in report.trend
    ]
    present = [d.value for d in data if d.value is not None]
    if not present:
        return _empty(chart_id, title, lang)
    height, left, right, top, bottom = 280.0, 76.0, 16.0, 40.0, 40.0
    ticks = nice_ticks(min(present), max(present))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - left - right, height - top - bottom

    def y_of(value: Decimal) -> float:
        return top + plot_h * float((high - value) / (high - low))

    parts = _open(chart_id, title, _describe(data), height)
    decimals = _decimals(ticks[1] - ticks[0]) if len(ticks) > 1 else 0
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            f'<line x1="{_f(left)}" x2="{_f(WIDTH - right)}" y1="{_f(y)}" y2="{_f(y)}" stroke="{GRID}"/>'
        )
        label = number(tick, decimals, lang=lang) + ("%" if is_rate(info) else "")
        parts.append(_text(left - 6, y + 4, label, anchor="end", fill=MUTED, size=11))
    slot = plot_w / len(data)
    xs = [left + slot * (i + 0.5) for i in range(len(data))]
    for x, d in zip(xs, data, strict=True):
        parts.append(_text(x, height - bottom + 18, _cut(d.label, 18), anchor="middle", fill=MUTED, size=11))
    if kind == "bars":
        parts += _trend_bars(data, xs, slot, y_of, low)
    else:
        parts += _trend_line(data, xs, y_of)
    parts.append("</svg>")
    return "\n".join(parts)


def _trend_bars(data, xs, slot, y_of, low) -> list[str]:
    parts = []
    base = y_of(max(low, Decimal(0)))
    for x, d in zip(xs, data, strict=True):
        if d.value is None:
            continue
        y = y_of(d.value)
        width = slot * 0.6
        parts.append(
            f'<rect x="{_f(x - width / 2)}" y="{_f(min(y, base))}" width="{_f(width)}" '
            f'height="{_f(abs(base - y))}" fill="{BAR}">'
            f"<title>{escape(f'{d.label}: {d.text}')}</title></rect>"
        )
        parts.append(_text(x, min(y, base) - 5, d.text, anchor="middle"))
    return parts


def _trend_line(data, xs, y_of) -> list[str]:
    parts, run = [], []
    points = [(x, y_of(d.value), d) if d.value is not None else None for x, d in zip(xs, data, strict=True)]
    for point in [*points, None]:
        if point is not None:
            run.append(point)
            continue
        if len(run) > 1:
            path = " ".join(f"{_f(x)},{_f(y)}" for x, y, _d in run)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{BAR}" stroke-width="2"/>')
        run = []
    for point in points:
        if point is None:
            continue
        x, y, d = point
        parts.append(
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="4" fill="{BAR}">'
            f"<title>{escape(f'{d.label}: {d.text}')}</title></circle>"
        )
        parts.append(_text(x, y - 9, d.text, anchor="middle"))
    return parts


def _hbars(chart_id: str, title: str, data: Sequence[Datum], *, lang: str, reference: Decimal | None = None,
           reference_label: str = "", suffix: str = "") -> str:  # fmt: skip
    """Horizontal bars, one row per datum, names on the left and values written after the bars."""
    present = [d.value for d in data if d.value is not None]
    if not present:
        return _empty(chart_id, title, lang)
    left, right, top = 200.0, 170.0, 34.0
    height = top + ROW * len(data) + 24
    high = max([*present, reference or Decimal(0)])
    ticks = nice_ticks(Decimal(0), high, count=4)
    scale = (WIDTH - left - right) / float(ticks[-1] or 1)
    parts = _open(chart_id, title, _describe(data), height)
    decimals = _decimals(ticks[1] - ticks[0]) if len(ticks) > 1 else 0
    axis_y = top + ROW * len(data)
    for tick in ticks:
        x = left + float(tick) * scale
        parts.append(f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{_f(top)}" y2="{_f(axis_y)}" stroke="{GRID}"/>')
        parts.append(_text(x, axis_y + 14, number(tick, decimals, lang=lang) + suffix, anchor="middle",
                           fill=MUTED, size=11))  # fmt: skip
    for i, d in enumerate(data):
        y = top + ROW * i
        parts.append(_text(left - 8, y + ROW / 2 + 4, _cut(d.label), anchor="end"))
        width = float(d.value) * scale if d.value is not None and d.value > 0 else 0.0
        if d.value is not None:
            parts.append(
                f'<rect x="{_f(left)}" y="{_f(y + 4)}" width="{_f(width)}" height="{_f(ROW - 8)}" '
                f'fill="{BAR}"><title>{escape(f"{d.label}: {d.text}")}</title></rect>'
            )
        parts.append(
            _text(left + width + 6, y + ROW / 2 + 4, d.text, fill=INK if d.value is not None else MUTED)
        )
    if reference is not None:
        x = left + float(reference) * scale
        parts.append(
            f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{_f(top - 4)}" y2="{_f(axis_y)}" stroke="{PLAN}" '
            f'stroke-width="2" stroke-dasharray="5 3"/>'
        )
        parts.append(_text(x, top - 7, reference_label, anchor="middle", fill=PLAN, size=11))
    parts.append("</svg>")
    return "\n".join(parts)


def ranking_chart(report: Report, code: str, *, limit: int = 40) -> str:
    """The units below ranked by their value (highest first; lowest first where lower is better);
    units with no figure come last, marked "no data"."""
    info, lang = report.indicator(code), report.language
    rows = [(row.name, row.figures.get(code)) for row in report.children]
    with_value = [(name, f.value) for name, f in rows if f is not None and f.value is not None]
    without = [name for name, f in rows if f is None or f.value is None]
    with_value.sort(key=lambda item: item[1], reverse=info.higher_is_better)
    data = [Datum(name, value, value_label(info, value, lang=lang)) for name, value in with_value]
    data += [Datum(name, None, phrase(lang, "no_data")) for name in without]
    title = phrase(lang, "ranking_title", name=info.name, period=report.period_label)
    return _hbars(_id("ranking", code), title, data[:limit], lang=lang, suffix="%" if is_rate(info) else "")


def plan_chart(report: Report) -> str:
    """Each indicator with a plan: the share of the year's plan reached, against a 100% line."""
    lang = report.language
    data = []
    for info in report.indicators:
        figure = report.unit.figures.get(info.code)
        if figure is None or figure.value is None or figure.plan_pct is None:
            continue
        shown = f"{percent(figure.plan_pct, lang=lang)} ({value_label(info, figure.value, lang=lang)} / "
        shown += f"{value_label(info, figure.plan, lang=lang)})"
        data.append(Datum(info.name, figure.plan_pct, shown))
    title = phrase(lang, "plan_title", period=report.period_label)
    return _hbars(_id("plan", report.unit.code or "nation"), title, data, lang=lang, reference=Decimal(100),
                  reference_label="100%", suffix="%")  # fmt: skip


def has_plan_chart(report: Report) -> bool:
    return any(
        (f := report.unit.figures.get(info.code)) is not None
        and f.value is not None
        and f.plan_pct is not None
        for info in report.indicators
    )
