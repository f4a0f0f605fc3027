"""The REST API under /api/v1: authentication, the one error renderer, and the routers of each app."""

from __future__ import annotations

from django.db import OperationalError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from ansinh.accounts.services import token_authenticate
from ansinh.core.dbbusy import is_database_busy
from ansinh.core.errors import ApplicationError
from ansinh.web.busy import busy_response


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class HeaderToken(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None):
        user = token_authenticate(key) if key else None
        if user is not None:
            request.user = user
        return user


class FieldErrorOut(Schema):
    code: str
    message: str
    field: str | None = Field(None, description="the request field at fault, dotted for nested ones")


class ErrorOut(Schema):
    """Every error answer of the API: 4xx with `{code, message}`, plus `field` when one field is at fault
    and `errors` (every field problem at once) when the input was refused as a whole."""

    code: str = Field(..., description="stable, e.g. `person.not_found`, `validation_failed`")
    message: str = Field(..., description="in the requester's language")
    field: str | None = Field(None, description="the request field at fault, dotted for nested ones")
    errors: list[FieldErrorOut] | None = None


# Documented on every operation; 401/403 only where a log-in is needed, 429 only where none is (the public
# pages are the ones rate-limited against abuse).
ERROR_RESPONSES = {
    400: "The request cannot be carried out as sent",
    401: "Not logged in, or no valid API token",
    403: "The role may not do this (out of scope is 404 instead)",
    404: "Not found, or out of the caller's scope (the two answer alike)",
    409: "Conflicts with the current state (a newer version, a duplicate, a locked period)",
    422: "Invalid input; `errors` lists every field problem",
}
PUBLIC_ERROR_RESPONSES = {429: "Too many requests from this client; try again later"}


