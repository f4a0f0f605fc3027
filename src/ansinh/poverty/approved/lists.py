"""The approved lists, declared once for the list kit: households by their current poverty status (a commune
or a province), and the members of poor and near-poor households (personal IDs masked)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ansinh.core import scope
from ansinh.core.actors import Actor
from ansinh.core.scope import require
from ansinh.core.text import fold
from ansinh.core.webkit import listkit as lk
from ansinh.poverty.models import PovertyStatus, Status, Transition
from ansinh.registry.models import HouseholdMember, Sex
from ansinh.web.choices import commune_filter

CERTIFIED = (Status.POOR, Status.NEAR_POOR)


def statuses(actor: Actor) -> QuerySet[PovertyStatus]:
    """The households' current statuses in scope."""
    require(actor, "poverty.view")
    return scope.restrict(
        PovertyStatus.objects.filter(valid_to__isnull=True).select_related(
            "household", "household__head", "commune"
        ),
        actor,
    )


def _status_search(qs: QuerySet[Any], text: str, actor: Actor) -> QuerySet[Any]:
    return qs.filter(
        Q(household__code__icontains=text.strip())
        | Q(household__head__name_folded__contains=fold(text))
        | Q(household__address_detail__icontains=text.strip())
    )


HOUSEHOLDS = lk.ListDef(
    name="poverty.households",
    title=_("Households by poverty status"),
    url_name="poverty:household_statuses",
    rows=statuses,
    columns=(
        lk.Column("code", _("Household"), "household.code", sort=("household__code",), css="mono"),
        lk.Column(
            "head", _("Head of household"), "household.head.full_name", sort=("household__head__name_folded",)
        ),
        lk.Column("village", _("Village"), "household.address_detail", sort=("household__address_detail",)),
        lk.Column(
            "commune", pgettext_lazy("place", "Commune"), "commune.name", sort=("commune__name_folded",)
        ),
        lk.Column("status", _("Poverty status"), "get_status_display", sort=("status",)),
        lk.Column(
            "transition", pgettext_lazy("poverty", "Change"), "get_transition_display", sort=("transition",)
        ),
        lk.Column("from", _("Since"), "valid_from", sort=("valid_from",), fmt=lk.DATE),
        lk.Column("decision", _("Decision number"), "decision_number", sort=("decision_number",)),
        lk.Column(
            "certificate",
            _("Certificate"),
            None,
            template="poverty/approved/_certificate_cell.html",
        ),
    ),
    filters=(
        lk.Search(label=_("Household code, head's name or village"), search=_status_search),
        lk.Unit(choices=commune_filter),
        lk.Choice("status", _("Poverty status"), "status", Status.choices),
        lk.Choice("transition", pgettext_lazy("poverty", "Change"), "transition", Transition.choices),
        lk.DateRange("from", _("Since"), "valid_from"),
    ),
    order="code",
    file_stem="Ho-theo-tinh-trang-ngheo",
    empty=_("No household has a poverty status here."),
)


def members(actor: Actor) -> QuerySet[HouseholdMember]:
    """The present members of the households in scope whose current status is poor or near-poor, with that
    status."""
    require(actor, "poverty.view")
    current = PovertyStatus.objects.filter(household_id=OuterRef("household_id"), valid_to__isnull=True)
    households = scope.restrict(
        PovertyStatus.objects.filter(valid_to__isnull=True, status__in=CERTIFIED), actor
    ).values("household_id")
    return (
        HouseholdMember.objects.filter(left_on__isnull=True, household_id__in=households)
        .select_related("person", "household", "household__commune")
        .annotate(
            poverty_status=Subquery(current.values("status")[:1]),
            poverty_from=Subquery(current.values("valid_from")[:1]),
        )
    )


def _member_search(qs: QuerySet[Any], text: str, actor: Actor) -> QuerySet[Any]:
    return qs.filter(Q(household__code__icontains=text.strip()) | Q(person__name_folded__contains=fold(text)))


def _status_label(m: Any) -> str:
    return str(Status(m.poverty_status).label) if m.poverty_status in Status.values else ""


def _sex_label(m: Any) -> str:
    return str(Sex(m.person.sex).label) if m.person.sex in Sex.values else ""


MEMBERS = lk.ListDef(
    name="poverty.members",
    title=_("Members of poor and near-poor households"),
    url_name="poverty:member_list",
    rows=members,
    columns=(
        lk.Column("name", _("Full name"), "person.full_name", sort=("person__name_folded",)),
        lk.Column("born", _("Year of birth"), "person.birth_year", sort=("person__birth_year",)),
        lk.Column("sex", _("Sex"), _sex_label, sort=("person__sex",)),
        lk.Column("personal_id", _("Personal ID"), "person.personal_id", mask=lk.PERSONAL_ID, css="mono"),
        lk.Column("household", _("Household"), "household.code", sort=("household__code",), css="mono"),
        lk.Column("relationship", _("Relationship"), "get_relationship_display", sort=("relationship",)),
        lk.Column(
            "commune",
            pgettext_lazy("place", "Commune"),
            "household.commune.name",
            sort=("household__commune__name_folded",),
        ),
        lk.Column("status", _("Poverty status"), _status_label, sort=("poverty_status",)),
        lk.Column("from", _("Since"), "poverty_from", sort=("poverty_from",), fmt=lk.DATE),
    ),
    filters=(
        lk.Search(label=_("Household code or name"), search=_member_search),
        lk.Unit(choices=commune_filter, field="household__commune_id"),
        lk.Choice("status", _("Poverty status"), "poverty_status", [(s.value, s.label) for s in CERTIFIED]),
    ),
    order="household",
    file_stem="Thanh-vien-ho-ngheo-can-ngheo",
    empty=_("No member of a poor or near-poor household here."),
)
