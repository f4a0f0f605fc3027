"""/api/v1/labour/referrals: referrals, outcomes, placements, time to placement; role × endpoint × scope."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ansinh.labour.models import JobSeeker
from ansinh.labour.referrals import services as referral_services

pytestmark = pytest.mark.django_db
BASE = "/api/v1/labour/referrals"


def _post(client, url, body):
    return client.post(url, data=json.dumps(body, default=str), content_type="application/json")


def test_refer_hire_and_measure(today, client, counsellor, make_seeker, make_vacancy):
    client.force_login(counsellor)
    seeker = make_seeker(registered_on=today - dt.timedelta(days=14))
    vacancy = make_vacancy(posts=1)
    made = _post(
        client, BASE, {"seeker_id": seeker.pk, "vacancy_id": vacancy.pk, "score": 64.04, "note": "Phù hợp"}
    )
    assert made.status_code == 201, made.content
    data = made.json()
    assert (data["status"], data["score"], data["vacancy_title"]) == ("pending", 64.0, vacancy.title)
    assert seeker.person.personal_id not in made.content.decode()
    again = _post(client, BASE, {"seeker_id": seeker.pk, "vacancy_id": vacancy.pk})
    assert again.status_code == 422 and again.json()["errors"][0] == {
        "code": "referral.duplicate",
        "message": again.json()["errors"][0]["message"],
        "field": "vacancy",
    }
    hired = _post(client, f"{BASE}/{data['id']}/outcome", {"status": "hired"})
    assert hired.status_code == 200 and hired.json()["status"] == "hired"
    assert JobSeeker.objects.get(pk=seeker.pk).close_reason == "placed"
    placements = client.get(f"{BASE}/placements").json()["items"]
    assert [(p["seeker_id"], p["source"], p["days"]) for p in placements] == [(seeker.pk, "referral", 14)]
    figures = client.get(f"{BASE}/time-to-placement", {"by": "commune"}).json()
    assert figures["total"] == {"code": "", "name": "", "count": 1, "mean_days": 14.0, "median_days": 14.0}
    assert figures["units"][0]["code"] == seeker.commune.code
    assert client.get(f"{BASE}/time-to-placement", {"by": "district"}).status_code == 400


def test_self_reported_placement_refusals(today, client, counsellor, make_seeker):
    client.force_login(counsellor)
    seeker = make_seeker(registered_on=today - dt.timedelta(days=3))
    early = _post(
        client,
        f"{BASE}/placements",
        {
            "seeker_id": seeker.pk,
            "employer_name": "Cty",
            "placed_on": today - dt.timedelta(days=4),
        },
    )
    assert early.status_code == 422
    assert early.json()["errors"][0]["field"] == "placed_on"
    ok = _post(
        client,
        f"{BASE}/placements",
        {"seeker_id": seeker.pk, "employer_name": "Cty", "placed_on": today},
    )
    assert ok.status_code == 201 and ok.json()["source"] == "self_reported"
    twice = _post(
        client,
        f"{BASE}/placements",
        {"seeker_id": seeker.pk, "employer_name": "Cty", "placed_on": today},
    )
    assert twice.status_code == 422 and twice.json()["errors"][0]["code"] == "seeker.closed"


ROLES = ["counsellor", "other_counsellor", "province_officer", "commune_officer", "analyst", "anonymous"]
MATRIX = {
    "list": [200, 200, 200, 403, 200, 401],
    "detail": [200, 404, 200, 403, 200, 401],
    "create": [201, 404, 403, 403, 403, 401],
    "outcome": [200, 404, 403, 403, 403, 401],
    "placements": [200, 200, 200, 403, 200, 401],
    "placement_create": [201, 404, 403, 403, 403, 401],
    "time": [200, 200, 200, 403, 200, 401],
}


@pytest.mark.parametrize("endpoint", list(MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)))
def test_permission_matrix(
    today, client, request, endpoint, role_index, counsellor, make_seeker, make_vacancy
):
    seeker, vacancy = make_seeker(), make_vacancy()
    referral = referral_services.referral_create(actor=counsellor, seeker_id=seeker.pk, vacancy_id=vacancy.pk)
    other = make_seeker(title="Kế toán")
    role = ROLES[role_index]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = {
        "list": lambda: client.get(BASE),
        "detail": lambda: client.get(f"{BASE}/{referral.pk}"),
        "create": lambda: _post(client, BASE, {"seeker_id": other.pk, "vacancy_id": vacancy.pk}),
        "outcome": lambda: _post(client, f"{BASE}/{referral.pk}/outcome", {"status": "interviewed"}),
        "placements": lambda: client.get(f"{BASE}/placements"),
        "placement_create": lambda: _post(
            client,
            f"{BASE}/placements",
            {"seeker_id": other.pk, "employer_name": "Cty", "placed_on": today},
        ),
        "time": lambda: client.get(f"{BASE}/time-to-placement"),
    }[endpoint]()
    assert response.status_code == MATRIX[endpoint][role_index], (role, endpoint, response.content[:300])
    if role == "other_counsellor" and endpoint == "list":
        assert response.json()["items"] == []
