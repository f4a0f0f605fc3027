"""Support programme pages: the list, a programme with its policies, the definition forms (programme,
policy with its conditions, a province's own criteria and amount) and the dry-run followed as a job.

Views only translate: the forms carry strings, `inputs` parses them, one service call writes.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.jobs import job_get, job_start
from ansinh.core.models import Job
from ansinh.core.money import format_vnd
from ansinh.core.webkit import listkit
from ansinh.core.webkit.forms import DATE_ATTRS, ServiceForm, add_service_errors, select_field, text_field
from ansinh.core.webkit.views import form_status, officer_view, requires
from ansinh.programmes import inputs, lists, rules, selectors, services
from ansinh.programmes.jobs import JOB_KIND
from ansinh.programmes.models import AmountKind, Confidence, Policy, Programme, ProgrammeStatus, Unit

RECENT = 10


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


class ProgrammeForm(ServiceForm):
    code = text_field(maxlength=40, autocomplete="off")
    name = text_field(maxlength=200)
    legal_basis = text_field(maxlength=400)
    event_from = forms.CharField(required=False, widget=forms.TextInput(attrs=DATE_ATTRS))
    event_to = forms.CharField(required=False, widget=forms.TextInput(attrs=DATE_ATTRS))
    apply_until = forms.CharField(required=False, widget=forms.TextInput(attrs=DATE_ATTRS))
    budget = text_field(inputmode="numeric")
    funding_source = text_field(maxlength=300)
    status = select_field(ProgrammeStatus.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    field_labels = {
        "code": gettext_lazy("Code"),
        "name": gettext_lazy("Programme"),
        "legal_basis": gettext_lazy("Legal basis"),
        "event_from": gettext_lazy("Event from"),
        "event_to": gettext_lazy("Event to"),
        "apply_until": gettext_lazy("Applications until"),
        "budget": gettext_lazy("Budget (đồng)"),
        "funding_source": gettext_lazy("Funding source"),
        "status": gettext_lazy("Status"),
        "note": gettext_lazy("Note"),
    }


def _fact_choices() -> list[tuple[str, Any]]:
    return [("", "—"), *((name, fact.label) for name, fact in rules.FACTS.items())]


def _op_choices() -> list[tuple[str, Any]]:
    return [("", "—"), *rules.OPERATOR_LABELS.items()]


def _number_fields() -> list[tuple[str, Any]]:
    return [("", "—"), *((name, rules.FACTS[name].label) for name in rules.NUMBER_FIELDS)]


class ConditionsMixin(ServiceForm):
    def add_condition_rows(self) -> None:
        for i in range(inputs.CONDITION_ROWS):
            self.fields[f"c{i}_fact"] = select_field(_fact_choices())
            self.fields[f"c{i}_op"] = select_field(_op_choices())
            self.fields[f"c{i}_value"] = text_field(maxlength=300)
            self.fields[f"c{i}_group"] = text_field(maxlength=20, size=6)

    @property
    def condition_rows(self) -> list[list[Any]]:
        return [
            [self[f"c{i}_{part}"] for part in ("fact", "op", "value", "group")]
            for i in range(inputs.CONDITION_ROWS)
        ]

    @property
    def main_fields(self) -> list[Any]:
        return [
            self[name] for name in self.fields if not (name[0] == "c" and "_" in name and name[1].isdigit())
        ]


class PolicyForm(ConditionsMixin):
    code = text_field(maxlength=40, autocomplete="off")
    name = text_field(maxlength=200)
    unit = select_field(Unit.choices)
    citation = text_field(maxlength=300)
    confidence = select_field(Confidence.choices)
    position = text_field(inputmode="numeric", size=4)
    amount_kind = select_field(AmountKind.choices)
    amount = text_field(inputmode="numeric")
    multiple = text_field(inputmode="decimal", size=6)
    tier_field = select_field()
    tiers = text_field(placeholder="15: 1.855.000; 30: 3.710.000")
    per_field = select_field()
    cap_quantity = text_field(inputmode="numeric", size=4)
    pregnancy_addon = text_field(inputmode="numeric")
    child_addon = text_field(inputmode="numeric")
    exclusive_group = text_field(maxlength=40)
    in_kind = text_field(maxlength=200)
    reference_date = forms.CharField(required=False, widget=forms.TextInput(attrs=DATE_ATTRS))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    field_labels = {
        "code": gettext_lazy("Code"),
        "name": gettext_lazy("Policy"),
        "unit": gettext_lazy("Paid per"),
        "citation": gettext_lazy("Legal citation"),
        "confidence": gettext_lazy("Confidence"),
        "position": gettext_lazy("Order"),
        "amount_kind": gettext_lazy("How the amount is set"),
        "amount": gettext_lazy("Support amount (đồng)"),
        "multiple": gettext_lazy("Multiple of the standard level"),
        "tier_field": gettext_lazy("Tiers by"),
        "tiers": gettext_lazy("Tiers (from: amount)"),
        "per_field": gettext_lazy("Multiplied by"),
        "cap_quantity": gettext_lazy("At most (days or months)"),
        "pregnancy_addon": gettext_lazy("Pregnancy add-on (đồng)"),
        "child_addon": gettext_lazy("Add-on per child under 6 (đồng)"),
        "exclusive_group": gettext_lazy("Excludes the policies of group"),
        "in_kind": gettext_lazy("In kind"),
        "reference_date": gettext_lazy("Registry facts read on (empty: end of the event)"),
        "note": gettext_lazy("Note"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tier_field"].widget.choices = _number_fields()
        self.fields["per_field"].widget.choices = _number_fields()
        self.add_condition_rows()


class ProvinceCriteriaForm(ConditionsMixin):
    amount = text_field(inputmode="numeric")
    citation = text_field(maxlength=300)
    field_labels = {
        "amount": gettext_lazy("The province's amount (đồng)"),
        "citation": gettext_lazy("The province's decision"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_condition_rows()


def _refuse(form: forms.Form, exc: ApplicationError) -> None:
    """Condition errors ("conditions.2.value") are shown on top with the row's number."""
    errors = exc.errors if isinstance(exc, ValidationFailed) else [exc]
    for error in errors:
        if error.field and error.field.startswith("conditions."):
            row = int(error.field.split(".")[1]) + 1
            error.message = _("Condition %(row)s: %(message)s") % {"row": row, "message": error.message}
            error.field = None
    add_service_errors(form, exc)


