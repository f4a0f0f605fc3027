"""`ansinh demo-reports --province 11`: deterministic demo plans, figures, approvals and computed figures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ansinh.core.cli import AnsinhCommand
from ansinh.core.errors import ApplicationError
from ansinh.reports.demo import demo_reports_load


class Command(AnsinhCommand):
    demo = True
    help = (
        "Load demo reporting data for a province: 2024 and 2025 plans, entered figures (2024 on the former "
        "units), submissions of some communes, and the computed figures of those periods."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--province", required=True, help="GSO code of a current province, e.g. 11")

    def handle(self, *args: Any, province: str, **options: Any) -> None:
        try:
            result = demo_reports_load(province_code=province.zfill(2))
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("%(province)s: %(figures)s figures, %(plans)s plan targets, %(communes)s communes.")
                % result
            )
        )
