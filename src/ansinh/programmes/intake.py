"""Intake of applications to a policy: one entered by an officer, or an employer's list (xlsx or CSV, one
employee a row). Every row is matched to the registry by exact personal ID, checked against the policy's
conditions (registry facts read set-based for the whole list, application facts as declared) and against
other applications: the same person twice in the policy (in the list or already accepted) and a person
already accepted in a policy that excludes this one (same `exclusive_group` of the programme). Every
refusal names its row and reason; a list is taken whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ansinh.accounts.models import user_of
from ansinh.core import audit
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.models import AuditAction
from ansinh.core.scope import require, scope_q
from ansinh.core.tabular import Column, ImportRefused, RowError, blank, match_headers, read_table
from ansinh.programmes import rules
from ansinh.programmes.models import Application, Policy, Source
from ansinh.programmes.selectors import policy_def, province_amount, reference_date, standard_on

PERSONAL_ID = Column("personal_id", "Số định danh cá nhân", required=True, example="011190001234", text=True)
FULL_NAME = Column("full_name", "Họ và tên", example="Lò Thị Xuân")
TRUE_WORDS = {"1", "x", "có", "co", "true", "yes"}
FALSE_WORDS = {"0", "không", "khong", "false", "no", ""}


@dataclass
class IntakeRow:
    row: int
    personal_id: str
    facts: dict[str, Any]


def _registry_facts(
    person_ids: list[int], on: dt.date, window: tuple[dt.date, dt.date]
) -> dict[int, dict[str, Any]]:
    """The registry facts of many persons on a day, in one query per fact."""
    from ansinh.benefits.household_status import StatusBook
    from ansinh.benefits.models import Enrolment
    from ansinh.core.periods import month_of
    from ansinh.labour.models import JobSeeker
    from ansinh.registry.models import Person
    from ansinh.unemployment.models import Claim

    facts: dict[int, dict[str, Any]] = {}
    rows = Person.objects.filter(pk__in=person_ids).values_list(
        "pk", "birth_date", "birth_year", "commune__code", "province_code", "status", "death_date"
    )
    for pk, birth_date, birth_year, commune, province, status, death in rows:
        born = birth_date or dt.date(birth_year, 1, 1)
        facts[pk] = {
            "age": rules.age_on(born, on),
            "residence": [commune, province],
            "died_in_window": status == "deceased" and death is not None and window[0] <= death <= window[1],
            "enrolled": [],
            "ui_claim": [],
            "job_seeker": False,
            "household_status": ["none"],
        }
    book = StatusBook.for_persons(person_ids)
    for pk in facts:
        period = book.status_on(pk, on)
        if period is not None:
            facts[pk]["household_status"] = [period.status]
    month = month_of(on)
    enrolled = Enrolment.objects.filter(
        person_id__in=person_ids, status__in=["active", "suspended"], start_month__lte=month
    ).exclude(end_month__lt=month)
    for pk, regime in enrolled.values_list("person_id", "regime"):
        facts[pk]["enrolled"].append(regime)
    for pk, status in Claim.objects.filter(person_id__in=person_ids).values_list("person_id", "status"):
        facts[pk]["ui_claim"].append(status)
        if status == "approved":
            facts[pk]["enrolled"].append("unemployment_benefit")
    for pk in JobSeeker.objects.filter(person_id__in=person_ids, status="active").values_list(
        "person_id", flat=True
    ):
        facts[pk]["job_seeker"] = True
    return facts


def _refusal(row: int, column: str, code: str, message: Any) -> RowError:
    return RowError(row=row, column=column, field=column, code=code, message=str(message))


def _failed_reason(policy: rules.PolicyDef, result: rules.Result) -> str:
    failed = sorted(set(result.failed) | set(result.unknown))
    texts = [rules.condition_text(policy.conditions[i]) for i in failed]
    if texts:
        return _("Does not meet: %(conditions)s") % {"conditions": "; ".join(texts)}
    return result.lines[-1]


def _match(actor: Actor, rows: list[IntakeRow], errors: list[RowError]) -> dict[str, Any]:
    """Personal ID → the registry person in the actor's scope (outside it reads as not found)."""
    from ansinh.registry.models import Person

    numbers = {r.personal_id for r in rows if pid.is_valid(r.personal_id)}
    people = {
        p.personal_id: p
        for p in Person.objects.live()
        .filter(scope_q(actor), personal_id__in=numbers)
        .only("pk", "personal_id", "commune_id", "province_code")
    }
    for r in rows:
        if not pid.is_valid(r.personal_id):
            errors.append(
                _refusal(
                    r.row, PERSONAL_ID.header, "personal_id.invalid", _("Not a valid personal ID number.")
                )
            )
        elif r.personal_id not in people:
            errors.append(
                _refusal(
                    r.row,
                    PERSONAL_ID.header,
                    "person.not_found",
                    _("No person with this personal ID in the registry."),
                )
            )
    return people


