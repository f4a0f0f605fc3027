"""The payments API: role × endpoint, scope (out of scope reads like missing), the workflow end to end."""

from __future__ import annotations

import json

import pytest

from ansinh.payments import services
from tests.payments.conftest import MONTH, SA_2025
from tests.payments.test_workflow import result_csv

ROLES = [
    "province_officer",
    "other_province_officer",
    "commune_officer",
    "other_commune_officer",
    "analyst",
    "auditor",
    "counsellor",
    "anonymous",
]
BASE = "/api/v1/payments"

# Expected status per endpoint, in the order of ROLES.
MATRIX = {
    "list": [200, 200, 200, 200, 200, 200, 403, 401],
    "detail": [200, 404, 200, 200, 200, 200, 403, 401],
    "lines": [200, 404, 200, 200, 200, 200, 403, 401],
    "report": [200, 404, 200, 200, 200, 200, 403, 401],
    "submit": [200, 404, 403, 403, 403, 403, 403, 401],
    "create": [201, 404, 403, 403, 403, 403, 403, 401],
}


@pytest.fixture
def cycle(enrol, generated, commune_b, make_person):
    enrol(start_month=MONTH)
    person_b = make_person(
        commune_id=commune_b.pk, birth_date="1950-01-01", bank_code="VCB", bank_account="0055667788"
    )
    enrol(person=person_b, start_month=MONTH)
    return generated()


def _call(client, endpoint, cycle):
    if endpoint == "list":
        return client.get(f"{BASE}/cycles")
    if endpoint == "detail":
        return client.get(f"{BASE}/cycles/{cycle.pk}")
    if endpoint == "lines":
        return client.get(f"{BASE}/cycles/{cycle.pk}/lines")
    if endpoint == "report":
        return client.get(f"{BASE}/cycles/{cycle.pk}/report")
    if endpoint == "submit":
        return client.post(f"{BASE}/cycles/{cycle.pk}/submit")
    if endpoint == "create":
        body = json.dumps({"province_code": "11", "month": "2025-11"})
        return client.post(f"{BASE}/cycles", data=body, content_type="application/json")
    raise AssertionError(endpoint)


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", list(MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_permission_matrix(request, client, cycle, endpoint, role_index):
    role = ROLES[role_index]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = _call(client, endpoint, cycle)
    assert response.status_code == MATRIX[endpoint][role_index], response.content
    if response.status_code >= 400:
        assert {"code", "message"} <= set(response.json())


@pytest.mark.django_db
def test_out_of_scope_reads_like_missing(client, cycle, other_province_officer):
    client.force_login(other_province_officer)
    out_of_scope = client.get(f"{BASE}/cycles/{cycle.pk}")
    missing = client.get(f"{BASE}/cycles/987654")
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json()
    assert client.get(f"{BASE}/cycles").json()["count"] == 0


@pytest.mark.django_db
def test_commune_officer_sees_only_their_commune_with_masked_accounts(
    client, cycle, commune_officer, commune_a
):
    client.force_login(commune_officer)
    items = client.get(f"{BASE}/cycles/{cycle.pk}/lines").json()["items"]
    assert [x["commune_id"] for x in items] == [commune_a.pk]
    assert items[0]["account_masked"].startswith("****") and "account" not in items[0]
    report = client.get(f"{BASE}/cycles/{cycle.pk}/report").json()
    assert report["totals"]["count"] == 1


@pytest.mark.django_db
def test_workflow_through_the_api(client, cycle, province_officer, approver):
    client.force_login(province_officer)
    assert client.post(f"{BASE}/cycles/{cycle.pk}/submit").json()["status"] == "submitted"
    refused = client.post(f"{BASE}/cycles/{cycle.pk}/approve")
    assert refused.status_code == 403 and refused.json()["code"] == "cycle.maker_checker"
    client.force_login(approver)
    assert client.post(f"{BASE}/cycles/{cycle.pk}/approve").json()["status"] == "approved"
    client.force_login(province_officer)
    batch = client.post(f"{BASE}/cycles/{cycle.pk}/export")
    assert batch.status_code == 201 and batch.json()["line_count"] == 2
    csv_file = client.get(f"{BASE}/cycles/{cycle.pk}/export/file?fmt=csv")
    xlsx_file = client.get(f"{BASE}/cycles/{cycle.pk}/export/file?fmt=xlsx")
    assert csv_file["Content-Disposition"].endswith('.csv"') and b"".join(xlsx_file)[:2] == b"PK"
    from django.core.files.uploadedfile import SimpleUploadedFile

    cycle.refresh_from_db()
    content = result_csv(cycle.batches.get(), control=(2, 2 * SA_2025 + 5))
    bad = client.post(f"{BASE}/cycles/{cycle.pk}/result", {"file": SimpleUploadedFile("kq.csv", content)})
    assert bad.status_code == 422 and bad.json()["errors"]
    good = client.post(
        f"{BASE}/cycles/{cycle.pk}/result",
        {"file": SimpleUploadedFile("kq.csv", result_csv(cycle.batches.get()))},
    )
    assert good.status_code == 201 and good.json()["paid_count"] == 2
    assert client.get(f"{BASE}/cycles/{cycle.pk}").json()["status"] == "reconciled"
    report = client.get(f"{BASE}/cycles/{cycle.pk}/report.xlsx")
    assert report.status_code == 200 and report.content[:2] == b"PK"


@pytest.mark.django_db
def test_generate_starts_a_job(client, cycle, province_officer, django_capture_on_commit_callbacks):
    client.force_login(province_officer)
    response = client.post(f"{BASE}/cycles/{cycle.pk}/generate")
    assert response.status_code == 202 and response.json()["url"].startswith("/jobs/")
    cycle.refresh_from_db()
    assert cycle.job_id == response.json()["job_id"] and cycle.generated_by == province_officer


@pytest.mark.django_db
def test_analyst_cannot_download_the_bank_file(client, cycle, province_officer, approver, analyst):
    services.cycle_submit(actor=province_officer, cycle=cycle)
    services.cycle_approve(actor=approver, cycle=cycle)
    services.batch_export(actor=province_officer, cycle=cycle)
    client.force_login(analyst)
    assert client.get(f"{BASE}/cycles/{cycle.pk}/export/file").status_code == 403


@pytest.mark.django_db
def test_a_batch_written_by_the_task_queue_downloads_whole_through_the_api(
    client, cycle, province_officer, approver, settings, django_capture_on_commit_callbacks
):
    # A large batch is written to a file by a job; the API streams that file, not an empty body.
    settings.PAYMENTS_INLINE_EXPORT_LINES = 0
    services.cycle_submit(actor=province_officer, cycle=cycle)
    services.cycle_approve(actor=approver, cycle=cycle)
    client.force_login(province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{BASE}/cycles/{cycle.pk}/export").status_code in (201, 202)
    cycle.refresh_from_db()
    batch = cycle.batches.get()
    downloaded = b"".join(client.get(f"{BASE}/cycles/{cycle.pk}/export/file?fmt=csv"))
    assert downloaded and downloaded == services.render_batch(batch=batch, cycle=cycle, fmt="csv").content


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["analyst", "auditor", "commune_officer"])
def test_a_reader_uploading_a_bank_result_is_refused_before_the_cycle_is_looked_at(
    request, client, cycle, reader
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(request.getfixturevalue(reader))
    upload = SimpleUploadedFile("ket-qua.csv", b"reference;status\n", content_type="text/csv")
    response = client.post(f"{BASE}/cycles/{cycle.pk}/result", {"file": upload})
    assert response.status_code == 403, response.json()
    assert response.json()["code"] == "permission_denied"
