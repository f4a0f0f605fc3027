"""Closing a registration or a vacancy and recording a hire ask first; without `confirmed` nothing changes."""

from __future__ import annotations

import pytest

from ansinh.labour.models import JobSeeker, Placement, Vacancy

pytestmark = pytest.mark.django_db


def _asked(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200 and "data-confirm-content" in html, html[:300]
    return html


def test_closing_asks_first(client, counsellor, make_seeker, make_vacancy):
    seeker, vacancy = make_seeker(), make_vacancy()
    client.force_login(counsellor)
    html = _asked(client.post(f"/labour/seekers/{seeker.pk}/close/", {"reason": "withdrawn"}))
    assert (seeker.person.full_name in html and "Không còn nhu cầu" in html) or "Lý do" in html
    html = _asked(client.post(f"/labour/vacancies/{vacancy.pk}/close/", {"reason": "filled", "version": "1"}))
    assert vacancy.title in html
    assert JobSeeker.objects.get(pk=seeker.pk).status == seeker.status
    assert Vacancy.objects.get(pk=vacancy.pk).status == vacancy.status


def test_recording_a_hire_asks_first(client, counsellor, make_seeker):
    seeker = make_seeker()
    client.force_login(counsellor)
    data = {"placed_on": "01/03/2026", "employer_name": "Công ty May Điện Biên", "job_title": "Thợ may"}
    html = _asked(client.post(f"/labour/seekers/{seeker.pk}/placement/", data))
    assert "Công ty May Điện Biên" in html and "Thợ may" in html
    assert not Placement.objects.filter(seeker=seeker).exists()
    assert JobSeeker.objects.get(pk=seeker.pk).status == seeker.status


def test_out_of_scope_is_404_before_any_question(client, other_counsellor, make_seeker):
    seeker = make_seeker()
    client.force_login(other_counsellor)
    assert client.post(f"/labour/seekers/{seeker.pk}/close/", {"reason": "withdrawn"}).status_code == 404
