"""Officer pages of the merit allowance: one form per decision (enrolment, new assessment, suspension,
resumption, termination, death, a spouse's remarriage, transfer of the dossier), each confirmed before it
is saved (`core.webkit.confirm`): the confirmation says, in the server's words, what the decision does to
the money. Views only translate: parse with `allowance.inputs`, call one service, go back to the record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansinh.benefits.models import Channel
from ansinh.core.actors import Actor
from ansinh.core.periods import month_label
from ansinh.core.webkit.confirm import Confirmation, ask_first
from ansinh.core.webkit.forms import CHOOSE, DATE_ATTRS, ServiceForm
from ansinh.core.webkit.views import officer_view, requires
from ansinh.merit import inputs as merit_inputs
from ansinh.merit import rules, selectors
from ansinh.merit.allowance import inputs, services
from ansinh.merit.views import _form_page, _posted, record_url


def _text(label: Any, **attrs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, strip=True, widget=forms.TextInput(attrs=attrs))


def _date(label: Any) -> forms.CharField:
    return _text(label, **DATE_ATTRS)


def _month(label: Any) -> forms.CharField:
    field = _text(label, placeholder="07/2026", maxlength=7, size=8)
    field.help_text = gettext_lazy("Month/year, for example 07/2026.")
    return field


def _yes_no(label: Any) -> forms.CharField:
    choices = [("", CHOOSE), ("true", gettext_lazy("Yes")), ("false", gettext_lazy("No"))]
    return forms.CharField(label=label, required=False, widget=forms.Select(choices=choices))


class DecisionForm(ServiceForm):
    number = _text(gettext_lazy("Decision number"), maxlength=40, placeholder="125/QĐ-SNV")
    signed_on = _date(gettext_lazy("Signed on"))
    signer = _text(gettext_lazy("Signed by"), maxlength=120)
    basis = _text(gettext_lazy("Basis (căn cứ)"), maxlength=300, placeholder="Nghị định 131/2021/NĐ-CP")


class EnrolForm(DecisionForm):
    effective_month = _month(gettext_lazy("Paid from the month"))
    lives_at_home = _yes_no(gettext_lazy("Lives at home with the family"))
    lives_alone = _yes_no(gettext_lazy("Lives alone (nurturing allowance)"))
    detached = _yes_no(gettext_lazy("Detached cadre (thoát ly), pre-1945 activists"))
    seniority_years = _text(
        gettext_lazy("Years of seniority (detached cadres)"), inputmode="numeric", maxlength=2
    )
    honour = forms.CharField(
        label=gettext_lazy("Honour (people who helped the revolution)"),
        required=False,
        widget=forms.Select(choices=[("", CHOOSE), *rules.HONOURS.items()]),
    )
    channel = forms.CharField(
        label=gettext_lazy("Paid by"), required=False, widget=forms.Select(choices=Channel.choices)
    )
    cash_reason = _text(gettext_lazy("Why in cash"), maxlength=200)


class AssessmentDecisionForm(DecisionForm):
    rate = _text(gettext_lazy("Body-injury rate (%)"), inputmode="numeric", maxlength=3, size=4)
    especially_severe = forms.BooleanField(
        label=gettext_lazy("Especially severe injury (from 81 %)"), required=False
    )
    assessed_on = _date(gettext_lazy("Assessed on"))
    medical_council = _text(gettext_lazy("Medical assessment council"), maxlength=200)


class SuspendForm(DecisionForm):
    effective_month = _month(gettext_lazy("Suspended from the month"))
    reason = _text(gettext_lazy("Reason"), maxlength=300)


class ResumeForm(DecisionForm):
    effective_month = _month(gettext_lazy("Paid again from the month"))


class TerminateForm(DecisionForm):
    last_month = _month(gettext_lazy("Last month paid"))
    reason = _text(gettext_lazy("Reason"), maxlength=300)


class DeathForm(DecisionForm):
    death_date = _date(gettext_lazy("Date of death"))
    payee_name = _text(gettext_lazy("Who organises the funeral"), maxlength=120)


class RemarriageForm(DecisionForm):
    married_on = _date(gettext_lazy("Date of the marriage"))


class TransferForm(DecisionForm):
    to_commune = forms.CharField(label=gettext_lazy("New commune"), required=False, widget=forms.Select())
    slip_month = _month(gettext_lazy("Paid up to the month (transfer slip)"))

    def __init__(self, *args: Any, record: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if record is not None:
            self.fields["to_commune"].widget.choices = [
                ("", CHOOSE),
                *selectors.transfer_communes(record=record),
            ]


KINDS: dict[str, tuple[type[DecisionForm], Any, Any]] = {
    "enrol": (
        EnrolForm,
        gettext_lazy("Decide the monthly allowance"),
        gettext_lazy("The allowance was decided."),
    ),
    "assessment": (
        AssessmentDecisionForm,
        gettext_lazy("New injury assessment"),
        gettext_lazy("The new assessment applies from its month."),
    ),
    "suspend": (
        SuspendForm,
        gettext_lazy("Suspend the allowance"),
        gettext_lazy("The allowance was suspended."),
    ),
    "resume": (ResumeForm, gettext_lazy("Resume the allowance"), gettext_lazy("The allowance was resumed.")),
    "terminate": (TerminateForm, gettext_lazy("End the allowance"), gettext_lazy("The allowance was ended.")),
    "death": (DeathForm, gettext_lazy("Record the death"), gettext_lazy("The death was recorded.")),
    "remarriage": (
        RemarriageForm,
        gettext_lazy("A martyr's spouse remarried"),
        gettext_lazy("The remarriage was recorded."),
    ),
    "transfer": (
        TransferForm,
        gettext_lazy("Transfer the dossier to another province"),
        gettext_lazy("The dossier was transferred."),
    ),
}


def _confirmation(kind: str, record: Any, data: inputs.EventInput) -> Confirmation:
    """What the decision does to the money, in the server's words."""
    name = record.person.full_name
    figures: dict[str, Any] = {"name": name, "number": data.decision.number}
    if kind == "enrol":
        assert data.decision.effective_month is not None
        figures["month"] = month_label(data.decision.effective_month)
        summary = _("%(name)s is paid the monthly merit allowance from %(month)s (decision %(number)s).")
    elif kind == "assessment":
        summary = _(
            "The amount of %(name)s changes from the month of the new assessment (decision %(number)s)."
        )
    elif kind == "suspend":
        assert data.decision.effective_month is not None
        figures["month"] = month_label(data.decision.effective_month)
        summary = _("The allowance of %(name)s is not paid from %(month)s until it is resumed.")
    elif kind == "resume":
        assert data.decision.effective_month is not None
        figures["month"] = month_label(data.decision.effective_month)
        summary = _("The allowance of %(name)s is paid again from %(month)s.")
    elif kind == "terminate":
        assert data.month is not None
        figures["month"] = month_label(data.month)
        summary = _(
            "The allowance of %(name)s ends: %(month)s is the last month paid; "
            "later months paid are listed for recovery."
        )
    elif kind == "death":
        assert data.day is not None
        figures["date"] = data.day.strftime("%d/%m/%Y")
        summary = _(
            "%(name)s died on %(date)s: the month of death is paid, then payment stops; "
            "the funeral allowance is paid by the next cycle."
        )
    elif kind == "remarriage":
        assert data.day is not None
        figures["date"] = data.day.strftime("%d/%m/%Y")
        summary = _(
            "%(name)s remarried on %(date)s: the allowance as a martyr's spouse stops from that month; "
            "months paid since are listed for recovery."
        )
    else:
        assert data.month is not None
        figures["month"] = month_label(data.month)
        summary = _(
            "The dossier of %(name)s goes to another province: this province pays up to %(month)s, "
            "the new one from the next month."
        )
    return Confirmation(
        title=f"{KINDS[kind][1]} — {name}",
        summary=summary % figures,
        cancel=record_url(record.pk),
        danger=kind in ("terminate", "death", "remarriage", "transfer"),
    )


