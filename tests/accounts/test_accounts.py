from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client, override_settings

from ansinh.accounts.models import ApiToken, User
from ansinh.accounts.services import token_create, user_create
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(commune_officer):
    assert commune_officer.password.startswith("argon2")


def test_scope_unit_must_match_role(commune_a, dien_bien):
    with pytest.raises(ApplicationError) as caught:
        user_create(
            actor=None, username="x1", password=PASSWORD, role="commune_officer", scope_unit=dien_bien
        )
    assert caught.value.field == "scope_unit"
    with pytest.raises(ApplicationError):
        user_create(
            actor=None, username="x2", password=PASSWORD, role="province_officer", scope_unit=commune_a
        )
    with pytest.raises(ApplicationError):
        user_create(actor=None, username="x3", password=PASSWORD, role="auditor", scope_unit=dien_bien)


def test_legacy_unit_cannot_be_a_scope(units):
    from ansinh.geo.models import AdminUnit

    legacy = AdminUnit.objects.get(structure="legacy", level="province", code="11")
    with pytest.raises(ApplicationError):
        user_create(actor=None, username="x4", password=PASSWORD, role="province_officer", scope_unit=legacy)


def test_weak_password_refused(dien_bien):
    with pytest.raises(ValidationFailed) as caught:
        user_create(actor=None, username="x5", password="123", role="province_officer", scope_unit=dien_bien)
    assert {e.field for e in caught.value.errors} == {"password"}


def test_only_administrators_create_users(province_officer, admin_user, dien_bien):
    from ansinh.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        user_create(actor=province_officer, username="x6", password=PASSWORD, role="auditor")
    created = user_create(actor=admin_user, username="x7", password=PASSWORD, role="auditor")
    assert AuditEvent.objects.filter(
        object_type="accounts.user", object_id=str(created.pk), actor=admin_user
    ).exists()


@override_settings(LOGIN_MAX_FAILURES=3)
def test_login_throttled_after_repeated_failures(commune_officer):
    client = Client()
    for _ in range(3):
        response = client.post("/login/", {"username": "xa_a", "password": "wrong"})
        assert "_auth_user_id" not in client.session
    # Even the right password is refused while throttled.
    response = client.post("/login/", {"username": "xa_a", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Quá nhiều lần" in response.content.decode()
    assert AuditEvent.objects.filter(action="login_failed").count() == 3


def test_login_succeeds_and_is_audited(commune_officer):
    client = Client()
    client.post("/login/", {"username": "xa_a", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(commune_officer.pk)
    assert AuditEvent.objects.filter(action="login", actor=commune_officer).exists()


def test_api_token_auth(commune_officer):
    token, secret = token_create(actor=None, user=commune_officer, name="đồng bộ")
    assert ApiToken.objects.get(pk=token.pk).key_hash != secret  # only the hash is stored
    client = Client()
    assert client.get("/api/v1/me").status_code == 401
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200 and response.json()["username"] == "xa_a"
    assert client.get("/api/v1/me", HTTP_X_API_KEY=secret).status_code == 200
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer ans_wrong").status_code == 401
    User.objects.filter(pk=commune_officer.pk).update(is_active=False)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_api_errors_follow_language(client, province_officer):
    client.force_login(province_officer)
    vi = client.get("/api/v1/registry/persons/123456", HTTP_ACCEPT_LANGUAGE="vi").json()
    en = client.get("/api/v1/registry/persons/123456", HTTP_ACCEPT_LANGUAGE="en").json()
    assert vi["message"] == "Không tìm thấy." and en["message"] == "Not found."


def test_api_wrong_types_name_the_field(client, province_officer, commune_a):
    client.force_login(province_officer)
    response = client.post(
        "/api/v1/registry/persons",
        data={"full_name": "Lò Văn A", "sex": "M", "commune_id": "không phải số", "birth_date": "1990-13-45"},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 422
    assert {e["field"] for e in body["errors"]} == {"commune_id", "birth_date"}
    messages = {e["field"]: e["message"] for e in body["errors"]}
    assert messages["commune_id"] == "commune_id: phải là số nguyên"
    assert "YYYY-MM-DD" in messages["birth_date"]


def test_openapi_document_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/registry/persons" in response.json()["paths"]


def test_production_refuses_demo_secret():
    env = {
        **os.environ,
        "ANSINH_ENV": "production",
        "ALLOWED_HOSTS": "ansinh.gov.vn",
        "DATABASE_URL": "sqlite:///x",
    }
    env.pop("SECRET_KEY", None)
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='ansinh.settings'; django.setup()"
    missing = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert missing.returncode != 0 and "SECRET_KEY" in missing.stderr
    env["SECRET_KEY"] = "ansinh-demo-secret-key-not-for-production-use"
    demo = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert demo.returncode != 0 and "demo SECRET_KEY" in demo.stderr
    env["SECRET_KEY"] = "k" * 50
    ok = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
