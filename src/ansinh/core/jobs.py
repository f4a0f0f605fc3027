"""Long work in the background task queue (django-tasks-db), with progress the web and CLI can show.

A job kind is a function registered with `@job_kind("payments.cycle_generate")` taking
`(job, progress, **params)`. `job_start()` records a Job and enqueues it when the transaction
commits; the worker (`ansinh db_worker`) runs it. `job_run_inline()` runs one in the current
process (the CLI does this and prints the progress). A failed job keeps its error; the work
itself must be resumable, so starting the same kind again continues where it stopped.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from ansinh.core.dbbusy import BUSY_MESSAGE, is_database_busy
from ansinh.core.errors import ApplicationError, NotFound
from ansinh.core.models import Job, JobStatus

log = logging.getLogger(__name__)

JobFunction = Callable[..., Any]
_KINDS: dict[str, JobFunction] = {}


def job_kind(name: str) -> Callable[[JobFunction], JobFunction]:
    def register(fn: JobFunction) -> JobFunction:
        _KINDS[name] = fn
        return fn

    return register


class Progress:
    """Writes progress to the Job row at most every `interval` seconds (and always at the end)."""

    def __init__(self, job: Job, *, interval: float = 0.5, echo: Callable[[Job], None] | None = None):
        self.job = job
        self.interval = interval
        self.echo = echo
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, message: str | None = None, *, force=False):
        self.job.progress_done = done
        if total is not None:
            self.job.progress_total = total
        if message is not None:
            self.job.message = str(message)[:300]
        now = time.monotonic()
        if force or now - self._last >= self.interval:
            self._last = now
            Job.objects.filter(pk=self.job.pk).update(
                progress_done=self.job.progress_done,
                progress_total=self.job.progress_total,
                message=self.job.message,
            )
            if self.echo:
                self.echo(self.job)


def job_start(*, actor: Any, kind: str, params: dict[str, Any], province_code: str = "") -> Job:
    if kind not in _KINDS:
        _import_kinds()
    if kind not in _KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        params=params,
        province_code=province_code,
        created_by=actor if getattr(actor, "pk", None) else None,
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
    job = Job.objects.get(pk=job_id)
    if job.status == JobStatus.SUCCEEDED:
        return job
    fn = _KINDS[job.kind]
    job.status, job.started_at, job.error = JobStatus.RUNNING, timezone.now(), ""
    job.save(update_fields=["status", "started_at", "error"])
    progress = Progress(job, echo=echo)
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


def job_get(*, actor: Any, job_id: int) -> Job:
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
        return qs.get(pk=job_id)
    except (Job.DoesNotExist, ValueError, TypeError):
        raise NotFound("job") from None


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