def _programme_initial(programme: Programme) -> dict[str, Any]:
    return {
        "code": programme.code,
        "name": programme.name,
        "legal_basis": programme.legal_basis,
        "event_from": _date(programme.event_from),
        "event_to": _date(programme.event_to),
        "apply_until": _date(programme.apply_until),
        "budget": programme.budget if programme.budget is not None else "",
        "funding_source": programme.funding_source,
        "status": programme.status,
        "note": programme.note,
    }


def _condition_initial(conditions: list[Any]) -> dict[str, Any]:
    initial = {}
    for i, c in enumerate(conditions[: inputs.CONDITION_ROWS]):
        initial.update(
            {f"c{i}_fact": c.fact, f"c{i}_op": c.op, f"c{i}_value": c.value, f"c{i}_group": c.group}
        )
    return initial


def _policy_initial(policy: Policy) -> dict[str, Any]:
    tiers = "; ".join(f"{t.from_quantity}: {format_vnd(t.amount, unit=False)}" for t in policy.tiers.all())
    values = {
        name: getattr(policy, name)
        for name in (
            "code", "name", "unit", "citation", "confidence", "position", "amount_kind", "amount", "multiple",
            "tier_field", "per_field", "cap_quantity", "pregnancy_addon", "child_addon", "exclusive_group",
            "in_kind", "note",
        )
    }  # fmt: skip
    values = {k: ("" if v is None else v) for k, v in values.items()}
    national = [c for c in policy.conditions.all() if not c.province_code]
    return {
        **values,
        "tiers": tiers,
        "reference_date": _date(policy.reference_date),
        **_condition_initial(national),
    }


