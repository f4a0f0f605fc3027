"""The commune's poverty review (rà soát hộ nghèo, hộ cận nghèo) and the dated poverty status of a household.

A review round (đợt rà soát) runs in one commune: periodic once a year (rà soát định kỳ) over the commune's
households, or ad hoc (rà soát thường xuyên) for chosen households on their request or after an event. It
goes through its steps in order: collection (thu thập phiếu), village meeting (họp dân thôn/bản), posting
(niêm yết công khai), the commune's decision (quyết định công nhận), and the province's summary (tổng hợp).

Each household of a round has one survey (phiếu rà soát) whose final answers are classified by the
standard in force on the round's date (`standard.classify`). The commune's decision writes each household's
poverty status (`PovertyStatus`) from the decision date: the previous status closes the day before, the
new one stays current until the next decision. Benefits read the status on a date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.registry.models import ScopedModel


class RoundKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic review (yearly)")
    ADHOC = "adhoc", _("Ad hoc review (on request or after an event)")


class RoundState(models.TextChoices):
    COLLECTION = "collection", _("Collecting surveys")
    VILLAGE_MEETING = "village_meeting", _("Village meetings")
    POSTING = "posting", _("Public posting")
    DECIDED = "decided", _("Decided by the commune")
    SUMMARISED = "summarised", _("Summarised by the province")


# The steps in order; a round moves only to the next one.
STEPS = [s.value for s in RoundState]


class FormKind(models.TextChoices):
    B1 = "B1", _("Form B1 (quick identification, estimated income)")
    B2 = "B2", _("Form B2 (full questionnaire)")


class Area(models.TextChoices):
    RURAL = "rural", _("Rural")
    URBAN = "urban", _("Urban")


class Classification(models.TextChoices):
    POOR = "poor", _("Poor household")
    NEAR_POOR = "near_poor", _("Near-poor household")
    MIDDLE = "middle", _("Middle-living-standard household")
    OTHER = "other", _("Above the middle living standard")


class MeetingResult(models.TextChoices):
    AGREED = "agreed", _("Agreed by the meeting")
    DISPUTED = "disputed", _("Disputed by the meeting")


class Status(models.TextChoices):
    POOR = "poor", _("Poor household")
    NEAR_POOR = "near_poor", _("Near-poor household")
    ESCAPED = "escaped", _("Escaped poverty or near-poverty")
    MIDDLE = "middle", _("Middle-living-standard household")
    OTHER = "other", _("Above the middle living standard")


class Transition(models.TextChoices):
    NEWLY_POOR = "newly_poor", _("Newly poor")
    RE_POOR = "re_poor", _("Poor again")
    STILL_POOR = "still_poor", _("Still poor")
    NEWLY_NEAR_POOR = "newly_near_poor", _("Newly near-poor")
    STILL_NEAR_POOR = "still_near_poor", _("Still near-poor")
    ESCAPED_POVERTY = "escaped_poverty", _("Escaped poverty")
    ESCAPED_NEAR_POVERTY = "escaped_near_poverty", _("Escaped near-poverty")
    NONE = "none", _("Neither poor nor near-poor")


class Round(ScopedModel):
    """One review round of a commune (current structure of units)."""

    kind = models.CharField(max_length=10, choices=RoundKind.choices)
    year = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True)  # an ad hoc round's request or event
    standard_on = models.DateField()  # the day whose standard classifies the surveys
    state = models.CharField(max_length=20, choices=RoundState.choices, default=RoundState.COLLECTION)

    # The schedule (kế hoạch): planned dates of each step.
    planned_collection_until = models.DateField(null=True, blank=True)
    planned_meeting_on = models.DateField(null=True, blank=True)
    planned_posting_on = models.DateField(null=True, blank=True)
    planned_decision_on = models.DateField(null=True, blank=True)

    # What happened: each step's date and who moved the round into it.
    collection_on = models.DateField()
    collection_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting_on = models.DateField(null=True, blank=True)
    meeting_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    posting_on = models.DateField(null=True, blank=True)
    posting_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)  # the day the decision was recorded
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summarised_on = models.DateField(null=True, blank=True)
    summarised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The commune's decision (quyết định công nhận hộ nghèo, hộ cận nghèo).
    decision_number = models.CharField(max_length=40, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    decision_signer = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year"],
                condition=models.Q(kind="periodic"),
                name="poverty_round_one_periodic_a_year",
            ),
            models.UniqueConstraint(
                fields=["commune", "decision_number"],
                condition=~models.Q(decision_number=""),
                name="poverty_round_decision_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="periodic") | ~models.Q(reason=""),
                name="poverty_round_adhoc_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["province_code", "year", "state"], name="poverty_round_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.commune.name} · {self.year} · {self.get_kind_display()}"


class Survey(ScopedModel):
    """One household's survey in a round (phiếu rà soát)."""

    # No index of its own: the unique (round, household) and the (round, village) indexes lead with it.
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="surveys", db_index=False)
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    village = models.CharField(max_length=200, blank=True)  # thôn/bản, copied from the household's address
    form = models.CharField(max_length=2, choices=FormKind.choices, default=FormKind.B2)
    area = models.CharField(max_length=5, choices=Area.choices, default=Area.RURAL)
    answers = models.JSONField(default=dict, blank=True)
    draft = models.BooleanField(default=True)
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    collected_on = models.DateField(null=True, blank=True)

    # The classification of the final answers (the standard's output kept for the record).
    income_per_capita = models.BigIntegerField(null=True, blank=True)  # đồng per person per month
    deprived = models.JSONField(default=list, blank=True)  # the deprived indicators' codes
    classification = models.CharField(max_length=10, choices=Classification.choices, blank=True)
    provisional = models.BooleanField(default=False)
    result = models.JSONField(default=dict, blank=True)
    classified_on = models.DateField(null=True, blank=True)

    # The village meeting (họp dân) on this household.
    meeting_result = models.CharField(max_length=10, choices=MeetingResult.choices, blank=True)
    meeting_note = models.TextField(blank=True)
    meeting_held_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "household"], name="poverty_survey_one_per_household"),
            models.CheckConstraint(
                condition=models.Q(draft=True) | ~models.Q(classification=""),
                name="poverty_survey_final_is_classified",
            ),
        ]
        indexes = [
            # The household's own index is the foreign key's.
            models.Index(fields=["round", "village"], name="poverty_survey_village_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.household.code} · {self.round.year}"


class Complaint(ScopedModel):
    """A complaint (khiếu nại, kiến nghị) about a household's result while the list is posted."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="complaints")
    complainant = models.CharField(max_length=200)
    text = models.TextField()
    received_on = models.DateField()
    answer = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(answer="") & models.Q(answered_on__isnull=True))
                | (~models.Q(answer="") & models.Q(answered_on__isnull=False)),
                name="poverty_complaint_answer_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.complainant}"


class PovertyStatus(ScopedModel):
    """A household's poverty status from `valid_from` to `valid_to` (None: current), and the decision
    behind it."""

    # No index of its own: the (household, valid_from) index leads with it.
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="poverty_statuses", db_index=False
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    transition = models.CharField(max_length=25, choices=Transition.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    survey = models.ForeignKey(Survey, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_number = models.CharField(max_length=40)
    decision_date = models.DateField()

    class Meta:
        verbose_name_plural = "poverty statuses"
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(valid_to__isnull=True),
                name="poverty_status_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="poverty_status_period_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["household", "valid_from"], name="poverty_status_hh_from_idx"),
            models.Index(fields=["province_code", "status"], name="poverty_status_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.status} {self.valid_from}–{self.valid_to or ''}"
