"""Record linkage (liên kết bản ghi): batch runs with Splink, the candidate pairs they find, the review
queue those pairs form, and merges that can be undone.

A merge never deletes: the merged person stays in the registry, marked merged into the kept one by a
live `Merge` row and by `registry.Person.merged_into` (which keeps it out of the registry's working
views), and the merge keeps a snapshot of every reference it re-pointed so that an unmerge puts each one
back exactly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Engine(models.TextChoices):
    DUCKDB = "duckdb", _("DuckDB (embedded)")
    SPARK = "spark", _("Apache Spark")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PairStatus(models.TextChoices):
    AUTO_MERGED = "auto_merged", _("Merged automatically")
    QUEUED = "queued", _("Waiting for review")
    SAME = "same", _("Same person")
    DIFFERENT = "different", _("Different persons")
    UNSURE = "unsure", _("Unsure")


class LinkageRun(models.Model):
    """One batch linkage: which engine, over what, the trained model (m/u per comparison level, λ)."""

    engine = models.CharField(max_length=10, choices=Engine.choices)
    # "" = the whole nation; else the province code the run covered.
    province_code = models.CharField(max_length=4, blank=True, default="")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    # Thresholds, blocking rules and the trained Splink model (its settings JSON with m and u).
    parameters = models.JSONField(default=dict)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    records = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    auto_merged = models.PositiveIntegerField(default=0)
    queued = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"linkage run {self.pk} ({self.engine}, {self.province_code or 'nation'})"


class CandidatePair(models.Model):
    """Two registry persons a run scored as possibly the same (`left_id` < `right_id`).

    `province_code` / `commune` say whose queue it is in: the province of the records, and the commune
    when both records are in one commune (that commune's officer reviews it too); `commune` is null
    otherwise, so only the province sees it. When the two records sit in two provinces,
    `province_code` is the left record's and `other_province_code` the right record's: the pair is in
    both provinces' queues, each reviewer sees its own record in full and the other as a masked summary,
    and the first decision taken on either side is the pair's one decision (docs/linkage.md).
    """

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="candidate_pairs")
    left = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    match_weight = models.FloatField()
    match_probability = models.FloatField()
    # Per comparison: {"name": {"level": 3, "label": "...", "weight": 4.2}, ...}
    levels = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=PairStatus.choices, default=PairStatus.QUEUED)
    province_code = models.CharField(max_length=4, db_index=True)
    # The right record's province when it is not `province_code` ("" when both are in one province).
    other_province_code = models.CharField(max_length=4, blank=True, default="", db_index=True)
    commune = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "left", "right"], name="linkage_pair_once_per_run"),
            models.CheckConstraint(condition=models.Q(left__lt=models.F("right")), name="linkage_pair_order"),
        ]
        indexes = [
            models.Index(fields=["province_code", "status", "match_weight"], name="linkage_pair_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"pair {self.left_id}~{self.right_id} ({self.match_probability:.3f})"


class Merge(models.Model):
    """`merged` became `kept`. Live while `undone_at` is null; `references` is what was re-pointed:
    [{"model": "benefits.enrolment", "field": "person", "pk": 12, "extra": {...}}, ...]."""

    kept = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    pair = models.ForeignKey(
        CandidatePair, null=True, blank=True, on_delete=models.SET_NULL, related_name="merges"
    )
    references = models.JSONField(default=list)
    # Enrolments of the two persons in regimes that are not paid together, found by the merge.
    exclusive_enrolments = models.JSONField(default=list)
    reason = models.CharField(max_length=300)
    automatic = models.BooleanField(default=False)
    # Whose merge it is (scope): the kept person's province, and commune when both lived in one commune;
    # the merged person's province too when it is another one (either province may undo the merge).
    province_code = models.CharField(max_length=4, db_index=True)
    other_province_code = models.CharField(max_length=4, blank=True, default="", db_index=True)
    commune = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undo_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            # A person is merged into at most one other at a time.
            models.UniqueConstraint(
                fields=["merged"], condition=models.Q(undone_at__isnull=True), name="linkage_merge_live_once"
            ),
            models.CheckConstraint(condition=~models.Q(kept=models.F("merged")), name="linkage_merge_two"),
        ]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.kept_id}"
