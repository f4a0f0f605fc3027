"""`ansinh indicators seed|compute|list`: the indicator catalogue and computed figures from the shell.

`compute --period 2025H1` runs the computation in this process through the same job the web starts
(printing progress), so a failure is recorded and a second run continues. Exit status 2 for a bad period.
"""

from __future__ import annotations

import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ansinh.core.cli import AnsinhCommand
from ansinh.core.errors import ApplicationError
from ansinh.core.jobs import job_run_inline
from ansinh.core.models import Job, JobStatus
from ansinh.reports.catalogue import indicator_list, seed_indicators
from ansinh.reports.periods import parse_period


class Command(AnsinhCommand):
    help = (
        "The indicator catalogue: seed it, list it, compute the computed indicators of a period, or queue "
        "the computation of the periods in progress that are due (refresh)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{seed,list,compute,refresh}")
        actions.add_parser("seed", help="add the packaged indicators the catalogue lacks")
        listing = actions.add_parser("list", help="the catalogue")
        listing.add_argument("--json", dest="as_json", action="store_true")
        compute = actions.add_parser("compute", help="compute a period's computed indicators for the nation")
        compute.add_argument("--period", required=True, help="2025, 2025H1, 2025Q3 or 2025M07")
        compute.add_argument("--indicator", action="append", help="only this indicator (repeatable)")
        compute.add_argument("--json", dest="as_json", action="store_true")
        actions.add_parser("refresh", help="queue the computation of the periods in progress that are due")

    def handle(self, *args, action: str, **options):
        if action == "seed":
            added = seed_indicators()
            self.stdout.write(_("%(count)s indicators added.") % {"count": added})
        elif action == "list":
            self._list(options["as_json"])
        elif action == "refresh":
            from ansinh.reports.refresh import refresh_start

            jobs = refresh_start()
            periods = ", ".join(job.params["period"] for job in jobs) or "—"
            self.stdout.write(_("Computation queued for: %(periods)s") % {"periods": periods})
        else:
            self._compute(options["period"], options.get("indicator"), options["as_json"])

    def _list(self, as_json: bool) -> None:
        rows = indicator_list(active_only=False)
        if as_json:
            fields = ("code", "name_vi", "name_en", "unit_vi", "aggregation", "source", "group", "active")
            self.stdout.write(
                json.dumps([{f: getattr(i, f) for f in fields} for i in rows], ensure_ascii=False)
            )
            return
        for i in rows:
            self.stdout.write(f"{i.code:<28} {i.aggregation:<6} {i.source:<17} {i.name_vi}")

    def _compute(self, period_code: str, codes: list[str] | None, as_json: bool) -> None:
        try:
            period = parse_period(period_code)
        except ApplicationError as exc:
            raise CommandError(str(exc.message), returncode=2) from None
        # Recorded as a job (progress, failure kept) but run here, not queued for the worker as well.
        job = Job.objects.create(kind="reports.compute", params={"period": period.code, "codes": codes})
        echo = (
            None
            if as_json
            else (lambda j: self.stderr.write(f"{j.progress_done}/{j.progress_total} {j.message}"))
        )
        job = job_run_inline(job, echo=echo)
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(job.message or job.error)
        result = job.result
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        for code, counts in result["indicators"].items():
            self.stdout.write(
                _("%(code)s: %(rows)s units, %(changed)s changed, %(seconds)s s")
                % {
                    "code": code,
                    "rows": counts["rows"],
                    "changed": counts["created"] + counts["updated"] + counts["deleted"],
                    "seconds": counts["seconds"],
                }
            )
        for code in result["missing_sources"]:
            self.stdout.write(_("%(code)s: no source in this installation") % {"code": code})