def document_errors(schema: dict) -> dict:
    """Add the error answers (and the ErrorOut schema) to every operation of an OpenAPI document."""
    ref = "#/components/schemas/{model}"
    definition = ErrorOut.model_json_schema(ref_template=ref, mode="serialization")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(definition.pop("$defs", {}))
    components[ErrorOut.__name__] = definition
    content = {"application/json": {"schema": {"$ref": ref.format(model=ErrorOut.__name__)}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            public = not operation.get("security")
            statuses = dict(ERROR_RESPONSES)
            if public:
                statuses.pop(401)
                statuses.pop(403)
                statuses.update(PUBLIC_ERROR_RESPONSES)
            responses = operation.setdefault("responses", {})
            for status, description in statuses.items():
                responses.setdefault(status, {"description": description, "content": content})
    return schema


class AnsinhAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(schema)
        return schema


api = AnsinhAPI(
    title="ansinh API",
    version="1",
    description="Registry, administrative units and more. Errors are `{code, message}` in the "
    "requester's language (Accept-Language: vi or en).",
    urls_namespace="api",
    auth=[BearerToken(), HeaderToken(), django_auth],
)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(OperationalError)
def database_busy(request: HttpRequest, exc: OperationalError):
    if not is_database_busy(exc):
        raise exc
    return busy_response(request)


def _field_of(loc: list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "data")]
    return ".".join(parts)


# Pydantic error types → a sentence in the user's language; anything else falls back to pydantic's text.
_PROBLEMS = {
    "missing": gettext_lazy("this field is required"),
    "int_parsing": gettext_lazy("must be a whole number"),
    "int_type": gettext_lazy("must be a whole number"),
    "float_parsing": gettext_lazy("must be a number"),
    "bool_parsing": gettext_lazy("must be true or false"),
    "date_parsing": gettext_lazy("must be a date written YYYY-MM-DD"),
    "date_from_datetime_parsing": gettext_lazy("must be a date written YYYY-MM-DD"),
    "date_type": gettext_lazy("must be a date written YYYY-MM-DD"),
    "string_too_long": gettext_lazy("is too long (at most %(max_length)s characters)"),
    "string_type": gettext_lazy("must be text"),
    "json_invalid": gettext_lazy("the request body is not valid JSON"),
    "literal_error": gettext_lazy("is not one of the allowed values"),
    "less_than_equal": gettext_lazy("must be at most %(le)s"),
    "greater_than_equal": gettext_lazy("must be at least %(ge)s"),
}


def _problem(err: dict) -> str:
    template = _PROBLEMS.get(err.get("type", ""))
    if template is None:
        return str(err.get("msg", ""))
    return str(template) % (err.get("ctx") or {}) if "%(" in str(template) else str(template)


@api.exception_handler(NinjaValidationError)
def request_validation_error(request: HttpRequest, exc: NinjaValidationError):
    errors = []
    for err in exc.errors:
        field = _field_of(list(err.get("loc", [])))
        errors.append(
            {
                "code": f"{field or 'request'}.{err.get('type', 'invalid')}",
                "field": field,
                "message": _("%(field)s: %(problem)s")
                % {"field": field or _("request"), "problem": _problem(err)},
            }
        )
    first = errors[0] if errors else {"message": _("Invalid request.")}
    return api.create_response(
        request, {"code": "validation_failed", "message": first["message"], "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(
        request, {"code": "auth.required", "message": _("Log in or send a valid API token.")}, status=401
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    return api.create_response(
        request, {"code": f"http.{exc.status_code}", "message": str(exc)}, status=exc.status_code
    )


def _mount() -> None:
    from ansinh.accounts.api import router as accounts_router
    from ansinh.benefits.api import router as benefits_router
    from ansinh.benefits.calc.api import router as calc_router
    from ansinh.benefits.simulation.api import router as simulation_router
    from ansinh.documents.api import router as documents_router
    from ansinh.geo.api import router as geo_router
    from ansinh.jobboard.api import router as board_router
    from ansinh.labour.dashboard.api import router as labour_dashboard_router
    from ansinh.labour.fairs.api import router as fairs_router
    from ansinh.labour.matching.api import router as match_router
    from ansinh.labour.reference.api import router as labour_reference_router
    from ansinh.labour.referrals.api import router as referrals_router
    from ansinh.labour.registration.api import router as labour_router
    from ansinh.merit.allowance.api import router as merit_allowance_router
    from ansinh.merit.api import router as merit_router
    from ansinh.merit.calc.api import router as merit_calc_router
    from ansinh.merit.lists_api import router as merit_lists_router
    from ansinh.payments.api import router as payments_router
    from ansinh.poverty.api import router as poverty_router
    from ansinh.poverty.approved.api import router as poverty_approved_router
    from ansinh.programmes.api import router as programmes_router
    from ansinh.registry.api import router as registry_router
    from ansinh.reports.api import router as reports_router
    from ansinh.reports.output.api import router as report_output_router
    from ansinh.unemployment.api import router as unemployment_router

    api.add_router("/geo", geo_router)
    api.add_router("/registry", registry_router)
    api.add_router("/calc", merit_calc_router)  # before /calc/{regime}
    api.add_router("/calc", calc_router)
    api.add_router("/benefits", benefits_router)
    api.add_router("/simulations", simulation_router)
    api.add_router("/payments", payments_router)
    api.add_router("/merit", merit_lists_router)
    api.add_router("/merit", merit_router)
    api.add_router("/merit", merit_allowance_router)
    api.add_router("/programmes", programmes_router)
    api.add_router("/labour/match", match_router)
    api.add_router("/labour/fairs", fairs_router)
    api.add_router("/labour/referrals", referrals_router)
    api.add_router("/labour", labour_reference_router)
    api.add_router("/labour", labour_dashboard_router)
    api.add_router("/labour", labour_router)
    api.add_router("/unemployment", unemployment_router)
    api.add_router("/poverty", poverty_router)
    api.add_router("/poverty", poverty_approved_router)
    api.add_router("/board", board_router)
    api.add_router("/reports/built", report_output_router)
    api.add_router("/reports", reports_router)
    api.add_router("/documents", documents_router)
    api.add_router("/", accounts_router)


_mount()
