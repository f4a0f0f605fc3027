"""`ansinh calc REGIME --facts 'JSON' [--lang en]`: the monthly amount with its explanation.

REGIME is social-assistance, social-pension or unemployment-benefit (which also answers "months",
"law", "filing_deadline", "decision_deadline", "start_date", "end_date", "carried_over_months"), or
poverty: the household's classification under the multidimensional poverty standard in force on "on"
(`ansinh.poverty.standard`; facts "on", "area", "income_per_capita", "deprived"), answered as
{"classification", "label", "standard", "on", "area", "income_per_capita", "deprived", "deprivations",
"income_line", "middle_bound", "lines": [{"label", "basis"}], "notes", "provisional"}.
Exit 0 with {"regime", "eligible", "monthly_amount", "lines": [{"label", "amount", "basis"}], "notes",
"provisional"} on stdout (not eligible is still 0). merit-allowance (registered by `ansinh.merit`;
facts "on", "category", "injury_rate", "especially_severe", "martyrs", "lives_at_home", "lives_alone",
"detached", "seniority_years", "honour", "posthumous_certificate") answers with "category", "label",
"on", "standard", "one_off_amount" and "one_off" as well;
exit 2 with {"error": {"code", "message"[, "field"]}} for malformed JSON, an unknown regime, missing or
ill-typed facts, or facts that contradict the law. Messages are in Vietnamese unless --lang en.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from ansinh.benefits.calc.calculator import calculate
from ansinh.benefits.rules import FactsError
from ansinh.core.cli import AnsinhCommand
from ansinh.poverty import standard as poverty


class Command(AnsinhCommand):
    help = (
        "Calculate a monthly benefit from JSON facts "
        "(social-assistance | social-pension | unemployment-benefit | merit-allowance), or a household's "
        "poverty classification (poverty)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "regime",
            help="social-assistance, social-pension, unemployment-benefit, merit-allowance or poverty",
        )
        parser.add_argument("--facts", help="the facts as one JSON object")
        parser.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES])

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            try:
                facts = self.facts(options["facts"])
                if options["regime"] == "poverty":
                    result = poverty.classify(poverty.parse_facts(facts))
                else:
                    result = calculate(options["regime"], facts)
            except (FactsError, poverty.PovertyInputError) as exc:
                self.stdout.write(json.dumps({"error": exc.as_dict()}, ensure_ascii=False))
                sys.exit(2)
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))

    @staticmethod
    def facts(raw: str | None) -> Any:
        if raw is None:
            raise FactsError("facts.missing", _("Give the facts with --facts '{...}'."), field="facts")
        try:
            return json.loads(raw)
        except ValueError:
            raise FactsError("facts.bad_json", _("The facts are not valid JSON."), field="facts") from None
