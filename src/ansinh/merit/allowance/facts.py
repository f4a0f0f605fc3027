"""The facts of a merit allowance month, built from the registry: one function for the enrolment, the
person page and the calculator's cross-check.

Read from the record: the category (a resistance Labour Hero is paid as a hero, Phụ lục I item 5), the
injury rate and "especially severe" of the assessment in force on the month's last day, and the number of
martyrs the person is a relative of (a spouse's link stops counting from the month of remarriage). Declared
on the decision (not held by the registry): whether the person lives at home with the family, lives alone,
was a detached pre-1945 cadre with years of seniority, or which honour a person who helped the revolution
received.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ansinh.benefits import entitlement, law
from ansinh.benefits.models import Regime
from ansinh.benefits.rules.base import FactsError
from ansinh.core.errors import ApplicationError
from ansinh.core.periods import month_end, month_of
from ansinh.merit import rules
from ansinh.merit.models import ASSESSED_CATEGORIES, Category, MartyrRelative, MeritRecord

REGIME = Regime.MERIT.value
DECLARED = ("lives_at_home", "lives_alone", "detached", "seniority_years", "honour")
# Ordinance 02/2020 Art. 3(1)(đ) and (e) share one amount in Phụ lục I (item 5).
RULES_CATEGORY = {Category.LABOUR_HERO.value: "hero"}


class MissingAssessment(ApplicationError):
    status = 422


def martyr_count(person_id: int, month: dt.date) -> int:
    """The martyrs a person is a relative of in `month` (a remarried spouse's link stops in the month of
    the marriage)."""
    last = month_end(month_of(month))
    links = MartyrRelative.objects.filter(person_id=person_id)
    return links.filter(Q(remarried_on__isnull=True) | Q(remarried_on__gt=last)).count()


def declared_of(facts: dict[str, Any] | None) -> dict[str, Any]:
    """The declared facts of an enrolment's facts (what the registry does not hold)."""
    return {k: v for k, v in (facts or {}).items() if k in DECLARED and v is not None}


def record_facts(
    record: MeritRecord, month: dt.date, declared: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The rules' facts of `record` in `month` (without `on`): category, injury rate, especially severe,
    martyrs from the registry; the declared ones as given."""
    category = RULES_CATEGORY.get(record.category, record.category)
    facts: dict[str, Any] = {"category": category}
    if record.category in ASSESSED_CATEGORIES:
        assessment = (
            record.assessments.filter(assessed_on__lte=month_end(month))
            .order_by("-assessed_on", "-id")
            .first()
        )
        if assessment is None:
            raise MissingAssessment(
                "merit.no_assessment",
                _("No injury assessment is recorded on or before %(month)s: record the assessment first.")
                % {"month": f"{month:%m/%Y}"},
                field="assessment",
            )
        facts["injury_rate"] = assessment.rate
        if assessment.especially_severe:
            facts["especially_severe"] = True
    if category == Category.MARTYR_RELATIVE:
        facts["martyrs"] = martyr_count(record.person_id, month)
    facts.update(declared_of(declared))
    return facts


def calculator_facts(
    record: MeritRecord, month: dt.date, declared: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The same facts as the calculator takes them (`ansinh calc merit-allowance --facts`)."""
    return {**record_facts(record, month, declared), "on": month_end(month).isoformat()}


def check(facts: dict[str, Any], month: dt.date) -> None:
    """Strict: facts the law refuses raise `FactsError` naming the fact."""
    rules.parse({**facts, "on": month_end(month)}, strict=True)


def month_result(facts: dict[str, Any], *, person: Any, month: dt.date, province: str) -> Any:
    """The month's amount as the payment cycle computes it (the pipeline's `month_result`)."""
    from ansinh.benefits.inputs import birth_date_of

    return entitlement.month_result(
        regime=REGIME,
        facts=facts,
        birth_date=birth_date_of(person),
        month=month,
        province=province,
        params=law.current_params(),
    )


def record_month(record: MeritRecord, month: dt.date) -> dict[str, Any] | None:
    """For the person page: the facts and amount of `month` for a record with an allowance, or None."""
    enrolment = record.enrolment
    if enrolment is None:
        return None
    try:
        facts = record_facts(record, month, enrolment.facts)
        result = month_result(facts, person=record.person, month=month, province=enrolment.province_code)
    except (ApplicationError, FactsError, LookupError):
        return None
    return {"month": month, "facts": facts, "result": result}
