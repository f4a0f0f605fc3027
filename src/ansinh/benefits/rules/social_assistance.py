"""Monthly social assistance (trợ cấp xã hội hằng tháng), Decree 20/2021/NĐ-CP as amended.

Amount = standard level (Art. 4, amended by Decree 76/2024/NĐ-CP; a province may set a higher one)
× the coefficient of the person's group (Art. 5 clauses, Art. 6(1) coefficients). Several groups:
only the highest is paid, except that a poor single parent (clause 4) also receives the clause-5, 6
or 8 benefit (Art. 6(2)). Pure: facts and a `Params` snapshot in, a `Result` out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansinh.benefits.law import MissingParameter, ParamRow, Params
from ansinh.benefits.rules import (
    POOR,
    POOR_OR_NEAR,
    check_dates,
    coefficient,
    day,
    money,
    problem,
    read_bool,
    read_date,
    read_household,
    read_int,
    read_province,
    refuse_unknown,
    require,
)
from ansinh.benefits.rules.base import Line, Result
from ansinh.core.money import times
from ansinh.core.periods import age_on

REGIME = "social_assistance"
FIRST_DAY = dt.date(2021, 7, 1)  # Decree 20/2021/NĐ-CP in force (Art. 44)
CHILD_UNDER = 16  # Law on Children 102/2016/QH13, Art. 1
ELDERLY_FROM = 60  # Law on the Elderly 39/2009/QH12, Art. 2
STUDY_MAX_AGE = 22  # Art. 5(2): "tối đa không quá 22 tuổi"
DISABILITIES = ("severe", "especially_severe")
# Art. 6(2): a poor single parent (clause 4) who is also in clause 5, 6 or 8 receives both.
STACKS_WITH_4 = ("5a", "5b", "5c", "5d", "6", "8")

CLAUSES = ("1", "2", "3", "4", "5a", "5b", "5c", "5d", "6", "7", "8")
# What an officer calls each group (Art. 5), for forms and lists.
CLAUSE_NAMES = {
    "1": gettext_lazy("Clause 1: child under 16 with no means of support (orphaned, abandoned…)"),
    "2": gettext_lazy("Clause 2: person from clause 1 aged 16 to 22 who is still studying"),
    "3": gettext_lazy("Clause 3: child with HIV/AIDS in a poor household"),
    "4": gettext_lazy("Clause 4: poor or near-poor single parent raising children"),
    "5a": gettext_lazy("Clause 5a: elderly person in a poor household with no one to support them"),
    "5b": gettext_lazy(
        "Clause 5b: person aged 75 to under 80, poor or near-poor, in an especially difficult area"
    ),
    "5c": gettext_lazy("Clause 5c: person aged 80 or over with no pension or monthly allowance"),
    "5d": gettext_lazy("Clause 5d: elderly person in a poor household cared for by someone in the community"),
    "6": gettext_lazy("Clause 6: person with a severe or especially severe disability"),
    "7": gettext_lazy("Clause 7: child under 3, poor or near-poor, in an especially difficult area"),
    "8": gettext_lazy("Clause 8: person with HIV/AIDS in a poor household with no stable income"),
}
# The line label of each coefficient (Art. 6(1)), naming the variant paid.
LABELS = {
    "sa.coef.1.under4": gettext_lazy("Clause 1: child under 4 with no means of support"),
    "sa.coef.1.from4": gettext_lazy("Clause 1: child aged 4 to under 16 with no means of support"),
    "sa.coef.2": gettext_lazy("Clause 2: young person aged 16 to 22 from clause 1, still studying"),
    "sa.coef.3.under4": gettext_lazy("Clause 3: child under 4 with HIV/AIDS in a poor household"),
    "sa.coef.3.from4": gettext_lazy("Clause 3: child aged 4 to under 16 with HIV/AIDS in a poor household"),
    "sa.coef.4.per_child": gettext_lazy("Clause 4: poor single parent raising %(n)s child(ren)"),
    "sa.coef.5a.under80": gettext_lazy(
        "Clause 5a: elderly person aged 60 to under 80 in a poor household with no one to support them"
    ),
    "sa.coef.5a.from80": gettext_lazy(
        "Clause 5a: elderly person aged 80 or over in a poor household with no one to support them"
    ),
    "sa.coef.5b": gettext_lazy("Clause 5b: person aged 75 to under 80 in a poor or near-poor household"),
    "sa.coef.5c": gettext_lazy("Clause 5c: person aged 80 or over with no pension or monthly allowance"),
    "sa.coef.5d": gettext_lazy("Clause 5d: elderly person in a poor household cared for in the community"),
    "sa.coef.6.especially_severe.adult": gettext_lazy("Clause 6: adult with an especially severe disability"),
    "sa.coef.6.especially_severe.child_or_elderly": gettext_lazy(
        "Clause 6: child or elderly person with an especially severe disability"
    ),
    "sa.coef.6.severe.adult": gettext_lazy("Clause 6: adult with a severe disability"),
    "sa.coef.6.severe.child_or_elderly": gettext_lazy(
        "Clause 6: child or elderly person with a severe disability"
    ),
    "sa.coef.7": gettext_lazy("Clause 7: child under 3 in a poor or near-poor household"),
    "sa.coef.8": gettext_lazy("Clause 8: person with HIV/AIDS in a poor household with no stable income"),
}
# (lowest age, highest age) each clause covers, for `check`; None = no bound.
AGE_BANDS: dict[str, tuple[int | None, int | None]] = {
    "1": (None, CHILD_UNDER - 1),
    "2": (CHILD_UNDER, STUDY_MAX_AGE),
    "3": (None, CHILD_UNDER - 1),
    "5a": (ELDERLY_FROM, None),
    "5b": (75, 79),
    "5c": (80, None),
    "5d": (ELDERLY_FROM, None),
    "7": (None, 2),
}
FACT_NAMES = ("on", "birth_date", "clauses", "disability", "household", "children", "province", "studying")


@dataclass(frozen=True)
class Facts:
    on: dt.date
    birth_date: dt.date
    clauses: tuple[str, ...]
    disability: str | None = None
    household: str = "none"
    children: int = 0
    province: str | None = None
    studying: bool = False

    @property
    def age(self) -> int:
        return age_on(self.birth_date, self.on)


def parse(data: Mapping[str, Any], *, strict: bool = True) -> Facts:
    """Facts from JSON-like data; FactsError names the first malformed fact. `strict` refuses unknown keys."""
    if strict:
        refuse_unknown(data, FACT_NAMES)
    return Facts(
        on=read_date(data, "on"),
        birth_date=read_date(data, "birth_date"),
        clauses=_read_clauses(data),
        disability=_read_disability(data),
        household=read_household(data),
        children=read_int(data, "children"),
        province=read_province(data),
        studying=read_bool(data, "studying"),
    )


def _read_clauses(data: Mapping[str, Any]) -> tuple[str, ...]:
    raw = require(data, "clauses")
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple) or not all(isinstance(c, str | int) for c in raw):
        raise problem("bad_clauses", _('clauses: must be a list such as ["5a", "4"].'), "clauses")
    clauses = [str(c).strip().lower() for c in raw]
    for clause in clauses:
        if clause not in CLAUSES:
            raise problem(
                "unknown_clause",
                _("clauses: %(clause)s is not a clause of Decree 20/2021/NĐ-CP, Art. 5.")
                % {"clause": clause},
                "clauses",
            )
    # Keep the order of the decree, whatever the order given; duplicates collapse.
    return tuple(c for c in CLAUSES if c in clauses)


def _read_disability(data: Mapping[str, Any]) -> str | None:
    raw = data.get("disability")
    if raw in (None, "", "none"):
        return None
    if not isinstance(raw, str) or raw not in DISABILITIES:
        raise problem(
            "unknown_disability",
            _("disability: %(value)s is not one of severe, especially_severe.") % {"value": raw},
            "disability",
        )
    return raw


def _coerce(facts: Facts | Mapping[str, Any]) -> Facts:
    return facts if isinstance(facts, Facts) else parse(facts, strict=False)


# --- contradictions --------------------------------------------------------------------------------


def check(facts: Facts | Mapping[str, Any], params: Params) -> None:
    """Raise FactsError when the facts contradict themselves or the law (the calculator is strict)."""
    facts = _coerce(facts)
    age = check_dates(
        facts.on,
        facts.birth_date,
        first_day=FIRST_DAY,
        started=_("on: Decree 20/2021/NĐ-CP applies from 01/07/2021; earlier dates are not calculated."),
    )
    if not facts.clauses:
        raise problem("no_clause", _("clauses: choose at least one group of Art. 5."), "clauses")
    if "6" in facts.clauses and facts.disability is None:
        raise problem(
            "disability_required",
            _("disability: clause 6 needs the disability level (severe or especially severe)."),
            "disability",
        )
    if "4" in facts.clauses and facts.children < 1:
        raise problem(
            "children_required", _("children: clause 4 needs at least one child being raised."), "children"
        )
    for clause in facts.clauses:
        _check_age(clause, age, facts)


def _check_age(clause: str, age: int, facts: Facts) -> None:
    low, high = AGE_BANDS.get(clause, (None, None))
    if clause == "1" and age >= CHILD_UNDER and facts.studying and age <= STUDY_MAX_AGE:
        return  # a clause-1 child who turned 16 and is still studying continues under clause 2 (Art. 5(2))
    if (low is not None and age < low) or (high is not None and age > high):
        raise problem(
            "age_outside_clause",
            _("clauses: clause %(clause)s covers %(band)s; the person is %(age)s on %(on)s.")
            % {"clause": clause, "band": _band(low, high), "age": age, "on": day(facts.on)},
            "clauses",
        )


def _band(low: int | None, high: int | None) -> str:
    if low is None:
        return _("ages under %(n)s") % {"n": (high or 0) + 1}
    if high is None:
        return _("ages %(n)s and over") % {"n": low}
    return _("ages %(low)s to %(high)s") % {"low": low, "high": high}


# --- the amount ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    clause: str
    coef: ParamRow
    children: int  # clause 4 only; 1 otherwise
    amount: int
    note: str = ""


def monthly_amount(facts: Facts | Mapping[str, Any], params: Params) -> Result:
    """The monthly amount on `facts.on`. Lenient: a group the person does not (or no longer) fit is
    simply not paid, with the reason in the notes; `check` is the strict gate for new claims."""
    facts = _coerce(facts)
    try:
        standard = params.get("sa.standard", facts.on, facts.province)
    except MissingParameter:
        return _not_eligible(
            [_("No social-assistance standard level is in force on %(on)s.") % {"on": day(facts.on)}]
        )
    if facts.birth_date > facts.on:
        return _not_eligible([_("The person is not yet born on %(on)s.") % {"on": day(facts.on)}], standard)
    candidates, notes = [], []
    for clause in facts.clauses:
        found = _evaluate(clause, facts, standard, params)
        if isinstance(found, _Candidate):
            candidates.append(found)
        else:
            notes.append(found)
    paid = _combine(candidates)
    if not paid:
        return _not_eligible(notes or [_("No group of Decree 20/2021/NĐ-CP, Art. 5 was given.")], standard)
    notes.extend(c.note for c in paid if c.note)
    notes.extend(_combination_notes(candidates, paid))
    notes.extend(_standard_notes(standard, params, facts))
    return Result(
        regime=REGIME,
        eligible=True,
        monthly_amount=sum(c.amount for c in paid),
        lines=tuple(_line(c, standard) for c in paid),
        notes=tuple(notes),
        clause=paid[0].clause,
        provisional=standard.provisional or any(c.coef.provisional for c in paid),
        citations=tuple(dict.fromkeys([standard.citation, *(c.coef.citation for c in paid)])),
    )


def _not_eligible(notes: list[str], standard: ParamRow | None = None) -> Result:
    return Result(
        regime=REGIME,
        eligible=False,
        monthly_amount=0,
        notes=tuple(notes),
        provisional=bool(standard and standard.provisional),
    )


def _evaluate(clause: str, facts: Facts, standard: ParamRow, params: Params) -> _Candidate | str:
    """The clause's coefficient for these facts, or why the clause is not met (Art. 5 and 6(1))."""
    found = _coefficient_key(clause, facts)
    if not found[0]:
        return found[1]
    key, note = found
    try:
        coef = params.get(key, facts.on)
    except MissingParameter:
        return _("Clause %(clause)s: no coefficient is in force on %(on)s.") % {
            "clause": clause,
            "on": day(facts.on),
        }
    children = facts.children if clause == "4" else 1
    amount = times(int(standard.value), coef.value * children)
    return _Candidate(
        clause="2" if key == "sa.coef.2" else clause, coef=coef, children=children, amount=amount, note=note
    )


