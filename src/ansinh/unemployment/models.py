"""Unemployment-benefit claims (hồ sơ hưởng trợ cấp thất nghiệp) at the employment centre
(Trung tâm dịch vụ việc làm).

A claim (hồ sơ đề nghị hưởng trợ cấp thất nghiệp) is filed at the centre of a province: `province_code` is
that centre's province (what the counsellor's scope filters on), `commune` the claimant's commune of
residence (what the indicators count by). The centre decides; the social-insurance agency pays from the
decision, month by month, as the schedule (rules.schedule) says.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.registry.models import ScopedModel


class ClaimStatus(models.TextChoices):
    FILED = "filed", _("Filed, awaiting decision")
    APPROVED = "approved", _("Receiving benefit")
    REFUSED = "refused", _("Refused")
    STOPPED = "stopped", _("Stopped")


class StopReason(models.TextChoices):
    PLACEMENT = "placement", _("Placed in a job by the centre")
    SELF_REPORTED = "self_reported", _("Worker reported a job")
    NO_REPORTS = "no_reports", _("Three months without a job-search report")
    OTHER = "other", _("Other reason (military service, study, emigration, death, …)")


class SalaryRegime(models.TextChoices):
    STATE = "state", _("State pay scale")
    EMPLOYER = "employer", _("Pay set by the employer")


class Law(models.TextChoices):
    L2013 = "2013", _("Law on Employment 38/2013/QH13")
    L2025 = "2025", _("Law on Employment 74/2025/QH15")


class Claim(ScopedModel):
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="ui_claims")
    seeker = models.ForeignKey(
        "labour.JobSeeker", null=True, blank=True, on_delete=models.SET_NULL, related_name="ui_claims"
    )
    reference = models.CharField(max_length=30, unique=True)  # "TCTN-11-2026-000042"
    law = models.CharField(max_length=4, choices=Law.choices)
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.FILED)

    # The facts of the claim (what rules.Facts takes).
    termination_date = models.DateField()
    employer_name = models.CharField(max_length=200, blank=True)
    avg_salary_6m = models.BigIntegerField()  # đồng
    contribution_months = models.PositiveSmallIntegerField()
    recent_contribution_months = models.PositiveSmallIntegerField(null=True, blank=True)
    salary_regime = models.CharField(max_length=10, choices=SalaryRegime.choices)
    region = models.PositiveSmallIntegerField()
    short_contract = models.BooleanField(default=False)
    last_contribution_month = models.DateField(null=True, blank=True)
    unlawful_termination = models.BooleanField(default=False)
    receiving_pension = models.BooleanField(default=False)
    pension_eligible = models.BooleanField(default=False)

    # The file (hồ sơ): received on `filed_on`, complete on `complete_on` when every required document is in.
    filed_on = models.DateField()
    complete_on = models.DateField(null=True, blank=True)
    decision_due = models.DateField(null=True, blank=True, db_index=True)  # complete_on + 20 days
    doc_application = models.BooleanField(default=False)
    doc_termination = models.BooleanField(default=False)
    doc_si_book = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    # The decision (quyết định hưởng / không hưởng trợ cấp thất nghiệp).
    decision_number = models.CharField(max_length=40, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    decision_signer = models.CharField(max_length=120, blank=True)
    monthly_amount = models.BigIntegerField(default=0)
    months = models.PositiveSmallIntegerField(default=0)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    carried_over_months = models.PositiveSmallIntegerField(default=0)
    refusal_reason = models.TextField(blank=True)

    # The stop (chấm dứt hưởng).
    stopped_on = models.DateField(null=True, blank=True)
    stop_reason = models.CharField(max_length=15, choices=StopReason.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["filed", "approved"]),
                name="ui_claim_one_open_per_person",
            ),
            models.UniqueConstraint(
                fields=["province_code", "decision_number"],
                condition=~models.Q(decision_number=""),
                name="ui_claim_decision_number_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["province_code", "status"], name="ui_claim_scope_status_idx"),
            models.Index(fields=["status", "start_date", "end_date"], name="ui_claim_period_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def region_label(self) -> str:
        """Minimum-wage regions are written I–IV, as in the decrees."""
        return {1: "I", 2: "II", 3: "III", 4: "IV"}.get(self.region, str(self.region))


class JobSearchReport(models.Model):
    """One monthly job-search report (thông báo về việc tìm kiếm việc làm) for benefit month `month_index`."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="reports")
    month_index = models.PositiveSmallIntegerField()
    reported_on = models.DateField()
    jobs_applied = models.PositiveSmallIntegerField(default=0)
    notes = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "month_index"], name="ui_report_one_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id}/{self.month_index}"
