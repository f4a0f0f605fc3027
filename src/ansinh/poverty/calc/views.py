"""The public poverty-standard calculator (/calc/poverty/): a citizen or an officer picks the date, the
area, types the income per capita and ticks the deprivations of the standard in force on that date, and
sees the classification with its steps and legal basis. Nothing is saved, so the form is a GET.

Views only translate: query string → the facts of `standard.parse_facts` → `standard.classify` → a page.
Changing the date re-draws the indicator list (htmx, or the "indicators for this date" button without
script); the boxes still in the new list stay ticked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ansinh.core import clock, numbers
from ansinh.core.dates import parse_date
from ansinh.core.errors import ApplicationError
from ansinh.core.money import format_vnd
from ansinh.core.webkit.forms import DATE_ATTRS, ServiceForm
from ansinh.poverty.standard import (
    AREA_LABELS,
    Indicator,
    PovertyInputError,
    Result,
    Standard,
    classify,
    parse_facts,
    standard_on,
)


class PovertyForm(ServiceForm):
    on = forms.CharField(
        label=gettext_lazy("Date the classification is for"),
        required=False,
        widget=forms.TextInput(attrs=DATE_ATTRS),
    )
    area = forms.ChoiceField(
        label=gettext_lazy("Area"),
        required=False,
        choices=[("", gettext_lazy("— choose —")), *AREA_LABELS.items()],
    )
    income_per_capita = forms.CharField(
        label=gettext_lazy("Income per person per month (đồng)"),
        help_text=gettext_lazy(
            "The household's income of the last 12 months divided by 12 and by its members."
        ),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 15, "autocomplete": "off"}),
    )


@dataclass
class Group:
    """The indicators of one dimension, as check boxes."""

    label: str
    boxes: list[dict[str, Any]] = field(default_factory=list)


def _message(exc: ApplicationError) -> str:
    """Beside its field, without the "field: " prefix the CLI and the API need."""
    message = str(exc.message)
    if exc.field and message.startswith(f"{exc.field}: "):
        message = message[len(exc.field) + 2 :]
        message = message[:1].upper() + message[1:]
    return message


def _groups(indicators: tuple[Indicator, ...], ticked: list[str]) -> list[Group]:
    groups: dict[str, Group] = {}
    for indicator in indicators:
        group = groups.setdefault(indicator.dimension, Group(indicator.dimension_label))
        group.boxes.append(
            {
                "code": indicator.code,
                "label": indicator.label,
                "threshold": indicator.threshold,
                "checked": indicator.code in ticked,
                "provisional": indicator.provisional,
            }
        )
    return list(groups.values())


def _read_on(form: PovertyForm) -> dt.date | None:
    try:
        on = parse_date(form.cleaned_data.get("on"), field="on")
    except ApplicationError as exc:
        form.add_error("on", _message(exc))
        return None
    return on if on is not None else clock.today()


def _standard(form: PovertyForm, on: dt.date | None) -> Standard | None:
    if on is None:
        return None
    try:
        return standard_on(on)
    except PovertyInputError as exc:
        form.add_error("on", _message(exc))
        return None


def _classify(form: PovertyForm, on: dt.date, ticked: list[str]) -> Result | None:
    try:
        income = numbers.parse_amount(form.cleaned_data.get("income_per_capita"), field="income_per_capita")
    except ApplicationError as exc:
        form.add_error("income_per_capita", _message(exc))
        return None
    facts = {
        "on": on.isoformat(),
        "area": form.cleaned_data.get("area") or None,
        "income_per_capita": income,
        "deprived": ticked,
    }
    try:
        return classify(parse_facts(facts))
    except PovertyInputError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, _message(exc))
        return None


@require_GET
def calc_page(request: HttpRequest) -> HttpResponse:
    query = request.GET
    submitted = "income_per_capita" in query
    refresh = bool(query.get("refresh"))
    data = query if submitted or "on" in query else None
    if data is None:
        form = PovertyForm(initial={"on": clock.today().strftime("%d/%m/%Y")})
        form.is_valid()  # unbound: no errors, no data
        on: dt.date | None = clock.today()
    else:
        form = PovertyForm(data)
        form.is_valid()
        on = _read_on(form)
    standard = _standard(form, on)
    ticked = query.getlist("deprived")
    if standard is not None:
        ticked = [code for code in ticked if code in standard.codes]  # a new date keeps the boxes it shares
    result = None
    if submitted and not refresh and on is not None and standard is not None:
        result = _classify(form, on, ticked)
    context = {
        "form": form,
        "standard": standard,
        "groups": _groups(standard.indicators, ticked) if standard else [],
        "result": result,
        "income_line_text": format_vnd(result.income_line) if result else "",
        "middle_bound_text": format_vnd(result.middle_bound) if result and result.middle_bound else "",
    }
    template = "poverty/calc_form.html" if getattr(request, "htmx", False) else "poverty/calc.html"
    status = 422 if submitted and not refresh and form.errors and not getattr(request, "htmx", False) else 200
    return render(request, template, context, status=status)
