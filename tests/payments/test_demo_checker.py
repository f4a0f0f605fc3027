"""The demo ships two province officers, so a cycle prepared by one is approved by the other."""

from __future__ import annotations

import pytest

from ansinh.accounts.demo import demo_users
from ansinh.accounts.models import User
from ansinh.payments import services
from tests.payments.conftest import MONTH

pytestmark = pytest.mark.django_db


def test_demo_cycle_is_prepared_by_one_officer_and_approved_by_the_other(enrol, dien_bien):
    rows = demo_users(province_code="11")
    demo = {username for username, _role, _unit in rows}
    officers = User.objects.filter(
        role="province_officer", scope_unit=dien_bien, is_active=True, username__in=demo
    )
    assert {u.username for u in officers} == {"so_canbo", "so_pheduyet"}
    assert User.objects.get(username="quantri", username__in=demo).role == "system_admin"

    maker, checker = User.objects.get(username="so_canbo"), User.objects.get(username="so_pheduyet")
    enrol(start_month=MONTH)
    cycle = services.cycle_create(actor=maker, province_code="11", month=MONTH)
    services.cycle_generation_start(actor=maker, cycle=cycle)
    services.cycle_generate(cycle=cycle)
    cycle.refresh_from_db()
    cycle = services.cycle_submit(actor=maker, cycle=cycle)
    with pytest.raises(Exception) as refused:
        services.cycle_approve(actor=maker, cycle=cycle)
    assert getattr(refused.value, "code", "") == "cycle.maker_checker"
    assert services.cycle_approve(actor=checker, cycle=cycle).status == "approved"
