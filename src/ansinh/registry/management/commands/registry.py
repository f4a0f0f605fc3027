"""`ansinh registry …`: the person registry from the command line, acting as a named user.

    ansinh registry import FILE --as USERNAME      # .xlsx or .csv; all rows or none
    ansinh registry template OUT.xlsx --as USERNAME # the import template with the user's communes

Exit status: 0 imported, 2 bad input (an unreadable file, refused rows: each listed on stderr, then one
line "Lỗi: …"), 1 the database or the disk failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ansinh.core.cli import AnsinhCommand, command_actor
from ansinh.core.tabular import ImportRefused
from ansinh.registry import imports


class Command(AnsinhCommand):
    help = "Person registry: import persons and households from a file, write the import template."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="import persons and households (.xlsx or .csv)")
        load.add_argument("file")
        load.add_argument("--as", dest="username", required=True, help="the acting user")
        template = actions.add_parser("template", help="write the .xlsx import template")
        template.add_argument("out")
        template.add_argument("--as", dest="username", required=True, help="the acting user")

    def handle(self, *args: Any, action: str, username: str, **options: Any) -> None:
        actor = command_actor(username, operator_can=())
        if action == "template":
            Path(options["out"]).write_bytes(imports.template_xlsx(actor))
            self.stdout.write(options["out"])
            return
        path = Path(options["file"])
        content = path.read_bytes()

        def progress(done: int, total: int | None, message: Any, **_kw: Any) -> None:
            if options.get("verbosity", 1) > 1:
                self.stdout.write(f"  {done:,}/{total or 0:,} {message}")

        try:
            result = imports.import_file(
                actor=actor,
                filename=path.name,
                content=content,
                max_rows=imports.JOB_MAX_ROWS,
                progress=progress,
            )
        except ImportRefused as exc:
            for row in exc.rows:
                self.stderr.write(
                    _("Row %(row)d, column %(column)s: %(message)s")
                    % {"row": row.row, "column": row.column or "—", "message": row.message}
                )
            raise
        message = _(
            "%(created)d persons registered, %(linked)d rows linked to existing persons, "
            "%(households)d households."
        )
        self.stdout.write(
            message % {"created": result.created, "linked": result.linked, "households": result.households}
        )
