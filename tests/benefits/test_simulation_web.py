"""The simulation API (/api/v1/simulations) and page (/simulations/): sync for a province, a job for the
nation, scope and capability, and the result tables in Vietnamese number format."""

from __future__ import annotations

import pytest

from ansinh.core.jobs import job_run_inline
from ansinh.core.models import Job
from tests.benefits.test_simulation import world  # noqa: F401 (the fixture)

API = "/api/v1/simulations"
BODY = {
    "regime": "social_assistance",
    "standard": 650_000,
    "from_month": "2027-01-01",
    "coefficients": {"5a": "1.8", "6.severe": 1.2},
}


def post(client, body):
    return client.post(API, body, content_type="application/json")


# --- API -------------------------------------------------------------------------------------------


def test_api_province_runs_at_once(client, world, analyst):  # noqa: F811
    client.force_login(analyst)
    response = post(client, {**BODY, "province_code": "11"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["total"]["baseline_monthly"] == 1_620_000 and data["total"]["scenario_monthly"] == 1_950_000
    assert data["total"]["gaining"] == 1 and data["total"]["losing"] == 1
    assert not Job.objects.exists()


def test_api_nation_is_a_job(client, world, analyst):  # noqa: F811
    client.force_login(analyst)
    response = post(client, BODY)
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    assert client.get(f"{API}/jobs/{job_id}").json()["status"] == "queued"
    job_run_inline(Job.objects.get(pk=job_id))
    data = client.get(f"{API}/jobs/{job_id}").json()
    assert data["status"] == "succeeded" and data["percent"] == 100
    assert data["result"]["total"]["difference_yearly"] == 6_600_000
    assert [row["province_code"] for row in data["result"]["by_province"]] == ["01", "11"]


def test_api_province_officer_gets_own_province(client, world, province_officer):  # noqa: F811
    client.force_login(province_officer)
    response = post(client, BODY)
    assert response.status_code == 200
    assert [row["province_code"] for row in response.json()["by_province"]] == ["11"]
    assert post(client, {**BODY, "province_code": "01"}).status_code == 404


@pytest.mark.parametrize("role", ["commune_officer", "auditor", "counsellor"])
def test_api_refuses_roles_without_the_capability(request, client, world, role):  # noqa: F811
    client.force_login(request.getfixturevalue(role))
    assert post(client, BODY).status_code == 403


def test_api_anonymous_is_401(client, world):  # noqa: F811
    assert post(client, BODY).status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"coefficients": {"9": "1"}}, "coefficients"),
        ({"from_month": "2027-13"}, "from_month"),
        ({"standard": -1}, "standard"),
        ({"regime": "social_pension", "standard": 600_000}, "coefficients"),
        ({"regime": "pension"}, "regime"),
    ],
)
def test_api_bad_input_is_422(client, world, analyst, change, field):  # noqa: F811
    client.force_login(analyst)
    response = post(client, {**BODY, **change})
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Job.objects.exists()


def test_api_job_of_someone_else_in_another_scope_is_404(client, world, analyst, other_province_officer):  # noqa: F811
    client.force_login(analyst)
    job_id = post(client, BODY).json()["id"]
    client.force_login(other_province_officer)
    assert client.get(f"{API}/jobs/{job_id}").status_code == 404
    assert client.get(f"{API}/jobs/987654").status_code == 404


# --- pages -----------------------------------------------------------------------------------------


def test_page_form_job_and_result(client, world, analyst):  # noqa: F811
    client.force_login(analyst)
    page = client.get("/simulations/")
    assert page.status_code == 200 and b'name="coef_5a__under80"' in page.content
    response = client.post(
        "/simulations/",
        {"regime": "social_assistance", "standard": "650.000", "from_month": "01/2027", "province": "",
         "coef_5a__under80": "1,8", "coef_6__severe__adult": "1,2"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.get(kind="benefits.simulate")
    assert job.params["coefficients"] == {"5a.under80": "1.8", "6.severe.adult": "1.2"}
    waiting = client.get(response.url)
    assert b"job-progress" in waiting.content  # the progress bar while the job is queued
    job_run_inline(job)
    result = client.get(response.url)
    html = result.content.decode()
    # Vietnamese number format: 2.700.000 before, 3.250.000 after a month; 6.600.000 more a year.
    assert "2.700.000" in html and "3.250.000" in html and "+6.600.000" in html and "+20,37%" in html
    assert "+6,6" in html  # the headline: millions of đồng a year
    assert "Điện Biên" in html and "Hà Nội" in html
    assert "/simulations/jobs/" in client.get("/simulations/").content.decode()  # listed as recent


def test_page_refuses_bad_input_and_starts_nothing(client, world, analyst):  # noqa: F811
    client.force_login(analyst)
    response = client.post(
        "/simulations/", {"regime": "social_assistance", "standard": "", "from_month": "13/2027"}
    )
    assert response.status_code == 422
    assert not Job.objects.exists()


def test_page_province_officer_has_no_province_choice(client, world, province_officer):  # noqa: F811
    client.force_login(province_officer)
    page = client.get("/simulations/")
    assert page.status_code == 200 and b'name="province"' not in page.content
    response = client.post(
        "/simulations/", {"regime": "social_pension", "standard": "600000", "from_month": "2027-01"}
    )
    job = Job.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))
    assert job.province_code == "11" and job.params["province_code"] == "11"


@pytest.mark.parametrize("role", ["commune_officer", "auditor"])
def test_page_forbidden_without_the_capability(request, client, world, role):  # noqa: F811
    client.force_login(request.getfixturevalue(role))
    assert client.get("/simulations/").status_code == 403


def test_result_page_of_another_scope_is_404(client, world, analyst, other_province_officer):  # noqa: F811
    client.force_login(analyst)
    response = client.post(
        "/simulations/", {"regime": "social_pension", "standard": "600000", "from_month": "2027-01"}
    )
    client.force_login(other_province_officer)
    assert client.get(response.url).status_code == 404


def test_page_anonymous_goes_to_login(client, world):  # noqa: F811
    response = client.get("/simulations/")
    assert response.status_code == 302 and "/login/" in response.url
