"""Confirmation before a consequential action: one that moves money, closes or deletes, approves or submits.

A view decorated with `@confirms(describe)` acts only on a POST that carries the `confirmed` field. Any
other POST is answered with a confirmation that says what will happen, in the server's own words and
figures ("Approve 3.202 lines, 3.070.450.000 đ"): `describe(request, *args, **kwargs)` computes it from
the current state, through the same scoped selectors as the view (out of scope is a 404 here too).

Without JavaScript the answer is a page whose form carries the original fields (and a fresh CSRF token)
back with Confirm, or a Cancel link. With JavaScript, app.js fetches the same content before submitting
(an htmx-style request, answered with only the dialog's part) and shows it in a native <dialog>.

The confirmation page also sends `confirmed_digest`, a keyed digest of what it showed. When the figures
have changed in between (another officer regenerated the cycle), the digest no longer matches and the
officer is asked again with the new figures. Nothing the client sends is ever shown as the description.
The API does not go through this: machine clients do not confirm.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, cast

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from ansinh.core.webkit.views import HtmxHttpRequest, View

CONFIRM = _("Confirm")
CONFIRMED = "confirmed"
# The script's question ("what would this do?") carries this header: it is answered, never acted on.
ASKING = "X-Confirm-Ask"
DIGEST = "confirmed_digest"
TEMPLATE = "confirm/confirm.html"
# Fields that are never carried back: the confirmation adds its own.
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRMED, DIGEST}


@dataclass(frozen=True)
class Confirmation:
    """What the officer is asked to confirm.

    `title` names the action ("Approve the payment cycle 05/2026"); `summary` says exactly what will
    happen with the live figures; `details` are further lines (names, amounts, consequences). `cancel` is
    where Cancel leads (the record's page). `danger` marks an irreversible action (death, removal).
    `reupload` names file fields the officer must choose again on the page without JavaScript (a browser
    cannot carry a chosen file through another page)."""

    title: Any
    summary: Any
    cancel: str
    details: Sequence[Any] = ()
    action: Any = CONFIRM
    danger: bool = False
    reupload: Sequence[tuple[str, Any]] = field(default_factory=tuple)

    def text(self) -> str:
        return "\n".join(str(part) for part in (self.title, self.summary, *self.details))


Describe = Callable[..., Confirmation | None]


def digest(request: HttpRequest, confirmation: Confirmation) -> str:
    """A digest of what was shown, bound to this user and this action's address."""
    user_id = getattr(request.user, "pk", None)
    value = f"{user_id}|{request.path}|{confirmation.text()}"
    return salted_hmac("ansinh.confirm", value, algorithm="sha256").hexdigest()[:32]


def is_confirmed(request: HttpRequest, confirmation: Confirmation) -> bool:
    """The POST carries `confirmed`, and, when it says what it confirmed, that is what holds now."""
    if CONFIRMED not in request.POST:
        return False
    shown = request.POST.get(DIGEST)
    return shown is None or constant_time_compare(shown, digest(request, confirmation))


def confirms(describe: Describe, *, capability: str | None = None) -> Callable[[View], View]:
    """Ask before acting: a POST without `confirmed` gets the confirmation of `describe` instead.

    `describe` may return None when there is nothing to confirm (the view then refuses with its own
    message, e.g. the cycle is no longer awaiting approval). A user without `capability` is not asked
    either: the view refuses them as it always did, and the question never shows them any figures.
    Place this inside `officer_view` and `require_POST`, so that log-in and method come first; scope is
    `describe`'s selectors' (out of scope is a 404 before any question)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                confirmation = describe(request, *args, **kwargs) if _may(request, capability) else None
                answer = ask_first(request, confirmation)
                if answer is not None:
                    return answer
            return view(request, *args, **kwargs)

        wrapped.confirms = describe  # type: ignore[attr-defined]
        return wrapped

    return decorator


def _may(request: HttpRequest, capability: str | None) -> bool:
    user: Any = request.user
    return capability is None or bool(getattr(user, "can", None) and user.can(capability))


def ask_first(request: HttpRequest, confirmation: Confirmation | None) -> HttpResponse | None:
    """The question to answer first, or None to go ahead (confirmed, or nothing to confirm).

    For a view that parses its form before it knows what to say (a death, an enrolment): parse, and
    `if (asked := ask_first(request, Confirmation(...))): return asked` just before the service call."""
    if confirmation is None:
        return _nothing_to_ask() if request.headers.get(ASKING) else None
    if is_confirmed(request, confirmation):
        return None
    return confirmation_response(request, confirmation)


def _nothing_to_ask() -> HttpResponse:
    """The script asked, and there is nothing to confirm: it submits the form as it is (204, no action)."""
    return HttpResponse(status=204)


def carried_fields(post: QueryDict) -> list[tuple[str, str]]:
    """The original form's fields, to be posted again with the confirmation."""
    return [(name, value) for name, values in post.lists() if name not in _NOT_CARRIED for value in values]


def confirmation_response(request: HttpRequest, confirmation: Confirmation) -> HttpResponse:
    """The confirmation page, or only its dialog part for the script's request. A changed digest means
    the officer confirmed other figures: say so."""
    htmx = cast(HtmxHttpRequest, request).htmx
    context = {
        "confirmation": confirmation,
        "action_url": request.get_full_path(),
        "fields": carried_fields(request.POST),
        "digest": digest(request, confirmation),
        "changed": CONFIRMED in request.POST,
    }
    template = f"{TEMPLATE}#dialog" if htmx else TEMPLATE
    # 200 with the question, like a form shown again; nothing was done (no redirect).
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response
