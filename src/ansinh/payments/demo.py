"""The demo's payment step: this month's payment cycle (danh sách chi trả) for the demo province."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from ansinh.core import clock
from ansinh.payments.models import PaymentCycle

PROVINCE_OFFICER = "so_canbo"  # a demo user (accounts/demo.py) who prepares the payment cycle


def demo_cycle(ctx: Any) -> None:
    """This month's cycle, generated (arrears included) and left for approval by another officer."""
    province, stdout = ctx.province, ctx.stdout
    month = clock.today().strftime("%Y-%m")
    if PaymentCycle.objects.filter(province_code=province, month=f"{month}-01").exists():
        return
    call_command("cycle", "create", province, month, "--as", PROVINCE_OFFICER, stdout=stdout)
    call_command("cycle", "generate", f"{province}:{month}", "--as", PROVINCE_OFFICER, stdout=stdout)
