"""`ansinh backup` / `ansinh restore`: a round trip gives back the same rows, the same money and the same
files, on SQLite and on PostgreSQL; a damaged or foreign backup is refused before anything changes."""

from __future__ import annotations

import hashlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from tests.payments.conftest import MONTH

pytestmark = pytest.mark.django_db(transaction=True)


def _figures() -> dict:
    from ansinh.payments.models import PaymentLine
    from ansinh.registry.models import Person

    return {
        "lines": PaymentLine.objects.count(),
        "amount": PaymentLine.objects.aggregate(total=Sum("amount"))["total"],
        "persons": Person.objects.count(),
        "names": sorted(Person.objects.values_list("full_name", flat=True)),
    }


@pytest.fixture
def files_dir(settings, tmp_path):
    settings.FILES_DIR = tmp_path / "files"
    settings.FILES_DIR.mkdir()
    return settings.FILES_DIR


def _backup(out: Path) -> Path:
    call_command("backup", "--out", str(out), stdout=StringIO())
    (folder,) = out.iterdir()
    return folder


def test_round_trip_keeps_rows_money_and_files(enrol, generated, files_dir, tmp_path):
    from ansinh.payments.models import PaymentLine
    from ansinh.registry.models import Person

    for _ in range(3):
        enrol(start_month=MONTH)
    enrol(start_month=MONTH, account=False)
    generated()
    before = _figures()
    assert before["lines"] == 4 and before["amount"] > 0
    bank_file = files_dir / "batches" / "lo-11-2025-10.csv"
    bank_file.parent.mkdir()
    bank_file.write_bytes("Số tài khoản;Số tiền\n001;750000\n".encode())
    checksum = hashlib.sha256(bank_file.read_bytes()).hexdigest()

    folder = _backup(tmp_path / "backups")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"]["payments_paymentline"] == 4
    assert manifest["files"]["count"] == 1

    # Everything changes after the backup...
    PaymentLine.objects.all().delete()
    Person.objects.update(full_name="Đã sửa")
    bank_file.write_bytes(b"changed")
    (files_dir / "later.txt").write_text("written after the backup")
    # ...and a database that holds records is replaced only when forced.
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(folder))
    assert refused.value.returncode == 2 and "--force" in str(refused.value)
    assert PaymentLine.objects.count() == 0

    call_command("restore", str(folder / "manifest.json"), "--force", stdout=StringIO())
    assert _figures() == before
    assert hashlib.sha256(bank_file.read_bytes()).hexdigest() == checksum
    assert not (files_dir / "later.txt").exists()


def test_damaged_or_foreign_backups_are_refused_before_anything_changes(enrol, files_dir, tmp_path):
    enrol(start_month=MONTH)
    folder = _backup(tmp_path / "backups")
    before = _figures()
    with pytest.raises(CommandError) as missing:
        call_command("restore", str(tmp_path / "no-such-backup"), "--force")
    assert missing.value.returncode == 2
    with pytest.raises(CommandError) as not_a_backup:
        call_command("restore", str(files_dir), "--force")
    assert not_a_backup.value.returncode == 2 and "manifest.json" in str(not_a_backup.value)
    (database,) = [p for p in folder.iterdir() if p.name.startswith("database.")]
    data = bytearray(database.read_bytes())
    data[200:264] = bytes(b ^ 0xFF for b in data[200:264])
    database.write_bytes(bytes(data))
    with pytest.raises(CommandError) as damaged:
        call_command("restore", str(folder), "--force")
    assert damaged.value.returncode == 2 and "checksum" in str(damaged.value)
    assert _figures() == before