def _coefficient_key(clause: str, facts: Facts) -> tuple[str, str]:
    """(key, note) when the clause is met, ("", reason) when not."""
    age, household = facts.age, facts.household
    under4 = "under4" if age < 4 else "from4"
    if clause == "1":
        if age < CHILD_UNDER:
            return f"sa.coef.1.{under4}", ""
        if facts.studying and age <= STUDY_MAX_AGE:
            return "sa.coef.2", _("Turned 16 while still studying: paid under clause 2 (Art. 5(2)).")
        return "", _age_reason(clause, age, facts)
    if clause == "2":
        ok = CHILD_UNDER <= age <= STUDY_MAX_AGE
        return ("sa.coef.2", "") if ok else ("", _age_reason(clause, age, facts))
    if clause == "3":
        return _need(age < CHILD_UNDER, household in POOR, f"sa.coef.3.{under4}", clause, facts)
    if clause == "4":
        if facts.children < 1:
            return "", _("Clause 4: no child is being raised.")
        return _need(True, household in POOR_OR_NEAR, "sa.coef.4.per_child", clause, facts)
    if clause in ("5a", "5d"):
        key = "sa.coef.5d" if clause == "5d" else f"sa.coef.5a.{'under80' if age < 80 else 'from80'}"
        return _need(age >= ELDERLY_FROM, household in POOR, key, clause, facts)
    if clause == "5b":
        return _need(75 <= age < 80, household in POOR_OR_NEAR, "sa.coef.5b", clause, facts)
    if clause == "5c":
        return _need(age >= 80, True, "sa.coef.5c", clause, facts)
    if clause == "6":
        return _disability_key(facts)
    if clause == "7":
        return _need(age < 3, household in POOR_OR_NEAR, "sa.coef.7", clause, facts)
    return _need(True, household in POOR, "sa.coef.8", clause, facts)  # clause 8


