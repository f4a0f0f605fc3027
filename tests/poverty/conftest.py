"""The poverty tests' cast: households in villages of commune A, answers that the standard classifies poor,
near-poor or above, and the browser."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture
def make_household(make_person, commune_officer):
    from ansinh.registry.inputs import HouseholdData
    from ansinh.registry.services import household_create

    def make(*, village="Bản Noong Bua", commune=None, actor=None):
        actor = actor or commune_officer
        overrides = {"commune_id": commune.pk} if commune is not None else {}
        head = make_person(actor=None, **overrides) if commune is not None else make_person()
        return household_create(
            actor=actor,
            data=HouseholdData(commune_id=(commune or head.commune).pk, address_detail=village),
            head_id=head.pk,
        )

    return make


# Income per person per month of a one-member household: 1.000.000 is under every line (poor and
# near-poor); "middle" lies between the line and the middle bound of the 2022–2025 standard (rural
# 1.500.000–2.250.000, urban 2.000.000–3.000.000), and above both lines of 2027–2030, whose middle bound is
# not published (so "other" there); 5.000.000 is above every bound.
def monthly_income(classification: str, on: dt.date, area: str) -> int:
    if classification in ("poor", "near_poor"):
        return 1_000_000
    if classification == "middle":
        if on.year >= 2027:
            return 2_900_000
        return 2_000_000 if area == "rural" else 2_500_000
    return 5_000_000


def answers_for(classification: str, *, on: dt.date = dt.date(2026, 1, 1), area: str = "rural") -> dict:
    """Form B2 answers of a one-member household that the standard in force on `on` classifies as asked
    (poor: three deprivations, housing, water and latrine; the others none). Only the questions of that
    standard are answered: the questionnaire refuses the others."""
    from ansinh.poverty import questionnaire

    keys = {q.key for q in questionnaire.questions_on(on)}
    deprived = classification == "poor"
    member = {"age": 40, "employment": "self_employed", "health_insurance": True, "unable_to_work": False}
    household = {
        "dwelling": "makeshift" if deprived else "durable",
        "floor_area_m2": 30,
        "water_source": "surface" if deprived else "piped",
        "latrine": "none" if deprived else "septic",
        "uses_phone_or_internet": True,
        "information_devices": ["smartphone"],
        "uses_digital_services": True,
        "waste_collected": True,
    }
    answers = {k: v for k, v in household.items() if k in keys}
    answers["members"] = [{k: v for k, v in member.items() if k in keys}]
    answers["income"] = {"agriculture": 12 * monthly_income(classification, on, area)}
    return answers


# The browser: the system's Chromium, as in tests/web (no `playwright install` here).
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}
