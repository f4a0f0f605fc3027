import os
import socket
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from ansinh.core import jobs
from ansinh.core.errors import ApplicationError, NotFound
from ansinh.core.models import Job


@jobs.job_kind("tests.count")
def _count(job, progress, *, upto: int):
    for i in range(1, upto + 1):
        progress(i, upto, f"step {i}")
    progress(upto, upto, "done", force=True)
    return {"counted": upto, "url": "/somewhere/"}


@jobs.job_kind("tests.fail")
def _fail(job, progress):
    progress(1, 4)
    raise ApplicationError("tests.bad", "the input was refused")


def test_job_runs_on_commit_and_records_progress(db, province_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_start(
            actor=province_officer, kind="tests.count", params={"upto": 3}, province_code="11"
        )
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert job.result == {"counted": 3, "url": "/somewhere/"}
    assert (job.progress_done, job.progress_total, job.percent) == (3, 3, 100)
    assert job.started_at and job.finished_at


def test_job_not_started_before_commit(db, province_officer):
    job = jobs.job_start(actor=province_officer, kind="tests.count", params={"upto": 1})
    job.refresh_from_db()
    assert job.status == "queued"


def test_failed_job_keeps_its_error(db, province_officer):
    job = Job.objects.create(kind="tests.fail", params={}, created_by=province_officer)
    job = jobs.job_run_inline(job)
    assert job.status == "failed"
    assert "the input was refused" in job.error
    assert job.percent == 25


def test_unknown_kind_refused(db, province_officer):
    with pytest.raises(ValueError):
        jobs.job_start(actor=province_officer, kind="tests.nope", params={})


def test_job_scope(db, province_officer, other_province_officer, analyst):
    job = Job.objects.create(kind="tests.count", params={"upto": 1}, province_code="11", created_by=analyst)
    assert jobs.job_get(actor=province_officer, job_id=job.pk) == job
    assert jobs.job_get(actor=analyst, job_id=job.pk) == job
    with pytest.raises(NotFound):
        jobs.job_get(actor=other_province_officer, job_id=job.pk)
    with pytest.raises(NotFound):
        jobs.job_get(actor=province_officer, job_id=job.pk + 1000)


def test_job_page_and_partial(client, province_officer, other_province_officer):
    job = Job.objects.create(
        kind="tests.count",
        params={"upto": 2},
        province_code="11",
        progress_total=4,
        progress_done=1,
        status="running",
        created_by=province_officer,
    )
    client.force_login(province_officer)
    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200
    assert "25%" in page.content.decode()
    partial = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert 'hx-trigger="every 1s"' in body and "<html" not in body
    client.force_login(other_province_officer)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


def test_jobs_command(db, capsys, province_officer):
    job = jobs.job_run_inline(Job.objects.create(kind="tests.count", params={"upto": 2}))
    call_command("jobs", "show", str(job.pk))
    assert f"#{job.pk} tests.count succeeded 100%" in capsys.readouterr().out
    failed = jobs.job_run_inline(Job.objects.create(kind="tests.fail", params={}))
    with pytest.raises(SystemExit):
        call_command("jobs", "show", str(failed.pk))


@jobs.job_kind("tests.quiet")
def _quiet(job, progress, *, seconds: float):
    time.sleep(seconds)  # one long step with no progress to report
    return {}


@pytest.mark.django_db(transaction=True)
def test_a_running_job_records_its_process_and_beats_without_progress(monkeypatch):
    monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0.05)
    job = jobs.job_run_inline(Job.objects.create(kind="tests.quiet", params={"seconds": 0.5}))
    assert job.status == "succeeded"
    job.refresh_from_db()
    assert job.worker == f"{socket.gethostname()}:{os.getpid()}"
    assert job.heartbeat_at > job.started_at


def test_a_job_whose_process_is_gone_is_failed_as_interrupted(db):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # reaped: its pid names no process
    now = timezone.now()
    dead = Job.objects.create(
        kind="tests.count",
        status="running",
        started_at=now,
        heartbeat_at=now,
        worker=f"{socket.gethostname()}:{gone.pid}",
    )
    alive = Job.objects.create(kind="tests.count", status="running", started_at=now, heartbeat_at=now)
    assert jobs.jobs_sweep_interrupted() == [dead.pk]
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, alive.status) == ("failed", "running")
    assert dead.finished and dead.message
