"""`ansinh jobs list|show ID|wait ID`: background jobs and their progress."""

from __future__ import annotations

import time

from django.core.management.base import CommandError

from ansinh.core.cli import AnsinhCommand
from ansinh.core.jobs import job_live, jobs_sweep_interrupted
from ansinh.core.models import Job


def describe(job: Job) -> str:
    job = job_live(job)
    total = f"{job.progress_done}/{job.progress_total}" if job.progress_total else str(job.progress_done)
    return f"#{job.pk} {job.kind} {job.status} {job.percent}% ({total}) {job.message}".rstrip()


class Command(AnsinhCommand):
    help = "List background jobs, show one, or wait for one to finish."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list")
        listing.add_argument("--limit", type=int, default=20)
        show = actions.add_parser("show")
        show.add_argument("job_id", type=int)
        wait = actions.add_parser("wait")
        wait.add_argument("job_id", type=int)
        wait.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, action: str, **options):
        jobs_sweep_interrupted()
        if action == "list":
            for job in Job.objects.all()[: options["limit"]]:
                self.stdout.write(describe(job))
            return
        try:
            job = Job.objects.get(pk=options["job_id"])
        except Job.DoesNotExist:
            raise CommandError(f"no job #{options['job_id']}") from None
        while action == "wait" and not job.finished:
            self.stdout.write(describe(job))
            time.sleep(options["interval"])
            job.refresh_from_db()
        self.stdout.write(describe(job))
        if job.status == "failed":
            self.stderr.write(job.error)
            raise SystemExit(1)
