"""Eligibility and amount of one policy of a support programme, as pure functions over the policy's data.

A policy is data an officer edits in a form: a target unit (person, household, employer), conditions
(each one fact, one operator, one value) and an amount rule. Nothing here reads the database or evaluates
text as code: a condition names a fact from the fixed tables below, an operator from `OPERATORS`, and a
value parsed by `parse_value`. Conditions sharing a non-empty `group` pass when any of them passes (the
"poor, near-poor or in hardship" of Decree 20/2021 Art. 15); the others must all pass.

Facts are of two kinds. Registry facts (age on a date, the household's poverty status on a date,
residence, enrolment in another regime, job-seeker registration, unemployment-benefit claim, death in the
event window) are read from the registry; the dry-run checks them set-based. Application facts (days
suspended, contract type, social-insurance months, …) are what a person or employer declares in an
application or an employer's list; the dry-run cannot know them and reports them as checked at intake.

`evaluate` answers eligible / amount / explanation lines (in the active language, Vietnamese by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansinh.core.money import format_decimal, format_vnd, times

PERSON, HOUSEHOLD, EMPLOYER = "person", "household", "employer"
UNITS = (PERSON, HOUSEHOLD, EMPLOYER)

# Fact kinds: how a value is written and which operators apply.
NUMBER, FLAG, CODES = "number", "flag", "codes"

OPERATORS: dict[str, tuple[str, ...]] = {
    NUMBER: ("gte", "gt", "lte", "lt", "eq"),
    FLAG: ("is_true", "is_false"),
    CODES: ("in", "not_in"),
}

OPERATOR_LABELS = {
    "gte": gettext_lazy("at least"),
    "gt": gettext_lazy("more than"),
    "lte": gettext_lazy("at most"),
    "lt": gettext_lazy("under"),
    "eq": gettext_lazy("equal to"),
    "is_true": gettext_lazy("yes"),
    "is_false": gettext_lazy("no"),
    "in": gettext_lazy("one of"),
    "not_in": gettext_lazy("none of"),
}


@dataclass(frozen=True)
class Fact:
    name: str
    kind: str
    label: Any  # a lazy translation
    registry: bool  # read from the registry (dry-run checks it) or declared in the application
    choices: tuple[str, ...] = ()  # the codes a CODES fact takes (empty: unit codes, any)


FACTS: dict[str, Fact] = {
    f.name: f
    for f in (
        # Registry facts.
        Fact("age", NUMBER, gettext_lazy("Age (full years) on the reference date"), True),
        Fact(
            "household_status",
            CODES,
            gettext_lazy("Household's poverty status on the reference date"),
            True,
            ("poor", "near_poor", "escaped", "middle", "other", "none"),
        ),
        Fact("residence", CODES, gettext_lazy("Lives in (province or commune codes)"), True),
        Fact(
            "enrolled",
            CODES,
            gettext_lazy("Receiving another regime on the reference date"),
            True,
            ("social_assistance", "social_pension", "unemployment_benefit"),
        ),
        Fact("job_seeker", FLAG, gettext_lazy("Registered as a job seeker"), True),
        Fact(
            "ui_claim",
            CODES,
            gettext_lazy("Unemployment-benefit claim status"),
            True,
            ("filed", "approved", "refused", "stopped"),
        ),
        Fact("died_in_window", FLAG, gettext_lazy("Died within the event window"), True),
        # Application facts.
        Fact(
            "contract_type",
            CODES,
            gettext_lazy("Kind of work"),
            False,
            ("labour_contract", "public_art_employee", "tour_guide", "none"),
        ),
        Fact("days_suspended", NUMBER, gettext_lazy("Consecutive days suspended or on unpaid leave"), False),
        Fact(
            "quarantine_days", NUMBER, gettext_lazy("Days of work stoppage in quarantine or lockdown"), False
        ),
        Fact(
            "treatment_days", NUMBER, gettext_lazy("Days of COVID-19 treatment or medical isolation"), False
        ),
        Fact("isolation", CODES, gettext_lazy("Treated (F0) or isolated (F1)"), False, ("f0", "f1")),
        Fact("si_months", NUMBER, gettext_lazy("Months of social-insurance contributions"), False),
        Fact(
            "si_paid_prior_month",
            FLAG,
            gettext_lazy("Paid compulsory social insurance in the month before"),
            False,
        ),
        Fact("unlawful_quit", FLAG, gettext_lazy("Quit the contract unlawfully"), False),
        Fact("pension", FLAG, gettext_lazy("Receiving a monthly pension"), False),
        Fact("practising_card", FLAG, gettext_lazy("Holds a tour-guide practising card"), False),
        Fact("tax_registered", FLAG, gettext_lazy("Business household registered for tax"), False),
        Fact("pregnant", FLAG, gettext_lazy("Pregnant"), False),
        Fact("children_under_6", NUMBER, gettext_lazy("Children under 6 being raised"), False),
        Fact("months_hungry", NUMBER, gettext_lazy("Months short of food"), False),
        Fact("severely_injured", FLAG, gettext_lazy("Severely injured in the event"), False),
        Fact(
            "house_damage",
            CODES,
            gettext_lazy("Damage to the house"),
            False,
            ("collapsed", "relocated", "severely_damaged"),
        ),
        Fact("hardship", FLAG, gettext_lazy("Household in hardship (confirmed by the commune)"), False),
    )
}

REGISTRY_FACTS = tuple(name for name, f in FACTS.items() if f.registry)
APPLICATION_FACTS = tuple(name for name, f in FACTS.items() if not f.registry)
NUMBER_FIELDS = tuple(name for name, f in FACTS.items() if f.kind == NUMBER and not f.registry)

# Amount rules.
FIXED, TIERED, STANDARD_MULTIPLE, PROVINCE_SET = "fixed", "tiered", "standard_multiple", "province_set"
AMOUNT_KINDS = (FIXED, TIERED, STANDARD_MULTIPLE, PROVINCE_SET)


class RuleError(ValueError):
    """A policy or condition written wrongly: `field` names the form field, `message` says why."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ConditionDef:
    fact: str
    op: str
    value: Any  # int for NUMBER, None for FLAG, tuple[str, ...] for CODES (see parse_value)
    group: str = ""
    province_code: str = ""  # "" national; else a criterion the province set for itself
    note: str = ""


