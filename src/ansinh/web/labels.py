"""What the pages call things: field labels for forms and change history, and display of stored values.

The change history stores field names and raw values (`{"phone": "0912345678"}`, `{"sex": "F"}`);
an officer reads "Số điện thoại" and "Nữ".
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ansinh.registry.models import BirthDatePrecision, LifeStatus, Relationship, Sex

FIELD_LABELS: dict[str, Any] = {
    "personal_id": _("Personal ID number"),
    "full_name": _("Full name"),
    "birth_date": _("Date of birth"),
    "birth_year": _("Year of birth"),
    "birth_date_precision": _("Birth date precision"),
    "sex": _("Sex"),
    "ethnicity": _("Ethnic group"),
    "commune": pgettext_lazy("place", "Commune"),
    "commune_id": pgettext_lazy("place", "Commune"),
    "province_code": pgettext_lazy("place", "Province"),
    "address_detail": _("Village, hamlet or street"),
    "phone": _("Phone"),
    "bank_code": _("Bank"),
    "bank_account": _("Bank account"),
    "status": _("Status"),
    "death_date": _("Date of death"),
    "code": _("Household code"),
    "head_id": _("Head of household"),
    "member_added": _("Member added"),
    "member_removed": _("Member removed"),
    "relationship": _("Relationship"),
    "person": _("Person"),
    "merged_into": _("Merged into"),
    # What a merge by record linkage records on the merged person.
    "merge": _("Merge no."),
    "references": _("Records moved"),
    "automatic": _("Merged automatically"),
    "reason": _("Reason"),
}

CHOICE_LABELS: dict[str, dict[str, Any]] = {
    "sex": dict(Sex.choices),
    "status": dict(LifeStatus.choices),
    "birth_date_precision": dict(BirthDatePrecision.choices),
    "relationship": dict(Relationship.choices),
    "automatic": {True: _("Yes"), False: _("No")},
}


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))
