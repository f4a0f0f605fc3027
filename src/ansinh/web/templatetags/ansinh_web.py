"""Display helpers for the pages: masking, labels, Vietnamese-formatted figures."""

from __future__ import annotations

from typing import Any

from django import template

from ansinh.core import reference
from ansinh.core.identifiers import personal_id
from ansinh.core.masking import mask_account as _mask_account
from ansinh.core.masking import mask_phone as _mask_phone
from ansinh.core.numbers import format_share
from ansinh.geo import names as geo_names
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
def bank_label(code: str | None) -> str:
    """ "VBA" → "Agribank": one name for a bank in lines, records and forms."""
    return reference.bank_label(code or "")


@register.filter
def label(name: str) -> str:
    return field_label(name)


@register.filter
def percent(part: Any, whole: Any) -> str:
    """Share of `whole`, rounded half up, in the active language's format: 52 of 70 → 74,29% (vi) or
    74.29% (en); "—" without a positive whole."""
    return format_share(part, whole)


@register.simple_tag(takes_context=True)
def province_name(context: Any, code: str | None) -> str:
    """`{% province_name cycle.province_code %}` → "Tỉnh Điện Biên": one query per page, not per row."""
    names = context.render_context.get("province_names")
    if names is None:
        names = context.render_context["province_names"] = geo_names.province_names()
    return names.get(code or "", code or "")
