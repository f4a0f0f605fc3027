"""/api/v1/reports: bulk figures all or nothing, catalogue, submissions, plans; negative permission cases."""

import json
from decimal import Decimal as D

import pytest

from ansinh.reports.models import DataValue, Indicator

pytestmark = pytest.mark.django_db
BASE = "/api/v1/reports"


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _values(*items):
    return {"dataValues": list(items)}


def test_anonymous_gets_401(client):
    assert client.get(f"{BASE}/values?period=2025H1&unit=11").status_code == 401
    assert _post(client, f"{BASE}/values", _values()).status_code == 401


def test_bulk_write_and_read_back(client, province_officer, commune_a):
    client.force_login(province_officer)
    body = _values(
        {
            "indicator": "SI.PARTICIPANTS",
            "unit": "11",
            "period": "2025H1",
            "value": 485412,
            "comment": "BHXH tỉnh",
        },
        {
            "indicator": "CHILD.SPECIAL_SUPPORTED",
            "unit": commune_a.code,
            "period": "2025H1",
            "numerator": 12,
            "denominator": 800,
        },
    )
    response = _post(client, f"{BASE}/values", body)
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 2, "updated": 0, "deleted": 0, "unchanged": 0}
    read = client.get(f"{BASE}/values?period=2025H1&unit=11&children=true").json()["dataValues"]
    got = {(v["indicator"], v["unit"]): v for v in read}
    assert D(got[("SI.PARTICIPANTS", "11")]["value"]) == D(485412)
    assert D(got[("CHILD.SPECIAL_SUPPORTED", commune_a.code)]["denominator"]) == D(800)


def test_bulk_write_is_all_or_nothing_with_every_refusal_listed(
    client, commune_officer, commune_a, commune_b
):
    client.force_login(commune_officer)
    body = _values(
        {"indicator": "SI.PARTICIPANTS", "unit": commune_a.code, "period": "2025H1", "value": 10},
        {"indicator": "SI.PARTICIPANTS", "unit": commune_b.code, "period": "2025H1", "value": 10},
        {
            "indicator": "VET.TRAINED_RATE",
            "unit": commune_a.code,
            "period": "2025H1",
            "numerator": 9,
            "denominator": 5,
        },
        {"indicator": "SA.SPENDING", "unit": commune_a.code, "period": "2025", "value": 10},
    )
    response = _post(client, f"{BASE}/values", body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["index"], e["field"], e["code"]) for e in errors] == [
        (1, "1.unit", "unit.not_found"),
        (2, "2.numerator", "value.numerator_above_denominator"),
        (3, "3.indicator", "indicator.computed"),
    ]
    assert not DataValue.objects.exists()


def test_legacy_unit_for_history(client, analyst, admin_user, other_province_officer, unit):
    # A province officer of Hải Phòng (31) loads old Hải Dương's 2024 figure.
    from tests.conftest import _user

    hai_phong = unit("31", level="province")
    officer = _user("so_haiphong", "province_officer", hai_phong)
    client.force_login(officer)
    item = {
        "indicator": "SI.PARTICIPANTS",
        "unit": "30",
        "structure": "legacy",
        "period": "2024",
        "value": 400000,
    }
    assert _post(client, f"{BASE}/values", _values(item)).status_code == 200
    row = DataValue.objects.get()
    assert (row.structure, row.province_code) == ("legacy", "31")
    client.force_login(other_province_officer)  # Hà Nội may not write Hải Dương's history
    assert _post(client, f"{BASE}/values", _values(item)).status_code == 422


def test_roles_and_scope_on_reads_and_writes(client, analyst, auditor, other_province_officer, commune_a):
    client.force_login(auditor)
    item = {"indicator": "SI.PARTICIPANTS", "unit": commune_a.code, "period": "2025H1", "value": 1}
    assert _post(client, f"{BASE}/values", _values(item)).status_code == 403
    assert client.get(f"{BASE}/values?period=2025H1&unit=11").status_code == 200
    client.force_login(other_province_officer)
    assert client.get(f"{BASE}/values?period=2025H1&unit=11").status_code == 404
    assert client.get(f"{BASE}/values?period=2025H9&unit=01").status_code == 422


def test_catalogue_read_and_write(client, analyst, admin_user):
    client.force_login(analyst)
    codes = [i["code"] for i in client.get(f"{BASE}/indicators").json()]
    assert "LM.JOB_FAIRS" in codes and "PAY.NONCASH_SHARE_COUNT" in codes
    body = {
        "code": "OSH.DEATHS",
        "name_vi": "Số người chết vì tai nạn lao động",
        "name_en": "Deaths in accidents",
        "unit_vi": "người",
        "unit_en": "persons",
        "higher_is_better": False,
    }
    assert _post(client, f"{BASE}/indicators", body).status_code == 403
    client.force_login(admin_user)
    assert _post(client, f"{BASE}/indicators", body).status_code == 201
    changed = client.put(
        f"{BASE}/indicators/OSH.DEATHS",
        data=json.dumps({**body, "order": 5}),
        content_type="application/json",
    )
    assert changed.status_code == 200 and Indicator.objects.get(code="OSH.DEATHS").order == 5


def test_submission_actions_and_overview(client, commune_officer, province_officer, commune_a):
    client.force_login(commune_officer)
    assert (
        _post(client, f"{BASE}/submissions/{commune_a.code}/2025H1/submit", {}).json()["status"]
        == "submitted"
    )
    assert _post(client, f"{BASE}/submissions/{commune_a.code}/2025H1/approve", {}).status_code == 403
    client.force_login(province_officer)
    overview = client.get(f"{BASE}/submissions?period=2025H1").json()
    assert (
        commune_a.code not in overview["missing"] and len(overview["missing"]) == len(overview["units"]) - 1
    )
    returned = _post(client, f"{BASE}/submissions/{commune_a.code}/2025H1/return", {"comment": ""})
    assert returned.status_code == 422 and returned.json()["errors"][0]["field"] == "comment"
    assert (
        _post(client, f"{BASE}/submissions/{commune_a.code}/2025H1/approve", {}).json()["status"]
        == "approved"
    )
    assert (
        _post(client, f"{BASE}/submissions/{commune_a.code}/2025H1/unlock", {"reason": "Sửa số liệu"}).json()[
            "status"
        ]
        == "draft"
    )


def test_plans(client, province_officer, other_province_officer):
    client.force_login(province_officer)
    body = {"indicator": "LM.NEW_JOBS", "unit": "11", "year": 2025, "value": "58000"}
    response = client.put(f"{BASE}/plans", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200 and D(response.json()["value"]) == D(58000)
    client.force_login(other_province_officer)
    response = client.put(f"{BASE}/plans", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 404


def test_a_bare_list_is_accepted_too(client, commune_officer, commune_a):
    client.force_login(commune_officer)
    body = [{"indicator": "OSH.ACCIDENTS", "unit": commune_a.code, "period": "2025", "value": "2"}]
    assert _post(client, f"{BASE}/values", body).json()["created"] == 1
    assert _post(client, f"{BASE}/values", {"rows": []}).status_code == 422


def test_the_endpoints_are_in_the_openapi_document(client, analyst):
    client.force_login(analyst)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/reports/values", "/api/v1/reports/indicators", "/api/v1/reports/plans"):
        assert path in paths
