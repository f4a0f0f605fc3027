"""/api/v1/programmes: define, read, evaluate, dry-run; scope and field-named errors."""

import json

import pytest

BODY = {
    "code": "lu-quet-2026",
    "name": "Cứu trợ lũ quét tháng 3/2026",
    "legal_basis": "Nghị định 20/2021/NĐ-CP, Chương III",
    "event_from": "2026-03-01",
    "event_to": "2026-03-31",
    "apply_until": "2026-04-30",
    "budget": 500_000_000,
}
POLICY = {
    "code": "sua-nha",
    "name": "Sửa chữa nhà ở bị hư hỏng nặng",
    "unit": "household",
    "citation": "Nghị định 20/2021/NĐ-CP, Điều 15, khoản 3",
    "amount_kind": "fixed",
    "amount": 20_000_000,
    "conditions": [
        {"fact": "house_damage", "op": "in", "value": "severely_damaged"},
        {"fact": "household_status", "op": "in", "value": "poor,near_poor", "group": "ho"},
        {"fact": "hardship", "op": "is_true", "group": "ho"},
    ],
}


def _client(client, user):
    client.force_login(user)
    return client


def _post(client, url, body, method="post"):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def own_programme(client, province_officer):
    c = _client(client, province_officer)
    made = _post(c, "/api/v1/programmes", BODY)
    assert made.status_code == 201, made.content
    programme = made.json()
    policy = _post(c, f"/api/v1/programmes/{programme['id']}/policies", POLICY)
    assert policy.status_code == 201, policy.content
    return programme, policy.json()


def test_a_province_defines_its_own_programme(own_programme):
    programme, policy = own_programme
    assert programme["province_code"] == "11"
    assert [c["fact"] for c in policy["conditions"]] == ["house_damage", "household_status", "hardship"]


def test_another_province_does_not_see_it(own_programme, client, other_province_officer):
    programme, _policy = own_programme
    c = _client(client, other_province_officer)
    assert c.get(f"/api/v1/programmes/{programme['id']}").status_code == 404
    assert programme["id"] not in {p["id"] for p in c.get("/api/v1/programmes").json()["items"]}


def test_the_ministry_defines_national_programmes_a_province_only_sets_its_criteria(
    client, analyst, province_officer, loaded
):
    from ansinh.programmes.models import Policy, Programme

    nq68 = Programme.objects.get(code="nq68-2021")
    policy = Policy.objects.get(code="nq68-12")
    c = _client(client, province_officer)
    refused = _post(c, f"/api/v1/programmes/{nq68.pk}", {**BODY, "code": "nq68-2021"}, "put")
    assert refused.status_code == 403
    own = _post(
        c,
        f"/api/v1/programmes/{nq68.pk}/policies/{policy.pk}/province",
        {
            "conditions": [{"fact": "age", "op": "gte", "value": "18"}],
            "amount": 1_500_000,
            "citation": "Quyết định 2044/QĐ-UBND tỉnh Điện Biên",
        },
        "put",
    )
    assert own.status_code == 200, own.content
    assert own.json()["province_amounts"] == [
        {"province_code": "11", "amount": 1_500_000, "citation": "Quyết định 2044/QĐ-UBND tỉnh Điện Biên",
         "confidence": "confirmed"}
    ]  # fmt: skip
    c = _client(client, analyst)
    made = _post(c, "/api/v1/programmes", {**BODY, "code": "quoc-gia-2026"})
    assert made.status_code == 201 and made.json()["province_code"] == ""


def test_bad_input_names_the_field(client, province_officer, own_programme):
    programme, policy = own_programme
    c = _client(client, province_officer)
    wrong = _post(c, "/api/v1/programmes", {**BODY, "code": "x", "event_to": "2026-02-01"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "event_to"
    bad_condition = {**POLICY, "code": "khac", "conditions": [{"fact": "age", "op": "lt", "value": "mười"}]}
    wrong = _post(c, f"/api/v1/programmes/{programme['id']}/policies", bad_condition)
    assert wrong.status_code == 422
    assert wrong.json()["field"] == "conditions.0.value"
    assert wrong.json()["message"] == "Hãy ghi một số nguyên từ 0 trở lên."
    facts = {"facts": {"house_damage": "burnt"}}
    wrong = _post(c, f"/api/v1/programmes/{programme['id']}/policies/{policy['id']}/evaluate", facts)
    assert wrong.status_code == 422 and wrong.json()["field"] == "facts.house_damage"


def test_evaluate_explains_in_vietnamese(client, commune_officer, own_programme):
    programme, policy = own_programme
    c = _client(client, commune_officer)
    facts = {"facts": {"house_damage": "severely_damaged", "household_status": "none", "hardship": True}}
    answer = _post(c, f"/api/v1/programmes/{programme['id']}/policies/{policy['id']}/evaluate", facts)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["eligible"], body["amount"]) == (True, 20_000_000)
    assert "Hộ có hoàn cảnh khó khăn (xã xác nhận): có — đạt" in body["lines"]
    assert body["lines"][-1].startswith("Tổng cộng: 20.000.000 đ")


def test_dry_run_job(client, province_officer, own_programme, django_capture_on_commit_callbacks):
    programme, _policy = own_programme
    c = _client(client, province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        started = _post(c, f"/api/v1/programmes/{programme['id']}/dry-run", {})
    assert started.status_code == 202
    job = c.get(f"/api/v1/programmes/dry-runs/{started.json()['id']}").json()
    assert job["status"] == "succeeded"
    assert job["result"]["province_code"] == "11"
    assert job["result"]["policies"][0]["code"] == "sua-nha"


def test_commune_officer_reads_but_does_not_define(client, commune_officer, own_programme):
    programme, _policy = own_programme
    c = _client(client, commune_officer)
    assert c.get(f"/api/v1/programmes/{programme['id']}").status_code == 200
    assert _post(c, "/api/v1/programmes", {**BODY, "code": "xa"}).status_code == 403
    assert _post(c, f"/api/v1/programmes/{programme['id']}/dry-run", {}).status_code == 403
