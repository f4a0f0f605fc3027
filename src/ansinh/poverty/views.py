"""Officer pages of the poverty review: the rounds list, opening a round, the round page (its steps with
dates, progress by village, complaints, the step buttons with confirmation), the surveys of a round, the
survey form (drafts and final answers, usable on a phone), a village's meeting results, and the province's
summary of a year. Views only translate: read the request → one selector or service → render.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ansinh.core import clock
from ansinh.core.dates import parse_date
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.webkit import listkit
from ansinh.core.webkit.confirm import Confirmation, confirms
from ansinh.core.webkit.views import int_param, officer_view, requires
from ansinh.poverty import lists, procedure, questions, selectors, services
from ansinh.poverty.models import Area, FormKind, MeetingResult, RoundKind, RoundState
from ansinh.web.choices import commune_choices


def _errors(exc: ApplicationError) -> dict[str, list[str]]:
    """Field → messages, "" for the ones that name no field."""
    out: dict[str, list[str]] = {}
    for err in exc.errors if isinstance(exc, ValidationFailed) else [exc]:
        out.setdefault(err.field or "", []).append(str(err.message))
    return out


def _date(raw: str | None) -> dt.date | None:
    try:
        return parse_date(raw, field="date")
    except ApplicationError:
        return None


def _date_field(request: HttpRequest, name: str, errors: dict[str, list[str]]) -> dt.date | None:
    raw = (request.POST.get(name) or "").strip()
    if not raw:
        return None
    day = _date(raw)
    if day is None:
        errors.setdefault(name, []).append(_("Write the date as dd/mm/yyyy."))
    return day


# --- rounds -------------------------------------------------------------------------------------------


@officer_view
@requires("poverty.view")
def round_list(request: HttpRequest) -> HttpResponse:
    context = {"can_change": request.user.can("poverty.change")}
    return listkit.respond(request, lists.ROUNDS, "poverty/round_list.html", context)


def _round_data(request: HttpRequest, errors: dict[str, list[str]]) -> services.RoundData:
    p = request.POST
    codes = [c for c in p.get("household_codes", "").replace(",", " ").split() if c]
    commune_id = int_param(p.get("commune_id"))
    household_ids: list[int] = []
    if codes and commune_id:
        found = selectors.household_ids_by_code(actor=request.user, commune_id=commune_id, codes=codes)
        unknown = [c for c in codes if c not in found]
        if unknown:
            errors.setdefault("household_ids", []).append(
                _("No household with these codes in the commune: %(codes)s.")
                % {"codes": ", ".join(unknown[:10])}
            )
        household_ids = list(found.values())
    return services.RoundData(
        commune_id=commune_id,
        kind=p.get("kind", RoundKind.PERIODIC),
        year=int_param(p.get("year")),
        reason=p.get("reason", ""),
        standard_on=_date_field(request, "standard_on", errors),
        household_ids=household_ids,
        planned_collection_until=_date_field(request, "planned_collection_until", errors),
        planned_meeting_on=_date_field(request, "planned_meeting_on", errors),
        planned_posting_on=_date_field(request, "planned_posting_on", errors),
        planned_decision_on=_date_field(request, "planned_decision_on", errors),
    )


@officer_view
@requires("poverty.change")
def round_create(request: HttpRequest) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    values: Any = request.POST if request.method == "POST" else {"year": str(clock.today().year)}
    if request.method == "POST":
        data = _round_data(request, errors)
        if not errors:
            try:
                rnd = services.round_create(actor=request.user, data=data)
            except (NotFound, PermissionDenied):
                raise
            except ApplicationError as exc:
                errors = _errors(exc)
            else:
                messages.success(request, _("The review round was opened."))
                return redirect("poverty:round_detail", rnd.pk)
    context = {
        "errors": errors,
        "v": values,
        "communes": commune_choices(request.user),
        "kinds": RoundKind.choices,
    }
    return render(request, "poverty/round_form.html", context, status=422 if errors else 200)


def _detail_context(request: HttpRequest, rnd: Any, errors: dict[str, list[str]] | None = None) -> dict:
    villages = selectors.round_progress(rnd)
    complaints = list(selectors.complaint_list(actor=request.user, round_id=rnd.pk))
    posting = procedure.posting(rnd.posting_on) if rnd.posting_on else None
    return {
        "round": rnd,
        "errors": errors or {},
        "steps": selectors.round_steps(rnd),
        "step_labels": dict(RoundState.choices),
        "villages": villages,
        "total": selectors.progress_total(villages),
        "complaints": complaints,
        "open_complaints": sum(1 for c in complaints if c.answered_on is None),
        "posted_surveys": rnd.surveys.select_related("household").order_by("village", "household__code")
        if rnd.state == RoundState.POSTING
        else [],
        "posting": posting,
        "can_change": request.user.can("poverty.change"),
        "today": clock.today(),
    }


@officer_view
@requires("poverty.view")
@require_GET
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    rnd = selectors.round_get(actor=request.user, round_id=round_id)
    return render(request, "poverty/round_detail.html", _detail_context(request, rnd))


def _act(request: HttpRequest, round_id: int, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        rnd = selectors.round_get(actor=request.user, round_id=round_id)
        return render(
            request, "poverty/round_detail.html", _detail_context(request, rnd, _errors(exc)), status=422
        )
    messages.success(request, done)
    return redirect("poverty:round_detail", round_id)


def _ask(title: Any, summary: Any, details: list[Any] | None = None, *, action: Any):
    def describe(request: HttpRequest, round_id: int) -> Confirmation:
        rnd = selectors.round_get(actor=request.user, round_id=round_id)
        total = selectors.progress_total(selectors.round_progress(rnd))
        figures = {
            "commune": rnd.commune.name, "year": rnd.year, "households": total.households,
            "poor": total.poor, "near_poor": total.near_poor,
            "number": request.POST.get("number", "").strip() or "—",
            "date": request.POST.get("decision_date", "").strip() or clock.today().strftime("%d/%m/%Y"),
        }  # fmt: skip
        return Confirmation(
            title=str(title) % figures,
            summary=str(summary) % figures,
            details=[str(line) % figures for line in details or []],
            cancel=reverse("poverty:round_detail", args=[rnd.pk]),
            action=str(action),
        )

    return describe


_ask_meetings = _ask(
    gettext_lazy("Close the collection of %(commune)s, %(year)s"),
    gettext_lazy("The %(households)s surveys are final; the villages now meet on the results."),
    action=gettext_lazy("Hold the village meetings"),
)
_ask_posting = _ask(
    gettext_lazy("Post the list of %(commune)s, %(year)s"),
    gettext_lazy(
        "Post the results publicly: %(poor)s poor and %(near_poor)s near-poor households of %(households)s."
    ),
    [
        gettext_lazy(
            "Complaints are received while the list is posted; the decision comes after 3 days at the "
            "earliest."
        )
    ],
    action=gettext_lazy("Post the list"),
)
_ask_decide = _ask(
    gettext_lazy("Decision %(number)s of %(commune)s, %(year)s"),
    gettext_lazy(
        "Recognise %(poor)s poor and %(near_poor)s near-poor households from %(date)s; every household of "
        "the round gets its new status, the previous one closes the day before."
    ),
    action=gettext_lazy("Record the decision"),
)


@officer_view
@requires("poverty.change")
@require_POST
@confirms(_ask_meetings, capability="poverty.change")
def round_meetings(request: HttpRequest, round_id: int) -> HttpResponse:
    p = request.POST
    return _act(
        request, round_id,
        lambda: services.meetings_open(
            actor=request.user, round_id=round_id, on=_date(p.get("on")),
            expected_version=int_param(p.get("version")),
        ),
        _("The collection is closed: the villages meet on the results."),
    )  # fmt: skip


@officer_view
@requires("poverty.change")
@require_POST
@confirms(_ask_posting, capability="poverty.change")
def round_posting(request: HttpRequest, round_id: int) -> HttpResponse:
    p = request.POST
    return _act(
        request, round_id,
        lambda: services.posting_open(
            actor=request.user, round_id=round_id, on=_date(p.get("on")),
            expected_version=int_param(p.get("version")),
        ),
        _("The list is posted."),
    )  # fmt: skip


@officer_view
@requires("poverty.change")
@require_POST
@confirms(_ask_decide, capability="poverty.change")
def round_decide(request: HttpRequest, round_id: int) -> HttpResponse:
    p = request.POST
    data = services.DecisionData(
        number=p.get("number", ""), decision_date=_date(p.get("decision_date")), signer=p.get("signer", "")
    )
    return _act(
        request, round_id,
        lambda: services.round_decide(
            actor=request.user, round_id=round_id, data=data, expected_version=int_param(p.get("version"))
        ),
        _("The decision was recorded; the households' status is updated."),
    )  # fmt: skip


@officer_view
@requires("poverty.change")
@require_POST
def complaint_record(request: HttpRequest, round_id: int) -> HttpResponse:
    p = request.POST
    selectors.round_get(actor=request.user, round_id=round_id)
    return _act(
        request, round_id,
        lambda: services.complaint_record(
            actor=request.user, survey_id=int_param(p.get("survey_id")), round_id=round_id,
            complainant=p.get("complainant", ""), text=p.get("text", ""),
            received_on=_date(p.get("received_on")),
        ),
        _("The complaint was recorded."),
    )  # fmt: skip


@officer_view
@requires("poverty.change")
@require_POST
def complaint_answer(request: HttpRequest, complaint_id: int) -> HttpResponse:
    p = request.POST
    complaint = selectors.complaint_get(actor=request.user, complaint_id=complaint_id)
    return _act(
        request, complaint.survey.round_id,
        lambda: services.complaint_answer(
            actor=request.user, complaint_id=complaint_id, answer=p.get("answer", ""),
            answered_on=_date(p.get("answered_on")),
        ),
        _("The answer was recorded."),
    )  # fmt: skip


# --- surveys ------------------------------------------------------------------------------------------


@officer_view
@requires("poverty.view")
def round_surveys(request: HttpRequest, round_id: int) -> HttpResponse:
    rnd = selectors.round_get(actor=request.user, round_id=round_id)
    return listkit.respond(
        request, lists.SURVEYS, "poverty/survey_list.html", {"round": rnd}, args={"round_id": rnd.pk}
    )


def _member_names(survey: Any) -> list[str]:
    return [
        f"{m.person.full_name} ({m.get_relationship_display().lower()})"
        for m in survey.household.members.filter(left_on__isnull=True).select_related("person").order_by("pk")
    ]


def _initial_answers(survey: Any, on: dt.date) -> dict[str, Any]:
    """A blank survey starts with the household's members and their age on the round's date."""
    if survey.answers:
        return dict(survey.answers)
    members = survey.household.members.filter(left_on__isnull=True).select_related("person").order_by("pk")
    return {
        "members": [{"age": questions.age_on(m.person.birth_date, m.person.birth_year, on)} for m in members]
    }


@officer_view
@requires("poverty.view")
def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The survey form: saved as a draft at any time, or final (classified) when complete."""
    survey = selectors.survey_get(actor=request.user, survey_id=survey_id)
    rnd = survey.round
    errors: dict[str, list[str]] = {}
    answers = _initial_answers(survey, rnd.standard_on)
    extra_rows = 0
    form = survey.form
    if request.method == "POST":
        if not request.user.can("poverty.change"):
            raise PermissionDenied()
        p = request.POST
        form = p.get("form") if p.get("form") in FormKind.values else survey.form
        answers = questions.answers_from_form(p, rnd.standard_on, form=form)
        if p.get("more"):
            extra_rows = 1  # one more member row; nothing saved yet
        else:
            data = services.SurveyData(
                answers=answers, final=p.get("final") == "1", village=p.get("village", ""), form=form,
                area=p.get("area") or None, collected_on=_date_field(request, "collected_on", errors),
            )  # fmt: skip
            if not errors:
                try:
                    saved = services.survey_save(
                        actor=request.user, survey_id=survey.pk, data=data,
                        expected_version=int_param(p.get("version")),
                    )  # fmt: skip
                except (NotFound, PermissionDenied):
                    raise
                except ApplicationError as exc:
                    errors = _errors(exc)
                else:
                    if saved.draft:
                        messages.success(request, _("The draft was saved."))
                        return redirect("poverty:survey_edit", saved.pk)
                    messages.success(
                        request,
                        _("The survey is final: %(result)s.")
                        % {"result": saved.get_classification_display()},
                    )
                    return redirect("poverty:round_surveys", saved.round_id)
    editable = request.user.can("poverty.change") and (
        rnd.state == RoundState.COLLECTION
        or (rnd.state == RoundState.VILLAGE_MEETING and survey.meeting_result == MeetingResult.DISPUTED)
    )
    context = {
        "survey": survey,
        "round": rnd,
        "errors": errors,
        "form_kind": form,
        "sections": questions.form_sections(
            answers, rnd.standard_on, member_names=_member_names(survey), extra_rows=extra_rows
        ),
        "forms": FormKind.choices,
        "areas": Area.choices,
        "editable": editable,
        "result": survey.result or {},
        "village": request.POST.get("village", survey.village)
        if request.method == "POST"
        else survey.village,
    }
    return render(request, "poverty/survey_form.html", context, status=422 if errors else 200)


