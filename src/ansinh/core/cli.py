"""Who a management command acts as: a named user (`--as USERNAME`, whose role and scope apply), or the
operator of the installation.

The operator is whoever runs the command on the server without `--as`: they hold the database anyway, so
they read nation-wide, but only what the command grants (read capabilities) and they can change nothing.
Their actions are audited as "system".
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


class Operator:
    is_authenticated = True
    is_active = True
    scope_level = None
    scope_unit = None
    scope_unit_id = None
    pk = None
    username = "operator"

    def __init__(self, *capabilities: str) -> None:
        self.capabilities = frozenset(capabilities)

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    def get_full_name(self) -> str:
        return ""


def command_actor(username: str | None, *, operator_can: tuple[str, ...]) -> Any:
    """The active user named by `--as`, or the operator with `operator_can`; exit 2 for an unknown name."""
    if not username:
        return Operator(*operator_can)
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.select_related("scope_unit")
    try:
        return users.get(username=username, is_active=True)
    except get_user_model().DoesNotExist:
        raise CommandError(_("No active user %(name)s.") % {"name": username}, returncode=2) from None
