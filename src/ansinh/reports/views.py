"""Pages of the reports app: figures entry, submissions and approval, plans, the catalogue.

Views only translate: read the request, call a selector or a service, render. Scope and capability
checks are the services' and selectors' (NotFound → 404, PermissionDenied → 403 through `officer_view`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ansinh.core import clock, numbers
from ansinh.core.errors import ApplicationError, NotFound, ValidationFailed
from ansinh.core.scope import require
from ansinh.core.webkit import listkit
from ansinh.core.webkit.confirm import Confirmation, confirms
from ansinh.core.webkit.views import officer_view, requires
from ansinh.reports import catalogue, compare, jobs, lists, selectors, services
from ansinh.reports import rules as report_rules
from ansinh.reports.compute import last_computed
from ansinh.reports.models import Indicator, PlanTarget, SourceKind
from ansinh.reports.periods import Period, parse_period, period_of


def _period(request: HttpRequest) -> Period:
    raw = request.GET.get("period") or request.POST.get("period") or ""
    if raw:
        try:
            return parse_period(raw)
        except ApplicationError:
            pass
    today = clock.today()
    return period_of("half", today).previous() if today.month in (1, 7) else period_of("half", today)


def _period_choices(current: Period) -> list[Period]:
    """Recent six-month and year periods, and the one being looked at."""
    year = clock.today().year
    choices = []
    for y in range(year, year - 3, -1):
        choices += [parse_period(f"{y}H2"), parse_period(f"{y}H1"), parse_period(str(y))]
    if current not in choices:
        choices.insert(0, current)
    return choices


def _query(**params: Any) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v})


# --- entry ------------------------------------------------------------------------------------------


@officer_view
def entry(request: HttpRequest) -> HttpResponse:
    require(request.user, "reports.view")
    period = _period(request)
    unit = selectors.report_unit(
        actor=request.user, unit_code=request.GET.get("unit") or request.POST.get("unit")
    )
    if unit is None:
        return redirect(reverse("reports:submissions") + _query(period=period.code))
    errors: dict[tuple[str, str], str] = {}
    posted: dict[str, str] = {}
    indicators = catalogue.indicator_list()
    if request.method == "POST":
        posted = request.POST.dict()
        items, codes = _items_from_post(request, unit, period, indicators)
        try:
            counts = services.values_write(actor=request.user, raw_items=items)
        except ValidationFailed as exc:
            errors = {
                (codes[e.params.get("index")], e.field.split(".", 1)[-1]): str(e.message) for e in exc.errors
            }
        else:
            messages.success(
                request, _("Saved: %(created)s added, %(updated)s changed, %(deleted)s removed.") % counts
            )
            return redirect(reverse("reports:entry") + _query(unit=unit.code, period=period.code))
    return render(
        request,
        "reports/entry.html",
        _entry_context(request, unit, period, indicators, errors, posted),
        status=422 if errors else 200,
    )


@officer_view
@require_POST
def entry_checks(request: HttpRequest) -> HttpResponse:
    """The warnings for the figures as typed, before saving (htmx on change): each placed next to its
    figures by an out-of-band swap. Nothing is written."""
    require(request.user, "reports.enter")
    period = _period(request)
    unit = selectors.report_unit(actor=request.user, unit_code=request.POST.get("unit"))
    if unit is None:
        raise NotFound("unit")
    indicators = catalogue.indicator_list()
    typed = report_rules.Figures()
    for ind in indicators:
        if not ind.enterable:
            continue
        numbers = [
            numbers_or_none(_typed_number(request.POST.get(f"{name}-{ind.code}", "").strip()))
            for name in ("value", "numerator", "denominator")
        ]
        if any(n is not None for n in numbers):
            typed.entered[ind.code] = (numbers[0], numbers[1], numbers[2])
    violations = report_rules.unit_checks(unit, period, entered=typed)
    warnings = report_rules.by_indicator(violations)
    rows = [
        {"indicator": ind, "warnings": [v.message() for v in warnings.get(ind.code, [])]}
        for ind in indicators
    ]
    return render(
        request, "reports/_checks_live.html", {"rows": rows, "violations": violations, "missing_units": []}
    )


def numbers_or_none(text: str) -> Decimal | None:
    """A typed number, or None when blank or not a number (the save reports those)."""
    try:
        number = Decimal(text) if text else None
    except InvalidOperation:
        return None
    return number if number is not None and number.is_finite() else None


def _items_from_post(request, unit, period, indicators) -> tuple[list[dict[str, Any]], list[str]]:
    entered = selectors.entered_values(unit=unit, period=period)
    items, codes = [], []
    for ind in indicators:
        if not ind.enterable:
            continue
        raw = {
            name: _typed_number(request.POST.get(f"{name}-{ind.code}", "").strip())
            for name in ("value", "numerator", "denominator")
        }
        raw["comment"] = request.POST.get(f"comment-{ind.code}", "").strip()
        if not any(raw[name] for name in ("value", "numerator", "denominator")) and ind.pk not in entered:
            continue
        items.append({"indicator": ind.code, "unit": unit.code, "period": period.code, **raw})
        codes.append(ind.code)
    return items, codes


_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")


def _typed_number(text: str) -> str:
    """What an officer types as a plain number: "62.850" and "62.850,5" are Vietnamese grouping, "2,8" too."""
    text = text.replace(" ", "")
    if _GROUPED.match(text):
        return text.replace(".", "").replace(",", ".")
    return text.replace(",", ".")


def _entry_context(request, unit, period, indicators, errors, posted) -> dict[str, Any]:
    entered = selectors.entered_values(unit=unit, period=period)
    computed = selectors.computed_values(unit=unit, period=period)
    when = last_computed(period.code)
    submission = selectors.submissions_for(period, [unit]).get(unit.pk)
    plans = selectors.plans_for(year=period.year, level=unit.level, codes=[unit.code])
    if submission is not None and submission.locked:
        violations = selectors.recorded_checks(submission)
    else:
        violations = report_rules.unit_checks(unit, period)
    warnings = report_rules.by_indicator(violations)
    rows = []
    for ind in indicators:
        value = entered.get(ind.pk)
        plan = plans.get((ind.pk, unit.code))
        rows.append(
            {
                "indicator": ind,
                "name": ind.name(request.LANGUAGE_CODE),
                "unit": ind.unit(request.LANGUAGE_CODE),
                "group": catalogue.group_name(ind.group),
                "entered": value,
                "computed": computed.get(ind.pk),
                "plan": plan,
                "implausible": compare.implausible(
                    value.value if value else None, plan.value if plan else None, ratio=ind.is_ratio
                ),
                "computed_at": when.get(ind.code) if ind.computed else None,
                "errors": {field: msg for (code, field), msg in errors.items() if code == ind.code},
                "warnings": [v.message() for v in warnings.get(ind.code, [])],
                "posted": {
                    name: posted.get(f"{name}-{ind.code}")
                    for name in ("value", "numerator", "denominator", "comment")
                },
            }
        )
    can_enter = request.user.can("reports.enter") and not (submission and submission.locked)
    return {
        "unit": unit,
        "period": period,
        "periods": _period_choices(period),
        "rows": rows,
        "has_errors": bool(errors),
        "submission": submission,
        "can_enter": can_enter,
        "can_submit": request.user.can("reports.enter") and not (submission and submission.locked),
        "attachments": list(submission.attachments.all()) if submission else [],
        "violations": violations,
        "missing_units": (submission.missing_units or []) if submission and submission.locked else [],
        "sources": SourceKind,
    }


@officer_view
@require_POST
def attachment_upload(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    unit_code = request.POST.get("unit", "")
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationFailed(
                [ApplicationError("attachment.missing", _("file: choose a file."), field="file")]
            )
        services.attachment_add(actor=request.user, unit_code=unit_code, period=period, upload=upload)
    except ValidationFailed as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The file was attached."))
    return redirect(reverse("reports:entry") + _query(unit=unit_code, period=period.code))


@officer_view
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_get(actor=request.user, attachment_id=pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


# --- submissions ------------------------------------------------------------------------------------


@officer_view
def submissions(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    overview = selectors.submission_overview(
        actor=request.user, period=period, unit_code=request.GET.get("unit")
    )
    unit = overview["unit"]
    context = {
        **overview,
        "period": period,
        "periods": _period_choices(period),
        "approver": _approves_below(request.user, unit),
        "can_compute": request.user.can("reports.approve") and request.user.scope_level is None,
    }
    args = {"unit_code": unit.code if unit is not None else "", "period": period.code}
    return listkit.respond(request, lists.SUBMISSIONS, "reports/submissions.html", context, args=args)


def _approves_below(user, unit) -> bool:
    if not user.can("reports.approve"):
        return False
    return (unit is None and user.scope_level is None) or (
        unit is not None and unit.level == "province" and user.scope_level == "province"
    )


ACTIONS = {"submit", "approve", "return", "unlock"}


def _describe_submit(
    request: HttpRequest, unit_code: str, period_code: str, action: str
) -> Confirmation | None:
    """Submitting asks first when figures contradict each other or communes have not submitted: the
    officer reads what the approver will see. Nothing to ask otherwise (and for the other actions)."""
    if action != "submit":
        return None
    period = parse_period(period_code)
    preview = selectors.submission_preview(actor=request.user, unit_code=unit_code, period=period)
    violations, missing = preview["violations"], preview["missing"]
    if preview["locked"] or (not violations and not missing):
        return None
    unit = preview["unit"]
    parts = []
    if violations:
        parts.append(
            ngettext(
                "%(n)s figure does not agree with the others.",
                "%(n)s figures do not agree with the others.",
                len(violations),
            )
            % {"n": len(violations)}
        )
    if missing:
        parts.append(
            _("%(missing)s/%(total)s communes have not submitted.")
            % {"missing": len(missing), "total": preview["children_count"]}
        )
    parts.append(_("Submitted anyway, the figures are locked and the approver sees this list."))
    details = [v.message() for v in violations]
    if missing:
        details.append(
            _("%(missing)s/%(total)s communes have not submitted: %(names)s")
            % {
                "missing": len(missing),
                "total": preview["children_count"],
                "names": ", ".join(u.name for u in missing),
            }
        )
    return Confirmation(
        title=_("Submit the report of %(unit)s, %(period)s?") % {"unit": unit.name, "period": period.label()},
        summary=" ".join(parts),
        details=details,
        cancel=reverse("reports:entry") + _query(unit=unit.code, period=period.code),
        action=_("Submit anyway"),
    )


def _recorded(submission) -> list[str]:
    """The warnings and the missing units recorded with a submission, as lines for the approver."""
    if submission is None:
        return []
    lines = [v.message() for v in selectors.recorded_checks(submission)]
    if submission.missing_units:
        lines.append(
            _("%(missing)s/%(total)s communes had not submitted: %(names)s")
            % {
                "missing": len(submission.missing_units),
                "total": submission.children_count,
                "names": ", ".join(str(m.get("name", "")) for m in submission.missing_units),
            }
        )
    return lines


ASK = {
    "approve": lambda: _(
        "Approve the report of %(unit)s for %(period)s (%(values)s figures): it is then locked."
    ),
    "return": lambda: _("Return the report of %(unit)s for %(period)s to be corrected and submitted again."),
    "unlock": lambda: _("Unlock the approved report of %(unit)s for %(period)s: it must be submitted again."),
}


def _ask_action(request: HttpRequest, unit_code: str, period_code: str, action: str) -> Confirmation | None:
    if action not in ASK:
        return None  # submitting is asked elsewhere; an unknown action is a 404 in the view
    unit = selectors.report_unit(actor=request.user, unit_code=unit_code)
    period = parse_period(period_code)
    if unit is None:
        raise NotFound("unit")
    figures = {"unit": unit.name, "period": period.label(),
               "values": len(selectors.entered_values(unit=unit, period=period))}  # fmt: skip
    text = request.POST.get("comment", "").strip()
    back = request.POST.get("next") or ""
    details = [_("Comment: %s") % text] if text else []
    if action == "approve":
        # What was recorded when the report was submitted: the approver decides knowing it.
        details += _recorded(selectors.submissions_for(period, [unit]).get(unit.pk))
    return Confirmation(
        title=_("Report of %(unit)s, %(period)s") % figures,
        summary=ASK[action]() % figures,
        details=details,
        cancel=back
        if back.startswith("/reports/")
        else reverse("reports:submissions") + _query(period=period.code),
        action={"approve": _("Approve"), "return": _("Return"), "unlock": _("Unlock")}[action],
        danger=action == "unlock",
    )


def _ask(request: HttpRequest, unit_code: str, period_code: str, action: str) -> Confirmation | None:
    """One question per action (the kit takes one): submitting for those who enter figures, the
    decisions for approvers; anyone else is not asked, and the view refuses them as before."""
    if action == "submit":
        return (
            _describe_submit(request, unit_code, period_code, action)
            if request.user.can("reports.enter")
            else None
        )
    if request.user.can("reports.approve"):
        return _ask_action(request, unit_code, period_code, action)
    return None


@officer_view
@require_POST
@confirms(_ask)
def submission_action(request: HttpRequest, unit_code: str, period_code: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise NotFound("action")
    period = parse_period(period_code)
    text = request.POST.get("comment", "")
    back = request.POST.get("next") or ""
    if not back.startswith("/reports/"):
        back = reverse("reports:submissions") + _query(period=period.code)
    try:
        if action == "submit":
            services.report_submit(actor=request.user, unit_code=unit_code, period=period)
        elif action == "approve":
            services.report_approve(actor=request.user, unit_code=unit_code, period=period)
        elif action == "return":
            services.report_return(actor=request.user, unit_code=unit_code, period=period, comment=text)
        else:
            services.report_unlock(actor=request.user, unit_code=unit_code, period=period, reason=text)
    except ApplicationError as exc:
        if isinstance(exc, NotFound):
            raise
        if exc.status == 403:
            raise
        messages.error(request, str(exc.message))
    else:
        messages.success(request, DONE[action]())
    return redirect(back)


DONE = {
    "submit": lambda: _("The report was submitted."),
    "approve": lambda: _("The report was approved and is now locked."),
    "return": lambda: _("The report was returned with your comment."),
    "unlock": lambda: _("The report was unlocked; it must be submitted again."),
}


@officer_view
@require_POST
def compute_start(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    job = jobs.compute_start(actor=request.user, period=period)
    messages.info(
        request,
        _("Computing the figures of %(period)s (job %(job)s).") % {"period": period.label(), "job": job.pk},
    )
    return redirect("jobs:detail", job.pk)


# --- plans ------------------------------------------------------------------------------------------


@officer_view
@requires("reports.plan")
def plans(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    unit_code = request.GET.get("unit") or request.POST.get("unit") or ""
    if not unit_code and request.user.scope_level is not None and request.user.scope_unit is not None:
        unit_code = request.user.scope_unit.code
    unit = selectors.report_unit(actor=request.user, unit_code=unit_code or None)
    indicators = catalogue.indicator_list()
    errors: dict[str, str] = {}
    if request.method == "POST":
        for ind in indicators:
            raw = _typed_number(request.POST.get(f"plan-{ind.code}", "").strip())
            try:
                services.plan_set(
                    actor=request.user,
                    indicator_code=ind.code,
                    unit_code=unit_code or None,
                    year=year,
                    value=raw or None,
                )
            except ValidationFailed as exc:
                errors[ind.code] = str(exc.errors[0].message)
        if not errors:
            messages.success(request, _("The targets were saved."))
            return redirect(reverse("reports:plans") + _query(unit=unit_code, year=year))
    existing = {
        p.indicator_id: p
        for p in PlanTarget.objects.filter(
            year=year, level=unit.level if unit else "nation", unit_code=unit.code if unit else ""
        )
    }
    rows = [
        {
            "indicator": ind,
            "name": ind.name(request.LANGUAGE_CODE),
            "unit": ind.unit(request.LANGUAGE_CODE),
            "plan": existing.get(ind.pk),
            "error": errors.get(ind.code),
            "posted": request.POST.get(f"plan-{ind.code}") if errors else None,
        }
        for ind in indicators
    ]
    children = list(selectors.children_of(unit)) if unit is None or unit.level == "province" else []
    return render(
        request,
        "reports/plans.html",
        {
            "unit": unit,
            "year": year,
            "rows": rows,
            "children": children,
            "years": range(clock.today().year + 1, 2019, -1),
        },
        status=422 if errors else 200,
    )


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    try:
        return numbers.parse_integer(raw, field="year", minimum=2000, maximum=2100) or clock.today().year
    except ApplicationError:
        return clock.today().year


# --- catalogue --------------------------------------------------------------------------------------


@officer_view
def catalogue_list(request: HttpRequest) -> HttpResponse:
    # Readers of reports see the catalogue; the administrators who keep it may have no report to read.
    if not request.user.can("reports.catalogue"):
        require(request.user, "reports.view")
    rows = [
        {
            "indicator": ind,
            "name": ind.name(request.LANGUAGE_CODE),
            "unit": ind.unit(request.LANGUAGE_CODE),
            "group": catalogue.group_name(ind.group),
        }
        for ind in catalogue.indicator_list(active_only=False)
    ]
    return render(
        request, "reports/catalogue.html", {"rows": rows, "can_edit": request.user.can("reports.catalogue")}
    )


FORM_FIELDS = catalogue.EDITABLE


@officer_view
@requires("reports.catalogue")
def catalogue_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    indicator = catalogue.indicator_get(code) if code else None
    errors: dict[str, str] = {}
    if request.method == "POST":
        data = {name: request.POST.get(name, "") for name in FORM_FIELDS}
        for flag in ("numerator_le_denominator", "higher_is_better", "provisional", "active"):
            data[flag] = flag in request.POST
        try:
            saved = catalogue.indicator_save(
                actor=request.user,
                code=code or request.POST.get("code", ""),
                data=data,
                create=indicator is None,
            )
        except ValidationFailed as exc:
            errors = {e.field or "": str(e.message) for e in exc.errors}
            values = {**data, "code": request.POST.get("code", code or "")}
        else:
            messages.success(request, _("Indicator %(code)s saved.") % {"code": saved.code})
            return redirect("reports:catalogue")
    else:
        values = (
            {name: getattr(indicator, name) for name in FORM_FIELDS}
            if indicator
            else {
                "aggregation": "sum",
                "source": "entered",
                "value_type": "int",
                "higher_is_better": True,
                "active": True,
            }
        )
        values["code"] = code or ""
    return render(
        request,
        "reports/catalogue_form.html",
        {
            "indicator": indicator,
            "values": values,
            "errors": errors,
            "aggregations": Indicator._meta.get_field("aggregation").choices,
            "sources": Indicator._meta.get_field("source").choices,
            "value_types": Indicator._meta.get_field("value_type").choices,
            "groups": catalogue.group_choices(),
        },
        status=422 if errors else 200,
    )
