"""`ansinh check --database` fails on a damaged SQLite file and passes on a sound one."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def _database(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT, amount INTEGER)")
        db.execute("CREATE INDEX person_name ON person (name)")
        db.executemany(
            "INSERT INTO person (name, amount) VALUES (?, ?)",
            ((f"Nguyễn Văn {n:06d}", n * 1000) for n in range(20_000)),
        )
    db.close()


def _corrupt(path: Path) -> None:
    """What a copy taken while the server writes looks like: some pages from another moment."""
    data = bytearray(path.read_bytes())
    page = 4096
    for number in (3, 7, 20, 40):
        data[number * page + 8 : number * page + 600] = bytes(range(256)) * 2 + bytes(80)
    path.write_bytes(bytes(data))


def _check(path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "ANSINH_VAR": str(path.parent)}
    env.pop("ANSINH_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "ansinh", "check", "--database"], env=env, capture_output=True, text=True
    )


@pytest.fixture
def sound(tmp_path):
    path = tmp_path / "ansinh.sqlite3"
    _database(path)
    return path


def test_a_sound_database_passes(sound):
    checked = _check(sound)
    assert checked.returncode == 0, checked.stderr
    assert "Traceback" not in checked.stderr


def test_a_damaged_copy_fails(sound, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(sound.read_bytes())
    _corrupt(copy)
    checked = _check(copy)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "Traceback" not in checked.stderr
    assert "ansinh restore" in checked.stderr
