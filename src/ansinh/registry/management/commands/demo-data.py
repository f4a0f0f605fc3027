"""`ansinh demo-data --province 11 --persons 20000 [--seed 1] [--force]`: demo persons and households."""

from __future__ import annotations

from django.core.management.base import CommandError

from ansinh.core.cli import AnsinhCommand
from ansinh.core.errors import ApplicationError
from ansinh.geo.names import province_name
from ansinh.registry.demo import demo_data_load


class Command(AnsinhCommand):
    demo = True
    help = "Generate realistic demo persons and households for one province (deterministic for a seed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", required=True, help="GSO code of a current (2025) province, e.g. 11"
        )
        parser.add_argument("--persons", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace demo data already loaded with this seed for the province",
        )

    def handle(self, *args, province: str, persons: int, seed: int, force: bool, **options):
        verbose = options.get("verbosity", 1) > 1

        def progress(done: int, total: int) -> None:
            if verbose:
                self.stdout.write(f"  {done:,}/{total:,} persons")

        try:
            result = demo_data_load(
                province_code=province.zfill(2), persons=persons, seed=seed, force=force, progress=progress
            )
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from None
        if result.skipped:
            self.stdout.write(
                f"Demo data with seed {seed} is already loaded for {province_name(result.province_code)}: "
                "nothing done (use --force to replace it)."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{province_name(result.province_code)}, seed {seed}: {result.persons:,} persons in "
                f"{result.households:,} households in {result.seconds:.1f} s ({result.rate:,.0f} persons/s)."
            )
        )
