"""Public pages: the benefit calculator (/calc/) and the legal parameters (/calc/parameters/).

Views only translate: form strings → the calculator's JSON facts → `calc.calculate` or
`law.provincial_level_set` → a page. The calculator needs no log-in; recording a province's
own level needs the `benefits.parameters` capability (and scope: a province officer's own province).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ansinh.benefits import law
from ansinh.benefits.calc.calculator import calculate
from ansinh.benefits.law import ParamRow, current_params
from ansinh.benefits.rules import HOUSEHOLD_LABELS, FactsError
from ansinh.benefits.rules import social_assistance as sa
from ansinh.core import clock, numbers
from ansinh.core.actors import Actor
from ansinh.core.dates import parse_date
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied
from ansinh.core.money import format_decimal, format_vnd
from ansinh.core.webkit.confirm import Confirmation, ask_first
from ansinh.core.webkit.forms import DATE_ATTRS, ServiceForm, add_service_errors
from ansinh.geo.models import AdminUnit, Level

# --- forms ------------------------------------------------------------------------------------------


def _provinces() -> list[tuple[str, str]]:
    return list(
        AdminUnit.objects.current().filter(level=Level.PROVINCE).order_by("code").values_list("code", "name")
    )


def _date_field(label: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.TextInput(attrs=DATE_ATTRS))


def _household_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext_lazy("Household"),
        choices=list(HOUSEHOLD_LABELS.items()),
        initial="none",
        required=False,
    )


def _province_field(blank: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=gettext_lazy("Province"), required=False, choices=[("", blank)])


class CalcForm(ServiceForm):
    on = _date_field(gettext_lazy("Date of the calculation"))
    birth_date = _date_field(gettext_lazy("Date of birth"))
    household = _household_field()
    province = _province_field(gettext_lazy("— national level —"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["province"]).choices = [
            ("", _("— national level —")),
            *_provinces(),
        ]
        if not self.is_bound:
            self.initial.setdefault("on", clock.today().strftime("%d/%m/%Y"))

    def facts(self) -> dict[str, Any] | None:
        """The calculator's JSON facts, or None (errors added) when a value cannot be read at all."""
        self.is_valid()
        data = dict(self.cleaned_data)
        for name in ("on", "birth_date"):
            data[name] = _read_date(self, name)
        data["province"] = data.get("province") or None
        data["household"] = data.get("household") or "none"
        for name in self.numbers:
            data[name] = _read_number(self, name)
        return None if self.errors else data

    numbers: tuple[str, ...] = ()


class SocialAssistanceForm(CalcForm):
    regime = "social-assistance"
    numbers = ("children",)
    clauses = forms.MultipleChoiceField(
        label=gettext_lazy("Groups (Decree 20/2021/NĐ-CP, Art. 5)"),
        required=False,
        choices=list(sa.CLAUSE_NAMES.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    disability = forms.ChoiceField(
        label=gettext_lazy("Disability level (clause 6)"),
        required=False,
        choices=[
            ("", gettext_lazy("— none —")),
            ("severe", gettext_lazy("Severe disability")),
            ("especially_severe", gettext_lazy("Especially severe disability")),
        ],
    )
    children = forms.CharField(
        label=gettext_lazy("Children being raised (clause 4)"),
        required=False,
        initial="0",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2, "size": 3}),
    )
    studying = forms.BooleanField(label=gettext_lazy("Still studying (aged 16 to 22)"), required=False)
    field_order = [
        "on",
        "birth_date",
        "clauses",
        "disability",
        "household",
        "children",
        "studying",
        "province",
    ]


class SocialPensionForm(CalcForm):
    regime = "social-pension"
    numbers = ("pension_monthly",)
    pension_monthly = forms.CharField(
        label=gettext_lazy("Monthly pension or social-insurance benefit (đồng)"),
        required=False,
        initial="0",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
    )
    field_order = ["on", "birth_date", "household", "pension_monthly", "province"]


