"""Indicators (chỉ tiêu), figures per unit and period, plan targets (kế hoạch), approval, roll-ups.

A figure (`DataValue`) is one indicator for one unit and period, either computed from ansinh's own records
or entered by an officer. Ratio indicators store their numerator and denominator, never the ratio, so a
province's rate is the ratio of its summed parts. Province and nation roll-ups are a cache
(`RollupValue`), dropped for a province whenever one of its figures changes and rebuilt on the next read
or compute. A unit's period report (`ReportSubmission`) carries the approval state: while it is submitted
or approved its figures are locked.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    RATIO = "ratio", _("Ratio of sums")


class SourceKind(models.TextChoices):
    COMPUTED = "computed", _("Computed from records")
    ENTERED = "entered", _("Entered by officers")
    COMPUTED_ENTERED = "computed_entered", _("Computed, officers may enter the full figure")


class ValueType(models.TextChoices):
    INTEGER = "int", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")


class Indicator(models.Model):
    """One line of the catalogue. Administrators add and edit them; the packaged ones are seeded."""

    code = models.CharField(max_length=40, unique=True)  # "LM.NEW_JOBS"
    name_vi = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    unit_vi = models.CharField(max_length=30)  # "người", "%", "đồng"
    unit_en = models.CharField(max_length=30)
    aggregation = models.CharField(max_length=10, choices=Aggregation.choices, default=Aggregation.SUM)
    source = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.ENTERED)
    group = models.CharField(max_length=20)  # the code's prefix: "LM", "SI", "SA"…
    value_type = models.CharField(max_length=10, choices=ValueType.choices, default=ValueType.INTEGER)
    min_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    numerator_le_denominator = models.BooleanField(default=False)
    higher_is_better = models.BooleanField(default=True)
    provisional = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=400, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == Aggregation.RATIO

    @property
    def computed(self) -> bool:
        return self.source in (SourceKind.COMPUTED, SourceKind.COMPUTED_ENTERED)

    @property
    def enterable(self) -> bool:
        return self.source in (SourceKind.ENTERED, SourceKind.COMPUTED_ENTERED)

    @property
    def decimals(self) -> int:
        return 2 if self.is_ratio or self.value_type == ValueType.DECIMAL else 0

    def name(self, language: str) -> str:
        return self.name_en if language.startswith("en") else self.name_vi

    def unit(self, language: str) -> str:
        return self.unit_en if language.startswith("en") else self.unit_vi


class Origin(models.TextChoices):
    COMPUTED = "computed", _("Computed")
    ENTERED = "entered", _("Entered")


class PeriodFields(models.Model):
    """A reporting period as stored: its code ("2025H1") plus its first day and length for range queries."""

    period_code = models.CharField(max_length=8)
    period_start = models.DateField()
    period_months = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True


class DataValue(PeriodFields):
    """One figure of one unit for one period. The unit may be a pre-reform (legacy) unit for old periods.

    `province_code` is the province in force today (the successor for a legacy unit): scope filters on it.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    unit_code = models.CharField(max_length=10)
    level = models.CharField(max_length=10)
    structure = models.CharField(max_length=10)
    province_code = models.CharField(max_length=4)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    comment = models.CharField(max_length=500, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period_code", "origin"], name="reports_value_once"
            ),
        ]
        indexes = [
            models.Index(fields=["period_code", "province_code"], name="reports_value_period_idx"),
            # The compute compares one indicator's figures of a period with the fresh counts.
            models.Index(fields=["indicator", "period_code", "origin"], name="reports_value_ind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_code} {self.period_code} {self.origin}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for correction")


LOCKED_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)


class ReportSubmission(PeriodFields):
    """A unit's report for a period: draft → submitted → approved (locked) or returned with a comment."""

    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    unit_code = models.CharField(max_length=10)
    level = models.CharField(max_length=10)
    province_code = models.CharField(max_length=4)
    status = models.CharField(max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT)
    # The approver's comment when returned, or the reason given for the last unlock.
    comment = models.CharField(max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Recorded when submitted: the consistency rules the figures broke (`reports.rules.Violation`
    # dicts) and the units below that had not submitted ([{"code", "name"}]), for the approver to see.
    checks = models.JSONField(default=list, blank=True)
    missing_units = models.JSONField(default=list, blank=True)
    children_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_code"], name="reports_submission_once"),
        ]
        indexes = [models.Index(fields=["period_code", "province_code"], name="reports_subm_period_idx")]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.period_code} {self.status}"

    @property
    def locked(self) -> bool:
        return self.status in LOCKED_STATUSES


def attachment_storage() -> FileSystemStorage:
    """Attachments are served only through the scoped download view; MEDIA_ROOT, else var/media."""
    root = Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else Path(settings.VAR_DIR) / "media"
    return FileSystemStorage(location=root / "reports")


class Attachment(models.Model):
    """A document behind a unit's period report (the signed report, a survey table)."""

    submission = models.ForeignKey(ReportSubmission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="%Y/%m/", storage=attachment_storage, max_length=200)
    name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class PlanTarget(models.Model):
    """The year's target (kế hoạch năm) of one unit for one indicator; the nation has `unit` None."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="plans")
    unit = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_code = models.CharField(max_length=10, blank=True)  # "" for the nation
    level = models.CharField(max_length=10)
    province_code = models.CharField(max_length=4, blank=True)
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=20, decimal_places=4)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "level", "unit_code", "year"], name="reports_plan_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_code or 'VN'} {self.year}: {self.value}"


class RollupValue(models.Model):
    """Cached province and nation totals of one period (rebuilt when a figure below them changes)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period_code = models.CharField(max_length=8)
    level = models.CharField(max_length=10)  # "province" | "nation"
    unit_code = models.CharField(max_length=10, blank=True)  # "" for the nation
    value = models.DecimalField(max_digits=24, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=24, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=24, decimal_places=4, null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)  # newest computed figure inside it
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_code", "level", "unit_code"], name="reports_rollup_once"
            ),
        ]
        indexes = [models.Index(fields=["period_code", "level", "unit_code"], name="reports_rollup_idx")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_code or 'VN'} {self.period_code}"


class ComputeRun(models.Model):
    """When each computed indicator was last computed for a period, and what changed."""

    indicator_code = models.CharField(max_length=40)
    period_code = models.CharField(max_length=8)
    computed_at = models.DateTimeField()
    rows = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator_code", "period_code"], name="reports_compute_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.period_code} {self.computed_at:%Y-%m-%d %H:%M}"
