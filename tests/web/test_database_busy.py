"""A database locked by someone else's long write: the request is answered 503 "busy, try again"
(in Vietnamese, with Retry-After), never a 500; the incidental token write never holds up a read."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import timezone

from ansinh.accounts.models import ApiToken
from ansinh.accounts.services import token_authenticate, token_create
from ansinh.core.dbbusy import is_database_busy

BUSY_VI = "Hệ thống đang bận xử lý công việc khác. Vui lòng thử lại sau vài giây."


def _locked(*args, **kwargs):
    raise OperationalError("database is locked")


@pytest.fixture
def locked_person_list(monkeypatch):
    from ansinh.registry import selectors

    monkeypatch.setattr(selectors, "person_queryset", _locked)
    monkeypatch.setattr(selectors, "person_search", _locked)


def test_api_answers_503_in_vietnamese_with_retry_after(client, province_officer, locked_person_list):
    client.force_login(province_officer)
    response = client.get("/api/v1/registry/persons")
    assert response.status_code == 503
    assert response.json() == {"code": "database.busy", "message": BUSY_VI}
    assert response["Retry-After"] == "10"


def test_api_busy_message_in_english_on_request(client, province_officer, locked_person_list):
    client.force_login(province_officer)
    response = client.get("/api/v1/registry/persons", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert response.json()["message"].startswith("The system is busy")


def test_page_answers_503_busy_page(client, province_officer, locked_person_list):
    client.force_login(province_officer)
    response = client.get("/persons/", {"q": "Nguyễn"})
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    body = response.content.decode()
    assert "Hệ thống đang bận" in body and BUSY_VI in body
    assert "Traceback" not in body


def test_other_database_errors_are_not_called_busy():
    assert not is_database_busy(OperationalError("no such table: registry_person"))
    assert is_database_busy(OperationalError("database is locked"))


def test_server_error_handler_answers_busy_when_a_middleware_hit_the_lock(rf: RequestFactory):
    from ansinh.web.busy import handler500

    request = rf.get("/persons/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        assert sys.exc_info()[0] is OperationalError
        response = handler500(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"


def test_token_sign_in_survives_a_locked_database(db, province_officer, monkeypatch):
    _token, secret = token_create(actor=None, user=province_officer, name="sync")
    monkeypatch.setattr(ApiToken.objects, "filter", _filter_that_locks_updates(ApiToken.objects.filter))
    assert token_authenticate(secret) == province_officer


def _filter_that_locks_updates(original):
    def filter_(*args, **kwargs):
        qs = original(*args, **kwargs)
        qs.update = _locked
        return qs

    return filter_


def test_token_last_use_is_written_at_most_every_few_minutes(db, province_officer):
    token, secret = token_create(actor=None, user=province_officer, name="sync")
    token_authenticate(secret)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    token_authenticate(secret)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - dt.timedelta(minutes=6))
    token_authenticate(secret)
    token.refresh_from_db()
    assert token.last_used_at > first


def test_a_job_failing_on_the_lock_says_busy_not_a_traceback(db, province_officer, monkeypatch):
    from ansinh.core import jobs
    from ansinh.core.models import Job, JobStatus

    @jobs.job_kind("tests.locked")
    def _locked_job(job, progress):
        raise OperationalError("database is locked")

    job = Job.objects.create(kind="tests.locked", params={})
    jobs._execute(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == BUSY_VI
    assert "Traceback" not in job.error
