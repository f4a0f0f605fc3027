"""Counsellor pages of job-fair sessions under /labour/fairs/: list, create and edit, the session page
(registrations, pre-match lists, schedule, outcomes recorded with htmx), status and the results export.
Views only translate: read the request, call one selector or service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ansinh.core import clock
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.webkit import listkit
from ansinh.core.webkit.confirm import Confirmation, confirms
from ansinh.core.webkit.forms import DATE_ATTRS, ServiceForm, add_service_errors
from ansinh.core.webkit.views import (
    attachment,
    form_status,
    int_param,
    officer_view,
    render_partial,
    requires,
)
from ansinh.geo.models import AdminUnit, Level
from ansinh.labour.fairs import exports as fair_exports
from ansinh.labour.fairs import lists
from ansinh.labour.fairs import selectors as fair_selectors
from ansinh.labour.fairs import services as fair_services
from ansinh.labour.models import FairMode, FairStatus, InterviewOutcome
from ansinh.labour.registration import selectors
from ansinh.labour.registration.forms import province_choices
from ansinh.labour.registration.inputs import date, integer
from ansinh.labour.registration.selectors import SeekerFilters
from ansinh.web.choices import commune_choices


def _text(label: Any, **attrs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, strip=True, widget=forms.TextInput(attrs=attrs))


def _select(label: Any, choices: Any = ()) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Select(choices=choices))


class FairForm(ServiceForm):
    title = _text(gettext_lazy("Name of the session"), maxlength=200)
    mode = _select(gettext_lazy("Form"), FairMode.choices)
    host_commune = _select(gettext_lazy("Host commune-level centre"))
    venue = _text(gettext_lazy("Venue"), maxlength=250)
    online_link = _text(gettext_lazy("Online link"), maxlength=300, type="url")
    day = _text(gettext_lazy("Date"), **DATE_ATTRS)
    start_time = _text(gettext_lazy("Starts at"), placeholder="08:00", maxlength=5, size=5)
    end_time = _text(gettext_lazy("Ends at"), placeholder="11:30", maxlength=5, size=5)
    slot_minutes = _text(gettext_lazy("Interview slot (minutes)"), inputmode="numeric", maxlength=3, size=4)
    linked_provinces = forms.MultipleChoiceField(
        label=gettext_lazy("Provinces joined to the session"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host_commune"].widget.choices = commune_choices(
            actor, blank=gettext_lazy("— the province centre —")
        )
        self.fields["linked_provinces"].choices = province_choices()
        self.fields["linked_provinces"].help_text = gettext_lazy(
            "Online sessions join several provinces: their centres see the session "
            "and register their seekers."
        )
        for name in ("title", "mode", "day", "start_time", "end_time"):
            self.fields[name].widget.attrs["aria-required"] = "true"

    def raw(self) -> dict[str, Any]:
        data = super().raw()
        data["linked_provinces"] = (
            self.data.getlist("linked_provinces") if hasattr(self.data, "getlist") else []
        )
        return data

    @staticmethod
    def initial_for(fair: Any) -> dict[str, Any]:
        starts, ends = timezone.localtime(fair.starts_at), timezone.localtime(fair.ends_at)
        return {
            "title": fair.title,
            "mode": fair.mode,
            "host_commune": str(fair.host_commune_id or ""),
            "venue": fair.venue,
            "online_link": fair.online_link,
            "day": f"{starts:%d/%m/%Y}",
            "start_time": f"{starts:%H:%M}",
            "end_time": f"{ends:%H:%M}",
            "slot_minutes": str(fair.slot_minutes),
            "linked_provinces": list(fair.linked.values_list("province_code", flat=True)),
            "notes": fair.notes,
        }


def _clock(value: str, name: str, errors: list[ApplicationError]) -> dt.time | None:
    try:
        return dt.datetime.strptime((value or "").strip(), "%H:%M").time()
    except ValueError:
        message = gettext_lazy("Give the time as HH:MM, e.g. 08:30.")
        errors.append(ApplicationError(f"{name}.bad_time", message, field=name))
        return None


def parse_fair(raw: dict[str, Any]) -> fair_services.FairData:
    """Form strings → FairData; the date and the clock times make the session's start and end."""
    errors: list[ApplicationError] = []
    day = date(raw.get("day"), "day", errors)
    if day is None and not errors:
        errors.append(ApplicationError("day.required", gettext_lazy("Give the date."), field="day"))
    start, end = (
        _clock(raw.get("start_time", ""), "start_time", errors),
        _clock(raw.get("end_time", ""), "end_time", errors),
    )
    slot = integer(raw.get("slot_minutes"), "slot_minutes", errors)
    if errors:
        raise ValidationFailed(errors)
    assert day and start and end
    return fair_services.FairData(
        title=raw.get("title", ""),
        mode=raw.get("mode", ""),
        host_commune_id=int_param(raw.get("host_commune")),
        venue=raw.get("venue", ""),
        online_link=raw.get("online_link", ""),
        starts_at=timezone.make_aware(dt.datetime.combine(day, start)),
        ends_at=timezone.make_aware(dt.datetime.combine(day, end)),
        slot_minutes=slot or 20,
        linked_provinces=raw.get("linked_provinces", []),
        notes=raw.get("notes", ""),
    )