def _duplicates(
    policy: Policy, rows: list[IntakeRow], people: dict[str, Any], errors: list[RowError]
) -> None:
    seen: dict[str, int] = {}
    for r in rows:
        if r.personal_id in seen:
            errors.append(
                _refusal(
                    r.row, PERSONAL_ID.header, "application.duplicate_in_list",
                    _("The same person as row %(row)s.") % {"row": seen[r.personal_id]},
                )
            )  # fmt: skip
        else:
            seen[r.personal_id] = r.row
    ids = {people[r.personal_id].pk: r for r in rows if r.personal_id in people}
    already = set(
        Application.objects.filter(policy=policy, person_id__in=ids).values_list("person_id", flat=True)
    )
    for person_id in already:
        errors.append(
            _refusal(ids[person_id].row, PERSONAL_ID.header, "application.duplicate",
                     _("Already accepted in this policy."))
        )  # fmt: skip
    if policy.exclusive_group:
        others = Application.objects.filter(
            programme=policy.programme_id, exclusive_group=policy.exclusive_group, person_id__in=ids
        ).exclude(policy=policy)
        for person_id, name in others.values_list("person_id", "policy__name"):
            message = _("Already accepted in “%(policy)s”, which excludes this policy.") % {"policy": name}
            errors.append(_refusal(ids[person_id].row, PERSONAL_ID.header, "application.excluded", message))


@transaction.atomic
def intake(
    *, actor: Actor, policy: Policy, rows: list[IntakeRow], source: str, batch: str = ""
) -> list[Application]:
    """Check every row and accept them all, or refuse with every row's reason (ImportRefused)."""
    require(actor, "programmes.intake")
    if not rows:
        raise ApplicationError("import.empty", _("The list has no rows."), field="file")
    errors: list[RowError] = []
    people = _match(actor, rows, errors)
    _duplicates(policy, rows, people, errors)
    definition = policy_def(policy)
    on = reference_date(policy)
    window = (policy.programme.event_from, policy.programme.event_to)
    registry = _registry_facts([p.pk for p in people.values()], on, window)
    made = []
    for r in rows:
        person = people.get(r.personal_id)
        if person is None:
            continue
        facts = {**r.facts, **registry.get(person.pk, {})}
        result = rules.evaluate(
            definition,
            facts,
            province_code=person.province_code,
            standard=standard_on(on, person.province_code),
            province_amount=province_amount(policy, person.province_code),
        )
        if not result.eligible:
            errors.append(_refusal(r.row, "", "application.not_eligible", _failed_reason(definition, result)))
            continue
        made.append(
            Application(
                programme_id=policy.programme_id, policy=policy, person=person, commune_id=person.commune_id,
                province_code=person.province_code, exclusive_group=policy.exclusive_group, source=source,
                batch=batch, row=r.row, facts=r.facts, amount=result.amount, explanation=result.lines,
                provisional=result.provisional, created_by=user_of(actor),
            )
        )  # fmt: skip
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row), len(rows))
    Application.objects.bulk_create(made)
    action = AuditAction.IMPORT if source != Source.OFFICER else AuditAction.CREATE
    summary = {
        "applications": len(made),
        "amount": sum(a.amount for a in made),
        "batch": batch,
        "source": source,
    }
    audit.record(
        actor=actor, action=action, obj=policy, province_code=policy.programme.province_code, after=summary
    )
    return made


