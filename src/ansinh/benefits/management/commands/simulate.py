"""`ansinh simulate social-assistance|social-pension --standard N --from YYYY-MM[-DD]
[--coefficient 5a=1.8 ...] [--province CODE] [--json] [--lang en]`: the cost of a policy change.

Reads the registry and changes nothing. Prints the monthly and yearly cost before and after, by province
and by clause, and how many people gain; `--json` prints the figures as JSON (integer đồng). Exit 2
with a message for bad input: an unknown clause, a level that is not a positive whole number, a
malformed month, coefficients for the social pension.
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ansinh.benefits.simulation.costs import Cell, SimulationResult, clause_order, parse_scenario, simulate
from ansinh.core.cli import AnsinhCommand
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.money import format_decimal, format_vnd
from ansinh.core.periods import month_label

EPILOG = """Coefficients (social assistance, Decree 20/2021/NĐ-CP Art. 6), as CLAUSE=VALUE, repeatable:
  --coefficient 5a=1.8              every variant of clause 5a (under 80 and from 80)
  --coefficient 5a.from80=2.2       one variant (the more specific one wins)
  --coefficient 6.severe=1.8        both severe-disability variants (adult, child or elderly)
Keys are those of benefits/data/legal_parameters.csv without "sa.coef." (e.g. 1.under4, 4.per_child, 7).
The new level and coefficients apply from the month of --from; provinces' own higher levels stay.
Examples:
  ansinh simulate social-assistance --standard 650000 --from 2027-01-01
  ansinh simulate social-pension --standard 700000 --from 2027-01 --province 01 --json"""


class Command(AnsinhCommand):
    help = "Simulate the cost of a new standard level or coefficients over the current enrolments."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        parser.epilog = EPILOG
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("regime", choices=["social-assistance", "social-pension"])
        parser.add_argument("--standard", help="the new national level, whole đồng a month (e.g. 650000)")
        parser.add_argument(
            "--from", dest="from_month", required=True, help="first month: YYYY-MM or YYYY-MM-DD"
        )
        parser.add_argument(
            "--coefficient", action="append", default=[], metavar="CLAUSE=VALUE", help="see below; repeatable"
        )
        parser.add_argument("--province", help="one province (GSO code, e.g. 11); default: the whole country")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES])

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            try:
                result = self.run(options)
            except ApplicationError as exc:
                raise CommandError(_messages(exc), returncode=2) from None
            if options["json"]:
                import json

                self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
                return
            if result.below_current_level:
                self.stderr.write(
                    _("Warning: the new level %(new)s is lower than the level in force, %(old)s.")
                    % {"new": format_vnd(result.standard or 0), "old": format_vnd(result.baseline_level or 0)}
                )
            self.stdout.write(report(result))

    def run(self, options: dict[str, Any]) -> SimulationResult:
        scenario = parse_scenario(
            {
                "regime": options["regime"],
                "standard": options["standard"],
                "from_month": options["from_month"],
                "coefficients": options["coefficient"],
                "province_code": options["province"],
            }
        )
        verbose = options.get("verbosity", 1) > 1

        def progress(done: int, total: int | None = None, message: Any = None) -> None:
            if verbose:
                sys.stderr.write(f"  {done:,}/{total or 0:,}\n")

        return simulate(
            actor=None,
            regime=scenario.regime,
            standard=scenario.standard,
            from_month=scenario.from_month,
            coefficients=scenario.coefficients,
            province_code=scenario.province_code,
            progress=progress,
        )


def _messages(exc: ApplicationError) -> str:
    errors = exc.errors if isinstance(exc, ValidationFailed) else [exc]
    return "; ".join(str(e.message) for e in errors)


# --- the printed report ---------------------------------------------------------------------------


def report(result: SimulationResult) -> str:
    """Plain-text tables in the active language (numbers grouped the local way: 1.234.567 in Vietnamese)."""
    regime = _("monthly social assistance") if result.regime == "social_assistance" else _("social pension")
    where = (
        result.province_names.get(result.province_code, result.province_code)
        if result.province_code
        else _("the whole country")
    )
    lines = [
        _("Simulation of %(regime)s from %(month)s, %(where)s") % {
            "regime": regime, "month": month_label(result.from_month), "where": where
        },
        _("Level in force: %(old)s; scenario: %(new)s") % {
            "old": format_vnd(result.baseline_level) if result.baseline_level is not None else "—",
            "new": format_vnd(result.standard) if result.standard is not None else _("unchanged"),
        },
    ]  # fmt: skip
    for key, value in result.coefficients.items():
        lines.append(_("Coefficient %(key)s: %(value)s") % {"key": key, "value": format_decimal(value)})
    lines.append(_("Figures from the enrolments paid in that month; nothing was changed."))
    lines.append("")
    names = result.province_names
    lines += _table(
        pgettext("place", "Province"),
        [(names.get(code, code), cell) for code, cell in sorted(result.by_province.items())],
    )
    lines.append("")
    lines += _table(
        _("Clause"), [(clause_label(clause), cell) for clause, cell in clause_order(result.by_clause)]
    )
    lines.append("")
    total = result.total
    lines.append(
        _("Total: %(persons)s persons; %(gaining)s gain, %(losing)s lose, %(unchanged)s unchanged.")
        % {k: _n(getattr(total, k)) for k in ("persons", "gaining", "losing", "unchanged")}
    )
    if total.not_payable:
        lines.append(
            _(
                "Of the unchanged, %(n)s are enrolled but owed nothing in that month under the rules "
                "(for example a child who has turned 16): review them."
            )
            % {"n": _n(total.not_payable)}
        )
    lines.append(
        _("Yearly cost: %(before)s before, %(after)s after (%(difference)s).")
        % {
            "before": format_vnd(total.baseline_yearly),
            "after": format_vnd(total.scenario_yearly),
            "difference": _signed(total.difference_yearly, unit=True),
        }
    )
    return "\n".join(lines)


def clause_label(clause: str) -> str:
    return _("Clause %(clause)s") % {"clause": clause} if clause else _("Social pension")


def _n(value: int) -> str:
    return format_vnd(value, unit=False)


def _signed(value: int, *, unit: bool = False) -> str:
    text = format_vnd(abs(value), unit=unit)
    return f"+{text}" if value > 0 else f"-{text}" if value < 0 else text


def _table(first: str, rows: list[tuple[str, Cell]]) -> list[str]:
    headers = [
        first,
        _("Persons"),
        _("Monthly before"),
        _("Monthly after"),
        _("Monthly change"),
        _("Yearly before"),
        _("Yearly after"),
        _("Yearly change"),
        _("Gain"),
        _("Lose"),
        _("Same"),
    ]
    body = [[name, *_table_cells(c)] for name, c in rows]
    total = Cell()
    for _name, cell in rows:
        total.add(cell)
    body.append([_("Total"), *_table_cells(total)])
    widths = [max(len(str(row[i])) for row in [headers, *body]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        first_cell = cells[0].ljust(widths[0])
        return "  ".join([first_cell, *(str(c).rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])

    return [line(headers), line(["-" * w for w in widths]), *(line(row) for row in body)]


def _table_cells(c: Cell) -> list[str]:
    return [
        _n(c.persons),
        _n(c.baseline),
        _n(c.scenario),
        _signed(c.difference),
        _n(c.baseline_yearly),
        _n(c.scenario_yearly),
        _signed(c.difference_yearly),
        _n(c.gaining),
        _n(c.losing),
        _n(c.unchanged),
    ]
