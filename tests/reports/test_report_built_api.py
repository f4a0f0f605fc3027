"""/api/v1/reports/built: the built report as JSON and as a file; reports.view and scope enforced."""

from __future__ import annotations

import pytest

from ansinh.core.models import AuditAction, AuditEvent

URL = "/api/v1/reports/built"
pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(put, commune_a, commune_b):
    put("LM.NEW_JOBS", commune_a, "2025H1", value=120)
    put("LM.NEW_JOBS", commune_b, "2025H1", value=80)
    put("LM.NEW_JOBS", commune_a, "2024H1", value=100)
    put("LM.NEW_JOBS", commune_b, "2024H1", value=60)


def test_json_report_in_scope(client, province_officer, commune_a, figures):
    client.force_login(province_officer)
    response = client.get(URL, {"period": "2025H1", "unit": "11", "group": "LM", "lang": "en"})
    assert response.status_code == 200
    data = response.json()
    figure = data["unit"]["figures"]["LM.NEW_JOBS"]
    assert (figure["value"], figure["previous"], figure["change_pct"]) == ("200", "160", "25.00")
    children = {child["code"]: child for child in data["children"]}
    assert children[commune_a.code]["figures"]["LM.NEW_JOBS"]["value"] == "120"
    assert data["language"] == "en" and data["unit"]["name"] == "Tỉnh Điện Biên"
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()  # a read, not a file


def test_file_download_is_audited(client, analyst, figures):
    client.force_login(analyst)
    response = client.get(URL + "/file", {"period": "2025H1", "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao_toan-quoc_2025H1.pdf"'
    assert response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.object_id) == (analyst, "nation:2025H1")


def test_out_of_scope_is_404_and_wrong_input_422(client, province_officer, ha_noi_commune):
    client.force_login(province_officer)
    for params in ({"unit": "01"}, {"unit": ha_noi_commune.code}, {"unit": "99999"}):
        response = client.get(URL, {"period": "2025H1", **params})
        assert response.status_code == 404 and response.json()["code"] == "unit.not_found"
        assert client.get(URL + "/file", {"period": "2025H1", **params}).status_code == 404
    response = client.get(URL, {"period": "2025H9"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "period"
    response = client.get(URL + "/file", {"period": "2025H1", "format": "docx"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "format"


def test_role_without_reports_view_is_403_and_anonymous_401(client, admin_user):
    assert client.get(URL, {"period": "2025H1"}).status_code == 401
    client.force_login(admin_user)
    response = client.get(URL, {"period": "2025H1"})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
