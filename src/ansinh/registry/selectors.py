"""Reads of the registry. Every query passes through `ansinh.core.scope`."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from ansinh.core import numbers, scope
from ansinh.core.actors import Actor
from ansinh.core.models import AuditEvent
from ansinh.core.scope import require
from ansinh.core.text import accent_key, search_key
from ansinh.registry import search
from ansinh.registry.models import Household, HouseholdMember, LifeStatus, Person


def person_queryset(*, actor: Actor, include_merged: bool = False) -> QuerySet[Person]:
    """The persons in scope for the working views (lists, search, pickers, counts): a person merged into
    another record is left out unless `include_merged` (reading history, naming who a change concerned)."""
    require(actor, "registry.view")
    persons = Person.objects.all() if include_merged else Person.objects.live()
    return scope.restrict(persons.select_related("commune"), actor)


def person_merge_notice(*, actor: Actor, person: Person) -> dict[str, Any] | None:
    """What the page of a merged person says: the record it was merged into (None when the actor may not
    open that record, which is then not named), and when. None for a person who is not merged."""
    if person.merged_into_id is None:
        return None
    kept = person_queryset(actor=actor, include_merged=True).filter(pk=person.merged_into_id).first()
    # The merge is the change of this field in the person's own history (`linkage` records it so).
    event = (
        AuditEvent.objects.filter(
            object_type="registry.person",
            object_id=str(person.pk),
            after__merged_into=person.merged_into_id,
        )
        .order_by("-at", "-pk")
        .first()
    )
    return {"kept": kept, "kept_id": person.merged_into_id, "at": event.at if event else None}


def person_get(*, actor: Actor, person_id: Any) -> Person:
    """One person in scope, for masked display (no audit); use services.person_view_full to unmask."""
    require(actor, "registry.view")
    return scope.access(Person.objects.select_related("commune"), actor, person_id, what="person")


def _scope_tokens(actor: Actor) -> list[str]:
    level = actor.scope_level
    if level == "province":
        return [f"p{actor.scope_unit.code}"]
    if level == "commune":
        return [f"c{actor.scope_unit.pk}"]
    return []


def person_filters_check(*, commune: Any = None, birth_year: Any = None) -> None:
    """The search filters become full-text tokens (`c4242`, `y1990`): a negative or absurd number would
    be an FTS syntax error or an integer overflow in the database, so it is refused here, named."""
    numbers.parse_integer(commune, field="commune", minimum=1, maximum=numbers.INT64_MAX)
    numbers.parse_integer(birth_year, field="birth_year", minimum=1850, maximum=2200)


def person_search(
    *,
    actor: Actor,
    query: str = "",
    commune: int | None = None,
    birth_year: int | None = None,
    limit: int = 20,
) -> list[Person]:
    """Persons matching what was typed: name (any accents, any tone placement), personal ID, birth year.

    Results with the same accented spelling as the query come first, then by name.
    """
    person_filters_check(commune=commune, birth_year=birth_year)
    base = person_queryset(actor=actor)
    parsed = search.parse(query)
    birth_year = birth_year or parsed.birth_year
    if parsed.personal_id and len(parsed.personal_id) == 12:
        base = base.filter(personal_id=parsed.personal_id)
    elif parsed.personal_id:
        # A range, not LIKE, so both databases walk the unique index: "0110901" ≤ id < "0110902".
        # Digit-only bounds of equal length order the same under every collation.
        prefix = parsed.personal_id
        base = base.filter(personal_id__gte=prefix)
        if prefix.strip("9"):
            upper = str(int(prefix) + 1).zfill(len(prefix))
            base = base.filter(personal_id__lt=upper)
    if commune:
        base = base.filter(commune_id=commune)
    if birth_year:
        base = base.filter(birth_year=birth_year)
    if parsed.name_tokens:
        tokens = _scope_tokens(actor)
        if commune:
            tokens.append(f"c{int(commune)}")
        if birth_year:
            tokens.append(f"y{int(birth_year)}")
        # Ask the index for more ids than shown: the exact filters above re-check every row.
        sql, params = search.match_ids_sql(
            name_tokens=parsed.name_tokens, scope_tokens=tokens, prefix_last=True, limit=limit * 10
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        if len(parsed.name_tokens) > 1:
            # A whole name typed: its exact bearers too (name index), in case a common name has more
            # namesakes than the candidates the full-text index was asked for.
            wanted_name = " ".join(parsed.name_tokens)
            ids += list(base.filter(name_folded=wanted_name).values_list("pk", flat=True)[: limit * 10])
        base = base.filter(pk__in=ids)
    elif not (parsed.personal_id or commune or birth_year):
        return []
    # Rank the candidates on their names alone; only the page shown is loaded whole (with its commune).
    candidates = list(
        base.order_by("name_folded", "id").values_list("pk", "full_name", "name_folded")[: limit * 10]
    )
    typed = " ".join(w for w in (query or "").split() if not w.isdigit())
    wanted_folded = " ".join(parsed.name_tokens)
    # Accents only rank when some were typed: "lo van" says nothing about Lò versus Lo.
    wanted = accent_key(typed) if accent_key(typed) != wanted_folded else ""

    def rank(row: tuple[int, str, str]) -> tuple[bool, bool, str]:
        # Same accents as typed first, then the typed word order, then alphabetical.
        _pk, full_name, name_folded = row
        return (
            not (wanted and accent_key(full_name).startswith(wanted)),
            not name_folded.startswith(wanted_folded),
            name_folded,
        )

    candidates.sort(key=rank)
    shown = [pk for pk, _name, _folded in candidates[:limit]]
    by_pk = base.in_bulk(shown)
    return [by_pk[pk] for pk in shown if pk in by_pk]


TEXT_MATCH_CAP = 10_000  # name matches a list pages through (the list's own count cap)


def person_text_filter(qs: QuerySet[Person], *, actor: Actor, query: str) -> QuerySet[Person]:
    """The persons of `qs` matching what was typed, for a list that pages through every match: a name
    (any accents, through the full-text index), a personal ID or its start, a phone number, a birth year."""
    parsed = search.parse(query)
    if parsed.personal_id:
        digits = parsed.personal_id
        by_id = Q(personal_id=digits) if len(digits) == 12 else Q(personal_id__gte=digits)
        if len(digits) < 12 and digits.strip("9"):
            by_id &= Q(personal_id__lt=str(int(digits) + 1).zfill(len(digits)))
        qs = qs.filter(by_id | Q(phone=digits) if digits.startswith("0") else by_id)
    if parsed.birth_year:
        qs = qs.filter(birth_year=parsed.birth_year)
    if parsed.name_tokens:
        sql, params = search.match_ids_sql(
            name_tokens=parsed.name_tokens,
            scope_tokens=_scope_tokens(actor),
            prefix_last=True,
            limit=TEXT_MATCH_CAP,
        )
        qs = qs.filter(pk__in=RawSQL(sql, params))  # noqa: S611  (the index's own parameterised query)
    elif parsed.empty:
        return qs.none() if (query or "").strip() else qs
    return qs


def household_text_filter(qs: QuerySet[Household], *, query: str) -> QuerySet[Household]:
    """Households whose code starts with what was typed, or whose head's name holds every word of it."""
    words = search_key(query).split()
    if not words:
        return qs
    by_head = Q()
    for word in words:
        by_head &= Q(head__name_folded__contains=word)
    return qs.filter(Q(code__istartswith=query.strip()) | by_head)


