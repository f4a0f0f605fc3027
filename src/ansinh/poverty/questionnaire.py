"""The household survey of Circular 07/2021/TT-BLĐTBXH as data: the collector answers facts, the
deprivations and the income per person follow.

- Form B2 (full questionnaire): `QUESTIONS` lists, per indicator of the standard, the facts asked of each
  member or of the household. `deprivations_from_answers(answers, on)` turns the answers into the deprived
  indicator codes of the standard in force on `on`, with one explanation line per indicator;
  `income_per_capita_from(answers)` turns the income items of the last 12 months into the income per
  person per month.
- Form B1 (quick identification, points per household characteristic by region): its scoring table is not
  held (it was not found in the public sources this system was built from), so no score is computed. The
  collector enters an estimated income per person instead (`estimated_income_per_capita`), and the figure
  is marked provisional.

The deprivation thresholds are the summary of `domain/RULES.md` §2.1 (❓ as a wording; the exact wording is
the annex of Decree 07/2021/NĐ-CP and the circular's forms), and those of the 2027–2030 draft indicators
are the draft's: every set of deprivations derived here is provisional and says so in its lines.

Answers (a JSON object):
    {"members": [{"age": 34, "employment": "wage_without_contract", "health_insurance": true,
                  "education": "upper_secondary", "studying": false, "unable_to_work": false}, ...],
     "dwelling": "durable", "floor_area_m2": 36, "water_source": "piped", "latrine": "septic",
     "uses_phone_or_internet": true, "information_devices": ["smartphone"],
     "income": {"wages": 48000000, "agriculture": 12000000, ...}}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansinh.core.money import format_decimal, format_vnd
from ansinh.poverty.standard import INDICATORS_ON, MAX_INCOME, PovertyInputError

CIRCULAR = "Thông tư 07/2021/TT-BLĐTBXH"
B1_SCORING_HELD = False  # the B1 points table by region is not held: never computed, never guessed

CHILD_UNDER = 16  # a child is under 16 (Law on Children 102/2016/QH13, Art. 1)
ELDERLY_FROM = 60  # elderly means 60 or older (Law on the Elderly 39/2009/QH12, Art. 2)
WORKING_FROM = 15  # nobody under 15 is counted in the labour force
INSURANCE_FROM = 6  # a member aged 6 or older without health insurance (RULES §2.1)
SCHOOL_AGES = (3, 16)  # a child aged 3 to under 16 not at the school level for the age (RULES §2.1)
ADULT_EDUCATION_AGES = (16, 30)  # a member aged 16 to 30 (RULES §2.1)
MIN_AREA_PER_PERSON = Decimal(8)  # m² per person (RULES §2.1)
MAX_MEMBERS = 50

EMPLOYMENT = {
    "wage_with_contract": gettext_lazy("Works for a wage with a labour contract"),
    "wage_without_contract": gettext_lazy("Works for a wage without a labour contract"),
    "self_employed": gettext_lazy("Self-employed or works on the family's farm or business"),
    "unemployed": gettext_lazy("Unemployed (able to work, looking for work)"),
    "not_in_labour_force": gettext_lazy(
        "Not in the labour force (studying, retired, caring, unable to work)"
    ),
}
EDUCATION = {
    "none": gettext_lazy("No schooling or primary not completed"),
    "primary": gettext_lazy("Primary school"),
    "lower_secondary": gettext_lazy("Lower secondary school"),
    "upper_secondary": gettext_lazy("Upper secondary school"),
    "vocational": gettext_lazy("Vocational certificate or diploma (elementary, intermediate, college)"),
    "higher": gettext_lazy("University or higher"),
}
DWELLING = {
    "durable": gettext_lazy("Durable or semi-durable"),
    "not_durable": gettext_lazy("Not durable"),
    "makeshift": gettext_lazy("Makeshift"),
}
WATER_SOURCES = {
    "piped": gettext_lazy("Piped water"),
    "borehole": gettext_lazy("Drilled well"),
    "protected_well": gettext_lazy("Protected dug well"),
    "protected_spring": gettext_lazy("Protected spring or stream"),
    "rainwater": gettext_lazy("Rainwater"),
    "bottled": gettext_lazy("Bottled or canned water"),
    "unprotected_well": gettext_lazy("Unprotected dug well"),
    "unprotected_spring": gettext_lazy("Unprotected spring or stream"),
    "surface": gettext_lazy("River, lake, pond or other surface water"),
    "other": gettext_lazy("Other source"),
}
CLEAN_WATER = ("piped", "borehole", "protected_well", "protected_spring", "rainwater", "bottled")
LATRINES = {
    "septic": gettext_lazy("Flush toilet to a septic or semi-septic tank"),
    "pour_flush": gettext_lazy("Pour-flush latrine"),
    "double_vault": gettext_lazy("Double-vault latrine"),
    "ventilated_pit": gettext_lazy("Ventilated improved pit latrine"),
    "unimproved": gettext_lazy("Other latrine (open pit, over water, bucket)"),
    "none": gettext_lazy("No latrine"),
}
HYGIENIC_LATRINES = ("septic", "pour_flush", "double_vault", "ventilated_pit")
DEVICES = {
    "tv": gettext_lazy("Television"),
    "radio": gettext_lazy("Radio"),
    "computer": gettext_lazy("Computer"),
    "smartphone": gettext_lazy("Smartphone"),
}
INCOME_ITEMS = {
    "wages": gettext_lazy("Wages and salaries"),
    "agriculture": gettext_lazy("Crops, livestock, forestry and fishing, net of costs"),
    "business": gettext_lazy("Non-farm business and services, net of costs"),
    "pensions_and_allowances": gettext_lazy("Pensions, allowances and social assistance"),
    "other": gettext_lazy("Other income (remittances, rents, interest)"),
}


@dataclass(frozen=True)
class Question:
    """One fact asked on form B2: of every member (`scope` member) or of the household."""

    key: str
    scope: str  # "member" | "household"
    kind: str  # "int" | "bool" | "choice" | "choices" | "area" (m²) | "income" (đồng by item)
    label: Promise
    choices: Mapping[str, Promise] | None = None
    # A member question is asked of the members whose age (in completed years) is in [from, under):
    # `under` None for no upper bound; None for every member (the age itself).
    ages: tuple[int, int | None] | None = None

    def applies(self, age: int | None) -> bool:
        """Whether this question is asked of a member of `age` (asked when the age is not known yet)."""
        if self.scope != "member" or self.ages is None or age is None:
            return True
        low, high = self.ages
        return low <= age and (high is None or age < high)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key,
            "scope": self.scope,
            "kind": self.kind,
            "label": str(self.label),
        }
        if self.choices is not None:
            data["choices"] = {k: str(v) for k, v in self.choices.items()}
        if self.scope == "member":
            data["ages"] = {"from": self.ages[0], "under": self.ages[1]} if self.ages is not None else None
        return data


AGE = Question("age", "member", "int", gettext_lazy("Age in completed years"))
QUESTIONS: dict[str, tuple[Question, ...]] = {
    "employment": (
        AGE,
        Question(
            "employment",
            "member",
            "choice",
            gettext_lazy("Work in the last 12 months (aged 15 and over)"),
            EMPLOYMENT,
            ages=(WORKING_FROM, None),
        ),
    ),
    "dependants": (
        AGE,
        Question(
            "unable_to_work",
            "member",
            "bool",
            gettext_lazy("Unable to work (severe disability or illness)"),
            ages=(CHILD_UNDER, ELDERLY_FROM),  # children and the elderly are dependants already
        ),
    ),
    "nutrition": (
        AGE,
        Question(
            "malnourished",
            "member",
            "bool",
            gettext_lazy("Stunted or underweight (children under 16)"),
            ages=(0, CHILD_UNDER),
        ),
    ),
    "health_insurance": (
        AGE,
        Question(
            "health_insurance",
            "member",
            "bool",
            gettext_lazy("Has a valid health insurance card (aged 6 and over)"),
            ages=(INSURANCE_FROM, None),
        ),
    ),
    "adult_education": (
        AGE,
        Question(
            "education",
            "member",
            "choice",
            gettext_lazy("Highest level completed (aged 16 to 30)"),
            EDUCATION,
            ages=(ADULT_EDUCATION_AGES[0], ADULT_EDUCATION_AGES[1] + 1),
        ),
        Question(
            "studying",
            "member",
            "bool",
            gettext_lazy("Studying or in training now (aged 16 to 30)"),
            ages=(ADULT_EDUCATION_AGES[0], ADULT_EDUCATION_AGES[1] + 1),
        ),
    ),
    "school_attendance": (
        AGE,
        Question(
            "in_school",
            "member",
            "bool",
            gettext_lazy("At the school level for the age (children aged 3 to 15)"),
            ages=SCHOOL_AGES,
        ),
    ),
    "housing_quality": (Question("dwelling", "household", "choice", gettext_lazy("The dwelling"), DWELLING),),
    "floor_area": (
        Question("floor_area_m2", "household", "area", gettext_lazy("Floor area of the dwelling (m²)")),
    ),
    "water": (
        Question(
            "water_source",
            "household",
            "choice",
            gettext_lazy("Main source of domestic water"),
            WATER_SOURCES,
        ),
    ),
    "latrine": (
        Question("latrine", "household", "choice", gettext_lazy("Latrine used by the household"), LATRINES),
    ),
    "telecom": (
        Question(
            "uses_phone_or_internet",
            "household",
            "bool",
            gettext_lazy("A member uses a telephone or internet service"),
        ),
    ),
    "information_access": (
        Question(
            "information_devices",
            "household",
            "choices",
            gettext_lazy("Means of accessing information the household has"),
            DEVICES,
        ),
    ),
    "digital_services": (
        Question(
            "uses_digital_services",
            "household",
            "bool",
            gettext_lazy("A member uses telecommunication, internet or digital public services"),
        ),
    ),
    "waste": (
        Question(
            "waste_collected",
            "household",
            "bool",
            gettext_lazy("Household waste is collected or treated hygienically"),
        ),
    ),
}
INCOME_QUESTION = Question(
    "income",
    "household",
    "income",
    gettext_lazy("Income of the last 12 months by source (đồng)"),
    INCOME_ITEMS,
)
ESTIMATE_QUESTION = Question(
    "estimated_income_per_capita",
    "household",
    "int",
    gettext_lazy("Estimated income per person per month (đồng)"),
)


def questions_on(on: dt.date) -> list[Question]:
    """Every question of form B2 for the standard in force on `on`, each once, members' first."""
    seen: dict[str, Question] = {}
    for indicator in INDICATORS_ON(on):
        for question in QUESTIONS[indicator.code]:
            seen.setdefault(question.key, question)
    ordered = sorted(seen.values(), key=lambda q: q.scope != "member")
    return [*ordered, INCOME_QUESTION]


