"""The report as JSON. Every figure is a decimal string ("62850", "108.36"), never a float, so what a
consuming system reads is exactly what was computed; a missing figure is null."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from typing import Any

from ansinh.reports.periods import Period
from ansinh.reports.render.summary import summary_paragraph
from ansinh.reports.report import Figure, Report, UnitRow


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def period_dict(period: Period) -> dict[str, Any]:
    return {
        "code": period.code,
        "kind": period.kind,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def figure_dict(figure: Figure) -> dict[str, Any]:
    return {f.name: _plain(getattr(figure, f.name)) for f in dataclasses.fields(figure)}


def unit_dict(unit: UnitRow) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "submitted": unit.submitted,
        "figures": {code: figure_dict(figure) for code, figure in unit.figures.items()},
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "period": period_dict(report.period) | {"label": report.period_label},
        "language": report.language,
        "unit": unit_dict(report.unit),
        "children": [unit_dict(child) for child in report.children],
        "indicators": [dataclasses.asdict(info) for info in report.indicators],
        "trend": [
            {
                "period": point.period.code,
                "label": point.label,
                "values": {k: _plain(v) for k, v in point.values.items()},
            }
            for point in report.trend
        ],
        "summary": summary_paragraph(report),
        "notes": list(report.notes),
        "missing_units": list(report.missing_units),
        "generated_at": _plain(report.generated_at),
        "generated_by": report.generated_by,
    }


def render_json(report: Report) -> bytes:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=1).encode()
