"""The confirmation kit: a consequential POST without `confirmed` changes nothing and answers with what
would happen, in the server's figures; with it, the action runs; CSRF stays enforced; a description or
digest the client makes up changes nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.core import confirm_urls

URL = "/test-confirm/7/"
pytestmark = pytest.mark.urls("tests.core.confirm_urls")


@pytest.fixture(autouse=True)
def _fresh_state():
    confirm_urls.DONE.clear()
    confirm_urls.STATE.update(lines=3202, amount=3_070_450_000)


@pytest.fixture
def officer(province_officer):
    client = Client()
    client.force_login(province_officer)
    return client


def _summary(response) -> str:
    match = re.search(r'class="confirm-summary"><strong>(.*?)</strong>', response.content.decode())
    assert match, response.content.decode()[:500]
    return match.group(1)


def _digest(response) -> str:
    match = re.search(r'name="confirmed_digest" value="([0-9a-f]+)"', response.content.decode())
    assert match
    return match.group(1)


def test_without_confirmation_nothing_happens_and_the_page_names_the_figures(officer):
    response = officer.post(URL, {"reason": "checked", "fmt": "csv"})
    assert response.status_code == 200
    assert confirm_urls.DONE == []
    assert _summary(response) == "Approve 3.202 lines, 3.070.450.000 đ"
    html = response.content.decode()
    # The original fields go back with the confirmation, with a CSRF token, to the same address.
    assert '<input type="hidden" name="reason" value="checked">' in html
    assert '<input type="hidden" name="fmt" value="csv">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'action="{URL}"' in html
    assert 'href="/payments/"' in html  # Cancel
    assert "<!doctype html>" in html  # a whole page: it works without JavaScript


def test_the_script_gets_only_the_dialog(officer):
    response = officer.post(URL, {}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "data-confirm-content" in html
    assert "<!doctype html>" not in html
    assert confirm_urls.DONE == []


def test_confirmed_acts_once(officer):
    asked = officer.post(URL, {"reason": "checked"})
    response = officer.post(URL, {"reason": "checked", "confirmed": "1", "confirmed_digest": _digest(asked)})
    assert response.content == b"approved"
    assert [{"reason": "checked", "confirmed": "1", "confirmed_digest": _digest(asked)}] == confirm_urls.DONE


def test_a_get_is_not_an_action(officer):
    assert officer.get(URL).status_code == 405
    assert confirm_urls.DONE == []


def test_csrf_is_still_enforced(province_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(province_officer)
    response = client.post(URL, {"confirmed": "1"})
    assert response.status_code == 403
    assert confirm_urls.DONE == []


def test_a_description_sent_by_the_client_is_never_shown(officer):
    response = officer.post(URL, {"summary": "Approve 1 line, 1 đ", "title": "nothing much"})
    assert _summary(response) == "Approve 3.202 lines, 3.070.450.000 đ"
    assert confirm_urls.DONE == []


def test_a_made_up_digest_changes_nothing(officer):
    response = officer.post(URL, {"confirmed": "1", "confirmed_digest": "0" * 32})
    assert confirm_urls.DONE == []
    assert "Số liệu đã thay đổi" in response.content.decode()  # the officer is told why they are asked again
    assert _summary(response) == "Approve 3.202 lines, 3.070.450.000 đ"


def test_figures_changed_since_the_question_ask_again(officer):
    asked = officer.post(URL, {})
    confirm_urls.STATE.update(lines=3300, amount=3_100_000_000)
    response = officer.post(URL, {"confirmed": "1", "confirmed_digest": _digest(asked)})
    assert confirm_urls.DONE == []
    assert _summary(response) == "Approve 3.300 lines, 3.100.000.000 đ"
    again = officer.post(URL, {"confirmed": "1", "confirmed_digest": _digest(response)})
    assert again.content == b"approved"


def test_a_digest_is_bound_to_the_user(officer, counsellor):
    asked = officer.post(URL, {})
    other = Client()
    other.force_login(counsellor)
    response = other.post(URL, {"confirmed": "1", "confirmed_digest": _digest(asked)})
    assert confirm_urls.DONE == []
    assert response.status_code == 200


def test_nothing_to_confirm_acts_at_once_but_never_on_the_scripts_question(officer):
    asked = officer.post(URL, {"trivial": "1"}, headers={"HX-Request": "true", "X-Confirm-Ask": "1"})
    assert asked.status_code == 204 and confirm_urls.DONE == []
    assert officer.post(URL, {"trivial": "1"}).content == b"approved"
