"""`ansinh backup [--out DIR]`: back up the database and the files directory (see ansinh.core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ansinh.core.backup import OperationFailed, backup_create
from ansinh.core.cli import FAILED, AnsinhCommand


class Command(AnsinhCommand):
    help = "Back up the database and the files directory into a new directory under --out."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", default="backups", help="where to write the backup (default: backups)")

    def handle(self, *args: Any, out: str, **options: Any) -> None:
        out_dir = Path(out)
        if out_dir.exists() and not out_dir.is_dir():
            raise NotADirectoryError(20, "Not a directory", out)
        try:
            target = backup_create(out_dir=out_dir)
        except OperationFailed as exc:
            raise CommandError(
                _("The backup failed: %(reason)s") % {"reason": exc}, returncode=FAILED
            ) from exc
        self.stdout.write(_("Backup written to %(path)s") % {"path": target})
