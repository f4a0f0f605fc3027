"""`ansinh geo list|convert|successors|predecessors`: look up administrative units from the shell.

Exit status: 0 on success, 1 when an address cannot be resolved, 2 for a bad option value (unknown
level, malformed date, unknown parent or unit code), like argparse's own usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ansinh.core import clock
from ansinh.core.cli import AnsinhCommand
from ansinh.core.errors import ApplicationError, NotFound
from ansinh.geo import selectors
from ansinh.geo.convert import convert_address
from ansinh.geo.models import AdminUnit, Level, UnitLineage
from ansinh.geo.source import LEGACY_VALID_TO

USAGE_ERROR = 2
NOT_RESOLVED = 1


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is not a date; use YYYY-MM-DD.") % {"value": value}
        ) from None


class Command(AnsinhCommand):
    help = "Look up administrative units: list, convert an old address, successors, predecessors."
    # Read-only lookups meant for scripts: the system checks would import the whole URL and API tree
    # on every call and add nothing these queries depend on.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{list,convert,successors,predecessors}"
        )

        listing = actions.add_parser("list", help="units in force on a day")
        listing.add_argument("--level", required=True, choices=Level.values)
        listing.add_argument("--on", type=iso_date, help="YYYY-MM-DD (default: today)")
        listing.add_argument("--parent", help="code of a higher unit in force that day")
        listing.add_argument("--json", dest="as_json", action="store_true")

        converting = actions.add_parser("convert", help="resolve an old-structure address to the new units")
        converting.add_argument("address")
        converting.add_argument("--json", dest="as_json", action="store_true")

        for name, default in (("successors", "30/6/2025"), ("predecessors", "today")):
            lineage = actions.add_parser(name, help=f"units that a unit became ({name})")
            lineage.add_argument("--level", required=True, choices=Level.values)
            lineage.add_argument("--code", required=True)
            lineage.add_argument(
                "--on", type=iso_date, help=f"day the unit was in force (default: {default})"
            )
            lineage.add_argument("--json", dest="as_json", action="store_true")

    def handle(self, *args, action: str, **options):
        handler = getattr(self, f"handle_{action}")
        handler(**options)

    # --- list ---------------------------------------------------------------------------------------

    def handle_list(self, *, level: str, on: dt.date | None, parent: str | None, as_json: bool, **options):
        try:
            units = list(selectors.unit_list(level=level, on=on, parent_code=parent))
        except ApplicationError as error:
            raise CommandError(f"--{error.field}: {error.message}", returncode=USAGE_ERROR) from None
        rows = [_unit_row(unit) for unit in units]
        if as_json:
            self._json(rows)
            return
        for row in rows:
            self.stdout.write(
                f"{row['code']:<6} {row['name']:<40} {row['parent_code'] or '-':<6} "
                f"{row['valid_from'] or '-':<10} {row['valid_to'] or '-':<10}"
            )
        self.stdout.write(_("%(count)d units.") % {"count": len(rows)})

    # --- convert ------------------------------------------------------------------------------------

    def handle_convert(self, *, address: str, as_json: bool, **options):
        try:
            result = convert_address(address)
        except ApplicationError as error:
            if as_json:
                self._json({"error": {"code": error.code, "message": str(error.message)}})
            raise CommandError(str(error.message), returncode=NOT_RESOLVED) from None
        if as_json:
            self._json(result)
            return
        old, new = result["old"], result["new"]
        self.stdout.write(
            _("Old: %(units)s") % {"units": _names(old["commune"], old["district"], old["province"])}
        )
        self.stdout.write(_("New: %(units)s") % {"units": _names(new["commune"], new["province"])})
        if result["split"]:
            self.stdout.write(_("The old commune was split; the default (where its seat went) comes first:"))
            for candidate in result["candidates"]:
                self.stdout.write(f"  {_share(candidate['share'])} {candidate['name']} ({candidate['code']})")

    # --- lineage ------------------------------------------------------------------------------------

    def handle_successors(self, **options):
        self._lineage("successors", default_day=LEGACY_VALID_TO, **options)

    def handle_predecessors(self, **options):
        self._lineage("predecessors", default_day=None, **options)

    def _lineage(self, direction: str, *, level, code, on, as_json, default_day, **options):
        try:
            unit = selectors.unit_get(level=level, code=code, on=on or default_day)
        except NotFound:
            day = (on or default_day or clock.today()).isoformat()
            raise CommandError(
                _("--code: no %(level)s unit has code “%(code)s” on %(day)s.")
                % {"level": Level(level).label.lower(), "code": code, "day": day},
                returncode=USAGE_ERROR,
            ) from None
        links = getattr(selectors, direction)(unit=unit)
        other = "successor" if direction == "successors" else "predecessor"
        rows = [_link_row(link, getattr(link, other)) for link in links]
        if as_json:
            self._json({"unit": _unit_row(unit), direction: rows})
            return
        self.stdout.write(f"{unit.name} ({unit.level} {unit.code}, {_period(unit)})")
        for row in rows:
            default = "*" if row["is_default"] else " "
            self.stdout.write(
                f"  {default} {row['code']:<6} {row['name']:<40} {row['kind']:<10} {_share(row['share'])}"
            )
        if not rows:
            self.stdout.write(_("  (none)"))

    def _json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))


def _unit_row(unit: AdminUnit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "parent_code": unit.parent.code if unit.parent_id else None,
        "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
    }


def _link_row(link: UnitLineage, unit: AdminUnit) -> dict[str, Any]:
    return {**_unit_row(unit), "kind": link.kind, "is_default": link.is_default, "share": link.share}


def _names(*units: dict | None) -> str:
    return ", ".join(f"{unit['name']} ({unit['code']})" for unit in units if unit)


def _share(share: float | None) -> str:
    return f"{share:6.1%}" if share is not None else "     -"


def _period(unit: AdminUnit) -> str:
    start = unit.valid_from.isoformat() if unit.valid_from else "…"
    end = unit.valid_to.isoformat() if unit.valid_to else "…"
    return f"{start} – {end}"
