"""Pages and API of the claims, with their negative permission cases; the calculator's CLI, API and page."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from ansinh.unemployment.models import Claim, ClaimStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def login(user):
    client = Client()
    client.force_login(user)
    return client


UI_FACTS = {
    "termination_date": "2026-01-01",
    "avg_salary_6m": 60_000_000,
    "contribution_months": 200,
    "salary_regime": "employer",
    "region": 1,
    "filed_on": "2026-01-05",
}


# --- the calculator -------------------------------------------------------------------------------------


def run_cli(*args):
    out = StringIO()
    try:
        call_command("calc", *args, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


def test_cli_answer():
    code, data = run_cli("unemployment-benefit", "--facts", json.dumps(UI_FACTS), "--lang", "en")
    assert code == 0
    assert {"regime", "eligible", "monthly_amount", "months", "lines", "notes"} <= set(data)
    assert (data["regime"], data["eligible"], data["monthly_amount"], data["months"]) == (
        "unemployment_benefit", True, 26_550_000, 12,
    )  # fmt: skip
    assert (data["start_date"], data["carried_over_months"], data["law"]) == ("2026-01-19", 56, "2025")
    assert data["lines"][1]["basis"].endswith("Nghị định 293/2025/NĐ-CP, Điều 3")


@pytest.mark.parametrize(
    ("facts", "error_code"),
    [
        ("{not json", "facts.bad_json"),
        (json.dumps({**UI_FACTS, "region": 0}), "facts.unknown_region"),
        (json.dumps({**UI_FACTS, "termination_date": "1/1/2026"}), "facts.bad_date"),
        (json.dumps({k: v for k, v in UI_FACTS.items() if k != "avg_salary_6m"}), "facts.missing"),
        (json.dumps([1, 2]), "facts.not_an_object"),
    ],
)
def test_cli_bad_facts_exit_2(facts, error_code):
    code, data = run_cli("unemployment-benefit", "--facts", facts)
    assert code == 2 and data["error"]["code"] == error_code and data["error"]["message"]


def test_cli_not_eligible_is_exit_0():
    code, data = run_cli(
        "unemployment-benefit", "--facts", json.dumps({**UI_FACTS, "contribution_months": 11})
    )
    assert code == 0 and (data["eligible"], data["monthly_amount"], data["months"]) == (False, 0, 0)


def test_api_200_and_422():
    client = Client(enforce_csrf_checks=True)
    url = "/api/v1/calc/unemployment-benefit"
    response = client.post(url, json.dumps(UI_FACTS), content_type="application/json")
    assert response.status_code == 200
    assert response.json()["monthly_amount"] == 26_550_000 and response.json()["months"] == 12
    bad = client.post(url, json.dumps({**UI_FACTS, "salary_regime": "x"}), content_type="application/json")
    assert bad.status_code == 422 and bad.json()["code"] == "facts.unknown_salary_regime"
    assert client.post(url, "{", content_type="application/json").json()["code"] == "facts.bad_json"


def test_existing_regimes_unchanged():
    client = Client()
    body = {"on": "2025-08-01", "birth_date": "1953-01-01", "household": "near_poor", "pension_monthly": 0}
    data = client.post(
        "/api/v1/calc/social-pension", json.dumps(body), content_type="application/json"
    ).json()
    assert set(data) == {"regime", "eligible", "monthly_amount", "lines", "notes", "provisional"}


def test_public_calculator_page():
    client = Client()
    assert client.get("/unemployment/calc/").status_code == 302
    page = client.get("/calc/?regime=unemployment-benefit")
    assert page.status_code == 200 and b'id="calc-unemployment-benefit"' in page.content
    form = {
        "regime": "unemployment-benefit",
        "ui-termination_date": "15/10/2025",
        "ui-filed_on": "20/10/2025",
        "ui-avg_salary_6m": "10.000.000",
        "ui-contribution_months": "40",
        "ui-salary_regime": "employer",
        "ui-region": "1",
        "ui-pension": "none",
    }
    response = client.post("/calc/", form, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    text = response.content.decode()
    assert "6.000.000 đ" in text and 'class="calc-months">3<' in text and "04/11/2025" in text
    bad = client.post("/calc/", {**form, "ui-avg_salary_6m": ""})
    assert bad.status_code == 422


# --- claims: pages ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(make_claim):
    claim = make_claim()
    client = Client()
    for url in ("/unemployment/", f"/unemployment/{claim.pk}/", "/unemployment/file/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]
    assert client.get("/api/v1/unemployment/claims").status_code == 401


def test_commune_officer_403_other_province_404(make_claim, commune_officer, other_counsellor):
    claim = make_claim()
    assert login(commune_officer).get("/unemployment/").status_code == 403
    assert login(commune_officer).get(f"/api/v1/unemployment/claims/{claim.pk}").status_code == 403
    other = login(other_counsellor)
    assert other.get(f"/unemployment/{claim.pk}/").status_code == 404
    assert other.get(f"/api/v1/unemployment/claims/{claim.pk}").status_code == 404
    assert (
        other.post(f"/unemployment/{claim.pk}/stop/", {"confirmed": "1", "reason": "other"}).status_code
        == 404
    )
    assert other.get("/api/v1/unemployment/claims").json()["count"] == 0


def test_province_officer_reads_but_cannot_decide(make_claim, province_officer):
    claim = make_claim()
    client = login(province_officer)
    assert client.get(f"/unemployment/{claim.pk}/").status_code == 200
    assert (
        client.post(f"/unemployment/{claim.pk}/decision/", {"confirmed": "1", "approve": "1"}).status_code
        == 403
    )


def test_queue_marks_overdue(make_claim, counsellor):
    claim = make_claim()
    response = login(counsellor).get("/unemployment/")
    assert response.status_code == 200
    assert claim.reference.encode() in response.content and b'class="overdue"' in response.content


def test_file_decide_report_stop_through_pages(counsellor, make_person):
    person = make_person(birth_date="1991-07-07")
    client = login(counsellor)
    form = {
        "personal_id": person.personal_id, "termination_date": "10/02/2026", "filed_on": "20/02/2026",
        "avg_salary_6m": "10.000.000", "contribution_months": "50", "salary_regime": "employer",
        "region": "1", "doc_application": "on", "doc_termination": "on", "job_title": "Thợ hàn điện",
        "general_education": "3",
    }  # fmt: skip
    bad = client.post("/unemployment/file/", {**form, "personal_id": "001099000001"})
    assert bad.status_code == 422
    response = client.post("/unemployment/file/", form)
    assert response.status_code == 302
    claim = Claim.objects.get(person=person)
    page = client.get(f"/unemployment/{claim.pk}/")
    assert page.status_code == 200 and "6.000.000 đ" in page.content.decode()
    stale = client.post(
        f"/unemployment/{claim.pk}/decision/",
        {
            "confirmed": "1",
            "approve": "1",
            "number": "7/QĐ",
            "decided_on": "05/03/2026",
            "signer": "Giám đốc",
            "version": "99",
        },
    )
    assert stale.status_code == 422
    decided = client.post(f"/unemployment/{claim.pk}/decision/",
        {"confirmed": "1", "approve": "1", "number": "7/QĐ", "decided_on": "05/03/2026", "signer": "Giám đốc",
         "version": str(claim.version)},
    )  # fmt: skip
    assert decided.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.months == 4
    report = client.post(
        f"/unemployment/{claim.pk}/reports/",
        {"month_index": "1", "reported_on": "09/03/2026", "jobs_applied": "2"},
    )
    assert report.status_code == 302 and claim.reports.count() == 1
    page = client.get(f"/unemployment/{claim.pk}/").content.decode()
    assert "Tổng số tiền được chi trả" in page or "Total payable" in page
    stop = client.post(
        f"/unemployment/{claim.pk}/stop/",
        {"confirmed": "1", "reason": "self_reported", "stopped_on": "01/05/2026"},
    )
    assert stop.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.STOPPED and claim.stop_reason == "self_reported"
    export = client.get("/unemployment/decisions/export/?format=csv")
    assert export.status_code == 200 and "7/QĐ" in export.content.decode("utf-8-sig")


# --- claims: API --------------------------------------------------------------------------------------


def test_api_claim_lifecycle(counsellor, make_person):
    person = make_person(birth_date="1992-08-08")
    client = login(counsellor)

    def post(url, body):
        return client.post(url, json.dumps(body), content_type="application/json")

    body = {
        "person_id": person.pk, "termination_date": "2025-11-10", "filed_on": "2025-11-20",
        "avg_salary_6m": 8_000_000, "contribution_months": 30, "salary_regime": "employer", "region": 2,
        "doc_application": True, "doc_termination": True, "job_title": "Kế toán", "general_education": 3,
    }  # fmt: skip
    created = post("/api/v1/unemployment/claims", body)
    assert created.status_code == 201, created.content
    claim = created.json()
    assert (claim["law"], claim["decision_due"]) == ("2013", None)  # 2013 law: the book is still missing
    docs = post(f"/api/v1/unemployment/claims/{claim['id']}/documents",
                {"doc_si_book": True, "complete_on": "2025-11-21", "version": claim["version"]})  # fmt: skip
    assert docs.status_code == 200 and docs.json()["decision_due"] == "2025-12-11"
    decided = post(
        f"/api/v1/unemployment/claims/{claim['id']}/decision",
        {"approve": True, "number": "1/QĐ", "decided_on": "2025-12-01", "signer": "GĐ"},
    )
    data = decided.json()
    # 60 % × 8,000,000; 16th day from 21/11/2025 (the complete file) is 06/12/2025.
    assert (data["monthly_amount"], data["months"], data["start_date"]) == (4_800_000, 3, "2025-12-06")
    assert len(data["schedule"]) == 3
    report = post(
        f"/api/v1/unemployment/claims/{claim['id']}/reports", {"month_index": 1, "reported_on": "2025-12-06"}
    )
    assert report.status_code == 201
    listed = client.get("/api/v1/unemployment/claims?queue=approved").json()
    assert listed["count"] == 1 and listed["items"][0]["personal_id_masked"].count("*") == 6
    stopped = post(f"/api/v1/unemployment/claims/{claim['id']}/stop", {"reason": "nonsense"})
    assert stopped.status_code == 422
    export = client.get("/api/v1/unemployment/decisions/export?format=xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_api_demo_command_is_deterministic(counsellor, units):
    out = StringIO()
    call_command("demo-unemployment", "--province", "11", "--as-of", "2026-09-30", stdout=out)
    first = sorted(Claim.objects.values_list("reference", "status", "monthly_amount"))
    assert len(first) >= 24 and {s for _r, s, _a in first} >= {"filed", "approved", "refused", "stopped"}
    call_command("demo-unemployment", "--province", "11", "--as-of", "2026-09-30", stdout=out)
    assert sorted(Claim.objects.values_list("reference", "status", "monthly_amount")) == first


def test_queue_query_count_does_not_grow(make_claim, counsellor, django_assert_max_num_queries):
    client = login(counsellor)
    make_claim()
    with django_assert_max_num_queries(12) as few:
        client.get("/unemployment/?queue=all")
    for _ in range(4):
        make_claim()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/unemployment/?queue=all")
    assert response.content.count(b"TCTN-11-") == 5
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/unemployment/claims?queue=all").json()["count"] == 5


def test_openapi_lists_the_endpoints():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/calc/unemployment-benefit" in paths
    assert {"/api/v1/unemployment/claims", "/api/v1/unemployment/claims/{claim_id}/decision"} <= set(paths)
