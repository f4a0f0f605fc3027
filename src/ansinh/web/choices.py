"""Drop-down choices that depend on who asks or on reference data: the communes an officer may choose,
ethnic groups, banks. Shared by the registry pages and every regime's forms and lists."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ansinh.core import reference
from ansinh.core.actors import Actor
from ansinh.core.webkit.forms import CHOOSE
from ansinh.geo.models import AdminUnit, Level


def communes_in_scope(actor: Actor):
    """Current communes an officer may choose: their own, their province's, or (nationwide roles) all.

    Units are public reference data; scope decides only which of them are offered.
    """
    units = AdminUnit.objects.current().filter(level=Level.COMMUNE).order_by("name_folded")
    level = actor.scope_level
    unit = actor.scope_unit
    if level == "commune":
        return units.filter(pk=unit.pk if unit else None)
    if level == "province":
        return units.filter(province_code=unit.code if unit else None)
    return units


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


def commune_choices(actor: Actor, blank: Any = CHOOSE) -> list[tuple[str, str]]:
    return _blank(blank) + [
        (str(pk), name) for pk, name in communes_in_scope(actor).values_list("pk", "name")
    ]


def commune_filter(user: Actor) -> list[tuple[str, str]] | None:
    """The commune drop-down of list pages: for province-wide users only (one commune needs no filter,
    and a nationwide list of 3,321 communes is no help)."""
    return commune_choices(user, blank=_("All communes")) if user.scope_level == "province" else None


def ethnicity_choices() -> list[tuple[str, str]]:
    return [(e.code, e.name) for e in reference.ethnicities()]


def bank_choices() -> list[tuple[str, str]]:
    return _blank(_("— no account —")) + [(b.code, b.short_name) for b in reference.banks()]


def ethnicity_names() -> dict[str, str]:
    return dict(ethnicity_choices())


def bank_names() -> dict[str, str]:
    """Code → the bank's label ("VBA" → "Agribank"): the name the drop-downs offer, on every page."""
    return {b.code: reference.bank_label(b.code) for b in reference.banks()}
