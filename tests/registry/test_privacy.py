"""What the registry reveals about persons outside the officer's unit, and how personal data appears in
change histories and the audit log."""

from __future__ import annotations

import json
import random

import pytest
from django.utils.html import escape

from ansinh.core.errors import Conflict
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.models import AuditEvent
from ansinh.registry import resolve, services
from ansinh.registry.inputs import parse_person
from ansinh.registry.models import Person

pytestmark = pytest.mark.django_db

API = "/api/v1/registry/persons"
PHONE = "0987111222"
OLD_ACCOUNT, NEW_ACCOUNT = "0011004455667", "0011009988776"


@pytest.fixture
def neighbour(make_person, province_officer, commune_b):
    """A person of commune B, the commune officer of commune A's neighbour."""
    return make_person(actor=province_officer, commune_id=commune_b.pk, full_name="Trần Thị Mai",
                       birth_date="1985-06-17", phone=PHONE)  # fmt: skip


@pytest.fixture
def far_away(make_person, other_province_officer, ha_noi_commune):
    return make_person(actor=other_province_officer, commune_id=ha_noi_commune.pk,
                       full_name="Đỗ Thị Lan", birth_date="1985-09-21", phone=PHONE)  # fmt: skip


def _typed(person: Person, commune) -> dict:
    return {"full_name": "Mùa Thị Sua", "personal_id": person.personal_id, "birth_year": 1985, "sex": "F",
            "commune_id": commune.pk, "phone": "0911000111"}  # fmt: skip


def _create(client, body: dict):
    return client.post(API, data=json.dumps(body), content_type="application/json")


def _assert_no_leak(text: str, person: Person) -> None:
    secrets = (PHONE, person.full_name, person.birth_date.isoformat(), person.birth_date.strftime("%d/%m/%Y"))
    for secret in (*secrets, person.commune.name):
        assert secret not in text


# --- creating a person whose personal ID is registered elsewhere ------------------------------------


def test_api_create_answers_the_same_for_another_commune_and_another_province(
    client, commune_officer, commune_a, neighbour, far_away
):
    client.force_login(commune_officer)
    next_door = _create(client, _typed(neighbour, commune_a))
    other_province = _create(client, _typed(far_away, commune_a))
    assert next_door.status_code == other_province.status_code == 409
    assert next_door.json() == other_province.json()
    assert next_door.json()["code"] == "personal_id.registered_elsewhere"
    assert next_door.json()["field"] == "personal_id"
    _assert_no_leak(next_door.content.decode(), neighbour)
    _assert_no_leak(other_province.content.decode(), far_away)
    assert Person.objects.filter(full_name="Mùa Thị Sua").count() == 0


def test_province_officer_sees_the_same_refusal_for_another_province_and_the_duplicate_in_scope(
    client, province_officer, commune_a, neighbour, far_away
):
    client.force_login(province_officer)
    elsewhere = _create(client, _typed(far_away, commune_a))
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (409, "personal_id.registered_elsewhere")
    in_scope = _create(client, _typed(neighbour, commune_a))
    assert (in_scope.status_code, in_scope.json()["code"]) == (409, "personal_id.duplicate")


def test_edit_to_a_personal_id_registered_elsewhere_is_refused_neutrally(
    commune_officer, make_person, far_away, neighbour
):
    mine = make_person(actor=commune_officer, birth_date="1985-01-02")
    for other in (far_away, neighbour):
        raw = {**_typed(other, mine.commune), "full_name": mine.full_name}
        with pytest.raises(Conflict) as caught:
            services.person_update(actor=commune_officer, person_id=mine.pk, data=parse_person(raw))
        assert caught.value.code == "personal_id.registered_elsewhere"


def test_web_create_answers_the_same_for_another_commune_and_another_province(
    client, commune_officer, commune_a, neighbour, far_away
):
    client.force_login(commune_officer)
    refusal = escape(str(resolve.registered_elsewhere().message))
    for other in (neighbour, far_away):
        typed = _typed(other, commune_a)
        form = {**typed, "commune": str(commune_a.pk), "ethnicity": "01", "status": "alive"}
        response = client.post("/persons/new/", form)
        assert response.status_code == 409
        page = response.content.decode()
        assert refusal in page
        _assert_no_leak(page, other)
    assert not Person.objects.filter(full_name="Mùa Thị Sua").exists()


# --- histories and the audit log --------------------------------------------------------------------


