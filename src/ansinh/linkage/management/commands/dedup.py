"""`ansinh dedup run [--province CODE] [--engine duckdb|spark] [--no-auto-merge] [--json]`: batch record
linkage of the registry with Splink.

The model is trained on the records (expectation maximisation) and stored with the run; every pair from
the review threshold up is stored with its match weight and comparison levels. Pairs above the automatic
threshold with an equal personal ID are merged (reversibly); the rest wait in the review queue of the
province (or commune) that owns the records. `--engine spark` runs the same linkage on Apache Spark
(local mode, or ANSINH_SPARK_MASTER for a cluster); it needs Java.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from ansinh.core.cli import AnsinhCommand
from ansinh.core.errors import ApplicationError
from ansinh.linkage.models import Engine


class Command(AnsinhCommand):
    help = "Find persons entered twice in the registry (Splink on DuckDB or Spark) and queue them for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["run"])
        parser.add_argument("--province", default="", help="only this province (code); default the nation")
        parser.add_argument("--engine", choices=Engine.values, default=Engine.DUCKDB)
        parser.add_argument("--no-auto-merge", action="store_true", help="queue every pair, merge none")
        parser.add_argument("--json", action="store_true", help="print the run as JSON")
        parser.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES])

    def handle(self, *args: Any, **options: Any) -> None:
        from ansinh.geo.models import AdminUnit
        from ansinh.linkage.services import dedup_run

        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            province = options["province"].strip()
            if province and not AdminUnit.objects.current().filter(level="province", code=province).exists():
                raise CommandError(_("Unknown province code: %(code)s.") % {"code": province}, returncode=2)
            try:
                run = dedup_run(
                    actor=None,
                    province_code=province,
                    engine_name=options["engine"],
                    auto_merge=not options["no_auto_merge"],
                )
            except ApplicationError as exc:
                raise CommandError(str(exc.message), returncode=2) from None
            summary = {
                "run": run.pk,
                "engine": run.engine,
                "province": run.province_code,
                "records": run.records,
                "pairs": run.pairs,
                "auto_merged": run.auto_merged,
                "queued": run.queued,
                "seconds": round(run.seconds, 1),
            }
            if options["json"]:
                self.stdout.write(json.dumps(summary, ensure_ascii=False))
                return
            self.stdout.write(
                _(
                    "Linkage run %(run)s (%(engine)s): %(records)s records, %(pairs)s pairs, "
                    "%(auto_merged)s merged automatically, %(queued)s queued for review, %(seconds)s s."
                )
                % summary
            )