@officer_view
@requires("poverty.view")
def village_meeting(request: HttpRequest, round_id: int) -> HttpResponse:
    """One village's households with their results, to record what the meeting said of each."""
    rnd = selectors.round_get(actor=request.user, round_id=round_id)
    village = (request.GET.get("village") if request.method == "GET" else request.POST.get("village")) or ""
    errors: dict[str, list[str]] = {}
    surveys = list(selectors.survey_list(actor=request.user, round_id=rnd.pk, village=village)[:500])
    if request.method == "POST":
        if not request.user.can("poverty.change"):
            raise PermissionDenied()
        p = request.POST
        results = [
            services.MeetingData(
                survey_id=s.pk, result=p.get(f"result_{s.pk}", ""), note=p.get(f"note_{s.pk}", "")
            )
            for s in surveys
            if p.get(f"result_{s.pk}")
        ]
        try:
            services.meeting_record(
                actor=request.user, round_id=rnd.pk, results=results, held_on=_date(p.get("held_on"))
            )
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("The meeting's results were recorded."))
            return redirect("poverty:round_detail", rnd.pk)
    context = {
        "round": rnd,
        "village": village,
        "surveys": surveys,
        "errors": errors,
        "results": MeetingResult.choices,
        "editable": request.user.can("poverty.change") and rnd.state == RoundState.VILLAGE_MEETING,
    }
    return render(request, "poverty/village_meeting.html", context, status=422 if errors else 200)


