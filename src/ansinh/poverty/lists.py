"""The poverty review's lists, declared once for the list kit: the rounds, and the surveys of one round."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ansinh.core.actors import Actor
from ansinh.core.text import fold
from ansinh.core.webkit import listkit as lk
from ansinh.poverty import selectors
from ansinh.poverty.models import Classification, MeetingResult, RoundKind, RoundState, Survey
from ansinh.web.choices import commune_filter


def _rounds(actor: Actor) -> QuerySet[Any]:
    return selectors.round_queryset(actor=actor).annotate(
        households=Count("surveys"), finals=Count("surveys", filter=Q(surveys__draft=False))
    )


ROUNDS = lk.ListDef(
    name="poverty.rounds",
    title=_("Poverty review rounds"),
    url_name="poverty:round_list",
    rows=_rounds,
    columns=(
        lk.Column(
            "year",
            _("Year"),
            "year",
            sort=("year",),
            link=lambda r: reverse("poverty:round_detail", args=[r.pk]),
        ),
        lk.Column(
            "commune", pgettext_lazy("place", "Commune"), "commune.name", sort=("commune__name_folded",)
        ),
        lk.Column("kind", _("Kind"), "get_kind_display", sort=("kind",)),
        lk.Column("state", _("Step"), "get_state_display", sort=("state",)),
        lk.Column(
            "households",
            pgettext_lazy("poverty", "Households"),
            "households",
            sort=("households",),
            fmt=lk.INTEGER,
        ),
        lk.Column("finals", _("Surveys final"), "finals", sort=("finals",), fmt=lk.INTEGER),
        lk.Column("decision", _("Decision number"), "decision_number", sort=("decision_number",)),
        lk.Column("decided", _("Decision date"), "decision_date", sort=("decision_date",), fmt=lk.DATE),
    ),
    filters=(
        lk.Unit(choices=commune_filter),
        lk.Choice("state", _("Step"), "state", RoundState.choices),
        lk.Choice("kind", _("Kind"), "kind", RoundKind.choices),
        lk.NumberRange("year", _("Year"), "year"),
    ),
    order="-year",
    file_stem="Dot-ra-soat-ho-ngheo",
    empty=_("No review round found."),
)


def _surveys(actor: Actor, round_id: int) -> QuerySet[Survey]:
    return selectors.survey_list(actor=actor, round_id=round_id)


def _survey_search(qs: QuerySet[Survey], text: str, actor: Actor) -> QuerySet[Survey]:
    folded = fold(text)
    return qs.filter(
        Q(household__code__icontains=text.strip())
        | Q(household__head__name_folded__contains=folded)
        | Q(village__icontains=text.strip())
    )


def _draft_label(s: Survey) -> str:
    return str(pgettext_lazy("poverty", "Draft")) if s.draft else str(_("Final"))


SURVEYS = lk.ListDef(
    name="poverty.surveys",
    title=_("Surveys of the round"),
    url_name="poverty:round_surveys",
    rows=_surveys,
    columns=(
        lk.Column(
            "household",
            _("Household"),
            "household.code",
            sort=("household__code",),
            css="mono",
            link=lambda s: reverse("poverty:survey_edit", args=[s.pk]),
        ),
        lk.Column(
            "head", _("Head of household"), "household.head.full_name", sort=("household__head__name_folded",)
        ),
        lk.Column("village", _("Village"), "village", sort=("village", "household__code")),
        lk.Column("draft", _("Survey"), _draft_label, sort=("draft",)),
        lk.Column("classification", _("Result"), "get_classification_display", sort=("classification",)),
        lk.Column("meeting", _("Village meeting"), "get_meeting_result_display", sort=("meeting_result",)),
    ),
    filters=(
        lk.Search(label=_("Household code, head's name or village"), search=_survey_search),
        lk.Choice("classification", _("Result"), "classification", Classification.choices),
        lk.Choice("meeting", _("Village meeting"), "meeting_result", MeetingResult.choices),
    ),
    order="village",
    file_stem="Phieu-ra-soat",
    empty=_("No survey found."),
)
