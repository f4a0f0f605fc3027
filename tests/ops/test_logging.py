"""Each log line is written once; expected client errors are one line without a traceback."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

LOG_ONCE = """
import django, logging, os
os.environ["DJANGO_SETTINGS_MODULE"] = "ansinh.settings"
django.setup()
for name in ("django", "django.request", "django.server", "ansinh.core", "waitress"):
    logging.getLogger(name).warning("line from %s", name)
"""


def test_every_log_line_is_printed_once():
    env = {**os.environ, "DEBUG": "true"}  # the development default, where Django adds its own handler
    env.pop("ANSINH_ENV", None)
    done = subprocess.run([sys.executable, "-c", LOG_ONCE], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for name in ("django", "django.request", "django.server", "ansinh.core", "waitress"):
        assert done.stderr.count(f"line from {name}\n") == 1, done.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "status"), [("/simulations/", 403), ("/no-such-page/", 404)])
def test_client_errors_log_one_line_without_traceback(client, commune_officer, path, status, capsys):
    from ansinh.core.logs import ClientErrorsWithoutTraceback

    client.force_login(commune_officer)
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    handler.addFilter(lambda record: True)
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get(path)
    finally:
        logger.removeHandler(handler)
    assert any(isinstance(f, ClientErrorsWithoutTraceback) for f in logger.filters)
    assert response.status_code == status
    for record in records:
        assert record.levelno <= logging.WARNING
        assert record.exc_info is None
        formatted = logging.Formatter().format(record)
        assert "Traceback" not in formatted
