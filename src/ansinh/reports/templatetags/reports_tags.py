"""Figures on the reports pages, in the active language's format (62.850; 8,36)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import get_language

from ansinh.core.actors import Actor
from ansinh.core.numbers import format_number

register = template.Library()


@register.filter
def figure(value: Any, decimals: Any = 0) -> str:
    """A stored figure for reading: grouped thousands, the indicator's decimals rounded half up (a rate
    stored as 74,2857 reads 74,29); "—" when there is none."""
    if value is None or value == "":
        return "—"
    places = int(decimals or 0)
    number = Decimal(value)
    if places and number == number.to_integral_value():
        places = 0
    return format_number(number, places)


@register.filter
def plain(value: Any) -> str:
    """A stored figure for an input box: no grouping, the language's decimal mark (2,8 in Vietnamese)."""
    if value is None or value == "":
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",") if (get_language() or "vi").startswith("vi") else text


@register.filter
def can(user: Actor | AnonymousUser, capability: str) -> bool:
    """{% if request.user|can:"reports.plan" %}: whether the user's role has a capability (never for a
    visitor who has not signed in)."""
    return bool(getattr(user, "is_authenticated", False) and isinstance(user, Actor) and user.can(capability))
