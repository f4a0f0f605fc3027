"""Web tests: logged-in clients for the cast, and Debian's Chromium for the browser test."""

from __future__ import annotations

import os

import pytest

from tests.conftest import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # The system's Chromium, not a downloaded one (no `playwright install` on these machines).
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An officer's browser in Vietnam; pages must not depend on it (see test_views' Accept-Language test).
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def login(client):
    """`login(user)` logs the test client in as one of the cast and returns it."""

    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def htmx_headers():
    return {"HX-Request": "true", "HX-Current-URL": "http://testserver/persons/"}
