"""Everything `make demo` needs after migrate and load-units: demo users and a demo province's people."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ansinh.accounts.demo import DEMO_PASSWORD, demo_users


class Command(BaseCommand):
    help = "Create one demo user per role and load demo registry data for a province (once)."

    def add_arguments(self, parser):
        parser.add_argument("--province", default="11")
        parser.add_argument("--persons", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, province: str, persons: int, seed: int, **options):
        call_command("demo-data", province=province, persons=persons, seed=seed, stdout=self.stdout)
        rows = demo_users(province_code=province)
        self.stdout.write("")
        self.stdout.write("ansinh demo — http://127.0.0.1:8000/")
        self.stdout.write(f"Logins (password for all: {DEMO_PASSWORD}):")
        for username, role, unit in rows:
            self.stdout.write(f"  {username:<14} {role:<32} {unit}")
        self.stdout.write("")
