"""`ansinh demo-poverty --province 11 [--communes 1] [--year 2025]`: a finished demo review round."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from ansinh.core.cli import USAGE_ERROR, AnsinhCommand
from ansinh.core.errors import ApplicationError
from ansinh.poverty.demo import demo_poverty_load, describe


class Command(AnsinhCommand):
    demo = True
    help = (
        "Run last year's periodic poverty review to the commune's decision (and the province's summary) in "
        "the first communes of a province; communes that already have it are skipped."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--province", required=True, help="GSO code of a current province, e.g. 11")
        parser.add_argument("--communes", type=int, default=1, help="how many communes (1–20)")
        parser.add_argument("--year", type=int, default=None, help="the review's year (default: last year)")

    def handle(self, *args: Any, province: str, communes: int, year: int | None, **options: Any) -> None:
        if not 1 <= communes <= 20:
            raise CommandError("--communes must be between 1 and 20", returncode=USAGE_ERROR)
        try:
            result = demo_poverty_load(province_code=province.zfill(2), communes=communes, year=year)
        except ApplicationError as exc:
            raise CommandError(str(exc.message), returncode=USAGE_ERROR) from None
        self.stdout.write(self.style.SUCCESS(describe(result)))
