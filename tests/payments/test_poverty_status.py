"""The household's poverty status drives social assistance and the social pension: the status on each month's
date, the typed fact only where no decision covers the month, the explanation naming which was used, a new
decision flowing into the payment cycle (a stop, arrears, an excess paid listed), without a query per row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from ansinh.benefits import entitlement, household_status, law, selectors
from ansinh.core import clock
from ansinh.poverty import services as poverty
from ansinh.poverty.models import PovertyStatus
from ansinh.registry.models import Person
from tests.payments.conftest import FACTS_5A, SA_2025, SP_2025
from tests.poverty.test_workflow import run_to_posting

pytestmark = pytest.mark.django_db

OCT, NOV, DEC = dt.date(2025, 10, 1), dt.date(2025, 11, 1), dt.date(2025, 12, 1)


@pytest.fixture
def new_household(make_person, commune_officer):
    """A household of commune A with one member, its head."""
    from ansinh.registry.inputs import HouseholdData
    from ansinh.registry.services import household_create

    def make():
        head = make_person()
        data = HouseholdData(commune_id=head.commune_id, address_detail="Bản Noong Bua")
        return household_create(actor=commune_officer, data=data, head_id=head.pk)

    return make


def beneficiary(household, birth_date: dt.date) -> Person:
    """The household's head, born `birth_date`, with a bank account."""
    Person.objects.filter(pk=household.head_id).update(
        birth_date=birth_date, birth_year=birth_date.year, bank_code="VCB", bank_account="0011223344"
    )
    return Person.objects.get(pk=household.head_id)


def status(household, value: str, valid_from: dt.date, valid_to: dt.date | None = None, number="30/QĐ-UBND"):
    """A status as a commune's decision records it (the decision's workflow is tested in poverty)."""
    return PovertyStatus.objects.create(
        household=household,
        status=value,
        transition="newly_poor" if value == "poor" else "none",
        valid_from=valid_from,
        valid_to=valid_to,
        decision_number=number,
        decision_date=valid_from,
        commune_id=household.commune_id,
        province_code=household.province_code,
    )


def monthly(cycle):
    return [(x.for_month, x.amount) for x in cycle.lines.filter(kind="monthly").order_by("for_month")]


def result_for(person, facts, month, regime="social_assistance"):
    return entitlement.month_result(
        regime=regime,
        facts=household_status.facts_on(person, facts, month),
        birth_date=person.birth_date,
        month=month,
        province=person.province_code,
        params=law.current_params(),
    )


# --- a decision of the commune flowing into the cycle ------------------------------------------------------


def test_escaping_poverty_stops_clause_5a_from_the_month_after_the_decision(
    commune_officer, commune_a, new_household, enrol, generated
):
    household = new_household()
    person = beneficiary(household, dt.date(1950, 3, 10))
    enrolment = enrol(person=person, start_month=OCT)  # 5a, typed "poor"
    rnd = run_to_posting(commune_officer, commune_a, [household], ["poor"], start=dt.date(2025, 8, 1))
    with clock.frozen(dt.date(2025, 9, 20)):
        poverty.round_decide(
            actor=commune_officer,
            round_id=rnd.pk,
            data=poverty.DecisionData("30/QĐ-UBND", dt.date(2025, 9, 20), "Lò Văn Sơn"),
        )
    # The next year's review, held from the end of September, finds the household above the middle
    # standard; the commune's decision is dated 15/11/2025 and recorded in December.
    later = run_to_posting(
        commune_officer, commune_a, [household], ["other"], year=2026, start=dt.date(2025, 9, 22)
    )
    later.refresh_from_db()
    with clock.frozen(dt.date(2025, 12, 15)):
        poverty.round_decide(
            actor=commune_officer,
            round_id=later.pk,
            data=poverty.DecisionData("41/QĐ-UBND", dt.date(2025, 11, 15), "Lò Văn Sơn"),
        )
    assert list(PovertyStatus.objects.filter(household=household).values_list("status", flat=True)) == [
        "poor",
        "escaped",
    ]
    cycle = generated(DEC)
    # November: poor on its first day, escaped on its last: paid, and stopped from December.
    assert monthly(cycle) == [(OCT, SA_2025), (NOV, SA_2025)]
    assert cycle.lines.filter(enrolment=enrolment, for_month=DEC).count() == 0
    with translation.override("vi"):
        november = result_for(person, enrolment.facts, NOV)
        december = result_for(person, enrolment.facts, DEC)
    assert november.notes[0].startswith("Thoát nghèo hoặc thoát cận nghèo theo Quyết định số 41/QĐ-UBND ngày")
    assert november.eligible and november.monthly_amount == SA_2025
    assert november.notes[-1].startswith("Hết điều kiện hưởng trong tháng")
    assert not december.eligible
    assert december.notes[0] == (
        f"Thoát nghèo hoặc thoát cận nghèo theo Quyết định số 41/QĐ-UBND ngày 15/11/2025 của UBND "
        f"{commune_a.name[:1].lower()}{commune_a.name[1:]}"
    )


def test_becoming_poor_pays_the_social_pension_at_72_with_arrears(new_household, enrol, generated):
    household = new_household()
    person = beneficiary(household, dt.date(1953, 5, 10))  # 72: paid only if poor or near-poor
    enrolment = enrol(person=person, regime="social_pension", start_month=OCT)  # typed "none"
    assert monthly(generated(OCT)) == []
    status(household, "near_poor", dt.date(2025, 10, 20))  # recorded after October's cycle
    november = generated(NOV)
    assert monthly(november) == [(OCT, SP_2025), (NOV, SP_2025)]  # October as arrears
    assert {x.enrolment_id for x in november.lines.all()} == {enrolment.pk}


