"""Writes for users, log-ins and API tokens."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import ApiToken, LoginFailure, User
from ansinh.accounts.roles import SCOPE_LEVEL, Role
from ansinh.core import audit
from ansinh.core.actors import Actor
from ansinh.core.audit import snapshot
from ansinh.core.dbbusy import best_effort_write
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, field_error, raise_if_any
from ansinh.core.middleware import client_ip
from ansinh.core.models import AuditAction
from ansinh.core.text import normalize_name
from ansinh.geo.models import AdminUnit, Structure

# How often a token's last use is written: often enough for an administrator, rarely enough to stay off
# the write path of reads.
TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=5)

# What an audit event of a user account records (never the password hash).
USER_AUDIT_FIELDS = ["username", "first_name", "last_name", "email", "role", "scope_unit_id", "is_active"]


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


def _password_errors(password: str, user: User) -> list[ApplicationError]:
    """The configured password validators' refusals, each naming the `password` field."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return [ApplicationError("user.weak_password", message, field="password") for message in exc.messages]
    return []


def _username_errors(username: str) -> list[ApplicationError]:
    if not username:
        return [field_error("user.username_required", _("Give a username."), "username")]
    if len(username) > 150 or not re.fullmatch(r"[\w.@+-]+", username):
        message = _("A username has at most 150 letters, digits and the signs @ . + - _ (no spaces).")
        return [field_error("user.bad_username", message, "username")]
    if User.objects.filter(username__iexact=username).exists():
        return [field_error("user.username_taken", _("This username is already taken."), "username")]
    return []


def _email_errors(email: str) -> list[ApplicationError]:
    try:
        if email:
            validate_email(email)
    except ValidationError:
        return [field_error("user.bad_email", _("This is not a valid e-mail address."), "email")]
    return []


def _scope_errors(role: str, scope_unit: AdminUnit | None) -> list[ApplicationError]:
    try:
        _check_scope_unit(role, scope_unit)
    except ApplicationError as exc:
        return [exc]
    return []


def _set_full_name(user: User, full_name: str) -> None:
    first, _sep, last = normalize_name(full_name or "").rpartition(" ")
    user.first_name, user.last_name = first[:150], last[:150]


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
    must_change_password: bool = False,
) -> User:
    """Create a user. `actor=None` is the system itself (set-up commands); otherwise an administrator.
    Every problem with the input is reported at once, each beside its field."""
    if actor is not None and not actor.can("accounts.manage"):
        raise PermissionDenied()
    username = (username or "").strip()
    email = (email or "").strip()
    user = User(username=username, role=role, scope_unit=scope_unit, email=email)
    user.must_change_password = must_change_password
    _set_full_name(user, full_name)
    errors = _username_errors(username) + _email_errors(email) + _scope_errors(role, scope_unit)
    if validate:
        errors += _password_errors(password, user)
    raise_if_any(errors)
    user.set_password(password)
    user.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=user, after=snapshot(user, USER_AUDIT_FIELDS))
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


# --- administration of accounts (the system administrator) ------------------------------------------


def _manager(actor: Actor) -> User:
    """The acting administrator; anyone else is told the account does not exist."""
    if not isinstance(actor, User) or not actor.can("accounts.manage"):
        raise NotFound("user")
    return actor


def _locked_user(user_id: int | None) -> User:
    user = User.objects.select_for_update().filter(pk=user_id).first() if user_id else None
    if user is None:
        raise NotFound("user")
    return user


def _other_active_admins(user: User) -> bool:
    others = User.objects.select_for_update().filter(role=Role.SYSTEM_ADMIN, is_active=True)
    return others.exclude(pk=user.pk).exists()


def _guard_last_admin(user: User) -> None:
    """The system must keep one active administrator, or nobody could manage accounts again."""
    if user.role == Role.SYSTEM_ADMIN and user.is_active and not _other_active_admins(user):
        raise ApplicationError(
            "user.last_admin",
            _("This is the last active system administrator: make another one first."),
            field="role",
        )


