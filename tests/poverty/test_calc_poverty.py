"""`ansinh calc poverty --facts JSON` and POST /api/v1/calc/poverty: the same answer, the same refusals."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

FACTS = {
    "on": "2026-08-01",
    "area": "rural",
    "income_per_capita": 1_400_000,
    "deprived": ["water", "latrine", "health_insurance"],
}
KEYS = {
    "classification", "label", "standard", "on", "area", "income_per_capita", "deprived", "deprivations",
    "income_line", "middle_bound", "lines", "notes", "provisional",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _language():
    with translation.override("vi"):
        yield
    translation.activate(settings.LANGUAGE_CODE)


def run(*args: str) -> tuple[int, dict]:
    out = StringIO()
    try:
        call_command("calc", "poverty", *args, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


# --- the command ----------------------------------------------------------------------------------------


def test_cli_poor_household():
    code, data = run("--facts", json.dumps(FACTS))
    assert code == 0
    assert set(data) == KEYS
    assert (data["classification"], data["label"], data["deprivations"]) == ("poor", "Hộ nghèo", 3)
    assert (data["income_line"], data["middle_bound"], data["standard"]) == (
        1_500_000,
        2_250_000,
        "2022-2025",
    )
    assert data["provisional"] is False
    assert all(set(line) == {"label", "basis"} and line["basis"] for line in data["lines"])
    assert any("1.500.000 đ" in line["label"] for line in data["lines"])


def test_cli_english():
    code, data = run("--facts", json.dumps(FACTS), "--lang", "en")
    assert code == 0 and data["label"] == "Poor household"
    assert any("1,500,000 VND" in line["label"] for line in data["lines"])


def test_cli_2027_other_is_provisional():
    facts = {"on": "2027-03-01", "area": "urban", "income_per_capita": 2_800_001}
    code, data = run("--facts", json.dumps(facts))
    assert code == 0
    assert (data["classification"], data["middle_bound"], data["provisional"]) == ("other", None, True)
    assert len(data["notes"]) == 2


@pytest.mark.parametrize(
    ("facts", "error_code", "field"),
    [
        ("{not json", "facts.bad_json", "facts"),
        (json.dumps({**FACTS, "area": "town"}), "facts.unknown_area", "area"),
        (json.dumps({**FACTS, "deprived": ["water", "roads"]}), "facts.unknown_indicator", "deprived"),
        (json.dumps({**FACTS, "deprived": ["water", "water"]}), "facts.duplicate_indicator", "deprived"),
        (json.dumps({**FACTS, "income_per_capita": -5}), "facts.negative", "income_per_capita"),
        (json.dumps({**FACTS, "on": "2021-06-01"}), "facts.standard_not_held", "on"),
        (json.dumps([FACTS]), "facts.not_an_object", "facts"),
    ],
)
def test_cli_refusals_exit_2(facts, error_code, field):
    code, data = run("--facts", facts)
    assert code == 2
    assert set(data) == {"error"}
    assert (data["error"]["code"], data["error"]["field"]) == (error_code, field)
    assert data["error"]["message"]


def test_cli_without_facts_exit_2():
    code, data = run()
    assert code == 2 and data["error"]["code"] == "facts.missing"


def test_cli_message_in_vietnamese():
    code, data = run("--facts", json.dumps({**FACTS, "on": "2021-06-01"}))
    assert code == 2 and "không" in data["error"]["message"]


# --- the API ---------------------------------------------------------------------------------------------

URL = "/api/v1/calc/poverty"


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)  # anonymous, no CSRF cookie: the calculators are public


def post(client, body, **headers):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data, content_type="application/json", **headers)


def test_api_same_answer_as_the_cli(client):
    response = post(client, FACTS)
    assert response.status_code == 200
    _code, cli = run("--facts", json.dumps(FACTS))
    assert response.json() == cli
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("income", "expected"),
    [(2_000_000, "near_poor"), (2_000_001, "middle"), (3_000_000, "middle"), (3_000_001, "other")],
)
def test_api_urban_lines(client, income, expected):
    body = {"on": "2025-06-30", "area": "urban", "income_per_capita": income}
    assert post(client, body).json()["classification"] == expected


@pytest.mark.parametrize(
    ("body", "error_code", "field"),
    [
        ("{", "facts.bad_json", "facts"),
        ({**FACTS, "deprived": ["internet"]}, "facts.unknown_indicator", "deprived"),
        ({**FACTS, "deprived": ["water", "water"]}, "facts.duplicate_indicator", "deprived"),
        ({**FACTS, "income_per_capita": True}, "facts.bad_number", "income_per_capita"),
        ({**FACTS, "income_per_capita": -1}, "facts.negative", "income_per_capita"),
        ({**FACTS, "area": None}, "facts.missing", "area"),
        ({**FACTS, "on": "2021-03-14"}, "facts.standard_not_held", "on"),
        ({**FACTS, "members": 4}, "facts.unknown_fact", "members"),
    ],
)
def test_api_422_names_the_field(client, body, error_code, field):
    response = post(client, body)
    assert response.status_code == 422
    data = response.json()
    assert (data["code"], data["field"]) == (error_code, field)
    assert data["message"]


def test_api_errors_follow_accept_language(client):
    vi = post(client, {**FACTS, "on": "2031-01-01"}).json()["message"]
    en = post(client, {**FACTS, "on": "2031-01-01"}, HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    assert vi != en and "31/12/2030" in vi and "after" in en


def test_api_does_not_fall_to_the_benefit_calculator(client):
    """/calc/poverty is its own operation, not a regime of /calc/{regime}."""
    response = post(client, {"on": "2026-01-01", "birth_date": "1950-01-01", "household": "poor"})
    assert response.status_code == 422 and response.json()["code"] == "facts.unknown_fact"
