"""Everything `make demo` needs after migrate and load-units: demo users, then every app's demo step in
order (registered in `core.extensions.demo_steps`): a demo province's people, its beneficiaries (demo
enrolments) with this month's payment cycle generated, its employment centre's job seekers, employers and
vacancies, unemployment-benefit claims and the report figures."""

from __future__ import annotations

from ansinh.accounts.demo import DEMO_PASSWORD, demo_users
from ansinh.core import extensions
from ansinh.core.bulk import refresh_statistics
from ansinh.core.cli import AnsinhCommand


class Command(AnsinhCommand):
    demo = True
    help = "Create one demo user per role, load demo registry data for a province and enrol some (once)."

    def add_arguments(self, parser):
        parser.add_argument("--province", default="11")
        parser.add_argument("--seed", type=int, default=1)
        for step in extensions.demo_steps:
            if step.add_arguments is not None:
                step.add_arguments(parser)

    def handle(self, *args, province: str, seed: int, **options):
        rows = demo_users(province_code=province)
        # Each step does nothing when its data is already there (a second `make demo`).
        context = extensions.DemoContext(province=province, seed=seed, options=options, stdout=self.stdout)
        for step in extensions.demo_steps:
            step.run(context)
        refresh_statistics()  # the planner's statistics after a bulk load (PostgreSQL)
        self.stdout.write("")
        self.stdout.write("ansinh demo — http://127.0.0.1:8000/")
        self.stdout.write(f"Logins (password for all: {DEMO_PASSWORD}):")
        for username, role, unit in rows:
            self.stdout.write(f"  {username:<14} {role:<44} {unit}")
        self.stdout.write("")
