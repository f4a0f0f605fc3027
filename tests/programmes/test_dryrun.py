"""The dry-run: who a programme would reach as the registry stands, the cost by province and commune, who
each condition leaves out; and it changes nothing."""

import datetime as dt

import pytest
from django.apps import apps

from ansinh.programmes import services
from ansinh.programmes.dryrun import dry_run
from ansinh.programmes.services import ConditionData, PolicyData, ProgrammeData

ON = dt.date(2026, 3, 31)


def _status(household, status, valid_from=dt.date(2025, 1, 1)):
    from ansinh.poverty.models import PovertyStatus

    PovertyStatus.objects.create(
        household=household,
        commune=household.commune,
        province_code=household.province_code,
        status=status,
        transition="newly_poor" if status == "poor" else "none",
        valid_from=valid_from,
        decision_number="1/QĐ-UBND",
        decision_date=valid_from,
    )


@pytest.fixture
def world(make_person, commune_a, commune_b, ha_noi_commune, province_officer, other_province_officer):
    """Persons of two communes of Điện Biên and one of Hà Nội, households with dated poverty statuses."""
    from ansinh.registry.inputs import HouseholdData
    from ansinh.registry.models import Person
    from ansinh.registry.services import household_create

    def household(head):
        return household_create(
            actor=other_province_officer if head.province_code == "01" else province_officer,
            data=HouseholdData(commune_id=head.commune_id),
            head_id=head.pk,
        )

    old_a = make_person(birth_date="1950-01-01")  # 76, poor household
    old_b = make_person(birth_date="1955-06-01", commune_id=commune_b.pk)  # 70, poor household
    old_near = make_person(birth_date="1940-01-01")  # 86, near-poor household
    young = make_person(birth_date="1990-01-01")  # 36, poor household
    just_60 = make_person(birth_date="1966-04-01")  # 59 on 31/03/2026, poor household
    hanoi = make_person(birth_date="1945-01-01", commune_id=ha_noi_commune.pk, actor=other_province_officer)
    for person, status in ((old_a, "poor"), (old_b, "poor"), (old_near, "near_poor"), (young, "poor")):
        _status(household(person), status)
    _status(household(just_60), "poor")
    _status(household(hanoi), "poor")
    dead = make_person(birth_date="1970-01-01", commune_id=commune_b.pk)
    Person.objects.filter(pk=dead.pk).update(status="deceased", death_date=dt.date(2026, 2, 10))
    return {"old_a": old_a, "old_b": old_b, "hanoi": hanoi, "dead": dead}


@pytest.fixture
def programme(analyst, world):
    prog = services.programme_create(
        actor=analyst,
        data=ProgrammeData(
            code="cuu-tro-2026",
            name="Cứu trợ đợt rét đậm 2026",
            legal_basis="Nghị định 20/2021/NĐ-CP, Chương III",
            event_from=dt.date(2026, 1, 1),
            event_to=ON,
            budget=100_000_000,
        ),
    )
    services.policy_save(
        actor=analyst,
        programme=prog,
        data=PolicyData(
            code="nguoi-cao-tuoi-ngheo",
            name="Người cao tuổi thuộc hộ nghèo",
            unit="person",
            citation="Điều 1",
            confidence="confirmed",
            amount_kind="fixed",
            amount=1_000_000,
            position=1,
            conditions=[
                ConditionData(fact="age", op="gte", value="60"),
                ConditionData(fact="household_status", op="in", value="poor"),
            ],
        ),
    )
    services.policy_save(
        actor=analyst,
        programme=prog,
        data=PolicyData(
            code="ho-ngheo",
            name="Hộ nghèo",
            unit="household",
            citation="Điều 2",
            confidence="confirmed",
            amount_kind="fixed",
            amount=2_000_000,
            position=2,
            conditions=[ConditionData(fact="household_status", op="in", value="poor,near_poor")],
        ),
    )
    services.policy_save(
        actor=analyst,
        programme=prog,
        data=PolicyData(
            code="mai-tang",
            name="Mai táng",
            unit="person",
            citation="Nghị định 20/2021/NĐ-CP, Điều 14",
            confidence="confirmed",
            amount_kind="standard_multiple",
            multiple="50",
            position=3,
            conditions=[ConditionData(fact="died_in_window", op="is_true")],
        ),
    )
    return prog


def _policy(result, code):
    return next(p for p in result["policies"] if p["code"] == code)


def _row_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.managed}