@dataclass(frozen=True)
class AmountRule:
    kind: str
    amount: int | None = None  # FIXED: the amount; STANDARD_MULTIPLE: an optional floor
    multiple: Decimal | None = None  # STANDARD_MULTIPLE: × the social-assistance standard level
    tiers: tuple[tuple[int, int], ...] = ()  # TIERED: (from quantity, amount), any order
    tier_field: str = ""
    per_field: str = ""  # the base × this application field (days, months)
    cap_quantity: int | None = None  # at most this many days or months
    pregnancy_addon: int = 0
    child_addon: int = 0  # per child under 6 (the children_under_6 field)


@dataclass(frozen=True)
class PolicyDef:
    code: str
    name: str
    unit: str
    citation: str
    conditions: tuple[ConditionDef, ...]
    amount: AmountRule
    provisional: bool = False


@dataclass(frozen=True)
class Standard:
    """The social-assistance standard level in force on the reference date, with its citation."""

    amount: int
    citation: str
    provisional: bool = False


@dataclass(frozen=True)
class ProvinceAmount:
    amount: int
    citation: str
    provisional: bool = False


@dataclass
class Result:
    eligible: bool
    amount: int
    lines: list[str] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)  # indexes of the conditions that were not met
    unknown: list[int] = field(default_factory=list)  # indexes of conditions whose fact was not given
    provisional: bool = False


# --- writing conditions ---------------------------------------------------------------------------


