"""Roll-up (tổng hợp): stored figures to any current unit's, entered over computed, the 2025 lineage.

One rule for every unit: **its own entered figure if it has one, else its own computed figure plus the
figures of the units below it**. A commune has nothing below it; a province has its communes; the nation
has the provinces. Ratio indicators add numerators and denominators separately and divide at the end
(never an average of ratios); a rate entered without its parts stands for its own unit but cannot be
added up, so the unit above shows no rate unless it enters its own.

Across the reform of 1/7/2025 (figures of a period recorded on pre-reform units):
- a current province's total includes, for each old province merged into it, that old province's own
  entered figure if it has one, else the sum of its old communes (provinces merged whole, so nothing is
  apportioned at province level);
- a current commune's figure includes the figures of the old communes that went into it; an old commune
  split between several new communes is apportioned by the lineage's share, which is the share of the new
  communes' areas (the source gives no population split) — see `APPORTION_NOTE`. Where the source has no
  area for some piece, the whole figure goes to the commune that took the old commune's seat.

Province and nation totals are cached in `RollupValue`, dropped when a figure below them changes
(`invalidate`) and rebuilt for the provinces that lack them (`ensure_rollups`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.geo.models import AdminUnit, Structure, UnitLineage
from ansinh.reports.compare import ratio_pct
from ansinh.reports.models import DataValue, Indicator, Origin, RollupValue

APPORTION_NOTE = _(
    "Figures recorded on communes that were split in the 2025 reorganisation are shared among the new "
    "communes in proportion to their area (the share recorded in the administrative-unit lineage); where "
    "an area is unknown, the whole figure goes to the commune that took the old commune's seat."
)
LINEAGE_NOTE = _(
    "Figures recorded before 1/7/2025 on the former provinces and communes are shown on today's units "
    "through the administrative-unit lineage, so both years are compared on the same units."
)
NATION = ""
VALUE_FIELDS = (
    "indicator_id",
    "unit_id",
    "unit_code",
    "level",
    "structure",
    "province_code",
    "origin",
    "value",
    "numerator",
    "denominator",
    "computed_at",
    "unit__province_code",
)


@dataclass
class Total:
    """A figure being resolved: a sum, or a ratio's parts."""

    ratio: bool
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    partless: bool = False  # a rate entered without its parts (stands alone, cannot be added)
    broken: bool = False  # something below had no parts: the sum of parts is not the unit's rate
    computed_at: dt.datetime | None = None
    apportioned: bool = False
    legacy: bool = False
    empty: bool = True

    @classmethod
    def of_row(cls, row: dict[str, Any], ratio: bool, share: Decimal = Decimal(1)) -> Total:
        total = cls(ratio=ratio, computed_at=row["computed_at"], empty=False)
        total.legacy = row["structure"] == Structure.LEGACY
        total.apportioned = share != 1
        if ratio:
            if row["numerator"] is None or row["denominator"] is None:
                total.partless, total.value = True, row["value"]
            else:
                total.numerator, total.denominator = row["numerator"] * share, row["denominator"] * share
        else:
            total.value = None if row["value"] is None else row["value"] * share
        return total

    @classmethod
    def of_rollup(cls, row: RollupValue, ratio: bool) -> Total:
        total = cls(ratio=ratio, computed_at=row.computed_at, empty=row.value is None)
        total.value, total.numerator, total.denominator = row.value, row.numerator, row.denominator
        total.partless = ratio and row.value is not None and row.denominator is None
        return total

    def add(self, other: Total) -> None:
        if other.empty:
            return
        self.empty = False
        self.apportioned |= other.apportioned
        self.legacy |= other.legacy
        if other.computed_at and (self.computed_at is None or other.computed_at > self.computed_at):
            self.computed_at = other.computed_at
        if self.ratio:
            if other.partless or other.broken or other.denominator is None:
                self.broken = True
                return
            self.numerator = (self.numerator or 0) + other.numerator
            self.denominator = (self.denominator or 0) + other.denominator
        elif other.value is not None:
            self.value = (self.value or 0) + other.value

    @property
    def figure_value(self) -> Decimal | None:
        if self.empty:
            return None
        if not self.ratio:
            return self.value
        if self.partless:
            return self.value
        if self.broken:
            return None
        return ratio_pct(self.numerator, self.denominator)


# --- reading rows --------------------------------------------------------------------------------------


def period_rows(period_code: str, province_codes: Iterable[str] | None = None) -> list[dict[str, Any]]:
    qs = DataValue.objects.filter(period_code=period_code)
    if province_codes is not None:
        qs = qs.filter(province_code__in=list(province_codes))
    return list(qs.values(*VALUE_FIELDS))


