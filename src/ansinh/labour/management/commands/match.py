"""`ansinh match seeker|vacancy ID [--top 10] [--json] [--as USERNAME] [filters]`: matches with reasons.

    ansinh match seeker 42 --top 10 --json      vacancies for job seeker 42
    ansinh match vacancy 7 --top 10 --json      job seekers for vacancy 7
    ansinh match vacancy 7 --as tuvan_dienbien  as a counsellor: only the seekers of their province

`--json` prints [{"id", "score", "reasons": [...], "factors": [{"code", "points", "text"}], "widened",
"title"}]. When few results were found and the search was widened (related occupations, neighbouring
places, the whole country), each widened result says so and a note goes to standard error.
Without `--as` the command runs as the operator of the installation: the whole country, read only.
Exit 2 with a message when the id is unknown or out of scope, or an option is wrong.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from ansinh.core.cli import AnsinhCommand, command_actor
from ansinh.core.errors import ApplicationError


class Command(AnsinhCommand):
    help = "Rank vacancies for a job seeker, or job seekers for a vacancy, with the reasons."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("side", choices=["seeker", "vacancy"])
        parser.add_argument("id", type=int)
        parser.add_argument("--top", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="print the results as JSON")
        parser.add_argument("--as", dest="username", help="act as this user (their scope applies)")
        parser.add_argument("--no-widen", action="store_true", help="never widen the search")
        parser.add_argument("--engine", choices=["auto", "sql", "memory"], default="auto")
        parser.add_argument("--occupation", help="occupation code or prefix, e.g. 74")
        parser.add_argument("--province", help="seeker: only vacancies in this province (code)")
        parser.add_argument("--min-wage", type=int, help="seeker: offers reaching this wage (đồng a month)")
        parser.add_argument("--commune", type=int, help="vacancy: only seekers living in this commune (id)")
        parser.add_argument("--max-km", type=float, help="at most this far (km between communes)")
        parser.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES])

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            try:
                matches = self.run(options)
            except ApplicationError as exc:
                raise CommandError(str(exc.message), returncode=2) from None
            if matches.widened:
                self.stderr.write(
                    _("Few results: the search was widened (%(steps)s).")
                    % {"steps": ", ".join(_step_label(step) for step in matches.widened)}
                )
            if options["json"]:
                self.stdout.write(json.dumps(matches.as_list(), ensure_ascii=False, indent=1))
                return
            for n, match in enumerate(matches, 1):
                self.stdout.write(f"{n:>3}. #{match.id} {match.title} — {match.score:.1f}")
                for factor in match.factors:
                    self.stdout.write(f"       {factor.points:+6.1f}  {factor.text}")
            if not len(matches):
                self.stdout.write(_("No match."))

    def run(self, options: dict[str, Any]):
        from ansinh.labour.matching.selectors import matches_for_seeker, matches_for_vacancy

        actor = command_actor(options["username"], operator_can=("labour.view",))
        common = {"top": options["top"], "widen": not options["no_widen"], "engine": options["engine"]}
        common |= {"occupation": options["occupation"], "max_km": options["max_km"]}
        if options["side"] == "seeker":
            return matches_for_seeker(
                actor=actor,
                seeker_id=options["id"],
                province=options["province"],
                wage_at_least=options["min_wage"],
                **common,
            )
        return matches_for_vacancy(
            actor=actor, vacancy_id=options["id"], commune=options["commune"], **common
        )


def _step_label(step: str) -> str:
    labels = {
        "occupation": _("related occupations"),
        "place": _("neighbouring places"),
        "nation": _("the whole country"),
    }
    return labels.get(step, step)
