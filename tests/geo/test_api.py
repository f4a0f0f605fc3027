"""/api/v1/geo: the router served by a minimal API with the project's `{code, message}` error shape."""

from __future__ import annotations

import pytest
from ninja import NinjaAPI
from ninja.testing import TestClient

from ansinh.core.errors import ApplicationError
from ansinh.geo.api import router

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def client():
    # Mounted on an API of its own so these tests do not depend on the rest of /api/v1 (and its
    # authentication): the routes are public reference data and must answer without credentials.
    api = NinjaAPI(urls_namespace="geo-tests")

    @api.exception_handler(ApplicationError)
    def application_error(request, exc):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    api.add_router("/geo", router)
    return TestClient(api)


def test_list_is_paginated_and_filtered(client, units, django_assert_num_queries):
    with django_assert_num_queries(3):  # the parent, the count, one page with parents joined
        response = client.get("/geo/units?level=commune&on=2025-07-01&parent=44&limit=5")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] > 5 and len(body["items"]) == 5
    assert {item["parent_code"] for item in body["items"]} == {"44"}
    assert {item["structure"] for item in body["items"]} == {"2025"}


def test_list_before_the_reform(client, units):
    body = client.get("/geo/units?level=district&on=2025-06-30&limit=500").json()
    assert body["count"] == 696
    assert client.get("/geo/units?level=district&on=2025-07-01").json()["count"] == 0


def test_list_errors(client, units):
    assert client.get("/geo/units?level=village").status_code == 422
    assert client.get("/geo/units?level=commune&on=not-a-date").status_code == 422
    response = client.get("/geo/units?level=commune&parent=999")
    assert response.status_code == 400
    assert response.json()["code"] == "unit.parent_not_found"


def test_detail_has_lineage_both_ways(client, units):
    old = client.get("/geo/units/province/44?on=2025-06-30").json()
    assert old["name"] == "Tỉnh Quảng Bình" and old["valid_to"] == "2025-06-30"
    assert [(s["code"], s["name"], s["kind"]) for s in old["successors"]] == [
        ("44", "Tỉnh Quảng Trị", "merged")
    ]
    assert old["predecessors"] == []
    new = client.get("/geo/units/province/44").json()  # today
    assert new["name"] == "Tỉnh Quảng Trị"
    assert {p["name"] for p in new["predecessors"]} == {"Tỉnh Quảng Bình", "Tỉnh Quảng Trị"}


def test_detail_not_found(client, units):
    response = client.get("/geo/units/district/450?on=2025-07-01")
    assert response.status_code == 404
    assert response.json()["code"] == "unit.not_found"


def test_convert(client, units):
    response = client.get("/geo/convert", query_params={"address": "bao ninh, dong hoi, quang binh"})
    assert response.status_code == 200
    assert response.json()["new"]["commune"] == {"code": "18880", "name": "Phường Đồng Hới"}
    failed = client.get("/geo/convert", query_params={"address": "bao ninh, dong hoi, atlantis"})
    assert failed.status_code == 400
    assert failed.json()["code"] == "address.province_not_found"


def test_mounted_under_api_v1_and_public(units):
    """Through the project's own /api/v1 (global token auth): anonymous callers get the reference data."""
    from django.test import Client

    response = Client().get("/api/v1/geo/units", {"level": "province", "on": "2025-07-01", "limit": 50})
    assert response.status_code == 200
    assert response.json()["count"] == 34
