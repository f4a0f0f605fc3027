"""`ansinh load-units [--json]`: load or refresh administrative units and their 2025 lineage."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ansinh.geo.loader import load_units

HEADLINES = {
    "created": gettext_noop("Administrative units loaded from %(package)s %(version)s in %(seconds)s s."),
    "updated": gettext_noop("Administrative units updated from %(package)s %(version)s in %(seconds)s s."),
    "unchanged": gettext_noop(
        "Administrative units unchanged (%(package)s %(version)s, checked in %(seconds)s s)."
    ),
}


class Command(BaseCommand):
    help = "Load administrative units of both structures and their 2025 lineage (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        summary = load_units(stdout=None if options["json"] else self.stderr)
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        headline = _(HEADLINES[summary["status"]])
        self.stdout.write(
            self.style.SUCCESS(
                headline % {**summary["source"], "seconds": number_format(summary["seconds"], 1)}
            )
        )
        self.stdout.write(
            _("Units: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % _numbers(summary["units"])
        )
        self.stdout.write(
            _(
                "Lineage: %(created)s created, %(updated)s updated, %(deleted)s deleted, "
                "%(unchanged)s unchanged."
            )
            % _numbers(summary["lineage"])
        )
        legacy, reform = summary["counts"].get("legacy", {}), summary["counts"].get("2025", {})
        self.stdout.write(
            _(
                "Before 1/7/2025: %(lp)s provinces, %(ld)s districts, %(lc)s communes. "
                "From 1/7/2025: %(np)s provinces, %(nc)s communes."
            )
            % _numbers(
                {
                    "lp": legacy.get("province", 0),
                    "ld": legacy.get("district", 0),
                    "lc": legacy.get("commune", 0),
                    "np": reform.get("province", 0),
                    "nc": reform.get("commune", 0),
                }
            )
        )
        if options["verbosity"] > 1:
            for name, count in sorted(summary["quirks"].items()):
                self.stdout.write(f"  {name}: {count}")


def _numbers(counts: dict[str, int]) -> dict[str, str]:
    # 14.149 in Vietnamese, 14,149 in English.
    return {name: number_format(count, force_grouping=True) for name, count in counts.items()}
