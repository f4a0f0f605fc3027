"""Policy-cost simulation pages: the scenario form (run as a background job) and the job's result.

Views only translate: the form carries strings, `benefits.simulation.costs` parses and checks them, the job
computes; the result page reads the job's stored figures. Nothing here writes except the Job row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansinh.benefits.law import MissingParameter, current_params
from ansinh.benefits.models import Regime
from ansinh.benefits.rules.social_assistance import CLAUSE_NAMES, CLAUSES, LABELS
from ansinh.benefits.simulation.costs import (
    Cell,
    SimulationResult,
    check_scenario,
    clause_order,
    coefficient_keys,
    parse_scenario,
)
from ansinh.core import clock
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, NotFound
from ansinh.core.jobs import job_get, job_start
from ansinh.core.models import Job
from ansinh.core.money import format_decimal, format_vnd
from ansinh.core.numbers import round_half_up
from ansinh.core.periods import month_of
from ansinh.core.webkit.forms import ServiceForm, add_service_errors
from ansinh.core.webkit.views import form_status, officer_view, requires
from ansinh.geo.models import AdminUnit, Level

JOB_KIND = "benefits.simulate"
RECENT = 10


def _field_name(key: str) -> str:
    return "coef_" + key.removeprefix("sa.coef.").replace(".", "__")


class SimulationForm(ServiceForm):
    regime = forms.CharField(
        label=gettext_lazy("Regime"), required=False, widget=forms.Select(choices=Regime.own_choices())
    )
    standard = forms.CharField(
        label=gettext_lazy("New standard level (đồng a month)"),
        required=False,
        help_text=gettext_lazy(
            "The national level: social assistance standard, or the social-pension level."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 12}),
    )
    from_month = forms.CharField(
        label=gettext_lazy("From month"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "mm/yyyy", "inputmode": "numeric", "maxlength": 7}),
    )
    province = forms.CharField(label=gettext_lazy("Province or city"), required=False, widget=forms.Select())

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if actor.scope_level == "province":
            del self.fields["province"]  # a province officer simulates their own province
        else:
            provinces = AdminUnit.objects.current().filter(level=Level.PROVINCE).order_by("code")
            choices = [("", _("The whole country")), *provinces.values_list("code", "name")]
            self.fields["province"].widget.choices = choices
        params = current_params()
        for key in sorted(coefficient_keys(params), key=_decree_order):
            field = forms.CharField(label=_coefficient_label(key), required=False, help_text=key)
            field.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "size": 5})
            field.widget.attrs["placeholder"] = _current(params, key)
            field.coefficient_key = key  # type: ignore[attr-defined]
            self.fields[_field_name(key)] = field

    @property
    def coefficient_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("coef_")]

    @property
    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith("coef_")]

    def scenario_raw(self) -> dict[str, Any]:
        raw = self.raw()
        coefficients = {
            self.fields[name].coefficient_key.removeprefix("sa.coef."): value  # type: ignore[attr-defined]
            for name, value in raw.items()
            if name.startswith("coef_") and value
        }
        return {
            "regime": raw.get("regime"),
            "standard": raw.get("standard"),
            "from_month": raw.get("from_month"),
            "coefficients": coefficients,
            "province_code": raw.get("province"),
        }


def _decree_order(key: str) -> tuple[int, str]:
    clause = key.removeprefix("sa.coef.").split(".")[0]
    return (CLAUSES.index(clause) if clause in CLAUSES else len(CLAUSES), key)


def _coefficient_label(key: str) -> Any:
    if key == "sa.coef.4.per_child":  # the rules' line label counts the children; here it is one child
        return _("Clause 4: poor or near-poor single parent, for each child raised")
    return LABELS.get(key, key)


def _current(params: Any, key: str) -> str:
    """The coefficient in force today, shown as the field's placeholder."""
    try:
        return format_decimal(params.national(key, clock.today()).value)
    except MissingParameter:
        return ""


