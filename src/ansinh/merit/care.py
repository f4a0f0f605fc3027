"""Care of Heroic Mothers and the living standard of merit households.

**Heroic Mothers cared for** (Mẹ Việt Nam anh hùng được phụng dưỡng): a Heroic Vietnamese Mother whose
record is active on the day and who is alive is *cared for* when an organisation or unit takes care of her
on that day (a `HeroicMotherCare` whose period covers it). The share is cared-for mothers ÷ living
mothers with an active record.

**Living standard of merit households** (hộ người có công có mức sống bằng hoặc cao hơn mức sống trung
bình của cộng đồng dân cư nơi cư trú). A *merit household* on a day is a registry household of which a
person with an active merit record is a member that day. Its standard on the day:

1. from the household's poverty status covering the day (the commune's decision, `poverty.PovertyStatus`):
   poor or near-poor → *below* the community's average; escaped, middle-living-standard or above →
   *at or above*;
2. where no status covers the day: the officer's latest assessment dated on or before it
   (`LivingStandardAssessment`);
3. neither: *not assessed* — it counts in the denominator and not in the numerator, so an unassessed
   household never lifts the rate.

The rate is households at or above ÷ merit households.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.core import audit, clock, scope
from ansinh.core.actors import Actor
from ansinh.core.dates import date_or_error
from ansinh.core.errors import ApplicationError, Conflict, ValidationFailed
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.merit.models import (
    Category,
    HeroicMotherCare,
    LivingStandardAssessment,
    MeritRecord,
    RecordStatus,
)
from ansinh.poverty.models import PovertyStatus, Status
from ansinh.registry.models import Household, HouseholdMember, LifeStatus

BELOW_STATUSES = (Status.POOR, Status.NEAR_POOR)
AT_OR_ABOVE = "at_or_above"
BELOW = "below"
UNKNOWN = "unknown"
STANDINGS = {
    AT_OR_ABOVE: _("At or above the community's average"),
    BELOW: _("Below the community's average"),
    UNKNOWN: _("Not assessed"),
}
DEFINITION = _(
    "A merit household is a household with a member whose merit record is active. Its living standard is "
    "at or above the community's average when the commune's decision classes it as escaped from poverty, "
    "middle-living-standard or above on the day, below when poor or near-poor; where no decision covers "
    "the day, the officer's latest dated assessment counts; a household with neither counts as not at or "
    "above."
)


def _covers(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


# --- Heroic Mothers ---------------------------------------------------------------------------------


def active_on(day: dt.date, prefix: str = "") -> Q:
    """Records active on `day`: recognised by then, and active now or moved out of active only after it
    (`status_from` dates the current status)."""
    return Q(**{f"{prefix}decision_date__lte": day}) & (
        Q(**{f"{prefix}status": RecordStatus.ACTIVE}) | Q(**{f"{prefix}status_from__gt": day})
    )


def mothers(day: dt.date) -> QuerySet[MeritRecord]:
    """The records of Heroic Mothers active on `day` (unscoped: callers restrict). A mother whose record
    closed after the day (her death recorded from a later date) still counts for it; one recorded as
    deceased in the registry whose record was left active does not."""
    return MeritRecord.objects.filter(active_on(day), category=Category.HEROIC_MOTHER).exclude(
        person__status=LifeStatus.DECEASED, status=RecordStatus.ACTIVE
    )


def cared_q(day: dt.date) -> Exists:
    return Exists(HeroicMotherCare.objects.filter(_covers(day), record=OuterRef("pk")))


@dataclass(frozen=True)
class CareShare:
    mothers: int
    cared: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.cared / self.mothers, 2) if self.mothers else None


def care_share(*, actor: Actor, on: dt.date | None = None) -> CareShare:
    require(actor, "merit.view")
    day = on or clock.today()
    rows = scope.restrict(
        mothers(day), actor, province_field="province_code", commune_field="person__commune"
    )
    return CareShare(mothers=rows.count(), cared=rows.filter(cared_q(day)).count())


def mother_rows(*, actor: Actor, on: dt.date | None = None) -> QuerySet[MeritRecord]:
    """The Heroic Mothers in scope, each with whether she is cared for on the day (`cared`)."""
    require(actor, "merit.view")
    day = on or clock.today()
    rows = scope.restrict(
        mothers(day), actor, province_field="province_code", commune_field="person__commune"
    )
    care = HeroicMotherCare.objects.filter(_covers(day), record=OuterRef("pk")).order_by("-valid_from", "-id")
    return rows.select_related("person", "person__commune").annotate(
        cared=cared_q(day),
        organisation=Subquery(care.values("organisation")[:1]),
        care_from=Subquery(care.values("valid_from")[:1]),
    )


# --- living standard --------------------------------------------------------------------------------


def merit_household_ids(day: dt.date) -> QuerySet[HouseholdMember]:
    """Memberships on `day` of persons with an active merit record (unscoped)."""
    active = MeritRecord.objects.filter(active_on(day), person=OuterRef("person"))
    return HouseholdMember.objects.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=day),
        Q(left_on__isnull=True) | Q(left_on__gte=day),
        Exists(active),
    )


def merit_households(day: dt.date) -> QuerySet[Household]:
    members = merit_household_ids(day).filter(household=OuterRef("pk"))
    return Household.objects.filter(Exists(members))


def with_standing(households: QuerySet[Household], day: dt.date) -> QuerySet[Household]:
    """The households annotated with `poverty` (the status covering the day), `assessed` (the officer's
    latest assessment on or before it: at or above or not) and `standing` (see the module's note)."""
    status = PovertyStatus.objects.filter(_covers(day), household=OuterRef("pk")).values("status")[:1]
    decision = PovertyStatus.objects.filter(_covers(day), household=OuterRef("pk")).values("decision_number")[
        :1
    ]
    latest = LivingStandardAssessment.objects.filter(household=OuterRef("pk"), assessed_on__lte=day).order_by(
        "-assessed_on"
    )
    return households.annotate(
        poverty=Subquery(status),
        decision=Subquery(decision),
        assessed=Subquery(latest.values("at_or_above")[:1]),
        assessed_on=Subquery(latest.values("assessed_on")[:1]),
    ).annotate(
        standing=Case(
            When(poverty__in=BELOW_STATUSES, then=Value(BELOW)),
            When(poverty__isnull=False, then=Value(AT_OR_ABOVE)),
            When(assessed=True, then=Value(AT_OR_ABOVE)),
            When(assessed=False, then=Value(BELOW)),
            default=Value(UNKNOWN),
            output_field=CharField(),
        )
    )


@dataclass(frozen=True)
class StandardShare:
    households: int
    at_or_above: int
    below: int
    unknown: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.at_or_above / self.households, 2) if self.households else None