# --- pages ----------------------------------------------------------------------------------------


@officer_view
@requires("programmes.view")
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    return listkit.respond(request, lists.PROGRAMMES, "programmes/list.html")


@officer_view
@requires("programmes.define")
def programme_new(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST if request.method == "POST" else None, initial={"status": "draft"})
    if request.method == "POST":
        try:
            programme = services.programme_create(actor=request.user, data=inputs.parse_programme(form.raw()))
        except ApplicationError as exc:
            _refuse(form, exc)
        else:
            return redirect("programmes:detail", programme.pk)
    context = {"form": form, "title": _("New programme")}
    return render(request, "programmes/programme_form.html", context, status=form_status(form))


def _describe_amount(policy: Policy) -> str:
    if policy.amount_kind == "fixed":
        text = format_vnd(policy.amount or 0)
    elif policy.amount_kind == "tiered":
        text = "; ".join(
            _("from %(q)s: %(amount)s") % {"q": t.from_quantity, "amount": format_vnd(t.amount)}
            for t in policy.tiers.all()
        )
    elif policy.amount_kind == "standard_multiple":
        text = _("%(multiple)s × the social-assistance standard level") % {"multiple": policy.multiple}
    else:
        text = str(AmountKind.PROVINCE_SET.label)
    if policy.per_field:
        cap = _(", at most %(cap)s") % {"cap": policy.cap_quantity} if policy.cap_quantity else ""
        text += f" × {str(rules.FACTS[policy.per_field].label).lower()}{cap}"
    return text


@officer_view
@requires("programmes.view")
@require_GET
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    actor: Any = request.user
    programme = selectors.access_programme(actor=actor, programme_id=programme_id)
    policies = selectors.programme_policies(actor=actor, programme=programme)
    province = selectors.actor_province(actor)
    rows = []
    for policy in policies:
        conditions = [
            {
                "text": rules.condition_text(selectors.condition_def(c)),
                "group": c.group,
                "province": c.province_code,
            }
            for c in policy.conditions.all()
        ]
        rows.append({"policy": policy, "amount": _describe_amount(policy), "conditions": conditions})
    may_define = actor.can("programmes.define") and (province or "") == programme.province_code
    context = {
        "programme": programme,
        "rows": rows,
        "may_define": may_define,
        "may_set_own": actor.can("programmes.define") and bool(province),
        "may_dry_run": actor.can("programmes.dryrun"),
    }
    return render(request, "programmes/programme_detail.html", context)


@officer_view
@requires("programmes.define")
def programme_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.access_programme(actor=request.user, programme_id=programme_id)
    services.may_define(request.user, programme.province_code)
    form = ProgrammeForm(
        request.POST if request.method == "POST" else None, initial=_programme_initial(programme)
    )
    if request.method == "POST":
        try:
            data = inputs.parse_programme(form.raw())
            services.programme_update(actor=request.user, programme=programme, data=data)
        except ApplicationError as exc:
            _refuse(form, exc)
        else:
            return redirect("programmes:detail", programme.pk)
    context = {"form": form, "title": _("Edit the programme"), "programme": programme}
    return render(request, "programmes/programme_form.html", context, status=form_status(form))


