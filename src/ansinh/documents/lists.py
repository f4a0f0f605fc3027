"""Who signs the official documents, declared once for the list kit: by unit, body, kind and whether in
office today; sorted, paged and exported like every list."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ansinh.core import clock
from ansinh.core.actors import Actor
from ansinh.core.webkit import listkit as lk
from ansinh.documents import selectors
from ansinh.documents.models import SignedKind, SigningBody

IN_OFFICE = [("now", _("In office today")), ("past", _("No longer in office")), ("future", _("Not yet"))]


def _signatory_url(signatory: Any) -> str:
    return reverse("documents:signatory_edit", args=[signatory.pk])


def _kind(signatory: Any) -> str:
    return str(signatory.get_kind_display())


def _in_office(qs: QuerySet[Any], value: str, actor: Actor) -> QuerySet[Any]:
    today = clock.today()
    if value == "past":
        return qs.filter(valid_to__lt=today)
    if value == "future":
        return qs.filter(valid_from__gt=today)
    return qs.filter(valid_from__lte=today).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))


def _units(actor: Actor) -> list[tuple[str, str]] | None:
    units = selectors.signing_units(actor=actor)
    return [(str(u.pk), u.name) for u in units] if len(units) > 1 else None


SIGNATORIES = lk.ListDef(
    name="documents.signatories",
    title=_("Signatories of official documents"),
    url_name="documents:signatory_list",
    rows=lambda actor: selectors.signatory_queryset(actor=actor),
    columns=(
        lk.Column("unit", _("Unit"), "unit.name", sort=("unit__name_folded",)),
        lk.Column("body", _("Body"), "get_body_display", sort=("body",)),
        lk.Column("kind", _("Kind of document"), _kind, sort=("kind",)),
        lk.Column("lines", _("Signature block"), lambda s: " / ".join(s.lines)),
        lk.Column("name", _("Full name"), "full_name", sort=("full_name",), link=_signatory_url),
        lk.Column("from", _("From"), "valid_from", sort=("valid_from",), fmt=lk.DATE),
        lk.Column("to", _("To"), "valid_to", sort=("valid_to",), fmt=lk.DATE),
    ),
    filters=(
        lk.Search(label=_("Name or title"), lookups=("full_name__icontains", "title__icontains")),
        lk.Choice("unit", _("Unit"), "unit_id", _units),
        lk.Choice("body", _("Body"), "body", SigningBody.choices),
        lk.Choice("kind", _("Kind of document"), "kind", [c for c in SignedKind.choices if c[0]]),
        lk.Choice("office", _("In office"), "valid_from", IN_OFFICE, where=_in_office),
    ),
    order="unit",
    file_stem="Nguoi-ky-van-ban",
    empty=_("No signatory recorded."),
)