class Lineage:
    """Old commune (by id) → [(new commune code, share)], loaded only for the old communes asked about."""

    def __init__(self, legacy_commune_ids: Iterable[int]) -> None:
        self.targets: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
        links = UnitLineage.objects.filter(predecessor_id__in=set(legacy_commune_ids)).values_list(
            "predecessor_id", "successor__code", "share", "is_default"
        )
        grouped: dict[int, list[tuple[str, float | None, bool]]] = defaultdict(list)
        for pred, code, share, default in links:
            grouped[pred].append((code, share, default))
        for pred, rows in grouped.items():
            if len(rows) == 1:
                self.targets[pred] = [(rows[0][0], Decimal(1))]
            elif all(share for _, share, _ in rows):
                self.targets[pred] = [(code, Decimal(str(share))) for code, share, _ in rows]
            else:
                seat = next((code for code, _, default in rows if default), rows[0][0])
                self.targets[pred] = [(seat, Decimal(1))]


# --- resolving -----------------------------------------------------------------------------------------


class PeriodFigures:
    """The rows of one period for some provinces, indexed for the one rule above."""

    def __init__(self, rows: list[dict[str, Any]], indicators: dict[int, Indicator]) -> None:
        self.indicators = indicators
        self.current: dict[tuple[int, str, str, str], dict[str, Any]] = {}  # (ind, level, code, origin)
        self.by_province: dict[str, set[tuple[str, str]]] = defaultdict(set)  # P → {(level, code)} current
        self.legacy_provinces: dict[str, set[str]] = defaultdict(set)  # P → old province codes with rows
        self.legacy: dict[tuple[int, str, str, str], dict[str, Any]] = {}
        self.legacy_communes: dict[str, set[tuple[int, str]]] = defaultdict(set)  # old P → {(id, code)}
        legacy_ids = set()
        for row in rows:
            if row["indicator_id"] not in indicators:
                continue
            key = (row["indicator_id"], row["level"], row["unit_code"], row["origin"])
            if row["structure"] == Structure.LEGACY:
                self.legacy[key] = row
                old_province = row["unit__province_code"]
                self.legacy_provinces[row["province_code"]].add(old_province)
                if row["level"] != "province":
                    self.legacy_communes[old_province].add((row["unit_id"], row["unit_code"]))
                    legacy_ids.add(row["unit_id"])
            else:
                self.current[key] = row
                self.by_province[row["province_code"]].add((row["level"], row["unit_code"]))
        self.lineage = Lineage(legacy_ids)
        # New commune code → [(old commune id, old code, share)]
        self.carried: dict[str, list[tuple[int, str, Decimal]]] = defaultdict(list)
        for communes in self.legacy_communes.values():
            for unit_id, code in communes:
                for target, share in self.lineage.targets.get(unit_id, []):
                    self.carried[target].append((unit_id, code, share))

    def _own(
        self, table: dict, ind: int, level: str, code: str, origin: str, share=Decimal(1)
    ) -> Total | None:
        row = table.get((ind, level, code, origin))
        return None if row is None else Total.of_row(row, self.indicators[ind].is_ratio, share)

    def _unit(self, table: dict, ind: int, level: str, code: str, share=Decimal(1)) -> Total:
        """Own entered, else own computed (a unit with nothing below it)."""
        ratio = self.indicators[ind].is_ratio
        entered = self._own(table, ind, level, code, Origin.ENTERED, share)
        if entered is not None:
            return entered
        return self._own(table, ind, level, code, Origin.COMPUTED, share) or Total(ratio=ratio)

    def commune(self, ind: int, code: str) -> Total:
        """A current commune: its own figure, else its computed one plus what old communes carried to it."""
        entered = self._own(self.current, ind, "commune", code, Origin.ENTERED)
        if entered is not None:
            return entered
        total = Total(ratio=self.indicators[ind].is_ratio)
        computed = self._own(self.current, ind, "commune", code, Origin.COMPUTED)
        if computed is not None:
            total.add(computed)
        for _unit_id, old_code, share in self.carried.get(code, []):
            total.add(self._unit(self.legacy, ind, "commune", old_code, share))
        return total

    def province(self, ind: int, code: str) -> Total:
        ratio = self.indicators[ind].is_ratio
        entered = self._own(self.current, ind, "province", code, Origin.ENTERED)
        if entered is not None:
            return entered
        total = Total(ratio=ratio)
        computed = self._own(self.current, ind, "province", code, Origin.COMPUTED)
        if computed is not None:
            total.add(computed)
        for level, unit_code in self.by_province.get(code, ()):
            if level != "province":
                total.add(self._unit(self.current, ind, level, unit_code))
        for old_province in self.legacy_provinces.get(code, ()):
            total.add(self._old_province(ind, old_province))
        return total

    def _old_province(self, ind: int, code: str) -> Total:
        own = self._own(self.legacy, ind, "province", code, Origin.ENTERED)
        if own is not None:
            return own
        total = Total(ratio=self.indicators[ind].is_ratio)
        for _unit_id, commune_code in self.legacy_communes.get(code, ()):
            total.add(self._unit(self.legacy, ind, "commune", commune_code))
        return total


