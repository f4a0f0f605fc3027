"""Reads of the merit registry. Every query passes through `ansinh.core.scope`.

A record is seen by the officers of its managing province (`province_code`) and by the commune officers of
the commune the person lives in (`person__commune`); a martyr by the officers of its commune and province.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from ansinh.core import audit, clock, scope
from ansinh.core.actors import Actor
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.core.text import search_key
from ansinh.merit.models import (
    Caregiver,
    HeroicMotherCare,
    InjuryAssessment,
    Martyr,
    MartyrRelative,
    MeritRecord,
)
from ansinh.registry.models import Person

# How scope reads a record: the managing province, and the commune where the person lives.
RECORD_SCOPE = {"province_field": "province_code", "commune_field": "person__commune"}


def record_base() -> QuerySet[MeritRecord]:
    return MeritRecord.objects.select_related("person", "person__commune", "managing_province")


def record_queryset(*, actor: Actor) -> QuerySet[MeritRecord]:
    require(actor, "merit.view")
    return scope.restrict(record_base(), actor, **RECORD_SCOPE)


def record_list(
    *,
    actor: Actor,
    category: str = "",
    status: str = "",
    commune: int | None = None,
    person: int | None = None,
) -> QuerySet[MeritRecord]:
    rows = record_queryset(actor=actor)
    if category:
        rows = rows.filter(category=category)
    if status:
        rows = rows.filter(status=status)
    if commune is not None:
        rows = rows.filter(person__commune_id=commune)
    if person is not None:
        rows = rows.filter(person_id=person)
    return rows.order_by("-decision_date", "-id")


def record_text_filter(qs: QuerySet[MeritRecord], *, query: str) -> QuerySet[MeritRecord]:
    """By the person's name (without diacritics), personal ID, decision or dossier number."""
    text = query.strip()
    if not text:
        return qs
    digits = text.replace(" ", "")
    if digits.isdigit():
        return qs.filter(Q(person__personal_id=digits) | Q(dossier_number=digits))
    key = search_key(text)
    return qs.filter(
        Q(person__name_folded__contains=key)
        | Q(decision_number__iexact=text)
        | Q(dossier_number__iexact=text)
    )


def record_get(*, actor: Actor, record_id: Any, change: bool = False) -> MeritRecord:
    require(actor, "merit.change" if change else "merit.view")
    return scope.access(record_base(), actor, record_id, what="merit_record", **RECORD_SCOPE)


def record_view_full(*, actor: Actor, record_id: Any) -> MeritRecord:
    """A record for its page or the API detail (the person's unmasked data): the read is audited."""
    record = record_get(actor=actor, record_id=record_id)
    audit.record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=record,
        object_label=record.person.full_name,
        province_code=record.province_code,
    )
    return record


def assessments(*, record: MeritRecord) -> list[InjuryAssessment]:
    return list(record.assessments.order_by("-assessed_on", "-id"))


def assessment_in_force(*, record: MeritRecord, on: dt.date | None = None) -> InjuryAssessment | None:
    """The assessment that drives the amounts on a date: the latest assessed on or before it."""
    day = on or clock.today()
    return record.assessments.filter(assessed_on__lte=day).order_by("-assessed_on", "-id").first()


def caregivers(*, record: MeritRecord) -> list[Caregiver]:
    return list(record.caregivers.select_related("person").order_by("-valid_from", "-id"))


def care_assignments(*, record: MeritRecord) -> list[HeroicMotherCare]:
    return list(record.care_assignments.order_by("-valid_from", "-id"))


def person_martyr_links(*, actor: Actor, person: Person) -> list[MartyrRelative]:
    """The martyrs a person is a relative of (their number drives the relatives' allowance). The martyr
    is shown whatever unit holds it: the link is part of the person's own record."""
    require(actor, "merit.view")
    return list(
        MartyrRelative.objects.filter(person=person)
        .select_related("martyr")
        .order_by("martyr__sacrificed_on")
    )


def person_records(*, actor: Actor, person: Person) -> QuerySet[MeritRecord]:
    return record_queryset(actor=actor).filter(person=person)


# --- martyrs ----------------------------------------------------------------------------------------


def martyr_queryset(*, actor: Actor) -> QuerySet[Martyr]:
    require(actor, "merit.view")
    return scope.restrict(
        Martyr.objects.select_related("commune").annotate(relative_count=Count("relatives")), actor
    )


def martyr_text_filter(qs: QuerySet[Martyr], *, query: str) -> QuerySet[Martyr]:
    text = query.strip()
    if not text:
        return qs
    return qs.filter(Q(name_folded__contains=search_key(text)) | Q(certificate_number__iexact=text))


def martyr_get(*, actor: Actor, martyr_id: Any, change: bool = False) -> Martyr:
    require(actor, "merit.change" if change else "merit.view")
    return scope.access(Martyr.objects.select_related("commune"), actor, martyr_id, what="martyr")


def martyr_relatives(*, actor: Actor, martyr: Martyr) -> tuple[list[MartyrRelative], int]:
    """The martyr's relatives the actor may see, and how many others live outside their scope."""
    rows = martyr.relatives.select_related("person", "person__commune").order_by("id")
    visible = set(
        scope.restrict(Person.objects.filter(martyr_links__martyr=martyr), actor).values_list("pk", flat=True)
    )
    shown = [r for r in rows if r.person_id in visible]
    return shown, rows.count() - len(shown)


def merit_counts(*, actor: Actor) -> dict[str, int]:
    rows = record_queryset(actor=actor).filter(status__in=["active", "suspended"])
    return dict(rows.values_list("category").annotate(n=Count("id")).order_by())


def transfer_communes(*, record: MeritRecord) -> list[tuple[str, str]]:
    """The current communes a dossier can be transferred to (outside its managing province), named with
    their province: reference data, not scoped (the receiving province is by nature another one)."""
    from ansinh.geo.models import AdminUnit, Level, Structure

    provinces = dict(
        AdminUnit.objects.filter(
            structure=Structure.REFORM_2025, level=Level.PROVINCE, valid_to__isnull=True
        ).values_list("code", "name")
    )
    communes = (
        AdminUnit.objects.filter(structure=Structure.REFORM_2025, level=Level.COMMUNE, valid_to__isnull=True)
        .exclude(province_code=record.province_code)
        .order_by("province_code", "name")
        .values_list("pk", "name", "province_code")
    )
    return [(str(pk), f"{name}, {provinces.get(code, code)}") for pk, name, code in communes]