def test_a_status_recorded_after_the_month_was_paid_is_rechecked(new_household, enrol, generated):
    household = new_household()
    person = beneficiary(household, dt.date(1950, 3, 10))
    enrolment = enrol(person=person, start_month=OCT)
    assert monthly(generated(OCT)) == [(OCT, SA_2025)]
    status(household, "middle", dt.date(2025, 9, 1))  # a decision dated before October, recorded after it
    november = generated(NOV)
    assert monthly(november) == []  # nothing for November, October not paid twice
    assert [p["code"] for p in november.problems] == ["line.overpaid"]
    assert november.problems[0]["enrolment"] == enrolment.pk


# --- which household status a month reads ------------------------------------------------------------------


def test_the_typed_fact_counts_only_where_no_decision_covers_the_month(new_household):
    household = new_household()
    person = beneficiary(household, dt.date(1950, 3, 10))
    with translation.override("vi"):
        never_reviewed = result_for(person, FACTS_5A, OCT)
        assert never_reviewed.eligible and never_reviewed.monthly_amount == SA_2025
        assert never_reviewed.notes[0] == "Hộ nghèo theo khai báo khi xét hưởng"
        status(household, "middle", NOV, number="7/QĐ-UBND")
        before = result_for(person, FACTS_5A, OCT)
        after = result_for(person, FACTS_5A, DEC)
    assert before.eligible and before.notes[0] == "Hộ nghèo theo khai báo khi xét hưởng"
    assert not after.eligible
    assert after.notes[0].startswith("Hộ có mức sống trung bình theo Quyết định số 7/QĐ-UBND ngày 01/11/2025")
    assert after.monthly_amount == 0


@pytest.mark.parametrize(
    ("value", "eligible"),
    [("poor", True), ("near_poor", True), ("escaped", False), ("middle", False), ("other", False)],
)
def test_the_social_pension_at_70_to_74_reads_the_status(new_household, value, eligible):
    household = new_household()
    person = beneficiary(household, dt.date(1953, 5, 10))
    status(household, value, dt.date(2025, 8, 1))
    for typed in ("none", "poor"):  # the typed fact no longer counts
        result = result_for(person, {"household": typed, "pension_monthly": 0}, OCT, "social_pension")
        assert result.eligible is eligible
        assert result.monthly_amount == (SP_2025 if eligible else 0)


def test_a_person_who_left_the_household_does_not_read_its_status(new_household, make_person):
    from ansinh.registry.models import HouseholdMember

    household = new_household()
    person = beneficiary(household, dt.date(1950, 3, 10))
    status(household, "middle", dt.date(2025, 8, 1))
    HouseholdMember.objects.filter(person=person).update(left_on=NOV)
    assert not result_for(person, FACTS_5A, OCT).eligible  # still a member in October
    assert result_for(person, FACTS_5A, NOV).eligible  # gone: the typed fact again


def test_the_enrolment_timeline_and_amount_read_the_status(new_household, enrol):
    household = new_household()
    person = beneficiary(household, dt.date(1950, 3, 10))
    enrolment = enrol(person=person, start_month=OCT)
    status(household, "poor", dt.date(2025, 8, 1), dt.date(2025, 11, 30))
    status(household, "escaped", DEC)
    months = selectors.enrolment_timeline(enrolment=enrolment, person=person, until=DEC, months=3)
    assert [(m.month, m.state) for m in months] == [(OCT, "payable"), (NOV, "payable"), (DEC, "not_eligible")]
    selectors.enrolment_amounts([enrolment], month=NOV)
    assert enrolment.amount_now == SA_2025
    selectors.enrolment_amounts([enrolment], month=DEC)
    assert enrolment.amount_now == 0


# --- cycle generation reads the statuses in bulk -----------------------------------------------------------


# What generating a cycle costs in queries (60 on PostgreSQL, 53 on SQLite), whatever the number of enrolments
# and reviewed households: the cycle's own reads and writes, and per chunk one for the households and one for
# their statuses.
GENERATION_QUERIES = 60


@pytest.mark.parametrize("count", [2, 12])
def test_cycle_generation_reads_the_statuses_without_a_query_per_enrolment(
    count, new_household, enrol, generated, django_assert_max_num_queries
):
    for _ in range(count):
        household = new_household()
        enrol(person=beneficiary(household, dt.date(1950, 3, 10)), start_month=OCT)
        status(household, "poor", dt.date(2025, 8, 1))
    with django_assert_max_num_queries(GENERATION_QUERIES) as queries:
        cycle = generated(DEC)
    assert cycle.lines.count() == count * 3
    statements = [q["sql"] for q in queries.captured_queries]
    assert sum("poverty_povertystatus" in sql for sql in statements) == 1
    assert sum("registry_householdmember" in sql for sql in statements) == 1


def test_the_cost_simulation_reads_the_status(new_household, enrol):
    from ansinh.benefits.simulation.costs import simulate

    poor, escaped = new_household(), new_household()
    for household in (poor, escaped):
        enrol(person=beneficiary(household, dt.date(1950, 3, 10)), start_month=OCT)  # 5a, typed "poor"
    status(poor, "poor", dt.date(2025, 8, 1))
    status(escaped, "escaped", dt.date(2025, 8, 1))
    result = simulate(
        actor=None, regime="social_assistance", standard=600_000, from_month=DEC, coefficients={},
        province_code=None,
    )  # fmt: skip
    cell = result.by_province["11"]
    assert (cell.persons, cell.baseline, cell.scenario, cell.not_payable) == (2, SA_2025, 900_000, 1)