def _need(age_ok: bool, household_ok: bool, key: str, clause: str, facts: Facts) -> tuple[str, str]:
    if not age_ok:
        return "", _age_reason(clause, facts.age, facts)
    if not household_ok:
        wanted = (
            _("a poor household") if clause in ("3", "5a", "5d", "8") else _("a poor or near-poor household")
        )
        return "", _("Clause %(clause)s requires %(household)s.") % {"clause": clause, "household": wanted}
    return key, ""


def _age_reason(clause: str, age: int, facts: Facts) -> str:
    low, high = AGE_BANDS.get(clause, (None, None))
    return _("Clause %(clause)s covers %(band)s; the person is %(age)s on %(on)s.") % {
        "clause": clause,
        "band": _band(low, high),
        "age": age,
        "on": day(facts.on),
    }


def _disability_key(facts: Facts) -> tuple[str, str]:
    if facts.disability is None:
        return "", _("Clause 6: the disability level is not given.")
    who = "child_or_elderly" if facts.age < CHILD_UNDER or facts.age >= ELDERLY_FROM else "adult"
    return f"sa.coef.6.{facts.disability}.{who}", ""


def _combine(candidates: list[_Candidate]) -> list[_Candidate]:
    """Only the highest benefit (Art. 6(2)); clause 4 is added to a clause 5, 6 or 8 benefit."""
    mains = [c for c in candidates if c.clause != "4"]
    four = next((c for c in candidates if c.clause == "4"), None)
    options: list[list[_Candidate]] = []
    if mains:
        options.append([max(mains, key=lambda c: c.amount)])
    stackable = [c for c in mains if c.clause in STACKS_WITH_4]
    if four is not None:
        options.append([four])
        if stackable:
            options.append([max(stackable, key=lambda c: c.amount), four])
    if not options:
        return []
    # max() keeps the first of equal totals: a single benefit before a combination.
    return max(options, key=lambda option: sum(c.amount for c in option))


