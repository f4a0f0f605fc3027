"""Linkage at entry: before a person is created — by hand, through the API, by a regime registering a
seeker — the persons who are probably the same one are shown (in scope) or only hinted at (out of scope),
and the officer links to one or confirms a new person with a reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from ansinh.core.models import AuditEvent
from ansinh.core.text import NAME_FAMILY_GIVEN, NAME_REORDERED, NAME_SAME, name_agreement
from ansinh.registry import candidates, resolve, services
from ansinh.registry.inputs import parse_person
from ansinh.registry.models import Person

pytestmark = pytest.mark.django_db


def _raw(commune, **overrides):
    raw = {
        "full_name": "Au Duc Dung",
        "birth_date": "1990-04-12",
        "sex": "M",
        "ethnicity": "01",
        "commune_id": commune.pk,
    }
    raw.update(overrides)
    return raw


@pytest.fixture
def dung(make_person, commune_a):
    return make_person(
        full_name="Âu Đức Dũng",
        birth_date="1990-04-12",
        sex="M",
        personal_id="",
        phone="",
        commune_id=commune_a.pk,
    )


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_names_compare_folded_and_in_other_orders():
    assert name_agreement("Au Duc Dung", "Âu Đức Dũng") == NAME_SAME
    assert name_agreement("Dũng Âu Đức", "Âu Đức Dũng") == NAME_REORDERED
    assert name_agreement("Âu Dũng", "Âu Đức Dũng") == NAME_FAMILY_GIVEN
    assert name_agreement("Âu Đức Dũng", "Âu Đức Dung") == NAME_SAME  # folded: tones do not separate
    assert name_agreement("Nguyễn Văn An", "Âu Đức Dũng") == ""


@pytest.mark.parametrize(
    ("typed", "registered"),
    [
        ("Dung Au Duc", "Âu Đức Dũng"),  # given name first, no diacritics
        ("Đức Dũng Âu", "Âu Đức Dũng"),  # family name last
        ("Mai Nguyen Thi", "Nguyễn Thị Mai"),  # given first, the given name also a family name
        ("Thu Hà Nguyễn Thị", "Nguyễn Thị Thu Hà"),  # a two-word given name typed first
        ("Nguyễn Thị Thu Hà", "Thu Hà Nguyễn Thị"),  # the registered record was the one typed so
    ],
)
def test_a_name_typed_in_another_order_finds_the_person(
    province_officer, commune_a, make_person, typed, registered
):
    person = make_person(
        full_name=registered,
        birth_date="1990-04-12",
        sex="F",
        personal_id="",
        phone="",
        commune_id=commune_a.pk,
    )
    data = parse_person(_raw(commune_a, full_name=typed, sex="F"))
    with pytest.raises(resolve.PossibleDuplicate) as caught:
        services.person_create(actor=province_officer, data=data)
    assert [c["id"] for c in caught.value.candidates] == [person.pk]


def test_service_refuses_au_duc_dung_with_the_candidate(province_officer, commune_a, dung):
    with pytest.raises(resolve.PossibleDuplicate) as caught:
        services.person_create(actor=province_officer, data=parse_person(_raw(commune_a)))
    (candidate,) = caught.value.candidates
    assert candidate["id"] == dung.pk and candidate["full_name"] == "Âu Đức Dũng"
    assert {"full_name", "birth_date", "commune"} <= set(candidate["agrees"])
    assert caught.value.elsewhere is False
    assert Person.objects.count() == 1


def test_a_different_birth_year_is_not_a_candidate(province_officer, commune_a, dung):
    person = services.person_create(
        actor=province_officer, data=parse_person(_raw(commune_a, birth_date="1971-04-12"))
    )
    assert person.pk != dung.pk


def test_year_only_and_swapped_day_month_are_candidates(province_officer, commune_a, commune_b, dung):
    found = candidates.find_one(
        candidates.Probe(full_name="Âu Đức Dũng", birth_year=1990, sex="M", commune_id=commune_b.pk)
    )
    assert [c.person_id for c in found] == [dung.pk] and "birth_year" in found[0].agrees
    swapped = candidates.Probe(full_name="Au Duc Dung", birth_year=1990, birth_date=dt.date(1990, 12, 4))
    assert "birth_date:day_month_swapped" in candidates.find_one(swapped)[0].agrees


def test_personal_id_with_one_wrong_digit_is_a_candidate(province_officer, commune_a, make_person):
    person = make_person(full_name="Lò Văn Thắng", birth_date="1985-02-01", sex="M", phone="")
    number = person.personal_id
    typo = number[:-1] + ("0" if number[-1] != "0" else "1")
    probe = candidates.Probe(full_name="Lò Văn Thăng", birth_year=1985, birth_date=dt.date(1985, 2, 1),
                             personal_id=typo, sex="M")  # fmt: skip
    (found,) = candidates.find_one(probe)
    assert found.person_id == person.pk and "personal_id:one_digit" in found.agrees


def test_api_answers_409_then_confirm_new_with_a_reason(province_officer, commune_a, dung):
    client = Client()
    client.force_login(province_officer)
    response = _post(client, "/api/v1/registry/persons", _raw(commune_a))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "person.possible_duplicate" and body["match_elsewhere"] is False
    assert [c["id"] for c in body["candidates"]] == [dung.pk]
    assert set(body["candidates"][0]) >= {"full_name", "personal_id_masked", "score", "agrees"}
    no_reason = _post(client, "/api/v1/registry/persons", {**_raw(commune_a), "confirm_new": True})
    assert no_reason.status_code == 409 and no_reason.json()["errors"][0]["field"] == "new_reason"
    reason = "Trùng tên và ngày sinh, khác cha mẹ"
    created = _post(
        client, "/api/v1/registry/persons", {**_raw(commune_a), "confirm_new": True, "reason": reason}
    )
    assert created.status_code == 201
    event = AuditEvent.objects.get(
        object_type="registry.person", object_id=str(created.json()["id"]), action="create"
    )
    assert event.after["entry_check"] == {
        "candidates": [dung.pk],
        "match_elsewhere": False,
        "confirmed_new": reason,
    }


def test_api_link_to_returns_the_existing_person(province_officer, commune_a, dung):
    client = Client()
    client.force_login(province_officer)
    response = _post(client, "/api/v1/registry/persons", {**_raw(commune_a), "link_to": dung.pk})
    assert response.status_code == 200 and response.json()["id"] == dung.pk
    assert Person.objects.count() == 1
    assert AuditEvent.objects.filter(object_id=str(dung.pk), after__linked_at_entry=True).exists()


def test_out_of_scope_candidates_are_not_revealed(other_commune_officer, commune_b, dung):
    client = Client()
    client.force_login(other_commune_officer)
    response = _post(client, "/api/v1/registry/persons", _raw(commune_b))
    assert response.status_code == 409
    body = response.json()
    assert body["candidates"] == [] and body["match_elsewhere"] is True
    assert set(body) == {"code", "message", "field", "candidates", "match_elsewhere"}
    assert "Dũng" not in body["message"] and "Dung" not in body["message"] and "1990" not in body["message"]
    # Linking to the out-of-scope person reads as not found.
    linked = _post(client, "/api/v1/registry/persons", {**_raw(commune_b), "link_to": dung.pk})
    nobody = _post(client, "/api/v1/registry/persons", {**_raw(commune_b), "link_to": dung.pk + 1000})
    assert linked.json()["code"] == "link_to.not_found"
    assert (linked.status_code, linked.json()) == (nobody.status_code, nobody.json())
    confirmed = _post(
        client,
        "/api/v1/registry/persons",
        {**_raw(commune_b), "confirm_new": True, "reason": "Người khác xã"},
    )
    assert confirmed.status_code == 201
    event = AuditEvent.objects.get(
        object_type="registry.person", object_id=str(confirmed.json()["id"]), action="create"
    )
    assert event.after["entry_check"] == {
        "candidates": [],
        "match_elsewhere": True,
        "confirmed_new": "Người khác xã",
    }


def test_web_form_shows_candidates_and_links_or_confirms(province_officer, commune_a, dung):
    client = Client()
    client.force_login(province_officer)
    form = {**_raw(commune_a), "commune": commune_a.pk, "birth_date": "12/04/1990", "status": "alive"}
    page = client.post("/persons/new/", form)
    assert page.status_code == 409
    html = page.content.decode()
    assert 'id="possible-duplicates"' in html and "Âu Đức Dũng" in html
    assert f'name="link_to" value="{dung.pk}"' in html
    linked = client.post("/persons/new/", {**form, "link_to": dung.pk})
    assert linked.status_code == 302 and linked["Location"] == f"/persons/{dung.pk}/"
    assert Person.objects.count() == 1
    missing = client.post("/persons/new/", {**form, "confirm_new": "1"})
    assert missing.status_code == 409 and 'id="possible-duplicates"' in missing.content.decode()
    created = client.post("/persons/new/", {**form, "confirm_new": "1", "new_reason": "Hai người khác nhau"})
    assert created.status_code == 302 and Person.objects.count() == 2


def test_seeker_registration_checks_candidates(counsellor, commune_a, dung):
    client = Client()
    client.force_login(counsellor)
    person = {"full_name": "Au Duc Dung", "birth_date": "1990-04-12", "sex": "M"}
    body = {"commune_id": commune_a.pk, "title": "Thợ hàn điện", "general_education": 3, "person": person}
    response = _post(client, "/api/v1/labour/seekers", body)
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "person.possible_duplicate"
    assert [c["id"] for c in response.json()["candidates"]] == [dung.pk]
    linked = _post(client, "/api/v1/labour/seekers", {**body, "person": {**person, "link_to": dung.pk}})
    assert linked.status_code == 201 and linked.json()["person"]["id"] == dung.pk
    assert Person.objects.count() == 1


def test_seeker_import_row_with_a_candidate_is_refused(counsellor, commune_a, dung):
    from ansinh.core.tabular import ImportRefused
    from ansinh.labour.registration import imports as labour_imports
    from tests.labour.test_imports_exports import _csv, _seeker_row

    cells = {"Họ và tên": "Au Duc Dung", "Ngày sinh": "12/04/1990", "Số định danh cá nhân": ""}
    row = _seeker_row(commune_a, **cells)
    with pytest.raises(ImportRefused) as caught:
        labour_imports.import_file(actor=counsellor, kind="seekers", filename="s.csv", content=_csv([row]))
    assert caught.value.rows[0].code == "person.possible_duplicate"


def test_seeker_form_shows_candidates_and_links(counsellor, commune_a, dung):
    from ansinh.labour.models import JobSeeker

    client = Client()
    client.force_login(counsellor)
    form = {
        "full_name": "Au Duc Dung", "birth_date": "12/04/1990", "sex": "M", "ethnicity": "01",
        "commune": str(commune_a.pk), "title": "tài xế", "general_education": "3", "work_type": "full_time",
        "employment_status": "unemployed", "ui_status": "none",
    }  # fmt: skip
    page = client.post("/labour/seekers/new/", form)
    assert page.status_code == 409
    html = page.content.decode()
    assert 'id="possible-duplicates"' in html and f'name="link_to" value="{dung.pk}"' in html
    linked = client.post("/labour/seekers/new/", {**form, "link_to": str(dung.pk)})
    assert linked.status_code == 302
    assert JobSeeker.objects.get().person_id == dung.pk and Person.objects.count() == 1
