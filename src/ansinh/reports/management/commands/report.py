"""`ansinh report build --period 2025H1 [--unit 38] [--group LM ...] --format xlsx|pdf|json [--out FILE]
[--as USERNAME] [--lang vi|en]`: build a report and write it as a file.

    ansinh report build --period 2025H1 --unit 38 --format xlsx --out thanh-hoa.xlsx
    ansinh report build --period 2025 --format pdf --lang en          the nation, in English
    ansinh report build --period 2025Q3 --unit 11 --format json --out -   JSON on standard output

Without `--unit` the report is the nation's (or, with `--as`, the user's own unit). Without `--as` the
command runs as the operator of the installation: nation-wide and read-only. Without `--out` the file is
written to the current folder under its usual name (bao-cao_38_2025H1.xlsx). The export is audited.
Exit 2 with a message when an option is wrong or the unit is unknown or outside the user's scope.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import formats, translation
from django.utils.translation import gettext as _

from ansinh.core.cli import AnsinhCommand, command_actor
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied
from ansinh.reports.render.export import build, check_format, export


class Command(AnsinhCommand):
    help = "Build a periodic report for a unit and period and write it as XLSX, PDF or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["build"])
        parser.add_argument("--period", required=True, help="2025, 2025H1, 2025Q3 or 2025M07")
        parser.add_argument("--unit", default="", help="GSO code of a province or commune (none: the nation)")
        parser.add_argument(
            "--group", action="append", help="only this indicator group (LM, SI, …); repeatable"
        )
        parser.add_argument("--format", dest="fmt", default="xlsx", help="xlsx, pdf or json")
        parser.add_argument("--out", help="file to write; '-' for standard output")
        parser.add_argument(
            "--issue",
            action="store_true",
            help="PDF: give the report its number from the unit's register (once); without it, the PDF "
            "shows the number given before, or prints as a draft",
        )
        parser.add_argument("--as", dest="username", help="act as this user (their scope applies)")
        parser.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES])

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            try:
                check_format(options["fmt"])
                can = ("reports.view", "reports.enter") if options["issue"] else ("reports.view",)
                actor = command_actor(options["username"], operator_can=can)
                report = build(
                    actor=actor,
                    period=options["period"],
                    unit_code=options["unit"] or None,
                    groups=options["group"],
                    lang=options["lang"],
                )
                result = export(
                    actor=actor, report=report, fmt=options["fmt"].lower(), issue=options["issue"]
                )
            except NotFound:
                raise CommandError(
                    _("Unit %(unit)s was not found, or is outside the scope of %(user)s.")
                    % {"unit": options["unit"] or "—", "user": options["username"] or "operator"},
                    returncode=2,
                ) from None
            except PermissionDenied:
                raise CommandError(
                    _("%(user)s may not read reports.") % {"user": options["username"]}, returncode=2
                ) from None
            except ApplicationError as exc:
                raise CommandError(str(exc.message), returncode=2) from None
            self._write(options["out"], result)

    def _write(self, out: str | None, result) -> None:
        if out == "-":
            sys.stdout.buffer.write(result.content)
            sys.stdout.flush()
            return
        path = Path(out or result.filename)
        try:
            path.write_bytes(result.content)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}, returncode=2
            ) from None
        size = formats.number_format(len(result.content), 0, force_grouping=True)
        self.stderr.write(_("Wrote %(path)s (%(size)s bytes).") % {"path": path, "size": size})
