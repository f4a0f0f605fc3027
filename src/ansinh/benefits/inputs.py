"""Typed input for benefit decisions, and the parsers that turn raw form / API / CLI values into it.

Parsing reports every bad field at once (`ValidationFailed`, each error naming its field) so the
page, the API and the command line show the same messages. The checks that also need the person
(the effective month of an event-dated clause, a bank account on file) live here too, as functions
the services call again: a caller that builds the dataclasses by hand is held to the same rules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from ansinh.benefits.models import Channel, Regime
from ansinh.benefits.rules import HOUSEHOLD_LABELS, social_assistance
from ansinh.core import clock, numbers, periods
from ansinh.core.dates import date_or_error
from ansinh.core.errors import ApplicationError, ValidationFailed

Errors = list[ApplicationError]

# The groups of Decree 20/2021/NĐ-CP, Art. 5, and the household kinds, as the rules name them.
SA_CLAUSES: dict[str, Any] = dict(social_assistance.CLAUSE_NAMES)
HOUSEHOLD: dict[str, Any] = dict(HOUSEHOLD_LABELS)
DISABILITY: dict[str, Any] = {
    "severe": _("Severe disability"),
    "especially_severe": _("Especially severe disability"),
}
# Decree 20/2021/NĐ-CP, Art. 8(1): these are paid from an event, not from the month the decision is signed.
AGE_DATED_CLAUSES = {"5b": 75, "5c": 80}
DISABILITY_CLAUSE = "6"

MAX_NUMBER, MAX_SIGNER, MAX_REASON = 40, 120, 300
MAX_CHILDREN = 20
_NUMBER_RE = re.compile(r"^[0-9A-Za-zÀ-ỹĐđ./\-_ ]+$")


@dataclass(frozen=True)
class DecisionData:
    """A signed decision (quyết định): number, date, signer and the month it takes effect."""

    number: str
    signed_on: dt.date
    signer: str
    effective_month: dt.date | None = None
    reason: str = ""


@dataclass(frozen=True)
class ChannelData:
    channel: str = Channel.BANK
    wallet_provider: str = ""
    wallet_account: str = ""
    cash_reason: str = ""


@dataclass(frozen=True)
class EnrolmentInput:
    regime: str
    decision: DecisionData
    facts: dict[str, Any]
    channel: ChannelData = field(default_factory=ChannelData)
    # The month the disability certificate was issued: the disability benefit is paid from then.
    disability_certified_on: dt.date | None = None


# --- raw values -------------------------------------------------------------------------------------


def _str(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def date_field(raw: Any, name: str, errors: Errors) -> dt.date | None:
    return date_or_error(raw, name, errors)


def month_field(raw: Any, name: str, errors: Errors) -> dt.date | None:
    """'2026-07', '07/2026' or a date (taken as its month)."""
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.date):
        return periods.month_of(raw)
    text = str(raw).strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{4})", text)
    if match:
        text = f"{match.group(2)}-{int(match.group(1)):02d}"
    try:
        return periods.parse_month(text)
    except ValueError:
        errors.append(
            ApplicationError(
                "field.bad_month",
                _("%(value)s is not a valid month (use MM/YYYY).") % {"value": text[:20]},
                field=name,
            )
        )
        return None


def _int(raw: Any, name: str, errors: Errors, *, default: int = 0) -> int:
    try:
        value = numbers.parse_integer(raw, field=name)
    except ApplicationError as exc:
        errors.append(exc)
        return default
    return default if value is None else value


def _bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    return _str(raw).lower() in ("1", "true", "on", "yes", "co", "có")


def _list(raw: Any) -> list[str]:
    if raw in (None, ""):
        return []
    if isinstance(raw, str):
        return [part.strip() for part in raw.split(",") if part.strip()]
    return [_str(part) for part in raw if _str(part)]


# --- decisions --------------------------------------------------------------------------------------


def decision_errors(
    decision: DecisionData, *, today: dt.date, need_effective: bool = True, number_optional: bool = False
) -> Errors:
    """What is wrong with a decision on its own (not yet against a person or an enrolment).

    `number_optional`: an enrolment's decision may be recorded without a number; the commune's register
    gives it one when the decision is issued (`benefits.documents`)."""
    errors: Errors = []
    if not decision.number:
        if not number_optional:
            errors.append(
                ApplicationError("number.required", _("Enter the decision number."), field="number")
            )
    elif len(decision.number) > MAX_NUMBER or not _NUMBER_RE.match(decision.number):
        errors.append(
            ApplicationError(
                "number.invalid",
                _("A decision number has at most 40 letters, digits and the signs / - . (e.g. 125/QĐ-UBND)."),
                field="number",
            )
        )
    if decision.signed_on is None:
        errors.append(
            ApplicationError(
                "signed_on.required", _("Enter the date the decision was signed."), field="signed_on"
            )
        )
    elif decision.signed_on > today:
        errors.append(
            ApplicationError("signed_on.future", _("The signing date is in the future."), field="signed_on")
        )
    if not decision.signer:
        errors.append(
            ApplicationError("signer.required", _("Enter who signed the decision."), field="signer")
        )
    elif len(decision.signer) > MAX_SIGNER:
        errors.append(ApplicationError("signer.too_long", _("At most 120 characters."), field="signer"))
    if need_effective and decision.effective_month is None:
        errors.append(
            ApplicationError(
                "effective_month.required",
                _("Enter the month the decision takes effect."),
                field="effective_month",
            )
        )
    if len(decision.reason) > MAX_REASON:
        errors.append(ApplicationError("reason.too_long", _("At most 300 characters."), field="reason"))
    return errors


def parse_decision(
    raw: dict[str, Any], errors: Errors, *, need_effective: bool = True, number_optional: bool = False
) -> DecisionData:
    """Read the decision fields; problems are appended to `errors` (the caller raises them all at once)."""
    found: Errors = []
    decision = DecisionData(
        number=re.sub(r"\s+", " ", _str(raw.get("number"))),
        signed_on=date_field(raw.get("signed_on"), "signed_on", found),  # type: ignore[arg-type]
        signer=re.sub(r"\s+", " ", _str(raw.get("signer"))),
        effective_month=month_field(raw.get("effective_month"), "effective_month", found),
        reason=_str(raw.get("reason")),
    )
    bad_format = {e.field for e in found}
    checks = decision_errors(
        decision, today=clock.today(), need_effective=need_effective, number_optional=number_optional
    )
    errors.extend(found)
    errors.extend(e for e in checks if e.field not in bad_format)
    return decision


def decision_only(raw: dict[str, Any], *, need_effective: bool = True) -> DecisionData:
    """A decision alone (adjust, suspend, resume, stop, move, death): all its field errors at once."""
    errors: Errors = []
    decision = parse_decision(raw, errors, need_effective=need_effective)
    if errors:
        raise ValidationFailed(errors)
    return decision


# --- facts ------------------------------------------------------------------------------------------


def _choice(value: str, allowed: dict[str, Any], name: str, errors: Errors) -> None:
    if value not in allowed:
        errors.append(ApplicationError(f"{name}.invalid", _("Choose one of the listed values."), field=name))


def _social_assistance_facts(raw: dict[str, Any], errors: Errors) -> dict[str, Any]:
    clauses = _list(raw.get("clauses"))
    unknown = [c for c in clauses if c not in SA_CLAUSES]
    if unknown:
        errors.append(
            ApplicationError(
                "clauses.unknown",
                _("Unknown clause: %(codes)s.") % {"codes": ", ".join(unknown)},
                field="clauses",
            )
        )
    disability = _str(raw.get("disability")) or None
    if disability is not None:
        _choice(disability, DISABILITY, "disability", errors)
    if not clauses:
        errors.append(
            ApplicationError(
                "clauses.required", _("Choose at least one clause of Article 5."), field="clauses"
            )
        )
    if DISABILITY_CLAUSE in clauses and disability is None:
        errors.append(
            ApplicationError(
                "disability.required", _("Clause 6 needs the level of disability."), field="disability"
            )
        )
    elif disability is not None and DISABILITY_CLAUSE not in clauses:
        errors.append(
            ApplicationError(
                "disability.without_clause",
                _("A level of disability is paid under clause 6: tick clause 6 as well."),
                field="disability",
            )
        )
    household = _str(raw.get("household")) or "none"
    _choice(household, HOUSEHOLD, "household", errors)
    children = _int(raw.get("children"), "children", errors)
    if not 0 <= children <= MAX_CHILDREN:
        errors.append(
            ApplicationError("children.out_of_range", _("Between 0 and 20 children."), field="children")
        )
    ordered = [c for c in SA_CLAUSES if c in clauses]  # canonical order: the same facts, the same JSON
    return {
        "clauses": ordered,
        "disability": disability,
        "household": household,
        "children": children,
        "studying": _bool(raw.get("studying")),
    }


def _social_pension_facts(raw: dict[str, Any], errors: Errors) -> dict[str, Any]:
    household = _str(raw.get("household")) or "none"
    _choice(household, HOUSEHOLD, "household", errors)
    pension = _int(raw.get("pension_monthly"), "pension_monthly", errors)
    if pension < 0:
        errors.append(
            ApplicationError("pension_monthly.negative", _("Cannot be negative."), field="pension_monthly")
        )
    return {"household": household, "pension_monthly": pension}


def parse_facts(regime: str, raw: dict[str, Any], errors: Errors) -> dict[str, Any]:
    """The facts JSON of a regime (see the shared model), with field errors appended to `errors`."""
    if regime == Regime.SOCIAL_ASSISTANCE:
        return _social_assistance_facts(raw, errors)
    if regime == Regime.SOCIAL_PENSION:
        return _social_pension_facts(raw, errors)
    errors.append(ApplicationError("regime.invalid", _("Choose a regime."), field="regime"))
    return {}


def facts_only(regime: str, raw: dict[str, Any]) -> dict[str, Any]:
    errors: Errors = []
    facts = parse_facts(regime, raw, errors)
    if errors:
        raise ValidationFailed(errors)
    return facts


# --- payment channel --------------------------------------------------------------------------------


def parse_channel(raw: dict[str, Any], errors: Errors) -> ChannelData:
    channel = _str(raw.get("channel")) or Channel.BANK
    if channel not in Channel.values:
        errors.append(
            ApplicationError("channel.invalid", _("Choose how the money is paid."), field="channel")
        )
    return ChannelData(
        channel=channel,
        wallet_provider=_str(raw.get("wallet_provider")) if channel == Channel.EWALLET else "",
        wallet_account=re.sub(r"\s", "", _str(raw.get("wallet_account")))
        if channel == Channel.EWALLET
        else "",
        cash_reason=_str(raw.get("cash_reason")) if channel == Channel.CASH else "",
    )


def channel_errors(channel: ChannelData, *, person: Any) -> Errors:
    """Non-cash is the rule; bank needs the person's account on file, a wallet its provider and
    account, and cash the reason it cannot go into an account."""
    errors: Errors = []
    if channel.channel == Channel.BANK and not (person.bank_code and person.bank_account):
        errors.append(
            ApplicationError(
                "channel.no_bank_account",
                _("This person has no bank account on file: record it on the person's page first."),
                field="channel",
            )
        )
    elif channel.channel == Channel.EWALLET:
        if not channel.wallet_provider or len(channel.wallet_provider) > 40:
            errors.append(
                ApplicationError(
                    "wallet_provider.required", _("Enter the e-wallet provider."), field="wallet_provider"
                )
            )
        if not re.fullmatch(r"[0-9A-Za-z.@_\-]{4,40}", channel.wallet_account):
            errors.append(
                ApplicationError(
                    "wallet_account.invalid",
                    _("Enter the e-wallet account (4 to 40 letters or digits)."),
                    field="wallet_account",
                )
            )
    elif channel.channel == Channel.CASH and not channel.cash_reason:
        errors.append(
            ApplicationError(
                "cash_reason.required",
                _("Say why this person cannot be paid into an account."),
                field="cash_reason",
            )
        )
    elif channel.channel == Channel.CASH and len(channel.cash_reason) > 200:
        errors.append(
            ApplicationError("cash_reason.too_long", _("At most 200 characters."), field="cash_reason")
        )
    return errors


# --- the effective month of an enrolment ------------------------------------------------------------


def birth_date_of(person: Any) -> dt.date:
    """The birth date the law counts from: 1 January of the birth year when only the year is known
    (the convention of the social-insurance law)."""
    return person.birth_date or dt.date(person.birth_year, 1, 1)


def earliest_start(
    *,
    regime: str,
    facts: dict[str, Any],
    signed_on: dt.date,
    person: Any,
    disability_certified_on: dt.date | None,
) -> dt.date:
    """The first month an enrolment may be paid from (Decree 20/2021/NĐ-CP, Art. 8(1)).

    The month the decision is signed, except: disability from the month of the certificate, clause 5b
    from the month the person turns 75 and 5c from turning 80 (whichever of these is earliest).
    """
    earliest = periods.month_of(signed_on)
    if regime != Regime.SOCIAL_ASSISTANCE:
        return earliest  # Decree 176/2025/NĐ-CP: the social pension is paid from the month signed.
    clauses = set(facts.get("clauses") or ())
    if disability_certified_on and (facts.get("disability") or DISABILITY_CLAUSE in clauses):
        earliest = min(earliest, periods.month_of(disability_certified_on))
    for clause, age in AGE_DATED_CLAUSES.items():
        if clause in clauses:
            earliest = min(earliest, periods.month_of(periods.birthday_in(birth_date_of(person), age)))
    return earliest


def effective_month_errors(
    *,
    regime: str,
    facts: dict[str, Any],
    decision: DecisionData,
    person: Any,
    disability_certified_on: dt.date | None,
) -> Errors:
    if decision.effective_month is None or decision.signed_on is None:
        return []
    errors: Errors = []
    if disability_certified_on and decision.signed_on and disability_certified_on > decision.signed_on:
        errors.append(
            ApplicationError(
                "disability_certified_on.after_signing",
                _("The disability certificate is dated after the decision."),
                field="disability_certified_on",
            )
        )
    earliest = earliest_start(
        regime=regime,
        facts=facts,
        signed_on=decision.signed_on,
        person=person,
        disability_certified_on=disability_certified_on,
    )
    if decision.effective_month < earliest:
        errors.append(
            ApplicationError(
                "effective_month.too_early",
                _(
                    "The benefit can be paid from %(month)s at the earliest: the month the decision is "
                    "signed, or for a disability the month of the certificate, for clause 5b the month "
                    "the person turns 75, for 5c the month they turn 80 (Decree 20/2021/NĐ-CP, Art. 8)."
                )
                % {"month": periods.month_label(earliest)},
                field="effective_month",
            )
        )
    return errors


# --- the whole enrolment form -----------------------------------------------------------------------


def parse_enrolment(raw: dict[str, Any], *, person: Any) -> EnrolmentInput:
    """Decision, facts and channel of a new enrolment, checked against the person: all errors at once."""
    errors: Errors = []
    regime = _str(raw.get("regime"))
    if regime not in Regime.own():
        errors.append(ApplicationError("regime.invalid", _("Choose a regime."), field="regime"))
    decision = parse_decision(raw, errors, number_optional=True)
    facts = parse_facts(regime, raw, errors) if regime in Regime.own() else {}
    channel = parse_channel(raw, errors)
    certified = date_field(raw.get("disability_certified_on"), "disability_certified_on", errors)
    if not any(e.field == "channel" for e in errors):
        errors.extend(channel_errors(channel, person=person))
    needed = {"regime", "signed_on", "effective_month", "clauses", "disability_certified_on"}
    if not any(e.field in needed for e in errors):
        errors.extend(
            effective_month_errors(
                regime=regime,
                facts=facts,
                decision=decision,
                person=person,
                disability_certified_on=certified,
            )
        )
    if errors:
        raise ValidationFailed(errors)
    return EnrolmentInput(
        regime=regime, decision=decision, facts=facts, channel=channel, disability_certified_on=certified
    )
