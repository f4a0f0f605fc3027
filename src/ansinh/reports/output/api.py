"""The built report over the API (/api/v1/reports/built): as JSON, or as a file (xlsx, pdf, json).

Figures are decimal strings ("62850", "108.36"), never floats. Needs `reports.view`; a unit outside the
caller's scope is 404, as if it did not exist. A file download is an audited export.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from ansinh.core.errors import PermissionDenied
from ansinh.core.webkit.views import attachment
from ansinh.reports.render.export import build, check_format, export, may_issue
from ansinh.reports.render.json import report_dict

router = Router(tags=["reports"])


def _build(request: HttpRequest, period: str, unit: str, group: list[str] | None, lang: str) -> Any:
    return build(actor=request.user, period=period, unit_code=unit or None, groups=group, lang=lang or None)


@router.get("", summary="A built report: the unit's figures, the units below, the trend, the summary")
def report_get(
    request: HttpRequest,
    period: str,
    unit: str = "",
    group: list[str] = Query(None),  # noqa: B008 - ninja's way to declare a repeated query parameter
    lang: str = "",
):
    """`period`: 2025, 2025H1, 2025Q3 or 2025M07; `unit`: a GSO code (empty: the nation, or the caller's
    own unit); `group`: indicator groups (repeat the parameter); `lang`: vi or en."""
    return report_dict(_build(request, period, unit, group, lang))


@router.get("/file", summary="A built report as a file download (xlsx, pdf or json)")
def report_file(
    request: HttpRequest,
    period: str,
    format: str = "xlsx",
    unit: str = "",
    group: list[str] = Query(None),  # noqa: B008
    lang: str = "",
):
    """The PDF shows the number the report was issued with, or prints as a draft (DỰ THẢO): a GET never
    takes a number (`POST /issue` does)."""
    check_format(format)  # before the build, which is the expensive part
    result = export(actor=request.user, report=_build(request, period, unit, group, lang), fmt=format)
    return attachment(result.filename, result.content_type, result.content)


@router.post("/issue", summary="Issue a built report: its number from the unit's register, then the PDF")
def report_issue(
    request: HttpRequest,
    period: str = "",
    unit: str = "",
    group: list[str] = Query(None),  # noqa: B008
    lang: str = "",
):
    """For those who enter or approve reports: the report of the unit and period takes the next "BC"
    number of the unit's register (once); issuing again prints the same number. The right to issue is
    checked before the input (`period` is required: 422 without it)."""
    if not may_issue(request.user):
        raise PermissionDenied()
    report = _build(request, period, unit, group, lang)
    result = export(actor=request.user, report=report, fmt="pdf", issue=True)
    return attachment(result.filename, result.content_type, result.content)
