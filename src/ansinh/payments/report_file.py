"""The cycle report as an Excel workbook: totals, then by commune, channel, regime and status."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from ansinh.core.periods import month_label
from ansinh.geo.names import province_name
from ansinh.payments.models import LineStatus, PaymentChannel
from ansinh.payments.selectors import CycleReport


def _regime_label(value: str) -> str:
    from ansinh.benefits.models import Regime

    return str(dict(Regime.choices).get(value, value))


def report_xlsx(report: CycleReport) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    share = book.add_format({"num_format": "0.00%"})
    cycle, t = report.cycle, report.totals
    sheet = book.add_worksheet(_("Summary")[:31])
    sheet.set_column(0, 0, 46)
    sheet.set_column(1, 2, 18)
    sheet.write(
        0,
        0,
        _("Payment cycle %(province)s, %(month)s")
        % {"province": province_name(cycle.province_code), "month": month_label(cycle.month)},
        bold,
    )
    rows: list[tuple[str, Any, Any]] = [
        (_("Lines"), t.count, money),
        (_("Amount (đồng)"), t.amount, money),
        (_("Non-cash lines"), t.non_cash_count, money),
        (_("Non-cash amount (đồng)"), t.non_cash_amount, money),
        (_("Non-cash share by count"), t.non_cash_share_count, share),
        (_("Non-cash share by amount"), t.non_cash_share_amount, share),
        (_("Arrears lines"), report.arrears_count, money),
        (_("Arrears amount (đồng)"), report.arrears_amount, money),
        (_("Difference arrears lines"), report.difference_count, money),
        (_("Difference arrears amount (đồng)"), report.difference_amount, money),
        (_("Funeral support lines"), report.funeral_count, money),
        (_("Re-issued lines"), report.reissue_count, money),
        (_("Returned by the bank"), report.returned_count, money),
        (_("Paid in cash for want of an account"), report.no_account_count, money),
    ]
    for i, (label, value, fmt) in enumerate(rows, start=2):
        sheet.write(i, 0, label)
        sheet.write(i, 1, value if value is not None else "", fmt)
    _table(
        book,
        _("By commune"),
        [
            _("Commune"),
            _("Lines"),
            _("Amount"),
            _("Non-cash lines"),
            _("Non-cash amount"),
            _("Non-cash share by count"),
            _("Non-cash share by amount"),
        ],
        [
            [
                r["commune__name"],
                r["count"],
                r["amount"],
                r["non_cash_count"],
                r["non_cash_amount"],
                r["share_count"],
                r["share_amount"],
            ]
            for r in report.by_commune
        ],
        money,
        share,
    )
    channels = dict(PaymentChannel.choices)
    _table(
        book,
        _("By channel"),
        [_("Channel"), _("Lines"), _("Amount")],
        [[str(channels.get(r["channel"], r["channel"])), r["count"], r["amount"]] for r in report.by_channel],
        money,
        share,
    )
    _table(
        book,
        _("By regime"),
        [_("Regime"), _("Lines"), _("Amount"), _("Non-cash lines"), _("Non-cash amount")],
        [
            [_regime_label(r["regime"]), r["count"], r["amount"], r["non_cash_count"], r["non_cash_amount"]]
            for r in report.by_regime
        ],
        money,
        share,
    )
    statuses = dict(LineStatus.choices)
    _table(
        book,
        _("By status"),
        [_("Status"), _("Lines"), _("Amount")],
        [[str(statuses.get(r["status"], r["status"])), r["count"], r["amount"]] for r in report.by_status],
        money,
        share,
    )
    book.close()
    return buffer.getvalue()


def _table(book: Any, name: str, titles: list[str], rows: list[list[Any]], money: Any, share: Any) -> None:
    sheet = book.add_worksheet(name[:31])
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, len(titles), 16)
    bold = book.add_format({"bold": True})
    for c, title in enumerate(titles):
        sheet.write_string(0, c, str(title), bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, float):
                sheet.write_number(r, c, value, share)
            elif isinstance(value, int):
                sheet.write_number(r, c, value, money)
            else:
                sheet.write_string(r, c, "" if value is None else str(value))
