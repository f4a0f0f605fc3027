"""A month's entitlement (mức hưởng tháng) of an enrolment, and the memo that makes it cheap at scale.

The month rule (Decree 20/2021/NĐ-CP Art. 8; Decree 176/2025/NĐ-CP): the amount is evaluated on the
month's last day, so a new coefficient (a child turning 4, a person turning 80) or a new standard
level (1/7/2024 → July 2024) applies from the month it starts. Payment stops from the month after
eligibility ends: when the facts no longer qualify on the last day but did on the first, the
first-day amount is paid for that month.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansinh.benefits.law import MissingParameter, Params
from ansinh.benefits.rules import HOUSEHOLD_LABELS
from ansinh.benefits.rules.base import Result
from ansinh.benefits.rules.regimes import module_for
from ansinh.core import extensions
from ansinh.core.money import format_vnd
from ansinh.core.periods import age_on, month_end, month_label, month_of

# Facts beside the rules' own: the decision behind the household status of the month, and the household
# on the month's first day when it differs from the last (`household_status`).
BASIS_KEY, FIRST_KEY = "household_basis", "household_first"

# The statuses of the poverty review (poverty.models.Status), as the explanation names them.
STATUS_LABELS: dict[Any, Any] = {
    "poor": gettext_lazy("Poor household"),
    "near_poor": gettext_lazy("Near-poor household"),
    "escaped": gettext_lazy("Escaped poverty or near-poverty"),
    "middle": gettext_lazy("Middle-living-standard household"),
    "other": gettext_lazy("Above the middle living standard"),
}

# The level that drives each regime's amount, for the "from this month" notes (a regime registered in
# `core.extensions.enrolled_regimes` names its own).
LEVEL_KEYS = {"social_assistance": "sa.standard", "social_pension": "sp.level"}


def level_key(regime: str) -> str:
    """The legal parameter that drives a regime's amounts; "" when none is known."""
    if regime in LEVEL_KEYS:
        return LEVEL_KEYS[regime]
    registered = extensions.enrolled_regimes.get(regime)
    return registered.level_key if registered is not None else ""


def _regime(regime: Any) -> str:
    return str(getattr(regime, "value", regime)).replace("-", "_")


def facts_json(facts: dict[str, Any]) -> str:
    """Canonical JSON of an enrolment's facts (sorted keys, no spaces): the cache key."""
    return json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def month_result(
    *,
    regime: Any,
    facts: dict[str, Any],
    birth_date: dt.date,
    month: dt.date,
    province: str | None,
    params: Params,
) -> Result:
    """The amount due for `month` (any day of it) to a person born `birth_date` with these facts."""
    name = _regime(regime)
    module = module_for(name)
    month = month_of(month)
    last_day = month_end(month)
    basis, first_household = facts.get(BASIS_KEY), facts.get(FIRST_KEY)
    rules_facts = {k: v for k, v in facts.items() if k not in (BASIS_KEY, FIRST_KEY)}
    data = {**rules_facts, "on": last_day, "birth_date": birth_date, "province": province or None}
    at_end = module.parse(data, strict=False)
    at_start = replace(at_end, on=month)
    if first_household is not None:
        at_start = replace(at_start, household=first_household)
    last = module.monthly_amount(at_end, params)
    first = module.monthly_amount(at_start, params)
    source = household_note(facts.get("household"), basis) if "household" in facts else ()
    if last.eligible:
        notes = _transition_notes(name, first, last, month, province, params)
        return replace(last, notes=source + last.notes + tuple(notes))
    if first.eligible:
        ending = _(
            "Eligibility ends in %(month)s: this month is paid; payment stops from the next month."
        ) % {"month": month_label(month)}
        return replace(first, notes=source + first.notes + last.notes + (ending,))
    return replace(last, notes=source + last.notes) if source else last


