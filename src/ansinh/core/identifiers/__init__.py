"""Identifier modules, one face each (after python-stdnum): `compact`, `validate`, `is_valid`, `format`.

`field_error` builds the ApplicationError they raise. Its message is the translated msgid with its
`%(name)s` parameters filled in lazily, when it is rendered, so one error reads in Vietnamese for an
officer and in English for `--lang en`, whichever language was active when it was raised.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy

from ansinh.core.errors import ApplicationError


def _interpolate(message: Any, params: dict[str, Any]) -> str:
    return str(message) % {name: str(value) for name, value in params.items()}


_lazy_interpolate = lazy(_interpolate, str)


def field_error(code: str, message: Any, /, *, field: str, **params: Any) -> ApplicationError:
    """`field_error("bank.unknown", _("Bank code %(bank_code)s …"), field="bank_code", bank_code="X")`.

    The parameters are kept on the error too (`error.params`), so they must not be called `code`,
    `message` or `field`.
    """
    return ApplicationError(code, _lazy_interpolate(message, params), field=field, **params)
