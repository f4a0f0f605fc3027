"""Long work in the background task queue (django-tasks-db), with progress the web and CLI can show.

A job kind is a function registered with `@job_kind("payments.cycle_generate")` taking
`(job, progress, **params)`. `job_start()` records a Job and enqueues it when the transaction
commits; the worker (`ansinh db_worker`) runs it. `job_run_inline()` runs one in the current
process (the CLI does this and prints the progress). A failed job keeps its error; the work
itself must be resumable, so starting the same kind again continues where it stopped.

A running job records its process ("host:pid") and beats every HEARTBEAT_SECONDS. A process killed
outright (kill -9, a lost machine) cannot say so: `jobs_sweep_interrupted()` marks its job failed
as interrupted — at once when the process is known to be gone from this host, else once the heartbeat
is older than STALE_AFTER_SECONDS. It runs when a worker starts, before every job, and whenever a
job's progress is looked at.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from ansinh.core.actors import Actor
from ansinh.core.dbbusy import BUSY_MESSAGE, is_database_busy
from ansinh.core.errors import ApplicationError, NotFound
from ansinh.core.models import Job, JobStatus

log = logging.getLogger(__name__)

JobFunction = Callable[..., Any]
_KINDS: dict[str, JobFunction] = {}
HEARTBEAT_SECONDS = 30
STALE_AFTER_SECONDS = 300  # ten missed beats: the process is gone (or so stuck it is as good as gone)
INTERRUPTED = gettext_noop("Interrupted: the process running this job stopped. Start it again to resume.")


def job_kind(name: str) -> Callable[[JobFunction], JobFunction]:
    def register(fn: JobFunction) -> JobFunction:
        _KINDS[name] = fn
        return fn

    return register


PROGRESS_CACHE = "jobs"  # a cache every process of the machine shares (settings.CACHES)
PROGRESS_TTL = 24 * 3600


class Progress:
    """Writes progress to the Job row at most every `interval` seconds (and always at the end).

    Work that runs inside one transaction (an all-or-nothing import) cannot show progress on the row: the
    update would stay invisible until the commit. There the progress goes aside: on PostgreSQL through a
    second connection of its own, which commits at once; on SQLite, where a second writer would wait for
    the import's lock, into the shared cache, which `job_live()` lays over the row."""

    interval = 0.5

    def __init__(self, job: Job, *, interval: float | None = None, echo: Callable[[Job], None] | None = None):
        self.job = job
        if interval is not None:
            self.interval = interval
        self.echo = echo
        self._last = 0.0
        self._side: Any = None

    def __call__(self, done: int, total: int | None = None, message: str | None = None, *, force=False):
        self.job.progress_done = done
        if total is not None:
            self.job.progress_total = total
        if message is not None:
            self.job.message = str(message)[:300]
        now = time.monotonic()
        if force or now - self._last >= self.interval:
            self._last = now
            self._publish()
            if self.echo:
                self.echo(self.job)

    def _publish(self) -> None:
        values = {
            "progress_done": self.job.progress_done,
            "progress_total": self.job.progress_total,
            "message": self.job.message,
        }
        if not transaction.get_connection().in_atomic_block:
            Job.objects.filter(pk=self.job.pk).update(**values, heartbeat_at=timezone.now())
        elif connection.vendor == "postgresql":
            self._side_update(values)
        else:
            caches[PROGRESS_CACHE].set(_progress_key(self.job), values, PROGRESS_TTL)

    def _side_update(self, values: dict[str, Any]) -> None:
        # A connection outside the connection handler: in autocommit, and used by nobody else. Should the
        # job's own transaction hold the row (a job that wrote it there), the update gives up after a
        # second instead of waiting for that transaction forever, and the cache carries the progress.
        names = ", ".join(f"{name} = %s" for name in values)  # the three column names above
        sql = f"UPDATE {Job._meta.db_table} SET {names} WHERE id = %s"  # noqa: S608
        try:
            if self._side is None:
                self._side = connections.create_connection(DEFAULT_DB_ALIAS)
                with self._side.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '1s'")
            with self._side.cursor() as cursor:
                cursor.execute(sql, [*values.values(), self.job.pk])
        except DatabaseError:
            log.warning("job %s: progress through a second connection failed", self.job.pk, exc_info=True)
            caches[PROGRESS_CACHE].set(_progress_key(self.job), values, PROGRESS_TTL)

    def close(self) -> None:
        """Release the side connection and the cached progress; the row now holds the truth."""
        if self._side is not None:
            self._side.close()
            self._side = None
        caches[PROGRESS_CACHE].delete(_progress_key(self.job))


def _progress_key(job: Job) -> str:
    # The creation time as well as the id: ids start again in a new database (tests), the cache does not.
    return f"ansinh.job.{job.pk}.{job.created_at.timestamp() if job.created_at else ''}"


def job_live(job: Job) -> Job:
    """The job with the progress its running transaction reported aside (SQLite), if any."""
    if job.status == JobStatus.RUNNING:
        values = caches[PROGRESS_CACHE].get(_progress_key(job))
        if values:
            for name, value in values.items():
                setattr(job, name, value)
    return job


def job_start(*, actor: Actor | None, kind: str, params: dict[str, Any], province_code: str = "") -> Job:
    if kind not in _KINDS:
        _import_kinds()
    if kind not in _KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        params=params,
        province_code=province_code,
        created_by=actor if isinstance(actor, get_user_model()) and actor.pk else None,
    )
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def job_run_inline(job: Job, *, echo: Callable[[Job], None] | None = None) -> Job:
    """Run a job in this process (the CLI path); the same code the worker runs."""
    return _execute(job.pk, echo=echo)