# --- the province's summary ---------------------------------------------------------------------------


def _ask_summary(request: HttpRequest, year: int) -> Confirmation:
    summary = selectors.year_summary(actor=request.user, year=year)
    figures = {"year": year, "decided": summary.decided, "poor": summary.poor, "near_poor": summary.near_poor}
    return Confirmation(
        title=_("Summarise the poverty review of %(year)s") % figures,
        summary=_("Mark %(decided)s decided rounds summarised: %(poor)s poor and %(near_poor)s near-poor "
                  "households.") % figures,
        cancel=reverse("poverty:summary") + f"?year={year}",
        action=_("Summarise"),
    )  # fmt: skip


@officer_view
@requires("poverty.view")
def summary(request: HttpRequest) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    source = request.POST if request.method == "POST" else request.GET
    year = int_param(source.get("year")) or clock.today().year
    if request.method == "POST":
        return _summarise(request, year)
    context = {
        "year": year,
        "summary": selectors.year_summary(actor=request.user, year=year),
        "errors": errors,
        "can_summarise": request.user.can("poverty.summarise"),
    }
    return render(request, "poverty/summary.html", context)


@requires("poverty.summarise")
@confirms(_ask_summary, capability="poverty.summarise")
def _summarise(request: HttpRequest, year: int) -> HttpResponse:
    try:
        services.rounds_summarise(actor=request.user, year=year, on=_date(request.POST.get("on")))
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        context = {
            "year": year,
            "summary": selectors.year_summary(actor=request.user, year=year),
            "errors": _errors(exc),
            "can_summarise": True,
        }
        return render(request, "poverty/summary.html", context, status=422)
    messages.success(request, _("The rounds of %(year)s are summarised.") % {"year": year})
    return redirect(reverse("poverty:summary") + f"?year={year}")
