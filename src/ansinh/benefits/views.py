"""Benefit pages: beneficiaries in scope, the enrol form with its live amount, an enrolment with its
decisions and month-by-month entitlement, the actions on it, and a person's death or move.

Views only translate: read the request, call one selector or service, render. The forms below only
carry strings; `benefits.inputs` parses them and the services decide.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ansinh.benefits import documents, household_status, inputs, lists, selectors, services
from ansinh.benefits.calc import calculator
from ansinh.benefits.models import Channel, EnrolmentStatus, Regime
from ansinh.benefits.rules import FactsError
from ansinh.core import clock, periods
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.money import format_vnd
from ansinh.core.webkit import listkit
from ansinh.core.webkit.confirm import Confirmation, ask_first, confirms
from ansinh.core.webkit.forms import CHOOSE, DATE_ATTRS, ServiceForm, add_service_errors
from ansinh.core.webkit.views import attachment, form_status, officer_view, requires
from ansinh.documents import bodies
from ansinh.geo.models import AdminUnit, Level
from ansinh.poverty.models import Status as PovertyStatusChoice
from ansinh.poverty.selectors import StatusPeriod, person_status_on
from ansinh.registry import resolve

# --- forms ------------------------------------------------------------------------------------------


def _text(label: Any, **attrs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, strip=True, widget=forms.TextInput(attrs=attrs))


def _select(label: Any, choices: Any = ()) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Select(choices=choices))


def _date(label: Any) -> forms.CharField:
    return _text(label, **DATE_ATTRS)


def _month(label: Any) -> forms.CharField:
    return _text(label, placeholder="mm/yyyy", inputmode="numeric", maxlength=7, autocomplete="off")


REGIME_CHOICES = [("", CHOOSE), *Regime.own_choices()]
DISABILITY_CHOICES = [("", gettext_lazy("— no disability —")), *inputs.DISABILITY.items()]


class DecisionForm(ServiceForm):
    """The decision's own fields, shared by every form that records one."""

    number = _text(
        gettext_lazy("Decision number"), maxlength=40, autocomplete="off", placeholder="125/QĐ-UBND"
    )
    signed_on = _date(gettext_lazy("Signed on"))
    signer = _text(gettext_lazy("Signed by"), maxlength=120)
    effective_month = _month(gettext_lazy("Takes effect from (month)"))
    reason = _text(gettext_lazy("Reason"), maxlength=300)

    needs: tuple[str, ...] = ("number", "signed_on", "signer", "effective_month")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].help_text = gettext_lazy("Day/month/year, for example 10/07/2026.")
        for name in ("effective_month", "last_month", "from_month"):
            if name in self.fields:
                self.fields[name].help_text = gettext_lazy("Month/year, for example 07/2026.")
        for name in self.needs:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-required"] = "true"

    def decision(self, *, need_effective: bool = True) -> inputs.DecisionData:
        return inputs.decision_only(self.raw(), need_effective=need_effective)


