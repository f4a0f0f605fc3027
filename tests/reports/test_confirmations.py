"""Approving, returning or unlocking a report asks first (submitting is asked with the report's checks)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ansinh.reports.models import ReportSubmission

pytestmark = pytest.mark.django_db


def test_approve_asks_first(client, commune_officer, province_officer, commune_a):
    client.force_login(commune_officer)
    client.post(reverse("reports:submission_action", args=[commune_a.code, "2025H1", "submit"]))
    assert ReportSubmission.objects.get().status == "submitted"
    client.force_login(province_officer)
    for action in ("approve", "return"):
        url = reverse("reports:submission_action", args=[commune_a.code, "2025H1", action])
        response = client.post(url, {"comment": "Thiếu số liệu BHXH"})
        html = response.content.decode()
        assert response.status_code == 200 and "data-confirm-content" in html and commune_a.name in html
    assert ReportSubmission.objects.get().status == "submitted"