def application_create(
    *, actor: Actor, policy: Policy, personal_id: str, facts: dict[str, Any]
) -> Application:
    """One application entered by an officer; a refusal says why (the row is 1)."""
    try:
        parsed = rules.parse_facts(facts)
    except rules.RuleError as exc:
        raise ApplicationError("facts.invalid", exc.message, field=exc.field) from None
    made = intake(
        actor=actor,
        policy=policy,
        rows=[IntakeRow(1, pid.compact(personal_id), parsed)],
        source=Source.OFFICER,
    )
    return made[0]


# --- an employer's list ---------------------------------------------------------------------------


def list_columns(policy: Policy) -> list[Column]:
    """Personal ID, name, then one column per application field the policy's conditions and amount use."""
    names = [c.fact for c in policy.conditions.all() if c.fact in rules.APPLICATION_FACTS]
    for extra in (policy.tier_field, policy.per_field):
        if extra:
            names.append(extra)
    if policy.pregnancy_addon:
        names.append("pregnant")
    if policy.child_addon:
        names.append("children_under_6")
    unique = list(dict.fromkeys(names))
    return [PERSONAL_ID, FULL_NAME, *(Column(n, str(rules.FACTS[n].label), required=True) for n in unique)]


def _cell_fact(name: str, value: Any) -> Any:
    fact = rules.FACTS[name]
    text = str(value if value is not None else "").strip()
    if fact.kind == rules.FLAG:
        low = text.lower()
        if low in TRUE_WORDS:
            return True
        if low in FALSE_WORDS:
            return False
        raise rules.RuleError(name, _("Write có or không."))
    if fact.kind == rules.NUMBER:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if not text.isdigit():
            raise rules.RuleError(name, _("Write a whole number of zero or more."))
        return int(text)
    return rules.parse_facts({name: text})[name]


def _cell(cells: list[Any], index: dict[str, int], key: str) -> Any:
    i = index.get(key)
    return cells[i] if i is not None and i < len(cells) else None


def _rows(columns: list[Column], table: list[list[Any]]) -> tuple[list[IntakeRow], list[RowError]]:
    index = match_headers(columns, table[0])
    rows, errors = [], []
    for number, cells in enumerate(table[1:], start=2):
        if all(blank(v) for v in cells):
            continue
        facts: dict[str, Any] = {}
        for column in columns[2:]:
            try:
                facts[column.key] = _cell_fact(column.key, _cell(cells, index, column.key))
            except rules.RuleError as exc:
                errors.append(_refusal(number, column.header, "cell.invalid", exc.message))
        rows.append(IntakeRow(number, pid.compact(str(_cell(cells, index, "personal_id") or "")), facts))
    return rows, errors


def employer_list_import(*, actor: Actor, policy: Policy, filename: str, content: bytes) -> list[Application]:
    """An employer's list of employees for a policy, all rows or none."""
    require(actor, "programmes.intake")
    if policy.unit != rules.PERSON:
        raise ApplicationError(
            "policy.not_per_person", _("A list of employees is for a policy paid per person."), field="policy"
        )
    table = read_table(filename, content)
    if len(table) < 2:
        raise ApplicationError("import.empty", _("The list has no rows."), field="file")
    rows, errors = _rows(list_columns(policy), table)
    if errors:
        raise ImportRefused(errors, len(rows))
    return intake(
        actor=actor, policy=policy, rows=rows, source=Source.EMPLOYER_LIST, batch=uuid.uuid4().hex[:12]
    )


def totals(applications: Iterable[Application]) -> dict[str, int]:
    by: dict[str, int] = defaultdict(int)
    for a in applications:
        by["count"] += 1
        by["amount"] += a.amount
    return dict(by)
