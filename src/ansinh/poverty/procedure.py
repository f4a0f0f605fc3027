"""The review procedure's periods, as dated data (`data/procedure.csv`): how long the lists are posted.

The public posting (niêm yết, thông báo công khai) of the commune's lists lasts a number of days set by
the review procedure (Decision 24/2021/QĐ-TTg, Art. 4). The row says whether they are working days or
calendar days, with its citation and confidence. Working days are counted by `ansinh.core.workdays`
(Monday to Friday except the Labour Code's public holidays): the day the list goes up is day 1 when it is
a working day. The commune's decision can be dated the day after the last day of posting at the earliest.

A period is provisional when its row is only reported or unconfirmed (⚠️/❓ in domain/RULES.md), or when
it runs into a year whose announced days off are not held (only the fixed holidays then counted).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ansinh.core import workdays

DATA = Path(__file__).resolve().parent / "data" / "procedure.csv"
CERTAIN = ("confirmed", "secondary")


@dataclass(frozen=True)
class Period:
    key: str
    valid_from: dt.date
    valid_to: dt.date | None
    days: int
    working_days: bool
    citation: str
    confidence: str
    note: str


@dataclass(frozen=True)
class Posting:
    """The posting of one list: its first and last day and the earliest day of the decision."""

    first: dt.date
    last: dt.date
    earliest_decision: dt.date
    days: int
    working_days: bool
    citation: str
    provisional: bool


@cache
def _rows() -> tuple[Period, ...]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Period(
                key=row["key"],
                valid_from=dt.date.fromisoformat(row["valid_from"]),
                valid_to=dt.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
                days=int(row["value"]),
                working_days=row["unit"] == "working_days",
                citation=row["citation"],
                confidence=row["confidence"],
                note=row["note"],
            )
            for row in csv.DictReader(handle)
        )


def period(key: str, on: dt.date) -> Period:
    """The row of `key` in force on `on` (LookupError when none is)."""
    for row in _rows():
        if row.key == key and row.valid_from <= on and (row.valid_to is None or on <= row.valid_to):
            return row
    raise LookupError(f"no {key} period in force on {on.isoformat()}")


def posting(posted_on: dt.date) -> Posting:
    """The posting of a list put up on `posted_on`."""
    rule = period("posting.days", posted_on)
    if rule.working_days:
        last = workdays.nth_working_day(posted_on, rule.days)
        years = range(posted_on.year, last.year + 1)
        known = all(workdays.holidays_certain(y) for y in years)
    else:
        last = posted_on + dt.timedelta(days=rule.days - 1)
        known = True
    return Posting(
        first=posted_on,
        last=last,
        earliest_decision=last + dt.timedelta(days=1),
        days=rule.days,
        working_days=rule.working_days,
        citation=rule.citation,
        provisional=rule.confidence not in CERTAIN or not known,
    )


# The certificate of a poor or near-poor household (giấy chứng nhận hộ nghèo, hộ cận nghèo): no validity
# period was found in the sources held (Decree 07/2021/NĐ-CP, Decision 24/2021/QĐ-TTg as summarised,
# domain/RULES.md §2). The certificate shows the status the commune's decision gave, which stands until
# its next decision; the certificate page says so.
CERTIFICATE_VALIDITY_FOUND = False