def member_age(data: Any) -> int | None:
    """A member's age as answered, when it is a sane whole number (None: not known yet)."""
    raw = data.get("age") if isinstance(data, Mapping) else None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= 130:
        return None
    return raw


def member_questions_for(age: int | None, on: dt.date) -> list[Question]:
    """The member questions of form B2 asked of a member of `age` (all of them while the age is not
    known): school attendance for children of 3 to 15, adult education for 16 to 30, nutrition under 16,
    health insurance from 6, work from 15, inability to work for 16 to 59."""
    return [q for q in questions_on(on) if q.scope == "member" and q.applies(age)]


def without_unasked(answers: Any, on: dt.date) -> Any:
    """The answers without the member answers to questions not asked at the member's age (a value left
    in a hidden field after the age was corrected, or sent by a client that asks every question). Not an
    object, or members not a list: returned as they are, for the reader to refuse."""
    if not isinstance(answers, Mapping) or not isinstance(answers.get("members"), list):
        return answers
    questions = {q.key: q for q in questions_on(on) if q.scope == "member"}
    members = []
    for item in answers["members"]:
        if isinstance(item, Mapping):
            age = member_age(item)
            item = {k: v for k, v in item.items() if k not in questions or questions[k].applies(age)}
        members.append(item)
    return {**answers, "members": members}


