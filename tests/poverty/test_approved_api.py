"""The approved lists through the API, as the pages have them: the certificate (GET a draft, POST issue),
the decision and posting PDFs, the lists by status and of members (JSON pages with the pages' filters, and
.xlsx), the health-insurance file (full IDs only with poverty.insurance_ids, audited), the import of last
year's lists (201 now, 422 with every refused row, 202 and a job for a long file); out of scope is not
found."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ansinh.core import clock
from ansinh.core.models import AuditEvent, Job
from ansinh.poverty.approved import imports
from ansinh.poverty.models import PovertyStatus
from tests.poverty.test_approved import (  # noqa: F401 (fixtures)
    HEADER,
    _xlsx,
    decided,
    flat,
    login,
    sheet_rows,
    village,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/poverty"


def test_certificate(commune_officer, other_commune_officer, auditor, decided, village):  # noqa: F811
    poor, near, middle, _fourth = village
    api = login(commune_officer)
    with clock.frozen(dt.date(2026, 1, 5)):
        draft = flat(api.get(f"{API}/households/{poor.pk}/certificate.pdf"))
        issued = flat(api.post(f"{API}/households/{poor.pk}/certificate/issue"))
        again = flat(api.get(f"{API}/households/{poor.pk}/certificate.pdf"))
        refused = api.get(f"{API}/households/{middle.pk}/certificate.pdf")
        other = login(other_commune_officer).get(f"{API}/households/{poor.pk}/certificate.pdf")
        reader = login(auditor).post(f"{API}/households/{near.pk}/certificate/issue")
    assert "DỰ THẢO" in draft and "Số: /GCN-UBND" in draft  # a GET takes no number
    assert "Số: 1/GCN-UBND" in issued and "Số: 1/GCN-UBND" in again and "HỘ NGHÈO" in issued
    assert refused.status_code == 409 and refused.json()["code"] == "certificate.not_poor"
    assert other.status_code == 404
    assert reader.status_code == 403


def test_decision_and_posting_lists(commune_officer, other_commune_officer, decided, village):  # noqa: F811
    api = login(commune_officer)
    text = flat(api.get(f"{API}/rounds/{decided.pk}/decision.pdf"))
    assert "QUYẾT ĐỊNH" in text and "Số: 30/QĐ-UBND" in text and "Hộ nghèo: 2 hộ" in text
    posting = flat(api.get(f"{API}/rounds/{decided.pk}/posting.pdf", {"village": "Bản Noong Bua"}))
    assert "Bản Noong Bua" in posting and village[0].code in posting and village[3].code not in posting
    assert "3 ngày làm việc" in posting and "đến hết ngày 19/11/2025" in posting
    missing = api.get(f"{API}/rounds/{decided.pk}/posting.pdf")
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "village"
    assert api.get(f"{API}/rounds/{decided.pk}/posting.pdf", {"village": "Bản Không Có"}).status_code == 404
    other = login(other_commune_officer)
    assert other.get(f"{API}/rounds/{decided.pk}/decision.pdf").status_code == 404
    assert other.get(f"{API}/rounds/{decided.pk}/posting.pdf").status_code == 404


def test_lists_paged_and_exported(commune_officer, other_commune_officer, decided, village):  # noqa: F811
    api = login(commune_officer)
    poor = api.get(f"{API}/statuses", {"status": "poor", "page_size": 1})
    assert poor.status_code == 200
    body = poor.json()
    assert body["count"] == 2 and len(body["items"]) == 1
    second = api.get(f"{API}/statuses", {"status": "poor", "page_size": 1, "page": 2}).json()["items"]
    codes = {body["items"][0]["household_code"], second[0]["household_code"]}
    assert codes == {village[0].code, village[3].code}
    item = body["items"][0]
    assert item["status"] == "poor" and item["decision_number"] == "30/QĐ-UBND"
    assert item["valid_from"] == "2025-11-25" and item["commune"]["id"] == village[0].commune_id
    everyone = api.get(f"{API}/statuses", {"sort": "-code"}).json()
    assert [i["household_code"] for i in everyone["items"]] == sorted((h.code for h in village), reverse=True)
    assert api.get(f"{API}/statuses", {"q": village[2].code}).json()["count"] == 1
    members = api.get(f"{API}/members").json()
    head = village[0].head
    row = next(m for m in members["items"] if m["person_id"] == head.pk)
    assert row["personal_id"] != head.personal_id and row["personal_id"].endswith(head.personal_id[-3:])
    assert row["status"] == "poor" and row["household_code"] == village[0].code
    assert village[2].code not in {m["household_code"] for m in members["items"]}  # middle: not listed
    sheet = api.get(f"{API}/members.xlsx")
    assert sheet.status_code == 200
    rows = sheet_rows(sheet.content)
    assert any(village[0].code in map(str, r) for r in rows)
    assert not any(head.personal_id in map(str, r) for r in rows)
    statuses = sheet_rows(api.get(f"{API}/statuses.xlsx", {"status": "near_poor"}).content)
    assert any(village[1].code in map(str, r) for r in statuses)
    assert not any(village[0].code in map(str, r) for r in statuses)
    assert AuditEvent.objects.filter(action="export").count() >= 2
    other = login(other_commune_officer)
    assert other.get(f"{API}/statuses").json()["count"] == 0
    assert other.get(f"{API}/members").json()["count"] == 0


def test_a_long_list_is_exported_by_a_job(
    commune_officer,
    decided,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    settings.LIST_EXPORT_SYNC_ROWS = 1
    api = login(commune_officer)
    with django_capture_on_commit_callbacks(execute=True):
        started = api.get(f"{API}/statuses.xlsx")
    assert started.status_code == 202, started.content[:300]
    job_id = started.json()["job_id"]
    job = api.get(f"{API}/jobs/{job_id}").json()
    assert job["kind"] == "export" and job["status"] == "succeeded"
    assert api.get(f"{API}/jobs/{job_id}/file").status_code == 200


def test_health_insurance_file(commune_officer, analyst, other_commune_officer, decided, village, commune_b):  # noqa: F811
    head = village[0].head
    full = login(commune_officer).get(f"{API}/insurance.xlsx", {"on": "2026-01-05"})
    assert full.status_code == 200
    data = sheet_rows(full.content)[5:]
    assert len(data) == 3 and head.personal_id in {r[4] for r in data}
    event = AuditEvent.objects.get(object_type="poverty.health_insurance")
    assert event.after["full_ids"] is True and event.after["rows"] == 3
    masked = sheet_rows(login(analyst).get(f"{API}/insurance.xlsx", {"on": "2026-01-05"}).content)[5:]
    assert len(masked) == 3 and head.personal_id not in {r[4] for r in masked}
    assert AuditEvent.objects.filter(object_type="poverty.health_insurance").count() == 2
    mine = login(commune_officer)
    assert mine.get(f"{API}/insurance.xlsx", {"on": "2026-01-05", "commune": commune_b.pk}).status_code == 404
    bad = mine.get(f"{API}/insurance.xlsx", {"on": "31/02/2026"})
    assert bad.status_code == 422
    other = login(other_commune_officer).get(f"{API}/insurance.xlsx", {"on": "2026-01-05"})
    assert len(sheet_rows(other.content)) == 5  # the header only


def _file(content: bytes, name: str = "ds.xlsx"):
    return SimpleUploadedFile(name, content, content_type=imports.XLSX_TYPE)


def test_import(commune_officer, analyst, village):  # noqa: F811
    api = login(commune_officer)
    bad = _xlsx([HEADER, [village[0].code, "", "Giàu", "12/QĐ-UBND", "20/12/2024"],
                 ["HH-KHONG-CO", "", "Hộ nghèo", "12/QĐ-UBND", "20/12/2024"]])  # fmt: skip
    refused = api.post(f"{API}/imports", {"file": _file(bad)})
    assert refused.status_code == 422
    error = refused.json()
    assert error["code"] == "import.refused"
    assert {(e["row"], e["code"]) for e in error["errors"]} == {
        (2, "status.unknown"),
        (3, "household.not_found"),
    }
    assert not PovertyStatus.objects.exists()
    good = _xlsx([HEADER, [village[0].code, "", "Hộ nghèo", "12/QĐ-UBND", "20/12/2024"],
                  [village[1].code, "", "Hộ cận nghèo", "12/QĐ-UBND", "20/12/2024"]])  # fmt: skip
    done = api.post(f"{API}/imports", {"file": _file(good)})
    assert done.status_code == 201
    assert done.json() == {"households": 2, "poor": 1, "near_poor": 1, "others": 0}
    assert PovertyStatus.objects.count() == 2
    assert login(analyst).post(f"{API}/imports", {"file": _file(good)}).status_code == 403
    template = api.get(f"{API}/import-template")
    assert template.status_code == 200 and sheet_rows(template.content)[0][:2] == HEADER[:2]


def test_a_long_import_runs_as_a_job(
    commune_officer,
    village,  # noqa: F811
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(imports, "SYNC_ROWS", 1)
    api = login(commune_officer)
    good = _xlsx([HEADER, [village[0].code, "", "Hộ nghèo", "12/QĐ-UBND", "20/12/2024"],
                  [village[1].code, "", "Hộ cận nghèo", "12/QĐ-UBND", "20/12/2024"]])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(f"{API}/imports", {"file": _file(good)})
    assert started.status_code == 202, started.content[:300]
    job = api.get(f"{API}/jobs/{started.json()['id']}").json()
    assert job["kind"] == "import" and job["status"] == "succeeded"
    assert job["result"]["households"] == 2 and job["result"]["poor"] == 1
    assert PovertyStatus.objects.count() == 2
    # A refused long file: the job's result lists every refused row, nothing is written.
    bad = _xlsx([HEADER, [village[2].code, "", "Giàu", "12/QĐ-UBND", "20/12/2024"],
                 [village[3].code, "", "Hộ nghèo", "", "20/12/2024"]])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(f"{API}/imports", {"file": _file(bad)})
    result = api.get(f"{API}/jobs/{started.json()['id']}").json()["result"]
    assert result["refused"] is True and result["refused_rows"] == 2
    assert {r["code"] for r in result["rows"]} == {"status.unknown", "decision_number.required"}
    assert PovertyStatus.objects.count() == 2
    assert Job.objects.filter(kind=imports.JOB).count() == 2
