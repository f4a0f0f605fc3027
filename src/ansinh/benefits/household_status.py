"""The household's poverty status as a fact of social assistance and the social pension.

The commune's decision (poverty review) gives a household a dated status: poor, near-poor, escaped, middle
or other. For a month, the enrolment's `household` fact is the status of the person's household on the
month's last day (the month rule of `entitlement`), and on its first day when that differs (a household
that escapes poverty during the month is paid that month, not the next). Escaped, middle and other read as
neither poor nor near-poor. Only where no decision covers the day (a household never reviewed, or a
month before its first review) the fact typed when the enrolment was decided counts.

The facts handed to `entitlement.month_result` then carry the decision behind the status
(`household_basis`), so the explanation says which was used; the memo key holds it too.

Benefits read the status lazily, month by month, wherever an amount is computed (cycle generation,
the enrolment's timeline, the amount in lists): a new decision needs no write on the enrolments, and the
payment cycle's difference mechanism finds the months already paid from a status recorded after them
(`payments.generation`: `recheck_months`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ansinh.benefits.entitlement import BASIS_KEY, FIRST_KEY, facts_json
from ansinh.core.periods import month_end, month_of
from ansinh.poverty.selectors import StatusPeriod, household_status_periods

# The status (poverty.models.Status) as the rules' household fact.
AS_FACT = {"poor": "poor", "near_poor": "near_poor", "escaped": "none", "middle": "none", "other": "none"}


@dataclass(frozen=True)
class _Membership:
    household_id: int
    joined_on: dt.date | None
    left_on: dt.date | None

    def covers(self, on: dt.date) -> bool:
        joined = self.joined_on is None or self.joined_on <= on
        return joined and (self.left_on is None or on < self.left_on)


@dataclass
class StatusBook:
    """The households and poverty statuses of a set of persons, read in two queries."""

    memberships: dict[int, list[_Membership]] = field(default_factory=dict)
    periods: dict[int, list[StatusPeriod]] = field(default_factory=dict)
    _memo: dict[tuple[Any, ...], str] = field(default_factory=dict)

    @classmethod
    def for_persons(cls, person_ids: Iterable[int]) -> StatusBook:
        from ansinh.registry.models import HouseholdMember

        ids = sorted(set(person_ids))
        memberships: dict[int, list[_Membership]] = defaultdict(list)
        for start in range(0, len(ids), 5000):
            rows = HouseholdMember.objects.filter(person_id__in=ids[start : start + 5000]).values_list(
                "person_id", "household_id", "joined_on", "left_on"
            )
            for person_id, household_id, joined_on, left_on in rows:
                memberships[person_id].append(_Membership(household_id, joined_on, left_on))
        households = {m.household_id for rows in memberships.values() for m in rows}
        periods = household_status_periods(households) if households else {}
        # Only the persons whose households were ever reviewed need a look month by month.
        kept = {p: rows for p, rows in memberships.items() if any(m.household_id in periods for m in rows)}
        return cls(memberships=kept, periods=periods)

    def reviewed(self, person_id: int) -> bool:
        return person_id in self.memberships

    def status_on(self, person_id: int, on: dt.date) -> StatusPeriod | None:
        """The status of the person's household on a day, None when no decision covers it."""
        for membership in self.memberships.get(person_id, ()):
            if membership.covers(on):
                return next((p for p in self.periods.get(membership.household_id, ()) if p.covers(on)), None)
        return None

    def changes(self, person_id: int) -> list[StatusPeriod]:
        """Every status of the households the person belonged to (for finding months to re-check)."""
        out: list[StatusPeriod] = []
        for membership in self.memberships.get(person_id, ()):
            out.extend(self.periods.get(membership.household_id, ()))
        return out

    def facts_for(self, person_id: int, facts: dict[str, Any], month: dt.date) -> dict[str, Any]:
        """The enrolment's facts for `month` with the household status of that month, or the facts as
        they are (the typed fact) when no decision covers the month."""
        if person_id not in self.memberships or "household" not in facts:
            return facts
        month = month_of(month)
        last, first = self.status_on(person_id, month_end(month)), self.status_on(person_id, month)
        return with_status(facts, last, first)

    def json_for(self, person_id: int, fjson: str, month: dt.date) -> str:
        """`facts_for` on canonical facts JSON (cycle generation's memo key), memoised per status pair."""
        if person_id not in self.memberships:
            return fjson
        last = self.status_on(person_id, month_end(month))
        first = self.status_on(person_id, month)
        if last is None and first is None:
            return fjson
        key = (fjson, last, first)
        found = self._memo.get(key)
        if found is None:
            facts = json.loads(fjson)
            changed = with_status(facts, last, first) if "household" in facts else facts
            found = self._memo[key] = facts_json(changed) if changed is not facts else fjson
        return found


def basis_of(period: StatusPeriod) -> dict[str, Any]:
    commune = period.commune[:1].lower() + period.commune[1:]  # "Xã Mường Phăng" → "xã Mường Phăng"
    return {
        "status": period.status,
        "decision": period.decision_number,
        "date": period.decision_date.isoformat(),
        "commune": commune,
    }


def with_status(
    facts: dict[str, Any], last: StatusPeriod | None, first: StatusPeriod | None
) -> dict[str, Any]:
    """Facts with the household read from the statuses on the month's last and first day."""
    if last is None and first is None:
        return facts
    typed = facts.get("household") or "none"
    at_end = AS_FACT.get(last.status, "none") if last is not None else typed
    at_start = AS_FACT.get(first.status, "none") if first is not None else typed
    out = {**facts, "household": at_end}
    if last is not None:
        out[BASIS_KEY] = basis_of(last)
    if at_start != at_end:
        out[FIRST_KEY] = at_start
    return out


def facts_on(person: Any, facts: dict[str, Any], month: dt.date) -> dict[str, Any]:
    """One person's facts for one month (an enrolment page, a decision's check): two small queries."""
    return StatusBook.for_persons([person.pk]).facts_for(person.pk, facts, month)