def test_counts_costs_and_who_each_condition_leaves_out(analyst, programme, commune_a, commune_b):
    before = _row_counts()
    result = dry_run(actor=analyst, programme=programme)
    assert _row_counts() == before  # nothing changes

    old = _policy(result, "nguoi-cao-tuoi-ngheo")
    assert old["count"] == 3  # old_a, old_b (Điện Biên), the Hà Nội person; not 59-year-old or near-poor
    assert old["cost"] == 3_000_000
    assert old["population"] == 6  # every living person (the dead one is not)
    left = {row["condition"]: row["count"] for row in old["left_out"]}
    assert left == {
        "Tuổi (tròn năm) tại ngày xét: từ 60": 2,  # the 36- and the 59-year-old
        "Tình trạng nghèo của hộ tại ngày xét: là một trong poor": 1,  # the near-poor household's
    }
    by_province = {c["province_code"]: (c["count"], c["cost"]) for c in old["by_province"]}
    assert by_province == {"01": (1, 1_000_000), "11": (2, 2_000_000)}
    by_commune = {c["commune_id"]: c["count"] for c in old["by_commune"] if c["province_code"] == "11"}
    assert by_commune == {commune_a.pk: 1, commune_b.pk: 1}

    households = _policy(result, "ho-ngheo")
    assert (households["count"], households["cost"]) == (6, 12_000_000)

    funeral = _policy(result, "mai-tang")
    assert funeral["count"] == 1
    assert funeral["cost"] == 25_000_000  # 50 × 500.000 (Decree 76/2024 standard on 31/03/2026)
    assert result["total_cost"] == 3_000_000 + 12_000_000 + 25_000_000


def test_a_province_runs_it_for_itself_only(province_officer, programme):
    from ansinh.core.errors import NotFound

    result = dry_run(actor=province_officer, programme=programme)
    assert result["province_code"] == "11"
    assert _policy(result, "nguoi-cao-tuoi-ngheo")["count"] == 2
    with pytest.raises(NotFound):
        dry_run(actor=province_officer, programme=programme, province_code="01")


def test_the_commune_officer_may_not_run_it(commune_officer, programme):
    from ansinh.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        dry_run(actor=commune_officer, programme=programme)


def test_application_facts_are_left_to_intake(analyst, loaded, world):
    from ansinh.programmes.models import Programme

    nq68 = Programme.objects.get(code="nq68-2021")
    result = dry_run(actor=analyst, programme=nq68)
    children = _policy(result, "nq68-7-tre-em")
    assert children["count"] == 0  # nobody under 16 in this registry
    assert children["at_intake"] == ["Điều trị (F0) hoặc cách ly (F1): là một trong f0, f1"]
    suspended = _policy(result, "nq68-4")
    assert suspended["count"] == 6 and suspended["cost_upper_bound"]
    assert suspended["cost"] == 6 * 3_710_000  # the highest tier: the most it could cost
    informal = _policy(result, "nq68-12")
    assert informal["cost"] == 0 and informal["amount_missing"] == ["01", "11"]


def test_province_criteria_bind_in_their_province_only(province_officer, analyst, loaded, world):
    from ansinh.programmes.models import Policy, Programme

    nq68 = Programme.objects.get(code="nq68-2021")
    policy = Policy.objects.get(code="nq68-12")
    services.province_criteria_set(
        actor=province_officer,
        policy=policy,
        conditions=[ConditionData(fact="age", op="gte", value="70")],
        amount=1_500_000,
        citation="Quyết định 1/QĐ-UBND tỉnh Điện Biên",
    )
    informal = _policy(dry_run(actor=analyst, programme=nq68), "nq68-12")
    by_province = {c["province_code"]: (c["count"], c["cost"]) for c in informal["by_province"]}
    assert by_province["11"] == (2, 3_000_000)  # 71 and 81 on 31/12/2021 in Điện Biên, at its amount
    assert by_province["01"] == (1, 0)  # Hà Nội: its criteria are not Điện Biên's, no amount set
    assert informal["amount_missing"] == ["01"]


def test_runs_as_a_job_with_progress(analyst, programme, django_capture_on_commit_callbacks):
    from ansinh.core.jobs import job_start
    from ansinh.core.models import Job

    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            actor=analyst, kind="programmes.dry_run", params={"programme_id": programme.pk}, province_code=""
        )
    job = Job.objects.get(pk=job.pk)
    assert job.status == "succeeded", job.error
    assert job.progress_done == job.progress_total == 3
    assert job.result["total_cost"] == 40_000_000
