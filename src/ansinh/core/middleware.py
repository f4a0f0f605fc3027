from __future__ import annotations

import uuid

from django.conf import settings

from ansinh.core import context


def client_ip(request) -> str | None:
    """The client's address: behind a trusted reverse proxy (BEHIND_PROXY), the last hop it recorded in
    X-Forwarded-For (the one it saw itself, which the client cannot forge); otherwise REMOTE_ADDR."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1][:45]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:40] or uuid.uuid4().hex
        token = context.bind(context.RequestContext(ip=client_ip(request), request_id=request_id))
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response
