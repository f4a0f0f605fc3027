"""`ansinh demo-benefits --province 11 --share 0.15 [--limit N] [--seed 1] [--start 2025-07]`.

Demo enrolments for the persons already in the registry (see `benefits.demo`).
"""

from __future__ import annotations

import time

from django.core.management.base import CommandError

from ansinh.benefits.demo import DEFAULT_START, enrol_persons, province_has_enrolments
from ansinh.core.cli import AnsinhCommand
from ansinh.core.periods import month_label, parse_month


class Command(AnsinhCommand):
    demo = True
    help = (
        "Enrol persons already in the registry as demo beneficiaries of monthly social assistance and the "
        "social pension (deterministic for a seed). Does nothing where the province already has enrolments."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", help="GSO code of a current province, e.g. 11 (default: every province)"
        )
        parser.add_argument(
            "--share",
            type=float,
            default=None,
            help="part of the living persons to enrol, e.g. 0.15 (default: the national rate, about 3–4 %%)",
        )
        parser.add_argument("--limit", type=int, default=None, help="enrol at most this many")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--start",
            default=DEFAULT_START.isoformat()[:7],
            help="first month paid, YYYY-MM (default 2025-07)",
        )

    def handle(self, *args, province, share, limit, seed, start, **options):
        province = province.zfill(2) if province else None
        if share is not None and not 0 < share <= 1:
            raise CommandError("--share must be above 0 and at most 1.", returncode=2)
        if limit is not None and limit < 0:
            raise CommandError("--limit cannot be negative.", returncode=2)
        try:
            start_month = parse_month(start)
        except ValueError:
            raise CommandError(f"--start: {start!r} is not a month (YYYY-MM).", returncode=2) from None
        existing = province_has_enrolments(province)
        where = f"Province {province}" if province else "The database"
        if existing:
            self.stdout.write(f"{where} already has {existing:,} enrolments: nothing done.")
            return
        verbose = options.get("verbosity", 1) > 1

        def progress(done: int, total: int) -> None:
            if verbose:
                self.stdout.write(f"  {done:,}/{total:,} person ids")

        started = time.perf_counter()
        count = enrol_persons(
            province_code=province,
            share=share,
            limit=limit,
            seed=seed,
            start_month=start_month,
            progress=progress,
        )
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{where}: {count:,} demo enrolments from {month_label(start_month)} (seed {seed}) "
                f"in {seconds:.1f} s."
            )
        )
