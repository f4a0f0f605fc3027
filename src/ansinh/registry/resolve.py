"""Finding a registry person by personal ID for an officer: the one place that decides whether an existing
person may be reused or linked, and what the answer may reveal.

A person exists once: the personal ID is unique nation-wide. An officer sees only the persons of their
own unit, so:

- in scope: the person is reused, and only when the facts typed agree with the record (a disagreement is
  a field error; the officer may read this record anyway);
- out of scope: the person is never linked and nothing about them is told. Where the answer can look like
  "not found" (a lookup that would not create anybody) it does; where a new person would collide with
  the unique number, the refusal is one neutral message, the same for a person of a neighbouring commune
  and of another province, naming no name, birth date, phone or unit.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from ansinh.core import scope
from ansinh.core.actors import Actor
from ansinh.core.errors import Conflict
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.text import fold, normalize_name
from ansinh.registry.inputs import PersonData
from ansinh.registry.models import Person, Sex


def registered_elsewhere() -> Conflict:
    return Conflict(
        "personal_id.registered_elsewhere",
        _(
            "A person with this personal ID number is registered in another unit; ask the province or "
            "the ministry to transfer or link the record."
        ),
        field="personal_id",
    )


def duplicate_in_scope() -> Conflict:
    return Conflict(
        "personal_id.duplicate",
        _("A person with this personal ID number is already registered."),
        field="personal_id",
    )


def _others(number: str, exclude_pk: int | None) -> Any:
    rows = Person.objects.filter(personal_id=number)
    return rows.exclude(pk=exclude_pk) if exclude_pk is not None else rows


def person_visible(*, actor: Actor, person: Person) -> bool:
    """Whether the actor may read this person's record (their role reads persons, and the person is in
    their scope)."""
    return (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.can("registry.view")
        and scope.restrict(Person.objects.filter(pk=person.pk), actor).exists()
    )


def find_in_scope(*, actor: Actor, personal_id: str | None) -> Person | None:
    """The person with this personal ID when the actor may see them; None when there is none and when
    they are out of scope alike (for lookups that create nobody, out of scope reads as not found)."""
    number = pid.compact(personal_id or "")
    if not number:
        return None
    return scope.restrict(Person.objects.filter(personal_id=number), actor).first()


def collision(*, actor: Actor, personal_id: str | None, exclude_pk: int | None = None) -> Conflict | None:
    """Why a person may not be given this personal ID (someone else has it), or None when it is free.

    In scope the officer is told the record exists; out of scope only the neutral refusal."""
    number = pid.compact(personal_id or "")
    if not number:
        return None
    others = _others(number, exclude_pk)
    if scope.restrict(others, actor).exists():
        return duplicate_in_scope()
    if others.exists():
        return registered_elsewhere()
    return None


def person_for_registration(*, actor: Actor, data: PersonData) -> Person | None:
    """The existing person a registration (job seeker, claim, enrolment) typed by personal ID links to.

    None when no person has the number (the caller registers a new one). Raises `registered_elsewhere`
    when the person is out of the actor's scope, and `personal_id.other_person` when the facts typed
    disagree with an in-scope record."""
    number = pid.compact(data.personal_id or "")
    if not number:
        return None
    found = find_in_scope(actor=actor, personal_id=number)
    if found is None:
        if Person.objects.filter(personal_id=number).exists():
            raise registered_elsewhere()
        return None
    if not facts_agree(found, data):
        raise Conflict(
            "personal_id.other_person",
            _(
                "This personal ID number is registered to a person with another name, birth date or sex. "
                "Check the number and the details."
            ),
            field="personal_id",
        )
    return found


def facts_agree(person: Person, typed: PersonData) -> bool:
    """The facts typed (name, birth date or year, sex; blanks are not compared) match the record."""
    if typed.full_name and fold(normalize_name(typed.full_name)) != person.name_folded:
        return False
    birth_year = typed.birth_date.year if typed.birth_date else typed.birth_year
    if birth_year is not None and birth_year != person.birth_year:
        return False
    if typed.birth_date and person.birth_date and typed.birth_date != person.birth_date:
        return False
    return not (typed.sex in Sex.values and typed.sex != person.sex)
