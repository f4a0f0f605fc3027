"""A production start refuses what would be unsafe, and demo loaders never run in production."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='ansinh.settings'; django.setup()"


def _start(**overrides: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "ANSINH_ENV": "production",
        "SECRET_KEY": "k" * 50,
        "ALLOWED_HOSTS": "ansinh.gov.vn",
        "DATABASE_URL": "sqlite:///x",
    }
    env.pop("DEBUG", None)
    env.update(overrides)
    return subprocess.run([sys.executable, "-c", SETUP], env=env, capture_output=True, text=True)


def test_environment_names_are_case_insensitive_and_unknown_names_refused():
    assert _start().returncode == 0
    # "Production" is production: without a SECRET_KEY it refuses to start.
    started = _start(ANSINH_ENV="Production", SECRET_KEY="short")
    assert started.returncode != 0 and "SECRET_KEY" in started.stderr
    for wrong in ("prod", "staging", "produciton"):
        started = _start(ANSINH_ENV=wrong)
        assert started.returncode != 0 and "ANSINH_ENV" in started.stderr, wrong


def test_production_refuses_debug_and_a_wildcard_host():
    debug = _start(DEBUG="true")
    assert debug.returncode != 0 and "DEBUG" in debug.stderr
    wildcard = _start(ALLOWED_HOSTS="ansinh.gov.vn,*")
    assert wildcard.returncode != 0 and "ALLOWED_HOSTS" in wildcard.stderr


DEMO_LOADERS = [
    ("demo-setup", {}),
    ("demo-data", {"province": "11", "persons": 10}),
    ("demo-benefits", {"province": "11"}),
    ("demo-merit", {"province": "11"}),
    ("demo-labour", {"province": "11"}),
    ("demo-unemployment", {"province": "11"}),
    ("demo-poverty", {"province": "11"}),
    ("demo-reports", {"province": "11"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("command", "options"), DEMO_LOADERS)
def test_demo_loaders_refuse_to_run_in_production(settings, units, command, options):
    from ansinh.accounts.models import User
    from ansinh.registry.models import Person

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production") as refused:
        call_command(command, **options)
    assert refused.value.returncode == 1
    assert not User.objects.exists() and not Person.objects.exists()
