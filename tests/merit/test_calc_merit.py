"""`ansinh calc merit-allowance --facts JSON`, POST /api/v1/calc/merit-allowance and /calc/merit/: the same
answer and the same refusals as `merit.rules.due`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

FACTS = {"on": "2024-07-01", "category": "war_invalid", "injury_rate": 81, "especially_severe": False,
         "martyrs": None, "lives_at_home": True}  # fmt: skip
KEYS = {
    "regime", "category", "label", "on", "standard", "eligible", "monthly_amount", "lines", "one_off_amount",
    "one_off", "notes", "provisional",
}  # fmt: skip
API = "/api/v1/calc/merit-allowance"


@pytest.fixture(autouse=True)
def _language():
    with translation.override("vi"):
        yield
    translation.activate(settings.LANGUAGE_CODE)


def run(*args: str) -> tuple[int, dict]:
    out = StringIO()
    try:
        call_command("calc", "merit-allowance", *args, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


def test_cli_war_invalid_81():
    code, data = run("--facts", json.dumps(FACTS))
    assert code == 0
    assert set(data) == KEYS
    assert data["regime"] == "merit" and data["eligible"] is True
    assert data["monthly_amount"] == 7_240_000 + 1_399_000 + 2_789_000  # PL II STT 61; PL I 6.1
    assert data["label"] == "Thương binh, người hưởng chính sách như thương binh"
    assert [line["amount"] for line in data["lines"]] == [7_240_000, 1_399_000, 2_789_000]
    assert data["lines"][0]["label"] == "Trợ cấp thương binh, tỷ lệ tổn thương 81 %"
    assert data["provisional"] is False


def test_cli_2026_is_provisional():
    code, data = run("--facts", json.dumps({"on": "2026-07-01", "category": "heroic_mother"}))
    assert code == 0
    # PL I 4 of 77/2024 × 3.012.000 / 2.789.000: 9.036.000 + 2.524.000 + 3.012.000
    assert data["monthly_amount"] == 9_036_000 + 2_524_000 + 3_012_000
    assert data["provisional"] is True and data["standard"] == 3_012_000
    assert any("tạm tính" in note for note in data["notes"])


def test_cli_english():
    code, data = run("--facts", json.dumps(FACTS), "--lang", "en")
    assert code == 0 and data["lines"][0]["label"] == "War invalid allowance, injury rate 81 %"


@pytest.mark.parametrize(
    ("facts", "error_code", "field"),
    [
        ("{not json", "facts.bad_json", "facts"),
        (
            '{"on": "2024-07-01", "category": "war_invalid", "injury_rate": 101}',
            "facts.bad_rate",
            "injury_rate",
        ),
        ('{"on": "2021-06-30", "category": "hero"}', "facts.before_law", "on"),
        ('{"on": "2024-07-01", "category": "martyr_relative", "martyrs": 0}', "facts.bad_martyrs", "martyrs"),
        ('{"on": "2024-07-01", "category": "hero", "extra": 1}', "facts.unknown_fact", "extra"),
        ('{"on": "2024-07-01", "category": "nobody"}', "facts.unknown_category", "category"),
    ],
)
def test_cli_refusals_exit_2(facts, error_code, field):
    code, data = run("--facts", facts)
    assert code == 2
    assert set(data) == {"error"}
    assert data["error"]["code"] == error_code
    assert data["error"]["field"] == field
    assert data["error"]["message"]


def test_cli_without_facts_exits_2():
    code, data = run()
    assert code == 2 and data["error"]["code"] == "facts.missing"


# --- the API ------------------------------------------------------------------------------------------


def post(body: str):
    return Client().post(API, data=body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="vi")


def test_api_answers_as_the_cli():
    response = post(json.dumps(FACTS))
    assert response.status_code == 200
    assert response.json() == run("--facts", json.dumps(FACTS))[1]


def test_api_martyrs_and_one_off():
    facts = {"on": "2024-07-01", "category": "martyr_relative", "martyrs": 3, "posthumous_certificate": True}
    data = post(json.dumps(facts)).json()
    assert data["monthly_amount"] == 8_367_000  # PL I 3.3
    assert data["one_off_amount"] == 55_780_000  # PL IV mục 3: 20 × 2.789.000


@pytest.mark.parametrize(
    ("body", "error_code", "field"),
    [
        ("{not json", "facts.bad_json", "facts"),
        ("[1]", "facts.not_an_object", "facts"),
        ('{"on": "2024-07-01", "category": "war_invalid"}', "facts.missing", "injury_rate"),
        (
            '{"on": "2024-07-01", "category": "war_invalid", "injury_rate": -5}',
            "facts.bad_rate",
            "injury_rate",
        ),
        ('{"on": "2024-07-01", "category": "hero", "martyrs": 2}', "facts.not_applicable", "martyrs"),
    ],
)
def test_api_refusals_are_422(body, error_code, field):
    response = post(body)
    assert response.status_code == 422
    data = response.json()
    assert (data["code"], data["field"]) == (error_code, field)


def test_api_is_not_taken_by_the_regime_route():
    """`/calc/{regime}` answers the benefits regimes; the merit path reaches the merit router."""
    data = post(json.dumps({"on": "2024-07-01", "category": "hero"})).json()
    assert data["category"] == "hero" and data["monthly_amount"] == 2_337_000


def test_openapi_documents_the_operation():
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"][API]["post"]
    assert {"200", "422"} <= set(operation["responses"])
    assert "MeritAllowanceOut" in schema["components"]["schemas"]


# --- the page -----------------------------------------------------------------------------------------


def test_page_calculates_in_vietnamese(client):
    response = client.get(
        "/calc/merit/",
        {"on": "01/07/2024", "category": "war_invalid", "injury_rate": "81", "lives_at_home": "on"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "11.428.000 đ" in text  # 7.240.000 + 1.399.000 + 2.789.000
    assert "Phụ lục II, STT 61" in text


def test_page_refuses_beside_the_field(client):
    response = client.get(
        "/calc/merit/",
        {"on": "01/07/2024", "category": "war_invalid", "injury_rate": "150"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 422
    assert "Phải từ 0 đến 100 (phần trăm)." in response.content.decode()


def test_page_blank_form(client):
    response = client.get("/calc/merit/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert "Trợ cấp ưu đãi hằng tháng của người có công với cách mạng" in response.content.decode()
