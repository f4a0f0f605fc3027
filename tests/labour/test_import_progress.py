"""A long import shows its progress while it runs, although its rows are written in one transaction."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client

from ansinh.core import jobs
from ansinh.core.models import Job, JobStatus
from ansinh.labour.models import JobSeeker
from ansinh.labour.registration import imports, services
from tests.labour.test_imports_exports import _csv, _seeker_row

ROWS = 12


def _read_from_another_thread(client: Client, seen: dict) -> None:
    """What the job page, the API and `ansinh jobs show` say, each through this thread's connection."""
    try:
        job = Job.objects.filter(kind=imports.JOB).latest("pk")
        seen["status"], seen["percent"] = job.status, jobs.job_live(job).percent
        seen["api"] = client.get(f"/api/v1/labour/import-jobs/{job.pk}").json()
        seen["page"] = client.get(f"/jobs/{job.pk}/").content.decode()
        out = io.StringIO()
        call_command("jobs", "show", str(job.pk), stdout=out)
        seen["cli"] = out.getvalue()
        if connection.vendor == "postgresql":  # SQLite's shared test database locks the written tables
            seen["seekers"] = JobSeeker.objects.count()
    except Exception as exc:  # reported by the test, not lost in the thread
        seen["error"] = exc
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_before_the_import_commits(counsellor, commune_a, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 5)  # twelve rows go to the task queue
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(jobs.Progress, "interval", 0.0)
    client = Client()
    client.force_login(counsellor)
    seen: dict = {}
    register = services.seeker_register
    calls = []

    def register_and_look(**kwargs):
        calls.append(1)
        if len(calls) == 9:  # row 9 of 12 in the writing pass: 3/4 of the way
            assert transaction.get_connection().in_atomic_block  # nothing committed yet
            reader = threading.Thread(target=_read_from_another_thread, args=(client, seen))
            reader.start()
            reader.join(30)
        return register(**kwargs)

    monkeypatch.setattr(services, "seeker_register", register_and_look)
    content = _csv([_seeker_row(commune_a) for _ in range(ROWS)])
    job = imports.import_or_start(actor=counsellor, kind="seekers", filename="ds.csv", content=content)
    assert "error" not in seen, seen.get("error")
    assert seen["status"] == JobStatus.RUNNING and 50 < seen["percent"] < 100
    assert seen["api"]["status"] == "running" and seen["api"]["percent"] == seen["percent"]
    assert seen["api"]["message"] == "Đang nhập các dòng"
    assert f"· {seen['percent']}%" in seen["page"]
    assert f"running {seen['percent']}%" in seen["cli"]
    assert seen.get("seekers", 0) == 0
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.percent == 100
    assert JobSeeker.objects.count() == ROWS


@pytest.mark.django_db
def test_the_checking_pass_writes_progress_on_the_row(counsellor, commune_a, monkeypatch):
    """Rows are checked before the write transaction opens; a refused file is refused after both passes."""
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 1)
    reports = []

    def progress(done, total, message):
        reports.append((done, total, str(message), len(transaction.get_connection().atomic_blocks)))

    rows = [_seeker_row(commune_a), _seeker_row(commune_a, **{"Giới tính": "?"})]
    with pytest.raises(imports.ImportRefused):
        imports.import_file(
            actor=counsellor, kind="seekers", filename="ds.csv", content=_csv(rows), progress=progress
        )
    assert [(d, t, m) for d, t, m, _depth in reports] == [
        (1, 4, "Đang kiểm tra các dòng"),
        (2, 4, "Đang kiểm tra các dòng"),
        (2, 4, "Đang nhập các dòng"),
        (3, 4, "Đang nhập các dòng"),
        (4, 4, "Đang nhập các dòng"),
    ]
    depths = [depth for *_rest, depth in reports]
    outside = len(transaction.get_connection().atomic_blocks)  # the test's own transaction, no more
    assert depths[:3] == [outside] * 3 and all(depth > outside for depth in depths[3:])
