"""`ansinh rules load` copies the packaged national legal parameters into the database (idempotent);
`ansinh rules list [--on DATE] [--province CODE]` prints the parameters with their period and source."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import CommandParser

from ansinh.benefits.law import ParamRow, current_params, sync_national_rows
from ansinh.core.cli import AnsinhCommand


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


class Command(AnsinhCommand):
    help = "The law as dated data: load the national legal parameters, list them."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser(
            "load", help="Insert or refresh the packaged national rows (provincial rows untouched)."
        )
        listing = actions.add_parser(
            "list", help="Print the parameters (all periods, or those in force on a date)."
        )
        listing.add_argument("--on", type=_date, help="only the rows in force on this date (YYYY-MM-DD)")
        listing.add_argument("--province", help="national rows plus this province's own rows (GSO code)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            inserted, updated = sync_national_rows()
            self.stdout.write(f"Legal parameters: {inserted} added, {updated} updated.")
            return
        for row in self.select(options["on"], options["province"]):
            self.stdout.write(self.format(row))

    @staticmethod
    def select(on: dt.date | None, province: str | None) -> list[ParamRow]:
        rows = current_params().rows()
        wanted = {"", province} if province else None
        return [
            r for r in rows if (wanted is None or r.province_code in wanted) and (on is None or r.covers(on))
        ]

    @staticmethod
    def format(row: ParamRow) -> str:
        where = row.province_code or "VN"
        until = row.valid_to.isoformat() if row.valid_to else "…"
        flag = " [provisional]" if row.provisional else ""
        return (
            f"{row.key:<46} {where:<4} {row.valid_from.isoformat()} → {until:<10} {row.value:>10}  "
            f"{row.confidence}{flag}  {row.citation}"
        )
