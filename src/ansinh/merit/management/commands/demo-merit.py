"""`ansinh demo-merit --province 11 [--share 0.08] [--limit 400] [--seed 1]`.

Demo people with merit, martyrs and their relatives among the persons already in the registry
(see `merit.demo`).
"""

from __future__ import annotations

from django.core.management.base import CommandError

from ansinh.core.cli import AnsinhCommand
from ansinh.merit.demo import load, province_has_records


class Command(AnsinhCommand):
    demo = True
    help = (
        "Record demo people with merit (with injury assessments and caregivers), martyrs and their "
        "relatives among the persons of a province (deterministic for a seed). Does nothing where the "
        "province already has records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="GSO code of a current province, e.g. 11")
        parser.add_argument("--share", type=float, default=0.08, help="part of the persons born 1930–1960")
        parser.add_argument("--limit", type=int, default=400, help="record at most this many")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, province, share, limit, seed, **options):
        province = province.zfill(2)
        if not 0 < share <= 1:
            raise CommandError("--share must be above 0 and at most 1.", returncode=2)
        if limit < 1:
            raise CommandError("--limit must be at least 1.", returncode=2)
        existing = province_has_records(province)
        if existing:
            self.stdout.write(f"Province {province} already has {existing:,} merit records: nothing done.")
            return
        from ansinh.geo.models import AdminUnit, Level

        if not AdminUnit.objects.current().filter(level=Level.PROVINCE, code=province).exists():
            raise CommandError(f"--province: no current province has the code {province}.", returncode=2)
        outcome = load(province_code=province, seed=seed, share=share, limit=limit)
        self.stdout.write(
            f"Merit: {outcome.records:,} records ({outcome.relatives:,} martyrs' relatives), "
            f"{outcome.assessments:,} assessments, {outcome.martyrs:,} martyrs, "
            f"{outcome.caregivers:,} caregivers, {outcome.allowances:,} monthly allowances decided."
        )
