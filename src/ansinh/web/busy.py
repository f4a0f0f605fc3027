"""A database that stays locked past the busy timeout is answered 503 "busy, try again", never a 500.

The middleware answers errors raised by views; `handler500` (urls.py) answers the ones raised while a
middleware was reading or saving the session, which Django turns into a server error before any
middleware sees them. API paths get the `{code, message}` body, pages a short page; both carry
Retry-After.
"""

from __future__ import annotations

import logging
import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.defaults import server_error

from ansinh.core.dbbusy import BUSY_CODE, BUSY_MESSAGE, RETRY_AFTER_SECONDS, is_database_busy

log = logging.getLogger(__name__)

API_PREFIX = "/api/"


def busy_response(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse({"code": BUSY_CODE, "message": str(BUSY_MESSAGE)}, status=503)
    else:
        try:
            body = loader.render_to_string("503.html", {"message": BUSY_MESSAGE})
        except Exception:  # the page must answer even if its template cannot be rendered
            log.exception("could not render the busy page")
            body = f"<!doctype html><title>503</title><p>{BUSY_MESSAGE}</p>"
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_busy(exception):
            log.warning("database busy: %s %s answered 503", request.method, request.path)
            return busy_response(request)
        return None


def handler500(request: HttpRequest) -> HttpResponse:
    if is_database_busy(sys.exc_info()[1]):
        return busy_response(request)
    return server_error(request)
