"""Who acts: the one type every service and selector takes as `actor`.

A signed-in user (`accounts.User`), the operator of a management command (`core.cli.Operator`) and the
system itself all answer the same questions: may they do this (`can`), and where may they see (`scope_level`
and `scope_unit`). Core cannot import the user model (accounts sits above it), so the type is a protocol:
anything with these attributes is an actor.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class ScopeUnit(Protocol):
    """The administrative unit an actor's scope covers (a `geo.AdminUnit`)."""

    pk: Any
    code: str
    level: str
    province_code: str


@runtime_checkable
class Actor(Protocol):
    """An actor: capabilities by role, scope by unit (None: the nation)."""

    pk: Any
    username: str
    is_active: bool

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def scope_level(self) -> str | None: ...

    @property
    def scope_unit(self) -> Any: ...

    @property
    def scope_unit_id(self) -> int | None: ...

    def can(self, capability: str) -> bool: ...

    def get_full_name(self) -> str: ...
