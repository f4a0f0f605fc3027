"""Scoped reads of the signatories, and the one unscoped lookup a print makes: who signs on a date.

A commune officer sees the commune's signatories; a province-wide user the province's own (committee,
employment centre) and those of its communes; the nation-wide readers every one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from ansinh.core import scope
from ansinh.core.actors import Actor
from ansinh.core.scope import require
from ansinh.documents.models import Signatory, SignedKind, SigningBody
from ansinh.geo.models import AdminUnit, Level


def signatory_queryset(*, actor: Actor) -> QuerySet[Signatory]:
    require(actor, "documents.view")
    return scope.restrict(Signatory.objects.select_related("unit"), actor)


def signatory_get(*, actor: Actor, signatory_id: Any, change: bool = False) -> Signatory:
    """One signatory in scope; NotFound for a missing one and one out of scope alike."""
    require(actor, "documents.signatories" if change else "documents.view")
    return scope.access(Signatory.objects.select_related("unit"), actor, signatory_id, what="signatory")


def signing_units(*, actor: Actor) -> list[AdminUnit]:
    """The units whose signatories the actor records: a commune officer's commune; a province officer's
    province, then its current communes by name."""
    level = getattr(actor, "scope_level", None)
    unit = getattr(actor, "scope_unit", None)
    if unit is None or not actor.can("documents.signatories"):
        return []
    if level == Level.COMMUNE:
        return [unit]
    communes = AdminUnit.objects.current().filter(level=Level.COMMUNE, province_code=unit.code)
    return [unit, *communes.order_by("name_folded")]


def signatory_on(*, unit: AdminUnit | None, body: str, kind: str, day: dt.date) -> Signatory | None:
    """Who signs a document of `kind` for `unit`'s `body` on `day`: the signatory of that kind in force,
    else the one recorded for every kind; None when nobody is recorded (the block is signed by hand)."""
    if unit is None:
        return None
    found = (
        Signatory.objects.filter(unit=unit, body=body, kind__in=[kind, SignedKind.ANY], valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-kind", "-valid_from", "-id")  # "QĐ" before "": the kind's own signatory first
        .first()
    )
    return found


def committee_signatory(*, unit: AdminUnit | None, kind: str, day: dt.date) -> Signatory | None:
    return signatory_on(unit=unit, body=SigningBody.COMMITTEE, kind=kind, day=day)


def province_unit(code: str) -> AdminUnit | None:
    return AdminUnit.objects.current().filter(level=Level.PROVINCE, code=code).first()


def units_with_signatory(*, unit_ids: list[int], body: str, kind: str, day: dt.date) -> set[int]:
    """Of these units, those with a signatory in force on `day` for `kind` (or every kind): one query
    for a page that lists many units' documents."""
    return set(
        Signatory.objects.filter(
            unit_id__in=unit_ids, body=body, kind__in=[kind, SignedKind.ANY], valid_from__lte=day
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values_list("unit_id", flat=True)
    )