def _flash(request: HttpRequest, exc: ApplicationError) -> None:
    for error in getattr(exc, "errors", [exc]):
        messages.error(request, str(error.message))


# --- list, create, edit ------------------------------------------------------------------------------


@officer_view
@requires("labour.view")
def fair_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {"can_create": user.can("labour.change") and user.scope_level == "province"}
    return listkit.respond(request, lists.FAIRS, "labour/fair_list.html", context)


@officer_view
@requires("labour.change")
def fair_form(request: HttpRequest, fair_id: int | None = None) -> HttpResponse:
    user = request.user
    fair = fair_selectors.fair_get(actor=user, fair_id=fair_id) if fair_id else None
    if fair is not None and not fair_selectors.is_host(user, fair):
        raise PermissionDenied()
    if request.method == "POST":
        form = FairForm(request.POST, actor=user)
        try:
            data = parse_fair(form.raw())
            if fair is None:
                saved = fair_services.fair_create(actor=user, data=data)
            else:
                saved = fair_services.fair_update(
                    actor=user,
                    fair_id=fair.pk,
                    data=data,
                    expected_version=int_param(request.POST.get("version")),
                )
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("labour:fair_detail", fair_id=saved.pk)
    elif fair is not None:
        form = FairForm(initial=FairForm.initial_for(fair), actor=user)
    else:
        form = FairForm(
            initial={
                "mode": FairMode.IN_PERSON,
                "slot_minutes": "20",
                "start_time": "08:00",
                "end_time": "11:30",
            },
            actor=user,
        )
    context = {"form": form, "fair": fair}
    return render(request, "labour/fair_form.html", context, status=form_status(form))


# --- the session page --------------------------------------------------------------------------------


def _pickers(request: HttpRequest, fair: Any, can_add: bool) -> dict[str, Any]:
    """What the two search boxes of the session page found: vacancies to bring (`vq`) and job seekers to
    register (`sq`), each limited, in the actor's scope and not yet at the session."""
    user = request.user
    vacancy_query = request.GET.get("vq", "").strip()[:100] if can_add else ""
    seeker_query = request.GET.get("sq", "").strip()[:100] if can_add else ""
    vacancies = fair_selectors.vacancy_candidates(actor=user, fair=fair, query=vacancy_query)
    seekers = fair_selectors.seeker_candidates(actor=user, fair=fair, query=seeker_query)
    limit = fair_selectors.PICKER_LIMIT
    return {
        "vacancy_query": vacancy_query,
        "vacancy_found": vacancies[:limit],
        "vacancy_more": len(vacancies) > limit,
        "seeker_query": seeker_query,
        "seeker_found": seekers[:limit],
        "seeker_more": len(seekers) > limit,
    }


