"""Serve ansinh with a production-grade WSGI server (waitress); static files through WhiteNoise.

A background worker (`ansinh db_worker`) runs beside the server unless `--no-worker` is given
(production runs its workers as separate services); it stops when the server stops. The start-up tasks the
apps register (`core.extensions.startup_tasks`: building the job-matching indexes, queueing the
recomputation of the report periods in progress when it is due) run in background threads.
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

from ansinh.core import extensions

log = logging.getLogger(__name__)


def _run_task(task: extensions.StartupTask, stop: threading.Event) -> None:
    """Run a registered start-up task once, or every `task.every` until the server stops. A failure is
    logged and does not stop the server: matching answers from SQL without its indexes, and the next look
    queues the report refresh again."""
    while not stop.is_set():
        try:
            task.run()
        except Exception:  # the server keeps serving; say what is missing
            log.exception("start-up task %s failed", task.name)
        finally:
            connection.close()
        if task.every is None:
            return
        stop.wait(task.every.total_seconds())


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
        from django.core.wsgi import get_wsgi_application
        from waitress import serve

        application = get_wsgi_application()

        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        _stop_on_signals()
        worker = None
        stop = threading.Event()
        try:
            if not no_worker:
                from ansinh.core.jobs import jobs_sweep_interrupted

                jobs_sweep_interrupted()  # jobs left running by a worker that died: shown as interrupted
                # Its own session: a Ctrl+C at the terminal reaches only the server, which then stops the
                # worker in order, instead of both being interrupted at once.
                worker = subprocess.Popen(
                    [sys.executable, "-m", "ansinh", "db_worker", "--interval", "1", "--no-reload"],
                    start_new_session=True,
                )
                self.stdout.write(f"ansinh: background worker started (pid {worker.pid})")
            for task in extensions.startup_tasks:
                threading.Thread(target=_run_task, args=(task, stop), name=task.name, daemon=True).start()
            self.stdout.write(f"ansinh: http://{host}:{port}/  (Ctrl+C to stop)")
            self.stdout.flush()
            serve(application, host=host, port=port, threads=threads, ident="ansinh")
        finally:
            stop.set()
            if worker is not None:
                _stop_worker(worker)
                self.stdout.write("ansinh: background worker stopped")
