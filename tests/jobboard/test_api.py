"""/api/v1/board: public search and detail, interest and submission with the same validation, and the
counsellor queues (token or session, `labour.change`, own province only)."""

from __future__ import annotations

import pytest

from ansinh.jobboard.models import SubmissionStatus, VacancyInterest, VacancySubmission
from tests.jobboard.test_submission import raw

pytestmark = pytest.mark.django_db

BASE = "/api/v1/board"


def test_search_without_login_paginated(client, accountant, safety_officer, welder, expired, closed):
    data = client.get(f"{BASE}/vacancies", {"q": "toan"}).json()
    assert data["count"] == 2 and {i["id"] for i in data["items"]} == {accountant.pk, safety_officer.pk}
    assert client.get(f"{BASE}/vacancies", {"q": "toàn"}).json()["items"][0]["id"] == safety_officer.pk
    everything = client.get(f"{BASE}/vacancies").json()
    assert everything["count"] == 3  # closed and expired never listed
    assert client.get(f"{BASE}/vacancies", {"occupation": "72"}).json()["items"][0]["id"] == welder.pk
    wage = client.get(f"{BASE}/vacancies", {"sort": "wage", "wage_min": 10_500_000}).json()
    assert [i["id"] for i in wage["items"]] == [accountant.pk, safety_officer.pk]
    assert client.get(f"{BASE}/vacancies", {"province": "01"}).json()["count"] == 0


def test_search_queries_do_not_grow_with_the_page(client, make_vacancy, django_assert_max_num_queries):
    employer = make_vacancy(title="Thủ kho", occupation_code="4321").employer
    for _ in range(19):
        make_vacancy(employer=employer, title="Thủ kho", occupation_code="4321")
    client.get(f"{BASE}/vacancies")  # province names are read once per process
    with django_assert_max_num_queries(3):  # count, ids, rows
        data = client.get(f"{BASE}/vacancies", {"q": "thu kho"}).json()
    assert len(data["items"]) == 20 and data["items"][0]["province_name"] == "Tỉnh Điện Biên"


def test_search_refuses_bad_parameters(client, accountant):
    bad = client.get(f"{BASE}/vacancies", {"province": "99"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "province"
    assert client.get(f"{BASE}/vacancies", {"sort": "random"}).status_code == 422
    assert client.get(f"{BASE}/vacancies", {"wage_min": "lots"}).status_code == 422


def test_detail_with_centre_contact_and_404s(client, accountant, expired, closed):
    body = client.get(f"{BASE}/vacancies/{accountant.pk}").json()
    assert body["title"] == "Kế toán tổng hợp" and body["contact"]["is_centre"] is True
    assert "0912000111" not in str(body)
    for vacancy in (expired, closed):
        response = client.get(f"{BASE}/vacancies/{vacancy.pk}")
        assert response.status_code == 404 and response.json()["code"] == "vacancy.not_found"


def test_interest_post_and_errors_by_field(client, accountant):
    url = f"{BASE}/vacancies/{accountant.pk}/interest"
    bad = client.post(url, {"full_name": "", "phone": "0123"}, content_type="application/json")
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"full_name", "phone", "consent"}
    good = client.post(
        url,
        {"full_name": "Lò Văn Thắng", "phone": "0987654321", "consent": True},
        content_type="application/json",
    )
    assert good.status_code == 201 and good.json()["status"] == "new"
    assert "0987654321" not in good.content.decode()
    assert VacancyInterest.objects.count() == 1


def test_interest_rate_limited(client, accountant, settings):
    settings.JOBBOARD_RATE_LIMIT = 1
    url = f"{BASE}/vacancies/{accountant.pk}/interest"
    payload = {"full_name": "Lò Văn Thắng", "phone": "0987654321", "consent": True}
    assert client.post(url, payload, content_type="application/json").status_code == 201
    limited = client.post(url, payload, content_type="application/json")
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"


def test_submission_and_status(client, commune_a):
    payload = raw(commune_a, posts=2, wage_min=8_000_000, wage_max=11_000_000)
    created = client.post(f"{BASE}/submissions", payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    reference = created.json()["reference"]
    status = client.get(
        f"{BASE}/submissions/status", {"reference": reference, "tax_code": payload["tax_code"]}
    )
    assert status.status_code == 200 and status.json()["status"] == "pending"
    assert (
        client.get(
            f"{BASE}/submissions/status", {"reference": reference, "tax_code": "0100000000"}
        ).status_code
        == 404
    )
    bad = client.post(
        f"{BASE}/submissions", {**payload, "tax_code": "12", "title": ""}, content_type="application/json"
    )
    assert bad.status_code == 422 and {"tax_code", "title"} <= {e["field"] for e in bad.json()["errors"]}


@pytest.fixture
def pending(commune_a):
    from ansinh.jobboard import services
    from ansinh.jobboard.inputs import parse_submission

    return services.submission_create(data=parse_submission(raw(commune_a)))


def test_staff_endpoints_need_auth_capability_and_scope(client, pending, commune_officer, other_counsellor):
    one = f"{BASE}/submissions/{pending.pk}"
    urls = [
        ("get", f"{BASE}/submissions"),
        ("get", f"{BASE}/interests"),
        ("get", one),
        ("post", f"{one}/approve"),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 401
    client.force_login(commune_officer)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403
    client.force_login(other_counsellor)
    assert client.get(f"{BASE}/submissions").json()["count"] == 0
    assert client.get(f"{BASE}/submissions/{pending.pk}").status_code == 404
    assert client.post(f"{BASE}/submissions/{pending.pk}/approve").status_code == 404
    response = client.post(
        f"{BASE}/submissions/{pending.pk}/reject", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == SubmissionStatus.PENDING


def test_staff_approve_with_a_token(client, counsellor, pending):
    from ansinh.accounts.services import token_create

    _token, key = token_create(actor=counsellor, user=counsellor, name="tích hợp")
    headers = {"Authorization": f"Bearer {key}"}
    listed = client.get(f"{BASE}/submissions", headers=headers).json()
    assert [i["reference"] for i in listed["items"]] == [pending.reference]
    approved = client.post(f"{BASE}/submissions/{pending.pk}/approve", headers=headers)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["vacancy_id"]
    again = client.post(f"{BASE}/submissions/{pending.pk}/approve", headers=headers)
    assert again.status_code == 409


def test_staff_reject_and_interest_queue(client, counsellor, pending, accountant):
    client.force_login(counsellor)
    bad = client.post(
        f"{BASE}/submissions/{pending.pk}/reject", {"reason": ""}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    ok = client.post(
        f"{BASE}/submissions/{pending.pk}/reject", {"reason": "Trùng tin"}, content_type="application/json"
    )
    assert ok.json()["status"] == "rejected"
    assert VacancySubmission.objects.get().reject_reason == "Trùng tin"
    client.post(
        f"{BASE}/vacancies/{accountant.pk}/interest",
        {"full_name": "Lò Văn Thắng", "phone": "0987654321", "consent": True},
        content_type="application/json",
    )
    queue = client.get(f"{BASE}/interests").json()
    assert queue["count"] == 1 and queue["items"][0]["phone"] == "0987654321"
    interest_id = queue["items"][0]["id"]
    handled = client.post(
        f"{BASE}/interests/{interest_id}/handle", {"note": "Đã gọi"}, content_type="application/json"
    )
    assert handled.status_code == 200 and handled.json()["status"] == "handled"
    assert client.get(f"{BASE}/interests").json()["count"] == 0
