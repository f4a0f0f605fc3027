"""`ansinh id check NUMBER`: check a personal ID number and say what it encodes.

Exit status: 0 valid, 1 invalid, 2 a malformed option (argparse). `--json` prints
{"valid": true, "province_of_birth": {"code", "name"}, "sex", "birth_year"} or
{"valid": false, "errors": [{"code", "message"}]}. Messages follow `--lang` (default: LANGUAGE_CODE).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from ansinh.core.errors import ValidationFailed
from ansinh.core.identifiers import personal_id


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _year(value: str) -> int:
    if not (len(value) == 4 and value.isascii() and value.isdigit()):
        raise argparse.ArgumentTypeError(f"expected a four-digit year, got {value!r}")
    return int(value)


class Command(BaseCommand):
    help = "Personal ID numbers (số định danh cá nhân)."
    requires_system_checks: list[str] = []  # a pure check: no database, no models

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        check = actions.add_parser("check", help="Check a number; exit 0 if valid, 1 if not.")
        check.add_argument("number")
        birth = check.add_mutually_exclusive_group()
        birth.add_argument("--birth-date", type=_date, help="YYYY-MM-DD; must match digits 4 to 6")
        birth.add_argument("--birth-year", type=_year, help="YYYY; must match digits 4 to 6")
        check.add_argument("--sex", type=str.upper, choices=["M", "F"], help="must match digit 4")
        check.add_argument("--json", action="store_true", help="print one JSON object")
        check.add_argument("--lang", choices=[code for code, _ in settings.LANGUAGES])

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            self.check_number(options)

    def check_number(self, options: dict[str, Any]) -> None:
        try:
            info = personal_id.validate(
                options["number"],
                birth_date=options["birth_date"],
                birth_year=options["birth_year"],
                sex=options["sex"],
            )
        except ValidationFailed as failed:
            errors = [{"code": e.code, "message": str(e.message)} for e in failed.errors]
            self.report({"valid": False, "errors": errors}, options["json"])
            raise CommandError(_("The personal ID number is not valid."), returncode=1) from None
        result = {
            "valid": True,
            "province_of_birth": {"code": info.province_code, "name": info.province_name},
            "sex": info.sex,
            "birth_year": info.birth_year,
        }
        self.report(result, options["json"])

    def report(self, result: dict[str, Any], as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        elif result["valid"]:
            province = result["province_of_birth"]
            self.stdout.write(_("Valid personal ID number."))
            self.stdout.write(_("Birth registered in: %(code)s %(name)s") % province)
            self.stdout.write(_("Sex: %(sex)s") % {"sex": _("Male") if result["sex"] == "M" else _("Female")})
            self.stdout.write(_("Birth year: %(year)s") % {"year": result["birth_year"]})
        else:
            self.stdout.write(_("Invalid personal ID number:"))
            for error in result["errors"]:
                self.stdout.write(f"- {error['message']} [{error['code']}]")