def parse_value(fact_name: str, op: str, raw: Any) -> Any:
    """The value of a condition as typed in the form, checked against its fact and operator."""
    fact = FACTS.get(fact_name)
    if fact is None:
        raise RuleError("fact", _("Unknown fact: %(fact)s.") % {"fact": fact_name})
    if op not in OPERATORS[fact.kind]:
        raise RuleError("op", _("This operator does not apply to “%(fact)s”.") % {"fact": fact.label})
    if fact.kind == FLAG:
        return None
    text = str(raw if raw is not None else "").strip()
    if fact.kind == NUMBER:
        if not text.isdigit():
            raise RuleError("value", _("Write a whole number of zero or more."))
        return int(text)
    codes = tuple(dict.fromkeys(c.strip() for c in text.replace(";", ",").split(",") if c.strip()))
    if not codes:
        raise RuleError("value", _("Write at least one code."))
    if fact.choices:
        wrong = [c for c in codes if c not in fact.choices]
        if wrong:
            raise RuleError(
                "value",
                _("Unknown codes: %(codes)s. Allowed: %(allowed)s.")
                % {"codes": ", ".join(wrong), "allowed": ", ".join(fact.choices)},
            )
    elif not all(c.isdigit() and len(c) in (2, 5) for c in codes):
        raise RuleError("value", _("Unit codes are 2 digits (province) or 5 digits (commune)."))
    return codes


def value_text(condition: ConditionDef) -> str:
    if condition.value is None:
        return ""
    if isinstance(condition.value, tuple):
        return ", ".join(condition.value)
    return str(condition.value)


def check_amount_rule(rule: AmountRule) -> None:
    """Refuse an amount rule that cannot give an amount; `RuleError.field` names the form field."""
    if rule.kind not in AMOUNT_KINDS:
        raise RuleError("amount_kind", _("Unknown kind of amount."))
    if rule.kind == FIXED and (rule.amount is None or rule.amount <= 0):
        raise RuleError("amount", _("A fixed amount needs an amount in đồng above zero."))
    if rule.kind == TIERED:
        if not rule.tiers or rule.tier_field not in NUMBER_FIELDS:
            raise RuleError("tiers", _("Tiers need a number field and at least one tier."))
        if any(q < 0 or a <= 0 for q, a in rule.tiers):
            raise RuleError(
                "tiers", _("Each tier needs a quantity of zero or more and an amount above zero.")
            )
    if rule.kind == STANDARD_MULTIPLE and (rule.multiple is None or rule.multiple <= 0):
        raise RuleError("multiple", _("A multiple of the standard level must be above zero."))
    if rule.per_field and rule.per_field not in NUMBER_FIELDS:
        raise RuleError("per_field", _("Multiply only by a number field of the application."))
    for name in ("pregnancy_addon", "child_addon"):
        if getattr(rule, name) < 0:
            raise RuleError(name, _("An add-on cannot be negative."))


# --- evaluating -----------------------------------------------------------------------------------


def _test(condition: ConditionDef, value: Any) -> bool:
    op, want = condition.op, condition.value
    if op == "is_true":
        return bool(value)
    if op == "is_false":
        return not value
    if op in ("in", "not_in"):
        values = set(value) if isinstance(value, list | tuple | set | frozenset) else {value}
        if condition.fact == "residence":  # a commune code lies in its province's code
            values |= {str(v)[:2] for v in values if v}
        hit = bool(values & set(want))
        return hit if op == "in" else not hit
    number = int(value)
    return {
        "gte": number >= want,
        "gt": number > want,
        "lte": number <= want,
        "lt": number < want,
        "eq": number == want,
    }[op]


def condition_text(condition: ConditionDef) -> str:
    fact = FACTS[condition.fact]
    op = str(OPERATOR_LABELS[condition.op])
    if fact.kind == FLAG:
        return f"{fact.label}: {op}"
    return f"{fact.label}: {op} {value_text(condition)}"


