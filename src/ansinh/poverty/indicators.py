"""Poverty indicators computed from the approved lists (protocol: `ansinh.core.indicators`), never typed.

The reference date of a period is its last day: a household counts as poor or near-poor when the poverty
status the commune's decision gave it covers that day (`PovertyStatus`, valid_from ≤ day ≤ valid_to).

* POV.POOR_RATE / POV.NEAR_POOR_RATE — ratio: households with that status on the reference date ÷
  households in the registry, both by the commune the household is registered in, for the communes where
  some decision covers the reference date (before a commune's first decided review it has no rate: an
  undecided list is unknown, not 0 %). The registry does not
  date households: a household counts from the day its record was created, or earlier when a decision
  already covered it on the reference date (a register loaded after the review still has last year's
  denominator for last year's poor). The change in percentage points against the same period last year is
  the reports app's comparison of the two rates (`Figure.change_points`).
* POV.POOR_DEPRIVED_<INDICATOR> — poor households on the reference date whose survey behind the decision
  records that deprivation (one line per indicator of the multidimensional standard; a household deprived
  in three indicators counts in three lines).
* POV.NEWLY_POOR, POV.RE_POOR, POV.ESCAPED_POOR, POV.ESCAPED_NEAR_POOR — statuses that started in the
  period with that transition, by the commune that decided them.

Four grouped queries per period, shared by the indicators within one compute (`shared`): the statuses on
the reference date by commune, the registry by commune, the deprivations of the poor (the survey's JSON list
unnested in the database), the transitions by commune and kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from ansinh.core.indicators import Computed, Source, shared
from ansinh.geo.models import AdminUnit
from ansinh.poverty.models import PovertyStatus, Status, Survey, Transition
from ansinh.poverty.standard import indicator_rows
from ansinh.registry.models import Household


def _on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def _codes(ids: Iterable[int]) -> dict[int, str]:
    return dict(AdminUnit.objects.filter(pk__in=set(ids)).values_list("id", "code"))


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


# --- stocks on the reference date ---------------------------------------------------------------------


def _status_counts(day: dt.date) -> dict[str, tuple[int, int]]:
    """Commune code → (poor, near-poor) households on `day`, by the commune the household is registered in;
    only the communes where some decision covers the day (a commune whose review is not decided has no
    rate, rather than 0 %)."""
    rows = list(
        PovertyStatus.objects.filter(_on(day))
        .order_by()
        .values("household__commune_id")
        .annotate(
            poor=Count("pk", filter=Q(status=Status.POOR)),
            near_poor=Count("pk", filter=Q(status=Status.NEAR_POOR)),
        )
        .values_list("household__commune_id", "poor", "near_poor")
    )
    codes = _codes(row[0] for row in rows)
    return {codes[commune]: (poor, near_poor) for commune, poor, near_poor in rows}


def _registry_counts(day: dt.date) -> dict[str, int]:
    """Commune code → households in the registry on `day` (see the module's note on dating)."""
    covered = PovertyStatus.objects.filter(_on(day), household=OuterRef("pk"))
    rows = list(
        Household.objects.filter(Q(created_at__lt=_end_of(day)) | Exists(covered))
        .order_by()
        .values("commune_id")
        .annotate(n=Count("pk"))
        .values_list("commune_id", "n")
    )
    codes = _codes(row[0] for row in rows)
    return {codes[commune]: n for commune, n in rows}


def _rate(position: int) -> Source:
    def source(start: dt.date, end: dt.date) -> Iterable[Computed]:
        statuses = shared(("poverty.statuses", end), lambda: _status_counts(end))
        registry = shared(("poverty.registry", end), lambda: _registry_counts(end))
        for code in sorted(statuses.keys() & registry.keys()):
            numerator = statuses[code][position]
            yield Computed(unit_code=code, value=Decimal(numerator), denominator=Decimal(registry[code]))

    return source


poor_rate = _rate(0)
near_poor_rate = _rate(1)


# --- the poor by deprivation ----------------------------------------------------------------------------

_DEPRIVATIONS_SQL = {
    "postgresql": (
        "SELECT h.commune_id, d.code, COUNT(*) FROM {status} s "
        "JOIN {household} h ON h.id = s.household_id "
        "JOIN {survey} v ON v.id = s.survey_id "
        "CROSS JOIN LATERAL jsonb_array_elements_text(v.deprived) AS d(code) "
        "WHERE s.status = %s AND s.valid_from <= %s AND (s.valid_to IS NULL OR s.valid_to >= %s) "
        "AND jsonb_typeof(v.deprived) = 'array' "
        "GROUP BY h.commune_id, d.code"
    ),
    "sqlite": (
        "SELECT h.commune_id, d.value, COUNT(*) FROM {status} s "
        "JOIN {household} h ON h.id = s.household_id "
        "JOIN {survey} v ON v.id = s.survey_id "
        "JOIN json_each(v.deprived) AS d "
        "WHERE s.status = %s AND s.valid_from <= %s AND (s.valid_to IS NULL OR s.valid_to >= %s) "
        "AND json_type(v.deprived) = 'array' "
        "GROUP BY h.commune_id, d.value"
    ),
}


def _deprivation_counts(day: dt.date) -> dict[tuple[str, str], int]:
    """(commune code, deprivation code) → poor households on `day` deprived in it (unnested in SQL)."""
    sql = _DEPRIVATIONS_SQL[connection.vendor].format(
        status=PovertyStatus._meta.db_table,
        household=Household._meta.db_table,
        survey=Survey._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Status.POOR.value, day, day])
        rows = cursor.fetchall()
    codes = _codes(row[0] for row in rows)
    return {(codes[commune], str(code)): int(n) for commune, code, n in rows}