class UnemploymentForm(ServiceForm):
    """For a worker: how much unemployment benefit, for how long, from when (Law 38/2013, Law 74/2025)."""

    regime = "unemployment-benefit"
    termination_date = _date_field(gettext_lazy("Day the labour contract ended"))
    filed_on = _date_field(gettext_lazy("Day you file (or filed) at the employment centre"))
    avg_salary_6m = forms.CharField(
        label=gettext_lazy("Average monthly salary paid into unemployment insurance, last 6 months (đồng)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 13}),
    )
    contribution_months = forms.CharField(
        label=gettext_lazy("Months of unemployment-insurance contributions not yet used"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 3, "size": 4}),
    )
    salary_regime = forms.ChoiceField(
        label=gettext_lazy("Salary"),
        required=False,
        initial="employer",
        choices=[
            ("employer", gettext_lazy("Set by the employer")),
            ("state", gettext_lazy("State pay scale")),
        ],
    )
    region = forms.ChoiceField(
        label=gettext_lazy("Minimum-wage region of the employer"),
        required=False,
        initial="1",
        choices=[("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV")],
    )
    short_contract = forms.BooleanField(
        label=gettext_lazy("Seasonal or short contract (under 12 months)"), required=False
    )
    pension = forms.ChoiceField(
        label=gettext_lazy("Pension"),
        required=False,
        initial="none",
        choices=[
            ("none", gettext_lazy("Not eligible for a pension")),
            ("eligible", gettext_lazy("Eligible for a pension, not receiving it")),
            ("receiving", gettext_lazy("Receiving a pension or monthly disability allowance")),
        ],
    )

    def facts(self) -> dict[str, Any] | None:
        self.is_valid()
        data = self.cleaned_data
        facts: dict[str, Any] = {
            "termination_date": _read_date(self, "termination_date"),
            "avg_salary_6m": _read_number(self, "avg_salary_6m") or None,
            "contribution_months": _read_number(self, "contribution_months"),
            "salary_regime": data.get("salary_regime") or "employer",
            "region": int(data.get("region") or 1),
            "short_contract": bool(data.get("short_contract")),
            "receiving_pension": data.get("pension") == "receiving",
            "pension_eligible": data.get("pension") in ("eligible", "receiving"),
        }
        filed_on = _read_date(self, "filed_on")
        if filed_on:
            facts["filed_on"] = filed_on
        if not (self.cleaned_data.get("contribution_months") or "").strip():
            facts["contribution_months"] = None
        return None if self.errors else facts


FORMS: dict[str, type[Any]] = {
    "social-assistance": SocialAssistanceForm,
    "social-pension": SocialPensionForm,
    "unemployment-benefit": UnemploymentForm,
}
TITLES = {
    "social-assistance": gettext_lazy("Monthly social assistance"),
    "social-pension": gettext_lazy("Social pension"),
    "unemployment-benefit": gettext_lazy("Unemployment benefit: how much, for how long"),
}


def _read_date(form: forms.Form, name: str) -> str | None:
    try:
        value = parse_date(form.cleaned_data.get(name), field=name)
    except ApplicationError as exc:
        form.add_error(name, str(exc.message))
        return None
    return value.isoformat() if value else None  # None: the calculator says the fact is required


def _read_number(form: forms.Form, name: str) -> int | None:
    try:
        value = numbers.parse_amount(form.cleaned_data.get(name) or "", field=name)
    except ApplicationError as exc:
        form.add_error(name, str(exc.message))
        return None
    return value or 0


def _add_facts_error(form: forms.Form, exc: FactsError) -> None:
    """Beside its field, without the "field: " prefix the CLI and the API need."""
    message = str(exc.message)
    if exc.field and message.startswith(f"{exc.field}: "):
        message = message[len(exc.field) + 2 :]
        message = message[:1].upper() + message[1:]
    form.add_error(exc.field if exc.field in form.fields else None, message)


# --- the calculator ---------------------------------------------------------------------------------


@dataclass
class Card:
    regime: str
    title: Any
    form: Any
    result: Any = None

    @property
    def amount(self) -> str:
        return format_vnd(self.result.monthly_amount) if self.result else ""

    @property
    def lines(self) -> list[dict[str, Any]]:
        if not self.result:
            return []
        return [{**line.as_dict(), "amount_text": format_vnd(line.amount)} for line in self.result.lines]


@require_http_methods(["GET", "POST"])
def calc_page(request: HttpRequest) -> HttpResponse:
    posted = request.POST.get("regime") if request.method == "POST" else None
    if request.method == "POST" and posted not in FORMS:
        raise Http404
    cards = {}
    for regime, form_class in FORMS.items():
        form = form_class(request.POST if regime == posted else None, prefix=_prefix(regime))
        cards[regime] = Card(regime=regime, title=TITLES[regime], form=form)
    if posted:
        card = cards[posted]
        card.result = _calculate(card.form, posted)
        htmx = bool(getattr(request, "htmx", False))
        status = 200 if not card.form.errors or htmx else 422
        if htmx:
            return render(request, "benefits/calc_card.html", {"card": card}, status=status)
        return render(
            request, "benefits/calc.html", {"cards": cards.values(), "active": posted}, status=status
        )
    active = request.GET.get("regime") if request.GET.get("regime") in FORMS else "social-assistance"
    return render(request, "benefits/calc.html", {"cards": cards.values(), "active": active})


def _prefix(regime: str) -> str:
    return {"social-assistance": "sa", "social-pension": "sp"}.get(regime, "ui")


def _calculate(form: Any, regime: str) -> Any:
    facts = form.facts()
    if facts is None:
        return None
    try:
        return calculate(regime, facts)
    except FactsError as exc:
        _add_facts_error(form, exc)
        return None


# --- the legal parameters ---------------------------------------------------------------------------

