"""Django's `check`, extended: `ansinh check --database` (alone: the default database) also verifies the
integrity of the database (ansinh.core.integrity) and fails, exit status 1, when it is not sound."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.core.management.commands.check import Command as DjangoCheck
from django.db import DatabaseError, connections
from django.utils.translation import gettext as _

from ansinh.core.integrity import integrity_problems, missing_tables


class Command(DjangoCheck):
    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        database = next(a for a in parser._actions if "--database" in a.option_strings)
        database.nargs = "?"
        database.const = "default"
        database.help = "also check these databases, their integrity included (alone: the default one)"

    def handle(self, *app_labels: Any, **options: Any) -> None:
        super().handle(*app_labels, **options)
        failed = False
        for alias in options["databases"] or []:
            problems = integrity_problems(alias)
            for problem in problems:
                self.stderr.write(f"{alias}: {problem}")
            if problems:
                failed = True
                continue
            try:
                missing = missing_tables(connections[alias])
            except DatabaseError as exc:
                missing = [str(exc)]
            if missing:
                self.stderr.write(
                    _("%(alias)s: %(count)d table(s) missing, e.g. %(tables)s: run ansinh migrate.")
                    % {"alias": alias, "count": len(missing), "tables": ", ".join(missing[:5])}
                )
            self.stdout.write(_("%(alias)s: the database is sound.") % {"alias": alias})
        if failed:
            raise CommandError(
                _("The database is damaged: restore the last backup (ansinh restore)."), returncode=1
            )