@pytest.fixture
def changed(make_person, province_officer):
    """A person whose personal ID and bank account were corrected."""
    person = make_person(birth_date="1985-06-17", bank_code="VCB", bank_account=OLD_ACCOUNT)
    # Another number than the person's (which `make_person` draws from a serial seed that may be 99).
    seed = 99 if person.personal_id != pid.generate(province_code="011", sex="F", birth_year=1985,
                                                     rng=random.Random(99)) else 100  # fmt: skip
    new_id = pid.generate(province_code="011", sex="F", birth_year=1985, rng=random.Random(seed))
    raw = {
        "full_name": person.full_name, "personal_id": new_id, "birth_date": "1985-06-17", "sex": "F",
        "commune_id": person.commune_id, "phone": PHONE, "bank_code": "VCB", "bank_account": NEW_ACCOUNT,
    }  # fmt: skip
    old_id = person.personal_id
    person = services.person_update(actor=province_officer, person_id=person.pk, data=parse_person(raw))
    return person, old_id


def _full_values(person: Person, old_id: str) -> list[str]:
    return [old_id, person.personal_id, OLD_ACCOUNT, NEW_ACCOUNT, PHONE]


def test_history_api_is_masked_and_audited(client, commune_officer, changed):
    person, old_id = changed
    client.force_login(commune_officer)
    response = client.get(f"{API}/{person.pk}/history")
    assert response.status_code == 200
    text = response.content.decode()
    for full in _full_values(person, old_id):
        assert full not in text
    update = next(e for e in response.json() if e["action"] == "update")
    assert update["before"]["personal_id"] == pid.mask(old_id)
    assert update["after"]["bank_account"] == "*" * 9 + NEW_ACCOUNT[-4:]
    read = AuditEvent.objects.filter(
        action="view", object_type="registry.person", object_id=str(person.pk), actor=commune_officer
    )
    assert read.count() == 1


def test_history_api_of_a_person_out_of_scope_is_not_found_and_not_audited(
    client, other_commune_officer, changed
):
    person, _old = changed
    client.force_login(other_commune_officer)
    assert client.get(f"{API}/{person.pk}/history").status_code == 404
    assert not AuditEvent.objects.filter(action="view", actor=other_commune_officer).exists()


def test_audit_events_api_masks_personal_data_for_the_auditor(client, auditor, changed):
    person, old_id = changed
    client.force_login(auditor)
    response = client.get("/api/v1/audit/events", {"object_type": "registry.person"})
    assert response.status_code == 200
    text = response.content.decode()
    for full in _full_values(person, old_id):
        assert full not in text
    update = next(e for e in response.json()["items"] if e["action"] == "update")
    assert update["before"]["bank_account"] == "*" * 9 + OLD_ACCOUNT[-4:]
    assert update["after"]["personal_id"] == pid.mask(person.personal_id)


def test_audit_events_api_withholds_personal_records_from_the_administrator(client, admin_user, changed):
    # The system administrator may not read persons: the log says which fields changed, not their values.
    person, old_id = changed
    client.force_login(admin_user)
    response = client.get("/api/v1/audit/events", {"object_type": "registry.person"})
    assert response.status_code == 200
    text = response.content.decode()
    for secret in [*_full_values(person, old_id), pid.mask(old_id), "1985-06-17"]:
        assert secret not in text
    update = next(e for e in response.json()["items"] if e["action"] == "update")
    assert set(update["after"]) >= {"personal_id", "bank_account"}
    assert set(update["after"].values()) == {"•••"} and set(update["before"].values()) == {"•••"}


def test_audit_log_shows_administrators_their_own_subject(client, admin_user, changed):
    # Users and tokens are what an administrator manages: their changes stay readable.
    from ansinh.accounts.services import user_create

    user_create(actor=admin_user, username="xa_moi", password="Mat-khau-moi-2026-dai", role="auditor",
                scope_unit=None, validate=False)  # fmt: skip
    client.force_login(admin_user)
    response = client.get("/api/v1/audit/events", {"object_type": "accounts.user"})
    created = next(e for e in response.json()["items"] if e["action"] == "create")
    assert created["after"]["role"] == "auditor"


def test_audit_page_masks_personal_data_for_the_auditor(client, auditor, changed):
    person, old_id = changed
    client.force_login(auditor)
    page = client.get("/audit/", {"object_type": "registry.person"}).content.decode()
    assert pid.mask(old_id) in page
    for full in _full_values(person, old_id):
        assert full not in page


def test_audit_page_withholds_personal_records_from_the_administrator(client, admin_user, changed):
    person, old_id = changed
    client.force_login(admin_user)
    page = client.get("/audit/", {"object_type": "registry.person"}).content.decode()
    assert "•••" in page and pid.mask(old_id) not in page
    for full in _full_values(person, old_id):
        assert full not in page


def test_full_record_page_keeps_the_full_history_and_is_audited(client, commune_officer, changed):
    person, old_id = changed
    client.force_login(commune_officer)
    page = client.get(f"/persons/{person.pk}/").content.decode()
    assert old_id in page and OLD_ACCOUNT in page
    assert AuditEvent.objects.filter(action="view", object_id=str(person.pk), actor=commune_officer).exists()
