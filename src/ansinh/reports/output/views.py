"""The report page: one unit and period, its figures against plan and last year, the units below, charts,
and the XLSX / PDF downloads of the same report.

Filters are plain GET parameters (the page works without JavaScript; htmx swaps only the report part):
`unit` (a GSO code; empty for the nation), the period as `kind` + `year` + `number` pickers or a `period`
code (2025H1), `group` (an indicator group) and `chart` (the indicator the trend and ranking charts show).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.core import clock, numbers
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.webkit.confirm import Confirmation, confirms
from ansinh.core.webkit.views import attachment, officer_view, render_partial, requires
from ansinh.geo.models import AdminUnit
from ansinh.reports.catalogue import group_choices
from ansinh.reports.periods import Period, parse_period, period_of
from ansinh.reports.render import charts
from ansinh.reports.render.export import FORMATS, build, check_groups, export, issued_number, may_issue
from ansinh.reports.render.summary import change_text, summary_paragraph
from ansinh.reports.render.text import percent, phrase, timestamp
from ansinh.reports.report import Figure, Report
from ansinh.reports.selectors import report_unit

TEMPLATE = "reports/report/page.html"
FIRST_YEAR = 2020
REPORT_PAGE_SECONDS = (
    60  # how long the page reuses a built report (figures are entered and computed in batches)
)
_LETTER = {"half": "H", "quarter": "Q", "month": "M"}


@dataclass
class Filters:
    unit: str = ""
    period: Period | None = None
    kind: str = "half"
    year: int = 0
    number: int = 1
    group: str = ""
    chart: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    def query(self) -> str:
        params = {"unit": self.unit, "period": self.period.code if self.period else "", "group": self.group}
        return urlencode({k: v for k, v in params.items() if v})


def _period_code(kind: str, year: str, number: str) -> str:
    if kind == "year":
        return year
    n = (number or "1").strip()
    return f"{year}{_LETTER.get(kind, '?')}{n.zfill(2) if kind == 'month' else n}"


def read_filters(request: HttpRequest) -> Filters:
    """The page's filters from the query string; a wrong one is reported next to its field."""
    get = request.GET
    filters = Filters(unit=get.get("unit", "").strip()[:10], group=get.get("group", "").strip()[:10])
    filters.chart = get.get("chart", "").strip()[:40]
    code = get.get("period", "").strip()[:10]
    if not code and get.get("year"):
        code = _period_code(get.get("kind", "half"), get.get("year", "").strip()[:4], get.get("number", ""))
    try:
        filters.period = parse_period(code) if code else period_of("half", clock.today())
    except ValidationFailed as exc:
        filters.errors["period"] = str(exc.message)
    try:
        check_groups([filters.group] if filters.group else None)
    except ValidationFailed as exc:
        filters.errors["group"] = str(exc.message)
        filters.group = ""
    if filters.period is not None:
        filters.kind, filters.year, filters.number = (
            filters.period.kind,
            filters.period.year,
            filters.period.number,
        )
    else:
        filters.kind = get.get("kind", "half")
        filters.year = _year(get.get("year")) or clock.today().year
    return filters


