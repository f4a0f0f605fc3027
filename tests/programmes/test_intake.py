"""Intake: applications matched by personal ID, checked against the conditions and other payments; an
employer's list all or nothing, every refusal naming its row and reason."""

import datetime as dt

import pytest

from ansinh.core.tabular import ImportRefused
from ansinh.programmes import intake, services
from ansinh.programmes.models import Application
from ansinh.programmes.services import ConditionData, PolicyData, ProgrammeData


def _policy(actor, programme, code, *, group="", amount=3_710_000):
    return services.policy_save(
        actor=actor,
        programme=programme,
        data=PolicyData(
            code=code, name=f"Chính sách {code}", unit="person", citation="Nghị quyết 68/NQ-CP, mục II.4",
            confidence="secondary", amount_kind="tiered", tier_field="days_suspended",
            tiers=[(15, 1_855_000), (30, amount)], exclusive_group=group,
            conditions=[
                ConditionData(fact="contract_type", op="in", value="labour_contract"),
                ConditionData(fact="days_suspended", op="gte", value="15"),
                ConditionData(fact="age", op="gte", value="18"),
            ],
        ),
    )  # fmt: skip


@pytest.fixture
def programme(province_officer):
    return services.programme_create(
        actor=province_officer,
        data=ProgrammeData(
            code="ho-tro-lao-dong",
            name="Hỗ trợ người lao động tạm hoãn hợp đồng",
            legal_basis="Nghị quyết 68/NQ-CP",
            event_from=dt.date(2026, 1, 1),
            event_to=dt.date(2026, 6, 30),
        ),
    )


@pytest.fixture
def policies(province_officer, programme):
    return (
        _policy(province_officer, programme, "tam-hoan", group="lao-dong"),
        _policy(province_officer, programme, "ngung-viec", group="lao-dong", amount=1_000_000),
    )


@pytest.fixture
def workers(make_person):
    return [make_person(birth_date="1990-05-01") for _ in range(3)] + [make_person(birth_date="2010-01-01")]


FACTS = {"contract_type": "labour_contract", "days_suspended": 31}


def test_one_application_and_its_duplicate(commune_officer, policies, workers):
    suspended, _other = policies
    made = intake.application_create(
        actor=commune_officer, policy=suspended, personal_id=workers[0].personal_id, facts=FACTS
    )
    assert made.amount == 3_710_000 and made.person == workers[0]
    with pytest.raises(ImportRefused) as refused:
        intake.application_create(
            actor=commune_officer, policy=suspended, personal_id=workers[0].personal_id, facts=FACTS
        )
    assert [(e.row, e.code) for e in refused.value.rows] == [(1, "application.duplicate")]


def test_exclusive_policies(commune_officer, policies, workers):
    suspended, stopped = policies
    intake.application_create(
        actor=commune_officer, policy=suspended, personal_id=workers[0].personal_id, facts=FACTS
    )
    with pytest.raises(ImportRefused) as refused:
        intake.application_create(
            actor=commune_officer, policy=stopped, personal_id=workers[0].personal_id, facts=FACTS
        )
    assert refused.value.rows[0].code == "application.excluded"
    assert "Chính sách tam-hoan" in refused.value.rows[0].message


def _csv(rows):
    lines = ["Số định danh cá nhân;Họ và tên;contract_type;days_suspended"]
    lines += [";".join(map(str, row)) for row in rows]
    return "\n".join(lines).encode()


def test_employer_list_all_or_nothing_with_every_refusal(province_officer, policies, workers):
    suspended, _other = policies
    content = _csv(
        [
            (workers[0].personal_id, "A", "labour_contract", 31),
            ("12345", "B", "labour_contract", 31),
            (workers[0].personal_id, "C", "labour_contract", 20),
            (workers[1].personal_id, "D", "labour_contract", 10),
            (workers[3].personal_id, "E", "labour_contract", 40),
            (workers[2].personal_id, "F", "labour_contract", "nhiều"),
        ]
    )
    with pytest.raises(ImportRefused) as refused:
        intake.employer_list_import(
            actor=province_officer, policy=suspended, filename="ds.csv", content=content
        )
    reasons = {(e.row, e.code) for e in refused.value.rows}
    assert reasons == {
        (7, "cell.invalid"),  # "nhiều" is not a number of days: the list stops at reading
    }
    assert Application.objects.count() == 0
    content = _csv([row for row in [
        (workers[0].personal_id, "A", "labour_contract", 31),
        ("12345", "B", "labour_contract", 31),
        (workers[0].personal_id, "C", "labour_contract", 20),
        (workers[1].personal_id, "D", "labour_contract", 10),
        (workers[3].personal_id, "E", "labour_contract", 40),
    ]])  # fmt: skip
    with pytest.raises(ImportRefused) as refused:
        intake.employer_list_import(
            actor=province_officer, policy=suspended, filename="ds.csv", content=content
        )
    by_row = {e.row: e for e in refused.value.rows}
    assert sorted(by_row) == [3, 4, 5, 6]
    assert by_row[3].code == "personal_id.invalid"
    assert by_row[4].code == "application.duplicate_in_list" and "dòng 2" in by_row[4].message
    assert by_row[5].code == "application.not_eligible" and "Số ngày liên tục" in by_row[5].message
    assert by_row[6].code == "application.not_eligible" and "Tuổi" in by_row[6].message
    assert Application.objects.count() == 0  # nothing taken

    good = _csv(
        [(workers[0].personal_id, "A", "labour_contract", 31), (workers[1].personal_id, "D", "có", 16)]
    )
    with pytest.raises(ImportRefused):
        intake.employer_list_import(actor=province_officer, policy=suspended, filename="ds.csv", content=good)
    good = _csv(
        [
            (workers[0].personal_id, "A", "labour_contract", 31),
            (workers[1].personal_id, "D", "labour_contract", 16),
        ]
    )
    made = intake.employer_list_import(
        actor=province_officer, policy=suspended, filename="ds.csv", content=good
    )
    assert sorted(a.amount for a in made) == [1_855_000, 3_710_000]


def test_persons_outside_the_area_read_as_not_found(other_commune_officer, policies, workers):
    suspended, _other = policies
    with pytest.raises(ImportRefused) as refused:
        intake.application_create(
            actor=other_commune_officer, policy=suspended, personal_id=workers[0].personal_id, facts=FACTS
        )
    assert refused.value.rows[0].code == "person.not_found"


def test_the_api_names_row_and_reason(client, commune_officer, policies, workers):
    import json

    suspended, _other = policies
    client.force_login(commune_officer)
    url = f"/api/v1/programmes/{suspended.programme_id}/policies/{suspended.pk}/applications"
    body = {"personal_id": workers[3].personal_id, "facts": FACTS}
    answer = client.post(url, data=json.dumps(body), content_type="application/json")
    assert answer.status_code == 422
    error = answer.json()["errors"][0]
    assert error["row"] == 1 and error["code"] == "application.not_eligible"
    body = {"personal_id": workers[0].personal_id, "facts": FACTS}
    answer = client.post(url, data=json.dumps(body), content_type="application/json")
    assert answer.status_code == 201 and answer.json()["amount"] == 3_710_000
