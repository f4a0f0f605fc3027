"""The survey form on the page: the questions of the standard in force on the round's date
(`questionnaire.questions_on`), laid out per member and for the household, and read back from the posted
fields into the answers the questionnaire reads.

A member question is asked only at the ages it applies to (`Question.ages`: school attendance for children
of 3 to 15, adult education for 16 to 30, …): the page hides the others once the member's age is known,
and the answers keep none of them (`questionnaire.without_unasked`).

Fields: `m-<i>-<key>` for member i's answer, `h-<key>` for the household's, `income-<item>` for the income
items, `estimated_income_per_capita` for form B1's estimate, `member_count` for the number of member rows.
A value that cannot be read (a number written "abc") is kept as typed, so that a final save names that
answer; an empty field is left out (a draft keeps what is written, a final save says what is missing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ansinh.core import numbers
from ansinh.core.errors import ApplicationError
from ansinh.poverty import questionnaire

MAX_MEMBER_ROWS = questionnaire.MAX_MEMBERS


@dataclass
class Field:
    """One input of the form, with the value shown."""

    name: str
    key: str
    kind: str
    label: str
    value: Any = None
    choices: list[tuple[str, str]] = field(default_factory=list)
    # A member question: the ages it is asked at ("" for no bound), and whether it is asked at the
    # member's age as answered (the page hides the others; the script shows them as the age is typed).
    ages_from: int | str = ""
    ages_under: int | str = ""
    asked: bool = True


@dataclass
class MemberBlock:
    index: int
    title: str
    fields: list[Field]


@dataclass
class Sections:
    members: list[MemberBlock]
    household: list[Field]
    income: list[Field]
    estimate: Field


def age_on(birth_date: dt.date | None, birth_year: int, on: dt.date) -> int:
    """Age in completed years on `on` (from the year alone when the day of birth is not known)."""
    if birth_date is None:
        return max(0, on.year - birth_year)
    return max(0, on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day)))


def _choices(question: questionnaire.Question) -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in (question.choices or {}).items()]


def _shown(value: Any, kind: str) -> Any:
    if value is None:
        return "" if kind not in ("choices",) else []
    if kind == "bool":
        return "yes" if value is True else "no" if value is False else ""
    if kind == "money" and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", ".")  # 12.000.000, as officers write amounts
    return value


def form_sections(
    answers: dict[str, Any], on: dt.date, *, member_names: list[str] | None = None, extra_rows: int = 0
) -> Sections:
    """The form for the standard in force on `on`, filled with `answers` (a draft, or the final answers).
    One block per member answered, or per member of the household when nothing is answered yet."""
    questions = questionnaire.questions_on(on)
    member_questions = [q for q in questions if q.scope == "member"]
    household_questions = [q for q in questions if q.scope == "household" and q.kind != "income"]
    members = answers.get("members") if isinstance(answers.get("members"), list) else []
    names = member_names or []
    count = min(MAX_MEMBER_ROWS, max(len(members), len(names), 1) + extra_rows)
    blocks = []
    for i in range(count):
        data = members[i] if i < len(members) and isinstance(members[i], dict) else {}
        title = names[i] if i < len(names) else ""
        age = questionnaire.member_age(data)
        blocks.append(
            MemberBlock(
                index=i,
                title=title,
                fields=[
                    Field(
                        f"m-{i}-{q.key}",
                        q.key,
                        q.kind,
                        str(q.label),
                        _shown(data.get(q.key), q.kind),
                        _choices(q),
                        ages_from=q.ages[0] if q.ages else "",
                        ages_under=q.ages[1] if q.ages and q.ages[1] is not None else "",
                        asked=q.applies(age),
                    )
                    for q in member_questions
                ],
            )
        )
    household = [
        Field(f"h-{q.key}", q.key, q.kind, str(q.label), _shown(answers.get(q.key), q.kind), _choices(q))
        for q in household_questions
    ]
    items = answers.get("income") if isinstance(answers.get("income"), dict) else {}
    income = [
        Field(f"income-{key}", key, "money", str(label), _shown(items.get(key), "money"))
        for key, label in questionnaire.INCOME_ITEMS.items()
    ]
    estimate_q = questionnaire.ESTIMATE_QUESTION
    estimate = Field(
        estimate_q.key, estimate_q.key, "money", str(estimate_q.label),
        _shown(answers.get(estimate_q.key), "money"),
    )  # fmt: skip
    return Sections(members=blocks, household=household, income=income, estimate=estimate)


def _read(raw: Any, kind: str) -> Any:
    """A posted value as the questionnaire reads it; None when empty."""
    if isinstance(raw, list):
        return [v for v in raw if v]
    text = (raw or "").strip()
    if not text:
        return None
    if kind == "bool":
        return {"yes": True, "no": False}.get(text, text)
    if kind == "int":
        try:
            return numbers.parse_integer(text, field="answer", minimum=None, maximum=None)
        except ApplicationError:
            return text
    return text


def answers_from_form(post: Any, on: dt.date, *, form: str) -> dict[str, Any]:
    """The answers of a posted survey form (see the module's note for the field names). Form B1 carries the
    estimated income per person; form B2 the income items."""
    questions = questionnaire.questions_on(on)
    member_questions = [q for q in questions if q.scope == "member"]
    household_questions = [q for q in questions if q.scope == "household" and q.kind != "income"]
    try:
        count = int(post.get("member_count", "1"))
    except ValueError:
        count = 1
    count = max(0, min(count, MAX_MEMBER_ROWS))
    members = []
    for i in range(count):
        data = {}
        for q in member_questions:
            value = _read(post.get(f"m-{i}-{q.key}"), q.kind)
            if value is not None:
                data[q.key] = value
        if data:
            members.append(data)
    answers: dict[str, Any] = {"members": members} if members else {}
    answers = questionnaire.without_unasked(answers, on)
    for q in household_questions:
        raw = post.getlist(f"h-{q.key}") if q.kind == "choices" else post.get(f"h-{q.key}")
        value = _read(raw, q.kind)
        if q.kind == "choices":
            # An empty set of devices is an answer ("none"), once the household part is filled at all.
            value = value or []
        if value is not None:
            answers[q.key] = value
    if form == "B1":
        estimate = _read(post.get(questionnaire.ESTIMATE_QUESTION.key), "int")
        if estimate is not None:
            answers[questionnaire.ESTIMATE_QUESTION.key] = estimate
    else:
        income = {}
        for key in questionnaire.INCOME_ITEMS:
            value = _read(post.get(f"income-{key}"), "int")
            if value is not None:
                income[key] = value
        if income:
            answers["income"] = income
    return answers
