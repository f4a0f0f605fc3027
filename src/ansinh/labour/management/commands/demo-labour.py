"""`ansinh demo-labour --province 11 --seekers 20000 --vacancies 2000 [--seed 1] [--as-of DATE] [--force]`."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError

from ansinh.core.cli import AnsinhCommand
from ansinh.core.errors import ApplicationError
from ansinh.geo.names import province_name
from ansinh.labour.demo import demo_labour_load


class Command(AnsinhCommand):
    demo = True
    help = (
        "Generate demo job seekers (from the province's registry persons, adding demo households when "
        "too few), employers and vacancies; deterministic for a seed and date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", required=True, help="GSO code of a current (2025) province, e.g. 11"
        )
        parser.add_argument("--seekers", type=int, default=0)
        parser.add_argument("--vacancies", type=int, default=0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None,
                            help="the day dates are drawn back from (YYYY-MM-DD; default today)")  # fmt: skip
        parser.add_argument("--force", action="store_true", help="replace this seed's labour demo data")

    def handle(self, *args, province: str, seekers: int, vacancies: int, seed: int, force: bool, **options):
        verbose = options.get("verbosity", 1) > 1

        def progress(what: str, done: int, total: int) -> None:
            if verbose:
                self.stdout.write(f"  {what}: {done:,}/{total:,}")

        try:
            result = demo_labour_load(
                province_code=province.zfill(2), seekers=seekers, vacancies=vacancies, seed=seed,
                as_of=options.get("as_of"), force=force, progress=progress,
            )  # fmt: skip
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from None
        if result.skipped:
            where = province_name(result.province_code)
            self.stdout.write(
                f"Labour demo data with seed {seed} is already loaded for {where}: "
                "nothing done (use --force to replace it)."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{province_name(result.province_code)}, seed {seed}: {result.seekers:,} seekers "
                f"({result.persons_added:,} persons added to the registry), {result.employers:,} employers, "
                f"{result.vacancies:,} vacancies, {result.sessions:,} job-fair sessions, "
                f"{result.referrals:,} referrals, {result.placements:,} placements in {result.seconds:.1f} s."
            )
        )
