"""Computed indicators: ask each app's source once per period, store per unit, write only what changed.

For every active computed indicator that has a source (`ansinh/<app>/indicators.py`, see `sources.py`),
one call counts the period for every unit in one or a few GROUP BY queries. The result is compared with
the stored computed figures of that indicator and period; only new, changed and vanished figures are
written (bulk), and only the provinces where something changed have their totals rebuilt. So a refresh
after a few thousand changed records rewrites a few hundred rows and a few province totals, whatever the
size of the registry behind the counts.

The source query itself always covers the whole period: narrowing it to the communes whose records changed
since the last compute (`updated_at`) would miss the commune a record moved away from (a transfer updates
the row to its new commune only) and payment lines carry no `updated_at`. One GROUP BY per app and period
(`sources.shared`) is a single scan of the table; what grows with the registry is only that scan.
"""

from __future__ import annotations

import time
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.db import transaction
from django.utils import timezone

from ansinh.geo.models import AdminUnit
from ansinh.reports import rollup
from ansinh.reports.models import ComputeRun, DataValue, Indicator, Origin
from ansinh.reports.periods import Period
from ansinh.reports.sources import SOURCE_APPS, Source, computing


def sources() -> dict[str, Source]:
    found: dict[str, Source] = {}
    for app in SOURCE_APPS:
        try:
            module = import_module(f"ansinh.{app}.indicators")
        except ModuleNotFoundError as exc:
            if exc.name != f"ansinh.{app}.indicators":
                raise
            continue
        found.update(getattr(module, "SOURCES", {}))
    return found


def _unit_index() -> dict[str, tuple[int, str, str]]:
    """Current commune or province code → (id, level, province code). Communes win a shared code."""
    index: dict[str, tuple[int, str, str]] = {}
    rows = AdminUnit.objects.current().filter(level__in=("province", "commune")).order_by("-level")
    for pk, code, level, province in rows.values_list("id", "code", "level", "province_code"):
        index.setdefault(code, (pk, level, province))
    return index


def compute_period(period: Period, *, codes: list[str] | None = None, progress: Any = None) -> dict[str, Any]:
    """Compute the period's computed indicators (or only `codes`); returns per-indicator counts."""
    available = sources()
    indicators = [
        ind
        for ind in Indicator.objects.filter(active=True).order_by("order")
        if ind.computed and ind.code in available and (not codes or ind.code in codes)
    ]
    summary: dict[str, Any] = {"period": period.code, "indicators": {}, "missing_sources": []}
    summary["missing_sources"] = [
        ind.code
        for ind in Indicator.objects.filter(active=True)
        if ind.computed and ind.code not in available and (not codes or ind.code in codes)
    ]
    changed_provinces: set[str] = set()
    with computing():
        for done, indicator in enumerate(indicators):
            result, provinces = _compute_one(indicator, available[indicator.code], period)
            summary["indicators"][indicator.code] = result
            changed_provinces |= provinces
            if progress is not None:
                progress(done + 1, len(indicators), indicator.code)
    if changed_provinces:
        rollup.refresh(period.code, sorted(changed_provinces))
    else:
        rollup.ensure_rollups(period.code)
    summary["provinces_refreshed"] = len(changed_provinces)
    return summary


@transaction.atomic
def _compute_one(indicator: Indicator, source: Source, period: Period) -> tuple[dict[str, Any], set[str]]:
    started = time.perf_counter()
    now = timezone.now()
    index = _unit_index()
    fresh: dict[str, tuple[Decimal, Decimal | None]] = {}
    unknown = 0
    for row in source(period.start, period.end):
        if row.unit_code not in index:
            unknown += 1
            continue
        value, denominator = fresh.get(row.unit_code, (Decimal(0), None))
        if row.denominator is not None:
            denominator = (denominator or Decimal(0)) + row.denominator
        fresh[row.unit_code] = (value + row.value, denominator)
    stored = {
        v.unit_code: v
        for v in DataValue.objects.filter(
            indicator=indicator, period_code=period.code, origin=Origin.COMPUTED
        )
    }
    create, update, provinces = [], [], set()
    for code, (value, denominator) in fresh.items():
        unit_id, level, province = index[code]
        fields = _fields(indicator, value, denominator)
        row = stored.pop(code, None)
        if row is None:
            create.append(
                DataValue(
                    indicator=indicator,
                    unit_id=unit_id,
                    unit_code=code,
                    level=level,
                    structure="2025",
                    province_code=province,
                    origin=Origin.COMPUTED,
                    period_code=period.code,
                    period_start=period.start,
                    period_months=period.months,
                    computed_at=now,
                    **fields,
                )
            )
        elif any(getattr(row, name) != wanted for name, wanted in fields.items()):
            for name, wanted in fields.items():
                setattr(row, name, wanted)
            row.computed_at, row.version = now, row.version + 1
            update.append(row)
        else:
            continue
        provinces.add(province)
    DataValue.objects.bulk_create(create, batch_size=2000)
    DataValue.objects.bulk_update(
        update, ["value", "numerator", "denominator", "computed_at", "version"], batch_size=2000
    )
    gone = list(stored.values())
    provinces |= {row.province_code for row in gone}
    DataValue.objects.filter(pk__in=[row.pk for row in gone]).delete()
    seconds = round(time.perf_counter() - started, 3)
    ComputeRun.objects.update_or_create(
        indicator_code=indicator.code,
        period_code=period.code,
        defaults={
            "computed_at": now,
            "rows": len(fresh),
            "changed": len(create) + len(update) + len(gone),
            "seconds": seconds,
        },
    )
    result = {
        "rows": len(fresh),
        "created": len(create),
        "updated": len(update),
        "deleted": len(gone),
        "unknown_units": unknown,
        "seconds": seconds,
    }
    return result, provinces


def _fields(indicator: Indicator, value: Decimal, denominator: Decimal | None) -> dict[str, Decimal | None]:
    if indicator.is_ratio:
        return {
            "value": None,
            "numerator": value,
            "denominator": denominator if denominator is not None else Decimal(0),
        }
    return {"value": value, "numerator": None, "denominator": None}


def last_computed_in(period_codes: list[str]) -> dict[str, dict[str, Any]]:
    """Period code → (indicator code → when it was last computed), for several periods in one query."""
    found: dict[str, dict[str, Any]] = {code: {} for code in period_codes}
    rows = ComputeRun.objects.filter(period_code__in=period_codes)
    for period_code, indicator_code, at in rows.values_list("period_code", "indicator_code", "computed_at"):
        found[period_code][indicator_code] = at
    return found


def last_computed(period_code: str) -> dict[str, Any]:
    """Indicator code → when it was last computed for the period."""
    return dict(
        ComputeRun.objects.filter(period_code=period_code).values_list("indicator_code", "computed_at")
    )