def _combination_notes(candidates: list[_Candidate], paid: list[_Candidate]) -> list[str]:
    notes = []
    if len(paid) == 2:
        notes.append(
            _("Clause 4 is paid in addition to clause %(clause)s (Decree 20/2021/NĐ-CP, Art. 6(2)).")
            % {"clause": paid[0].clause}
        )
    for c in candidates:
        if c not in paid:
            notes.append(
                _(
                    "Clause %(clause)s (%(amount)s) is not added: only the highest benefit is paid "
                    "(Decree 20/2021/NĐ-CP, Art. 6(2))."
                )
                % {"clause": c.clause, "amount": money(c.amount)}
            )
    return notes


def _standard_notes(standard: ParamRow, params: Params, facts: Facts) -> list[str]:
    notes = []
    if standard.province_code:
        national = params.national("sa.standard", facts.on)
        notes.append(
            _("Provincial standard level %(amount)s (%(citation)s), above the national level %(national)s.")
            % {
                "amount": money(standard.value),
                "citation": standard.citation,
                "national": money(national.value),
            }
        )
    if standard.provisional:
        notes.append(provisional_note(standard))
    return notes


def provisional_note(row: ParamRow) -> str:
    return _("The standard level %(amount)s is provisional, awaiting confirmation (%(citation)s).") % {
        "amount": money(row.value),
        "citation": row.citation,
    }


