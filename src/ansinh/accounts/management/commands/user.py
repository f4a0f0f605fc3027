"""`ansinh user create USERNAME --role ROLE [--scope CODE]` and `ansinh user token USERNAME --name NAME`.

The password of a new user is asked at the terminal; scripts pipe it with `--password-stdin` or set
ANSINH_PASSWORD (a password on the command line is visible to every user of the machine in `ps`).
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ansinh.accounts.models import User
from ansinh.accounts.roles import SCOPE_LEVEL, Role
from ansinh.accounts.services import token_create, user_create
from ansinh.core.cli import AnsinhCommand, read_secret
from ansinh.geo.models import AdminUnit


class Command(AnsinhCommand):
    help = "Create users and API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a user")
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--scope", default="", help="GSO code of the current province or commune")
        create.add_argument("--full-name", default="")
        create.add_argument("--password", default="", help="prompted when omitted")
        create.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
        token = sub.add_parser("token", help="issue an API token (printed once)")
        token.add_argument("username")
        token.add_argument("--name", required=True)
        token.add_argument("--days", type=int, default=365)

    def handle(self, *args, action: str, **options):
        if action == "create":
            self._create(**options)
        else:
            self._token(**options)

    def _create(self, *, username, role, scope, full_name, password, password_stdin, **_rest):
        level = SCOPE_LEVEL[role]
        unit = None
        if scope:
            unit = AdminUnit.objects.current().filter(code=scope, level=level or "province").first()
            if unit is None:
                raise CommandError(
                    _("--scope: no current %(level)s with code %(code)s")
                    % {"level": level or "province", "code": scope},
                    returncode=2,
                )
        if not password:
            password = read_secret(
                field="password", env="ANSINH_PASSWORD", from_stdin=password_stdin, prompt="Password: "
            )
        user = user_create(actor=None, username=username, password=password, role=role, scope_unit=unit,
                           full_name=full_name)  # fmt: skip
        self.stdout.write(f"created {user.username} ({user.role}, {unit or 'toàn quốc'})")

    def _token(self, *, username, name, days, **_rest):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("username: no user %(name)s") % {"name": username}, returncode=2)
        _token, secret = token_create(actor=None, user=user, name=name, days=days)
        self.stdout.write(secret)
