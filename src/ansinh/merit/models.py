"""The people-with-merit registry (người có công với cách mạng): a registry person's record in one category
of Ordinance 02/2020/UBTVQH14 Art. 3(1), martyrs and their relatives, injury assessments, and who cares
for whom.

A record is always about a `registry.Person` (a person exists once). The dossier is owned by its managing
province (`managing_province`, whose code is `province_code`): province officers of another province see
nothing of it. A commune officer sees the records of the persons living in the commune (the person's
commune, wherever the dossier is managed). A martyr is not a living person: own record, held by the commune
and province of their native place.

The monthly allowance and life events are driven by these rows: the category, the status with its dates,
the assessment in force on a date (`InjuryAssessment`), the number of martyrs a relative is linked to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.registry.models import ScopedModel


class Category(models.TextChoices):
    """Ordinance 02/2020/UBTVQH14 Art. 3(1) a–m (c, martyrs, are `Martyr` rows), and the relatives of
    martyrs (Art. 3(2)) for the relatives' allowance record."""

    PRE1945_ACTIVIST = "pre1945_activist", _("Revolutionary activist before 01/01/1945")
    AUG1945_ACTIVIST = (
        "aug1945_activist",
        _("Revolutionary activist from 01/01/1945 to the August Revolution"),
    )
    HEROIC_MOTHER = "heroic_mother", _("Heroic Vietnamese Mother")
    HERO = "hero", _("Hero of the People's Armed Forces")
    LABOUR_HERO = "labour_hero", _("Labour Hero during the resistance wars")
    WAR_INVALID = "war_invalid", _("War invalid")
    WAR_INVALID_B = "war_invalid_b", _("Type-B war invalid")
    SICK_SOLDIER = "sick_soldier", _("Sick soldier")
    AGENT_ORANGE = "agent_orange", _("Resistance activist exposed to toxic chemicals")
    FORMER_PRISONER = "former_prisoner", _("Activist captured and imprisoned by the enemy")
    RESISTANCE_ACTIVIST = "resistance_activist", _("Resistance or national-defence activist")
    HELPED_REVOLUTION = "helped_revolution", _("Person who helped the revolution")
    MARTYR_RELATIVE = "martyr_relative", _("Relative of a martyr")


# The categories whose allowance depends on a body-injury rate set by a medical assessment council.
ASSESSED_CATEGORIES = frozenset(
    {Category.WAR_INVALID, Category.WAR_INVALID_B, Category.SICK_SOLDIER, Category.AGENT_ORANGE}
)

# Art. 3(1) letter of each category, as officers cite it.
ORDINANCE_LETTER = {
    Category.PRE1945_ACTIVIST: "a",
    Category.AUG1945_ACTIVIST: "b",
    Category.HEROIC_MOTHER: "d",
    Category.HERO: "đ",
    Category.LABOUR_HERO: "e",
    Category.WAR_INVALID: "g",
    Category.WAR_INVALID_B: "g",
    Category.SICK_SOLDIER: "h",
    Category.AGENT_ORANGE: "i",
    Category.FORMER_PRISONER: "k",
    Category.RESISTANCE_ACTIVIST: "l",
    Category.HELPED_REVOLUTION: "m",
}


class RecordStatus(models.TextChoices):
    ACTIVE = "active", _("Receiving preferential treatment")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")
    DECEASED = "deceased", _("Deceased")


# A record in these states still counts as the person's record of its category.
LIVE_STATUSES = (RecordStatus.ACTIVE, RecordStatus.SUSPENDED)


class MeritRecord(models.Model):
    """A person's recognition in one category: decision, dossier, managing province, status."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="merit_records")
    category = models.CharField(max_length=24, choices=Category.choices)
    decision_number = models.CharField(max_length=40)  # "1234/QĐ-SNV"
    decision_date = models.DateField()
    # Before 01/03/2025 the Ministry / Department of Labour, Invalids and Social Affairs; since then the
    # Ministry of Home Affairs / Sở Nội vụ. Kept as written on the decision.
    decision_body = models.CharField(max_length=200)
    dossier_number = models.CharField(max_length=40, blank=True)
    managing_province = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=4, db_index=True)  # the managing province's code
    status = models.CharField(max_length=10, choices=RecordStatus.choices, default=RecordStatus.ACTIVE)
    status_from = models.DateField()  # since when the status holds (the recognition date when active)
    note = models.CharField(max_length=300, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    # The monthly allowance decided on this record: a benefits enrolment of regime "merit" (paid by the
    # payment cycles of the managing province). The latest one; earlier ones stopped (a transfer).
    enrolment = models.ForeignKey(
        "benefits.Enrolment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "category"],
                condition=models.Q(status__in=["active", "suspended"]),
                name="merit_record_one_live_per_category",
            ),
            models.UniqueConstraint(
                fields=["province_code", "dossier_number"],
                condition=~models.Q(dossier_number=""),
                name="merit_record_dossier_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status_from__gte=models.F("decision_date")),
                name="merit_record_status_after_decision",
            ),
        ]
        indexes = [
            models.Index(fields=["province_code", "category"], name="merit_record_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.category} #{self.pk} person {self.person_id}"

    @property
    def assessed(self) -> bool:
        return self.category in ASSESSED_CATEGORIES


class Martyr(ScopedModel):
    """A martyr (liệt sĩ, Art. 3(1)(c)): recognised with the "Tổ quốc ghi công" certificate. Held by the
    commune (and province) of the native place; not a registry person."""

    full_name = models.CharField(max_length=120)
    name_folded = models.CharField(max_length=120)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    native_place = models.CharField(max_length=200)  # as written in the dossier (old unit names)
    sacrificed_on = models.DateField()
    sacrificed_at = models.CharField(max_length=200)
    certificate_number = models.CharField(max_length=40)
    certificate_date = models.DateField()
    grave_location = models.CharField(max_length=200, blank=True)  # cemetery, plot, row, grave

    class Meta:
        ordering = ["name_folded", "id"]
        constraints = [
            models.UniqueConstraint(fields=["certificate_number"], name="merit_martyr_certificate_unique"),
            models.CheckConstraint(
                condition=models.Q(certificate_date__gte=models.F("sacrificed_on")),
                name="merit_martyr_certificate_after_sacrifice",
            ),
        ]
        indexes = [models.Index(fields=["province_code", "commune"], name="merit_martyr_scope_idx")]

    def __str__(self) -> str:
        return self.full_name


class Relation(models.TextChoices):
    """Ordinance 02/2020 Art. 3(2): the martyr's relatives."""

    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    # The person who raised the martyr for at least 10 years while the martyr was under 18.
    NURTURER = "nurturer", _("Person who raised the martyr")


