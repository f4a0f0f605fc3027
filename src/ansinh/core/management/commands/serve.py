"""Serve ansinh with a production-grade WSGI server (waitress); static files through WhiteNoise.

A background worker (`ansinh db_worker`) runs beside the server unless `--no-worker` is given
(production runs its workers as separate services); it stops when the server stops. The job-matching
indexes are built in a background thread at start-up, and another thread queues the recomputation of the
report periods in progress when it is due (`ansinh.reports.refresh`).
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

log = logging.getLogger(__name__)


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


def _stop_on_signals() -> None:
    """SIGTERM (systemd, docker, kill) would end the process at once, skipping the clean-up that stops the
    worker; turn it, like Ctrl+C, into an exit that runs it."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def _stop_worker(worker: subprocess.Popen) -> None:
    """Ask the worker to stop (it finishes the task in hand), then insist."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


class Command(BaseCommand):
    help = "Serve the system over HTTP (waitress), with a background-job worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true", help="do not start a background worker")

    def handle(self, *args, host: str, port: int, threads: int, no_worker: bool, **options):
        from waitress import serve

        from ansinh.wsgi import application

        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        _stop_on_signals()
        worker = None
        stop = threading.Event()
        try:
            if not no_worker:
                # Its own session: a Ctrl+C at the terminal reaches only the server, which then stops the
                # worker in order, instead of both being interrupted at once.
                worker = subprocess.Popen(
                    [sys.executable, "-m", "ansinh", "db_worker", "--interval", "1", "--no-reload"],
                    start_new_session=True,
                )
                self.stdout.write(f"ansinh: background worker started (pid {worker.pid})")
            threading.Thread(target=_warm_matching, name="warm-matching", daemon=True).start()
            threading.Thread(
                target=_refresh_reports, args=(stop,), name="refresh-reports", daemon=True
            ).start()
            self.stdout.write(f"ansinh: http://{host}:{port}/  (Ctrl+C to stop)")
            self.stdout.flush()
            serve(application, host=host, port=port, threads=threads, ident="ansinh")
        finally:
            stop.set()
            if worker is not None:
                _stop_worker(worker)
                self.stdout.write("ansinh: background worker stopped")
