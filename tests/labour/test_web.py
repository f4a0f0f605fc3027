"""Counsellor pages under /labour/: scope, forms that report every error, imports that list refused rows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ansinh.labour.models import JobSeeker, Vacancy
from tests.labour.conftest import person_raw
from tests.labour.test_imports_exports import _csv, _seeker_row

pytestmark = pytest.mark.django_db


def test_dashboard(today, client, counsellor, make_seeker, make_vacancy):
    from ansinh.labour.referrals.services import placement_record

    make_seeker()
    placed = make_seeker(title="Kế toán")
    placement_record(actor=counsellor, seeker_id=placed.pk, placed_on=today, employer_name="Công ty May 10")
    make_vacancy(posts=12)
    client.force_login(counsellor)
    response = client.get("/labour/")
    assert response.status_code == 200
    figures = response.context["counts"]
    assert figures == {"active_seekers": 1, "registered_this_month": 2, "open_vacancies": 1, "open_posts": 12,
                       "employers": 1, "placements_this_month": 1}  # fmt: skip
    html = response.content.decode()
    assert "Thợ vận hành máy dệt, may và sản phẩm da" not in html  # level-3 names are not shown
    assert "Công nhân may công nghiệp" in html  # 8153, the open vacancy's occupation
    assert response.context["seekers_by_occupation"][0]["occupation_code"] == "7212"


def test_pages_need_labour_view(client, commune_officer):
    assert client.get("/labour/").status_code == 302  # to the log-in page
    client.force_login(commune_officer)
    for url in (
        "/labour/",
        "/labour/seekers/",
        "/labour/vacancies/",
        "/labour/employers/",
        "/labour/import/",
    ):
        assert client.get(url).status_code == 403, url


def test_analyst_reads_but_cannot_write(client, analyst, make_seeker):
    seeker = make_seeker()
    client.force_login(analyst)
    assert client.get(f"/labour/seekers/{seeker.pk}/").status_code == 200
    assert client.get("/labour/seekers/new/").status_code == 403
    assert client.post(f"/labour/seekers/{seeker.pk}/close/", {"reason": "placed"}).status_code == 403


def test_seeker_search_folded_and_scoped(client, counsellor, other_counsellor, make_seeker,
                                         django_assert_max_num_queries):  # fmt: skip
    seeker = make_seeker(person_overrides={"full_name": "Nguyễn Thị Hoà"}, title="Thợ hàn điện")
    make_seeker(title="Kế toán")
    client.force_login(counsellor)
    for query in ("nguyen hoa", "NGUYỄN THỊ HÒA", "tho han", "7212"):
        with django_assert_max_num_queries(8):
            response = client.get("/labour/seekers/", {"q": query})
        assert [s.pk for s in response.context["list"].page.object_list] == [seeker.pk], query
    html = client.get("/labour/seekers/", {"q": "nguyen"}).content.decode()
    assert seeker.person.personal_id not in html  # masked in lists
    client.force_login(other_counsellor)
    assert list(client.get("/labour/seekers/", {"q": "nguyen"}).context["list"].page.object_list) == []
    assert client.get(f"/labour/seekers/{seeker.pk}/").status_code == 404


def test_htmx_search_answers_the_partial(client, counsellor, make_seeker):
    make_seeker()
    client.force_login(counsellor)
    response = client.get("/labour/seekers/", {"q": "han"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="list-labour-seekers"') and "<html" not in html


def test_register_seeker_through_the_form(client, counsellor, commune_a):
    client.force_login(counsellor)
    person = person_raw()
    form = {
        "personal_id": person["personal_id"], "full_name": "lò văn  hoà", "birth_date": "05/03/" +
        person["birth_date"][:4], "sex": "M", "ethnicity": "01", "commune": str(commune_a.pk),
        "title": "tài xế", "general_education": "3", "qualification": "1", "wage_min": "8.000.000",
        "desired_provinces": ["11", "01"], "work_type": "full_time", "employment_status": "unemployed",
        "ui_status": "none", "consent_contact": "on",
    }  # fmt: skip
    response = client.post("/labour/seekers/new/", form)
    assert response.status_code == 302, response.context["form"].errors
    seeker = JobSeeker.objects.get()
    assert response["Location"] == f"/labour/seekers/{seeker.pk}/"
    assert (seeker.person.full_name, seeker.occupation_code, seeker.wage_min) == (
        "Lò Văn Hòa",
        "8322",
        8_000_000,
    )
    assert set(seeker.places.values_list("province_code", flat=True)) == {"11", "01"}
    page = client.get(response["Location"]).content.decode()
    assert seeker.person.personal_id in page  # the full record (an audited view)


def test_seeker_form_shows_every_error(client, counsellor, commune_a):
    client.force_login(counsellor)
    response = client.post(
        "/labour/seekers/new/", {"commune": str(commune_a.pk), "wage_min": "abc", "sex": ""}
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert {"full_name", "sex", "title", "general_education", "wage_min"} <= set(errors)
    assert not JobSeeker.objects.exists()


def test_edit_seeker_with_stale_version(client, counsellor, make_seeker, commune_a):
    seeker = make_seeker()
    client.force_login(counsellor)
    page = client.get(f"/labour/seekers/{seeker.pk}/edit/")
    assert page.status_code == 200 and "personal_id" not in page.context["form"].fields
    form = {**page.context["form"].initial, "title": "Thợ hàn MIG", "version": "1", "consent_contact": "on"}
    form = {k: v for k, v in form.items() if v not in (None, False)}
    assert client.post(f"/labour/seekers/{seeker.pk}/edit/", form).status_code == 302
    assert JobSeeker.objects.get().title == "Thợ hàn MIG"
    response = client.post(f"/labour/seekers/{seeker.pk}/edit/", form)
    assert response.status_code == 409, response.context["form"].errors


def test_employer_and_vacancy_forms(client, counsellor, commune_a):
    client.force_login(counsellor)
    bad = {"tax_code": "0100233480", "name": "", "kind": "private", "commune": str(commune_a.pk)}
    response = client.post("/labour/employers/new/", bad)
    assert response.status_code == 422
    assert {"tax_code", "name"} <= set(response.context["form"].errors)
    good = {"tax_code": "0100233488", "name": "Công ty TNHH Hòa Bình", "kind": "private",
            "commune": str(commune_a.pk), "industry_code": "C", "is_active": "on"}  # fmt: skip
    response = client.post("/labour/employers/new/", good)
    assert response.status_code == 302
    employer_id = int(response["Location"].rstrip("/").split("/")[-1])
    form = {
        "employer": str(employer_id),
        "title": "Công nhân may",
        "posts": "15",
        "wage_min": "6.500.000",
        "work_type": "full_time",
        "min_general_education": "2",
        "min_qualification": "0",
        "deadline": "31/12/2099",
    }
    response = client.post("/labour/vacancies/new/", form)
    assert response.status_code == 302, response.context["form"].errors
    vacancy = Vacancy.objects.get()
    assert (vacancy.posts, vacancy.occupation_code, vacancy.commune_id) == (15, "8153", commune_a.pk)
    assert (
        client.post(
            f"/labour/vacancies/{vacancy.pk}/close/", {"reason": "filled", "version": "1"}
        ).status_code
        == 302
    )
    assert Vacancy.objects.get().status == "closed"


def test_occupation_suggestion(client, counsellor):
    client.force_login(counsellor)
    html = client.get("/labour/occupations/suggest/", {"title": "thợ hàn"}).content.decode()
    assert "7212" in html


def test_import_page_lists_refused_rows(client, counsellor, commune_a):
    client.force_login(counsellor)
    content = _csv([_seeker_row(commune_a), _seeker_row(commune_a, **{"Giới tính": "?"})])
    upload = SimpleUploadedFile("ds.csv", content, content_type="text/csv")
    response = client.post("/labour/import/", {"kind": "seekers", "file": upload})
    assert response.status_code == 422
    assert [(e.row, e.column) for e in response.context["refused"]] == [(3, "Giới tính")]
    assert 'id="refused-rows"' in response.content.decode()
    assert not JobSeeker.objects.exists()
    upload = SimpleUploadedFile("ds.csv", _csv([_seeker_row(commune_a)]), content_type="text/csv")
    response = client.post("/labour/import/", {"kind": "seekers", "file": upload})
    assert response.status_code == 302 and JobSeeker.objects.count() == 1


def test_a_long_file_is_imported_in_the_background(
    client, counsellor, other_counsellor, commune_a, monkeypatch, django_capture_on_commit_callbacks
):
    from ansinh.labour.registration import imports

    monkeypatch.setattr(imports, "MAX_ROWS", 1)  # "long" = more than the request imports itself
    client.force_login(counsellor)
    bad = _csv([_seeker_row(commune_a), _seeker_row(commune_a, **{"Giới tính": "?"})])
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            "/labour/import/", {"kind": "seekers", "file": SimpleUploadedFile("a.csv", bad)}
        )
    assert started.status_code == 302 and "?job=" in started["Location"]
    page = client.get(started["Location"])
    assert [(e["row"], e["column"]) for e in page.context["refused"]] == [(3, "Giới tính")]
    assert not JobSeeker.objects.exists()  # all or nothing, in the background too
    good = _csv([_seeker_row(commune_a), _seeker_row(commune_a)])
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            "/labour/import/", {"kind": "seekers", "file": SimpleUploadedFile("b.csv", good)}
        )
    page = client.get(started["Location"])
    assert page.context["job"].result["created"] == 2 and JobSeeker.objects.count() == 2
    assert "2 dòng" in page.content.decode()
    client.force_login(other_counsellor)  # another province's job is not found
    assert client.get(started["Location"]).status_code == 404


def test_import_page_bad_encoding(client, counsellor):
    client.force_login(counsellor)
    upload = SimpleUploadedFile("ds.csv", "Họ và tên\nHòa\n".encode("utf-16"), content_type="text/csv")
    response = client.post("/labour/import/", {"kind": "seekers", "file": upload})
    assert response.status_code == 422 and "UTF-16" in str(response.context["problem"])


def test_template_and_export_downloads(client, counsellor, make_seeker):
    make_seeker()
    client.force_login(counsellor)
    response = client.get("/labour/import/template/vacancies/")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.get("/labour/import/template/other/").status_code == 404
    response = client.get("/labour/seekers/export/", {"q": "han", "format": "csv"})
    assert response.status_code == 200 and response.content.decode("utf-8-sig").count("\n") == 2
