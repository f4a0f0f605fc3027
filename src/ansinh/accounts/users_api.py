"""User administration under /api/v1/users, for the system administrator (anyone else: 404). Handlers
only translate: parse → selector/service → schema. Passwords and token secrets are answered once."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ansinh.accounts import selectors, services
from ansinh.accounts.models import ApiToken, User
from ansinh.core.pagination import PageNumberPagination

router = Router(tags=["users"])


class ScopeUnitOut(Schema):
    id: int
    code: str
    name: str
    level: str


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    role: str
    scope_unit: ScopeUnitOut | None
    is_active: bool
    must_change_password: bool
    last_login: dt.datetime | None
    date_joined: dt.datetime

    @staticmethod
    def resolve_full_name(obj: User) -> str:
        return obj.get_full_name()


class UserCreateIn(Schema):
    username: str = Field(..., max_length=150)
    full_name: str = Field("", max_length=300)
    email: str = Field("", max_length=254)
    role: str = Field(..., max_length=30)
    scope_unit: str = Field("", max_length=10, description="GSO code of a current province or commune")
    password: str = Field(
        "", max_length=200, description="a temporary password; empty: one is generated and answered once"
    )


class UserCreatedOut(UserOut):
    temporary_password: str = Field(
        ..., description="shown this once; changed by the user at the first log-in"
    )


class UserUpdateIn(Schema):
    full_name: str | None = Field(None, max_length=300)
    email: str | None = Field(None, max_length=254)
    role: str | None = Field(None, max_length=30)
    scope_unit: str | None = Field(None, max_length=10, description="GSO code; empty for nationwide roles")


class PasswordIn(Schema):
    password: str = Field("", max_length=200, description="empty: a password is generated")


class PasswordOut(Schema):
    password: str = Field(..., description="the temporary password, shown this once")
    must_change_password: bool


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenIn(Schema):
    name: str = Field(..., max_length=200)
    days: int | None = Field(365, description="1 to 3650; null: no expiry")


class TokenCreatedOut(TokenOut):
    secret: str = Field(..., description="the token, shown this once")


@router.get("", response=list[UserOut], summary="Users, filtered")
@paginate(PageNumberPagination, page_size=50)
def user_list(
    request: HttpRequest, q: str = "", role: str = "", unit: str = "", active: bool | None = None, **kwargs
):
    filters = selectors.UserFilters(query=q[:100], role=role[:30], unit=unit[:10], active=active)
    return selectors.user_list(actor=request.user, filters=filters)


@router.post("", response={201: UserCreatedOut}, summary="Create a user with a temporary password")
def user_create(request: HttpRequest, payload: UserCreateIn):
    unit = selectors.scope_unit_by_code(actor=request.user, role=payload.role, code=payload.scope_unit)
    password = payload.password or services.generate_password()
    user = services.user_create(
        actor=request.user,
        username=payload.username,
        password=password,
        role=payload.role,
        scope_unit=unit,
        full_name=payload.full_name,
        email=payload.email,
        must_change_password=True,
    )
    user.temporary_password = password  # type: ignore[attr-defined]
    return Status(201, user)


@router.get("/{user_id}", response=UserOut, summary="One user")
def user_detail(request: HttpRequest, user_id: int):
    return selectors.user_get(actor=request.user, user_id=user_id)


@router.patch("/{user_id}", response=UserOut, summary="Change a user's name, e-mail, role or scope unit")
def user_update(request: HttpRequest, user_id: int, payload: UserUpdateIn):
    user = selectors.user_get(actor=request.user, user_id=user_id)
    role = payload.role if payload.role is not None else user.role
    if payload.scope_unit is not None:
        unit = selectors.scope_unit_by_code(actor=request.user, role=role, code=payload.scope_unit)
    else:
        unit = user.scope_unit
    return services.user_update(
        actor=request.user,
        user_id=user.pk,
        role=role,
        scope_unit=unit,
        full_name=payload.full_name if payload.full_name is not None else user.get_full_name(),
        email=payload.email if payload.email is not None else user.email,
    )


@router.post("/{user_id}/deactivate", response=UserOut, summary="Deactivate: sessions and tokens stop")
def user_deactivate(request: HttpRequest, user_id: int):
    return services.user_set_active(actor=request.user, user_id=user_id, active=False)


@router.post("/{user_id}/reactivate", response=UserOut, summary="Reactivate a deactivated user")
def user_reactivate(request: HttpRequest, user_id: int):
    return services.user_set_active(actor=request.user, user_id=user_id, active=True)


@router.post(
    "/{user_id}/password", response=PasswordOut, summary="Reset the password (changed at next log-in)"
)
def password_reset(request: HttpRequest, user_id: int, payload: PasswordIn):
    user, password = services.password_reset(actor=request.user, user_id=user_id, password=payload.password)
    return {"password": password, "must_change_password": user.must_change_password}


@router.get("/{user_id}/tokens", response=list[TokenOut], summary="A user's API tokens (never the secrets)")
def token_list(request: HttpRequest, user_id: int):
    user = selectors.user_get(actor=request.user, user_id=user_id)
    return list(selectors.user_tokens(actor=request.user, user=user)[:200])


@router.post("/{user_id}/tokens", response={201: TokenCreatedOut}, summary="Issue an API token")
def token_issue(request: HttpRequest, user_id: int, payload: TokenIn):
    token, secret = services.token_issue(
        actor=request.user, user_id=user_id, name=payload.name, days=payload.days
    )
    token.secret = secret  # type: ignore[attr-defined]
    return Status(201, token)


@router.delete("/{user_id}/tokens/{token_id}", response=TokenOut, summary="Revoke an API token")
def token_revoke(request: HttpRequest, user_id: int, token_id: int) -> ApiToken:
    return services.token_revoke(actor=request.user, user_id=user_id, token_id=token_id)
