"""One list kit for every list of the product.

A module declares its list once in its app's `lists.py` (`ListDef`: columns, filters, default order,
page size) and its view calls `respond(request, LIST, "app/page.html")`. That gives the rows filtered and
sorted from the query string, page-number paging with a bounded total, the filter bar, sortable headers
and pager (`{% include "listkit/list.html" %}`, swapped by htmx with the URL pushed, and working without
JavaScript), and 'Xuất Excel' of exactly the filtered rows (a POST to the same address).
"""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from ansinh.core.webkit.listkit.definition import (
    ACCOUNT,
    DATE,
    DATETIME,
    INTEGER,
    MONEY,
    PERSONAL_ID,
    PHONE,
    TEXT,
    Choice,
    Column,
    DateRange,
    Filter,
    ListDef,
    NumberRange,
    Search,
    Unit,
)
from ansinh.core.webkit.listkit.page import ListPage
from ansinh.core.webkit.views import HtmxHttpRequest, attachment

__all__ = [
    "ACCOUNT",
    "DATE",
    "DATETIME",
    "INTEGER",
    "MONEY",
    "PERSONAL_ID",
    "PHONE",
    "TEXT",
    "Choice",
    "Column",
    "DateRange",
    "Filter",
    "ListDef",
    "ListPage",
    "NumberRange",
    "Search",
    "Unit",
    "export_response",
    "respond",
]


def read(request: HttpRequest, definition: ListDef, args: dict[str, Any] | None = None) -> ListPage:
    actor = cast(Any, request.user)
    return ListPage.read(definition, actor=actor, get=request.GET, path=request.path, args=args)


def export_response(page: ListPage) -> HttpResponseBase:
    """The file itself, or (a large list) the page of the background job that writes it."""
    from ansinh.core.webkit.listkit import export

    if export.is_large(page):
        job = export.export_start(page)
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))
    return attachment(*export.export_now(page))


def respond(
    request: HttpRequest,
    definition: ListDef,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    args: dict[str, Any] | None = None,
) -> HttpResponse:
    """The list page; only its results region when htmx swaps it; the export when 'Xuất Excel' posts.
    `args` are the page's URL arguments the list's rows depend on (checked by the view beforehand)."""
    page = read(request, definition, args)
    if request.method == "POST":
        return cast(HttpResponse, export_response(page))
    ctx = {"list": page, **(context or {})}
    htmx = cast(HtmxHttpRequest, request).htmx
    partial = htmx and not htmx.boosted and not htmx.history_restore_request
    partial = partial and htmx.target in (None, page.target)
    response: HttpResponse = render(request, "listkit/results.html" if partial else template, ctx)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response
