"""User administration by the system administrator: pages under /users/ and the API under /api/v1/users."""

from __future__ import annotations

import pytest
from django.test import Client

from ansinh.accounts import services
from ansinh.accounts.models import ApiToken, User
from ansinh.core.errors import ApplicationError, NotFound, ValidationFailed
from ansinh.core.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mot-mat-khau-moi-2026"


@pytest.fixture
def admin_client(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def _events(user, **filters):
    return AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk), **filters)


# --- services -----------------------------------------------------------------------------------------


def test_create_reports_every_field_problem_at_once(admin_user, commune_a):
    with pytest.raises(ValidationFailed) as caught:
        services.user_create(
            actor=admin_user,
            username="có dấu cách",
            password="123",
            role="province_officer",
            scope_unit=commune_a,
            email="không-phải-thư",
        )
    assert {e.field for e in caught.value.errors} == {"username", "email", "scope_unit", "password"}


def test_update_changes_role_and_scope_and_is_audited(admin_user, commune_officer, dien_bien):
    services.user_update(
        actor=admin_user,
        user_id=commune_officer.pk,
        role="province_officer",
        scope_unit=dien_bien,
        full_name="lò văn định",
        email="dinh@example.vn",
    )
    commune_officer.refresh_from_db()
    assert (commune_officer.role, commune_officer.scope_unit_id) == ("province_officer", dien_bien.pk)
    assert commune_officer.get_full_name() == "Lò Văn Định"
    event = _events(commune_officer, action="update").get()
    assert event.actor == admin_user
    assert event.before["role"] == "commune_officer" and event.after["role"] == "province_officer"


def test_non_admins_are_told_users_do_not_exist(province_officer, commune_officer):
    for call in (
        lambda: services.user_set_active(actor=province_officer, user_id=commune_officer.pk, active=False),
        lambda: services.password_reset(actor=province_officer, user_id=commune_officer.pk),
        lambda: services.token_issue(actor=province_officer, user_id=commune_officer.pk, name="x"),
    ):
        with pytest.raises(NotFound):
            call()
    assert User.objects.get(pk=commune_officer.pk).is_active


def test_admin_cannot_deactivate_themselves(admin_user):
    with pytest.raises(ApplicationError) as caught:
        services.user_set_active(actor=admin_user, user_id=admin_user.pk, active=False)
    assert caught.value.code == "user.deactivate_self"


def test_last_active_admin_is_kept(admin_user):
    second = services.user_create(
        actor=admin_user, username="quantri2", password=PASSWORD, role="system_admin"
    )
    services.user_set_active(actor=second, user_id=admin_user.pk, active=False)
    # `second` is now the only active administrator: they may neither step down nor leave.
    with pytest.raises(ApplicationError) as caught:
        services.user_update(
            actor=second, user_id=second.pk, role="auditor", scope_unit=None, full_name="X Y"
        )
    assert caught.value.code == "user.last_admin"
    with pytest.raises(ApplicationError) as caught:
        services.user_set_active(actor=second, user_id=second.pk, active=False)
    assert caught.value.code == "user.deactivate_self"
    # With another active administrator, stepping down is allowed.
    services.user_set_active(actor=second, user_id=admin_user.pk, active=True)
    services.user_update(actor=second, user_id=second.pk, role="auditor", scope_unit=None, full_name="X Y")
    assert list(User.objects.filter(role="system_admin", is_active=True)) == [admin_user]
    with pytest.raises(NotFound):  # an auditor manages nothing
        services.user_set_active(actor=User.objects.get(pk=second.pk), user_id=admin_user.pk, active=False)


