"""`ansinh dedup run [--province CODE] [--engine duckdb|spark] [--no-auto-merge] [--json]`: batch record
linkage of the registry with Splink.

`ansinh dedup run --against FILE.xlsx|csv [--as USER] [--json]`: the rows of an import file (the registry
import's columns) linked against the registry persons in the user's scope (the whole registry without
`--as`), in link-only mode, with the same model: for each row the persons it probably is. Nothing is
written.

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
        parser.add_argument(
            "--against", default="", help="an import file (.xlsx or .csv) to link against the registry"
        )
        parser.add_argument("--as", dest="username", default="", help="the acting user (with --against)")
        parser.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES])

    def handle(self, *args: Any, **options: Any) -> None:
        from ansinh.geo.models import AdminUnit
        from ansinh.linkage.services import dedup_run

        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            if options["against"]:
                self._against(options)
                return
            if options["username"]:
                raise CommandError(_("--as goes with --against."), returncode=2)
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

    def _against(self, options: dict[str, Any]) -> None:
        from pathlib import Path

        from django.utils.formats import number_format

        from ansinh.core.cli import command_actor
        from ansinh.linkage.services import link_file

        if options["engine"] != Engine.DUCKDB or options["province"] or options["no_auto_merge"]:
            raise CommandError(
                _("--against links a file on DuckDB and merges nothing: leave out --engine, --province and "
                  "--no-auto-merge."),
                returncode=2,
            )  # fmt: skip
        actor = command_actor(options["username"] or None, operator_can=("registry.view",))
        path = Path(options["against"])
        # An unreadable file or an ApplicationError ends as one line and exit 2 (AnsinhCommand).
        found = link_file(actor=actor, filename=path.name, content=path.read_bytes())
        matches = []
        for link in found.links:
            person = found.persons[link.person_id]
            matches.append(
                {
                    "row": link.row,
                    "person": link.person_id,
                    "full_name": person.full_name,
                    "birth": person.birth_date.isoformat() if person.birth_date else str(person.birth_year),
                    "match_probability": round(link.match_probability, 6),
                    "match_weight": round(link.match_weight, 3),
                    "levels": {name: level["label"] for name, level in link.levels.items()},
                }
            )
        if options["json"]:
            summary = {"file": path.name, "rows": found.rows, "compared": found.compared,
                       "registry": found.registry, "skipped": found.skipped, "matches": matches}  # fmt: skip
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        for match in matches:
            birth = match["birth"]
            if len(birth) == 10:
                birth = f"{birth[8:10]}/{birth[5:7]}/{birth[:4]}"
            self.stdout.write(
                _("Row %(row)d: probably person no. %(person)d (%(name)s, %(birth)s), probability %(p)s.")
                % {"row": match["row"], "person": match["person"], "name": match["full_name"], "birth": birth,
                   "p": number_format(match["match_probability"], 3)}
            )  # fmt: skip
        self.stdout.write(
            _("%(compared)d of %(rows)d rows compared with %(registry)d registry persons: %(linked)d rows "
              "probably already registered; %(skipped)d rows without a name or a birth year skipped.")
            % {"compared": found.compared, "rows": found.rows, "registry": found.registry,
               "linked": len({m["row"] for m in matches}), "skipped": len(found.skipped)}
        )  # fmt: skip