MONEY_KEYS = (
    "sa.standard", "sp.level", "wage.base_salary", "wage.regional_minimum.1", "wage.regional_minimum.2",
    "wage.regional_minimum.3", "wage.regional_minimum.4",
)  # fmt: skip
PARAM_NAMES = {
    "sa.standard": gettext_lazy("Social-assistance standard level"),
    "sa.funeral.multiplier": gettext_lazy("Funeral support: multiple of the standard level"),
    "sa.age.child": gettext_lazy("A child is under this age"),
    "sa.age.elderly": gettext_lazy("An elderly person is at least this age"),
    "sp.level": gettext_lazy("Social-pension level"),
    "sp.funeral.multiplier": gettext_lazy("Social-pension funeral support: multiple of the level"),
    "sp.age.general": gettext_lazy("Social-pension age"),
    "sp.age.poor": gettext_lazy("Social-pension age in a poor or near-poor household"),
    "wage.base_salary": gettext_lazy("Base salary"),
    "wage.regional_minimum.1": gettext_lazy("Regional minimum wage, region I"),
    "wage.regional_minimum.2": gettext_lazy("Regional minimum wage, region II"),
    "wage.regional_minimum.3": gettext_lazy("Regional minimum wage, region III"),
    "wage.regional_minimum.4": gettext_lazy("Regional minimum wage, region IV"),
    "ui.rate": gettext_lazy("Unemployment benefit: share of the average contribution salary"),
    "ui.cap.multiple": gettext_lazy("Unemployment benefit cap: multiple of the base salary or minimum wage"),
}


def param_name(key: str) -> str:
    if key in sa.LABELS:
        return _("Coefficient — %(group)s") % {"group": str(sa.LABELS[key]) % {"n": "n"}}
    return str(PARAM_NAMES.get(key, key))


class ProvincialLevelForm(ServiceForm):
    key = forms.ChoiceField(
        label=gettext_lazy("Level"),
        choices=[(k, PARAM_NAMES[k]) for k in law.PROVINCIAL_KEYS],
        required=False,
    )
    province_code = forms.ChoiceField(label=gettext_lazy("Province"), required=False)
    valid_from = _date_field(gettext_lazy("Applies from"))
    value = forms.CharField(
        label=gettext_lazy("Monthly amount (đồng)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
    )
    citation = forms.CharField(
        label=gettext_lazy("People's Council resolution"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "Nghị quyết 15/2025/NQ-HĐND tỉnh …", "maxlength": 300}),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provinces = _provinces()
        if actor.scope_level == "province" and actor.scope_unit is not None:
            provinces = [(c, n) for c, n in provinces if c == actor.scope_unit.code]
        cast(forms.ChoiceField, self.fields["province_code"]).choices = provinces


def _row_view(row: ParamRow, provinces: dict[str, str], today: dt.date) -> dict[str, Any]:
    money = row.key in MONEY_KEYS
    return {
        "row": row,
        "name": param_name(row.key),
        "where": provinces.get(row.province_code, row.province_code) if row.province_code else _("National"),
        "value": format_vnd(int(row.value)) if money else format_decimal(row.value),
        "in_force": row.covers(today),
    }


@require_http_methods(["GET", "POST"])
def parameters_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    can_set = user.is_authenticated and user.can("benefits.parameters")
    form = ProvincialLevelForm(actor=user) if can_set else None
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_set:
            raise DjangoPermissionDenied(_("You do not have permission to do this."))
        form = ProvincialLevelForm(request.POST, actor=user)
        if form.is_valid() and (asked := ask_first(request, _ask_level(form))):
            return asked
        if _save_level(request, form):
            messages.success(request, _("The provincial level was recorded."))
            return redirect("calc:parameters")
    provinces = dict(_provinces())
    today = clock.today()
    rows = [_row_view(row, provinces, today) for row in current_params().rows()]
    status = 422 if form is not None and form.errors else 200
    return render(request, "benefits/parameters.html", {"rows": rows, "form": form}, status=status)


def _ask_level(form: ProvincialLevelForm) -> Confirmation:
    """A provincial level changes every benefit computed from it in that province: say which and how much."""
    data = form.cleaned_data
    digits = (data.get("value") or "").replace(".", "").replace(",", "").replace(" ", "")
    figures = {
        "level": PARAM_NAMES.get(data.get("key") or "", data.get("key") or "—"),
        "province": dict(_provinces()).get(data.get("province_code") or "", "—"),
        "value": format_vnd(int(digits)) if digits.isdigit() else digits or "—",
        "from": data.get("valid_from") or "—",
    }
    return Confirmation(
        title=_("Set a provincial level"),
        summary=_("Set %(level)s of %(province)s to %(value)s from %(from)s.") % figures,
        details=[_("Every benefit computed from this level in the province changes from that date.")],
        cancel=reverse("calc:parameters"),
        action=_("Record the level"),
    )


def _save_level(request: HttpRequest, form: ProvincialLevelForm) -> bool:
    form.is_valid()
    data = form.cleaned_data
    valid_from = _read_date(form, "valid_from")
    value = (data.get("value") or "").replace(".", "").replace(",", "").replace(" ", "")
    if form.errors:
        return False
    try:
        law.provincial_level_set(
            actor=request.user,
            key=data.get("key") or "",
            province_code=data.get("province_code") or "",
            valid_from=dt.date.fromisoformat(valid_from) if valid_from else None,  # type: ignore[arg-type]
            value=value,
            citation=data.get("citation") or "",
        )
    except NotFound:
        raise Http404 from None
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc.message)) from None
    except ApplicationError as exc:
        add_service_errors(form, exc)
        return False
    return True