def _session_context(request: HttpRequest, fair: Any) -> dict[str, Any]:
    user = request.user
    host = fair_selectors.is_host(user, fair)
    regs = list(
        fair_selectors.registrations(actor=user, fair=fair).prefetch_related(
            "matches__fair_vacancy__vacancy__employer"
        )
    )
    offers = list(fair_selectors.offers(fair=fair))
    interviews = list(fair_selectors.interviews(actor=user, fair=fair))
    local_start = timezone.localtime(fair.starts_at)
    return {
        "fair": fair,
        "host": host,
        "host_name": fair_selectors.host_province_name(fair),
        "linked": _province_names(fair.linked.values_list("province_code", flat=True)),
        "counts": fair_selectors.counts([fair.pk])[fair.pk],
        "registrations": regs,
        "offers": offers,
        "interviews": interviews,
        "slots": [(s.isoformat(), f"{timezone.localtime(s):%H:%M}") for s in fair_selectors.slots(fair)],
        "outcomes": [(v, label) for v, label in InterviewOutcome.choices if v != InterviewOutcome.SCHEDULED],
        "can_change": user.can("labour.change"),
        "open": fair.status == FairStatus.PLANNED,
        "started": local_start.date() <= clock.today() and fair.status != FairStatus.CANCELLED,
        "can_offer": user.can("labour.change") and fair.status == FairStatus.PLANNED,
        **_pickers(request, fair, user.can("labour.change") and fair.status == FairStatus.PLANNED),
        "statuses": [(FairStatus.HELD, _("Mark as held")), (FairStatus.CANCELLED, _("Cancel the session"))],
    }


@officer_view
@requires("labour.view")
def fair_detail(request: HttpRequest, fair_id: int) -> HttpResponse:
    """The session page; an htmx search of either picker answers with its results only."""
    fair = fair_selectors.fair_get(actor=request.user, fair_id=fair_id)
    context = _session_context(request, fair)
    partial = "vacancy-results" if "vq" in request.GET else "seeker-results" if "sq" in request.GET else ""
    if partial:
        return render_partial(request, "labour/fair_detail.html", partial, context)
    return render(request, "labour/fair_detail.html", context)


def _ask_fair_status(request: HttpRequest, fair_id: int) -> Confirmation | None:
    fair = fair_selectors.fair_get(actor=request.user, fair_id=fair_id)
    status = request.POST.get("status", "")
    if status not in (FairStatus.HELD, FairStatus.CANCELLED):
        return None
    figures = {"title": fair.title}
    return Confirmation(
        title=_("Close the session %(title)s") % figures,
        summary=(
            _("Record the session %(title)s as held: it is closed to new registrations and interviews.")
            if status == FairStatus.HELD
            else _("Cancel the session %(title)s: it is closed to registrations and interviews.")
        )
        % figures,
        cancel=reverse("labour:fair_detail", args=[fair.pk]),
        action=FairStatus(status).label,
        danger=status == FairStatus.CANCELLED,
    )


def _ask_fair_outcome(request: HttpRequest, fair_id: int, interview_id: int) -> Confirmation | None:
    if request.POST.get("outcome") != InterviewOutcome.HIRED:
        return None  # only a hire records a placement and closes a registration
    fair = fair_selectors.fair_get(actor=request.user, fair_id=fair_id)
    interview = fair_selectors.interviews(actor=request.user, fair=fair).filter(pk=interview_id).first()
    if interview is None:
        raise NotFound("interview")
    vacancy = interview.fair_vacancy.vacancy
    figures = {
        "name": interview.fair_seeker.seeker.person.full_name,
        "title": vacancy.title,
        "employer": vacancy.employer.name,
    }
    return Confirmation(
        title=_("Record a hire for %(name)s") % figures,
        summary=_("Record that %(name)s was hired by %(employer)s as %(title)s.") % figures,
        details=[_("The placement is recorded and the registration of %(name)s is closed.") % figures],
        cancel=reverse("labour:fair_detail", args=[fair.pk]),
        action=_("Record the hire"),
    )


@require_POST
@officer_view
@requires("labour.change")
@confirms(_ask_fair_status)
def fair_status(request: HttpRequest, fair_id: int) -> HttpResponse:
    try:
        fair_services.fair_set_status(
            actor=request.user,
            fair_id=fair_id,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", "")[:300],
        )
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The session's status was changed."))
    return redirect("labour:fair_detail", fair_id=fair_id)