def conditions_for(policy: PolicyDef, province_code: str) -> list[tuple[int, ConditionDef]]:
    """The national conditions and those the province set for itself, with their indexes."""
    return [
        (i, c)
        for i, c in enumerate(policy.conditions)
        if not c.province_code or c.province_code == province_code
    ]


def check_conditions(policy: PolicyDef, facts: Mapping[str, Any], province_code: str = "") -> Result:
    """Each condition met, not met, or not given; a group passes when any of its members is met."""
    result = Result(eligible=True, amount=0)
    state: dict[int, bool | None] = {}
    groups: dict[str, list[int]] = {}
    for index, condition in conditions_for(policy, province_code):
        given = condition.fact in facts and (
            facts[condition.fact] is not None or FACTS[condition.fact].kind == FLAG
        )
        if not given:
            state[index] = None
            result.lines.append(_("%(condition)s — not given") % {"condition": condition_text(condition)})
        else:
            state[index] = _test(condition, facts[condition.fact])
            verdict = _("met") if state[index] else _("not met")
            result.lines.append(f"{condition_text(condition)} — {verdict}")
        if condition.group:
            groups.setdefault(condition.group, []).append(index)
        elif state[index] is None:
            result.unknown.append(index)
        elif not state[index]:
            result.failed.append(index)
    for members in groups.values():
        if any(state[i] for i in members):
            continue
        unknown = [i for i in members if state[i] is None]
        if unknown:
            result.unknown.extend(unknown)
        else:
            result.failed.extend(members)
    result.eligible = not result.failed and not result.unknown
    return result


def _quantity(facts: Mapping[str, Any], name: str) -> int:
    value = facts.get(name)
    return int(value) if value is not None else 0


def base_amount(
    rule: AmountRule,
    facts: Mapping[str, Any],
    *,
    standard: Standard | None,
    province_amount: ProvinceAmount | None,
) -> tuple[int, list[str], bool]:
    """The amount before add-ons, its explanation lines, and whether a provisional number was used."""
    lines: list[str] = []
    provisional = False
    if rule.kind == FIXED:
        amount = rule.amount or 0
        lines.append(_("Fixed amount: %(amount)s") % {"amount": format_vnd(amount)})
    elif rule.kind == TIERED:
        quantity = _quantity(facts, rule.tier_field)
        reached = [(q, a) for q, a in rule.tiers if quantity >= q]
        amount = max(reached)[1] if reached else 0
        lines.append(
            _("%(field)s: %(quantity)s → %(amount)s")
            % {"field": FACTS[rule.tier_field].label, "quantity": quantity, "amount": format_vnd(amount)}
        )
    elif rule.kind == STANDARD_MULTIPLE:
        if standard is None:
            return 0, [_("No social-assistance standard level is recorded for the reference date.")], True
        amount = times(standard.amount, rule.multiple or 0)
        provisional = standard.provisional
        lines.append(
            _("%(standard)s × %(multiple)s (standard level: %(citation)s) = %(amount)s")
            % {
                "standard": format_vnd(standard.amount),
                "multiple": format_decimal(rule.multiple or 0),
                "citation": standard.citation,
                "amount": format_vnd(amount),
            }
        )
        if rule.amount and rule.amount > amount:
            amount = rule.amount
            lines.append(_("At least %(amount)s") % {"amount": format_vnd(amount)})
    else:  # PROVINCE_SET
        amount = 0
    if province_amount is not None and (rule.kind == PROVINCE_SET or province_amount.amount > amount):
        amount = province_amount.amount
        provisional = provisional or province_amount.provisional
        lines.append(
            _("Amount set by the province: %(amount)s (%(citation)s)")
            % {"amount": format_vnd(amount), "citation": province_amount.citation}
        )
    elif rule.kind == PROVINCE_SET:
        lines.append(_("The province has not set the amount yet."))
    if rule.per_field and amount:
        quantity = _quantity(facts, rule.per_field)
        counted = min(quantity, rule.cap_quantity) if rule.cap_quantity is not None else quantity
        cap = (
            _(" (at most %(cap)s)") % {"cap": rule.cap_quantity}
            if rule.cap_quantity is not None and quantity > rule.cap_quantity
            else ""
        )
        lines.append(
            _("%(rate)s × %(quantity)s %(field)s%(cap)s = %(amount)s")
            % {
                "rate": format_vnd(amount),
                "quantity": counted,
                "field": str(FACTS[rule.per_field].label).lower(),
                "cap": cap,
                "amount": format_vnd(amount * counted),
            }
        )
        amount *= counted
    return amount, lines, provisional


