"""Reads of administrative units: what was in force on a day, and how old units map to new ones.

Units are public reference data, so these selectors take no actor. Where `on` is omitted it means
today in Asia/Ho_Chi_Minh, i.e. the current structure.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ansinh.core import clock
from ansinh.core.errors import ApplicationError, NotFound
from ansinh.geo.models import AdminUnit, Level, UnitLineage

LEVEL_RANK: dict[str, int] = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}
# Lineage may chain across later reorganisations; a cycle in bad data must not hang a request.
MAX_LINEAGE_HOPS = 10


def unit_list(
    *, level: str, on: dt.date | None = None, parent_code: str | None = None
) -> QuerySet[AdminUnit]:
    """Units of `level` in force on `on`, optionally under the unit with code `parent_code`.

    The parent may be any higher level in force that day: `parent_code="44"` for communes on
    2025-06-30 lists the communes of old Quảng Bình through all its districts.
    """
    level = _checked_level(level)
    day = on or clock.today()
    units = AdminUnit.objects.valid_on(day).filter(level=level).select_related("parent")
    if parent_code:
        parent = _parent_on(code=parent_code, level=level, day=day)
        if parent.level == Level.PROVINCE:
            units = units.filter(structure=parent.structure, province_code=parent.code)
        else:
            units = units.filter(parent=parent)
    return units.order_by("code")


def unit_get(*, level: str, code: str, on: dt.date | None = None) -> AdminUnit:
    """The unit of `level` with `code` in force on `on` (codes were reused across the reform)."""
    level = _checked_level(level)
    unit = (
        AdminUnit.objects.valid_on(on or clock.today())
        .filter(level=level, code=code)
        .select_related("parent")
        .first()
    )
    if unit is None:
        raise NotFound("unit")
    return unit


def communes_of(*, province_code: str, on: dt.date | None = None) -> QuerySet[AdminUnit]:
    """Communes in force on `on` in the province with that code (empty for an unknown code)."""
    return (
        AdminUnit.objects.valid_on(on or clock.today())
        .filter(level=Level.COMMUNE, province_code=province_code)
        .select_related("parent")
        .order_by("code")
    )


def successors(*, unit: AdminUnit) -> QuerySet[UnitLineage]:
    """Links from `unit` to the units that took it over, the default (the seat's) first."""
    return (
        UnitLineage.objects.filter(predecessor=unit)
        .select_related("successor__parent")
        .order_by("-is_default", "successor__code")
    )


def predecessors(*, unit: AdminUnit) -> QuerySet[UnitLineage]:
    """Links from the units that `unit` was formed from."""
    return (
        UnitLineage.objects.filter(successor=unit)
        .select_related("predecessor__parent")
        .order_by("predecessor__level", "predecessor__code")
    )


def current_unit_for(*, unit: AdminUnit) -> AdminUnit | None:
    """The unit in force today that `unit` became: itself when current, else its default successor.

    Follows default links through successive reorganisations. None for a unit that has no successor,
    which is the case of the districts abolished on 1/7/2025 (their communes carry the lineage).
    """
    for _hop in range(MAX_LINEAGE_HOPS):
        if unit.is_current:
            return unit
        link = (
            UnitLineage.objects.filter(predecessor=unit)
            .select_related("successor")
            .order_by("-is_default", "successor__code")
            .first()
        )
        if link is None:
            return None
        unit = link.successor
    return None


def _checked_level(level: str) -> str:
    if level not in Level.values:
        raise ApplicationError(
            "unit.bad_level",
            _("Unknown level “%(level)s”; use province, district or commune.") % {"level": level},
            field="level",
        )
    return level


def _parent_on(*, code: str, level: str, day: dt.date) -> AdminUnit:
    higher = [candidate for candidate, rank in LEVEL_RANK.items() if rank < LEVEL_RANK[level]]
    parents = sorted(
        AdminUnit.objects.valid_on(day).filter(code=code, level__in=higher),
        key=lambda unit: -LEVEL_RANK[unit.level],  # the nearest level first if codes ever collide
    )
    if not parents:
        raise ApplicationError(
            "unit.parent_not_found",
            _("No unit above the %(level)s level has code “%(code)s” on %(day)s.")
            % {"level": Level(level).label.lower(), "code": code, "day": day.isoformat()},
            field="parent",
        )
    return parents[0]