@transaction.atomic
def user_update(
    *,
    actor: Actor,
    user_id: int,
    role: str,
    scope_unit: AdminUnit | None,
    full_name: str,
    email: str = "",
) -> User:
    """Change a user's role, scope unit, name and e-mail (an administrator may step down while another
    active administrator remains)."""
    _manager(actor)
    user = _locked_user(user_id)
    before = snapshot(user, USER_AUDIT_FIELDS)
    email = (email or "").strip()
    errors = _email_errors(email) + _scope_errors(role, scope_unit)
    if not (full_name or "").strip():
        errors.append(field_error("user.full_name_required", _("Give the user's full name."), "full_name"))
    raise_if_any(errors)
    if role != Role.SYSTEM_ADMIN:
        _guard_last_admin(user)
    user.role, user.scope_unit, user.email = role, scope_unit, email
    _set_full_name(user, full_name)
    user.save()
    changed_before, changed_after = audit.diff(before, snapshot(user, USER_AUDIT_FIELDS))
    if changed_after:
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=user, before=changed_before, after=changed_after
        )
    return user


@transaction.atomic
def user_set_active(*, actor: Actor, user_id: int, active: bool) -> User:
    """Deactivate or reactivate an account. A deactivated user's sessions stop at their next request (the
    log-in backend refuses inactive users) and every API token of theirs is revoked at once."""
    manager = _manager(actor)
    user = _locked_user(user_id)
    if user.is_active == active:
        return user
    revoked = 0
    if not active:
        if user.pk == manager.pk:
            raise ApplicationError(
                "user.deactivate_self", _("You cannot deactivate your own account."), field="is_active"
            )
        _guard_last_admin(user)
        revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    user.is_active = active
    user.save(update_fields=["is_active"])
    after: dict[str, Any] = {"is_active": active}
    if revoked:
        after["tokens_revoked"] = revoked
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=user, before={"is_active": not active}, after=after
    )
    return user


def generate_password() -> str:
    """A temporary password an officer can read out or type: 4 groups of 4 letters and digits, with no
    look-alikes (0/O, 1/l/I)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _i in range(4)) for _g in range(4))


@transaction.atomic
def password_reset(*, actor: Actor, user_id: int, password: str = "") -> tuple[User, str]:
    """Set a temporary password (the administrator's, or a generated one when none is given) that the
    user must change at the next log-in. Returns the password to show once; it is never stored in clear.
    The user's open sessions end (Django ties a session to the password hash)."""
    _manager(actor)
    user = _locked_user(user_id)
    generated = not password
    password = password or generate_password()
    if not generated:
        raise_if_any(_password_errors(password, user))
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        after={"password": "reset", "generated": generated, "must_change_password": True},
    )
    return user, password


@transaction.atomic
def password_change(*, actor: Actor, current: str, new: str, repeat: str) -> User:
    """A user chooses their own password (required after an administrator's reset)."""
    if not isinstance(actor, User):
        raise PermissionDenied()
    user = _locked_user(actor.pk)
    errors: list[ApplicationError] = []
    if not user.check_password(current or ""):
        errors.append(field_error("password.wrong", _("The current password is not right."), "current"))
    if new != repeat:
        errors.append(field_error("password.mismatch", _("The two new passwords differ."), "repeat"))
    elif new and new == current:
        errors.append(
            field_error("password.unchanged", _("Choose a password different from the current one."), "new")
        )
    errors += [ApplicationError(e.code, e.message, field="new") for e in _password_errors(new or "", user)]
    raise_if_any(errors)
    user.set_password(new)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit.record(actor=user, action=AuditAction.UPDATE, obj=user, after={"password": "changed"})
    return user


@transaction.atomic
def token_issue(*, actor: Actor, user_id: int, name: str, days: int | None = 365) -> tuple[ApiToken, str]:
    """An administrator issues a token to a user: `token_create` after checking the input."""
    _manager(actor)
    user = _locked_user(user_id)
    name = (name or "").strip()
    errors: list[ApplicationError] = []
    if not name or len(name) > 100:
        message = _("Name the token (at most 100 characters), e.g. the system that will use it.")
        errors.append(field_error("token.bad_name", message, "name"))
    if days is not None and not 1 <= days <= 3650:
        errors.append(field_error("token.bad_days", _("A token lasts from 1 to 3650 days."), "days"))
    if not user.is_active:
        errors.append(field_error("token.inactive_user", _("This account is deactivated."), "name"))
    raise_if_any(errors)
    return token_create(actor=actor, user=user, name=name, days=days)


@transaction.atomic
def token_revoke(*, actor: Actor, user_id: int, token_id: int) -> ApiToken:
    """Revoke one token of a user; it stops working at once."""
    _manager(actor)
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user_id=user_id).first()
    if token is None:
        raise NotFound("token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=token,
            after={"user": token.user.username, "name": token.name, "revoked": True},
        )
    return token