# --- the cache ------------------------------------------------------------------------------------------


def invalidate(period_code: str, province_codes: Iterable[str]) -> None:
    """A figure of these provinces changed: their totals and the nation's are rebuilt on the next read."""
    codes = set(province_codes)
    if not codes:
        return
    RollupValue.objects.filter(period_code=period_code, level="province", unit_code__in=codes).delete()
    RollupValue.objects.filter(period_code=period_code, level="nation").delete()


def _active() -> dict[int, Indicator]:
    return {ind.pk: ind for ind in Indicator.objects.filter(active=True)}


@transaction.atomic
def refresh(period_code: str, province_codes: Iterable[str] | None = None) -> int:
    """Rebuild the province totals of `province_codes` (all when None) and the nation's, for one period."""
    indicators = _active()
    provinces = list(province_codes) if province_codes is not None else _all_provinces()
    figures = PeriodFigures(period_rows(period_code, provinces), indicators)
    rows = []
    for code in provinces:
        for ind in indicators:
            rows.append(_rollup_row(ind, period_code, "province", code, figures.province(ind, code)))
    _upsert(rows)
    _refresh_nation(period_code, indicators)
    return len(rows)


def _upsert(rows: list[RollupValue]) -> None:
    """Insert or overwrite (two requests filling the cache at once must not collide)."""
    RollupValue.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["indicator", "period_code", "level", "unit_code"],
        update_fields=["value", "numerator", "denominator", "computed_at", "refreshed_at"],
    )


def _refresh_nation(period_code: str, indicators: dict[int, Indicator]) -> None:
    totals = {ind: Total(ratio=indicator.is_ratio) for ind, indicator in indicators.items()}
    for row in RollupValue.objects.filter(period_code=period_code, level="province"):
        if row.indicator_id in totals:
            totals[row.indicator_id].add(Total.of_rollup(row, indicators[row.indicator_id].is_ratio))
    _upsert([_rollup_row(ind, period_code, "nation", NATION, total) for ind, total in totals.items()])


def _rollup_row(ind: int, period_code: str, level: str, code: str, total: Total) -> RollupValue:
    keep_parts = total.ratio and not total.partless and not total.broken
    return RollupValue(
        indicator_id=ind,
        period_code=period_code,
        level=level,
        unit_code=code,
        value=total.figure_value,
        numerator=total.numerator if keep_parts else None,
        denominator=total.denominator if keep_parts else None,
        computed_at=total.computed_at,
        refreshed_at=timezone.now(),
    )


def _all_provinces() -> list[str]:
    return list(AdminUnit.objects.current().filter(level="province").values_list("code", flat=True))


def ensure_rollups(period_codes: str | Iterable[str]) -> None:
    """Rebuild whatever the cache lacks for the periods: missing provinces, then the nation."""
    codes = [period_codes] if isinstance(period_codes, str) else list(dict.fromkeys(period_codes))
    indicators = _active()
    have: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for period_code, level, code, ind in RollupValue.objects.filter(period_code__in=codes).values_list(
        "period_code", "level", "unit_code", "indicator_id"
    ):
        have[(period_code, level, code)].add(ind)
    wanted = set(indicators)
    provinces = _all_provinces()
    for period_code in codes:
        stale = [code for code in provinces if not wanted <= have.get((period_code, "province", code), set())]
        if stale:
            refresh(period_code, stale)
        elif not wanted <= have.get((period_code, "nation", NATION), set()):
            _refresh_nation(period_code, indicators)


def rollups(period_code: str, level: str, codes: Iterable[str]) -> dict[tuple[int, str], RollupValue]:
    ensure_rollups(period_code)
    qs = RollupValue.objects.filter(period_code=period_code, level=level, unit_code__in=list(codes))
    return {(row.indicator_id, row.unit_code): row for row in qs}


def rollup_table(
    period_codes: Iterable[str], level: str, codes: Iterable[str]
) -> dict[tuple[str, int, str], RollupValue]:
    """(period code, indicator id, unit code) → cached total, for periods already ensured."""
    qs = RollupValue.objects.filter(
        period_code__in=list(period_codes), level=level, unit_code__in=list(codes)
    )
    return {(row.period_code, row.indicator_id, row.unit_code): row for row in qs}