@task()
def run_job(job_id: int) -> None:
    _execute(job_id)


def _execute(job_id: int, *, echo: Callable[[Job], None] | None = None) -> Job:
    _import_kinds()
    jobs_sweep_interrupted()
    job = Job.objects.get(pk=job_id)
    if job.status == JobStatus.SUCCEEDED:
        return job
    fn = _KINDS[job.kind]
    job.status, job.started_at, job.error = JobStatus.RUNNING, timezone.now(), ""
    job.worker, job.heartbeat_at = _this_process(), job.started_at
    job.save(update_fields=["status", "started_at", "error", "worker", "heartbeat_at"])
    progress = Progress(job, echo=echo)
    try:
        with _heartbeat(job.pk):
            return _run(job, fn, progress, echo)
    finally:
        progress.close()


def _run(job: Job, fn: JobFunction, progress: Progress, echo: Callable[[Job], None] | None) -> Job:
    try:
        result = fn(job, progress, **job.params)
    except Exception as exc:  # the job records any failure; the worker keeps running
        log.exception("job %s failed", job.pk)
        job.status = JobStatus.FAILED
        if isinstance(exc, ApplicationError):
            job.error = job.message = str(exc.message)
        elif is_database_busy(exc):
            # Another long write held the database past the busy timeout: nothing was half-saved and
            # starting the job again later works; say so instead of showing a traceback.
            job.error = job.message = str(BUSY_MESSAGE)
        else:
            job.error = traceback.format_exc(limit=5)
            job.message = str(exc)
        job.message = job.message[:300]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "message", "finished_at"])
        if echo:
            echo(job)
        return job
    job.status, job.result, job.finished_at = JobStatus.SUCCEEDED, result, timezone.now()
    job.save(update_fields=["status", "result", "finished_at", "progress_done", "progress_total", "message"])
    if echo:
        echo(job)
    return job


def _this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


class _heartbeat:
    """Beat every HEARTBEAT_SECONDS while the job runs, from a thread with its own connection, so a job
    busy in one long statement (no progress to report) still shows it is alive."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def __enter__(self) -> None:
        self.thread.start()

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _beat(self) -> None:
        beaten = False
        try:
            while not self.stop.wait(HEARTBEAT_SECONDS):
                beaten = True
                try:
                    alive = Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING)
                    alive.update(heartbeat_at=timezone.now())
                except DatabaseError:  # a missed beat (a busy database) is not the job's failure
                    log.warning("job %s: heartbeat not written", self.job_id, exc_info=True)
        finally:
            if beaten:
                connections.close_all()


def _process_gone(worker: str) -> bool:
    """True when `worker` ("host:pid") is a process of this host that no longer exists."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:  # it exists, as another user
        return False
    return False


def job_interrupted(job: Job, *, now: dt.datetime | None = None) -> bool:
    """Whether a job marked running has in fact lost its process."""
    if job.status != JobStatus.RUNNING:
        return False
    now = now or timezone.now()
    beat = job.heartbeat_at or job.started_at or job.created_at
    stale = beat is not None and (now - beat).total_seconds() > STALE_AFTER_SECONDS
    return stale or (bool(job.worker) and _process_gone(job.worker))


def jobs_sweep_interrupted(*, ids: list[int] | None = None) -> list[int]:
    """Mark the running jobs (all, or those of `ids`) whose process is gone as failed, interrupted; their
    ids. The work they did stays: the job kinds are resumable, so starting one again continues it."""
    now = timezone.now()
    running = Job.objects.filter(status=JobStatus.RUNNING)
    if ids is not None:
        running = running.filter(pk__in=ids)
    fields = ("pk", "status", "worker", "heartbeat_at", "started_at", "created_at")
    gone = [job.pk for job in running.only(*fields) if job_interrupted(job, now=now)]
    if gone:
        with translation.override(settings.LANGUAGE_CODE):  # progress messages are stored as shown
            message = translation.gettext(INTERRUPTED)
        Job.objects.filter(pk__in=gone, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, message=message, error=message, finished_at=now
        )
        log.warning("jobs %s: interrupted (their process is gone)", gone)
    return gone


def job_get(*, actor: Actor, job_id: int) -> Job:
    """A job the actor started, or one for a province in the actor's scope; NotFound otherwise."""
    qs = Job.objects.all()
    level = getattr(actor, "scope_level", "missing")
    if level == "missing" or not getattr(actor, "is_authenticated", False):
        raise NotFound("job")
    if level is not None:
        unit = actor.scope_unit
        province = unit.province_code if unit is not None else None
        qs = qs.filter(Q(created_by=actor) | Q(province_code=province or "-"))
    try:
        job = job_live(qs.get(pk=job_id))
    except (Job.DoesNotExist, ValueError, TypeError):
        raise NotFound("job") from None
    if job_interrupted(job):
        jobs_sweep_interrupted(ids=[job.pk])
        job.refresh_from_db()
    return job


def _import_kinds() -> None:
    """Job kinds live in each app's `jobs.py`; importing them registers them."""
    from importlib import import_module

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("ansinh."):
            try:
                import_module(f"{config.name}.jobs")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.jobs":
                    raise
