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
