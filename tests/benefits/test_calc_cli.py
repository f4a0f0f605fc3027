"""`ansinh calc REGIME --facts JSON`: exit 0 with the explained amount, exit 2 with {"error": {...}}."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from ansinh.benefits.calc.calculator import calculate, parse_facts
from ansinh.benefits.rules import FactsError
from ansinh.benefits.rules import social_assistance as sa

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    """Figures in the default language, whatever an earlier test's request left active in this thread."""
    with translation.override("vi"):
        yield


SA_FACTS = {
    "on": "2025-08-01",
    "birth_date": "1950-05-01",
    "clauses": ["5a", "4"],
    "disability": None,
    "household": "poor",
    "children": 1,
    "province": None,
    "studying": False,
}


def run(*args: str) -> tuple[int, dict]:
    out = StringIO()
    try:
        call_command("calc", *args, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


def test_social_assistance_answer_shape():
    code, data = run("social-assistance", "--facts", json.dumps(SA_FACTS))
    assert code == 0
    assert set(data) == {"regime", "eligible", "monthly_amount", "lines", "notes", "provisional"}
    assert data["regime"] == "social_assistance"
    assert (data["eligible"], data["monthly_amount"], data["provisional"]) == (True, 1_250_000, False)
    assert [set(line) for line in data["lines"]] == [{"label", "amount", "basis"}] * 2
    assert [line["amount"] for line in data["lines"]] == [750_000, 500_000]
    assert data["lines"][0]["basis"].startswith("500.000 đ × 1,5 — Nghị định 20/2021/NĐ-CP, Điều 6")


def test_english_numbers_with_lang_en():
    code, data = run("social-assistance", "--facts", json.dumps(SA_FACTS), "--lang", "en")
    assert code == 0 and data["lines"][0]["basis"].startswith("500,000 VND × 1.5 — ")


def test_social_pension_and_provisional():
    facts = {"on": "2026-08-01", "birth_date": "1950-01-01", "household": "none", "pension_monthly": 0}
    code, data = run("social-pension", "--facts", json.dumps(facts))
    assert code == 0
    assert (data["eligible"], data["monthly_amount"], data["provisional"]) == (True, 540_000, True)


def test_not_eligible_is_exit_0():
    facts = {"on": "2025-08-01", "birth_date": "1950-05-01", "clauses": ["5a"], "household": "none"}
    code, data = run("social-assistance", "--facts", json.dumps(facts))
    assert code == 0
    assert (data["eligible"], data["monthly_amount"], data["lines"]) == (False, 0, [])
    assert data["notes"]


@pytest.mark.parametrize(
    ("args", "error_code"),
    [
        (("social-assistance", "--facts", "{not json"), "facts.bad_json"),
        (("social-assistance",), "facts.missing"),
        (("unemployment", "--facts", "{}"), "facts.unknown_regime"),
        (("social-assistance", "--facts", "[1, 2]"), "facts.not_an_object"),
        (("social-assistance", "--facts", '{"on": "2025-08-01", "clauses": ["5a"]}'), "facts.missing"),
        (
            ("social-assistance", "--facts", '{"on": 5, "birth_date": "1950-01-01", "clauses": ["8"]}'),
            "facts.bad_date",
        ),
        (
            ("social-assistance", "--facts", json.dumps({**SA_FACTS, "birth_date": "1980-01-01"})),
            "facts.age_outside_clause",
        ),
        (
            ("social-assistance", "--facts", json.dumps({**SA_FACTS, "clauses": ["6"]})),
            "facts.disability_required",
        ),
        (
            ("social-pension", "--facts", '{"on": "2025-01-01", "birth_date": "1940-01-01"}'),
            "facts.date_too_early",
        ),
    ],
)
def test_errors_exit_2(args, error_code):
    code, data = run(*args)
    assert code == 2
    assert set(data) == {"error"}
    assert data["error"]["code"] == error_code
    assert data["error"]["message"]


def test_error_messages_follow_lang():
    bad = json.dumps({**SA_FACTS, "clauses": ["6"]})
    _, vi = run("social-assistance", "--facts", bad)
    _, en = run("social-assistance", "--facts", bad, "--lang", "en")
    assert (
        en["error"]["message"]
        == "disability: clause 6 needs the disability level (severe or especially severe)."
    )
    assert vi["error"]["code"] == en["error"]["code"]


def test_calc_module_api():
    facts = parse_facts("social-assistance", SA_FACTS)
    assert isinstance(facts, sa.Facts) and facts.clauses == ("4", "5a")
    assert calculate("social_assistance", SA_FACTS).monthly_amount == 1_250_000
    with pytest.raises(FactsError):
        calculate("social-assistance", {**SA_FACTS, "clauses": ["5a"], "birth_date": "1990-01-01"})
