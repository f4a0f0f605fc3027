"""Monthly payment cycles and their lines (danh sách chi trả), bank batches and results (đối soát).

A cycle is one province and one month. Generating it writes one line per (enrolment, month,
kind, attempt) — a unique constraint, so generating twice (even at the same time) pays nobody
twice — and of the attempts at one payment at most one is live (`payments_line_one_live`). Each
line has a frozen snapshot of the amount, the facts and the account used. Every hop
(cycle → batch → bank file → bank result) keeps control totals (count and sum).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class CycleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    GENERATING = "generating", _("Generating")
    GENERATED = "generated", _("Generated")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    EXPORTED = "exported", _("Sent to the bank")
    RECONCILED = "reconciled", _("Reconciled")


class PaymentCycle(models.Model):
    province_code = models.CharField(max_length=4)
    month = models.DateField()  # first day of the month paid
    status = models.CharField(max_length=12, choices=CycleStatus.choices, default=CycleStatus.DRAFT)
    # Resumable generation: enrolments with id <= cursor have been processed.
    cursor = models.BigIntegerField(default=0)
    line_count = models.BigIntegerField(default=0)
    total_amount = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The maker: who started the generation (the checker who approves must be someone else).
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Why the checker sent it back (cleared when it is submitted again).
    rejection_reason = models.CharField(max_length=300, blank=True)
    # Enrolments whose amount could not be computed (facts contradicting the law, no parameter in
    # force): counted, the first ones listed, so the officer fixes them before submitting.
    problem_count = models.IntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-month", "province_code"]
        constraints = [
            models.UniqueConstraint(fields=["province_code", "month"], name="payments_cycle_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.province_code} {self.month:%m/%Y}"


class LineKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly allowance")
    FUNERAL = "funeral", _("Funeral support")
    # A month already paid at a lower amount than is now due (a rate raised, or facts changed, from a
    # date in the past): the difference, paid in a later cycle (truy lĩnh chênh lệch).
    DIFFERENCE = "difference", _("Difference arrears")


class LineStatus(models.TextChoices):
    PENDING = "pending", _("To pay")
    EXPORTED = "exported", _("Sent to the bank")
    PAID = "paid", _("Paid")
    RETURNED = "returned", _("Returned by the bank")
    REISSUED = "reissued", _("Re-issued")
    CASH_PAID = "cash_paid", _("Paid in cash")


# A line stops being live when the bank returns it (until it is re-issued or switched to cash) or once
# it has been re-issued; every other status is money on its way or paid.
DEAD_STATUSES = (LineStatus.RETURNED, LineStatus.REISSUED)
# The n-th difference for a month is attempt 10 × n; its re-issues after a bank return are 10 × n + 1…
DIFFERENCE_STEP = 10


class PaymentChannel(models.TextChoices):
    BANK = "bank", _("Bank account")
    EWALLET = "ewallet", _("E-wallet")
    CASH = "cash", _("Cash at the commune")


class PaymentBasis(models.Model):
    """The frozen explanation behind an amount — clause, facts, explanation lines, notes, the legal
    citations — shared by every line computed from the same facts, month rule and parameters.

    Content-addressed (the SHA-256 of its canonical JSON) and never updated, so a line's snapshot
    cannot change after the fact; stored once instead of on each of millions of lines a month.
    """

    digest = models.CharField(max_length=64, unique=True)
    regime = models.CharField(max_length=30)
    clause = models.CharField(max_length=4, blank=True)
    amount = models.BigIntegerField()
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.regime} {self.clause} {self.amount}"


class PaymentLine(models.Model):
    # Millions of rows a month, so: no index per foreign key (Django's default; the composite
    # indexes below start with cycle and enrolment), and no database-level constraint on the
    # references the generation engine copies from the enrolment it has just read (cycle,
    # enrolment, person, commune, basis). PostgreSQL checks such constraints at commit by locking
    # every referenced enrolment and person row, which cost more than the whole insert; the rows
    # themselves are PROTECTed.
    cycle = models.ForeignKey(
        PaymentCycle, on_delete=models.PROTECT, related_name="lines", db_index=False, db_constraint=False
    )
    enrolment = models.ForeignKey(
        "benefits.Enrolment", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    province_code = models.CharField(max_length=4)
    commune = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    regime = models.CharField(max_length=30)
    kind = models.CharField(max_length=10, choices=LineKind.choices, default=LineKind.MONTHLY)
    for_month = models.DateField()  # the month the money is for; earlier than the cycle = arrears
    attempt = models.PositiveSmallIntegerField(default=0)  # 0 first payment, 1.. re-issues
    reference = models.CharField(max_length=32)  # unique: see Meta (no extra LIKE index on PostgreSQL)
    amount = models.BigIntegerField()
    channel = models.CharField(max_length=10, choices=PaymentChannel.choices)
    cash_reason = models.CharField(max_length=200, blank=True)
    payee_name = models.CharField(max_length=120)
    bank_code = models.CharField(max_length=20, blank=True)
    account = models.CharField(max_length=40, blank=True)
    # The frozen snapshot is the basis (facts, clause, explanation, citations) plus this line's own
    # columns (amount, channel, account used); `snapshot` keeps what is particular to the line
    # (a funeral's explanation, the line a re-issue replaces). See `frozen_snapshot()`.
    basis = models.ForeignKey(
        PaymentBasis,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    snapshot = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=LineStatus.choices, default=LineStatus.PENDING)
    return_reason = models.CharField(max_length=200, blank=True)
    reissue_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    batch = models.ForeignKey(
        "payments.BankBatch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lines",
        db_index=False,
    )
    settled_at = models.DateTimeField(null=True, blank=True)  # paid, returned or paid in cash

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "for_month", "kind", "attempt"], name="payments_line_once"
            ),
            # As a constraint rather than `unique=True`, which on PostgreSQL adds a second index for
            # LIKE searches that nobody makes: one index fewer to maintain on millions of inserts.
            models.UniqueConstraint(fields=["reference"], name="payments_line_reference_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payments_line_amount_positive"),
            # One payment, however many attempts: of the lines paying the same enrolment, month and kind
            # (for differences: the same n-th difference) at most one is live, so a re-issue and a
            # switch to cash of the same returned line can never both be paid.
            models.UniqueConstraint(
                F("enrolment"),
                F("for_month"),
                F("kind"),
                Case(
                    When(kind=LineKind.DIFFERENCE, then=F("attempt") / DIFFERENCE_STEP),
                    default=Value(0),
                    output_field=models.IntegerField(),
                ),
                condition=~Q(status__in=DEAD_STATUSES),
                name="payments_line_one_live",
            ),
        ]
        indexes = [
            models.Index(fields=["cycle", "id"], name="payments_line_cycle_idx"),
            models.Index(fields=["cycle", "commune", "id"], name="payments_line_commune_idx"),
            models.Index(
                fields=["batch", "status"],
                condition=models.Q(batch__isnull=False),
                name="payments_line_batch_idx",
            ),
            models.Index(
                fields=["reissue_of"],
                condition=models.Q(reissue_of__isnull=False),
                name="payments_line_reissue_idx",
            ),
            # The next cycle looks for returned lines to re-issue: few rows, so a partial index.
            models.Index(
                fields=["province_code", "id"],
                condition=models.Q(status="returned"),
                name="payments_line_returned_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def frozen_snapshot(self) -> dict:
        """Everything the payment was computed from, as frozen when the line was generated."""
        content = dict(self.basis.content) if self.basis_id else {}
        return {
            **content,
            **self.snapshot,
            "amount": self.amount,
            "for_month": self.for_month.isoformat(),
            "channel": self.channel,
            "bank_code": self.bank_code,
            "account": self.account,
            "cash_reason": self.cash_reason,
        }

    @property
    def cash_reason_label(self) -> str:
        """The cash reason in the reader's language when it is one the system writes itself."""
        from django.utils.translation import gettext

        return gettext(self.cash_reason) if self.cash_reason in AUTOMATIC_CASH_REASONS else self.cash_reason