# --- reading answers ----------------------------------------------------------------------------------


def _error(code: str, message: str, name: str) -> PovertyInputError:
    return PovertyInputError(f"answers.{code}", message, field=name)


def _missing(name: str) -> PovertyInputError:
    return _error("missing", _("%(field)s: this answer is required.") % {"field": name}, name)


def _bool(data: Mapping[str, Any], key: str, name: str) -> bool:
    raw = data.get(key)
    if raw is None:
        raise _missing(name)
    if not isinstance(raw, bool):
        raise _error("bad_boolean", _("%(field)s: must be true or false.") % {"field": name}, name)
    return raw


def _choice(data: Mapping[str, Any], key: str, name: str, choices: Mapping[str, Any]) -> str:
    raw = data.get(key)
    if raw is None or raw == "":
        raise _missing(name)
    if not isinstance(raw, str) or raw not in choices:
        raise _error(
            "unknown_choice",
            _("%(field)s: %(value)s is not one of %(choices)s.")
            % {"field": name, "value": str(raw)[:40], "choices": ", ".join(choices)},
            name,
        )
    return raw


def _whole(raw: Any, name: str, *, maximum: int) -> int:
    if raw is None or raw == "":
        raise _missing(name)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _error("bad_number", _("%(field)s: must be a whole number.") % {"field": name}, name)
    if raw < 0:
        raise _error("negative", _("%(field)s: must not be negative.") % {"field": name}, name)
    if raw > maximum:
        raise _error(
            "too_large", _("%(field)s: must be at most %(max)s.") % {"field": name, "max": maximum}, name
        )
    return raw


