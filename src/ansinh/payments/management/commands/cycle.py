"""`ansinh cycle …`: payment cycles from the command line, acting as a named user (`--as USERNAME`).

    ansinh cycle create --province 11 --month 2026-07 --as so_dienbien   # or: create 11 2026-07
    ansinh cycle generate 11:2026-07 --as so_dienbien          # prints progress; resumes if stopped
    ansinh cycle submit 11:2026-07 --as so_dienbien
    ansinh cycle approve 11:2026-07 --as ke_toan_dienbien      # another officer (maker-checker)
    ansinh cycle reject 11:2026-07 --reason "…" --as ke_toan_dienbien
    ansinh cycle export 11:2026-07 --format xlsx --out lo.xlsx --as so_dienbien
    ansinh cycle import-result 11:2026-07 ket-qua.csv --as so_dienbien
    ansinh cycle report 11:2026-07 [--xlsx bao-cao.xlsx] --as so_dienbien
    ansinh cycle list [--province 11] --as so_dienbien

A cycle is named by its id or by PROVINCE:YYYY-MM. Messages are in Vietnamese; `--lang en` for English.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ansinh.accounts.models import User
from ansinh.core.actors import Actor
from ansinh.core.cli import AnsinhCommand
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.money import format_vnd
from ansinh.core.numbers import format_number, format_percent
from ansinh.core.periods import month_label, parse_month
from ansinh.geo.names import province_name
from ansinh.payments import selectors, services
from ansinh.payments.models import PaymentChannel, PaymentCycle


class Command(AnsinhCommand):
    help = "Payment cycles: create, generate, submit, approve, export, import the bank result, report."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)

        def action(name: str, help_text: str, *, cycle: bool = True):
            p = sub.add_parser(name, help=help_text)
            if cycle:
                p.add_argument("cycle", help="cycle id, or PROVINCE:YYYY-MM")
            p.add_argument("--as", dest="username", required=True, help="the acting user")
            return p

        create = action("create", "create the cycle of a province and month", cycle=False)
        # Named options as documented; the positional form `create 11 2026-07` is kept for scripts.
        create.add_argument(
            "province_arg", nargs="?", metavar="province", help="province code (GSO), e.g. 11"
        )
        create.add_argument("month_arg", nargs="?", metavar="month", help="YYYY-MM")
        create.add_argument("--province", dest="province_opt", help="province code (GSO), e.g. 11")
        create.add_argument("--month", dest="month_opt", help="YYYY-MM")
        action("generate", "generate (or resume generating) the payment lines").add_argument(
            "--chunk-size", type=int, default=None, help="enrolments per chunk (default 20,000)"
        )
        action("submit", "submit the generated cycle for approval")
        action("approve", "approve a submitted cycle (not by its maker)")
        action("reject", "send a submitted cycle back").add_argument("--reason", required=True)
        export = action("export", "write the bank batch file")
        export.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        export.add_argument("--out", default="", help="file to write (default: the batch reference)")
        action("import-result", "apply the bank's result file").add_argument("file")
        action("report", "print the cycle report").add_argument(
            "--xlsx", default="", help="also write it here"
        )
        action("list", "list the cycles in scope", cycle=False).add_argument("--province", default="")

    def handle(self, *args, action: str, username: str, **options):
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(_("--as: no active user %(name)s.") % {"name": repr(username)})
        handler = getattr(self, "_" + action.replace("-", "_"))
        try:
            handler(actor, **options)
        except ValidationFailed as exc:
            for error in exc.errors:
                self.stderr.write(f"  {error.message}")
            count = len(exc.errors)
            raise CommandError(
                ngettext(
                    "%(code)s: %(count)s problem; nothing was changed.",
                    "%(code)s: %(count)s problems; nothing was changed.",
                    count,
                )
                % {"code": exc.code, "count": count}
            ) from None
        except ApplicationError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from None

    def _cycle(self, actor: Actor, ref: str) -> PaymentCycle:
        if ref.isdigit():
            return selectors.cycle_get(actor=actor, cycle_id=int(ref))
        province, _sep, month = ref.partition(":")
        try:
            first = parse_month(month)
        except ValueError:
            raise CommandError(
                _("cycle: %(ref)s is neither an id nor PROVINCE:YYYY-MM.") % {"ref": repr(ref)}
            ) from None
        found = selectors.cycle_queryset(actor=actor).filter(province_code=province, month=first).first()
        if found is None:
            raise CommandError(_("cycle: no cycle %(ref)s in your scope.") % {"ref": ref})
        return found

    def _show(self, cycle: PaymentCycle) -> None:
        self.stdout.write(
            _("cycle %(id)s %(code)s (%(province)s) %(month)s %(status)s: %(lines)s, %(amount)s")
            % {
                "id": cycle.pk,
                "code": cycle.province_code,
                "province": province_name(cycle.province_code),
                "month": month_label(cycle.month),
                "status": cycle.get_status_display(),
                "lines": _lines(cycle.line_count),
                "amount": format_vnd(cycle.total_amount),
            }
        )

    def _create(self, actor: Actor, *, province_arg, month_arg, province_opt, month_opt, **_rest):
        values = {}
        for name, positional, named in (
            ("province", province_arg, province_opt),
            ("month", month_arg, month_opt),
        ):
            if positional and named and positional != named:
                raise CommandError(
                    _("--%(name)s: given twice (%(first)s and %(second)s).")
                    % {"name": name, "first": repr(positional), "second": repr(named)},
                    returncode=2,
                )
            if not (positional or named):
                raise CommandError(_("--%(name)s is required.") % {"name": name}, returncode=2)
            values[name] = positional or named
        self._show(
            services.cycle_create(actor=actor, province_code=values["province"], month=values["month"])
        )

    def _generate(self, actor: Actor, *, cycle, chunk_size, **_rest):
        from ansinh.core.jobs import job_run_inline
        from ansinh.core.models import JobStatus

        found = self._cycle(actor, cycle)
        job = services.cycle_generation_start(actor=actor, cycle=found, chunk_size=chunk_size)
        job = job_run_inline(job, echo=self._echo)
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(_("Generation failed: %(reason)s") % {"reason": job.message})
        found.refresh_from_db()
        self._show(found)
        if found.problem_count:
            self.stderr.write(
                ngettext(
                    "%(count)s enrolment could not be computed, e.g.:",
                    "%(count)s enrolments could not be computed, e.g.:",
                    found.problem_count,
                )
                % {"count": format_number(found.problem_count)}
            )
            for problem in found.problems[:10]:
                self.stderr.write(
                    "  "
                    + _("enrolment %(id)s: %(message)s")
                    % {"id": problem["enrolment"], "message": problem["message"]}
                )

    def _echo(self, job) -> None:
        total = f"/{format_number(job.progress_total)}" if job.progress_total else ""
        self.stdout.write(f"  {format_number(job.progress_done)}{total} {job.message}")

    def _submit(self, actor: Actor, *, cycle, **_rest):
        self._show(services.cycle_submit(actor=actor, cycle=self._cycle(actor, cycle)))

    def _approve(self, actor: Actor, *, cycle, **_rest):
        self._show(services.cycle_approve(actor=actor, cycle=self._cycle(actor, cycle)))

    def _reject(self, actor: Actor, *, cycle, reason, **_rest):
        self._show(services.cycle_reject(actor=actor, cycle=self._cycle(actor, cycle), reason=reason))

    def _export(self, actor: Actor, *, cycle, format, out, **_rest):
        exported = services.batch_export(actor=actor, cycle=self._cycle(actor, cycle), fmt=format)
        path = Path(out or exported.file_name)
        path.write_bytes(exported.content)
        batch = exported.batch
        self.stdout.write(
            _("%(path)s: batch %(reference)s, %(lines)s, %(amount)s")
            % {
                "path": path,
                "reference": batch.reference,
                "lines": _lines(batch.line_count),
                "amount": format_vnd(batch.total_amount),
            }
        )

    def _import_result(self, actor: Actor, *, cycle, file, **_rest):
        found = self._cycle(actor, cycle)
        batch = selectors.cycle_batch(cycle=found)
        if batch is None:
            raise CommandError(_("The cycle has no bank batch yet: export it first."))
        path = Path(file)
        result = services.result_import(
            actor=actor, batch=batch, file_bytes=path.read_bytes(), file_name=path.name
        )
        self.stdout.write(
            _("%(file)s: %(paid)s paid, %(returned)s returned (%(amount)s)")
            % {
                "file": path.name,
                "paid": format_number(result.paid_count),
                "returned": format_number(result.returned_count),
                "amount": format_vnd(result.returned_amount),
            }
        )

    def _report(self, actor: Actor, *, cycle, xlsx, **_rest):
        found = self._cycle(actor, cycle)
        report = selectors.cycle_report(actor=actor, cycle=found)
        t = report.totals
        self._show(found)
        self.stdout.write(
            "  "
            + _("non-cash: %(lines)s (%(share_lines)s), %(amount)s (%(share_amount)s)")
            % {
                "lines": _lines(t.non_cash_count),
                "share_lines": _pct(t.non_cash_share_count),
                "amount": format_vnd(t.non_cash_amount),
                "share_amount": _pct(t.non_cash_share_amount),
            }
        )
        self.stdout.write(
            "  "
            + _(
                "arrears: %(lines)s, %(amount)s; returned: %(returned)s; "
                "cash for want of an account: %(no_account)s"
            )
            % {
                "lines": _lines(report.arrears_count),
                "amount": format_vnd(report.arrears_amount),
                "returned": format_number(report.returned_count),
                "no_account": format_number(report.no_account_count),
            }
        )
        channels = dict(PaymentChannel.choices)
        for row in report.by_channel:
            label = str(channels.get(row["channel"], row["channel"]))
            self.stdout.write(
                f"  {label[:24]:24} {format_number(row['count']):>10} {format_vnd(row['amount'])}"
            )
        for row in report.by_commune:
            self.stdout.write(
                f"  {row['commune__name'][:30]:30} {format_number(row['count']):>10} "
                f"{format_vnd(row['amount'])} {_pct(row['share_count'])}"
            )
        if xlsx:
            from ansinh.payments.report_file import report_xlsx

            Path(xlsx).write_bytes(report_xlsx(report))
            self.stdout.write(_("Written to %(path)s.") % {"path": xlsx})

    def _list(self, actor: Actor, *, province, **_rest):
        cycles = selectors.cycle_queryset(actor=actor)
        if province:
            cycles = cycles.filter(province_code=province)
        for cycle in cycles[:200]:
            self._show(cycle)


def _lines(count: int) -> str:
    return ngettext("%(count)s line", "%(count)s lines", count) % {"count": format_number(count)}


def _pct(value: float | None) -> str:
    """A share (0–1) as a percentage in the active language: 0.5 → '50,00%' ('50.00%' in English)."""
    return "—" if value is None else format_percent(Decimal(repr(value)) * 100, 2, strip=False)
