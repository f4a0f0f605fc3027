"""Everything `make demo` needs after migrate and load-units: demo users, a demo province's people,
its beneficiaries (demo enrolments) with this month's payment cycle generated, and its employment
centre's job seekers, employers and vacancies."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ansinh.accounts.demo import DEMO_PASSWORD, demo_users
from ansinh.core.bulk import refresh_statistics
from ansinh.payments.models import PaymentCycle

PROVINCE_OFFICER = "so_canbo"  # a demo user (accounts/demo.py) who prepares the payment cycle


class Command(BaseCommand):
    help = "Create one demo user per role, load demo registry data for a province and enrol some (once)."

    def add_arguments(self, parser):
        parser.add_argument("--province", default="11")
        parser.add_argument("--persons", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--enrol-share", type=float, default=0.15, help="part of the persons enrolled as beneficiaries"
        )
        parser.add_argument("--seekers", type=int, default=2000, help="demo job seekers")
        parser.add_argument("--vacancies", type=int, default=400, help="demo open vacancies")

    def handle(self, *args, province: str, persons: int, seed: int, enrol_share: float, **options):
        rows = demo_users(province_code=province)
        call_command("demo-data", province=province, persons=persons, seed=seed, stdout=self.stdout)
        # Each step does nothing when its data is already there (a second `make demo`).
        # Enrolments from this month, so this month's cycle pays the month itself rather than arrears
        # back to the start of the decree.
        call_command(
            "demo-benefits",
            province=province,
            share=enrol_share,
            seed=seed,
            start=dt.date.today().strftime("%Y-%m"),
            stdout=self.stdout,
        )
        self._payment_cycle(province)
        call_command(
            "demo-labour",
            province=province,
            seekers=options["seekers"],
            vacancies=options["vacancies"],
            seed=seed,
            stdout=self.stdout,
        )
        call_command("demo-unemployment", province=province, stdout=self.stdout)
        call_command("demo-reports", province=province, stdout=self.stdout)
        refresh_statistics()
        self.stdout.write("")
        self.stdout.write("ansinh demo — http://127.0.0.1:8000/")
        self.stdout.write(f"Logins (password for all: {DEMO_PASSWORD}):")
        for username, role, unit in rows:
            self.stdout.write(f"  {username:<14} {role:<32} {unit}")
        self.stdout.write("")

    def _payment_cycle(self, province: str) -> None:
        """This month's cycle, generated (arrears included) and left for approval by another officer."""
        month = dt.date.today().strftime("%Y-%m")
        if PaymentCycle.objects.filter(province_code=province, month=f"{month}-01").exists():
            return
        call_command("cycle", "create", province, month, "--as", PROVINCE_OFFICER, stdout=self.stdout)
        call_command("cycle", "generate", f"{province}:{month}", "--as", PROVINCE_OFFICER, stdout=self.stdout)
