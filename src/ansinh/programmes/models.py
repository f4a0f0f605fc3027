"""Support programmes (chương trình hỗ trợ) and emergency relief (trợ giúp xã hội khẩn cấp) as data.

A programme (Resolution 68/NQ-CP, an emergency-relief round under Decree 20/2021/NĐ-CP chapter III) has
its legal basis, event window, application deadline, budget and funding source. It is national
(`province_code = ""`, defined by the ministry) or a province's own (defined by that province). Each of
its policies has a target unit, an amount rule and conditions, one row each (`rules.py` evaluates them;
nothing is code). A province sets its own criteria and amount where a policy leaves them to it
(Resolution 68 policy 12): conditions and `ProvinceAmount` rows carrying its code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ansinh.programmes import rules


class Confidence(models.TextChoices):
    """How sure we are of a legal number (the legend of domain/RULES.md)."""

    CONFIRMED = "confirmed", _("Confirmed in the legal text")
    SECONDARY = "secondary", _("Confirmed by a reputable secondary source")
    REPORTED = "reported", _("Reported only (provisional)")
    UNCONFIRMED = "unconfirmed", _("Unconfirmed (provisional)")

    @classmethod
    def provisional(cls, value: str) -> bool:
        return value in (cls.REPORTED, cls.UNCONFIRMED)


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("programme", "Draft")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed")


class Unit(models.TextChoices):
    PERSON = rules.PERSON, pgettext_lazy("unit", "Person")
    HOUSEHOLD = rules.HOUSEHOLD, _("Household")
    EMPLOYER = rules.EMPLOYER, pgettext_lazy("unit", "Employer")


class AmountKind(models.TextChoices):
    FIXED = rules.FIXED, _("Fixed amount")
    TIERED = rules.TIERED, _("By tiers of a number")
    STANDARD_MULTIPLE = rules.STANDARD_MULTIPLE, _("Multiple of the social-assistance standard level")
    PROVINCE_SET = rules.PROVINCE_SET, _("Set by the province")


class Programme(models.Model):
    code = models.SlugField(max_length=40, unique=True)  # "nq68-2021", "cuu-tro-bao-so-3-2026"
    name = models.CharField(max_length=200)
    legal_basis = models.CharField(max_length=400)  # "Nghị quyết 68/NQ-CP ngày 01/07/2021; …"
    province_code = models.CharField(max_length=4, blank=True, default="", db_index=True)  # "": national
    event_from = models.DateField()
    event_to = models.DateField()
    apply_until = models.DateField(null=True, blank=True)
    budget = models.BigIntegerField(null=True, blank=True)  # đồng
    funding_source = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=8, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-event_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event_to__gte=models.F("event_from")), name="programmes_window_order"
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="programmes_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Policy(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="policies")
    code = models.SlugField(max_length=40)  # "nq68-4", "nd20-art15-1"
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    citation = models.CharField(max_length=300)
    confidence = models.CharField(max_length=12, choices=Confidence.choices)
    # The day registry facts are read on (age, poverty status, enrolments); empty: the event window's end.
    reference_date = models.DateField(null=True, blank=True)
    # Policies sharing a non-empty group exclude each other: one person or household gets only one.
    exclusive_group = models.CharField(max_length=40, blank=True)
    in_kind = models.CharField(max_length=200, blank=True)  # "15 kg gạo/người/tháng"
    note = models.TextField(blank=True)

    amount_kind = models.CharField(max_length=20, choices=AmountKind.choices)
    amount = models.BigIntegerField(null=True, blank=True)  # đồng: fixed, or a floor for a multiple
    multiple = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    tier_field = models.CharField(max_length=30, blank=True)
    per_field = models.CharField(max_length=30, blank=True)
    cap_quantity = models.PositiveIntegerField(null=True, blank=True)
    pregnancy_addon = models.BigIntegerField(default=0)
    child_addon = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["programme", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="programmes_policy_code_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="programmes_policy_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def provisional(self) -> bool:
        return Confidence.provisional(self.confidence)


class AmountTier(models.Model):
    """From `from_quantity` of the policy's tier field up, the amount (the highest tier reached counts)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="tiers")
    from_quantity = models.PositiveIntegerField()
    amount = models.BigIntegerField()

    class Meta:
        ordering = ["policy", "from_quantity"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "from_quantity"], name="programmes_tier_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="programmes_tier_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.from_quantity}: {self.amount}"


class Condition(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="conditions")
    position = models.PositiveSmallIntegerField(default=0)
    fact = models.CharField(max_length=30)  # a key of rules.FACTS
    op = models.CharField(max_length=10)  # a key of rules.OPERATOR_LABELS
    value = models.CharField(max_length=300, blank=True)  # "16"; "poor,near_poor"; "" for yes/no facts
    group = models.CharField(max_length=20, blank=True)  # same group: any one of them suffices
    # "": every province; a province's code: a criterion that province set for itself.
    province_code = models.CharField(max_length=4, blank=True, default="")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["policy", "position", "id"]

    def __str__(self) -> str:
        return f"{self.fact} {self.op} {self.value}"


class ProvinceAmount(models.Model):
    """A province's own amount for a policy (its People's Committee decision or Council resolution)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="province_amounts")
    province_code = models.CharField(max_length=4)
    amount = models.BigIntegerField()
    citation = models.CharField(max_length=300)
    confidence = models.CharField(max_length=12, choices=Confidence.choices, default=Confidence.CONFIRMED)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["policy", "province_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "province_code"], name="programmes_province_amount_once"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="programmes_province_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province_code}: {self.amount}"


class Source(models.TextChoices):
    OFFICER = "officer", _("Entered by an officer")
    EMPLOYER_LIST = "employer_list", _("Employer's list")
    COMMUNE_LIST = "commune_list", _("Commune's list")


class Application(models.Model):
    """An accepted application to one policy (hồ sơ đề nghị hỗ trợ): the registry person it was matched to
    by personal ID, the facts declared, the amount the rules gave and why. One person once per policy;
    refused rows are never stored, they are answered with their row and reason."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="applications")
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=4, db_index=True)
    exclusive_group = models.CharField(
        max_length=40, blank=True
    )  # the policy's, kept for the duplicate check
    source = models.CharField(max_length=16, choices=Source.choices)
    batch = models.CharField(max_length=40, blank=True)  # the list an application came in
    row = models.PositiveIntegerField(null=True, blank=True)
    facts = models.JSONField(default=dict)
    amount = models.BigIntegerField()
    explanation = models.JSONField(default=list)
    provisional = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["policy", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "person"], name="programmes_application_once_per_policy"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="programmes_application_amount_positive"
            ),
        ]
        indexes = [
            models.Index(
                fields=["programme", "exclusive_group", "person"], name="programmes_app_exclusive_idx"
            ),
            models.Index(fields=["province_code", "commune"], name="programmes_app_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id}: {self.person_id}"
