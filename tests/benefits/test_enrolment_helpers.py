"""Shared helpers of the enrolment, life-event, API, web and permission tests (imported by those modules;
each wraps them in its own `elder` and `enrol` fixtures).

Dates are fixed in the past so the tests mean the same on any day: decisions signed in July 2026
(standard level 540.000 đ from 07/2026, Decree 335/2026/NĐ-CP, reported) and timelines read up to
an explicit month.
"""

from __future__ import annotations

import datetime as dt
import itertools

from ansinh.benefits.inputs import ChannelData, DecisionData

JULY = dt.date(2026, 7, 1)
SIGNED = dt.date(2026, 7, 10)
STANDARD = 540_000  # Decree 335/2026/NĐ-CP (reported), from 07/2026
BANK = {"bank_code": "VCB", "bank_account": "0123456789"}
ELDERLY_POOR = {"clauses": ["5a"], "disability": None, "household": "poor", "children": 0, "studying": False}
PENSION = {"household": "none", "pension_monthly": 0}

_numbers = itertools.count(1)


def decision(
    *, effective: dt.date | None = JULY, signed: dt.date = SIGNED, number: str | None = None, reason: str = ""
):
    return DecisionData(
        number=number or f"{next(_numbers)}/QĐ-UBND",
        signed_on=signed,
        signer="Lò Văn Minh",
        effective_month=effective,
        reason=reason,
    )


def decision_raw(*, effective: str = "2026-07", number: str | None = None, **extra) -> dict:
    return {
        "number": number or f"{next(_numbers)}/QĐ-UBND",
        "signed_on": "2026-07-10",
        "signer": "Lò Văn Minh",
        "effective_month": effective,
        **extra,
    }


def make_elder(make_person):
    """Aged 66 in 2026, with a bank account: clause 5a when in a poor household."""
    return make_person(full_name="Lò Thị Mai", birth_date="1960-03-15", **BANK)


def enroller(default_actor):
    """`enrol(person, facts=..., regime=..., actor=..., **kw)` through the service."""
    from ansinh.benefits.services import enrolment_create

    def make(person, *, facts=None, regime="social_assistance", actor=None, effective=JULY, **kw):
        kw.setdefault("channel", ChannelData())
        return enrolment_create(
            actor=actor or default_actor,
            person=person,
            regime=regime,
            decision=kw.pop("decision", None) or decision(effective=effective),
            facts=dict(facts or ELDERLY_POOR),
            **kw,
        )

    return make
