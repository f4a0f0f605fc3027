"""Serve ansinh with a production-grade WSGI server (waitress); static files through WhiteNoise.

Python runs one thread at a time per process, so one waitress process uses one core however many
threads it has. `--processes N` (default: one per core) starts N waitress processes that all listen on
the same port with SO_REUSEPORT; the kernel spreads the connections across them. Each has `--threads`
threads and keeps its database connections open between requests (DB_CONN_MAX_AGE). This keeps the
one pure-Python server the project already has instead of adding another (gunicorn would do the same
job with a master process; waitress plus SO_REUSEPORT needs no new dependency). A process that dies is
started again.

A background worker (`ansinh db_worker`) runs beside the server unless `--no-worker` is given
(production runs its workers as separate services); it stops when the server stops, on Ctrl+C and on
SIGTERM alike. The start-up tasks the apps register (`core.extensions.startup_tasks`) run in background
threads: those marked `per_process` (the job-matching indexes, held in memory) in every serving process,
the others (queueing the recomputation of the report periods in progress) once for the whole server.
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

from ansinh.core import extensions

log = logging.getLogger(__name__)

RESTART_PAUSE_S = 1.0
STOP_WAIT_S = 10


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


def _start_tasks(stop: threading.Event, *, per_process: bool) -> None:
    for task in extensions.startup_tasks:
        if task.per_process == per_process:
            threading.Thread(target=_run_task, args=(task, stop), name=task.name, daemon=True).start()


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


def _stop_on_signals() -> None:
    """SIGTERM (systemd, docker, kill) would end the process at once, skipping the clean-up that stops the
    worker and the serving processes; turn it, like Ctrl+C, into an exit that runs it."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def _stop_process(process: subprocess.Popen) -> None:
    """Ask a child to stop (the worker finishes the task in hand), then insist."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_WAIT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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
            _start_tasks(stop, per_process=False)
            self.stdout.write(
                f"ansinh: http://{host}:{port}/  ({processes} × {threads} threads; Ctrl+C to stop)"
            )
            self.stdout.flush()
            if processes == 1:
                self._serve(host, port, threads, shared=False)
            else:
                self._supervise(host, port, processes, threads)
        finally:
            stop.set()
            if worker is not None:
                _stop_process(worker)
                self.stdout.write("ansinh: background worker stopped")

    def _serve(self, host: str, port: int, threads: int, *, shared: bool) -> None:
        from django.core.wsgi import get_wsgi_application
        from waitress import serve

        application = get_wsgi_application()
        _start_tasks(threading.Event(), per_process=True)
        if shared:
            _stop_on_signals()
            sock = _shared_port_socket(host, port)
            with contextlib.suppress(SystemExit, KeyboardInterrupt):
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
                    child.wait(timeout=STOP_WAIT_S)
                except subprocess.TimeoutExpired:
                    child.kill()
