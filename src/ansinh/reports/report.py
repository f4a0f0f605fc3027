"""A built report: what the page, the XLSX, the PDF, the JSON and the summary paragraph all render.

`ansinh.reports.build.build_report(...)` fills it from stored and computed figures; the renderers in
`ansinh.reports.render` only read it. Numbers are `Decimal` (exact; đồng and persons are whole),
percentages are on the 0–100 scale, and every label is already in the language that was active when
the report was built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from ansinh.reports.periods import Period


@dataclass(frozen=True)
class IndicatorInfo:
    code: str  # "LM.JOB_FAIRS"
    name: str  # in the active language
    unit: str  # "người", "phiên", "%", "đồng" (active language)
    aggregation: str  # "sum" | "ratio"
    source: str  # "computed" | "entered" | "computed_entered"
    group: str  # "LM", "SI", "SA", … (the code's prefix)
    group_name: str  # in the active language
    higher_is_better: bool = True  # for wording only ("giảm" is good news for accidents)
    provisional: bool = False  # definition or computation flagged provisional
    decimals: int = 0  # how many decimals to show (ratios: 2)


@dataclass(frozen=True)
class Figure:
    """One indicator for one unit and period, with its plan and the same period last year."""

    value: Decimal | None  # sum: the total; ratio: numerator / denominator × 100; None: no data
    numerator: Decimal | None = None  # ratio indicators only
    denominator: Decimal | None = None
    plan: Decimal | None = None  # the year's target for this unit (kế hoạch năm)
    plan_pct: Decimal | None = None  # value / plan × 100 ("đạt 91,6% kế hoạch"; > 100 is "vượt")
    previous: Decimal | None = None  # same period last year, on today's units (lineage applied)
    change_pct: Decimal | None = None  # (value − previous) / previous × 100 ("tăng 31,7% so với cùng kỳ")
    status: str = ""  # "", "draft", "submitted", "approved", "returned" (entered figures)
    computed_at: dt.datetime | None = None  # computed figures: when they were last computed
    apportioned: bool = False  # part of the value came from a split old commune (see Report.notes)
    complete: bool = True  # False when some units below have not submitted
    # Ratio indicators only, in percentage points (how the sector compares rates; see reports.compare):
    plan_gap: Decimal | None = None  # value − plan ("vượt 0,4% mục tiêu")
    change_points: Decimal | None = None  # value − previous
    # False for a 0 that stands for "nothing found in the records" rather than a figure someone gave: the
    # table shows it, the narrative does not state it as a fact.
    reported: bool = True


@dataclass(frozen=True)
class UnitRow:
    code: str  # GSO code of a current (2025-structure) unit; "" for the nation
    name: str
    level: str  # "nation" | "province" | "commune"
    figures: dict[str, Figure]  # indicator code → figure
    submitted: bool = True  # this unit's entered figures for the period are submitted or approved


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    label: str
    values: dict[str, Decimal | None]  # indicator code → value of the report unit in that period


@dataclass
class Report:
    period: Period
    period_label: str
    unit: UnitRow  # the report's own unit (the nation when no unit was asked for)
    children: list[UnitRow]  # the units directly below (provinces, or communes of a province)
    indicators: list[IndicatorInfo]  # in display order
    trend: list[TrendPoint] = field(default_factory=list)  # oldest first, ends with `period`
    notes: list[str] = field(default_factory=list)  # e.g. how split communes were apportioned
    missing_units: list[str] = field(default_factory=list)  # names of units below that have not submitted
    generated_at: dt.datetime | None = None
    generated_by: str = ""  # the user's name, printed on the PDF
    language: str = "vi"

    def indicator(self, code: str) -> IndicatorInfo:
        for info in self.indicators:
            if info.code == code:
                return info
        raise KeyError(code)