def addons(rule: AmountRule, facts: Mapping[str, Any]) -> tuple[int, list[str]]:
    total, lines = 0, []
    if rule.pregnancy_addon and facts.get("pregnant"):
        total += rule.pregnancy_addon
        lines.append(_("Pregnancy add-on: %(amount)s") % {"amount": format_vnd(rule.pregnancy_addon)})
    children = _quantity(facts, "children_under_6") if rule.child_addon else 0
    if children:
        total += rule.child_addon * children
        lines.append(
            _("Add-on for %(count)s children under 6 × %(amount)s = %(total)s")
            % {
                "count": children,
                "amount": format_vnd(rule.child_addon),
                "total": format_vnd(rule.child_addon * children),
            }
        )
    return total, lines


def evaluate(
    policy: PolicyDef,
    facts: Mapping[str, Any],
    *,
    province_code: str = "",
    standard: Standard | None = None,
    province_amount: ProvinceAmount | None = None,
) -> Result:
    """Whether `facts` qualify for `policy` and for how much, with the explanation line by line."""
    result = check_conditions(policy, facts, province_code)
    result.provisional = policy.provisional
    if not result.eligible:
        result.lines.append(
            _("Not eligible: %(policy)s (%(citation)s)")
            % {"policy": policy.name, "citation": policy.citation}
        )
        return result
    amount, lines, provisional = base_amount(
        policy.amount, facts, standard=standard, province_amount=province_amount
    )
    extra, extra_lines = addons(policy.amount, facts) if amount else (0, [])
    result.amount = amount + extra
    result.lines.extend(lines + extra_lines)
    result.provisional = result.provisional or provisional
    if result.amount <= 0:
        result.eligible = False
        result.lines.append(
            _("Not payable, the amount is zero: %(policy)s (%(citation)s)")
            % {"policy": policy.name, "citation": policy.citation}
        )
        return result
    result.lines.append(
        _("Total: %(amount)s — %(policy)s (%(citation)s)")
        % {"amount": format_vnd(result.amount), "policy": policy.name, "citation": policy.citation}
    )
    return result


def parse_facts(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Facts as sent by a form or the API, typed by their fact; `RuleError.field` names the one at fault."""
    facts: dict[str, Any] = {}
    for name, value in raw.items():
        fact = FACTS.get(name)
        where = f"facts.{name}"
        if fact is None:
            raise RuleError(where, _("Unknown fact: %(fact)s.") % {"fact": name})
        if value is None:
            continue
        if fact.kind == FLAG:
            if not isinstance(value, bool):
                raise RuleError(where, _("Answer true or false."))
            facts[name] = value
        elif fact.kind == NUMBER:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise RuleError(where, _("Write a whole number of zero or more."))
            facts[name] = value
        else:
            codes = [value] if isinstance(value, str) else value
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise RuleError(where, _("Write a code or a list of codes."))
            wrong = [c for c in codes if fact.choices and c not in fact.choices]
            if wrong:
                raise RuleError(
                    where,
                    _("Unknown codes: %(codes)s. Allowed: %(allowed)s.")
                    % {"codes": ", ".join(wrong), "allowed": ", ".join(fact.choices)},
                )
            facts[name] = codes
    return facts


def age_on(birth_date: dt.date, on: dt.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def decimal_or_none(raw: Any) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise RuleError("multiple", _("Write a number such as 10 or 1,5.")) from None