class MartyrRelative(models.Model):
    """A registry person who is a relative of a martyr (a relative of several martyrs has several rows)."""

    martyr = models.ForeignKey(Martyr, on_delete=models.PROTECT, related_name="relatives")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="martyr_links")
    relation = models.CharField(max_length=10, choices=Relation.choices)
    # For a nurturer: the years of raising the martyr while under 18 (the law asks for at least 10).
    nurtured_years = models.PositiveSmallIntegerField(null=True, blank=True)
    # A martyr's spouse who remarried: the link no longer counts for the allowance from this date's month.
    remarried_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["martyr", "id"]
        constraints = [
            models.UniqueConstraint(fields=["martyr", "person"], name="merit_relative_once"),
            models.CheckConstraint(
                condition=~models.Q(relation="nurturer") | models.Q(nurtured_years__gte=10),
                name="merit_relative_nurturer_ten_years",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.relation} of martyr {self.martyr_id}"


class InjuryAssessment(models.Model):
    """A medical assessment council's body-injury rate (tỷ lệ tổn thương cơ thể) for a war invalid, a
    type-B invalid, a sick soldier or an Agent Orange activist. The one in force on a date is the latest
    assessed on or before it."""

    record = models.ForeignKey(MeritRecord, on_delete=models.CASCADE, related_name="assessments")
    rate = models.PositiveSmallIntegerField()  # per cent, 0–100
    especially_severe = models.BooleanField(default=False)  # đặc biệt nặng (≥ 81 % only)
    assessed_on = models.DateField()
    medical_council = models.CharField(max_length=200)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["record", "-assessed_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rate__lte=100), name="merit_assessment_rate_range"),
            models.CheckConstraint(
                condition=models.Q(especially_severe=False) | models.Q(rate__gte=81),
                name="merit_assessment_severe_from_81",
            ),
            models.UniqueConstraint(fields=["record", "assessed_on"], name="merit_assessment_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.rate}% on {self.assessed_on:%d/%m/%Y}"


class Caregiver(models.Model):
    """A person who cares for a person with merit (a Heroic Mother living at home, an invalid ≥ 81 %)."""

    record = models.ForeignKey(MeritRecord, on_delete=models.CASCADE, related_name="caregivers")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="merit_caring")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)  # None: still caring
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["record", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="merit_caregiver_period_order",
            ),
            models.UniqueConstraint(
                fields=["record"], condition=models.Q(valid_to__isnull=True), name="merit_caregiver_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} cares for record {self.record_id}"


class HeroicMotherCare(models.Model):
    """An organisation or unit that takes care of a Heroic Vietnamese Mother (phụng dưỡng) for a period."""

    record = models.ForeignKey(MeritRecord, on_delete=models.CASCADE, related_name="care_assignments")
    organisation = models.CharField(max_length=200)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["record", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="merit_care_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} cares for record {self.record_id}"


class LivingStandardAssessment(ScopedModel):
    """An officer's dated assessment of a merit household's living standard against the community's average
    where it lives (mức sống so với mức sống trung bình của cộng đồng dân cư nơi cư trú), used only when no
    poverty status covers the day (`ansinh.merit.care`): the status from the commune's decision wins."""

    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="merit_standard_assessments"
    )
    assessed_on = models.DateField()
    at_or_above = models.BooleanField()  # at or above the community's average living standard
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["household", "-assessed_on"]
        constraints = [
            models.UniqueConstraint(fields=["household", "assessed_on"], name="merit_standard_one_per_day"),
        ]
        indexes = [models.Index(fields=["province_code", "commune"], name="merit_standard_scope_idx")]

    def __str__(self) -> str:
        return f"household {self.household_id} on {self.assessed_on:%d/%m/%Y}"
