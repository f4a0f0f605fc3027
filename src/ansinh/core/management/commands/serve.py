"""Serve ansinh with a production-grade WSGI server (waitress); static files through WhiteNoise.

Python runs one thread at a time per process, so one waitress process uses one core however many
threads it has. `--processes N` (default: one per core) starts N waitress processes that all listen on
the same port with SO_REUSEPORT; the kernel spreads the connections across them. Each has `--threads`
threads and keeps its database connections open between requests (DB_CONN_MAX_AGE). This keeps the
one pure-Python server the project already has instead of adding another (gunicorn would do the same
job with a master process; waitress plus SO_REUSEPORT needs no new dependency). A process that dies is
started again.

A background worker (`ansinh db_worker`) runs beside the server unless `--no-worker` is given
(production runs its workers as separate services); it stops when the server stops. The job-matching
indexes are built in a background thread of every serving process at start-up, and one thread queues
the recomputation of the report periods in progress when it is due (`ansinh.reports.refresh`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

log = logging.getLogger(__name__)

RESTART_PAUSE_S = 1.0


def _warm_matching() -> None:
    """Build the job-matching indexes in the background, so the first counsellor does not wait for it;
    until they are ready (or if building fails) matching answers from SQL."""
    try:
        from ansinh.labour.matching.selectors import warm_indexes

        warm_indexes()
        log.info("matching indexes ready")
    except Exception:  # matching still works without the indexes; say why they are missing
        log.exception("could not build the matching indexes")
    finally:
        connection.close()


def _refresh_reports(stop: threading.Event) -> None:
    """Every few minutes, queue the computation of the report periods whose computed figures are due."""
    from ansinh.reports.refresh import CHECK_EVERY, refresh_start

    while not stop.is_set():
        try:
            refresh_start()
        except Exception:  # the next look tries again; the reports still show when they were computed
            log.exception("could not queue the report refresh")
        finally:
            connection.close()
        stop.wait(CHECK_EVERY)


def _shared_port_socket(host: str, port: int) -> socket.socket:
    """A listening socket that other processes may bind to the same address (SO_REUSEPORT)."""
    if not hasattr(socket, "SO_REUSEPORT"):
        raise CommandError("several processes need SO_REUSEPORT, which this system lacks; use --processes 1")
    family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    return sock


def _stop_on_sigterm() -> None:
    """A service manager stops the server with SIGTERM: leave through the same path as Ctrl+C."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


class Command(BaseCommand):
    help = "Serve the system over HTTP (waitress), with a background-job worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--processes",
            type=int,
            default=int(os.environ.get("SERVE_PROCESSES", 0)) or os.cpu_count() or 1,
            help="serving processes (default: SERVE_PROCESSES, else one per core)",
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("SERVE_THREADS", 8)), help="threads per process"
        )
        parser.add_argument("--no-worker", action="store_true", help="do not start a background worker")
        parser.add_argument("--serving-process", action="store_true", help="(internal) one of --processes")

    def handle(self, *args, host: str, port: int, processes: int, threads: int, no_worker: bool, **options):
        if processes < 1 or threads < 1:
            raise CommandError("--processes and --threads must be at least 1")
        if options["serving_process"]:
            self._serve(host, port, threads, shared=True)
            return
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        _stop_on_sigterm()
        worker = None
        if not no_worker:
            worker = subprocess.Popen(
                [sys.executable, "-m", "ansinh", "db_worker", "--interval", "1", "--no-reload"]
            )
            self.stdout.write(f"ansinh: background worker started (pid {worker.pid})")
        stop = threading.Event()
        threading.Thread(target=_refresh_reports, args=(stop,), name="refresh-reports", daemon=True).start()
        self.stdout.write(f"ansinh: http://{host}:{port}/  ({processes} × {threads} threads; Ctrl+C to stop)")
        try:
            if processes == 1:
                self._serve(host, port, threads, shared=False)
            else:
                self._supervise(host, port, processes, threads)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)

    def _serve(self, host: str, port: int, threads: int, *, shared: bool) -> None:
        from waitress import serve

        from ansinh.wsgi import application

        threading.Thread(target=_warm_matching, name="warm-matching", daemon=True).start()
        if shared:
            _stop_on_sigterm()
            sock = _shared_port_socket(host, port)
            with contextlib.suppress(KeyboardInterrupt):
                serve(application, sockets=[sock], threads=threads, ident="ansinh", backlog=1024)
        else:
            serve(application, host=host, port=port, threads=threads, ident="ansinh", backlog=1024)

    def _supervise(self, host: str, port: int, processes: int, threads: int) -> None:
        # Fail early and clearly when the port is taken by someone else's server.
        _shared_port_socket(host, port).close()
        command = [
            sys.executable, "-m", "ansinh", "serve", "--serving-process",
            "--host", host, "--port", str(port), "--threads", str(threads),
        ]  # fmt: skip
        # The command is this same program with our own arguments, not outside input.
        children = [subprocess.Popen(command) for _ in range(processes)]  # noqa: S603
        try:
            while True:
                time.sleep(RESTART_PAUSE_S)
                for i, child in enumerate(children):
                    if child.poll() is not None:
                        log.error(
                            "serving process %s stopped (exit %s); starting another",
                            child.pid,
                            child.returncode,
                        )
                        children[i] = subprocess.Popen(command)  # noqa: S603
        finally:
            for child in children:
                child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
