"""A finished demo review round: the periodic review of last year in the first communes of a province,
run through the services step by step on past dates (collection in October, village meetings, posting, a
complaint answered, the commune's decision, the province's summary). The answers are drawn per household
from its registered members, deterministically; the classification is the standard's. A commune that
already has its periodic round of that year is skipped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from ansinh.core import clock
from ansinh.core.actors import Actor
from ansinh.core.cli import Operator
from ansinh.core.errors import ApplicationError
from ansinh.geo.models import AdminUnit
from ansinh.poverty import questionnaire, questions, services, standard
from ansinh.poverty.models import Round, RoundKind, Survey
from ansinh.registry.models import Household, HouseholdMember

SEED = 2207
CAPABILITIES = ("poverty.change", "poverty.summarise")
CLEAN_SOURCES = ["piped", "borehole", "protected_well"]


@dataclass
class DemoResult:
    province_code: str
    year: int
    rounds: list[Round] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    by_classification: dict[str, int] = field(default_factory=dict)


def _line(on: dt.date, area: str) -> tuple[int, int | None]:
    law = standard.standard_on(on)
    line = law.row(f"line.{area}")
    middle = law.row(f"middle.{area}")
    assert line is not None
    return line.value, middle.value if middle else None


def profile_of(index: int, rng: random.Random) -> str:
    """The living standard the demo gives the index-th household: one in 14 poor-like, two near-poor-like,
    the others middle or above at random."""
    if index % 14 == 1:
        return "poor"
    if index % 14 in (4, 10):
        return "near_poor"
    return "middle" if rng.random() < 0.35 else "other"


def household_answers(
    ages: list[int], on: dt.date, area: str, rng: random.Random, profile: str
) -> dict[str, Any]:
    """Form B2 answers for a household whose members are `ages` old on `on`, with income and conditions
    that match `profile`; only the questions of the standard in force."""
    keys = {q.key for q in questionnaire.questions_on(on)}
    line, middle = _line(on, area)
    if profile in ("poor", "near_poor"):
        per_capita = int(line * rng.uniform(0.55, 0.97))
    elif profile == "middle":
        top = middle or int(line * 1.4)
        per_capita = int(rng.uniform(line * 1.03, top * 0.98))
    else:
        per_capita = int((middle or line) * rng.uniform(1.1, 3.0))
    deprived_home = profile == "poor" or (profile == "near_poor" and rng.random() < 0.4)
    members = []
    for i, age in enumerate(ages or [40]):
        member: dict[str, Any] = {"age": age, "unable_to_work": False}
        if age >= questionnaire.WORKING_FROM:
            if age >= 60:
                member["employment"] = "not_in_labour_force"
            elif profile == "poor" and i == 0:
                member["employment"] = "wage_without_contract"
            else:
                member["employment"] = rng.choice(["self_employed", "self_employed", "wage_with_contract"])
        member["health_insurance"] = not (profile == "poor" and age >= 6 and rng.random() < 0.3)
        if age < questionnaire.CHILD_UNDER:
            member["malnourished"] = profile == "poor" and rng.random() < 0.2
        if 3 <= age < 16:
            member["in_school"] = True
        if 16 <= age <= 30:
            member["studying"] = age < 23 and rng.random() < 0.5
            member["education"] = "upper_secondary" if rng.random() < 0.8 else "lower_secondary"
        members.append({k: v for k, v in member.items() if k in keys})
    size = len(members)
    household = {
        "dwelling": ("makeshift" if rng.random() < 0.5 else "not_durable") if deprived_home else "durable",
        "floor_area_m2": (6 if profile == "poor" else rng.randint(10, 25)) * size,
        "water_source": "unprotected_spring" if deprived_home else rng.choice(CLEAN_SOURCES),
        "latrine": ("none" if profile == "poor" else "unimproved") if deprived_home else "septic",
        "uses_phone_or_internet": True,
        "information_devices": ["smartphone"] if profile != "poor" else [],
        "uses_digital_services": profile != "poor",
        "waste_collected": profile in ("middle", "other"),
    }  # fmt: skip
    answers: dict[str, Any] = {k: v for k, v in household.items() if k in keys}
    answers["members"] = members
    yearly = per_capita * 12 * size
    wages = int(yearly * rng.uniform(0.0, 0.6))
    answers["income"] = {"wages": wages, "agriculture": yearly - wages}
    return answers


def _ages(household: Household, on: dt.date) -> list[int]:
    births = HouseholdMember.objects.filter(household=household, left_on__isnull=True).values_list(
        "person__birth_date", "person__birth_year"
    )
    return [questions.age_on(day, year, on) for day, year in births]


def _communes(province_code: str, count: int) -> list[AdminUnit]:
    with_households = Household.objects.filter(province_code=province_code).values("commune_id")
    return list(
        AdminUnit.objects.current()
        .filter(level="commune", province_code=province_code, pk__in=with_households)
        .order_by("code")[:count]
    )


def demo_poverty_load(*, province_code: str, communes: int = 1, year: int | None = None) -> DemoResult:
    """One finished periodic round of `year` (default: last year) in each of the first `communes` communes
    of the province that have households."""
    actor = Operator(*CAPABILITIES)
    year = year or clock.today().year - 1
    if dt.date(year, 12, 10) > clock.today():
        raise ApplicationError("demo_poverty.year", "The demo round's dates must lie in the past.")
    units = _communes(province_code, communes)
    if not units:
        raise ApplicationError(
            "demo_poverty.no_households", "The province has no households: load the registry."
        )
    result = DemoResult(province_code=province_code, year=year)
    for unit in units:
        if Round.objects.filter(commune=unit, year=year, kind=RoundKind.PERIODIC).exists():
            result.skipped.append(unit.name)
            continue
        result.rounds.append(_run(actor, unit, year))
    # Another commune's round of that year may still be open: the province then summarises later.
    with clock.frozen(dt.date(year, 12, 10)), contextlib.suppress(ApplicationError):
        services.rounds_summarise(actor=actor, year=year, province_code=province_code)
    for rnd in result.rounds:
        for value in rnd.surveys.values_list("classification", flat=True):
            result.by_classification[value] = result.by_classification.get(value, 0) + 1
    return result


def _run(actor: Actor, unit: AdminUnit, year: int) -> Round:
    rng = random.Random(SEED + unit.pk + year)
    plan = {
        "planned_collection_until": dt.date(year, 10, 31), "planned_meeting_on": dt.date(year, 11, 5),
        "planned_posting_on": dt.date(year, 11, 18), "planned_decision_on": dt.date(year, 11, 25),
    }  # fmt: skip
    with clock.frozen(dt.date(year, 10, 1)):
        rnd = services.round_create(
            actor=actor,
            data=services.RoundData(commune_id=unit.pk, kind=RoundKind.PERIODIC, year=year, **plan),
        )
    surveys = list(rnd.surveys.select_related("household").order_by("pk"))
    on = rnd.standard_on
    for i, survey in enumerate(surveys):
        with clock.frozen(dt.date(year, 10, 2 + i % 29)):
            profile = profile_of(i, rng)
            answers = household_answers(_ages(survey.household, on), on, survey.area, rng, profile)
            services.survey_save(
                actor=actor, survey_id=survey.pk, data=services.SurveyData(answers=answers, final=True)
            )
    disputed = surveys[0]
    with clock.frozen(dt.date(year, 11, 5)):
        services.meetings_open(actor=actor, round_id=rnd.pk)
        results = [services.MeetingData(s.pk, "agreed") for s in surveys[1:]]
        results.append(
            services.MeetingData(disputed.pk, "disputed", "Hộ mới có người đi làm xa, cần xác minh lại.")
        )
        services.meeting_record(actor=actor, round_id=rnd.pk, results=results)
    with clock.frozen(dt.date(year, 11, 10)):
        answers = household_answers(_ages(disputed.household, on), on, disputed.area, rng, "other")
        services.survey_save(
            actor=actor, survey_id=disputed.pk, data=services.SurveyData(answers=answers, final=True)
        )
        services.meeting_record(
            actor=actor, round_id=rnd.pk, results=[services.MeetingData(disputed.pk, "agreed")]
        )
    with clock.frozen(dt.date(year, 11, 18)):
        services.posting_open(actor=actor, round_id=rnd.pk)
    poor = Survey.objects.filter(round=rnd, classification="poor").order_by("pk").first() or surveys[-1]
    with clock.frozen(dt.date(year, 11, 19)):
        complaint = services.complaint_record(
            actor=actor, survey_id=poor.pk, complainant="Trưởng bản",
            text="Đề nghị xem lại: hộ vừa được hỗ trợ làm nhà.",
        )  # fmt: skip
    with clock.frozen(dt.date(year, 11, 21)):
        services.complaint_answer(
            actor=actor, complaint_id=complaint.pk,
            answer="Đã xác minh: nhà đang làm dở, thu nhập không đổi; giữ kết quả rà soát.",
        )  # fmt: skip
    day = dt.date(year, 11, 25)
    with clock.frozen(day):
        rnd = services.round_decide(
            actor=actor, round_id=rnd.pk,
            data=services.DecisionData(f"{rnd.pk}/QĐ-UBND", day, "Chủ tịch UBND xã"),
        )  # fmt: skip
    return rnd


def describe(result: DemoResult) -> str:
    counts = ", ".join(f"{k or '—'}: {v}" for k, v in sorted(result.by_classification.items()))
    names = ", ".join(r.commune.name for r in result.rounds) or "—"
    skipped = f"; already there: {', '.join(result.skipped)}" if result.skipped else ""
    return f"Poverty review {result.year}: {len(result.rounds)} rounds decided ({names}; {counts}){skipped}"
