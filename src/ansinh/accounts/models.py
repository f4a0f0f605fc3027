from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.roles import SCOPE_LEVEL, Role, has_capability
from ansinh.core.actors import Actor


class User(AbstractUser):
    role = models.CharField(max_length=30, choices=Role.choices)
    scope_unit = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Employment-centre counsellors and officers record which office they work at.
    office = models.CharField(max_length=200, blank=True)
    # Set when an administrator resets the password: the user must choose their own at the next log-in.
    must_change_password = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def scope_level(self) -> str | None:
        return SCOPE_LEVEL.get(self.role)

    def can(self, capability: str) -> bool:
        return self.is_active and has_capability(self.role, capability)


def user_of(actor: Actor | None) -> User | None:
    """The account to record as having made a change (`created_by`, `decided_by`…): the actor when it is a
    user; None for the operator of a command, the system or an anonymous visitor, who have no account row."""
    return actor if isinstance(actor, User) else None


class ApiToken(models.Model):
    """A bearer token for machine clients. Only the SHA-256 of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class LoginFailure(models.Model):
    """Failed log-in attempts, counted per username and per address for throttling."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip} {self.at:%Y-%m-%d %H:%M}"
