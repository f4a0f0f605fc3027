"""/api/v1/labour/fairs: role × endpoint × scope, shapes, the results export."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ansinh.core.models import AuditEvent
from ansinh.labour.fairs import services as fair_services
from tests.labour.test_fairs import at, fair_data

pytestmark = pytest.mark.django_db
BASE = "/api/v1/labour/fairs"


def _post(client, url, body):
    return client.post(url, data=json.dumps(body, default=str), content_type="application/json")


@pytest.fixture
def session(counsellor, make_seeker, make_vacancy, today):
    fair = fair_services.fair_create(actor=counsellor, data=fair_data(linked_provinces=[]))
    vacancy = make_vacancy(title="Thợ hàn điện", posts=4)
    fair_services.employer_register(
        actor=counsellor, fair_id=fair.pk, employer_id=vacancy.employer_id, vacancies=[(vacancy.pk, 2)]
    )
    seeker = make_seeker()
    registration = fair_services.fair_seeker_register(actor=counsellor, fair_id=fair.pk, seeker_id=seeker.pk)
    offer = fair.vacancies.get()
    interview = fair_services.interview_schedule(
        actor=counsellor,
        fair_id=fair.pk,
        fair_seeker_id=registration.pk,
        fair_vacancy_id=offer.pk,
        slot_start=fair.starts_at,
        table="A1",
    )
    return {
        "fair": fair,
        "vacancy": vacancy,
        "seeker": seeker,
        "registration": registration,
        "offer": offer,
        "interview": interview,
    }


def test_create_and_read_a_session(today, client, counsellor):
    client.force_login(counsellor)
    body = {
        "title": "Phiên trực tuyến liên tỉnh",
        "mode": "online",
        "online_link": "https://meet.example.vn/x",
        "starts_at": at(today, 8).isoformat(),
        "ends_at": at(today, 10).isoformat(),
        "slot_minutes": 15,
        "linked_provinces": ["01"],
    }
    response = _post(client, BASE, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["province_code"], data["linked_provinces"], data["counts"]["seekers"]) == ("11", ["01"], 0)
    listed = client.get(BASE).json()
    assert [f["id"] for f in listed["items"]] == [data["id"]]
    bad = _post(client, BASE, {**body, "online_link": ""})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "online_link"


def test_session_flow_over_the_api(client, counsellor, session):
    client.force_login(counsellor)
    fair, interview = session["fair"], session["interview"]
    seekers = client.get(f"{BASE}/{fair.pk}/seekers").json()["items"]
    assert seekers[0]["matches"][0]["vacancy_id"] == session["vacancy"].pk
    assert seekers[0]["matches"][0]["reasons"] and "*" in seekers[0]["personal_id_masked"]
    schedule = client.get(f"{BASE}/{fair.pk}/interviews").json()
    assert [(i["id"], i["table"], i["outcome"]) for i in schedule] == [(interview.pk, "A1", "scheduled")]
    clash = _post(
        client,
        f"{BASE}/{fair.pk}/interviews",
        {
            "fair_seeker_id": session["registration"].pk,
            "fair_vacancy_id": session["offer"].pk,
            "slot_start": fair.starts_at.isoformat(),
            "table": "A1",
        },
    )
    assert clash.status_code == 422
    assert {e["code"] for e in clash.json()["errors"]} >= {"slot_start.seeker_busy", "table.busy"}
    hired = _post(client, f"{BASE}/{fair.pk}/interviews/{interview.pk}/outcome", {"outcome": "hired"})
    assert hired.status_code == 200 and hired.json()["outcome"] == "hired"
    detail = client.get(f"{BASE}/{fair.pk}").json()
    assert detail["counts"] == {
        "employers": 1,
        "vacancies": 1,
        "posts": 2,
        "seekers": 1,
        "interviews": 1,
        "interviewed": 1,
        "preselected": 1,
        "hired": 1,
    }
    held = _post(client, f"{BASE}/{fair.pk}/status", {"status": "held"})
    assert held.status_code == 200 and held.json()["status"] == "held"


def test_results_export_is_masked_and_audited(client, counsellor, session):
    client.force_login(counsellor)
    fair, seeker = session["fair"], session["seeker"]
    response = client.get(f"{BASE}/{fair.pk}/export", {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã phiên", "Tên phiên", "Ngày tổ chức"]
    assert (
        rows[1][5] == seeker.person.full_name and seeker.person.personal_id not in response.content.decode()
    )
    assert rows[1][-2:] == ["A1", "Đã xếp lịch"]
    assert AuditEvent.objects.filter(action="export", object_id=str(fair.pk)).count() == 1
    xlsx = client.get(f"{BASE}/{fair.pk}/export")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(f"{BASE}/{fair.pk}/export", {"format": "pdf"}).status_code == 400


ROLES = ["counsellor", "other_counsellor", "province_officer", "commune_officer", "analyst", "anonymous"]
# A session of Điện Biên not linked to Hà Nội: Hà Nội's counsellor gets 404, readers without
# labour.change 403.
MATRIX = {
    "list": [200, 200, 200, 403, 200, 401],
    "detail": [200, 404, 200, 403, 200, 401],
    "create": [201, 201, 403, 403, 403, 401],
    "status": [200, 404, 403, 403, 403, 401],
    "seekers": [200, 404, 200, 403, 200, 401],
    "register_seeker": [201, 404, 403, 403, 403, 401],
    "interviews": [200, 404, 200, 403, 200, 401],
    "outcome": [200, 404, 403, 403, 403, 401],
    "export": [200, 404, 200, 403, 200, 401],
}


def _call(client, endpoint, session, make_seeker, today):
    fair, interview = session["fair"], session["interview"]
    if endpoint == "list":
        return client.get(BASE)
    if endpoint == "detail":
        return client.get(f"{BASE}/{fair.pk}")
    if endpoint == "create":
        return _post(
            client,
            BASE,
            {
                "title": "P",
                "mode": "in_person",
                "venue": "Hội trường",
                "starts_at": at(today, 8).isoformat(),
                "ends_at": at(today, 9).isoformat(),
            },
        )
    if endpoint == "status":
        return _post(client, f"{BASE}/{fair.pk}/status", {"status": "held"})
    if endpoint == "seekers":
        return client.get(f"{BASE}/{fair.pk}/seekers")
    if endpoint == "register_seeker":
        return _post(client, f"{BASE}/{fair.pk}/seekers", {"seeker_id": make_seeker(title="Kế toán").pk})
    if endpoint == "interviews":
        return client.get(f"{BASE}/{fair.pk}/interviews")
    if endpoint == "outcome":
        return _post(
            client, f"{BASE}/{fair.pk}/interviews/{interview.pk}/outcome", {"outcome": "interviewed"}
        )
    return client.get(f"{BASE}/{fair.pk}/export", {"format": "csv"})


@pytest.mark.parametrize("endpoint", list(MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)))
def test_permission_matrix(today, client, request, endpoint, role_index, session, make_seeker):
    role = ROLES[role_index]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = _call(client, endpoint, session, make_seeker, today)
    assert response.status_code == MATRIX[endpoint][role_index], (role, endpoint, response.content[:300])


def test_linked_province_sees_and_registers_but_does_not_manage(
    client, counsellor, other_counsellor, ha_noi_commune
):
    from ansinh.labour.registration import services
    from ansinh.labour.registration.inputs import parse_seeker
    from ansinh.registry.inputs import parse_person
    from tests.labour.conftest import person_raw, seeker_raw

    fair = fair_services.fair_create(actor=counsellor, data=fair_data(linked_provinces=["01"]))
    seeker = services.seeker_register(
        actor=other_counsellor,
        data=parse_seeker(seeker_raw(ha_noi_commune, desired_provinces=["01"])),
        person=parse_person(person_raw()),
    )
    client.force_login(other_counsellor)
    assert client.get(f"{BASE}/{fair.pk}").status_code == 200
    assert _post(client, f"{BASE}/{fair.pk}/seekers", {"seeker_id": seeker.pk}).status_code == 201
    assert _post(client, f"{BASE}/{fair.pk}/status", {"status": "held"}).status_code == 403
    body = {
        "title": "X",
        "mode": "in_person",
        "venue": "Y",
        "starts_at": fair.starts_at.isoformat(),
        "ends_at": fair.ends_at.isoformat(),
    }
    assert (
        client.put(f"{BASE}/{fair.pk}", data=json.dumps(body), content_type="application/json").status_code
        == 403
    )
