"""SQLite under a long write: the production server keeps answering.

A copy of the test database on a file is served by `ansinh serve` in a subprocess; this test holds the
write lock the way a long import does, while threads register persons and read lists through the API.
Reads are answered during the write; writes queue and complete once it commits; a write still refused
after the busy timeout is a 503 asking to try again, never a 500.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,  # so that the test database exists to be copied
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single-writer lock"),
]

BUSY_TIMEOUT_MS = 2500


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port: int, method: str, path: str, secret: str, body: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    started = time.monotonic()
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), payload, started, time.monotonic()


# Run inside the served copy: an officer of Điện Biên with an API token, and a commune to register in.
_SETUP = """
from ansinh.accounts.services import token_create, user_create
from ansinh.geo.models import AdminUnit
province = AdminUnit.objects.get(structure="2025", level="province", code="11")
commune = AdminUnit.objects.filter(structure="2025", level="commune", province_code="11").order_by("code")[0]
user = user_create(actor=None, username="so_tai", password="Mat-khau-tai-2026", role="province_officer",
                   scope_unit=province, validate=False)
print(token_create(actor=None, user=user, name="load")[1], commune.pk)
"""


@pytest.fixture(scope="module")
def database_file(tmp_path_factory, django_db_setup, django_db_blocker):
    """The test database (units loaded, nothing else) copied to a file, with an officer and a token."""
    path = tmp_path_factory.mktemp("busy") / "ansinh.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    out = subprocess.run(
        [sys.executable, "-m", "ansinh", "shell", "-c", _SETUP],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return path, out[-2], int(out[-1])


@pytest.fixture(scope="module")
def served(tmp_path_factory, database_file):
    path, secret, commune_id = database_file
    port = _free_port()
    log = path.with_suffix(".log")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "SQLITE_BUSY_TIMEOUT_MS": str(BUSY_TIMEOUT_MS),
        "ANSINH_VAR": str(tmp_path_factory.mktemp("var")),
        "DEBUG": "0",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "ansinh", "serve", "--no-worker", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log.read_text()) from None
                time.sleep(0.2)
        yield port, secret, path, commune_id
    finally:
        server.terminate()
        server.wait(timeout=20)


def _hold_write_lock(path, seconds: float, locked: threading.Event) -> None:
    """What a long import does: one write transaction that keeps the lock for a while."""
    db = sqlite3.connect(path, isolation_level=None, timeout=30)
    db.execute("BEGIN IMMEDIATE")
    db.execute("UPDATE core_job SET message = message")
    locked.set()
    time.sleep(seconds)
    db.execute("COMMIT")
    db.close()


def _registered(path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT count(*) FROM registry_person").fetchone()[0]
    finally:
        db.close()


def _person(n: int, commune_id: int) -> dict:
    given = ["An", "Bình", "Cường", "Dũng", "Hải", "Khánh"][n]
    return {"full_name": f"Lò Văn {given}", "birth_year": 1980 + n, "sex": "M", "commune_id": commune_id}


def _under_lock(port, secret, path, commune_id, *, hold: float, writers: int, readers: int):
    locked = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, hold, locked))
    holder.start()
    locked.wait(10)
    lock_taken = time.monotonic()
    with ThreadPoolExecutor(max_workers=writers + readers) as pool:
        creates = [
            pool.submit(_request, port, "POST", "/api/v1/registry/persons", secret, _person(n, commune_id))
            for n in range(writers)
        ]
        reads = [
            pool.submit(_request, port, "GET", f"/api/v1/registry/persons?commune={commune_id}", secret)
            for _ in range(readers)
        ]
        creates_done = [f.result() for f in creates]
        reads_done = [f.result() for f in reads]
    holder.join()
    return lock_taken, creates_done, reads_done


def test_reads_go_on_and_writes_queue_during_a_long_write(served):
    port, secret, path, commune_id = served
    before = _registered(path)
    hold = 1.5  # shorter than the busy timeout
    lock_taken, creates, reads = _under_lock(port, secret, path, commune_id, hold=hold, writers=4, readers=6)
    assert [status for status, *_ in reads] == [200] * 6
    # Reading (and signing in with a token) never waits for the writer.
    assert all(finished - lock_taken < hold for *_, finished in reads)
    assert [status for status, *_ in creates] == [201] * 4, [body for *_, body, _s, _f in creates]
    assert all(finished - lock_taken >= hold * 0.9 for *_, finished in creates)
    assert _registered(path) == before + 4


def test_a_write_locked_out_past_the_timeout_is_503_busy_and_saves_nothing(served):
    port, secret, path, commune_id = served
    before = _registered(path)
    hold = BUSY_TIMEOUT_MS / 1000 + 2.5
    _lock_taken, creates, reads = _under_lock(port, secret, path, commune_id, hold=hold, writers=2, readers=2)
    assert [status for status, *_ in reads] == [200, 200]
    for status, headers, body, _started, _finished in creates:
        assert status == 503, body
        assert headers["Retry-After"] == "10"
        assert json.loads(body)["code"] == "database.busy"
        assert "Hệ thống đang bận" in json.loads(body)["message"]
    assert _registered(path) == before
