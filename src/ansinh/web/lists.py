"""The registry's lists and the audit log, declared once for the list kit (`ansinh.core.webkit.listkit`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ansinh.core.models import AuditAction
from ansinh.core.selectors import audit_search
from ansinh.core.webkit import listkit as lk
from ansinh.registry import selectors
from ansinh.registry.models import LifeStatus, Sex
from ansinh.web import history
from ansinh.web.choices import commune_filter


def _person_url(person: Any) -> str:
    return reverse("web:person_detail", args=[person.pk])


def _household_url(household: Any) -> str:
    return reverse("web:household_detail", args=[household.pk])


PERSONS = lk.ListDef(
    name="registry.persons",
    title=_("Persons"),
    url_name="web:person_search",
    rows=lambda actor: selectors.person_queryset(actor=actor),
    columns=(
        lk.Column("name", _("Full name"), "full_name", sort=("name_folded",), link=_person_url),
        lk.Column("personal_id", _("Personal ID number"), "personal_id", mask=lk.PERSONAL_ID, css="mono"),
        lk.Column("birth_year", _("Year of birth"), "birth_year", sort=("birth_year",), css="num"),
        lk.Column("sex", _("Sex"), "get_sex_display", sort=("sex",)),
        lk.Column("commune", _("Commune"), "commune.name", sort=("commune__name_folded",)),
        lk.Column("status", _("Status"), "get_status_display", sort=("status",)),
    ),
    filters=(
        lk.Search(
            label=_("Name, personal ID number, phone or year of birth"),
            search=lambda qs, text, actor: selectors.person_text_filter(qs, actor=actor, query=text),
            placeholder=_("e.g. nguyen thi hoa 1985"),
            help=_("Accents are optional: “nguyen thi hoa” finds “Nguyễn Thị Hòa”."),
        ),
        lk.Unit(choices=commune_filter),
        lk.NumberRange("birth_year", _("Year of birth"), "birth_year"),
        lk.Choice("sex", _("Sex"), "sex", Sex.choices),
        lk.Choice("status", _("Status"), "status", LifeStatus.choices),
    ),
    order="name",
    file_stem="Danh-sach-nhan-khau",
    empty=_("No person found. Check the spelling, or widen the filters."),
)

HOUSEHOLDS = lk.ListDef(
    name="registry.households",
    title=_("Households"),
    url_name="web:household_list",
    rows=lambda actor: selectors.household_list_queryset(actor=actor),
    columns=(
        lk.Column(
            "code", _("Household code"), "code", sort=("code",), natural=True, link=_household_url, css="mono"
        ),
        lk.Column("head", _("Head of household"), "head.full_name", sort=("head__name_folded",)),
        lk.Column("members", _("Members"), "n_members", sort=("n_members",), fmt=lk.INTEGER),
        lk.Column("commune", _("Commune"), "commune.name", sort=("commune__name_folded",)),
        lk.Column("address", _("Village, hamlet or street"), "address_detail"),
    ),
    filters=(
        lk.Search(
            label=_("Household code or head's name"),
            search=lambda qs, text, actor: selectors.household_text_filter(qs, query=text),
        ),
        lk.Unit(choices=commune_filter),
        lk.NumberRange("members", _("Members"), "n_members"),
    ),
    order="code",
    file_stem="Danh-sach-ho-gia-dinh",
    empty=_("No household found."),
)


def _describe(events: list[Any], actor: Any) -> None:
    """Each event's changes as its reader may see them (masked; withheld from a reader of no persons)."""
    for entry in history.describe(events, actor=actor):
        entry.event.entry = entry


def _changes_text(event: Any) -> str:
    entry = getattr(event, "entry", None)
    changes = entry.changes if entry is not None else []
    return "; ".join(f"{c.label}: {f'{c.before} → ' if c.before else ''}{c.after}" for c in changes)


AUDIT_OBJECT_TYPES = [
    ("registry.person", _("Person")),
    ("registry.household", _("Household")),
    ("accounts.user", _("User")),
    ("accounts.apitoken", _("API token")),
]

AUDIT = lk.ListDef(
    name="core.audit",
    title=_("Audit log"),
    url_name="web:audit_search",
    rows=lambda actor: audit_search(actor=actor),
    columns=(
        lk.Column("at", _("Time"), "at", sort=("at",), fmt=lk.DATETIME),
        lk.Column("user", _("User"), "actor_label", sort=("actor_label",)),
        lk.Column("action", _("Action"), "get_action_display", sort=("action",)),
        lk.Column(
            "record", _("Record"), "object_label", sort=("object_type",), template="audit/_record.html"
        ),
        lk.Column("changes", _("Changes"), _changes_text, template="audit/_changes.html"),
        lk.Column("ip", _("IP address"), "ip", css="mono"),
    ),
    filters=(
        lk.Search("username", _("Username"), lookups=("actor_label__iexact",)),
        lk.Choice("action", _("Action"), "action", AuditAction.choices),
        lk.Choice("object_type", _("Record type"), "object_type", AUDIT_OBJECT_TYPES),
        lk.DateRange("at", _("Time"), "at"),
    ),
    order="-at",
    file_stem="Nhat-ky-kiem-toan",
    empty=_("No events match these filters."),
    prepare=_describe,
    tie_breaker="-id",
)
