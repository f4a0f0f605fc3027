"""Regimes (chế độ), the law as dated rows, decisions (quyết định) and enrolments (đối tượng hưởng).

Flow: person → decision (number, date, signer, effective month, facts) → enrolment (regime,
clauses, facts, channel) → monthly entitlement from `benefits.rules` → payment lines
(`payments`). Every enrolment carries its commune and province (responsibility moves with the
person), which is what scope filters on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.registry.models import ScopedModel


class Regime(models.TextChoices):
    SOCIAL_ASSISTANCE = "social_assistance", _("Monthly social assistance")
    SOCIAL_PENSION = "social_pension", _("Social pension")
    # Enrolled and paid here, decided and computed by the merit app (Ordinance 02/2020/UBTVQH14): its
    # enrolments are made by the merit services from a person's merit record, never by the benefits forms.
    MERIT = "merit", _("Preferential allowance for people with merit")

    @classmethod
    def own(cls) -> list[str]:
        """The regimes the benefits forms, services and simulation decide themselves."""
        return [cls.SOCIAL_ASSISTANCE.value, cls.SOCIAL_PENSION.value]

    @classmethod
    def own_choices(cls) -> list[tuple[str, str]]:
        return [(value, label) for value, label in cls.choices if value in cls.own()]


class Confidence(models.TextChoices):
    """How sure we are of a legal number (the legend of domain/RULES.md)."""

    CONFIRMED = "confirmed", _("Confirmed in the legal text")
    SECONDARY = "secondary", _("Confirmed by a reputable secondary source")
    REPORTED = "reported", _("Reported only (provisional)")
    UNCONFIRMED = "unconfirmed", _("Unconfirmed (provisional)")

    @classmethod
    def provisional(cls, value: str) -> bool:
        return value in (cls.REPORTED, cls.UNCONFIRMED)


class LegalParameter(models.Model):
    """One legal number in force over a period: a standard level, a coefficient, a multiplier.

    National rows have `province_code = ''`; a province's own higher level (a People's Council
    resolution) is a row with its code. `valid_to` is the last day in force (None: open).
    """

    key = models.CharField(max_length=60)  # e.g. "sa.standard", "sa.coef.5a.under80", "sp.level"
    province_code = models.CharField(max_length=4, blank=True, default="")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=4)
    citation = models.CharField(max_length=300)  # "Nghị định 76/2024/NĐ-CP, Điều 1"
    confidence = models.CharField(max_length=12, choices=Confidence.choices)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the row was last added or changed: months paid before then may be owed a difference.
    recorded_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["key", "province_code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "province_code", "valid_from"], name="benefits_param_unique_start"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="benefits_param_period_order",
            ),
        ]

    def __str__(self) -> str:
        where = self.province_code or "VN"
        return f"{self.key}[{where}] {self.value} from {self.valid_from}"

    @property
    def provisional(self) -> bool:
        return Confidence.provisional(self.confidence)


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Receiving")
    SUSPENDED = "suspended", _("Suspended")
    STOPPED = "stopped", _("Stopped")


class Channel(models.TextChoices):
    BANK = "bank", _("Bank account")
    EWALLET = "ewallet", _("E-wallet")
    CASH = "cash", _("Cash at the commune")


class DecisionKind(models.TextChoices):
    ENROL = "enrol", _("Enrolment")
    ADJUST = "adjust", _("Adjustment")
    SUSPEND = "suspend", _("Suspension")
    RESUME = "resume", _("Resumption")
    STOP = "stop", _("Termination")
    MOVE = "move", _("Transfer to another commune")
    FUNERAL = "funeral", _("Funeral support")


class Enrolment(ScopedModel):
    """A person receiving one regime. `facts` are the facts in force from `facts_from`;
    earlier facts are kept in `EnrolmentFacts` (arrears for earlier months use them)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="enrolments")
    regime = models.CharField(max_length=30, choices=Regime.choices)
    # The clause paid (Decree 20/2021 Art. 5 code, "" for the social pension): filtered and grouped on.
    clause = models.CharField(max_length=4, blank=True, default="")
    facts = models.JSONField(default=dict)
    facts_from = models.DateField()  # first month the current facts apply
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE)
    start_month = models.DateField()  # first month payable
    end_month = models.DateField(null=True, blank=True)  # last month payable (death, loss of eligibility)
    # The decision that ended it (a stop, or the death decision); its `reason` says why.
    end_decision = models.ForeignKey(
        "benefits.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        "benefits.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.BANK)
    cash_reason = models.CharField(max_length=200, blank=True)
    wallet_provider = models.CharField(max_length=40, blank=True)
    wallet_account = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            # One live enrolment per person and regime; the rules refuse the other forbidden pairs.
            models.UniqueConstraint(
                fields=["person", "regime"],
                condition=~models.Q(status="stopped"),
                name="benefits_enrolment_one_live_per_regime",
            ),
            # A stopped enrolment may end before its first month (stopped, or its person died, before it
            # began): then no month is payable. A live one never ends before it starts.
            models.CheckConstraint(
                condition=models.Q(end_month__isnull=True)
                | models.Q(end_month__gte=models.F("start_month"))
                | models.Q(status="stopped"),
                name="benefits_enrolment_period_order",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="stopped") | models.Q(end_month__isnull=False),
                name="benefits_enrolment_stopped_has_end",
            ),
            models.CheckConstraint(
                condition=~models.Q(channel="cash") | ~models.Q(cash_reason=""),
                name="benefits_enrolment_cash_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["province_code", "status", "id"], name="benefits_enrol_cycle_idx"),
            models.Index(fields=["province_code", "commune"], name="benefits_enrol_scope_idx"),
            models.Index(fields=["regime", "clause"], name="benefits_enrol_clause_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.regime}#{self.pk} person {self.person_id}"


class EnrolmentFacts(models.Model):
    """The facts of an enrolment in force from a month (history; the newest equals Enrolment.facts)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="fact_history")
    from_month = models.DateField()
    clause = models.CharField(max_length=4, blank=True, default="")
    facts = models.JSONField(default=dict)
    decision = models.ForeignKey(
        "benefits.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["enrolment", "from_month"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "from_month"], name="benefits_facts_one_per_month")
        ]

    def __str__(self) -> str:
        return f"enrolment {self.enrolment_id} facts from {self.from_month:%m/%Y}"


class Suspension(models.Model):
    """Months in which an enrolment is not paid: from `from_month` to `to_month` (None: still suspended)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="suspensions")
    from_month = models.DateField()
    to_month = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200)
    decision = models.ForeignKey(
        "benefits.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resume_decision = models.ForeignKey(
        "benefits.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        until = f"{self.to_month:%m/%Y}" if self.to_month else "…"
        return f"enrolment {self.enrolment_id} suspended {self.from_month:%m/%Y}–{until}"


class Decision(ScopedModel):
    """A signed administrative decision (quyết định) behind every change to an enrolment."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="benefit_decisions")
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    regime = models.CharField(max_length=30, choices=Regime.choices)
    kind = models.CharField(max_length=10, choices=DecisionKind.choices)
    # "125/QĐ-UBND"; "" for an enrolment decision recorded without one: the commune's register gives it
    # the next number when it is first printed (`services.decision_number_issue`).
    number = models.CharField(max_length=40, blank=True)
    signed_on = models.DateField()
    signer = models.CharField(max_length=120)
    effective_month = models.DateField()
    facts = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "number"],
                condition=~models.Q(number=""),
                name="benefits_decision_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"


class OneOffKind(models.TextChoices):
    FUNERAL = "funeral", _("Funeral support")


class OneOffEntitlement(ScopedModel):
    """A single payment owed (funeral support on a beneficiary's death), paid in the next cycle."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="one_offs")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=OneOffKind.choices)
    amount = models.BigIntegerField()
    lines = models.JSONField(default=list)  # the explanation lines, frozen when it was created
    due_month = models.DateField()
    payee_name = models.CharField(max_length=120, blank=True)  # the family member or organiser paid
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "kind"], name="benefits_oneoff_once")]