def _call(kind: str, actor: Actor, record_id: int, data: inputs.EventInput, raw: dict[str, Any]) -> Any:
    common = {"actor": actor, "record_id": record_id, "decision": data.decision, "basis": data.basis}
    calls: dict[str, Callable[[], Any]] = {
        "enrol": lambda: services.allowance_enrol(**common, declared=data.declared, channel=data.channel),
        "assessment": lambda: services.assessment_decide(
            **common, assessment=merit_inputs.parse_assessment(raw)
        ),
        "suspend": lambda: services.allowance_suspend(**common, reason=data.reason),
        "resume": lambda: services.allowance_resume(**common),
        "terminate": lambda: services.allowance_terminate(
            **common, last_month=data.month, reason=data.reason
        ),  # type: ignore[arg-type]
        "death": lambda: services.merit_death(**common, death_date=data.day, payee_name=data.payee_name),
        "remarriage": lambda: services.spouse_remarried(**common, married_on=data.day),
        "transfer": lambda: services.dossier_transfer(
            **common, to_commune=data.to_commune, slip_month=data.month
        ),
    }
    return calls[kind]()


@officer_view
@requires("merit.change")
def allowance_event(request: HttpRequest, record_id: int, kind: str) -> HttpResponse:
    """GET: the decision's form; POST: confirmed first, then the service, then back to the record."""
    if kind not in KINDS:
        raise Http404
    actor: Any = request.user
    record = selectors.record_get(actor=actor, record_id=record_id, change=True)
    form_class, title, done = KINDS[kind]
    form = form_class(_posted(request), record=record) if kind == "transfer" else form_class(_posted(request))

    def save(form: ServiceForm) -> str | HttpResponse:
        raw = form.raw()
        data = inputs.parse_event(raw, kind=kind)
        if kind == "assessment":
            merit_inputs.parse_assessment(raw)  # every field checked before the question
        if asked := ask_first(request, _confirmation(kind, record, data)):
            return asked
        _call(kind, actor, record.pk, data, raw)
        # A transferred dossier has left the officer's province: back to the list.
        return reverse("merit:record_list") if kind == "transfer" else record_url(record.pk)

    return _form_page(
        request,
        form,
        save,
        title=title,
        lead=f"{record.person.full_name} — {record.get_category_display()}",
        back=record_url(record.pk),
        back_label=record.person.full_name,
        done=done,
        confirm=True,
    )