def household_queryset(*, actor: Actor, on: dt.date | None = None) -> QuerySet[Household]:
    """The merit households in scope with their standing on the day."""
    require(actor, "merit.view")
    day = on or clock.today()
    return with_standing(scope.restrict(merit_households(day), actor), day).select_related("commune", "head")


def standard_share(*, actor: Actor, on: dt.date | None = None) -> StandardShare:
    counts = {AT_OR_ABOVE: 0, BELOW: 0, UNKNOWN: 0}
    rows = household_queryset(actor=actor, on=on).order_by().values("standing").annotate(n=Count("pk"))  # type: ignore[misc]
    for row in rows:
        counts[row["standing"]] = row["n"]
    return StandardShare(sum(counts.values()), counts[AT_OR_ABOVE], counts[BELOW], counts[UNKNOWN])


def basis(household: Any) -> str:
    """What the standing rests on: the commune's decision, or the officer's assessment and its date."""
    if household.poverty:
        return str(_("Decision %(n)s") % {"n": household.decision})
    if household.assessed is not None:
        return str(_("Officer's assessment of %(day)s") % {"day": household.assessed_on.strftime("%d/%m/%Y")})
    return ""


# --- the officer's assessment -----------------------------------------------------------------------


@dataclass
class AssessmentInput:
    assessed_on: dt.date | None = None
    at_or_above: bool | None = None
    note: str = ""


def parse_assessment(raw: dict[str, Any]) -> AssessmentInput:
    errors: list[ApplicationError] = []
    data = AssessmentInput(
        assessed_on=date_or_error(raw.get("assessed_on"), "assessed_on", errors),
        note=" ".join(str(raw.get("note") or "").split())[:300],
    )
    value = str(raw.get("at_or_above", "")).strip().lower()
    if value in ("1", "true", "yes", "on", "at_or_above"):
        data.at_or_above = True
    elif value in ("0", "false", "no", "below"):
        data.at_or_above = False
    else:
        errors.append(
            ApplicationError(
                "at_or_above.required",
                _("Choose whether the household lives at or above the community's average."),
                field="at_or_above",
            )
        )
    if data.assessed_on is None and not any(e.field == "assessed_on" for e in errors):
        errors.append(
            ApplicationError(
                "assessed_on.required", _("Enter the date of the assessment."), field="assessed_on"
            )
        )
    if errors:
        raise ValidationFailed(errors)
    return data


@transaction.atomic
def assessment_record(*, actor: Actor, household_id: Any, data: AssessmentInput) -> LivingStandardAssessment:
    """An officer's dated assessment of a merit household's living standard (out of scope: not found)."""
    require(actor, "merit.change")
    household = scope.access(
        Household.objects.select_related("commune"), actor, household_id, what="household"
    )
    assert data.assessed_on is not None and data.at_or_above is not None  # parse_assessment requires them
    errors: list[ApplicationError] = []
    if data.assessed_on > clock.today():
        errors.append(
            ApplicationError(
                "assessed_on.future", _("The date cannot be in the future."), field="assessed_on"
            )
        )
    if not merit_households(data.assessed_on).filter(pk=household.pk).exists():
        errors.append(
            ApplicationError(
                "household.not_merit",
                _("No member of this household has an active merit record on that day."),
                field="assessed_on",
            )
        )
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            made = LivingStandardAssessment.objects.create(
                household=household,
                assessed_on=data.assessed_on,
                at_or_above=data.at_or_above,
                note=data.note,
                commune=household.commune,
                province_code=household.province_code,
                created_by=user_of(actor),
                updated_by=user_of(actor),
            )
    except IntegrityError:
        raise Conflict(
            "assessed_on.taken",
            _("An assessment of this date is already recorded."),
            field="assessed_on",
        ) from None
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=made,
        object_label=household.code,
        province_code=household.province_code,
        after=audit.snapshot(made, ["household_id", "assessed_on", "at_or_above", "note"]),
    )
    return made
