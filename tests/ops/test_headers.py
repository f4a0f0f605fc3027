"""Security headers: Content-Security-Policy, no caching of personal data, safe request ids, API docs
served from this site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ansinh.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "ansinh"


def test_pages_carry_a_content_security_policy_without_inline_allowances(client):
    policy = client.get("/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


def test_no_template_relies_on_inline_script_or_style():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=|hx-on")
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("templates/**/*.html")
        for match in inline.finditer(path.read_text())
    ]
    assert offenders == []


def test_signed_in_pages_and_personal_api_are_not_stored(client, province_officer):
    client.force_login(province_officer)
    assert "no-store" in client.get("/")["Cache-Control"]
    assert "no-store" in client.get("/api/v1/registry/persons")["Cache-Control"]


def test_anonymous_api_answers_with_personal_data_are_not_stored_but_public_ones_may_be(client, units):
    assert "no-store" in client.get("/api/v1/registry/persons")["Cache-Control"]
    status = client.get("/api/v1/board/submissions/status?reference=x&tax_code=1")
    assert "no-store" in status["Cache-Control"]
    assert "no-store" not in client.get("/api/v1/geo/units?level=province").get("Cache-Control", "")
    assert "no-store" not in client.get("/api/v1/board/vacancies").get("Cache-Control", "")


def test_api_docs_load_swagger_ui_from_this_site(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in page and "unpkg" not in page and "jsdelivr" not in page
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert any(src.endswith("swagger-ui-bundle.js") for src in scripts)
    for src in scripts:
        assert src.startswith("/static/")
        assert client.get(src).status_code == 200


@pytest.mark.parametrize(
    "sent",
    ["x" * 200, "abc def", "<script>alert(1)</script>", "id\nforged: 1", "ký-tự"],
)
def test_unsafe_request_ids_are_replaced(client, commune_officer, sent):
    from tests.conftest import PASSWORD

    response = client.post("/login/", {"username": "xa_a", "password": PASSWORD}, HTTP_X_REQUEST_ID=sent)
    assigned = response["X-Request-ID"]
    assert assigned != sent and re.fullmatch(r"[0-9a-f]{32}", assigned)
    assert AuditEvent.objects.get(action="login").request_id == assigned


def test_a_safe_request_id_is_kept(client, commune_officer):
    from tests.conftest import PASSWORD

    sent = "req-2026.12_07"
    response = client.post("/login/", {"username": "xa_a", "password": PASSWORD}, HTTP_X_REQUEST_ID=sent)
    assert response["X-Request-ID"] == sent
    assert AuditEvent.objects.get(action="login").request_id == sent
