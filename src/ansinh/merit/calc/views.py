"""The public merit-allowance calculator (/calc/merit/): an officer or a citizen picks the date and the
category, gives the facts the category needs, and sees the monthly allowance with the appendix row behind
each amount. Nothing is saved, so the form is a GET.

Views only translate: query string → the facts of `rules.parse` → `rules.monthly_amount` → a page. Only the
facts the officer filled in are passed, so a fact that does not apply to the category is refused beside
its field rather than silently dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ansinh.benefits.rules import FactsError
from ansinh.core import clock, numbers
from ansinh.core.dates import parse_date
from ansinh.core.errors import ApplicationError
from ansinh.core.money import format_vnd
from ansinh.core.webkit.forms import DATE_ATTRS, ServiceForm
from ansinh.merit import rules

_NUMBER = {"inputmode": "numeric", "maxlength": 3, "autocomplete": "off"}


class MeritForm(ServiceForm):
    on = forms.CharField(
        label=gettext_lazy("Date the allowance is for"),
        required=False,
        widget=forms.TextInput(attrs=DATE_ATTRS),
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Category"),
        required=False,
        choices=[("", gettext_lazy("— choose —")), *rules.CATEGORY_LABELS.items()],
    )
    injury_rate = forms.CharField(
        label=gettext_lazy("Body-injury rate (%)"),
        help_text=gettext_lazy("War invalids, type-B invalids, sick soldiers and Agent Orange only."),
        required=False,
        widget=forms.TextInput(attrs=_NUMBER),
    )
    especially_severe = forms.BooleanField(
        label=gettext_lazy("Especially severe wounds or illness (injury rate from 81 per cent)"),
        required=False,
    )
    martyrs = forms.CharField(
        label=gettext_lazy("Number of martyrs (relatives of martyrs)"),
        required=False,
        widget=forms.TextInput(attrs=_NUMBER),
    )
    detached = forms.ChoiceField(
        label=gettext_lazy("Pre-1945 activist: detached cadre (thoát ly)?"),
        required=False,
        choices=[("", "—"), ("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
    )
    seniority_years = forms.CharField(
        label=gettext_lazy("Years of seniority (detached pre-1945 activists)"),
        required=False,
        widget=forms.TextInput(attrs=_NUMBER),
    )
    honour = forms.ChoiceField(
        label=gettext_lazy("Honour (helped the revolution)"),
        required=False,
        choices=[("", "—"), *rules.HONOURS.items()],
    )
    lives_at_home = forms.BooleanField(
        label=gettext_lazy("Lives with the family (at home)"), required=False, initial=True
    )
    lives_alone = forms.BooleanField(
        label=gettext_lazy("Lives alone (nurturing survivor allowance)"), required=False
    )
    posthumous_certificate = forms.BooleanField(
        label=gettext_lazy("Posthumous “Tổ quốc ghi công” certificate just awarded (one-off)"),
        required=False,
    )


def _message(exc: ApplicationError) -> str:
    """Beside its field, without the "field: " prefix the CLI and the API need."""
    message = str(exc.message)
    if exc.field and message.startswith(f"{exc.field}: "):
        message = message[len(exc.field) + 2 :]
        message = message[:1].upper() + message[1:]
    return message


def _facts(form: MeritForm) -> dict[str, Any] | None:
    data = form.cleaned_data
    facts: dict[str, Any] = {}
    try:
        on = parse_date(data.get("on"), field="on")
    except ApplicationError as exc:
        form.add_error("on", _message(exc))
        return None
    facts["on"] = (on or clock.today()).isoformat()
    facts["category"] = data.get("category") or None
    for name in ("injury_rate", "martyrs", "seniority_years"):
        try:
            value = numbers.parse_integer(data.get(name), field=name)
        except ApplicationError as exc:
            form.add_error(name, _message(exc))
            return None
        if value is not None:
            facts[name] = value
    if data.get("detached"):
        facts["detached"] = data["detached"] == "yes"
    if data.get("honour"):
        facts["honour"] = data["honour"]
    facts["lives_at_home"] = bool(data.get("lives_at_home"))
    for name in ("especially_severe", "lives_alone", "posthumous_certificate"):
        if data.get(name):
            facts[name] = True
    return facts


def _calculate(form: MeritForm) -> rules.MeritResult | None:
    facts = _facts(form)
    if facts is None:
        return None
    try:
        return rules.due(facts)
    except FactsError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, _message(exc))
        return None


@require_GET
def calc_page(request: HttpRequest) -> HttpResponse:
    submitted = "category" in request.GET
    if submitted:
        form = MeritForm(request.GET)
        form.is_valid()
        result = _calculate(form)
    else:
        form = MeritForm(initial={"on": clock.today().strftime("%d/%m/%Y"), "lives_at_home": True})
        form.is_valid()  # unbound: no errors, no data
        result = None
    on: dt.date = result.on if result else clock.today()
    context = {
        "form": form,
        "result": result,
        "monthly_text": format_vnd(result.monthly_amount) if result else "",
        "one_off_text": format_vnd(result.one_off_amount) if result and result.one_off else "",
        "standard_text": format_vnd(result.standard) if result else "",
        "on_text": rules.day(on),
        "rows": [
            {"label": line.label, "amount": format_vnd(line.amount), "basis": line.basis}
            for line in (*result.lines, *result.one_off)
        ]
        if result
        else [],
    }
    status = 422 if submitted and form.errors else 200
    return render(request, "merit/calc.html", context, status=status)