def unit_choices(actor: Actor, selected: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group label, [(code, name)]) for the unit picker, limited to the actor's scope: the nation and the
    provinces for a nation-wide user (with the communes of the province being looked at), a province and
    its communes for a province officer, their own commune for a commune officer."""
    units = AdminUnit.objects.current()
    level = actor.scope_level
    if level == "commune":
        own = actor.scope_unit
        return [(_("Commune"), [(own.code, own.name)])] if own else []
    if level == "province":
        province = actor.scope_unit
        if province is None:
            return []
        groups = [(_("Province"), [(province.code, province.name)])]
        province_code = province.code
    else:
        provinces = units.filter(level="province").order_by("code").values_list("code", "name")
        groups = [(_("Nation"), [("", _("Whole country"))]), (_("Provinces"), list(provinces))]
        picked = units.filter(code=selected, level__in=("province", "commune")).first() if selected else None
        province_code = picked.province_code if picked else ""
    if province_code:
        communes = units.filter(level="commune", province_code=province_code).order_by("name")
        groups.append((_("Communes"), list(communes.values_list("code", "name"))))
    return groups


def _period_numbers() -> dict[str, list[tuple[int, str]]]:
    return {
        "half": [(1, _("First six months")), (2, _("Last six months"))],
        "quarter": [
            (n, _("Quarter %(roman)s") % {"roman": r}) for n, r in enumerate(("I", "II", "III", "IV"), 1)
        ],
        "month": [(n, _("Month %(n)s") % {"n": n}) for n in range(1, 13)],
    }


@dataclass(frozen=True)
class Row:
    """One indicator of the report unit, written out for the table."""

    code: str
    name: str
    unit: str
    value: str
    plan: str
    plan_pct: str
    previous: str
    change: str
    status: str
    note: str
    provisional: bool


def figure_rows(report: Report) -> list[Row]:
    lang, rows = report.language, []
    for info in report.indicators:
        figure = report.unit.figures.get(info.code) or Figure(value=None)
        notes = []
        if figure.computed_at:
            notes.append(phrase(lang, "computed_at", when=timestamp(figure.computed_at)))
        if figure.apportioned:
            notes.append(phrase(lang, "apportioned"))
        if not figure.complete:
            notes.append(phrase(lang, "incomplete"))
        rows.append(
            Row(
                code=info.code,
                name=info.name,
                unit=info.unit,
                value=charts.value_label(info, figure.value, lang=lang) if figure.value is not None else "—",
                plan=charts.value_label(info, figure.plan, lang=lang) if figure.plan is not None else "",
                plan_pct=percent(figure.plan_pct, lang=lang) if figure.plan_pct is not None else "",
                previous=charts.value_label(info, figure.previous, lang=lang)
                if figure.previous is not None
                else "",
                change=change_text(info, figure, lang=lang),
                status=phrase(lang, f"status_{figure.status}") if figure.status else "",
                note="; ".join(notes),
                provisional=info.provisional,
            )
        )
    return rows


def child_rows(report: Report) -> list[dict[str, Any]]:
    lang = report.language
    return [
        {
            "code": child.code,
            "name": child.name,
            "submitted": child.submitted,
            "values": [
                charts.value_label(info, f.value, lang=lang)
                if (f := child.figures.get(info.code)) and f.value is not None
                else ""
                for info in report.indicators
            ],
        }
        for child in report.children
    ]


def _chart_code(report: Report, wanted: str) -> str:
    """The indicator the trend and ranking charts show: the one asked for, else the first with a trend."""
    codes = [info.code for info in report.indicators]
    if wanted in codes:
        return wanted
    for info in report.indicators:
        if any(point.values.get(info.code) is not None for point in report.trend):
            return info.code
    return codes[0] if codes else ""


def report_context(report: Report, chart: str) -> dict[str, Any]:
    code = _chart_code(report, chart)
    svgs = []
    if charts.has_plan_chart(report):
        svgs.append(charts.plan_chart(report))
    if code:
        svgs.append(charts.trend_chart(report, code))
        if report.children:
            svgs.append(charts.ranking_chart(report, code))
    return {
        "report": report,
        "summary": summary_paragraph(report),
        "rows": figure_rows(report),
        "children": child_rows(report),
        # Our own markup: every text inside the SVG is escaped when the chart is drawn.
        "charts": [mark_safe(svg) for svg in svgs],  # noqa: S308
        "chart_code": code,
        "generated": timestamp(report.generated_at),
    }


@officer_view
@requires("reports.view")
def report_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    filters = read_filters(request)
    context: dict[str, Any] = {
        "filters": filters,
        "units": unit_choices(user, filters.unit),
        "kinds": [
            ("year", _("Year")),
            ("half", _("Six months")),
            ("quarter", _("Quarter")),
            ("month", _("Month")),
        ],
        "years": list(range(clock.today().year + 1, FIRST_YEAR - 1, -1)),
        "numbers": _period_numbers(),
        "groups": group_choices(),
        "formats": [("xlsx", _("Excel (XLSX)")), ("pdf", "PDF")],
        "query": filters.query(),
        "can_issue": may_issue(user),
    }
    if filters.period is not None:
        report = _page_report(user, filters)
        context |= report_context(report, filters.chart)
        context["number"] = issued_number(report)
    response = render_partial(request, TEMPLATE, "report", context)
    if filters.errors and not request.htmx:
        # A refused filter answers 422 like the API; htmx only swaps 2xx answers, so it gets 200 and the
        # error beside its field.
        response.status_code = 422
    return response


def _page_report(user: Any, filters: Filters) -> Report:
    """The report the page shows, built at most every REPORT_PAGE_SECONDS per unit, period, group and
    language: everyone looking at one province's half-year sees the same figures, and building them reads
    every indicator of every child unit. Scope is checked on every request; downloads are always fresh."""
    assert filters.period is not None
    unit = report_unit(actor=user, unit_code=filters.unit or None)
    key = ":".join(
        ["reports.page", unit.code if unit else "nation", filters.period.code, filters.group, get_language()]
    )
    report = cache.get(key)
    if report is None:
        report = build(
            actor=user,
            period=filters.period,
            unit_code=filters.unit,
            groups=[filters.group] if filters.group else None,
        )
        cache.set(key, report, REPORT_PAGE_SECONDS)
    return replace(report, generated_by=user.get_full_name() or user.username)


@officer_view
@requires("reports.view")
def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    filters = read_filters(request)
    if filters.errors or filters.period is None:
        return _refused(filters.errors.values())
    try:
        report = build(
            actor=request.user,
            period=filters.period,
            unit_code=filters.unit,
            groups=[filters.group] if filters.group else None,
        )
        result = export(actor=request.user, report=report, fmt=fmt)
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        return _refused([str(exc.message)], status=exc.status)
    return attachment(result.filename, result.content_type, result.content)


def _ask_issue(request: HttpRequest) -> Confirmation | None:
    """Giving the report its number is asked first, naming the register; a report already numbered (or
    wrong filters, refused by the view) is not asked about; nor is anyone who may not issue (refused)."""
    if not may_issue(request.user):
        return None
    filters = read_filters(request)
    if filters.errors or filters.period is None:
        return None
    report = _issued_report(request, filters)
    if issued_number(report):
        return None
    figures = {"year": clock.today().year, "unit": report.unit.name, "period": report.period_label}
    return Confirmation(
        title=_("Issue the report of %(unit)s, %(period)s") % figures,
        summary=_("Take the report's number from the %(year)s register of %(unit)s and print it.") % figures,
        details=[_("The number is kept: every later PDF of this report shows the same number.")],
        cancel=f"{reverse('reports_output:page')}?{filters.query()}",
        action=_("Give a number and print"),
    )


def _issued_report(request: HttpRequest, filters: Filters) -> Report:
    return build(
        actor=request.user,
        period=filters.period,  # type: ignore[arg-type]
        unit_code=filters.unit,
        groups=[filters.group] if filters.group else None,
    )


@officer_view
@require_POST
@requires("reports.view")
@confirms(_ask_issue)
def report_issue(request: HttpRequest) -> HttpResponse:
    """Give the report (unit, period in the query string) its number from the register, once, and answer
    with the PDF; those who neither enter nor approve reports are refused."""
    if not may_issue(request.user):
        raise PermissionDenied()
    filters = read_filters(request)
    if filters.errors or filters.period is None:
        return _refused(filters.errors.values())
    try:
        report = _issued_report(request, filters)
        result = export(actor=request.user, report=report, fmt="pdf", issue=True)
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        return _refused([str(exc.message)], status=exc.status)
    return attachment(result.filename, result.content_type, result.content)


def _refused(messages, *, status: int = 422) -> HttpResponse:
    return HttpResponse(
        "\n".join(str(m) for m in messages), status=status, content_type="text/plain; charset=utf-8"
    )


def _year(raw: str | None) -> int | None:
    try:
        return numbers.parse_integer(raw, field="year", minimum=1900, maximum=2200)
    except ApplicationError:
        return None