def household_list_queryset(*, actor: Actor) -> QuerySet[Household]:
    """Households in scope with their current member count (the list's sortable column)."""
    return household_queryset(actor=actor).annotate(
        n_members=Count("members", filter=Q(members__left_on__isnull=True))
    )


def person_history(*, actor: Actor, person: Person) -> QuerySet[AuditEvent]:
    require(actor, "registry.history")
    return AuditEvent.objects.filter(object_type="registry.person", object_id=str(person.pk)).select_related(
        "actor"
    )


def person_household(*, person: Person) -> HouseholdMember | None:
    return (
        HouseholdMember.objects.select_related("household")
        .filter(person=person, left_on__isnull=True)
        .first()
    )


def household_queryset(*, actor: Actor) -> QuerySet[Household]:
    require(actor, "registry.view")
    return scope.restrict(Household.objects.select_related("commune", "head"), actor)


def household_get(*, actor: Actor, household_id: Any) -> Household:
    require(actor, "registry.view")
    return scope.access(
        Household.objects.select_related("commune", "head"), actor, household_id, what="household"
    )


def household_members(*, household: Household, include_past: bool = False) -> QuerySet[HouseholdMember]:
    members = household.members.select_related("person")
    if not include_past:
        members = members.filter(left_on__isnull=True)
    return members.order_by("joined_on", "id")


def household_history(*, actor: Actor, household: Household) -> QuerySet[AuditEvent]:
    require(actor, "registry.history")
    return AuditEvent.objects.filter(
        object_type="registry.household", object_id=str(household.pk)
    ).select_related("actor")


def registry_counts(*, actor: Actor) -> dict[str, int]:
    """Dashboard figures for the units in the actor's scope."""
    persons = person_queryset(actor=actor)
    totals = persons.aggregate(
        total=Count("id"),
        alive=Count("id", filter=Q(status=LifeStatus.ALIVE)),
        with_id=Count("id", filter=Q(personal_id__isnull=False)),
        with_bank=Count("id", filter=~Q(bank_account="")),
    )
    totals["households"] = household_queryset(actor=actor).count()
    return totals


DASHBOARD_SECONDS = 120  # how long the overview's figures are reused before they are counted again


def dashboard_figures(*, actor: Actor) -> dict[str, Any]:
    """The overview's counts for the actor's area, counted at most every DASHBOARD_SECONDS per area (a
    nation-wide count over millions of persons takes seconds; everyone in one area sees the same figures)."""
    from django.core.cache import cache
    from django.utils import timezone

    unit = getattr(actor, "scope_unit_id", None)
    key = f"registry:dashboard:{actor.scope_level or 'nation'}:{unit or ''}"
    figures = cache.get(key)
    if figures is None:
        figures = {
            "counts": registry_counts(actor=actor),
            "by_commune": persons_by_commune(actor=actor, limit=20),
            "as_of": timezone.now(),
        }
        cache.set(key, figures, DASHBOARD_SECONDS)
    return figures


def persons_by_commune(*, actor: Actor, limit: int = 50) -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in person_queryset(actor=actor)
        .values("commune_id", "commune__name")
        .annotate(n=Count("id"))
        .order_by("-n")[:limit]
    ]
