"""Administrative units (đơn vị hành chính) of both structures, with validity dates and old→new lineage.

Before 1 July 2025: province → district → commune (63 / ~696 / ~10,000).
From 1 July 2025: province → commune (34 / 3,321); districts abolished.
A unit is identified by (level, code, valid_from): GSO codes were reused across the reform.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

REFORM_DATE = dt.date(2025, 7, 1)  # Resolution 202/2025/QH15; two-level local government from this day


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class Structure(models.TextChoices):
    LEGACY = "legacy", _("Before 1/7/2025")
    REFORM_2025 = "2025", _("From 1/7/2025")


class AdminUnitQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> AdminUnitQuerySet:
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )

    def current(self) -> AdminUnitQuerySet:
        return self.filter(structure=Structure.REFORM_2025, valid_to__isnull=True)


class AdminUnit(models.Model):
    code = models.CharField(max_length=10)
    level = models.CharField(max_length=10, choices=Level.choices)
    structure = models.CharField(max_length=10, choices=Structure.choices)
    name = models.CharField(max_length=120)  # "Xã Mường Phăng"
    short_name = models.CharField(max_length=100)  # "Mường Phăng"
    unit_type = models.CharField(max_length=40, blank=True)  # "Xã", "Phường", "Đặc khu", "Tỉnh", "Thành phố"
    name_folded = models.CharField(max_length=120, db_index=True)  # "xa muong phang"
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province_code = models.CharField(max_length=4, db_index=True)
    valid_from = models.DateField(null=True, blank=True)  # null: in force since before the source's records
    valid_to = models.DateField(null=True, blank=True)  # null: still in force
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    area_km2 = models.FloatField(null=True, blank=True)
    # Former names absorbed into this unit before the reform (e.g. wards merged in 2019–2025), as
    # folded space-free keys from the source ("phuongnguyentrungtruc"). Only address conversion reads
    # them, in Python, after narrowing to one parent's children, so a JSON list is enough.
    aliases = models.JSONField(default=list, blank=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "structure"], name="geo_unit_level_code_structure"
            ),
        ]
        indexes = [models.Index(fields=["structure", "level", "province_code"], name="geo_unit_struct_idx")]
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.structure == Structure.REFORM_2025 and self.valid_to is None


class LineageKind(models.TextChoices):
    CONTINUED = "continued", _("Continued unchanged")
    MERGED = "merged", _("Merged whole into the successor")
    SPLIT = "split", _("Split: part went to this successor")


class UnitLineage(models.Model):
    """One old unit → one new unit. A split old commune has several rows, one marked default."""

    predecessor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessor_links")
    # The predecessor's level: "district" only for the five island districts that had no communes
    # and became special zones (đặc khu).
    level = models.CharField(max_length=10, choices=Level.choices)
    kind = models.CharField(max_length=10, choices=LineageKind.choices)
    effective_date = models.DateField(default=REFORM_DATE)
    is_default = models.BooleanField(default=False)  # where the source puts the old unit's seat
    # Share of the old unit carried to this successor (area share from the source; used to
    # apportion figures of a split commune). Sums to 1 over a predecessor's rows.
    share = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="geo_lineage_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.kind})"


class DataSource(models.Model):
    """Which reference data set was loaded, from where and when."""

    name = models.CharField(max_length=80, unique=True)
    package = models.CharField(max_length=80)
    version = models.CharField(max_length=40)
    data_date = models.DateField(null=True, blank=True)
    checksum = models.CharField(max_length=80)
    counts = models.JSONField(default=dict)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.package} {self.version}"
