"""Writes for users, log-ins and API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import ApiToken, LoginFailure, User
from ansinh.accounts.roles import SCOPE_LEVEL, Role
from ansinh.core import audit
from ansinh.core.actors import Actor
from ansinh.core.dbbusy import best_effort_write
from ansinh.core.errors import ApplicationError, PermissionDenied, ValidationFailed
from ansinh.core.middleware import client_ip
from ansinh.core.models import AuditAction
from ansinh.geo.models import AdminUnit, Structure

# How often a token's last use is written: often enough for an administrator, rarely enough to stay off
# the write path of reads.
TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=5)


def _check_scope_unit(role: str, scope_unit: AdminUnit | None) -> None:
    level = SCOPE_LEVEL.get(role, "invalid")
    if level == "invalid":
        raise ApplicationError("user.bad_role", _("Unknown role."), field="role")
    if level is None:
        if scope_unit is not None:
            raise ApplicationError(
                "user.scope_not_allowed",
                _("This role works nationwide and takes no scope unit."),
                field="scope_unit",
            )
        return
    if scope_unit is None or scope_unit.level != level or scope_unit.structure != Structure.REFORM_2025:
        message = (
            _("This role needs a current province as its scope unit.")
            if level == "province"
            else _("This role needs a current commune as its scope unit.")
        )
        raise ApplicationError("user.scope_required", message, field="scope_unit")


@transaction.atomic
def user_create(
    *,
    actor: Actor | None,
    username: str,
    password: str,
    role: str,
    scope_unit: AdminUnit | None = None,
    full_name: str = "",
    email: str = "",
    validate: bool = True,
) -> User:
    """Create a user. `actor=None` is the system itself (set-up commands); otherwise an administrator."""
    if actor is not None and not actor.can("accounts.manage"):
        raise PermissionDenied()
    if role not in Role.values:
        raise ApplicationError("user.bad_role", _("Unknown role."), field="role")
    _check_scope_unit(role, scope_unit)
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError("user.username_taken", _("This username is already taken."), field="username")
    user = User(username=username, role=role, scope_unit=scope_unit, email=email)
    first, _sep, last = full_name.rpartition(" ")
    user.first_name, user.last_name = first, last
    if validate:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationFailed(
                ApplicationError("user.weak_password", message, field="password") for message in exc.messages
            ) from None
    user.set_password(password)
    user.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=user, after={"username": username, "role": role})
    return user


def _throttled(username: str, ip: str | None) -> bool:
    """Whether log-ins for `username` from `ip` are refused for now.

    Failures are counted per (username, address): someone guessing a password from elsewhere cannot lock
    the real user out of their own office. An address gets more room overall (several officers may share
    an office NAT) but not unlimited, which stops one machine trying many usernames.
    """
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.LOGIN_MAX_FAILURES
    if recent.filter(username__iexact=username, ip=ip).count() >= limit:
        return True
    return bool(ip) and recent.filter(ip=ip).count() >= limit * 4


def _slow_down(username: str) -> None:
    """A guess spread over many addresses (a botnet) escapes the per-address counts. Past a much higher
    ceiling of failures for one username from anywhere, every attempt for that username waits a little
    before the password is checked: guessing becomes slow, while the real user still gets in (a lockout
    here would hand the attacker a way to keep anyone out)."""
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    failures = LoginFailure.objects.filter(at__gte=since, username__iexact=username).count()
    if failures >= settings.LOGIN_USERNAME_CEILING:
        time.sleep(settings.LOGIN_SLOW_DOWN_SECONDS)


def login_check(*, request: Any, username: str, password: str) -> User:
    """Authenticate a log-in attempt, refusing while throttled; every outcome is audited."""
    ip = client_ip(request)
    if _throttled(username, ip):
        raise ApplicationError(
            "login.throttled",
            _("Too many failed attempts. Try again in %(minutes)d minutes.")
            % {"minutes": settings.LOGIN_FAILURE_WINDOW_SECONDS // 60},
        )
    _slow_down(username)
    user = authenticate(request, username=username, password=password)
    if not isinstance(user, User):
        with transaction.atomic():
            LoginFailure.objects.create(username=username[:150], ip=ip)
            audit.record(
                actor=None,
                action=AuditAction.LOGIN_FAILED,
                object_type="accounts.user",
                object_label=username[:150],
            )
        raise ApplicationError("login.invalid", _("Wrong username or password."))
    with transaction.atomic():
        LoginFailure.objects.filter(username__iexact=username, ip=ip).delete()
        audit.record(actor=user, action=AuditAction.LOGIN, obj=user)
    return user


def logout(*, request: Any) -> None:
    """End the session; the log-out is audited."""
    from django.contrib.auth import logout as auth_logout

    user = request.user
    if getattr(user, "is_authenticated", False):
        audit.record(actor=user, action=AuditAction.LOGOUT, obj=user)
    auth_logout(request)


@transaction.atomic
def token_create(
    *, actor: Actor | None, user: User, name: str, days: int | None = 365
) -> tuple[ApiToken, str]:
    """Issue a token; the secret is returned once and only its hash is kept."""
    if actor is not None and actor != user and not actor.can("accounts.manage"):
        raise PermissionDenied()
    secret = "ans_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:12],
        key_hash=ApiToken.hash_key(secret),
        expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
    )
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=token, after={"user": user.username, "name": name}
    )
    return token, secret


def token_authenticate(secret: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user", "user__scope_unit")
        .filter(key_hash=ApiToken.hash_key(secret), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or (token.expires_at and token.expires_at <= now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        # Signing in is a read: noting the last use is bookkeeping that must never make a request wait
        # for, or fail on, the write lock held by a long import.
        best_effort_write(
            lambda: ApiToken.objects.filter(pk=token.pk).update(last_used_at=now),
            what="token last use",
        )
    return token.user
