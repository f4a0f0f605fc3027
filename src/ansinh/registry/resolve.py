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

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from ansinh.core import scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.text import fold, normalize_name
from ansinh.registry import candidates
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


def merged_error(person: Person, *, field: str = "person") -> Conflict | None:
    """Why nothing new may be recorded for this person: merged by record linkage into another record,
    which holds everything about that human being now. None for a person who is not merged."""
    if person.merged_into_id is None:
        return None
    return Conflict(
        "person.merged",
        _(
            "This person has been merged into record no. %(id)s (the two records are one person): record "
            "it there."
        )
        % {"id": person.merged_into_id},
        field=field,
    )


def refuse_merged(person: Person, *, field: str = "person") -> None:
    error = merged_error(person, field=field)
    if error is not None:
        raise error


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


# --- possible duplicates at entry --------------------------------------------------------------------
# Before a person is created, the persons who are probably the same one (`registry.candidates`). In
# scope they are shown (masked number) so that the officer links to one or confirms a new person with a
# reason; out of scope nothing about them is told but that a possible match exists in another unit.

MIN_REASON = 5  # characters of the reason for registering a new person despite candidates


class PossibleDuplicate(Conflict):
    """`person.possible_duplicate`: candidates the actor may see (masked), and whether a possible match
    exists outside their scope (only that)."""

    def __init__(
        self, candidates: list[dict[str, Any]], elsewhere: bool, reason_error: ApplicationError | None = None
    ) -> None:
        self.candidates = candidates
        self.elsewhere = elsewhere
        self.reason_error = reason_error  # `confirm_new` came without a sufficient reason
        if candidates:
            message = _(
                "This person may already be registered. Open the candidates, then choose the one this "
                "person is, or confirm a new person and give the reason."
            )
        else:
            message = _(
                "A possible match exists in another unit; ask the province. To register a new person "
                "anyway, confirm it and give the reason."
            )
        super().__init__("person.possible_duplicate", message, field="full_name")

    def as_dict(self) -> dict[str, Any]:
        data = super().as_dict()
        data["candidates"] = self.candidates
        data["match_elsewhere"] = self.elsewhere
        if self.reason_error is not None:
            data["errors"] = [self.reason_error.as_dict()]
        return data


AGREEMENT_LABELS = {
    "full_name": _("name"),
    "full_name:reordered": _("name, in another order"),
    "full_name:family_given": _("family and given name"),
    "full_name:given": _("given name"),
    "birth_date": _("birth date"),
    "birth_date:day_month_swapped": _("birth date with day and month swapped"),
    "birth_year": _("birth year"),
    "personal_id": _("personal ID"),
    "personal_id:one_digit": _("personal ID but one digit"),
    "phone": _("phone"),
    "commune": _("commune"),
}


def candidate_view(person: Person, candidate: Any, commune_names: dict[int, str]) -> dict[str, Any]:
    """What an officer is shown of an in-scope candidate: no full number, no phone, no account."""
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "personal_id_masked": pid.mask(person.personal_id) if person.personal_id else "",
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "birth_year": person.birth_year,
        "sex": person.sex,
        "commune": commune_names.get(person.commune_id, ""),
        "score": candidate.score,
        "agrees": candidate.agrees,
        "agrees_text": ", ".join(str(AGREEMENT_LABELS.get(a, a)) for a in candidate.agrees),
    }


def split_candidates(actor: Actor, candidates: list[Any]) -> tuple[list[dict[str, Any]], bool]:
    """The candidates the actor may be shown, and whether others exist out of their scope."""
    if not candidates:
        return [], False
    ids = [c.person_id for c in candidates]
    readable = actor is not None and actor.can("registry.view")
    visible = (
        {p.pk: p for p in scope.restrict(Person.objects.filter(pk__in=ids), actor).select_related("commune")}
        if readable
        else {}
    )
    names = {p.commune_id: p.commune.name for p in visible.values()}
    shown = [candidate_view(visible[c.person_id], c, names) for c in candidates if c.person_id in visible]
    return shown, len(shown) < len(candidates)


@dataclass
class Screening:
    """The outcome of the check before a person is created."""

    linked: Person | None = None  # the officer said the person is this existing one
    shown: list[int] = field(default_factory=list)  # in-scope candidate ids
    elsewhere: bool = False
    reason: str = ""

    def audit(self) -> dict[str, Any] | None:
        """What the creation's audit event records of the check (nothing about out-of-scope records)."""
        if not (self.shown or self.elsewhere):
            return None
        return {"candidates": self.shown, "match_elsewhere": self.elsewhere, "confirmed_new": self.reason}


def decision_errors(data: PersonData) -> list[ApplicationError]:
    if data.confirm_new and len(data.new_reason.strip()) < MIN_REASON:
        return [
            ApplicationError(
                "new_reason.required",
                _("Give the reason for registering a new person although similar persons exist."),
                field="new_reason",
            )
        ]
    return []


def linked_person(*, actor: Actor, person_id: int) -> Person:
    """The existing person the officer chose instead of a new one; out of scope reads as not found."""
    found = scope.restrict(Person.objects.filter(pk=person_id), actor).first()
    if found is None:
        raise ApplicationError("link_to.not_found", _("Person not found."), field="link_to")
    refuse_merged(found, field="link_to")
    return found


def screen_new_person(*, actor: Actor, values: dict[str, Any], data: PersonData) -> Screening:
    """Before creating a person from validated `values`: the existing person the officer linked to, or
    the go-ahead for a new one (no candidates, or confirmed with a reason); otherwise `PossibleDuplicate`."""
    if data.link_to is not None:
        return Screening(linked=linked_person(actor=actor, person_id=data.link_to))
    found = candidates.find_one(candidates.Probe.of(values))
    shown, elsewhere = split_candidates(actor, found)
    screening = Screening(shown=[c["id"] for c in shown], elsewhere=elsewhere)
    if not found:
        return screening
    if not data.confirm_new:
        raise PossibleDuplicate(shown, elsewhere)
    problems = decision_errors(data)
    if problems:
        raise PossibleDuplicate(shown, elsewhere, reason_error=problems[0])
    screening.reason = data.new_reason.strip()
    return screening