@dataclass(frozen=True)
class Member:
    index: int
    age: int
    data: Mapping[str, Any]

    def name(self, key: str) -> str:
        return f"members[{self.index}].{key}"


def _members(answers: Mapping[str, Any]) -> list[Member]:
    raw = answers.get("members")
    if raw is None:
        raise _missing("members")
    if isinstance(raw, (str, bytes)) or not isinstance(raw, Sequence):
        raise _error("bad_list", _("%(field)s: must be a list of members.") % {"field": "members"}, "members")
    if not raw:
        raise _error("no_members", _("members: a household has at least one member."), "members")
    if len(raw) > MAX_MEMBERS:
        raise _error(
            "too_many_members", _("members: at most %(max)s members.") % {"max": MAX_MEMBERS}, "members"
        )
    members = []
    for index, item in enumerate(raw):
        name = f"members[{index}]"
        if not isinstance(item, Mapping):
            raise _error("not_an_object", _("%(field)s: must be an object.") % {"field": name}, name)
        members.append(Member(index, _whole(item.get("age"), f"{name}.age", maximum=130), item))
    return members


def _answers(raw: Any) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise _error("not_an_object", _("The answers must be a JSON object."), "answers")
    return raw


# --- the indicators -------------------------------------------------------------------------------------

Check = Callable[[Mapping[str, Any], list[Member]], tuple[bool, str]]


