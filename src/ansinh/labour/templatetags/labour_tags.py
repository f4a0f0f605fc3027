"""Display helpers of the labour pages."""

from __future__ import annotations

from typing import Any

from django import template

from ansinh.core.money import format_vnd
from ansinh.labour.reference import classifications

register = template.Library()


@register.filter
def can(user: Any, capability: str) -> bool:
    """{% if request.user|can:"labour.change" %}: the layout's nav flags do not cover labour yet."""
    return bool(getattr(user, "is_authenticated", False) and user.can(capability))


@register.filter
def vnd(amount: int | None) -> str:
    return format_vnd(amount) if amount is not None else "—"


@register.simple_tag
def wage_range(low: int | None, high: int | None) -> str:
    """ "7.000.000 – 10.000.000 đ", "từ 7.000.000 đ", or "—"."""
    if low is not None and high is not None:
        return f"{format_vnd(low, unit=False)} – {format_vnd(high)}" if low != high else format_vnd(low)
    if low is not None:
        return f"≥ {format_vnd(low)}"
    if high is not None:
        return f"≤ {format_vnd(high)}"
    return "—"


@register.filter
def occupation(code: str) -> str:
    return classifications.occupation_label(code)
