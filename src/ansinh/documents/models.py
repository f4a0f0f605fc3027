"""The document register (sổ đăng ký văn bản đi): numbers per issuing unit, kind and year, and what each
number was given to.

Decree 30/2020/NĐ-CP Art. 15: numbers run from 01 on 1 January to 31 December for each issuing body; here the
sequence is kept per issuing unit and kind of document. `NumberRegister` holds the last number given and is
locked (SELECT … FOR UPDATE) while the next one is taken, so two officers never get the same number.
`IssuedDocument` records who issued what and when; the subject (the enrolment, the cycle and commune, the
referral, the report) is stored with it so that printing the same document again shows the same number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberRegister(models.Model):
    unit_code = models.CharField(max_length=30)  # the issuing unit: "03154" (a commune), "11" (a province)
    kind = models.CharField(max_length=10)  # "QĐ", "DS", "GT", "BC"
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit_code", "kind", "year"], name="documents_register_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.kind} {self.year}: {self.last_number}"


class IssuedDocument(models.Model):
    register = models.ForeignKey(NumberRegister, on_delete=models.PROTECT, related_name="documents")
    number = models.PositiveIntegerField()
    symbol = models.CharField(max_length=40)  # "DS-UBND": the number line reads "Số: 12/DS-UBND"
    subject_type = models.CharField(max_length=60)  # "payments.cash_list"
    subject_id = models.CharField(max_length=80)  # "41:1532" (cycle:commune)
    subject_label = models.CharField(max_length=200, blank=True)
    province_code = models.CharField(max_length=4, blank=True)
    issued_on = models.DateField()  # the date line of the document
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["register", "number"], name="documents_issued_number_unique"),
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"], name="documents_issued_subject_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.symbol}"


class SigningBody(models.TextChoices):
    """Which body of a unit signs: its People's Committee (a commune's or a province's), or the province's
    employment service centre (the referral slips)."""

    COMMITTEE = "committee", _("People's Committee")
    EMPLOYMENT_CENTRE = "employment_centre", _("Employment service centre")


class SignedKind(models.TextChoices):
    """The kinds of document the kit prints, by their code in the number line ("" for every kind)."""

    ANY = "", _("Every kind of document")
    DECISION = "QĐ", _("Decision (QĐ)")
    LIST = "DS", _("List (DS)")
    REFERRAL = "GT", _("Referral slip (GT)")
    REPORT = "BC", _("Report (BC)")


class Signatory(models.Model):
    """Who signs a kind of document for an issuing body over a period (người ký văn bản).

    The signature block of Decree 30/2020/NĐ-CP Appendix I: the authority line ("TM. ỦY BAN NHÂN DÂN"),
    the line of signing on another's behalf ("KT. CHỦ TỊCH"), the title ("PHÓ CHỦ TỊCH"), room to sign and
    the full name. A document prints the signatory in force on its date: the one of its own kind, else the
    one recorded for every kind. The periods of one unit, body and kind never overlap.

    Scope: a commune's signatories belong to the commune (`commune` is the unit); a province's (its
    committee, its employment centre) to the province (`commune` is empty), seen by province-wide users.
    """

    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    province_code = models.CharField(max_length=4, db_index=True)
    body = models.CharField(max_length=20, choices=SigningBody.choices, default=SigningBody.COMMITTEE)
    kind = models.CharField(max_length=4, choices=SignedKind.choices, blank=True, default="")
    authority_line = models.CharField(max_length=80, blank=True)  # "TM. ỦY BAN NHÂN DÂN"
    delegation_line = models.CharField(max_length=80, blank=True)  # "KT. CHỦ TỊCH"
    title = models.CharField(max_length=80)  # "PHÓ CHỦ TỊCH", "GIÁM ĐỐC"
    full_name = models.CharField(max_length=120)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)  # null: still in office
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["unit", "body", "kind", "valid_from"], name="documents_signatory_in_force")
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.full_name}"

    @property
    def lines(self) -> tuple[str, ...]:
        """The bold lines of the block, top to bottom."""
        return tuple(line for line in (self.authority_line, self.delegation_line, self.title) if line)