@require_POST
@officer_view
@requires("labour.change")
def fair_employer(request: HttpRequest, fair_id: int) -> HttpResponse:
    """Bring one open vacancy (and so its employer) to the session, with the posts offered there."""
    errors: list[ApplicationError] = []
    vacancy_id = int_param(request.POST.get("vacancy"))
    quota = integer(request.POST.get("quota"), "quota", errors)
    vacancy = selectors.vacancy_queryset(actor=request.user).filter(pk=vacancy_id).first()
    try:
        if errors:
            raise ValidationFailed(errors)
        fair_services.employer_register(
            actor=request.user,
            fair_id=fair_id,
            employer_id=vacancy.employer_id if vacancy else None,
            vacancies=[(vacancy_id, quota)] if vacancy else [],
        )
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The vacancy was added to the session; seekers were pre-matched again."))
    return redirect("labour:fair_detail", fair_id=fair_id)


def _find_seeker(user: Any, typed: str) -> int | None:
    """A registration number ("1234") or a personal ID; active seekers in scope only."""
    typed = (typed or "").strip()
    if pid.compact(typed).isdigit() and len(pid.compact(typed)) == 12:
        found = list(selectors.seeker_list(actor=user, filters=SeekerFilters(query=typed))[:2])
        return found[0].pk if len(found) == 1 else None
    return int_param(typed)


@require_POST
@officer_view
@requires("labour.change")
def fair_seeker(request: HttpRequest, fair_id: int) -> HttpResponse:
    seeker_id = _find_seeker(request.user, request.POST.get("seeker", ""))
    try:
        fair_services.fair_seeker_register(actor=request.user, fair_id=fair_id, seeker_id=seeker_id)
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The job seeker was registered and pre-matched."))
    return redirect(reverse("labour:fair_detail", args=[fair_id]) + "#seekers")


def _slot(raw: str) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(raw)
    except (TypeError, ValueError):
        return None
    return value if timezone.is_aware(value) else timezone.make_aware(value)


@require_POST
@officer_view
@requires("labour.change")
def fair_interview(request: HttpRequest, fair_id: int) -> HttpResponse:
    try:
        fair_services.interview_schedule(
            actor=request.user,
            fair_id=fair_id,
            fair_seeker_id=int_param(request.POST.get("fair_seeker")),
            fair_vacancy_id=int_param(request.POST.get("fair_vacancy")),
            slot_start=_slot(request.POST.get("slot_start", "")),
            table=request.POST.get("table", ""),
            online_link=request.POST.get("online_link", ""),
        )
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The interview was booked."))
    return redirect("labour:fair_detail", fair_id=fair_id)


@require_POST
@officer_view
@requires("labour.change")
@confirms(_ask_fair_outcome)
def fair_outcome(request: HttpRequest, fair_id: int, interview_id: int) -> HttpResponse:
    """htmx: record an outcome and answer the schedule row again, with the refusal beside it if any."""
    errors: list[ApplicationError] = []
    placed_on = date(request.POST.get("placed_on"), "placed_on", errors)
    problem = None
    try:
        if errors:
            raise ValidationFailed(errors)
        fair_services.interview_outcome(
            actor=request.user,
            fair_id=fair_id,
            interview_id=interview_id,
            outcome=request.POST.get("outcome", ""),
            placed_on=placed_on,
        )
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        problem = [str(e.message) for e in getattr(exc, "errors", [exc])]
    fair = fair_selectors.fair_get(actor=request.user, fair_id=fair_id)
    context = _session_context(request, fair)
    row = next((i for i in context["interviews"] if i.pk == interview_id), None)
    if row is None:
        raise NotFound("interview")
    context.update(interview=row, problem=problem)
    if not request.htmx:
        if problem:
            for text in problem:
                messages.error(request, text)
        return redirect("labour:fair_detail", fair_id=fair_id)
    return render(request, "labour/fair_detail.html#interview-row", context)


@officer_view
@requires("labour.view")
def fair_export(request: HttpRequest, fair_id: int) -> HttpResponse:
    fair = fair_selectors.fair_get(actor=request.user, fair_id=fair_id)
    return attachment(
        *fair_exports.export_fair_results(
            actor=request.user,
            fair=fair,
            registrations=fair_selectors.registrations(actor=request.user, fair=fair),
            fmt=request.GET.get("format", "xlsx"),
        )
    )


def _province_names(codes: Any) -> list[str]:
    """Current provinces' names for their codes, in name order ("Thành phố Hà Nội")."""
    names = dict(
        AdminUnit.objects.current()
        .filter(level=Level.PROVINCE, code__in=list(codes))
        .values_list("code", "name")
    )
    return sorted(names.values())
