"""Removing a household member asks first and says when it is the head; the page follows its job."""

from __future__ import annotations

import pytest

from ansinh.core.jobs import job_start
from ansinh.core.models import Job, JobStatus
from ansinh.registry.models import Household

pytestmark = pytest.mark.django_db


def test_removing_the_head_asks_first(login, commune_officer, make_person, commune_a):
    head = make_person(full_name="Giàng A Páo", sex="M", birth_date="1970-01-01")
    client = login(commune_officer)
    household_url = client.post("/households/new/", {"head": head.pk, "commune": commune_a.pk, "code": ""})[
        "Location"
    ]
    household = Household.objects.get()
    response = client.post(f"{household_url}members/{head.pk}/remove/")
    html = response.content.decode()
    assert response.status_code == 200 and "data-confirm-content" in html
    assert "Đưa chủ hộ Giàng A Páo ra khỏi hộ" in html and "không còn chủ hộ" in html
    assert Household.objects.get().head_id == head.pk
    assert household.members.filter(left_on__isnull=True).count() == 1


def test_the_poll_that_sees_the_job_finish_reloads_the_page(login, province_officer, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client = login(province_officer)
    job = job_start(actor=province_officer, kind="payments.cycle_generate", params={"cycle_id": 0},
                    province_code="11")  # fmt: skip
    url = f"/jobs/{job.pk}/"
    running = client.get(url, headers={"HX-Request": "true"})
    assert "HX-Refresh" not in running and 'hx-trigger="every 1s"' in running.content.decode()
    assert "<noscript>" in client.get(url).content.decode()  # without JavaScript: a meta refresh and a link
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, progress_done=1, progress_total=1)
    finished = client.get(url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true" and finished.content == b""
    page = client.get(url).content.decode()
    assert "every 1s" not in page and "<noscript>" not in page
