"""Backup and restore of the whole installation: the database and the files under ANSINH_FILES.

A backup is one directory `ansinh-backup-YYYYMMDD-HHMMSS/` holding
- `database.sqlite3` (SQLite, through the online backup API: consistent while the server writes) or
  `database.dump` (PostgreSQL, `pg_dump -Fc`);
- `files.tar`: the files directory (bank files, uploads, report attachments);
- `manifest.json`: when, which database, the row count of every table and the SHA-256 of both files.

Restore checks the checksums first, refuses to overwrite a database that holds records unless forced,
then loads the database (SQLite: the backup API again; PostgreSQL: `pg_restore --clean`), puts the files
back and compares the row counts with the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.core.errors import ApplicationError

MANIFEST = "manifest.json"
FILES_TAR = "files.tar"
DATABASE_FILE = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
# Tables that say the database is in use (not just migrated): users, persons, administrative units.
RECORD_TABLES = ("accounts_user", "registry_person", "geo_adminunit")


class OperationFailed(Exception):
    """An external step (pg_dump, pg_restore, the disk) failed; the message says which and why."""


@dataclass(frozen=True)
class Restored:
    path: Path
    tables: int
    rows: int


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    tables = sorted(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - catalogue names
            counts[table] = cursor.fetchone()[0]
    return counts


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILE:
        raise OperationFailed(f"backups of {connection.vendor} databases are not supported")
    return connection.vendor


def _pg_env() -> tuple[list[str], dict[str, str]]:
    conf = connection.settings_dict
    args = ["--dbname", conf["NAME"]]
    if conf.get("HOST"):
        args += ["--host", conf["HOST"]]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", conf["USER"]]
    env = {**os.environ}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = conf["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise OperationFailed(f"{command[0]} is not installed (PostgreSQL client tools)") from None
    if done.returncode != 0:
        raise OperationFailed(f"{command[0]}: {done.stderr.strip()[-2000:]}")


def _dump_database(target: Path) -> None:
    if _vendor() == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        args, env = _pg_env()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args], env)


def _tar_files(target: Path) -> int:
    files_dir = Path(settings.FILES_DIR)
    count = 0
    with tarfile.open(target, "w") as tar:
        if files_dir.is_dir():
            for path in sorted(files_dir.rglob("*")):
                tar.add(path, arcname=str(path.relative_to(files_dir)), recursive=False)
                count += path.is_file()
    return count


def backup_create(*, out_dir: Path) -> Path:
    """Write a backup directory under `out_dir` and return its path."""
    vendor = _vendor()
    out_dir.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    target = out_dir / f"ansinh-backup-{timezone.localtime(now):%Y%m%d-%H%M%S}"
    target.mkdir()
    try:
        database = target / DATABASE_FILE[vendor]
        counts = row_counts()  # before the dump: on SQLite both read the same committed state
        _dump_database(database)
        file_count = _tar_files(target / FILES_TAR)
        manifest = {
            "format": 1,
            "created_at": now.isoformat(),
            "database": {"vendor": vendor, "file": database.name, "sha256": sha256(database)},
            "files": {"file": FILES_TAR, "count": file_count, "sha256": sha256(target / FILES_TAR)},
            "tables": counts,
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # never leave a half backup that looks whole
        raise
    return target


def _bad(message: Any) -> ApplicationError:
    return ApplicationError("backup.invalid", message, field="backup")


def read_manifest(path: Path) -> tuple[Path, dict[str, Any]]:
    """The backup directory and its manifest, from the directory or any file inside it."""
    folder = path.parent if path.is_file() else path
    if not folder.exists():
        raise FileNotFoundError(2, "No such file or directory", str(path))
    manifest_path = folder / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        database = manifest["database"]
        files = manifest["files"]
        tables = manifest["tables"]
    except FileNotFoundError:
        raise _bad(_("%(path)s is not an ansinh backup (no manifest.json).") % {"path": path}) from None
    except (ValueError, KeyError, TypeError):
        raise _bad(_("%(path)s: the manifest is damaged.") % {"path": manifest_path}) from None
    for part in (database, files):
        file = folder / Path(part["file"]).name
        if not file.is_file() or sha256(file) != part["sha256"]:
            raise _bad(_("%(path)s is missing or does not match its checksum.") % {"path": file})
    if not isinstance(tables, dict):
        raise _bad(_("%(path)s: the manifest is damaged.") % {"path": manifest_path})
    return folder, manifest


def holds_records() -> bool:
    present = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in RECORD_TABLES:
            if table in present:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone() is not None:
                    return True
    return False


def _load_database(file: Path, vendor: str) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()  # our own session must not hold locks on the tables being replaced
        args, env = _pg_env()
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(file)],
            env,
        )


def _restore_files(tar_path: Path) -> None:
    files_dir = Path(settings.FILES_DIR)
    if files_dir.exists():
        for child in files_dir.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    files_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tar_path) as tar:
        tar.extractall(files_dir, filter="data")  # "data": no absolute paths, links or devices


def backup_restore(*, path: Path, force: bool = False) -> Restored:
    """Restore the backup at `path` into the configured database and files directory."""
    folder, manifest = read_manifest(path)
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise _bad(
            _("This is a %(kind)s backup; the configured database is %(current)s.")
            % {"kind": manifest["database"]["vendor"], "current": vendor}
        )
    if not force and holds_records():
        raise ApplicationError(
            "backup.database_not_empty",
            _("The configured database already holds records; add --force to replace them with the backup."),
            field="force",
        )
    _load_database(folder / Path(manifest["database"]["file"]).name, vendor)
    _restore_files(folder / FILES_TAR)
    counts = row_counts()
    expected = {table: int(n) for table, n in manifest["tables"].items()}
    differ = sorted(t for t in expected if counts.get(t) != expected[t])
    if differ:
        raise OperationFailed(
            f"row counts differ from the manifest after restoring: {', '.join(differ[:10])}"
        )
    return Restored(path=folder, tables=len(expected), rows=sum(expected.values()))
