"""`ansinh demo-unemployment --province 11 [--count 36] [--as-of DATE]`: deterministic demo claims."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError

from ansinh.core.cli import AnsinhCommand
from ansinh.core.errors import ApplicationError
from ansinh.unemployment.demo import demo_unemployment_load, describe


class Command(AnsinhCommand):
    demo = True
    help = (
        "Load demo unemployment-benefit claims for a province (filed, overdue, approved with monthly "
        "reports, refused, stopped); the same rows each run for the same date."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--province", required=True, help="GSO code of a current province, e.g. 11")
        parser.add_argument("--count", type=int, default=36, help="number of claims (1–500)")
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="the day the claims are dated back from (YYYY-MM-DD; default today)",
        )

    def handle(self, *args: Any, province: str, count: int, **options: Any) -> None:
        if not 1 <= count <= 500:
            raise CommandError("--count must be between 1 and 500")
        try:
            result = demo_unemployment_load(
                province_code=province.zfill(2), count=count, as_of=options.get("as_of")
            )
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write(self.style.SUCCESS(describe(result)))
