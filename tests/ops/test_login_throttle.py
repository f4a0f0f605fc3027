"""Log-in throttling counts failures per (username, address): an attacker elsewhere cannot lock the real
user out, and one address cannot try forever."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER, OFFICE = "203.0.113.9", "10.1.2.3"


def _login(client: Client, password: str, address: str):
    return client.post("/login/", {"username": "xa_a", "password": password}, REMOTE_ADDR=address)


def test_failures_from_elsewhere_do_not_lock_the_real_user_out(settings, commune_officer):
    settings.LOGIN_MAX_FAILURES = 5
    attacker = Client()
    for _ in range(8):
        _login(attacker, "wrong-guess", ATTACKER)
    refused = _login(attacker, PASSWORD, ATTACKER)
    assert "_auth_user_id" not in attacker.session
    assert "Quá nhiều lần" in refused.content.decode()
    officer = Client()
    _login(officer, PASSWORD, OFFICE)
    assert officer.session["_auth_user_id"] == str(commune_officer.pk)


def test_one_address_trying_many_usernames_is_refused(settings, commune_officer):
    settings.LOGIN_MAX_FAILURES = 2
    client = Client()
    for n in range(8):
        client.post("/login/", {"username": f"user{n}", "password": "x"}, REMOTE_ADDR=ATTACKER)
    _login(client, PASSWORD, ATTACKER)
    assert "_auth_user_id" not in client.session


def test_past_the_username_ceiling_attempts_are_slowed_not_refused(settings, commune_officer, monkeypatch):
    import ansinh.accounts.services as services

    settings.LOGIN_MAX_FAILURES = 5
    settings.LOGIN_USERNAME_CEILING = 6
    settings.LOGIN_SLOW_DOWN_SECONDS = 3
    slept: list[float] = []
    # The services module's own `time` only: patching time.sleep itself would also record the sleeps of any
    # thread another test left running (a Spark or job worker).
    monkeypatch.setattr(services, "time", SimpleNamespace(sleep=slept.append))
    for n in range(6):
        _login(Client(), "wrong-guess", f"198.51.100.{n}")
    assert slept == []
    officer = Client()
    _login(officer, PASSWORD, OFFICE)
    assert officer.session["_auth_user_id"] == str(commune_officer.pk)
    assert slept == [3]
