"""Typed application errors with one renderer: every error reaches the user as {code, message}.

Services raise these; views, API handlers and commands translate them. Messages are lazy
translations so they render in the requester's language (Vietnamese by default).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class ApplicationError(Exception):
    """A failure the user can act on. `code` is stable (`personal_id.bad_century`), `message` is human."""

    status = 400

    def __init__(self, code: str, message: Any, *, field: str | None = None, **params: Any) -> None:
        self.code = code
        self.message = message
        self.field = field
        self.params = params
        super().__init__(f"{code}: {message}")

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "message": str(self.message)}
        if self.field:
            data["field"] = self.field
        return data


class ValidationFailed(ApplicationError):
    """Several field errors at once; nothing was saved."""

    status = 422

    def __init__(self, errors: Iterable[ApplicationError]) -> None:
        self.errors = list(errors)
        first = self.errors[0] if self.errors else None
        super().__init__(
            "validation_failed",
            first.message if first else "validation failed",
            field=first.field if first else None,
        )

    def as_dict(self) -> dict[str, Any]:
        data = super().as_dict()
        data["errors"] = [e.as_dict() for e in self.errors]
        return data


class NotFound(ApplicationError):
    """Missing or out of scope: the two are indistinguishable on purpose."""

    status = 404

    def __init__(self, what: str = "object") -> None:
        from django.utils.translation import gettext_lazy as _

        super().__init__(f"{what}.not_found", _("Not found."))


class PermissionDenied(ApplicationError):
    """The actor's role may not perform this action (scope failures are NotFound instead)."""

    status = 403

    def __init__(self, message: Any = None) -> None:
        from django.utils.translation import gettext_lazy as _

        super().__init__("permission_denied", message or _("You do not have permission to do this."))


class Conflict(ApplicationError):
    status = 409


def field_error(code: str, message: Any, field: str) -> ApplicationError:
    """An error about one input field, for a service that collects every problem before refusing."""
    return ApplicationError(code, message, field=field)


def raise_if_any(errors: Iterable[ApplicationError]) -> None:
    """Refuse with every distinct error at once (the same problem found twice is shown once)."""
    unique: dict[tuple[str, str | None], ApplicationError] = {}
    for error in errors:
        unique.setdefault((error.code, error.field), error)
    if unique:
        raise ValidationFailed(list(unique.values()))
