"""Build a report (`ansinh.reports.report.Report`) for a unit and period, in the actor's scope.

Reads the cached province and nation totals and, for communes, resolves the stored figures of one province
(see `rollup.py` for the rule and the 2025 lineage); adds the year's plan, the same period last year, the
approval state, when computed figures were last computed, the units below that have not submitted, and the
notes a reader needs (how figures of split communes were apportioned).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ansinh.core.actors import Actor
from ansinh.geo.models import AdminUnit, Structure
from ansinh.reports import compare, rollup
from ansinh.reports.catalogue import group_name, indicator_list
from ansinh.reports.compute import last_computed_in
from ansinh.reports.models import LOCKED_STATUSES, DataValue, Indicator
from ansinh.reports.periods import Period
from ansinh.reports.report import Figure, IndicatorInfo, Report, TrendPoint, UnitRow
from ansinh.reports.rollup import NATION, PeriodFigures, Total
from ansinh.reports.selectors import children_of, plans_for, report_unit, submissions_for


def build_report(
    *,
    actor: Actor,
    period: Period,
    unit_code: str | None,
    groups: list[str] | None = None,
    trend_periods: int = 6,
) -> Report:
    """The report of `unit_code` (None: the nation for a nation-wide user, else the actor's own unit)."""
    unit = report_unit(actor=actor, unit_code=unit_code)
    language = get_language() or "vi"
    indicators = indicator_list(groups=groups)
    by_id = {ind.pk: ind for ind in indicators}
    children = list(children_of(unit))
    last_year = period.same_period_last_year()
    trend_periods_list = _trend_periods(period, trend_periods)
    store = Figures(unit, children, by_id)
    store.load([*trend_periods_list, last_year], [period, last_year])
    now_own, now_kids = store.own(period), store.kids(period)
    old_own, old_kids = store.own(last_year), store.kids(last_year)
    runs = last_computed_in([period.code, last_year.code])
    subs = submissions_for(period, children + ([unit] if unit is not None else []))
    missing = [child for child in children if not _submitted(subs.get(child.pk))]
    year = period.year
    level = unit.level if unit is not None else "nation"
    own_plans = plans_for(year=year, level=level, codes=[unit.code if unit else NATION])
    kid_plans = (
        plans_for(year=year, level=_child_level(unit), codes=[c.code for c in children]) if children else {}
    )
    context = {
        "computed_at": runs[period.code],
        "counted_last_year": runs[last_year.code],
        "complete": not missing,
    }
    apportioned = False

    def row(target: AdminUnit | None, own, old, plans, sub, complete: bool) -> UnitRow:
        nonlocal apportioned
        figures = {}
        for ind in indicators:
            code = target.code if target else NATION
            plan = plans.get((ind.pk, code))
            total = own.get(ind.pk) or Total(ratio=ind.is_ratio)
            previous = old.get(ind.pk)
            apportioned |= total.apportioned or (previous is not None and previous.apportioned)
            figures[ind.code] = _figure(
                ind,
                total,
                previous,
                plan.value if plan else None,
                sub,
                {**context, "complete": complete, "nation": target is None},
            )
        return UnitRow(
            code=target.code if target else "",
            name=target.name if target else _("Whole country"),
            level=target.level if target else "nation",
            figures=figures,
            submitted=_submitted(sub),
        )

    head = row(unit, now_own, old_own, own_plans, subs.get(unit.pk) if unit else None, not missing)
    rows = [
        row(
            child,
            now_kids.get(child.code, {}),
            old_kids.get(child.code, {}),
            kid_plans,
            subs.get(child.pk),
            True,
        )
        for child in children
    ]
    report = Report(
        period=period,
        period_label=period.label(),
        unit=head,
        children=rows,
        indicators=[_info(ind, language) for ind in indicators],
        trend=_trend(store, trend_periods_list),
        missing_units=[child.name for child in missing],
        generated_at=timezone.now(),
        generated_by=(actor.get_full_name() or actor.username) if actor is not None else "",
        language=language,
    )
    if _uses_legacy([period, last_year], unit):
        report.notes.append(str(rollup.LINEAGE_NOTE))
    if apportioned:
        report.notes.append(str(rollup.APPORTION_NOTE))
    return report


def _child_level(unit: AdminUnit | None) -> str:
    return "province" if unit is None else "commune"


def _submitted(submission) -> bool:
    return submission is not None and submission.status in LOCKED_STATUSES


class Figures:
    """The totals a report reads, for several periods, loaded in a few queries."""

    def __init__(self, unit: AdminUnit | None, children: list[AdminUnit], by_id: dict[int, Indicator]):
        self.unit, self.children, self.by_id = unit, children, by_id
        self.cached: dict[tuple[str, int, str], Any] = {}
        self.kids_cached: dict[tuple[str, int, str], Any] = {}

    def load(self, periods: list[Period], child_periods: list[Period]) -> None:
        if self.unit is not None and self.unit.level == "commune":
            return
        rollup.ensure_rollups([p.code for p in periods])
        level, code = ("nation", NATION) if self.unit is None else ("province", self.unit.code)
        self.cached = rollup.rollup_table([p.code for p in periods], level, [code])
        if self.unit is None and self.children:
            codes = [c.code for c in self.children]
            self.kids_cached = rollup.rollup_table([p.code for p in child_periods], "province", codes)

    def own(self, period: Period) -> dict[int, Total]:
        if self.unit is not None and self.unit.level == "commune":
            figures = PeriodFigures(rollup.period_rows(period.code, [self.unit.province_code]), self.by_id)
            return {ind: figures.commune(ind, self.unit.code) for ind in self.by_id}
        code = NATION if self.unit is None else self.unit.code
        return {
            ind: Total.of_rollup(row, self.by_id[ind].is_ratio)
            for ind in self.by_id
            if (row := self.cached.get((period.code, ind, code))) is not None
        }

    def kids(self, period: Period) -> dict[str, dict[int, Total]]:
        if not self.children:
            return {}
        if self.unit is None:
            return {
                child.code: {
                    ind: Total.of_rollup(row, self.by_id[ind].is_ratio)
                    for ind in self.by_id
                    if (row := self.kids_cached.get((period.code, ind, child.code))) is not None
                }
                for child in self.children
            }
        figures = PeriodFigures(rollup.period_rows(period.code, [self.unit.code]), self.by_id)
        return {c.code: {ind: figures.commune(ind, c.code) for ind in self.by_id} for c in self.children}


def _display(ind: Indicator, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return compare.rounded(Decimal(value), ind.decimals)


def _figure(
    ind: Indicator, total: Total, previous: Total | None, plan: Decimal | None, sub, context: dict[str, Any]
) -> Figure:
    value = _display(ind, total.figure_value)
    prev = _display(ind, previous.figure_value) if previous is not None else None
    reported = value is not None
    if _counted(ind):
        # A count ansinh makes from its own records, made for this period, that found nothing is 0, not
        # "no figure" (but no unit reported it: the narrative leaves it out).
        value = Decimal(0) if value is None and ind.code in context["computed_at"] else value
        prev = Decimal(0) if prev is None and ind.code in context["counted_last_year"] else prev
    plan = _display(ind, plan)
    return Figure(
        value=value,
        numerator=total.numerator if ind.is_ratio and value is not None and not total.partless else None,
        denominator=total.denominator if ind.is_ratio and value is not None and not total.partless else None,
        plan=plan,
        plan_pct=compare.plan_pct(value, plan),
        previous=prev,
        change_pct=compare.change_pct(value, prev),
        status=(sub.status if sub is not None else "draft")
        if ind.enterable and not context["nation"]
        else "",
        computed_at=context["computed_at"].get(ind.code) if ind.computed else None,
        # The value or last year's figure on this unit includes a share of a split old commune.
        apportioned=total.apportioned or (previous is not None and previous.apportioned),
        complete=context["complete"] if ind.enterable else True,
        plan_gap=compare.points(value, plan) if ind.is_ratio else None,
        change_points=compare.points(value, prev) if ind.is_ratio else None,
        reported=reported,
    )


def _counted(ind: Indicator) -> bool:
    """Computed only (nobody enters it) and a sum: where the records hold nothing, the figure is 0."""
    return ind.computed and not ind.enterable and not ind.is_ratio


def _info(ind: Indicator, language: str) -> IndicatorInfo:
    return IndicatorInfo(
        code=ind.code,
        name=ind.name(language),
        unit=ind.unit(language),
        aggregation=ind.aggregation,
        source=ind.source,
        group=ind.group,
        group_name=group_name(ind.group, language),
        higher_is_better=ind.higher_is_better,
        provisional=ind.provisional,
        decimals=ind.decimals,
    )


def _trend_periods(period: Period, count: int) -> list[Period]:
    periods = [period]
    while len(periods) < max(1, count):
        periods.insert(0, periods[0].previous())
    return periods


def _trend(store: Figures, periods: list[Period]) -> list[TrendPoint]:
    points = []
    for p in periods:
        totals = store.own(p)
        values = {
            ind.code: _display(ind, totals[pk].figure_value if pk in totals else None)
            for pk, ind in store.by_id.items()
        }
        points.append(TrendPoint(period=p, label=p.label(), values=values))
    return points


def _uses_legacy(periods: list[Period], unit: AdminUnit | None) -> bool:
    qs = DataValue.objects.filter(period_code__in=[p.code for p in periods], structure=Structure.LEGACY)
    if unit is not None:
        qs = qs.filter(province_code=unit.province_code)
    return qs.exists()
