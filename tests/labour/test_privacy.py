"""What a job-seeker registration may reveal about a person: a personal ID registered outside the
counsellor's province is never linked, and every such answer is the same neutral refusal."""

from __future__ import annotations

import json

import pytest
from django.utils.html import escape

from ansinh.core.errors import ValidationFailed
from ansinh.labour.models import JobSeeker
from ansinh.labour.registration import imports, services
from ansinh.labour.registration.inputs import parse_seeker
from ansinh.registry import resolve
from ansinh.registry.inputs import parse_person
from ansinh.registry.models import Person
from tests.labour.conftest import seeker_raw
from tests.labour.test_imports_exports import _csv, _seeker_row

pytestmark = pytest.mark.django_db

API = "/api/v1/labour/seekers"
SECRET_PHONE = "0987111222"
SECRET_BIRTH = ("1985-06-17", "17/06/1985", "17-06-1985")
SECRET_NAME = ("Trần Thị Mai", "Tran Thi Mai")


@pytest.fixture
def ha_noi_person(make_person, other_province_officer, ha_noi_commune):
    return make_person(
        actor=other_province_officer,
        commune_id=ha_noi_commune.pk,
        full_name="Trần Thị Mai",
        birth_date="1985-06-17",
        phone=SECRET_PHONE,
    )


def _post(client, commune, person: dict):
    body = {**seeker_raw(commune), "person": person}
    return client.post(API, data=json.dumps(body), content_type="application/json")


def _typed(person: Person, **overrides) -> dict:
    typed = {"full_name": "Trần Thị Mai", "personal_id": person.personal_id, "birth_year": 1985, "sex": "F"}
    typed.update(overrides)
    return typed


def _assert_no_leak(text: str, person: Person) -> None:
    for secret in (SECRET_PHONE, *SECRET_BIRTH, *SECRET_NAME, person.commune.name):
        assert secret not in text


def test_api_never_links_a_person_of_another_province(client, counsellor, commune_a, ha_noi_person):
    client.force_login(counsellor)
    response = _post(client, commune_a, _typed(ha_noi_person))
    assert response.status_code == 422, response.content
    assert [e["code"] for e in response.json()["errors"]] == ["personal_id.registered_elsewhere"]
    assert not JobSeeker.objects.exists()
    assert Person.objects.filter(personal_id=ha_noi_person.personal_id).count() == 1
    assert client.get(API).json()["count"] == 0
    assert ha_noi_person.personal_id[-3:] not in client.get(f"{API}/export?format=csv").content.decode()


def test_api_answers_alike_whatever_is_known_about_the_other_province_person(
    client, counsellor, other_counsellor, commune_a, ha_noi_commune, ha_noi_person
):
    client.force_login(counsellor)
    right_facts = _post(client, commune_a, _typed(ha_noi_person))
    wrong_name = _post(client, commune_a, _typed(ha_noi_person, full_name="Lò Văn Thắng", sex="M"))
    services.seeker_register(
        actor=other_counsellor,
        data=parse_seeker(seeker_raw(ha_noi_commune, desired_provinces=["01"])),
        person=parse_person(_typed(ha_noi_person)),
    )
    already_registered = _post(client, commune_a, _typed(ha_noi_person))
    answers = [(r.status_code, r.json()) for r in (right_facts, wrong_name, already_registered)]
    assert answers[0] == answers[1] == answers[2]
    for response in (right_facts, wrong_name, already_registered):
        _assert_no_leak(response.content.decode(), ha_noi_person)
    assert JobSeeker.objects.filter(province_code="11").count() == 0


def test_api_links_a_person_in_scope_only_when_the_facts_agree(client, counsellor, commune_a, make_person):
    person = make_person(full_name="Trần Thị Mai", birth_date="1985-06-17", phone=SECRET_PHONE)
    client.force_login(counsellor)
    wrong_birth = _post(client, commune_a, {**_typed(person), "birth_date": "1985-06-18"})
    assert wrong_birth.status_code == 422
    assert [e["code"] for e in wrong_birth.json()["errors"]] == ["personal_id.other_person"]
    response = _post(client, commune_a, _typed(person))
    assert response.status_code == 201, response.content
    brief = response.json()["person"]
    assert (brief["id"], brief["birth_date"], brief["phone"]) == (person.pk, "1985-06-17", SECRET_PHONE)


def test_seeker_of_a_person_recorded_elsewhere_shows_no_details(
    client, counsellor, commune_a, ha_noi_commune, make_seeker
):
    seeker = make_seeker()
    person = seeker.person
    # The person moved to Hà Nội after registering with the Điện Biên centre.
    Person.objects.filter(pk=person.pk).update(commune=ha_noi_commune, province_code="01")
    client.force_login(counsellor)
    brief = client.get(f"{API}/{seeker.pk}").json()["person"]
    assert (brief["personal_id"], brief["birth_date"], brief["phone"]) == (None, None, "")
    assert (brief["full_name"], brief["birth_year"]) == (person.full_name, person.birth_year)
    page = client.get(f"/labour/seekers/{seeker.pk}/").content.decode()
    assert person.personal_id not in page and person.phone not in page
    assert person.birth_date.strftime("%d/%m/%Y") not in page


def test_web_form_refuses_neutrally(client, counsellor, commune_a, ha_noi_person):
    client.force_login(counsellor)
    form = {
        "personal_id": ha_noi_person.personal_id, "full_name": "Lò Văn Thắng", "birth_date": "05/03/1985",
        "sex": "F", "ethnicity": "01", "commune": str(commune_a.pk), "title": "tài xế",
        "general_education": "3", "qualification": "1", "desired_provinces": ["11"], "work_type": "full_time",
        "employment_status": "unemployed", "ui_status": "none",
    }  # fmt: skip
    response = client.post("/labour/seekers/new/", form)
    assert response.status_code in (409, 422)
    page = response.content.decode()
    assert escape(str(resolve.registered_elsewhere().message)) in page
    _assert_no_leak(page, ha_noi_person)
    assert not JobSeeker.objects.exists()


def test_import_refuses_the_row_neutrally(counsellor, commune_a, ha_noi_person):
    row = _seeker_row(
        commune_a,
        **{"Số định danh cá nhân": ha_noi_person.personal_id, "Họ và tên": "Trần Thị Mai",
           "Ngày sinh": "17/06/1985", "Giới tính": "Nữ"},
    )  # fmt: skip
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_file(actor=counsellor, kind="seekers", filename="ds.csv", content=_csv([row]))
    assert [(e.row, e.code) for e in exc.value.rows] == [(2, "personal_id.registered_elsewhere")]
    assert not JobSeeker.objects.exists()


def test_service_refuses_before_checking_the_facts(counsellor, commune_a, ha_noi_person):
    with pytest.raises(ValidationFailed) as exc:
        services.seeker_register(
            actor=counsellor,
            data=parse_seeker(seeker_raw(commune_a)),
            person=parse_person(_typed(ha_noi_person, full_name="Lò Văn Thắng")),
        )
    assert [e.code for e in exc.value.errors] == ["personal_id.registered_elsewhere"]
