"""`ansinh cycle create` takes the documented --province/--month as well as the positional form."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ansinh.payments.models import PaymentCycle

pytestmark = pytest.mark.django_db


def test_named_options_as_documented(province_officer):
    out = StringIO()
    named = ["--province", "11", "--month", "2026-11"]
    call_command("cycle", "create", *named, "--as", province_officer.username, stdout=out)
    assert PaymentCycle.objects.filter(province_code="11", month="2026-11-01").exists()
    call_command("cycle", "create", "11", "2026-12", "--as", province_officer.username, stdout=out)
    assert PaymentCycle.objects.filter(province_code="11", month="2026-12-01").exists()


def test_missing_or_contradictory_values_are_bad_input(province_officer):
    with pytest.raises(CommandError, match="--month") as missing:
        call_command("cycle", "create", "--province", "11", "--as", province_officer.username)
    assert missing.value.returncode == 2
    with pytest.raises(CommandError, match="--province") as twice:
        call_command(
            "cycle", "create", "11", "2026-11", "--province", "01", "--as", province_officer.username
        )
    assert twice.value.returncode == 2
    assert not PaymentCycle.objects.exists()
