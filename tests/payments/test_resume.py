"""A generation whose process was killed (kill -9, a lost machine) is shown as interrupted rather than
running for ever, and generating again resumes from the cycle's cursor; a live one is not run twice."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys

import pytest
from django.utils import timezone, translation

from ansinh.core.errors import Conflict
from ansinh.core.jobs import STALE_AFTER_SECONDS, job_get, job_run_inline, jobs_sweep_interrupted
from ansinh.core.models import Job, JobStatus
from ansinh.payments import services
from ansinh.payments.models import CycleStatus, PaymentLine
from tests.payments.conftest import MONTH

pytestmark = pytest.mark.django_db


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()  # reaped: the pid no longer names a process
    return process.pid


def _running(job: Job, *, worker: str, beat_seconds_ago: float = 0) -> None:
    beat = timezone.now() - dt.timedelta(seconds=beat_seconds_ago)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=beat, heartbeat_at=beat, worker=worker
    )


@pytest.fixture
def half_generated(enrol, new_cycle, province_officer):
    """Five enrolments; the generation job got through two of them before its process was killed."""
    for _ in range(5):
        enrol(start_month=MONTH)
    cycle = new_cycle()
    job = services.cycle_generation_start(actor=province_officer, cycle=cycle)
    services.cycle_generate(cycle=cycle, chunk_size=2, stop_after_chunks=1)
    _running(job, worker=f"{socket.gethostname()}:{_dead_pid()}")
    return cycle, job


def test_a_killed_generation_is_shown_interrupted_and_resumes(half_generated, province_officer):
    cycle, job = half_generated
    with translation.override("vi"):
        seen = job_get(actor=province_officer, job_id=job.pk)  # what the cycle page polls
    assert seen.status == JobStatus.FAILED and seen.finished
    assert seen.message.startswith("Bị gián đoạn")
    again = job_run_inline(services.cycle_generation_start(actor=province_officer, cycle=cycle))
    assert again.status == JobStatus.SUCCEEDED, again.error
    assert again.result["inserted"] == 3  # only the three enrolments after the cursor
    cycle.refresh_from_db()
    keys = list(PaymentLine.objects.values_list("enrolment_id", "for_month", "kind", "attempt"))
    assert cycle.status == CycleStatus.GENERATED and cycle.line_count == len(keys) == len(set(keys)) == 5


def test_a_rerun_sweeps_the_dead_job_first(half_generated, province_officer):
    cycle, job = half_generated
    again = services.cycle_generation_start(actor=province_officer, cycle=cycle)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and again.pk != job.pk


def test_a_generation_still_running_is_not_started_twice(half_generated, province_officer):
    cycle, job = half_generated
    _running(job, worker=f"{socket.gethostname()}:{os.getpid()}")  # alive, beating
    with pytest.raises(Conflict) as refused:
        services.cycle_generation_start(actor=province_officer, cycle=cycle)
    assert refused.value.code == "cycle.generation_running"
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_a_job_on_another_machine_is_interrupted_once_its_heartbeat_is_stale(half_generated):
    _, job = half_generated
    _running(job, worker="other-host:4242", beat_seconds_ago=STALE_AFTER_SECONDS / 2)
    assert jobs_sweep_interrupted() == []
    _running(job, worker="other-host:4242", beat_seconds_ago=STALE_AFTER_SECONDS + 5)
    assert jobs_sweep_interrupted() == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None


def test_the_jobs_command_shows_it_interrupted(half_generated):
    from io import StringIO

    from django.core.management import call_command

    _, job = half_generated
    out = StringIO()
    call_command("jobs", "list", stdout=out)
    assert f"#{job.pk} payments.cycle_generate failed" in out.getvalue()
