"""`ansinh merit …`: a province's lists of people with merit from the command line, acting as a named user.

    ansinh merit import FILE --as USERNAME       # .xlsx or .csv; all rows or none
    ansinh merit template OUT.xlsx --as USERNAME # the import template

Exit status: 0 imported, 2 bad input (an unreadable file, refused rows: each listed on stderr, then one
line "Lỗi: …"), 1 the database or the disk failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ansinh.core.cli import AnsinhCommand, command_actor
from ansinh.core.tabular import ImportRefused
from ansinh.merit import imports


class Command(AnsinhCommand):
    help = "Merit: import a province's lists of people with merit, write the import template."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="import lists of people with merit (.xlsx or .csv)")
        load.add_argument("file")
        load.add_argument("--as", dest="username", required=True, help="the acting user")
        template = actions.add_parser("template", help="write the .xlsx import template")
        template.add_argument("out")
        template.add_argument("--as", dest="username", required=True, help="the acting user")

    def handle(self, *args: Any, action: str, username: str, **options: Any) -> None:
        actor = command_actor(username, operator_can=())
        if action == "template":
            Path(options["out"]).write_bytes(imports.template_xlsx())
            self.stdout.write(options["out"])
            return
        path = Path(options["file"])
        try:
            result = imports.import_records(actor=actor, filename=path.name, content=path.read_bytes())
        except ImportRefused as exc:
            for row in exc.rows:
                self.stderr.write(
                    _("Row %(row)d, column %(column)s: %(message)s")
                    % {"row": row.row, "column": row.column or "—", "message": row.message}
                )
            raise
        self.stdout.write(
            _(
                "%(n)d records of people with merit imported, %(a)d injury assessments, "
                "%(r)d links to martyrs."
            )
            % {"n": result.records, "a": result.assessments, "r": result.relatives}
        )