def _employment(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    short = []
    for m in members:
        if m.age < WORKING_FROM:
            continue
        status = _choice(m.data, "employment", m.name("employment"), EMPLOYMENT)
        if status in ("unemployed", "wage_without_contract"):
            short.append(m.index + 1)
    if short:
        return True, _("members %(who)s: unemployed or working for a wage without a labour contract") % {
            "who": _who(short)
        }
    return False, _("no member of working age is unemployed or works for a wage without a contract")


def _dependants(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    count = 0
    for m in members:
        unable = (
            _bool(m.data, "unable_to_work", m.name("unable_to_work")) if "unable_to_work" in m.data else False
        )
        if m.age < CHILD_UNDER or m.age >= ELDERLY_FROM or unable:
            count += 1
    figures = {"count": count, "members": len(members)}
    if count * 2 > len(members):
        return True, _("%(count)s dependants of %(members)s members: more than half") % figures
    return False, _("%(count)s dependants of %(members)s members: not more than half") % figures


def _nutrition(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    children = [m for m in members if m.age < CHILD_UNDER]
    short = [m.index + 1 for m in children if _bool(m.data, "malnourished", m.name("malnourished"))]
    if short:
        return True, _("children %(who)s: stunted or underweight") % {"who": _who(short)}
    return False, _("no child under 16 is stunted or underweight")


def _health_insurance(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    short = [
        m.index + 1
        for m in members
        if m.age >= INSURANCE_FROM and not _bool(m.data, "health_insurance", m.name("health_insurance"))
    ]
    if short:
        return True, _("members %(who)s, aged 6 or older: no health insurance") % {"who": _who(short)}
    return False, _("every member aged 6 or older has health insurance")


_LOWER_SECONDARY_OR_MORE = ("lower_secondary", "upper_secondary", "vocational", "higher")
_UPPER_SECONDARY_OR_MORE = ("upper_secondary", "vocational", "higher")


def _adult_education(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    low, high = ADULT_EDUCATION_AGES
    short = []
    for m in members:
        if not low <= m.age <= high:
            continue
        level = _choice(m.data, "education", m.name("education"), EDUCATION)
        studying = _bool(m.data, "studying", m.name("studying"))
        enough = _LOWER_SECONDARY_OR_MORE if m.age < 18 else _UPPER_SECONDARY_OR_MORE
        if not studying and level not in enough:
            short.append(m.index + 1)
    if short:
        return True, _("members %(who)s, aged 16 to 30: neither studying nor qualified for the age") % {
            "who": _who(short)
        }
    return False, _("every member aged 16 to 30 is studying or qualified for the age")


def _school_attendance(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    low, high = SCHOOL_AGES
    short = [
        m.index + 1
        for m in members
        if low <= m.age < high and not _bool(m.data, "in_school", m.name("in_school"))
    ]
    if short:
        return True, _("children %(who)s, aged 3 to 15: not at the school level for the age") % {
            "who": _who(short)
        }
    return False, _("every child aged 3 to 15 is at the school level for the age")


def _housing_quality(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    dwelling = _choice(answers, "dwelling", "dwelling", DWELLING)
    label = str(DWELLING[dwelling]).lower()
    if dwelling != "durable":
        return True, _("the dwelling is %(kind)s") % {"kind": label}
    return False, _("the dwelling is %(kind)s") % {"kind": label}


def _floor_area(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    raw = answers.get("floor_area_m2")
    if raw is None or raw == "":
        raise _missing("floor_area_m2")
    try:
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise InvalidOperation
        area = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        area = Decimal(-1)
    if not area.is_finite() or area < 0 or area > 100_000:
        raise _error(
            "bad_area",
            _("floor_area_m2: must be a floor area in m², for example 36 or 24.5."),
            "floor_area_m2",
        )
    per_person = area / len(members)
    figures = {
        "area": format_decimal(area),
        "members": len(members),
        "per_person": format_decimal(per_person.quantize(Decimal("0.01"))),
        "min": format_decimal(MIN_AREA_PER_PERSON),
    }
    if per_person < MIN_AREA_PER_PERSON:
        return True, _(
            "%(area)s m² for %(members)s members: %(per_person)s m² per person, under %(min)s m²"
        ) % figures
    return False, _(
        "%(area)s m² for %(members)s members: %(per_person)s m² per person, at least %(min)s m²"
    ) % figures


def _water(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    source = _choice(answers, "water_source", "water_source", WATER_SOURCES)
    label = str(WATER_SOURCES[source]).lower()
    if source not in CLEAN_WATER:
        return True, _("main water source: %(source)s, not a clean source") % {"source": label}
    return False, _("main water source: %(source)s, a clean source") % {"source": label}


def _latrine(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    kind = _choice(answers, "latrine", "latrine", LATRINES)
    label = str(LATRINES[kind]).lower()
    if kind not in HYGIENIC_LATRINES:
        return True, _("latrine: %(kind)s, not hygienic") % {"kind": label}
    return False, _("latrine: %(kind)s, hygienic") % {"kind": label}


def _telecom(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    if not _bool(answers, "uses_phone_or_internet", "uses_phone_or_internet"):
        return True, _("no member uses a telephone or internet service")
    return False, _("a member uses a telephone or internet service")


def _information_access(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    name = "information_devices"
    raw = answers.get(name)
    if raw is None:
        raise _missing(name)
    if isinstance(raw, (str, bytes)) or not isinstance(raw, Sequence):
        raise _error("bad_list", _("%(field)s: must be a list.") % {"field": name}, name)
    devices = []
    for item in raw:
        if not isinstance(item, str) or item not in DEVICES:
            raise _error(
                "unknown_choice",
                _("%(field)s: %(value)s is not one of %(choices)s.")
                % {"field": name, "value": str(item)[:40], "choices": ", ".join(DEVICES)},
                name,
            )
        if item in devices:
            raise _error(
                "duplicate",
                _("%(field)s: %(value)s is given more than once.") % {"field": name, "value": item},
                name,
            )
        devices.append(item)
    if not devices:
        return True, _("no television, radio, computer or smartphone")
    return False, _("has: %(devices)s") % {"devices": ", ".join(str(DEVICES[d]).lower() for d in devices)}


def _digital_services(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    if not _bool(answers, "uses_digital_services", "uses_digital_services"):
        return True, _("no member uses telecommunication, internet or digital public services")
    return False, _("a member uses telecommunication, internet or digital public services")


def _waste(answers: Mapping[str, Any], members: list[Member]) -> tuple[bool, str]:
    if not _bool(answers, "waste_collected", "waste_collected"):
        return True, _("household waste is not collected or treated hygienically")
    return False, _("household waste is collected or treated hygienically")


CHECKS: dict[str, Check] = {
    "employment": _employment,
    "dependants": _dependants,
    "nutrition": _nutrition,
    "health_insurance": _health_insurance,
    "adult_education": _adult_education,
    "school_attendance": _school_attendance,
    "housing_quality": _housing_quality,
    "floor_area": _floor_area,
    "water": _water,
    "latrine": _latrine,
    "telecom": _telecom,
    "information_access": _information_access,
    "digital_services": _digital_services,
    "waste": _waste,
}


def _who(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _refuse_unknown(answers: Mapping[str, Any], members: list[Member], keys: set[str]) -> None:
    household = {q.key for qs in QUESTIONS.values() for q in qs if q.scope == "household"} & keys
    allowed = household | {"members", INCOME_QUESTION.key, ESTIMATE_QUESTION.key}
    for key in answers:
        if key not in allowed:
            raise _error(
                "unknown_answer",
                _("%(field)s: this answer is not on the form for this date.") % {"field": key},
                str(key),
            )
    member_keys = {q.key for qs in QUESTIONS.values() for q in qs if q.scope == "member"} & keys
    for m in members:
        for key in m.data:
            if key not in member_keys:
                raise _error(
                    "unknown_answer",
                    _("%(field)s: this answer is not on the form for this date.") % {"field": m.name(key)},
                    m.name(str(key)),
                )


def deprivations_from_answers(answers: Mapping[str, Any], on: dt.date) -> tuple[list[str], list[str]]:
    """The deprived indicator codes of the standard in force on `on` (in the order of the law) and one
    explanation line per indicator, then a line saying the thresholds are provisional.

    PovertyInputError names the first answer that is missing, ill-typed, or not on the form for that date
    (`members[2].health_insurance`, `water_source`)."""
    answers = _answers(answers)
    indicators = INDICATORS_ON(on)
    keys = {q.key for i in indicators for q in QUESTIONS[i.code]}
    members = _members(answers)
    _refuse_unknown(answers, members, keys)
    deprived: list[str] = []
    lines: list[str] = []
    for indicator in indicators:
        is_deprived, reason = CHECKS[indicator.code](answers, members)
        verdict = _("deprived") if is_deprived else _("not deprived")
        lines.append(f"{indicator.label}: {verdict} ({reason})")
        if is_deprived:
            deprived.append(indicator.code)
    lines.append(
        _(
            "The thresholds are a summary of Decree 07/2021/NĐ-CP and %(circular)s and are provisional; "
            "check the form's wording before relying on them."
        )
        % {"circular": CIRCULAR}
        if not any(i.provisional for i in indicators)
        else _(
            "The indicators and thresholds of this standard are the draft's and are provisional; check them "
            "before relying on them."
        )
    )
    return deprived, lines


# --- income -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Income:
    """Income per person per month with its explanation; `provisional` for an estimate (form B1)."""

    per_capita: int
    lines: tuple[str, ...]
    provisional: bool


def income_per_capita_from(answers: Mapping[str, Any]) -> Income:
    """Form B2: the income items of the last 12 months (`income`: whole đồng, net of production costs)
    summed, divided by 12 and by the members, rounded up to a whole đồng (so that "at or below the line"
    holds exactly when the unrounded figure does).

    Without the items, an `estimated_income_per_capita` (form B1, whose scoring is not held) is taken as
    given and marked provisional. PovertyInputError names the answer otherwise."""
    answers = _answers(answers)
    items = answers.get(INCOME_QUESTION.key)
    if items is None:
        if ESTIMATE_QUESTION.key not in answers:
            raise _missing(INCOME_QUESTION.key)
        estimate = _whole(answers.get(ESTIMATE_QUESTION.key), ESTIMATE_QUESTION.key, maximum=MAX_INCOME)
        return Income(
            per_capita=estimate,
            lines=(
                _("Estimated income per person per month: %(amount)s") % {"amount": format_vnd(estimate)},
                _(
                    "The points table of the quick identification form (B1) of %(circular)s is not held: the "
                    "income is the collector's estimate and is provisional until form B2 is completed."
                )
                % {"circular": CIRCULAR},
            ),
            provisional=True,
        )
    if ESTIMATE_QUESTION.key in answers:
        raise _error(
            "both_incomes",
            _("estimated_income_per_capita: give either the income items or the estimate, not both."),
            ESTIMATE_QUESTION.key,
        )
    if not isinstance(items, Mapping):
        raise _error("not_an_object", _("%(field)s: must be an object.") % {"field": "income"}, "income")
    members = len(_members(answers))
    total = 0
    lines = []
    for key in items:
        if key not in INCOME_ITEMS:
            raise _error(
                "unknown_answer",
                _("%(field)s: this answer is not on the form for this date.") % {"field": f"income.{key}"},
                f"income.{key}",
            )
    for key, label in INCOME_ITEMS.items():
        if key not in items:
            continue
        amount = _whole(items[key], f"income.{key}", maximum=MAX_INCOME * 12 * MAX_MEMBERS)
        total += amount
        lines.append(f"{label}: {format_vnd(amount)}")
    per_capita = -(-total // (12 * members))  # rounded up
    lines.append(
        _(
            "Income of the last 12 months %(total)s ÷ 12 months ÷ %(members)s members = %(per_capita)s "
            "per person per month"
        )
        % {"total": format_vnd(total), "members": members, "per_capita": format_vnd(per_capita)}
    )
    return Income(per_capita=per_capita, lines=tuple(lines), provisional=False)