def test_deactivation_ends_sessions_and_tokens_at_once(admin_user, commune_officer):
    _token, secret = services.token_create(actor=None, user=commune_officer, name="đồng bộ")
    browser = Client()
    browser.force_login(commune_officer)
    assert browser.get("/").status_code == 200
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    services.user_set_active(actor=admin_user, user_id=commune_officer.pk, active=False)
    assert browser.get("/").status_code == 302  # back to the log-in page
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    assert not ApiToken.objects.filter(user=commune_officer, revoked_at__isnull=True).exists()
    event = _events(commune_officer).latest("pk")
    assert event.after == {"is_active": False, "tokens_revoked": 1} and event.actor == admin_user
    # Reactivated, the user logs in again; the revoked token stays revoked.
    services.user_set_active(actor=admin_user, user_id=commune_officer.pk, active=True)
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_password_reset_forces_a_change_at_next_login(admin_user, commune_officer):
    browser = Client()
    browser.force_login(commune_officer)
    _user, temporary = services.password_reset(actor=admin_user, user_id=commune_officer.pk)
    assert len(temporary) >= 10
    assert browser.get("/").status_code == 302  # the old session ended with the old password
    event = _events(commune_officer).latest("pk")
    assert event.after["password"] == "reset" and temporary not in str(event.after)
    client = Client()
    client.post("/login/", {"username": "xa_a", "password": temporary})
    response = client.get("/persons/")
    assert response.status_code == 302 and response["Location"] == "/account/password/"
    assert client.get("/api/v1/me").json()["code"] == "password.change_required"
    refused = client.post("/account/password/", {"current": temporary, "new": "123", "repeat": "123"})
    assert refused.status_code == 422 and "ít nhất 10 ký tự" in refused.content.decode()
    changed = client.post(
        "/account/password/", {"current": temporary, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    )
    assert changed.status_code == 302
    assert client.get("/persons/").status_code == 200
    assert not User.objects.get(pk=commune_officer.pk).must_change_password


def test_admin_password_is_checked_by_the_validators(admin_user, commune_officer):
    with pytest.raises(ValidationFailed) as caught:
        services.password_reset(actor=admin_user, user_id=commune_officer.pk, password="12345678901")
    assert {e.field for e in caught.value.errors} == {"password"}
    _user, chosen = services.password_reset(
        actor=admin_user, user_id=commune_officer.pk, password=NEW_PASSWORD
    )
    assert chosen == NEW_PASSWORD and User.objects.get(pk=commune_officer.pk).check_password(NEW_PASSWORD)


# --- pages ------------------------------------------------------------------------------------------


def test_user_list_filters_and_searches(
    admin_client, admin_user, commune_officer, province_officer, dien_bien
):
    page = admin_client.get("/users/", {"role": "commune_officer"}).content.decode()
    assert "xa_a" in page and "so_dienbien" not in page
    page = admin_client.get("/users/", {"q": "dienbien"}).content.decode()
    assert "so_dienbien" in page and "xa_a" not in page
    page = admin_client.get("/users/", {"province": "11", "active": "1"}).content.decode()
    assert "so_dienbien" in page and "xa_a" in page and f'href="/users/{admin_user.pk}/"' not in page
    User.objects.filter(pk=commune_officer.pk).update(is_active=False)
    page = admin_client.get("/users/", {"active": "0"}).content.decode()
    assert "xa_a" in page and "so_dienbien" not in page


def test_non_admins_get_404_and_no_menu(client, province_officer, auditor, commune_officer):
    for user in (province_officer, auditor):
        client.force_login(user)
        assert "/users/" not in client.get("/").content.decode()
        assert client.get("/users/").status_code == 404
        assert client.get(f"/users/{commune_officer.pk}/").status_code == 404
        assert client.post(f"/users/{commune_officer.pk}/active/", {"active": "0"}).status_code == 404
        assert client.get("/api/v1/users").status_code == 404
    assert User.objects.get(pk=commune_officer.pk).is_active


def test_menu_shows_users_to_the_admin(admin_client):
    assert 'href="/users/"' in admin_client.get("/").content.decode()


def test_create_page_shows_the_password_once_and_audits(admin_client, admin_user, commune_a):
    response = admin_client.post(
        "/users/new/",
        {
            "username": "xa_moi",
            "full_name": "Lường Thị Mai",
            "role": "commune_officer",
            "scope_unit": commune_a.code,
        },
    )
    assert response.status_code == 200 and response["Cache-Control"].startswith("no-store")
    user = User.objects.get(username="xa_moi")
    assert user.scope_unit == commune_a and user.must_change_password
    shown = response.content.decode().split('<p class="secret mono">')[1].split("</p>")[0]
    assert user.check_password(shown)
    assert _events(user, action="create", actor=admin_user).exists()


def test_create_page_field_errors_in_vietnamese(admin_client, dien_bien):
    response = admin_client.post(
        "/users/new/", {"username": "so_moi", "role": "province_officer", "scope_unit": "zzz không có"}
    )
    assert response.status_code == 422
    assert "Không có tỉnh hiện hành nào" in response.content.decode()
    response = admin_client.post("/users/new/", {"username": "quantri", "role": "auditor", "password": "123"})
    page = response.content.decode()
    assert "Tên đăng nhập này đã có người dùng" in page and "ít nhất 10" in page
    assert not User.objects.filter(username="so_moi").exists()


def test_unit_search_offers_units_of_the_roles_level(admin_client, commune_a, commune_b, dien_bien):
    response = admin_client.get("/users/units/", {"role": "province_officer", "scope_unit": "điện biên"})
    assert f'value="{dien_bien.pk}"' in response.content.decode()
    response = admin_client.get("/users/units/", {"role": "commune_officer", "scope_unit": commune_a.code})
    assert f'value="{commune_a.pk}"' in response.content.decode()
    assert f'value="{dien_bien.pk}"' not in response.content.decode()
    response = admin_client.get("/users/units/", {"role": "auditor", "scope_unit": "điện"})
    assert 'type="radio"' not in response.content.decode()


def test_several_matches_are_offered_as_choices(admin_client, commune_a, commune_b):
    # Both communes share the province's code prefix: typing it matches several.
    prefix = commune_a.code[:2]
    response = admin_client.post(
        "/users/new/", {"username": "xa_moi", "role": "commune_officer", "scope_unit": prefix}
    )
    assert response.status_code == 422 and 'name="unit_id"' in response.content.decode()
    response = admin_client.post(
        "/users/new/",
        {"username": "xa_moi", "role": "commune_officer", "scope_unit": prefix, "unit_id": str(commune_b.pk)},
    )
    assert response.status_code == 200
    assert User.objects.get(username="xa_moi").scope_unit == commune_b


def test_edit_page(admin_client, commune_officer, commune_b):
    response = admin_client.post(
        f"/users/{commune_officer.pk}/edit/",
        {"full_name": "Quàng Văn Định", "role": "commune_officer", "scope_unit": commune_b.name},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=commune_officer.pk).scope_unit == commune_b
    response = admin_client.post(
        f"/users/{commune_officer.pk}/edit/", {"full_name": "Quàng Văn Định", "role": "province_officer"}
    )
    assert response.status_code == 422 and "tỉnh/thành phố hiện hành" in response.content.decode()


def test_deactivate_and_reactivate_pages(admin_client, admin_user, commune_officer):
    admin_client.post(f"/users/{commune_officer.pk}/active/", {"active": "0"})
    assert not User.objects.get(pk=commune_officer.pk).is_active
    admin_client.post(f"/users/{commune_officer.pk}/active/", {"active": "1"})
    assert User.objects.get(pk=commune_officer.pk).is_active
    log = admin_client.get("/audit/", {"object_type": "accounts.user"})
    assert log.status_code == 200 and "xa_a" in log.content.decode()  # who did what to whom
    response = admin_client.post(f"/users/{admin_user.pk}/active/", {"active": "0"}, follow=True)
    assert "Không thể tự vô hiệu hoá" in response.content.decode()
    assert User.objects.get(pk=admin_user.pk).is_active


def test_password_reset_page(admin_client, commune_officer):
    response = admin_client.post(f"/users/{commune_officer.pk}/password/", {"password": ""})
    shown = response.content.decode().split('<p class="secret mono">')[1].split("</p>")[0]
    assert User.objects.get(pk=commune_officer.pk).check_password(shown)
    response = admin_client.post(f"/users/{commune_officer.pk}/password/", {"password": "1234567890"})
    assert response.status_code == 422 and User.objects.get(pk=commune_officer.pk).check_password(shown)


def test_token_pages(admin_client, commune_officer):
    response = admin_client.post(f"/users/{commune_officer.pk}/tokens/", {"name": "", "days": "99999"})
    assert response.status_code == 422
    response = admin_client.post(
        f"/users/{commune_officer.pk}/tokens/", {"name": "Phần mềm xã", "days": "30"}
    )
    secret = response.content.decode().split('<p class="secret mono">')[1].split("</p>")[0]
    token = ApiToken.objects.get(user=commune_officer)
    assert token.key_hash == ApiToken.hash_key(secret) and secret not in token.key_hash
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    admin_client.post(f"/users/{commune_officer.pk}/tokens/{token.pk}/revoke/")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    assert AuditEvent.objects.filter(object_type="accounts.apitoken", object_id=str(token.pk)).count() == 2


# --- API --------------------------------------------------------------------------------------------


def test_api_create_list_update(admin_client, dien_bien, commune_a):
    response = admin_client.post(
        "/api/v1/users",
        {"username": "so_moi", "full_name": "Lò Văn Sơn", "role": "province_officer", "scope_unit": "11"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["scope_unit"]["code"] == "11" and body["must_change_password"]
    assert User.objects.get(username="so_moi").check_password(body["temporary_password"])
    listed = admin_client.get("/api/v1/users", {"role": "province_officer"}).json()
    assert [u["username"] for u in listed["items"]] == ["so_moi"]
    response = admin_client.patch(
        f"/api/v1/users/{body['id']}",
        {"role": "commune_officer", "scope_unit": commune_a.code},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["scope_unit"]["id"] == commune_a.pk
    response = admin_client.patch(
        f"/api/v1/users/{body['id']}", {"scope_unit": "99999"}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["field"] == "scope_unit"


def test_api_validation_errors_name_fields(admin_client, units):
    response = admin_client.post(
        "/api/v1/users",
        {"username": "x y", "role": "auditor", "password": "123", "email": "no"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"username", "password", "email"}


def test_api_deactivate_password_tokens(admin_client, admin_user, commune_officer):
    base = f"/api/v1/users/{commune_officer.pk}"
    issued = admin_client.post(f"{base}/tokens", {"name": "đồng bộ"}, content_type="application/json")
    assert issued.status_code == 201
    secret = issued.json()["secret"]
    assert "secret" not in admin_client.get(f"{base}/tokens").json()[0]
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    revoked = admin_client.delete(f"{base}/tokens/{issued.json()['id']}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    reset = admin_client.post(f"{base}/password", {}, content_type="application/json").json()
    assert reset["must_change_password"] and User.objects.get(pk=commune_officer.pk).check_password(
        reset["password"]
    )
    assert admin_client.post(f"{base}/deactivate").json()["is_active"] is False
    assert admin_client.post(f"{base}/reactivate").json()["is_active"] is True
    own = admin_client.post(f"/api/v1/users/{admin_user.pk}/deactivate")
    assert own.status_code == 400 and own.json()["code"] == "user.deactivate_self"


def test_api_refuses_non_admins_with_404(client, province_officer, commune_officer):
    client.force_login(province_officer)
    assert client.get(f"/api/v1/users/{commune_officer.pk}").status_code == 404
    assert client.post(f"/api/v1/users/{commune_officer.pk}/deactivate").status_code == 404
    created = client.post(
        "/api/v1/users", {"username": "x", "role": "auditor"}, content_type="application/json"
    )
    assert created.status_code == 404
    assert User.objects.get(pk=commune_officer.pk).is_active


def test_cli_still_creates_users_and_tokens(units, capsys):
    from django.core.management import call_command

    call_command("user", "create", "cli_user", "--role", "auditor", "--password", PASSWORD)
    call_command("user", "token", "cli_user", "--name", "máy")
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiToken.objects.get(user__username="cli_user").key_hash == ApiToken.hash_key(secret)
