"""The product's addresses plus one test action behind the confirmation kit (tests/core/test_confirm.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from ansinh.core.money import format_vnd
from ansinh.core.webkit.confirm import Confirmation, confirms
from ansinh.core.webkit.views import officer_view
from ansinh.urls import urlpatterns as product

STATE = {"lines": 3202, "amount": 3_070_450_000}
DONE: list[dict[str, str]] = []


def describe(request: HttpRequest, cycle_id: int) -> Confirmation | None:
    if request.POST.get("trivial"):
        return None  # nothing to confirm
    lines = f"{STATE['lines']:,}".replace(",", ".")
    return Confirmation(
        title=f"Approve cycle {cycle_id}",
        summary=f"Approve {lines} lines, {format_vnd(STATE['amount'])}",
        cancel="/payments/",
    )


@officer_view
@require_POST
@confirms(describe)
def approve(request: HttpRequest, cycle_id: int) -> HttpResponse:
    DONE.append(request.POST.dict())
    return HttpResponse("approved")


urlpatterns = [path("test-confirm/<int:cycle_id>/", approve), *product]
