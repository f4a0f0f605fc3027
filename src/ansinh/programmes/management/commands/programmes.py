"""`ansinh programmes …`: support programmes from the command line.

    ansinh programmes load                               # Resolution 68 and emergency relief (idempotent)
    ansinh programmes dry-run CODE --as USERNAME [--province 11] [--json]

Exit status: 0 done, 2 bad input (an unknown programme or user), 1 the database failed.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from ansinh.core.cli import AnsinhCommand, command_actor
from ansinh.core.errors import NotFound
from ansinh.core.money import format_vnd
from ansinh.programmes import services
from ansinh.programmes.dryrun import dry_run
from ansinh.programmes.models import Programme


class Command(AnsinhCommand):
    help = "Support programmes: load the packaged programmes, dry-run one against the registry."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("load", help="load Resolution 68 and emergency relief (Decree 20/2021 ch. III)")
        run = actions.add_parser("dry-run", help="who would qualify and the cost; changes nothing")
        run.add_argument("code")
        run.add_argument("--as", dest="username", required=True, help="the acting user")
        run.add_argument("--province", default=None)
        run.add_argument("--json", action="store_true")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "load":
            counts = services.programmes_load(actor=None)
            self.stdout.write(_("%(programmes)s programmes, %(policies)s policies loaded.") % counts)
            return
        actor = command_actor(options["username"], operator_can=())
        programme = Programme.objects.filter(code=options["code"]).first()
        if programme is None:
            raise NotFound("programme")
        result = dry_run(actor=actor, programme=programme, province_code=options["province"])
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for policy in result["policies"]:
            self.stdout.write(f"{policy['name']}: {policy['count']} — {format_vnd(policy['cost'])}")
