"""The programme pages: list, definition forms with conditions, province criteria, the dry-run job page."""

import pytest


@pytest.fixture
def officer_client(client, province_officer):
    client.force_login(province_officer)
    return client


def test_list_and_detail_in_vietnamese(officer_client, loaded):
    from ansinh.programmes.models import Programme

    page = officer_client.get("/programmes/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Chương trình hỗ trợ" in text and "Trợ giúp xã hội khẩn cấp" in text
    nd20 = Programme.objects.get(code="nd20-khan-cap")
    detail = officer_client.get(f"/programmes/{nd20.pk}/").content.decode()
    assert "Nghị định 20/2021/NĐ-CP, Điều 15, khoản 1" in detail
    assert "Thiệt hại về nhà ở: là một trong collapsed" in detail
    assert "40.000.000" in detail


def test_define_a_programme_and_a_policy_in_forms(officer_client):
    from ansinh.programmes.models import Condition, Policy, Programme

    answer = officer_client.post(
        "/programmes/new/",
        {
            "code": "bao-so-3",
            "name": "Cứu trợ bão số 3",
            "legal_basis": "Nghị định 20/2021/NĐ-CP",
            "event_from": "01/09/2026",
            "event_to": "30/09/2026",
            "budget": "2.000.000.000",
            "status": "open",
        },
    )
    programme = Programme.objects.get(code="bao-so-3")
    assert answer.status_code == 302 and programme.province_code == "11" and programme.budget == 2_000_000_000
    refused = officer_client.post(
        f"/programmes/{programme.pk}/policies/new/",
        {"code": "x", "name": "X", "unit": "person", "citation": "Điều 1", "amount_kind": "fixed",
         "amount": "1.000.000", "c0_fact": "age", "c0_op": "lt", "c0_value": "mười"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "Điều kiện 1: Hãy ghi một số nguyên từ 0 trở lên." in refused.content.decode()
    saved = officer_client.post(
        f"/programmes/{programme.pk}/policies/new/",
        {"code": "mai-tang", "name": "Mai táng", "unit": "person", "citation": "Điều 14",
         "confidence": "confirmed", "amount_kind": "standard_multiple", "multiple": "50",
         "c0_fact": "died_in_window", "c0_op": "is_true"},
    )  # fmt: skip
    assert saved.status_code == 302
    policy = Policy.objects.get(programme=programme, code="mai-tang")
    assert list(Condition.objects.filter(policy=policy).values_list("fact", "op")) == [
        ("died_in_window", "is_true")
    ]


def test_a_province_sets_its_own_criteria(officer_client, loaded):
    from ansinh.programmes.models import Policy

    policy = Policy.objects.get(code="nq68-12")
    url = f"/programmes/{policy.programme_id}/policies/{policy.pk}/province/"
    assert officer_client.get(url).status_code == 200
    answer = officer_client.post(
        url,
        {
            "amount": "1.500.000",
            "citation": "Quyết định 1/QĐ-UBND",
            "c0_fact": "age",
            "c0_op": "gte",
            "c0_value": "18",
        },
    )
    assert answer.status_code == 302
    assert policy.province_amounts.get().amount == 1_500_000
    assert policy.conditions.filter(province_code="11").count() == 1
    # The national definition is the ministry's.
    assert officer_client.get(f"/programmes/{policy.programme_id}/policies/{policy.pk}/").status_code == 403


def test_dry_run_page_follows_its_job(officer_client, loaded, django_capture_on_commit_callbacks):
    from ansinh.programmes.models import Programme

    nd20 = Programme.objects.get(code="nd20-khan-cap")
    with django_capture_on_commit_callbacks(execute=True):
        started = officer_client.post(f"/programmes/{nd20.pk}/dry-run/")
    assert started.status_code == 302
    page = officer_client.get(started["Location"]).content.decode()
    assert "Kết quả chạy thử" in page and "Hỗ trợ làm nhà ở" in page
    assert "kiểm tra khi nhận hồ sơ" in page
