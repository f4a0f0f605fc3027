"""Referral buttons on the match lists, the outcome and placement forms of the seeker page."""

from __future__ import annotations

import pytest

from ansinh.labour.models import JobSeeker, Placement, Referral

pytestmark = pytest.mark.django_db


def test_refer_from_the_seeker_match_list(client, counsellor, make_seeker, make_vacancy):
    seeker = make_seeker(title="Thợ hàn điện")
    vacancy = make_vacancy(title="Thợ hàn điện", posts=2)
    client.force_login(counsellor)
    page = client.get(f"/labour/seekers/{seeker.pk}/").content.decode()
    assert f"/labour/seekers/{seeker.pk}/matches/" in page  # loaded by htmx
    matches = client.get(f"/labour/seekers/{seeker.pk}/matches/", headers={"HX-Request": "true"})
    html = matches.content.decode()
    assert vacancy.title in html and "Giới thiệu" in html and "7212" in html
    response = client.post(
        "/labour/referrals/new/",
        {"seeker": seeker.pk, "vacancy": vacancy.pk, "score": "81.5"},
        headers={"HX-Request": "true"},
    )
    assert "Đã giới thiệu" in response.content.decode()
    referral = Referral.objects.get()
    assert (referral.seeker_id, referral.vacancy_id, referral.score) == (seeker.pk, vacancy.pk, 81.5)
    again = client.post(
        "/labour/referrals/new/", {"seeker": seeker.pk, "vacancy": vacancy.pk}, headers={"HX-Request": "true"}
    )
    assert 'role="alert"' in again.content.decode() and Referral.objects.count() == 1
    assert "Đã giới thiệu" in client.get(f"/labour/seekers/{seeker.pk}/matches/").content.decode()


def test_refer_from_the_vacancy_match_list(client, counsellor, make_seeker, make_vacancy):
    seeker = make_seeker(title="Thợ hàn điện")
    vacancy = make_vacancy(title="Thợ hàn điện")
    client.force_login(counsellor)
    html = client.get(f"/labour/vacancies/{vacancy.pk}/matches/").content.decode()
    assert seeker.person.full_name in html and seeker.person.personal_id not in html
    client.post("/labour/referrals/new/", {"seeker": seeker.pk, "vacancy": vacancy.pk})
    assert Referral.objects.filter(seeker=seeker, vacancy=vacancy).exists()


def test_outcome_hired_closes_the_registration(client, counsellor, make_seeker, make_vacancy):
    from ansinh.labour.referrals import services as referral_services

    seeker, vacancy = make_seeker(), make_vacancy()
    referral = referral_services.referral_create(actor=counsellor, seeker_id=seeker.pk, vacancy_id=vacancy.pk)
    client.force_login(counsellor)
    response = client.post(
        f"/labour/referrals/{referral.pk}/outcome/", {"status": "hired", "version": referral.version}
    )
    assert response.status_code == 302
    assert JobSeeker.objects.get(pk=seeker.pk).close_reason == "placed"
    page = client.get(f"/labour/seekers/{seeker.pk}/").content.decode()
    assert "Có việc làm" in page and "Giới thiệu việc làm" in page
    listing = client.get("/labour/referrals/", {"status": "hired"})
    assert [r.pk for r in listing.context["list"].page.object_list] == [referral.pk]


def test_self_reported_placement_form(today, client, counsellor, make_seeker):
    seeker = make_seeker()
    client.force_login(counsellor)
    refused = client.post(
        f"/labour/seekers/{seeker.pk}/placement/",
        {"placed_on": "01/01/2020", "employer_name": "Cty"},
        follow=True,
    )
    assert "trước ngày đăng ký tìm việc" in refused.content.decode()
    client.post(
        f"/labour/seekers/{seeker.pk}/placement/",
        {"placed_on": f"{today:%d/%m/%Y}", "employer_name": "HTX Nông nghiệp"},
    )
    placement = Placement.objects.get(seeker=seeker)
    assert (placement.source, placement.employer_name) == ("self_reported", "HTX Nông nghiệp")


def test_referral_pages_scope_and_roles(
    client, counsellor, other_counsellor, analyst, make_seeker, make_vacancy
):
    from ansinh.labour.referrals import services as referral_services

    seeker, vacancy = make_seeker(), make_vacancy()
    referral = referral_services.referral_create(actor=counsellor, seeker_id=seeker.pk, vacancy_id=vacancy.pk)
    assert client.get("/labour/referrals/").status_code == 302
    client.force_login(other_counsellor)
    assert client.get(f"/labour/seekers/{seeker.pk}/matches/").status_code == 404
    assert client.post(f"/labour/referrals/{referral.pk}/outcome/", {"status": "hired"}).status_code == 404
    assert (
        client.post("/labour/referrals/new/", {"seeker": seeker.pk, "vacancy": vacancy.pk}).status_code == 404
    )
    assert list(client.get("/labour/referrals/").context["list"].page.object_list) == []
    client.force_login(analyst)
    assert client.get(f"/labour/seekers/{seeker.pk}/matches/").status_code == 200
    assert (
        client.post("/labour/referrals/new/", {"seeker": seeker.pk, "vacancy": vacancy.pk}).status_code == 403
    )
    assert client.post(f"/labour/seekers/{seeker.pk}/placement/", {}).status_code == 403