# Cash reasons written by the system (stored as these English msgids, shown translated).
NO_ACCOUNT = gettext_noop("no account on file")
FUNERAL_CASH = gettext_noop("funeral support is paid to the family at the commune")
AUTOMATIC_CASH_REASONS = (NO_ACCOUNT, FUNERAL_CASH)


class BankBatch(models.Model):
    """The non-cash lines of an approved cycle as sent to the bank, with their control totals."""

    cycle = models.ForeignKey(PaymentCycle, on_delete=models.PROTECT, related_name="batches")
    reference = models.CharField(max_length=40, unique=True)
    line_count = models.BigIntegerField()
    total_amount = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reconciled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # One batch per cycle: every non-cash line of an approved cycle goes in it at once.
        constraints = [models.UniqueConstraint(fields=["cycle"], name="payments_batch_one_per_cycle")]

    def __str__(self) -> str:
        return self.reference


class BankResult(models.Model):
    """One bank result file applied to a batch (a file is applied once: its checksum is unique)."""

    batch = models.ForeignKey(BankBatch, on_delete=models.PROTECT, related_name="results")
    file_name = models.CharField(max_length=200)
    checksum = models.CharField(max_length=64, unique=True)
    line_count = models.BigIntegerField()
    total_amount = models.BigIntegerField()
    paid_count = models.BigIntegerField()
    paid_amount = models.BigIntegerField()
    returned_count = models.BigIntegerField()
    returned_amount = models.BigIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.file_name
