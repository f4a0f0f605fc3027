"""The download of a large list export that a background job wrote (routed by `ansinh.web.urls`)."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest, HttpResponse

from ansinh.core.webkit.listkit.export import XLSX_TYPE, export_file
from ansinh.core.webkit.views import attachment, officer_view


@officer_view
def export_download(request: HttpRequest, job_id: int) -> HttpResponse:
    """Only for the officer who asked for the export; anyone else sees 404. The download is audited."""
    path, name = export_file(actor=cast(Any, request.user), job_id=job_id)
    return cast(HttpResponse, attachment(name, XLSX_TYPE, path=path))