def _line(c: _Candidate, standard: ParamRow) -> Line:
    label = str(LABELS[c.coef.key])
    values = {
        "standard": money(standard.value),
        "coef": coefficient(c.coef.value),
        "citation": c.coef.citation,
        "standard_citation": standard.citation,
        "children": c.children,
    }
    if c.clause == "4":
        label = label % {"n": c.children}
        basis = (
            _(
                "%(standard)s × %(coef)s × %(children)s child(ren) — %(citation)s; standard level: "
                "%(standard_citation)s"
            )
            % values
        )
    else:
        basis = _("%(standard)s × %(coef)s — %(citation)s; standard level: %(standard_citation)s") % values
    return Line(label=label, amount=c.amount, basis=basis)


# --- funeral support -------------------------------------------------------------------------------


def funeral_support(*, on: dt.date, province: str | None, params: Params) -> Result:
    """Funeral support on the death of a beneficiary: at least 20 × the standard level (Art. 11)."""
    try:
        standard = params.get("sa.standard", on, province)
        multiplier = params.get("sa.funeral.multiplier", on)
    except MissingParameter:
        return _not_eligible(
            [_("No social-assistance standard level is in force on %(on)s.") % {"on": day(on)}]
        )
    amount = times(int(standard.value), multiplier.value)
    basis = _("%(multiplier)s × %(standard)s — %(citation)s; standard level: %(standard_citation)s") % {
        "multiplier": coefficient(multiplier.value),
        "standard": money(standard.value),
        "citation": multiplier.citation,
        "standard_citation": standard.citation,
    }
    notes = [provisional_note(standard)] if standard.provisional else []
    return Result(
        regime=REGIME,
        eligible=True,
        monthly_amount=amount,
        lines=(Line(label=_("Funeral support"), amount=amount, basis=basis),),
        notes=tuple(notes),
        provisional=standard.provisional or multiplier.provisional,
        citations=(multiplier.citation, standard.citation),
    )
