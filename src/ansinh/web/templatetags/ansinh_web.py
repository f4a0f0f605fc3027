"""Display helpers for the pages: masking, labels, Vietnamese-formatted figures."""

from __future__ import annotations

from typing import Any

from django import template

from ansinh.core.identifiers import personal_id
from ansinh.core.masking import mask_account as _mask_account
from ansinh.core.masking import mask_phone as _mask_phone
from ansinh.core.numbers import format_share
from ansinh.web.labels import field_label

register = template.Library()


@register.filter
def mask_pid(number: str | None) -> str:
    """ "001234567890" → the masked form lists show; full numbers appear only on the audited record page."""
    return personal_id.mask(number) if number else ""


@register.filter
def mask_account(number: str | None) -> str:
    return _mask_account(number or "")


@register.filter
def mask_phone(phone: str | None) -> str:
    return _mask_phone(phone or "")


@register.filter
def label(name: str) -> str:
    return field_label(name)


@register.filter
def percent(part: Any, whole: Any) -> str:
    """Share of `whole`, rounded half up, in the active language's format: 52 of 70 → 74,29% (vi) or
    74.29% (en); "—" without a positive whole."""
    return format_share(part, whole)
