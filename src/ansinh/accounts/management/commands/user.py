"""`ansinh user create USERNAME --role ROLE [--scope CODE]` and `ansinh user token USERNAME --name NAME`."""

from __future__ import annotations

import getpass

from django.core.management.base import BaseCommand, CommandError

from ansinh.accounts.models import User
from ansinh.accounts.roles import SCOPE_LEVEL, Role
from ansinh.accounts.services import token_create, user_create
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.geo.models import AdminUnit


class Command(BaseCommand):
    help = "Create users and API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a user")
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--scope", default="", help="GSO code of the current province or commune")
        create.add_argument("--full-name", default="")
        create.add_argument("--password", default="", help="prompted when omitted")
        token = sub.add_parser("token", help="issue an API token (printed once)")
        token.add_argument("username")
        token.add_argument("--name", required=True)
        token.add_argument("--days", type=int, default=365)

    def handle(self, *args, action: str, **options):
        try:
            if action == "create":
                self._create(**options)
            else:
                self._token(**options)
        except ValidationFailed as exc:
            raise CommandError("; ".join(f"{e.field}: {e.message}" for e in exc.errors)) from None
        except ApplicationError as exc:
            raise CommandError(f"{exc.field or exc.code}: {exc.message}") from None

    def _create(self, *, username, role, scope, full_name, password, **_):
        level = SCOPE_LEVEL[role]
        unit = None
        if scope:
            unit = AdminUnit.objects.current().filter(code=scope, level=level or "province").first()
            if unit is None:
                raise CommandError(f"--scope: no current {level or 'province'} with code {scope}")
        password = password or getpass.getpass("Password: ")
        user = user_create(actor=None, username=username, password=password, role=role, scope_unit=unit,
                           full_name=full_name)  # fmt: skip
        self.stdout.write(f"created {user.username} ({user.role}, {unit or 'toàn quốc'})")

    def _token(self, *, username, name, days, **_):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"username: no user {username!r}")
        _token, secret = token_create(actor=None, user=user, name=name, days=days)
        self.stdout.write(secret)