def household_note(household: Any, basis: dict[str, Any] | None) -> tuple[str, ...]:
    """Which household status the amount used: the commune's decision, or the fact declared when the
    enrolment was decided (a household never reviewed)."""
    if basis:
        values = {
            "status": STATUS_LABELS.get(basis.get("status"), basis.get("status")),
            "number": basis.get("decision", ""),
            "date": dt.date.fromisoformat(basis["date"]).strftime("%d/%m/%Y") if basis.get("date") else "",
            "commune": basis.get("commune", ""),
        }
        return (
            _("%(status)s under Decision No. %(number)s of %(date)s of the People's Committee of %(commune)s")
            % values,
        )
    label = HOUSEHOLD_LABELS.get(household or "none", household)
    return (_("%(status)s as declared when the benefit was decided") % {"status": label},)


def _transition_notes(
    regime: str, first: Result, last: Result, month: dt.date, province: str | None, params: Params
) -> list[str]:
    notes = []
    label = month_label(month)
    level = _level_change(regime, month, province, params)
    if level:
        notes.append(level)
    if not first.eligible or [x.label for x in first.lines] != [x.label for x in last.lines]:
        for line in last.lines:
            notes.append(_("From %(month)s: %(label)s") % {"month": label, "label": line.label})
    return notes


def _level_change(regime: str, month: dt.date, province: str | None, params: Params) -> str:
    key = level_key(regime)
    if not key:
        return ""
    try:
        now = params.get(key, month_end(month), province or None)
    except MissingParameter:
        return ""
    try:
        before = params.get(key, month - dt.timedelta(days=1), province or None)
    except MissingParameter:
        before = None
    if before is not None and before == now:
        return ""
    if before is None and regime == "social_assistance":
        return ""
    values = {"month": month_label(month), "amount": format_vnd(int(now.value))}
    registered = extensions.enrolled_regimes.get(regime)
    if registered is not None:
        what = str(registered.level_note) % values
    elif regime == "social_assistance":
        what = _("From %(month)s: standard level %(amount)s") % values
    else:
        what = _("From %(month)s: social-pension level %(amount)s") % values
    if now.provisional:
        what = _("%(change)s (provisional, awaiting confirmation)") % {"change": what}
    return what


def funeral_result(*, regime: Any, death_date: dt.date, province: str | None, params: Params) -> Result:
    """The funeral support owed on a beneficiary's death (Decree 20/2021 Art. 11; social pension ⚠️)."""
    return module_for(_regime(regime)).funeral_support(
        on=death_date, province=province or None, params=params
    )


class EntitlementCache:
    """`month_result` memoised on what the answer depends on: regime, facts, the ages on the month's first
    and last day, province and month. Cycle generation and simulation call it per enrolment; a repeat
    costs two `age_on` and one dict lookup. Results hold text in the language active when first computed.
    """

    def __init__(self, params: Params) -> None:
        self.params = params
        self._results: dict[tuple[Any, ...], Result] = {}
        self._facts: dict[str, dict[str, Any]] = {}
        self._month_ends: dict[dt.date, dt.date] = {}
        self.hits = 0
        self.misses = 0

    def month_result(
        self, regime: Any, facts_json: str, birth_date: dt.date, month: dt.date, province: str | None
    ) -> Result:
        month = month if month.day == 1 else month_of(month)
        last_day = self._month_ends.get(month)
        if last_day is None:
            last_day = self._month_ends[month] = month_end(month)
        key = (
            regime,
            facts_json,
            age_on(birth_date, month),
            age_on(birth_date, last_day),
            province or "",
            month,
        )
        found = self._results.get(key)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        facts = self._facts.get(facts_json)
        if facts is None:
            facts = self._facts[facts_json] = json.loads(facts_json)
        found = self._results[key] = month_result(
            regime=regime,
            facts=facts,
            birth_date=birth_date,
            month=month,
            province=province,
            params=self.params,
        )
        return found

    def __len__(self) -> int:
        return len(self._results)
