"""`ansinh restore BACKUP [--force]`: restore a backup written by `ansinh backup` (the directory or a file
in it) into the configured database and files directory (see ansinh.core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ansinh.core.backup import OperationFailed, backup_restore
from ansinh.core.cli import FAILED, AnsinhCommand


class Command(AnsinhCommand):
    help = "Restore a backup into the configured database and files directory."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("backup", help="the backup directory (or a file inside it)")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that already holds records"
        )

    def handle(self, *args: Any, backup: str, force: bool, **options: Any) -> None:
        try:
            restored = backup_restore(path=Path(backup), force=force)
        except OperationFailed as exc:
            raise CommandError(
                _("The restore failed: %(reason)s") % {"reason": exc}, returncode=FAILED
            ) from exc
        self.stdout.write(
            _("Restored %(path)s: %(tables)d tables, %(rows)d rows, row counts as in the manifest.")
            % {"path": restored.path, "tables": restored.tables, "rows": restored.rows}
        )
