"""`ansinh load-units [--json]`: load or refresh administrative units and their 2025 lineage."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ansinh.geo.loader import load_units


class Command(BaseCommand):
    help = "Load administrative units of both structures and their 2025 lineage (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        summary = load_units(stdout=None if options["json"] else self.stdout)
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        units, lineage, counts = summary["units"], summary["lineage"], summary["counts"]
        legacy, reform = counts.get("legacy", {}), counts.get("2025", {})
        headline = {
            "created": _("Administrative units loaded from %(package)s %(version)s in %(seconds).1f s."),
            "updated": _("Administrative units updated from %(package)s %(version)s in %(seconds).1f s."),
            "unchanged": _(
                "Administrative units unchanged (%(package)s %(version)s, checked in %(seconds).1f s)."
            ),
        }[summary["status"]]
        self.stdout.write(self.style.SUCCESS(headline % {**summary["source"], "seconds": summary["seconds"]}))
        self.stdout.write(
            _("Units: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % units
        )
        self.stdout.write(
            _(
                "Lineage: %(created)d created, %(updated)d updated, %(deleted)d deleted, "
                "%(unchanged)d unchanged."
            )
            % lineage
        )
        self.stdout.write(
            _(
                "Before 1/7/2025: %(lp)d provinces, %(ld)d districts, %(lc)d communes. "
                "From 1/7/2025: %(np)d provinces, %(nc)d communes."
            )
            % {
                "lp": legacy.get("province", 0),
                "ld": legacy.get("district", 0),
                "lc": legacy.get("commune", 0),
                "np": reform.get("province", 0),
                "nc": reform.get("commune", 0),
            }
        )