@officer_view
@requires("benefits.simulate")
def simulation_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = SimulationForm(request.POST or None, actor=user)
    if request.method == "POST":
        try:
            scenario = parse_scenario(form.scenario_raw())
            province = check_scenario(actor=user, scenario=scenario)
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            params = {**scenario.as_params(), "province_code": province}
            job = job_start(actor=user, kind=JOB_KIND, params=params, province_code=province or "")
            return redirect("simulations:job", job.pk)
    recent = Job.objects.filter(kind=JOB_KIND, created_by=user)[:RECENT]
    context = {"form": form, "recent": [_describe(job) for job in recent]}
    return render(request, "benefits/simulation.html", context, status=form_status(form))


@officer_view
@requires("benefits.simulate")
def simulation_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get(actor=request.user, job_id=job_id)
    if job.kind != JOB_KIND:
        raise NotFound("job")
    scenario = _describe(job)
    context: dict[str, Any] = {
        "job": job,
        "scenario": scenario,
        "where": _province_name(scenario["province"]),
    }
    if job.status == "succeeded" and job.result:
        result = SimulationResult.from_dict(job.result)
        names = result.province_names
        total = result.total
        context.update(
            result=result,
            baseline_level=_n(result.baseline_level),
            cards={
                "before": _millions(total.baseline_yearly),
                "after": _millions(total.scenario_yearly),
                "difference": _millions(total.difference_yearly, signed=True),
            },
            total=_row("", result.total),
            provinces=[
                _row(names.get(code, code), cell) for code, cell in sorted(result.by_province.items())
            ],
            clauses=[_clause_row(clause, cell) for clause, cell in clause_order(result.by_clause)],
        )
    return render(request, "benefits/simulation_result.html", context)


def _describe(job: Job) -> dict[str, Any]:
    """The scenario of a job, in words, for the lists and the result page."""
    params = job.params or {}
    regime = params.get("regime", "")
    return {
        "job": job,
        "regime": Regime(regime).label if regime in Regime.values else regime,
        "standard": _n(params.get("standard")),
        "from_month": _month(params.get("from_month")),
        "coefficients": [
            (spec, format_decimal(Decimal(v))) for spec, v in (params.get("coefficients") or {}).items()
        ],
        "province": params.get("province_code") or "",
        "where": _province_name(params.get("province_code") or ""),
    }


def _province_name(code: str) -> str:
    if not code:
        return ""
    unit = AdminUnit.objects.current().filter(level=Level.PROVINCE, code=code).first()
    return unit.name if unit else code


def _month(value: str | None) -> dt.date | None:
    return month_of(dt.date.fromisoformat(value)) if value else None


def _row(label: str, cell: Cell, title: str = "") -> dict[str, Any]:
    """A table row with every figure written the local way (1.234.567 in Vietnamese, signed changes)."""
    change = (
        format_decimal(round_half_up(Decimal(cell.difference) * 100 / Decimal(cell.baseline), 2))
        if cell.baseline
        else None
    )
    if change is not None and cell.difference > 0:
        change = f"+{change}"
    return {
        "label": label,
        "title": title,
        "persons": _n(cell.persons),
        "baseline": _n(cell.baseline),
        "scenario": _n(cell.scenario),
        "difference": _signed(cell.difference),
        "baseline_yearly": _n(cell.baseline_yearly),
        "scenario_yearly": _n(cell.scenario_yearly),
        "difference_yearly": _signed(cell.difference_yearly),
        "change_percent": change,
        "gaining": _n(cell.gaining),
        "losing": _n(cell.losing),
        "unchanged": _n(cell.unchanged),
    }


def _millions(value: int, *, signed: bool = False) -> str:
    """Millions of đồng with one decimal (32.769,4): the headline figures, too long in full."""
    text = format_decimal(round_half_up(Decimal(abs(value)) / 1_000_000, 1))
    sign = "-" if value < 0 else "+" if signed and value > 0 else ""
    return sign + text


def _n(value: int | None) -> str:
    return "" if value is None else format_vnd(value, unit=False)


def _signed(value: int) -> str:
    return f"+{_n(value)}" if value > 0 else f"-{_n(-value)}" if value < 0 else _n(0)


def _clause_row(clause: str, cell: Cell) -> dict[str, Any]:
    if not clause:
        return _row(_("Social pension"), cell)
    label = (_("Clause %(clause)s") % {"clause": clause}).replace(" ", "\u00a0")  # "Khoản 5a" on one line
    return _row(label, cell, str(CLAUSE_NAMES.get(clause, "")))
