"""The lists of Heroic Mothers with who cares for them, and of merit households with their living standard,
declared once for the list kit (registered from `merit.lists`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ansinh.core.actors import Actor
from ansinh.core.webkit import listkit as lk
from ansinh.merit import care
from ansinh.web.choices import commune_filter

YES_NO = [("yes", _("Cared for")), ("no", _("Not cared for"))]


def _record_url(record: Any) -> str:
    return reverse("merit:record_detail", args=[record.pk])


def _cared(qs: Any, value: str, actor: Actor) -> Any:
    return qs.filter(cared=value == "yes")


MOTHERS = lk.ListDef(
    name="merit.mothers",
    title=_("Care of Heroic Vietnamese Mothers"),
    url_name="merit:care",
    rows=lambda actor: care.mother_rows(actor=actor),
    columns=(
        lk.Column(
            "name", _("Full name"), "person.full_name", sort=("person__name_folded",), link=_record_url
        ),
        lk.Column(
            "personal_id", _("Personal ID number"), "person.personal_id", mask=lk.PERSONAL_ID, css="mono"
        ),
        lk.Column("birth_year", _("Year of birth"), "person.birth_year", sort=("person__birth_year",)),
        lk.Column(
            "commune",
            pgettext_lazy("place", "Commune"),
            "person.commune.name",
            sort=("person__commune__name_folded",),
        ),
        lk.Column("cared", _("Cared for"), lambda r: str(_("Yes") if r.cared else _("No")), sort=("cared",)),
        lk.Column("organisation", _("Organisation or unit"), "organisation", sort=("organisation",)),
        lk.Column("care_from", _("Caring from"), "care_from", sort=("care_from",), fmt=lk.DATE),
    ),
    filters=(
        lk.Choice("cared", _("Cared for"), "cared", YES_NO, blank=_("All"), where=_cared),
        lk.Unit(choices=commune_filter, field="person__commune_id"),
    ),
    order="name",
    file_stem="Danh-sach-phung-duong-Me-VNAH",
    empty=_("No Heroic Vietnamese Mother found."),
)


HOUSEHOLDS = lk.ListDef(
    name="merit.households",
    title=_("Living standard of merit households"),
    url_name="merit:living_standard",
    rows=lambda actor: care.household_queryset(actor=actor),
    columns=(
        lk.Column("code", _("Household code"), "code", sort=("code",)),
        lk.Column("head", _("Head of household"), "head.full_name", sort=("head__name_folded",)),
        lk.Column(
            "commune", pgettext_lazy("place", "Commune"), "commune.name", sort=("commune__name_folded",)
        ),
        lk.Column(
            "standing", _("Living standard"), lambda h: str(care.STANDINGS[h.standing]), sort=("standing",)
        ),
        lk.Column("basis", _("On the basis of"), care.basis),
        lk.Column("assess", _("Assessment"), None, template="merit/_assess_cell.html"),
    ),
    filters=(
        lk.Choice("standing", _("Living standard"), "standing", list(care.STANDINGS.items())),
        lk.Unit(choices=commune_filter),
    ),
    order="code",
    file_stem="Muc-song-ho-nguoi-co-cong",
    empty=_("No merit household found."),
)
