"""Persons and households (nhân khẩu, hộ gia đình, chủ hộ): each person exists once, keyed by the
12-digit personal ID where one exists.

Every row carries `province_code` (the current province, the future partition/distribution key)
and its commune, which is what scope filters on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class BirthDatePrecision(models.TextChoices):
    DAY = "day", _("Full date")
    YEAR = "year", _("Year only")


class LifeStatus(models.TextChoices):
    ALIVE = "alive", _("Alive")
    DECEASED = "deceased", _("Deceased")


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Sibling")
    CHILD_IN_LAW = "child_in_law", _("Son- or daughter-in-law")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    OTHER = "other", _("Other")


class ScopedModel(models.Model):
    """A row that belongs to a commune (and so a province): what scope filters on."""

    commune = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=4, db_index=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic concurrency: an edit based on an older version is refused, not silently lost.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class PersonQuerySet(models.QuerySet["Person"]):
    def live(self) -> PersonQuerySet:
        """The persons who are themselves, not merged into another record: what the registry's working
        views (lists, search, pickers, candidates, counts) offer."""
        return self.filter(merged_into__isnull=True)


class Person(ScopedModel):
    personal_id = models.CharField(max_length=12, null=True, blank=True)
    full_name = models.CharField(max_length=120)  # NFC, canonical tone placement
    name_folded = models.CharField(max_length=120)  # lower case, no diacritics, đ→d: "nguyen thi hoa"
    birth_date = models.DateField(null=True, blank=True)  # set when the full date is known
    birth_year = models.PositiveSmallIntegerField()
    birth_date_precision = models.CharField(
        max_length=4, choices=BirthDatePrecision.choices, default=BirthDatePrecision.DAY
    )
    sex = models.CharField(max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(max_length=2)  # GSO code 01–54 (01 = Kinh)
    address_detail = models.CharField(max_length=200, blank=True)  # village / hamlet / street
    phone = models.CharField(max_length=15, blank=True)
    bank_code = models.CharField(max_length=20, blank=True)
    bank_account = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=10, choices=LifeStatus.choices, default=LifeStatus.ALIVE)
    death_date = models.DateField(null=True, blank=True)
    # Folded name tokens plus scope and birth-year tokens ("nguyen thi hoa y1990 p11 c4242"):
    # what the full-text index (SQLite FTS5 / PostgreSQL GIN) searches. See registry/search.py.
    search_doc = models.TextField(default="", blank=True)
    # Set while a merge by record linkage stands (`linkage.Merge`): this record is the same human being
    # as `merged_into`, which now holds every reference. Written only by the linkage's merge and unmerge;
    # the record stays readable for its history but leaves the working views (`Person.objects.live()`).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=True
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["personal_id"],
                condition=models.Q(personal_id__isnull=False),
                name="registry_person_personal_id_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status="alive", death_date__isnull=True)
                | models.Q(status="deceased", death_date__isnull=False),
                name="registry_person_death_date_matches_status",
            ),
            models.CheckConstraint(
                condition=(models.Q(bank_code="") & models.Q(bank_account=""))
                | (~models.Q(bank_code="") & ~models.Q(bank_account="")),
                name="registry_person_bank_both_or_neither",
            ),
        ]
        indexes = [
            models.Index(fields=["province_code", "commune"], name="registry_person_scope_idx"),
            models.Index(fields=["name_folded"], name="registry_person_name_idx"),
            models.Index(fields=["birth_year"], name="registry_person_byear_idx"),
            # The check for possible duplicates at entry (`registry.candidates`) looks up by phone and by
            # birth date within a commune.
            models.Index(fields=["phone"], name="registry_person_phone_idx"),
            models.Index(fields=["commune", "birth_date"], name="registry_person_cbdate_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Household(ScopedModel):
    code = models.CharField(max_length=20, unique=True)
    head = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    address_detail = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["province_code", "commune"], name="registry_household_scope_idx")]

    def __str__(self) -> str:
        return self.code


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            # A person belongs to at most one household at a time.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(left_on__isnull=True),
                name="registry_member_one_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ∈ {self.household} ({self.relationship})"
