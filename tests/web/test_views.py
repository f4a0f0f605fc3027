"""The web pages through Django's test client: log-in, search, record, edit, households, audit, languages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from ansinh.core.identifiers import personal_id as pid
from ansinh.core.models import AuditEvent
from ansinh.registry.models import Person

pytestmark = pytest.mark.django_db


def _events(person, action):
    return AuditEvent.objects.filter(object_type="registry.person", object_id=str(person.pk), action=action)


def _without_csrf(response):
    return re.sub(
        r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", response.content.decode()
    )


def _edit_payload(person, **changes):
    data = {
        "full_name": person.full_name,
        "personal_id": person.personal_id or "",
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "birth_year": "" if person.birth_date else str(person.birth_year),
        "ethnicity": person.ethnicity,
        "commune": str(person.commune_id),
        "address_detail": person.address_detail,
        "phone": person.phone,
        "bank_code": person.bank_code,
        "bank_account": person.bank_account,
        "status": person.status,
        "death_date": "",
        "version": str(person.version),
    }
    data.update(changes)
    return data


# --- log-in -----------------------------------------------------------------------------------------


def test_login_page_is_vietnamese_with_csrf(client):
    response = client.get("/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Đăng nhập" in body
    assert "csrfmiddlewaretoken" in body


def test_login_refuses_a_post_without_csrf_token(commune_officer, password):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "xa_a", "password": password})
    assert response.status_code == 403


def test_login_with_wrong_password_shows_the_message(client, commune_officer):
    response = client.post("/login/", {"username": "xa_a", "password": "not-the-password"})
    assert response.status_code == 400
    assert "Sai tên đăng nhập hoặc mật khẩu." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", object_label="xa_a").exists()


def test_login_then_dashboard_shows_role_and_scope(client, commune_officer, commune_a, password):
    response = client.post("/login/", {"username": "xa_a", "password": password})
    assert response.status_code == 302
    assert response["Location"] == "/"
    page = client.get("/").content.decode()
    assert "Cán bộ cấp xã" in page
    assert commune_a.name in page
    assert AuditEvent.objects.filter(action="login", actor=commune_officer).exists()


def test_login_follows_a_local_next_but_not_a_foreign_one(client, commune_officer, password):
    response = client.post("/login/?next=/persons/", {"username": "xa_a", "password": password})
    assert response["Location"] == "/persons/"
    client.logout()
    response = client.post(
        "/login/", {"username": "xa_a", "password": password, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_logout_is_post_only(login, commune_officer):
    client = login(commune_officer)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert client.get("/").status_code == 302
    from ansinh.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="logout", actor=commune_officer).count() == 1


def test_pages_send_anonymous_visitors_to_login(client):
    response = client.get("/persons/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/persons/"


# --- dashboard --------------------------------------------------------------------------------------


def test_dashboard_figures_use_vietnamese_number_format(login, make_person, province_officer):
    make_person(bank_code="", bank_account="")
    make_person(bank_code="", bank_account="")
    make_person(bank_code="", bank_account="")
    page = login(province_officer).get("/").content.decode()
    # Three people, all with a personal ID: 100,00% in Vietnamese.
    assert "100,00%" in page
    assert re.search(r"<dd>3 ", page)


def test_dashboard_figures_are_counted_once_per_area_for_two_minutes(
    login, make_person, province_officer, commune_officer
):
    from django.core.cache import cache

    make_person()
    client = login(province_officer)
    assert re.search(r"<dd>1 ", client.get("/").content.decode())
    make_person()
    assert re.search(r"<dd>1 ", client.get("/").content.decode())  # the same figures, reused
    assert re.search(r"<dd>2 ", login(commune_officer).get("/").content.decode())  # another area: its own
    cache.clear()
    assert re.search(r"<dd>2 ", login(province_officer).get("/").content.decode())


def test_navigation_follows_capabilities(login, analyst, auditor):
    page = login(analyst).get("/").content.decode()
    assert "/persons/new/" not in page  # an analyst reads but does not register
    assert "/audit/" not in page
    page = login(auditor).get("/").content.decode()
    assert "/audit/" in page


# --- search -----------------------------------------------------------------------------------------


def test_search_without_diacritics_answers_htmx_with_the_results_only(
    login, commune_officer, make_person, htmx_headers
):
    person = make_person(full_name="Đặng Thị Thùy Dương", sex="F")
    response = login(commune_officer).get("/persons/", {"q": "dang thi thuy"}, headers=htmx_headers)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="list-registry-persons"')
    assert "Đặng Thị Thùy Dương" in body
    assert f"/persons/{person.pk}/" in body
    assert person.personal_id not in body  # lists show masked IDs only
    assert pid.mask(person.personal_id) in body
    assert "HX-Request" in response["Vary"]


def test_search_gives_the_whole_page_to_an_htmx_history_restore(login, commune_officer, htmx_headers):
    headers = {**htmx_headers, "HX-History-Restore-Request": "true"}
    body = login(commune_officer).get("/persons/", {"q": "dang"}, headers=headers).content.decode()
    assert "<html" in body


def test_search_full_page_has_the_search_box_wired_for_htmx(login, commune_officer):
    body = login(commune_officer).get("/persons/").content.decode()
    assert 'hx-trigger="input changed delay:300ms, search"' in body
    assert "X-CSRFToken" in body
    assert "htmx" in body


def test_search_filters_by_birth_year(login, commune_officer, make_person, htmx_headers):
    make_person(full_name="Lò Văn Pọm", birth_date="1971-02-03", sex="M")
    make_person(full_name="Lò Văn Pọm", birth_date="1985-02-03", sex="M")
    body = (
        login(commune_officer)
        .get("/persons/", {"q": "lo van pom", "birth_year": "1985"}, headers=htmx_headers)
        .content.decode()
    )
    assert "1985" in body
    assert "1971" not in body


def test_search_does_not_list_people_outside_scope(login, other_province_officer, make_person, htmx_headers):
    make_person(full_name="Quàng Văn Ương", sex="M")
    body = (
        login(other_province_officer)
        .get("/persons/", {"q": "quang van uong"}, headers=htmx_headers)
        .content.decode()
    )
    assert "Quàng Văn Ương" not in body


def test_search_query_count_does_not_grow_with_results(
    login, province_officer, make_person, htmx_headers, django_assert_max_num_queries
):
    for _ in range(8):
        make_person(full_name="Cà Thị Mai")
    client = login(province_officer)
    with django_assert_max_num_queries(8):
        response = client.get("/persons/", {"q": "ca thi mai"}, headers=htmx_headers)
    assert response.content.decode().count("Cà Thị Mai") == 8


# --- record -----------------------------------------------------------------------------------------


def test_detail_shows_the_full_record_and_writes_a_view_event(login, commune_officer, make_person):
    person = make_person(full_name="Lường Thị Xuân")
    response = login(commune_officer).get(f"/persons/{person.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert person.personal_id in body
    assert "Lịch sử thay đổi" in body
    assert f"/persons/{person.pk}/edit/" in body
    event = _events(person, "view").get()
    assert event.actor == commune_officer


def test_out_of_scope_record_answers_404_like_a_missing_one(login, other_province_officer, make_person):
    person = make_person()
    client = login(other_province_officer)
    hidden = client.get(f"/persons/{person.pk}/")
    missing = client.get("/persons/999999999/")
    assert hidden.status_code == missing.status_code == 404
    assert "Không tìm thấy" in hidden.content.decode()
    # The same page byte for byte, apart from the per-response CSRF token and the path itself.
    assert _without_csrf(hidden) == _without_csrf(missing).replace(
        "/persons/999999999/", f"/persons/{person.pk}/"
    )
    assert not _events(person, "view").exists()
    assert client.get(f"/persons/{person.pk}/edit/").status_code == 404


def test_history_is_shown_only_with_the_history_capability(login, counsellor, make_person):
    person = make_person()
    body = login(counsellor).get(f"/persons/{person.pk}/").content.decode()
    assert "Lịch sử thay đổi" not in body


# --- create and edit --------------------------------------------------------------------------------


def test_create_registers_the_person(login, commune_officer, commune_a):
    data = {
        "full_name": "  Mùa A Sùng ",
        "personal_id": "",
        "sex": "M",
        "birth_date": "",
        "birth_year": "1990",
        "ethnicity": "01",
        "commune": str(commune_a.pk),
        "phone": "0912 345 678",
        "status": "alive",
    }
    response = login(commune_officer).post("/persons/new/", data)
    assert response.status_code == 302
    person = Person.objects.get(full_name="Mùa A Sùng")
    assert response["Location"] == f"/persons/{person.pk}/"
    assert person.birth_year == 1990 and person.birth_date is None
    assert person.phone == "0912345678"
    assert _events(person, "create").exists()


def test_create_form_offers_only_communes_in_scope(
    login, commune_officer, province_officer, commune_a, commune_b
):
    body = login(commune_officer).get("/persons/new/").content.decode()
    assert f'value="{commune_a.pk}"' in body
    assert f'value="{commune_b.pk}"' not in body
    body = login(province_officer).get("/persons/new/").content.decode()
    assert f'value="{commune_a.pk}"' in body and f'value="{commune_b.pk}"' in body


def test_create_with_a_commune_outside_scope_is_refused_at_the_field(login, commune_officer, commune_b):
    data = {"full_name": "Mùa A Sùng", "sex": "M", "birth_year": "1990", "commune": str(commune_b.pk)}
    response = login(commune_officer).post("/persons/new/", data)
    assert response.status_code == 422
    assert 'id="id_commune_error"' in response.content.decode()
    assert not Person.objects.filter(full_name="Mùa A Sùng").exists()


def test_edit_saves_and_writes_an_update_event(login, commune_officer, make_person):
    person = make_person(phone="0912345678")
    client = login(commune_officer)
    response = client.post(f"/persons/{person.pk}/edit/", _edit_payload(person, phone="0987654321"))
    assert response.status_code == 302
    assert response["Location"] == f"/persons/{person.pk}/"
    person.refresh_from_db()
    assert person.phone == "0987654321"
    assert person.version == 2
    event = _events(person, "update").get()
    assert event.actor == commune_officer
    assert event.before == {"phone": "0912345678"} and event.after == {"phone": "0987654321"}
    page = client.get(f"/persons/{person.pk}/").content.decode()
    assert "Đã lưu các thay đổi." in page
    assert re.search(r"Số điện thoại:</span>\s*<del>0912345678</del>.*?<ins>0987654321</ins>", page, re.S)


def test_edit_shows_each_error_beside_its_field_and_keeps_what_was_typed(login, commune_officer, make_person):
    person = make_person()
    payload = _edit_payload(person, full_name="", phone="12ab", birth_date="2099-01-01")
    response = login(commune_officer).post(f"/persons/{person.pk}/edit/", payload)
    assert response.status_code == 422
    body = response.content.decode()
    for field in ("full_name", "phone", "birth_date"):
        assert f'id="id_{field}_error"' in body
        assert re.search(
            rf'id="id_{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="id_{field}"', body
        )
    assert "Nhập họ và tên." in body or "họ và tên" in body.lower()
    assert 'value="12ab"' in body
    assert 'value="2099-01-01"' in body
    person.refresh_from_db()
    assert person.version == 1
    assert not _events(person, "update").exists()


def test_edit_on_a_stale_version_shows_the_conflict(login, commune_officer, make_person):
    person = make_person(phone="0912345678")
    client = login(commune_officer)
    stale = _edit_payload(person, phone="0911111111")
    assert (
        client.post(f"/persons/{person.pk}/edit/", _edit_payload(person, phone="0922222222")).status_code
        == 302
    )
    response = client.post(f"/persons/{person.pk}/edit/", stale)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed" in body or "người khác" in body.lower()
    assert 'value="0911111111"' in body
    person.refresh_from_db()
    assert person.phone == "0922222222"


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("analyst", "/persons/new/"),
        ("auditor", "/persons/{pk}/edit/"),
        ("commune_officer", "/audit/"),
        ("admin_user", "/persons/"),
        ("analyst", "/households/new/"),
    ],
)
def test_missing_capability_is_403(request, login, make_person, who, url):
    person = make_person()
    response = login(request.getfixturevalue(who)).get(url.format(pk=person.pk))
    assert response.status_code == 403
    assert "Không được phép" in response.content.decode()


# --- households -------------------------------------------------------------------------------------


def test_household_register_add_and_remove_members(login, commune_officer, make_person, commune_a):
    head = make_person(full_name="Giàng A Páo", sex="M", birth_date="1970-01-01")
    child = make_person(full_name="Giàng Thị Mỷ", birth_date="2001-01-01")
    client = login(commune_officer)
    response = client.post("/households/new/", {"head": head.pk, "commune": commune_a.pk, "code": ""})
    assert response.status_code == 302
    household_url = response["Location"]
    candidates = client.get(
        household_url + "candidates/", {"q": "giang thi my"}, headers={"HX-Request": "true"}
    )
    assert "Giàng Thị Mỷ" in candidates.content.decode()
    assert (
        client.post(household_url + "members/", {"person": child.pk, "relationship": "child"}).status_code
        == 302
    )
    page = client.get(household_url).content.decode()
    assert "Giàng A Páo" in page and "Chủ hộ" in page
    assert "Giàng Thị Mỷ" in page and "Con" in page
    response = client.post(f"{household_url}members/{child.pk}/remove/")
    assert response.status_code == 302
    page = client.get(household_url).content.decode()
    assert "Thành viên cũ" in page
    # The person page links back to the household of a current member.
    assert household_url in client.get(f"/persons/{head.pk}/").content.decode()


def test_household_add_member_refusal_is_shown(login, commune_officer, make_person, commune_a):
    head = make_person(sex="M")
    client = login(commune_officer)
    household_url = client.post("/households/new/", {"head": head.pk, "commune": commune_a.pk})["Location"]
    other_url = client.post("/households/new/", {"commune": commune_a.pk})["Location"]
    response = client.post(other_url + "members/", {"person": head.pk, "relationship": "spouse"}, follow=True)
    assert "Người này đang thuộc một hộ khác" in response.content.decode()
    assert household_url != other_url


# --- audit ------------------------------------------------------------------------------------------


def test_audit_search_filters_by_user_and_action(login, auditor, make_person, province_officer):
    person = make_person(full_name="Tòng Văn Hặc", sex="M")
    client = login(auditor)
    body = client.get("/audit/", {"username": "so_dienbien", "action": "create"}).content.decode()
    assert "Tòng Văn Hặc" in body
    assert f"/persons/{person.pk}/" in body
    body = client.get("/audit/", {"username": "nobody", "action": "create"}).content.decode()
    assert "Tòng Văn Hặc" not in body


# --- language ---------------------------------------------------------------------------------------


def test_language_switch_renders_english(login, commune_officer):
    client = login(commune_officer)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/persons/"})
    assert response.status_code == 302
    body = client.get("/persons/").content.decode()
    assert '<html lang="en">' in body
    assert "Find a person" in body
    assert "Commune officer" in body
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Tra cứu" in client.get("/persons/").content.decode()


def test_pages_are_vietnamese_for_an_english_browser_until_the_user_switches(client, settings):
    middleware = "ansinh.web.middleware.DefaultLanguageMiddleware"
    if middleware not in settings.MIDDLEWARE:
        at = settings.MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware") + 1
        settings.MIDDLEWARE = [*settings.MIDDLEWARE[:at], middleware, *settings.MIDDLEWARE[at:]]
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}
    assert '<html lang="vi">' in client.get("/login/", headers=english_browser).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert '<html lang="en">' in client.get("/login/", headers=english_browser).content.decode()
