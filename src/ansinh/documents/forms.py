"""The signatory form: strings for `services.parse_signatory`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from ansinh.core.webkit.forms import CHOOSE, ServiceForm, date_field, select_field, text_field
from ansinh.documents.models import Signatory, SignedKind, SigningBody
from ansinh.geo.models import AdminUnit


class SignatoryForm(ServiceForm):
    unit = select_field()
    body = select_field(SigningBody.choices)
    kind = select_field(SignedKind.choices)
    authority_line = text_field(maxlength=80, placeholder="TM. ỦY BAN NHÂN DÂN")
    delegation_line = text_field(maxlength=80, placeholder="KT. CHỦ TỊCH")
    title = text_field(maxlength=80, placeholder="PHÓ CHỦ TỊCH")
    full_name = text_field(maxlength=120, autocomplete="off")
    valid_from = date_field()
    valid_to = date_field()

    field_labels = {
        "unit": _("Issuing unit"),
        "body": _("Body"),
        "kind": _("Kind of document"),
        "authority_line": _("Authority line"),
        "delegation_line": _("Signing on behalf of"),
        "title": _("Title"),
        "full_name": _("Full name"),
        "valid_from": _("In office from"),
        "valid_to": _("In office until"),
    }
    needs = ("unit", "title", "full_name", "valid_from")

    def __init__(self, *args: Any, units: list[AdminUnit], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(u.pk), u.name) for u in units]
        self.fields["unit"].widget.choices = choices if len(choices) == 1 else [("", CHOOSE), *choices]
        if editing:
            self.fields["unit"].disabled = True
        self.fields["authority_line"].help_text = _(
            "For a committee's document: TM. ỦY BAN NHÂN DÂN. Leave empty when the head signs in person."
        )
        self.fields["delegation_line"].help_text = _(
            "KT. CHỦ TỊCH when a vice-chairman signs for the chairman; Q. or TL. likewise; else empty."
        )
        self.fields["kind"].help_text = _(
            "A signatory for every kind signs the kinds that have none of their own."
        )
        self.fields["valid_from"].help_text = _("Day/month/year, for example 01/07/2025.")
        self.fields["valid_to"].help_text = _("Empty while still in office; day/month/year.")
        for name in self.needs:
            self.fields[name].widget.attrs["aria-required"] = "true"

    @staticmethod
    def initial_for(signatory: Signatory) -> dict[str, Any]:
        return {
            "unit": str(signatory.unit_id),
            "body": signatory.body,
            "kind": signatory.kind,
            "authority_line": signatory.authority_line,
            "delegation_line": signatory.delegation_line,
            "title": signatory.title,
            "full_name": signatory.full_name,
            "valid_from": f"{signatory.valid_from:%d/%m/%Y}",
            "valid_to": f"{signatory.valid_to:%d/%m/%Y}" if signatory.valid_to else "",
        }
