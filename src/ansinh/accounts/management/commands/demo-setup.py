"""Everything `make demo` needs after migrate and load-units: demo users, a demo province's people and
its beneficiaries (demo enrolments)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ansinh.accounts.demo import DEMO_PASSWORD, demo_users


class Command(BaseCommand):
    help = "Create one demo user per role, load demo registry data for a province and enrol some (once)."

    def add_arguments(self, parser):
        parser.add_argument("--province", default="11")
        parser.add_argument("--persons", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--enrol-share", type=float, default=0.15, help="part of the persons enrolled as beneficiaries"
        )

    def handle(self, *args, province: str, persons: int, seed: int, enrol_share: float, **options):
        call_command("demo-data", province=province, persons=persons, seed=seed, stdout=self.stdout)
        # Does nothing when the province already has enrolments (a second `make demo`).
        call_command("demo-benefits", province=province, share=enrol_share, seed=seed, stdout=self.stdout)
        rows = demo_users(province_code=province)
        self.stdout.write("")
        self.stdout.write("ansinh demo — http://127.0.0.1:8000/")
        self.stdout.write(f"Logins (password for all: {DEMO_PASSWORD}):")
        for username, role, unit in rows:
            self.stdout.write(f"  {username:<14} {role:<32} {unit}")
        self.stdout.write("")
