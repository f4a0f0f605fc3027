"""`ansinh serve` stopped with SIGTERM or SIGINT stops its background worker too."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has ended; only its parent has not collected it yet.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    home = tmp_path_factory.mktemp("serve")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
        "ANSINH_VAR": str(home),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("ANSINH_ENV", None)
    # The server sweeps interrupted jobs before it starts the worker: it needs the schema.
    subprocess.run(
        [sys.executable, "-m", "ansinh", "migrate", "-v0"],
        env=env,
        check=True,
        timeout=300,
    )
    return env


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_its_worker(server_env, signum):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ansinh", "serve", "--port", str(port)],
        env=server_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = ""
        worker_pid = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "Ctrl+C" not in output:
            line = server.stdout.readline()  # type: ignore[union-attr]
            if not line:
                break
            output += line
            if found := re.search(r"worker started \(pid (\d+)\)", line):
                worker_pid = int(found.group(1))
        assert worker_pid is not None, output
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        assert _alive(worker_pid)
        server.send_signal(signum)
        server.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _alive(worker_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(worker_pid), output
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