class FactsForm(DecisionForm):
    household = _select(gettext_lazy("Household"), [(k, v) for k, v in inputs.HOUSEHOLD.items()])
    clauses = forms.MultipleChoiceField(
        label=gettext_lazy("Groups (Decree 20/2021/NĐ-CP, Article 5)"),
        required=False,
        choices=list(inputs.SA_CLAUSES.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    disability = _select(gettext_lazy("Level of disability"), DISABILITY_CHOICES)
    disability_certified_on = _date(gettext_lazy("Disability certificate issued on"))
    children = _text(
        gettext_lazy("Children being raised (clause 4)"), inputmode="numeric", maxlength=2, size=3
    )
    studying = forms.BooleanField(label=gettext_lazy("Still studying (from 16 to 22)"), required=False)
    pension_monthly = _text(
        gettext_lazy("Monthly pension or social-insurance benefit (đồng)"), inputmode="numeric"
    )

    def __init__(self, *args: Any, recorded: StatusPeriod | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disability_certified_on"].help_text = gettext_lazy(
            "The disability benefit is paid from the month of the certificate."
        )
        self.fields["pension_monthly"].help_text = gettext_lazy("0 if none.")
        # The household's poverty: the commune's recorded decision for the effective month where there is
        # one (enrol and adjust alike), typed only where none is recorded.
        self.recorded = recorded
        household = self.fields["household"]
        if recorded is None:
            household.help_text = gettext_lazy("Used until the commune's poverty review decides.")
            return
        # The commune's decision says it: shown, not typed (a disabled field keeps its initial value
        # whatever is posted, so a contradicting value is ignored).
        self.initial["household"] = household_status.AS_FACT.get(recorded.status, "none")
        household.disabled = True
        household.help_text = recorded_status_text(recorded)


class EnrolForm(FactsForm):
    regime = _select(gettext_lazy("Regime"), REGIME_CHOICES)
    channel = _select(gettext_lazy("Paid by"), Channel.choices)
    wallet_provider = _text(gettext_lazy("E-wallet provider"), maxlength=40)
    wallet_account = _text(gettext_lazy("E-wallet account"), maxlength=40, autocomplete="off")
    cash_reason = _text(gettext_lazy("Why in cash"), maxlength=200)

    needs = ("regime", "signed_on", "signer", "effective_month")

    def __init__(self, *args: Any, recorded: StatusPeriod | None = None, **kwargs: Any) -> None:
        super().__init__(*args, recorded=recorded, **kwargs)
        self.fields["number"].help_text = gettext_lazy(
            "Leave it empty to take the next number of the commune's register when the decision is issued."
        )


def recorded_status_text(recorded: StatusPeriod) -> str:
    """As the officer reads it: "Hộ nghèo theo Quyết định số 30/QĐ-UBND ngày 01/08/2025 của UBND xã …"."""
    figures = {
        "status": PovertyStatusChoice(recorded.status).label,
        "number": recorded.decision_number or "—",
        "date": recorded.decision_date.strftime("%d/%m/%Y"),
        "commune": bodies.in_sentence(recorded.commune),
    }
    decided = _(
        "%(status)s under Decision No. %(number)s of %(date)s of the People's Committee of %(commune)s."
    )
    return f"{decided % figures} {_('The amounts follow the recorded status month by month.')}"


class SuspendForm(DecisionForm):
    needs = ("number", "signed_on", "signer", "effective_month", "reason")


class ResumeForm(DecisionForm):
    reason = None  # type: ignore[assignment]


class StopForm(DecisionForm):
    effective_month = None  # type: ignore[assignment]
    last_month = _month(gettext_lazy("Last month paid"))
    needs = ("number", "signed_on", "signer", "last_month", "reason")


class DeathForm(DecisionForm):
    effective_month = None  # type: ignore[assignment]
    reason = None  # type: ignore[assignment]
    death_date = _date(gettext_lazy("Date of death"))
    payee_name = _text(gettext_lazy("Funeral support paid to"), maxlength=120)
    needs = ("death_date",)


class MoveForm(DecisionForm):
    effective_month = None  # type: ignore[assignment]
    reason = None  # type: ignore[assignment]
    to_commune = _select(gettext_lazy("Moves to the commune"))
    from_month = _month(gettext_lazy("Responsibility moves from (month)"))
    needs = ("to_commune", "from_month")

    def __init__(self, *args: Any, actor: Actor, person: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = AdminUnit.objects.current().filter(level=Level.COMMUNE).exclude(pk=person.commune_id)
        if actor.scope_level == "commune":
            units = units.filter(
                province_code=person.province_code
            )  # another province: a province officer's move
        choices = units.order_by("province_code", "name_folded").values_list("pk", "name", "parent__name")
        self.fields["to_commune"].widget.choices = [("", CHOOSE)] + [
            (str(pk), f"{name} — {province}" if province else name) for pk, name, province in choices
        ]


def _refused(form: forms.Form, exc: ApplicationError) -> None:
    add_service_errors(form, exc)


def describe_facts(regime: str, facts: dict[str, Any]) -> str:
    """Stored facts as an officer reads them: "Khoản 5a, 6 · Hộ nghèo · Khuyết tật nặng · 2 con"."""
    parts = []
    if regime == Regime.SOCIAL_ASSISTANCE:
        clauses = ", ".join(facts.get("clauses") or []) or "—"
        parts.append(_("Clauses %(clauses)s") % {"clauses": clauses})
    parts.append(str(inputs.HOUSEHOLD.get(facts.get("household") or "none", "")))
    if facts.get("disability"):
        parts.append(str(inputs.DISABILITY.get(facts["disability"], facts["disability"])))
    if facts.get("children"):
        parts.append(_("%(n)s children being raised") % {"n": facts["children"]})
    if facts.get("studying"):
        parts.append(_("still studying"))
    if regime == Regime.SOCIAL_PENSION:
        pension = int(facts.get("pension_monthly") or 0)
        parts.append(
            _("pension %(amount)s a month") % {"amount": format_vnd(pension)} if pension else _("no pension")
        )
    return " · ".join(p for p in parts if p)


# --- the list ---------------------------------------------------------------------------------------


@officer_view
@requires("benefits.view")
def enrolment_list(request: HttpRequest) -> HttpResponse:
    """Every enrolment in scope (not only the latest), by name, regime, clause, status, commune, start."""
    return listkit.respond(request, lists.ENROLMENTS, "benefits/enrolment_list.html")


def _int(raw: str | None) -> int | None:
    try:
        return int((raw or "").strip())
    except ValueError:
        return None


# --- enrol ------------------------------------------------------------------------------------------


@officer_view
@requires("benefits.change")
def enrol(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request.user
    person = selectors.person_for_benefits(actor=user, person_id=person_id, change=True)
    if request.method == "POST":
        form = EnrolForm(request.POST, recorded=_recorded(person, request.POST))
        try:
            resolve.refuse_merged(person)  # said first: the facts typed do not matter for a merged record
            data = _parse_enrolment(form, person, request.POST)
            if asked := ask_first(request, _ask_enrol(form, person, data)):
                return asked
            enrolment = services.enrolment_create(
                actor=user,
                person=person,
                regime=data.regime,
                decision=data.decision,
                facts=data.facts,
                channel=data.channel,
                disability_certified_on=data.disability_certified_on,
            )
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The person was enrolled."))
            return redirect("benefits:enrolment_detail", enrolment_id=enrolment.pk)
    else:
        initial = {"household": "none", "children": "0", "pension_monthly": "0",
                   "channel": Channel.BANK if person.bank_account else Channel.CASH}  # fmt: skip
        form = EnrolForm(initial=initial, recorded=_recorded(person, request.GET))
    context = {"form": form, "person": person, "preview": _preview(form, person) if form.is_bound else None}
    return render(request, "benefits/enrol_form.html", context, status=form_status(form))


@officer_view
@requires("benefits.change")
def enrol_preview(request: HttpRequest, person_id: int) -> HttpResponse:
    """The monthly amount the typed facts give, with its explanation (htmx, as the form changes)."""
    person = selectors.person_for_benefits(actor=request.user, person_id=person_id, change=True)
    typed = request.POST if request.method == "POST" else request.GET
    form = EnrolForm(typed, recorded=_recorded(person, typed))
    return render(request, "benefits/_preview.html", {"preview": _preview(form, person)})


def _parse_enrolment(form: EnrolForm, person: Any, typed: Any) -> inputs.EnrolmentInput:
    """The typed enrolment; when the form was shown with a recorded status (read-only, nothing posted for
    it) but none covers the effective month typed since, the household is asked for, not taken as "none"."""
    missing: list[ApplicationError] = []
    if form.recorded is None and not typed.get("household"):
        missing.append(
            ApplicationError(
                "household.required",
                _("No decision of the commune covers the effective month: choose the household's poverty."),
                field="household",
            )
        )
    try:
        data = inputs.parse_enrolment(form.raw(), person=person)
    except ValidationFailed as exc:
        raise ValidationFailed([*missing, *exc.errors]) from exc
    if missing:
        raise ValidationFailed(missing)
    return data


def _recorded(person: Any, typed: Any) -> StatusPeriod | None:
    """The status of the person's household recorded for the decision's effective month (this month while
    none is typed): it stands for the typed household fact."""
    month = inputs.month_field(typed.get("effective_month"), "effective_month", []) or periods.month_of(
        clock.today()
    )
    return person_status_on(person.pk, month)


def _preview(form: EnrolForm, person: Any) -> dict[str, Any]:
    """Ask the calculator (strict: contradictions are errors) for the effective month, else this month."""
    raw = form.raw()
    errors: list[ApplicationError] = []
    regime = raw.get("regime") or ""
    month = inputs.month_field(raw.get("effective_month"), "effective_month", errors) or periods.month_of(
        clock.today()
    )
    if regime not in Regime.own():
        return {"empty": True}
    facts = inputs.parse_facts(regime, raw, [])
    data = {**facts, "on": periods.month_end(month), "birth_date": inputs.birth_date_of(person),
            "province": person.province_code}  # fmt: skip
    try:
        result = calculator.calculate(regime, data)
    except FactsError as exc:
        return {"month": month, "error": exc.message}
    return {"month": month, "result": result}


def _ask_enrol(form: EnrolForm, person: Any, data: Any) -> Confirmation:
    """Enrolling approves the decision: say for whom, under which regime, from when and how much."""
    preview = _preview(form, person)
    result = preview.get("result")
    figures = {
        "name": person.full_name,
        "regime": Regime(data.regime).label,
        "month": periods.month_label(preview["month"]) if preview.get("month") else "—",
        "amount": format_vnd(int(result.monthly_amount)) if result and result.eligible else "—",
    }
    return Confirmation(
        title=_("Enrol %(name)s") % figures,
        summary=_("Approve the enrolment of %(name)s in %(regime)s from %(month)s: %(amount)s a month.")
        % figures,
        details=[
            _("Decision %(number)s") % {"number": data.decision.number}
            if data.decision.number
            else _("The decision takes its number from the commune's register when it is issued.")
        ]
        if data.decision
        else [],
        cancel=reverse("web:person_detail", args=[person.pk]),
        action=_("Approve the enrolment"),
    )


# --- one enrolment ----------------------------------------------------------------------------------


@require_GET
@officer_view
@requires("benefits.view")
def enrolment_decision_pdf(request: HttpRequest, enrolment_id: int) -> HttpResponseBase:
    """The benefit decision as it stands, printable (quyết định hưởng trợ cấp, Decree 30 format): its number,
    or a draft (DỰ THẢO) while it has none. A GET never takes a number from the register."""
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    if refusal := _decided_elsewhere(enrolment):
        return _refusal_text(refusal)
    printed = documents.decision_pdf(actor=request.user, enrolment=enrolment)
    return attachment(printed.filename, printed.content_type, printed.content)


def _ask_decision_issue(request: HttpRequest, enrolment_id: int) -> Confirmation | None:
    """Giving the decision its number is asked first, naming the register; a decision that already has a
    number (or an enrolment without one) is not asked about: the view prints it again (or refuses)."""
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id, change=True)
    year = documents.issue_register_year(enrolment)
    if year is None:
        return None
    commune = bodies.in_sentence(enrolment.commune.name)
    return Confirmation(
        title=_("Give the decision for %(name)s a number") % {"name": enrolment.person.full_name},
        summary=_("Take the decision's number from the %(year)s register of %(commune)s and print it.")
        % {"year": year, "commune": commune},
        details=[_("The number is kept: every later print of the decision shows the same number.")],
        cancel=reverse("benefits:enrolment_detail", args=[enrolment.pk]),
        action=_("Give a number and print"),
    )


@officer_view
@require_POST
@requires("benefits.change")
@confirms(_ask_decision_issue, capability="benefits.change")
def enrolment_decision_issue(request: HttpRequest, enrolment_id: int) -> HttpResponseBase:
    """Issue the decision (its number from the commune's register, once) and answer with the PDF; a decision
    that has its number is printed again with it."""
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id, change=True)
    if refusal := _decided_elsewhere(enrolment):
        return _refusal_text(refusal)
    try:
        printed = documents.decision_issue_pdf(actor=request.user, enrolment=enrolment)
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("benefits:enrolment_detail", enrolment.pk)
    return attachment(printed.filename, printed.content_type, printed.content)


@officer_view
@requires("benefits.view")
def enrolment_detail(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    decisions = selectors.enrolment_decisions(enrolment=enrolment)
    timeline = selectors.enrolment_timeline(enrolment=enrolment, person=enrolment.person, decisions=decisions)
    context = {
        "enrolment": enrolment,
        "decisions": decisions,
        "suspensions": selectors.enrolment_suspensions(enrolment=enrolment),
        "fact_history": [
            (row, describe_facts(enrolment.regime, row.facts))
            for row in selectors.enrolment_facts(enrolment=enrolment)
        ],
        "timeline": list(reversed(timeline)),
        "can_change": request.user.can("benefits.change"),  # type: ignore[union-attr]
        "clause_name": inputs.SA_CLAUSES.get(enrolment.clause, enrolment.clause),
        "needs_number": documents.needs_number(enrolment),
        "signer_missing": documents.signer_missing(enrolment),
    }
    return render(request, "benefits/enrolment_detail.html", context)


ACTIONS: dict[str, Any] = {
    "adjust": (FactsForm, gettext_lazy("Adjust the facts"), gettext_lazy("The new facts were recorded.")),
    "suspend": (SuspendForm, gettext_lazy("Suspend payment"), gettext_lazy("Payment was suspended.")),
    "resume": (ResumeForm, gettext_lazy("Resume payment"), gettext_lazy("Payment was resumed.")),
    "stop": (StopForm, gettext_lazy("Stop the enrolment"), gettext_lazy("The enrolment was stopped.")),
}


def _act(request: HttpRequest, action: str, enrolment: Any, form: Any) -> Any:
    raw = form.raw()
    version = _int(request.POST.get("version"))
    common = {"actor": request.user, "enrolment": enrolment, "expected_version": version}
    if action == "adjust":
        errors: list[ApplicationError] = []
        if form.recorded is None and not request.POST.get("household"):
            # Shown read-only for another month (nothing posted), no decision for the month typed.
            errors.append(
                ApplicationError(
                    "household.required",
                    _("No decision of the commune covers the effective month: choose the household's "
                      "poverty."),
                    field="household",
                )
            )  # fmt: skip
        decision = inputs.parse_decision(raw, errors)
        facts = inputs.parse_facts(enrolment.regime, raw, errors)
        if errors:
            raise ValidationFailed(errors)
        return services.enrolment_adjust(decision=decision, facts=facts, **common)
    if action == "suspend":
        return services.enrolment_suspend(decision=form.decision(), **common)
    if action == "resume":
        return services.enrolment_resume(decision=form.decision(), **common)
    errors = []
    last_month = inputs.month_field(raw.get("last_month"), "last_month", errors)
    decision = inputs.parse_decision(raw, errors, need_effective=False)
    if errors:
        raise ValidationFailed(errors)
    return services.enrolment_stop(decision=decision, last_month=last_month, **common)  # type: ignore[arg-type]


ASK = {
    "adjust": gettext_lazy(
        "Record new facts for %(name)s's %(regime)s: the monthly amount is computed again."
    ),
    "suspend": gettext_lazy("Suspend the payment of %(name)s's %(regime)s."),
    "resume": gettext_lazy("Resume the payment of %(name)s's %(regime)s."),
    "stop": gettext_lazy("Stop %(name)s's %(regime)s: no payment after the last month."),
}


def _ask_action(request: HttpRequest, action: str, enrolment: Any) -> Confirmation:
    figures = {"name": enrolment.person.full_name, "regime": enrolment.get_regime_display()}
    month = (request.POST.get("effective_month") or request.POST.get("last_month") or "").strip()
    return Confirmation(
        title=ACTIONS[action][1],
        summary=ASK[action] % figures,
        details=[_("From month %(month)s") % {"month": month}] if month else [],
        cancel=reverse("benefits:enrolment_detail", args=[enrolment.pk]),
        action=ACTIONS[action][1],
        danger=action == "stop",
    )


def _decided_elsewhere(enrolment: Any) -> Conflict | None:
    """An enrolment of a regime decided elsewhere (the merit allowance, decided on the person's merit record)
    is shown here but changed and printed only where it is decided."""
    if enrolment.regime in Regime.own():
        return None
    return Conflict(
        "enrolment.decided_elsewhere",
        _("This allowance is decided on the person's merit record: change it there."),
    )


def _refusal_text(refusal: Conflict) -> HttpResponse:
    return HttpResponse(str(refusal.message), status=409, content_type="text/plain; charset=utf-8")


@officer_view
@requires("benefits.change")
def enrolment_action(request: HttpRequest, enrolment_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise NotFound("page")
    form_class, title, done = ACTIONS[action]
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id, change=True)
    if refusal := _decided_elsewhere(enrolment):
        form = form_class({})
        form.is_valid()  # bound and cleaned, so the refusal can be shown on it
        _refused(form, refusal)
        context = {"form": form, "enrolment": enrolment, "action": action, "title": title, "version": ""}
        return render(request, "benefits/action_form.html", context, status=form_status(form))
    # The adjust form reads the household's recorded status for the effective month, as the enrol form.
    status_for = (
        (lambda typed: {"recorded": _recorded(enrolment.person, typed)})
        if action == "adjust"
        else (lambda _t: {})
    )
    if request.method == "POST":
        form = form_class(request.POST, **status_for(request.POST))
        if asked := ask_first(request, _ask_action(request, action, enrolment)):
            return asked
        try:
            _act(request, action, enrolment, form)
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, str(done))
            return redirect("benefits:enrolment_detail", enrolment_id=enrolment.pk)
        version: Any = request.POST.get("version", "")
    else:
        initial = (
            {**enrolment.facts, "clauses": enrolment.facts.get("clauses", [])} if action == "adjust" else {}
        )
        form = form_class(
            initial={k: v for k, v in initial.items() if v is not None}, **status_for(request.GET)
        )
        version = enrolment.version
    context = {"form": form, "enrolment": enrolment, "action": action, "title": title, "version": version}
    return render(request, "benefits/action_form.html", context, status=form_status(form))


# --- a person's benefits and life events ------------------------------------------------------------


@officer_view
@requires("benefits.view")
def person_history(request: HttpRequest, person_id: int) -> HttpResponse:
    history = selectors.benefit_history(actor=request.user, person_id=person_id)
    context = {
        "history": history,
        "person": history.person,
        "entries": [(e, describe_facts(e.enrolment.regime, e.enrolment.facts)) for e in history.enrolments],
    }
    return render(request, "benefits/person_history.html", context)


def _ask_death(person: Any, death_date: Any) -> Confirmation:
    running = [e for e in selectors.person_enrolments(person=person) if e.status != EnrolmentStatus.STOPPED]
    figures = {
        "name": person.full_name,
        "date": death_date.strftime("%d/%m/%Y") if death_date else "—",
        "count": len(running),
    }
    details = [
        _("%(regime)s stops after the month of death.") % {"regime": e.get_regime_display()} for e in running
    ]
    return Confirmation(
        title=_("Record the death of %(name)s") % figures,
        summary=_("Record that %(name)s died on %(date)s; %(count)s benefits stop.") % figures,
        details=details,
        cancel=reverse("web:person_detail", args=[person.pk]),
        action=_("Record the death"),
        danger=True,
    )


def _ask_move(person: Any, to_commune: int, from_month: Any) -> Confirmation:
    unit = AdminUnit.objects.filter(pk=to_commune).first()
    running = [e for e in selectors.person_enrolments(person=person) if e.status != EnrolmentStatus.STOPPED]
    month = periods.month_label(from_month) if from_month else "—"
    figures = {"name": person.full_name, "commune": unit.name if unit else "—", "month": month,
               "count": len(running)}  # fmt: skip
    return Confirmation(
        title=_("Record the move of %(name)s") % figures,
        summary=_("Move %(name)s and %(count)s benefits to %(commune)s from %(month)s.") % figures,
        details=[_("The commune of the new place pays from that month.")],
        cancel=reverse("web:person_detail", args=[person.pk]),
        action=_("Record the move"),
    )


@officer_view
@requires("benefits.change")
def person_death(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request.user
    person = selectors.person_for_benefits(actor=user, person_id=person_id, change=True)
    if request.method == "POST":
        form = DeathForm(request.POST)
        try:
            raw = form.raw()
            errors: list[ApplicationError] = []
            death_date = inputs.date_field(raw.get("death_date"), "death_date", errors)
            decision = inputs.parse_decision(raw, errors, need_effective=False) if raw.get("number") else None
            if errors:
                raise ValidationFailed(errors)
            if asked := ask_first(request, _ask_death(person, death_date)):
                return asked
            outcome = services.death_record(
                actor=user,
                person=person,
                death_date=death_date,  # type: ignore[arg-type]
                decision=decision,
                payee_name=raw.get("payee_name") or "",
            )
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The death was recorded."))
            if outcome.funeral:
                messages.info(request, _("Funeral support is owed: see the person's benefits."))
            return redirect("web:person_detail", person_id=person.pk)
    else:
        form = DeathForm()
    context = {"form": form, "person": person, "title": _("Record a death")}
    return render(request, "benefits/person_event_form.html", context, status=form_status(form))


@officer_view
@requires("benefits.change")
def person_move(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request.user
    person = selectors.person_for_benefits(actor=user, person_id=person_id, change=True)
    if request.method == "POST":
        form = MoveForm(request.POST, actor=user, person=person)
        try:
            raw = form.raw()
            errors: list[ApplicationError] = []
            from_month = inputs.month_field(raw.get("from_month"), "from_month", errors)
            decision = inputs.parse_decision(raw, errors, need_effective=False) if raw.get("number") else None
            if not raw.get("to_commune"):
                errors.append(
                    ApplicationError("to_commune.required", _("Choose a commune."), field="to_commune")
                )
            if errors:
                raise ValidationFailed(errors)
            if asked := ask_first(request, _ask_move(person, _int(raw.get("to_commune")) or 0, from_month)):
                return asked
            services.person_move(
                actor=user,
                person=person,
                to_commune=_int(raw.get("to_commune")) or 0,
                from_month=from_month,  # type: ignore[arg-type]
                decision=decision,
                expected_version=_int(request.POST.get("version")),
            )
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The move was recorded."))
            # The person may now be outside this officer's scope: back to the list, not to their page.
            return redirect("benefits:enrolment_list")
        version: Any = request.POST.get("version", "")
    else:
        form = MoveForm(actor=user, person=person)
        version = person.version
    context = {"form": form, "person": person, "title": _("Record a move"), "version": version}
    return render(request, "benefits/person_event_form.html", context, status=form_status(form))