def _policy_page(request: HttpRequest, programme: Programme, policy: Policy | None) -> HttpResponse:
    services.may_define(request.user, programme.province_code)
    initial = (
        _policy_initial(policy)
        if policy
        else {"unit": "person", "confidence": "confirmed", "amount_kind": "fixed"}
    )
    form = PolicyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        try:
            data = inputs.parse_policy(form.raw())
            services.policy_save(actor=request.user, programme=programme, data=data, policy=policy)
        except ApplicationError as exc:
            _refuse(form, exc)
        else:
            return redirect("programmes:detail", programme.pk)
    context = {
        "form": form,
        "programme": programme,
        "title": _("Edit the policy") if policy else _("New policy"),
        "facts": rules.FACTS.values(),
    }
    return render(request, "programmes/policy_form.html", context, status=form_status(form))


@officer_view
@requires("programmes.define")
def policy_new(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.access_programme(actor=request.user, programme_id=programme_id)
    return _policy_page(request, programme, None)


@officer_view
@requires("programmes.define")
def policy_edit(request: HttpRequest, programme_id: int, policy_id: int) -> HttpResponse:
    programme = selectors.access_programme(actor=request.user, programme_id=programme_id)
    policy = selectors.access_policy(actor=request.user, programme=programme, policy_id=policy_id)
    return _policy_page(request, programme, policy)


@officer_view
@requires("programmes.define")
def province_criteria(request: HttpRequest, programme_id: int, policy_id: int) -> HttpResponse:
    actor: Any = request.user
    programme = selectors.access_programme(actor=actor, programme_id=programme_id)
    policy = selectors.access_policy(actor=actor, programme=programme, policy_id=policy_id)
    province = selectors.actor_province(actor) or ""
    if not province:
        raise PermissionDenied(_("Criteria set by a province are recorded by that province's officers."))
    own = [c for c in policy.conditions.all() if c.province_code == province]
    amount = policy.province_amounts.filter(province_code=province).first()
    initial = {
        **_condition_initial(own),
        "amount": amount.amount if amount else "",
        "citation": amount.citation if amount else "",
    }
    form = ProvinceCriteriaForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        try:
            raw = form.raw()
            errors: list[ApplicationError] = []
            value = inputs._integer(raw.get("amount"), "amount", errors, amount=True)
            if errors:
                raise ValidationFailed(errors)
            services.province_criteria_set(
                actor=actor,
                policy=policy,
                conditions=inputs.condition_rows(raw),
                amount=value,
                citation=raw.get("citation") or "",
            )
        except ApplicationError as exc:
            _refuse(form, exc)
        else:
            return redirect("programmes:detail", programme.pk)
    context = {
        "form": form,
        "programme": programme,
        "policy": policy,
        "title": _("The province's own criteria"),
    }
    return render(request, "programmes/province_form.html", context, status=form_status(form))


@officer_view
@requires("programmes.dryrun")
def dry_run_start(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The dry-run page: start one (a POST; it changes nothing but starts a job) and the recent ones."""
    actor: Any = request.user
    programme = selectors.access_programme(actor=actor, programme_id=programme_id)
    if request.method == "POST":
        province = selectors.actor_province(actor)
        job = job_start(
            actor=actor,
            kind=JOB_KIND,
            params={"programme_id": programme.pk, "province_code": None},
            province_code=programme.province_code or province or "",
        )
        return redirect("programmes:dry_run_job", job.pk)
    recent = [
        job
        for job in Job.objects.filter(kind=JOB_KIND, created_by=actor).order_by("-created_at")[: RECENT * 5]
        if (job.params or {}).get("programme_id") == programme.pk
    ][:RECENT]
    return render(request, "programmes/dry_run.html", {"programme": programme, "recent": recent})


@officer_view
@requires("programmes.dryrun")
@require_GET
def dry_run_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get(actor=request.user, job_id=job_id)
    if job.kind != JOB_KIND:
        raise NotFound("job")
    programme = selectors.access_programme(
        actor=request.user, programme_id=(job.params or {}).get("programme_id")
    )
    result = job.result if job.status == "succeeded" and job.result else None
    return render(
        request, "programmes/dry_run_result.html", {"job": job, "programme": programme, "result": result}
    )