def _deprived_in(indicator: str) -> Source:
    def source(start: dt.date, end: dt.date) -> Iterable[Computed]:
        counts = shared(("poverty.deprivations", end), lambda: _deprivation_counts(end))
        for (code, deprivation), n in sorted(counts.items()):
            if deprivation == indicator:
                yield Computed(unit_code=code, value=Decimal(n))

    return source


def deprivation_codes() -> tuple[str, ...]:
    """Every deprivation indicator of the standards held, in the order of the law (first standard first)."""
    seen: dict[str, None] = {}
    for _name, items in sorted(indicator_rows().items()):
        for item in items:
            seen.setdefault(item.code, None)
    return tuple(seen)


# --- transitions in the period -------------------------------------------------------------------------


def _transition_counts(start: dt.date, end: dt.date) -> dict[tuple[str, str], int]:
    """(commune code, transition) → statuses that started in the period, by the deciding commune."""
    rows = list(
        PovertyStatus.objects.filter(valid_from__gte=start, valid_from__lte=end)
        .order_by()
        .values("commune_id", "transition")
        .annotate(n=Count("pk"))
        .values_list("commune_id", "transition", "n")
    )
    codes = _codes(row[0] for row in rows)
    return {(codes[commune], transition): n for commune, transition, n in rows}


def _transition(kind: str) -> Source:
    def source(start: dt.date, end: dt.date) -> Iterable[Computed]:
        counts = shared(("poverty.transitions", start, end), lambda: _transition_counts(start, end))
        for (code, transition), n in sorted(counts.items()):
            if transition == kind:
                yield Computed(unit_code=code, value=Decimal(n))

    return source


def _sources() -> dict[str, Source]:
    found: dict[str, Source] = {
        "POV.POOR_RATE": poor_rate,
        "POV.NEAR_POOR_RATE": near_poor_rate,
        "POV.NEWLY_POOR": _transition(Transition.NEWLY_POOR),
        "POV.RE_POOR": _transition(Transition.RE_POOR),
        "POV.ESCAPED_POOR": _transition(Transition.ESCAPED_POVERTY),
        "POV.ESCAPED_NEAR_POOR": _transition(Transition.ESCAPED_NEAR_POVERTY),
    }
    for code in deprivation_codes():
        found[f"POV.POOR_DEPRIVED_{code.upper()}"] = _deprived_in(code)
    return found


SOURCES: dict[str, Source] = _sources()
