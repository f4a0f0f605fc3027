"""Reporting benchmark: a national six-month report over a registry of national size, on PostgreSQL.

    python -m bench.reports                 # set up (long) and measure
    python -m bench.reports --phase setup   # only load the data (resumable: skipped when already loaded)
    python -m bench.reports --phase measure # only measure, on the loaded database
    python -m bench.reports --quick         # 60,000 enrolments: a smoke test

Database `ansinh_bench_rep` on the server of BENCH_PG_URL. The setup migrates what the registry, benefits and
payments need, loads the administrative units and inserts, set-based:

* persons with their enrolments in monthly social assistance or the social pension, spread over the 34
  provinces in proportion to their communes (`bench.payments`' profiles: regimes, clauses, ages, channels),
  with start months spread from 01/2023 to 06/2026 so that the same period of the previous year differs;
* the monthly payment cycles of 01–06/2026 for every province, and one payment line per enrolment and month
  payable (1 % returned, the rest paid; channels as the enrolment's).

The measure phase migrates the rest (the reports app), seeds entered figures for every commune and the
plans of every province, then times, each in a fresh process:

1. build: computing every computed indicator for 2026H1 and 2025H1 from scratch, then the first national
   report (`build_report`, all indicators, the 34 provinces);
2. refresh: 10,000 changed records (5,000 enrolments stopped, 5,000 payment lines returned), then the
   incremental recompute of 2026H1 and the national report again;
3. read: the national report and every province's report, read again and again from the stored figures
   (p50 / p95 of `build_report`).

Targets (issue): read ≤ 2 s, refresh ≤ 30 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import write_section

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Reporting: national six-month report"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/ansinh_bench").rsplit("/", 1)[
    0
] + ("/ansinh_bench_rep")
ENROLMENTS = 3_000_000
PERIOD, LAST_YEAR = "2026H1", "2025H1"
MONTHS = [dt.date(2026, m, 1) for m in range(1, 7)]
CHANGED = 10_000
READS = 20
TARGETS = {"read_p95_s": 2.0, "refresh_s": 30.0}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.child:
        return _child(args)
    OUT.mkdir(parents=True, exist_ok=True)
    if not _pg_reachable():
        print(f"== postgres: not reachable at {PG_URL} (set BENCH_PG_URL)", flush=True)
        return 1
    enrolments = 60_000 if args.quick else args.enrolments
    results: dict[str, Any] = {"enrolments": enrolments}
    if args.phase in ("all", "setup"):
        results["setup"] = _phase("setup", args, enrolments)
    if args.phase in ("all", "measure"):
        for phase in ("prepare", "build", "refresh", "read"):
            results[phase] = _phase(phase, args, enrolments)
        doc = OUT / "benchmarks-rep-quick.md" if args.quick else DOC
        write_section(doc, SECTION, _report(results))
        print(f"== written to {doc.relative_to(ROOT)}")
    (OUT / "reports.json").write_text(json.dumps(results, indent=1, default=str))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.reports")
    parser.add_argument("--phase", choices=["all", "setup", "measure"], default="all")
    parser.add_argument("--enrolments", type=int, default=ENROLMENTS)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="drop the database first")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--json-out", help=argparse.SUPPRESS)
    return parser


def _pg_reachable() -> bool:
    base = PG_URL.rsplit("/", 1)[0] + "/postgres"
    return subprocess.run([sys.executable, "-m", "ansinh.core.pgcheck", base], check=False).returncode == 0


def _phase(name: str, args: argparse.Namespace, enrolments: int) -> dict[str, Any]:
    print(f"== {name}", flush=True)
    if name == "setup" and (args.fresh or args.quick):
        _drop_database()
    out = OUT / f"reports-{name}.json"
    command = [sys.executable, "-m", "bench.reports", "--child", name, "--json-out", str(out)]
    command += ["--enrolments", str(enrolments)]
    subprocess.run(command, check=True, cwd=ROOT)
    return json.loads(out.read_text())


def _drop_database() -> None:
    import psycopg

    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    name = PG_URL.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _ensure_database() -> None:
    import psycopg

    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    name = PG_URL.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def _child(args: argparse.Namespace) -> int:
    if args.child == "setup":
        _ensure_database()
    os.environ["DATABASE_URL"] = PG_URL
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    import django

    django.setup()
    phases = {"setup": _setup, "prepare": _prepare, "build": _build, "refresh": _refresh, "read": _read}
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    result = phases[args.child](args)
    result["phase_s"] = time.perf_counter() - started
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["load_before"], result["load_after"] = load_before, os.getloadavg()[0]
    Path(args.json_out).write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str))
    return 0


def _log(message: str) -> None:
    print(f"   {dt.datetime.now():%H:%M:%S} {message}", flush=True)


# --- setup ----------------------------------------------------------------------------------------


def _setup(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from ansinh.benefits.models import Enrolment
    from ansinh.geo.loader import load_units

    t = time.perf_counter()
    # Only the apps the data needs: the rest (reports above all) is migrated when measuring, with its
    # final migrations.
    call_command("migrate", "benefits", verbosity=0)
    call_command("migrate", "payments", verbosity=0)
    load_units()
    result: dict[str, Any] = {"migrate_units_s": time.perf_counter() - t}
    if Enrolment.objects.exists():
        _log("data already loaded; nothing to do")
        result["skipped"] = True
        return result
    t = time.perf_counter()
    for code, n in _split(args.enrolments).items():
        _insert_province(code, n, seed=7)
    _spread_start_months()
    result["enrolments_s"] = time.perf_counter() - t
    t = time.perf_counter()
    result["lines"] = _payment_lines()
    result["lines_s"] = time.perf_counter() - t
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    result["rows"] = _row_counts()
    return result


def _split(total: int) -> dict[str, int]:
    """Enrolments per province, in proportion to its communes (a stand-in for population)."""
    from django.db.models import Count

    from ansinh.geo.models import AdminUnit

    counts = dict(
        AdminUnit.objects.filter(structure="2025", level="commune")
        .values_list("province_code")
        .annotate(n=Count("id"))
        .values_list("province_code", "n")
    )
    communes = sum(counts.values())
    return {code: max(1, round(total * n / communes)) for code, n in sorted(counts.items())}


def _insert_province(code: str, n: int, seed: int) -> None:
    import bench.payments as pay

    pay.CHUNK_INSERT = 100_000
    pay._log = lambda message: None  # one line per province is enough here
    pay._insert_enrolments(code, n, seed)
    _log(f"province {code}: {n:,} persons and enrolments")


def _spread_start_months() -> None:
    """Start months from 01/2023 to 06/2026 (the payments profile starts everyone in 2026)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE benefits_enrolment SET"
            " start_month = (date '2023-01-01' + (id %% 42) * interval '1 month')::date,"
            " facts_from = (date '2023-01-01' + (id %% 42) * interval '1 month')::date",
            [],
        )


def _payment_lines() -> int:
    """The cycles of 01–06/2026 for every province, reconciled, and their lines, set-based."""
    from django.db import connection
    from django.utils import timezone

    from ansinh.benefits.models import Enrolment
    from ansinh.payments.models import PaymentCycle

    provinces = sorted(Enrolment.objects.values_list("province_code", flat=True).distinct())
    now = timezone.now()
    cycles = [
        PaymentCycle(province_code=p, month=m, status="reconciled", generated_at=now, approved_at=now)
        for p in provinces
        for m in MONTHS
    ]
    PaymentCycle.objects.bulk_create(cycles)
    total = 0
    with connection.cursor() as cursor:
        for month in MONTHS:
            t = time.perf_counter()
            cursor.execute(
                """
                INSERT INTO payments_paymentline (cycle_id, enrolment_id, person_id, province_code,
                    commune_id, regime, kind, for_month, attempt, reference, amount, channel,
                    cash_reason, payee_name, bank_code, account, snapshot, status, return_reason, settled_at)
                SELECT c.id, e.id, e.person_id, e.province_code, e.commune_id, e.regime, 'monthly',
                    c.month, 0,
                    'AS' || lpad(e.id::text, 10, '0') || to_char(c.month, 'YYYYMM') || '10000',
                    CASE WHEN e.regime = 'social_pension' THEN 500000 ELSE 750000 END,
                    e.channel, e.cash_reason, 'Nguyễn Văn An', '', '', '{}'::jsonb,
                    CASE WHEN e.id %% 100 = 0 THEN 'returned' ELSE CASE WHEN e.channel = 'cash'
                        THEN 'cash_paid' ELSE 'paid' END END, '', c.month + 19
                FROM benefits_enrolment e
                JOIN payments_paymentcycle c ON c.province_code = e.province_code AND c.month = %s
                WHERE e.start_month <= %s
                """,
                [month, month],
            )
            total += cursor.rowcount
            _log(f"lines for {month:%m/%Y}: {cursor.rowcount:,} in {time.perf_counter() - t:.0f} s")
    return total


def _row_counts() -> dict[str, int]:
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in (
            "registry_person",
            "benefits_enrolment",
            "payments_paymentline",
            "payments_paymentcycle",
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    return counts


# --- measure --------------------------------------------------------------------------------------


def _prepare(args: argparse.Namespace) -> dict[str, Any]:
    """The reports app's tables, entered figures for every commune and plans for every province."""
    from django.core.management import call_command

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    result: dict[str, Any] = {"migrate_s": time.perf_counter() - t}
    t = time.perf_counter()
    result["entered"] = _entered_figures()
    result["entered_s"] = time.perf_counter() - t
    result["machine"] = _machine()
    result["db_version"] = _db_version()
    result["rows"] = _row_counts()
    result["start_months"] = _start_months()
    return result


def _start_months() -> dict[str, Any]:
    from django.db.models import Count, Max, Min

    from ansinh.benefits.models import Enrolment

    agg = Enrolment.objects.aggregate(first=Min("start_month"), last=Max("start_month"))
    months = Enrolment.objects.values("start_month").distinct().aggregate(n=Count("start_month"))
    return {"first": agg["first"], "last": agg["last"], "months": months["n"]}


def _entered_figures() -> dict[str, int]:
    """Every entered indicator for every commune in both periods (random but plausible), and the plans."""
    from decimal import Decimal

    from django.db import connection

    from ansinh.geo.models import AdminUnit
    from ansinh.reports.models import DataValue, Indicator, Origin, PlanTarget
    from ansinh.reports.periods import parse_period

    rng = random.Random(11)
    DataValue.objects.filter(origin=Origin.ENTERED).delete()
    PlanTarget.objects.all().delete()
    communes = list(
        AdminUnit.objects.filter(structure="2025", level="commune").values_list("id", "code", "province_code")
    )
    entered = [i for i in Indicator.objects.filter(active=True) if not i.computed]
    rows = []
    for period_code in (PERIOD, LAST_YEAR):
        period = parse_period(period_code)
        for indicator in entered:
            for unit_id, code, province in communes:
                fields: dict[str, Any]
                if indicator.is_ratio:
                    den = Decimal(rng.randint(500, 5000))
                    fields = {
                        "numerator": (den * Decimal(rng.randint(1, 90)) / 100).quantize(Decimal(1)),
                        "denominator": den,
                    }
                else:
                    fields = {"value": Decimal(rng.randint(0, 400))}
                rows.append(
                    DataValue(indicator=indicator, unit_id=unit_id, unit_code=code, level="commune",
                              structure="2025", province_code=province, origin=Origin.ENTERED,
                              period_code=period.code, period_start=period.start,
                              period_months=period.months, **fields)
                )  # fmt: skip
    DataValue.objects.bulk_create(rows, batch_size=5000)
    provinces = list(AdminUnit.objects.filter(structure="2025", level="province").values_list("id", "code"))
    plans = [
        PlanTarget(indicator=indicator, unit_id=unit_id, unit_code=code, level="province", province_code=code,
                   year=2026, value=Decimal(rng.randint(1000, 100000)))
        for indicator in Indicator.objects.filter(active=True, aggregation="sum")
        for unit_id, code in provinces
    ]  # fmt: skip
    PlanTarget.objects.bulk_create(plans, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"values": len(rows), "plans": len(plans), "indicators": len(entered)}


def _analyst() -> Any:
    from ansinh.accounts.models import User

    user, _ = User.objects.get_or_create(username="bench_analyst", defaults={"role": "ministry_analyst"})
    return user


def _national(actor: Any) -> tuple[float, Any]:
    from ansinh.reports.build import build_report
    from ansinh.reports.periods import parse_period

    t = time.perf_counter()
    report = build_report(actor=actor, period=parse_period(PERIOD), unit_code=None)
    return time.perf_counter() - t, report


def _build(args: argparse.Namespace) -> dict[str, Any]:
    from ansinh.reports.compute import compute_period
    from ansinh.reports.models import DataValue, Origin, RollupValue
    from ansinh.reports.periods import parse_period

    DataValue.objects.filter(origin=Origin.COMPUTED).delete()
    RollupValue.objects.all().delete()
    result: dict[str, Any] = {}
    t = time.perf_counter()
    summaries = {code: compute_period(parse_period(code)) for code in (PERIOD, LAST_YEAR)}
    result["compute_s"] = time.perf_counter() - t
    result["per_indicator_s"] = {
        code: {ind: r["seconds"] for ind, r in s["indicators"].items()} for code, s in summaries.items()
    }
    seconds, report = _national(_analyst())
    result["first_report_s"] = seconds
    result["total_s"] = result["compute_s"] + seconds
    result["indicators"] = len(report.indicators)
    result["provinces"] = len(report.children)
    return result


def _refresh(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection

    from ansinh.reports.compute import compute_period
    from ansinh.reports.periods import parse_period

    half = CHANGED // 2
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE benefits_enrolment SET status = 'stopped',"
            " end_month = date '2026-03-01', updated_at = now()"
            " WHERE id IN (SELECT id FROM benefits_enrolment WHERE status = 'active'"
            " ORDER BY random() LIMIT %s)",
            [half],
        )
        stopped = cursor.rowcount
        cursor.execute(
            "UPDATE payments_paymentline SET status = 'returned', return_reason = 'Tài khoản đã đóng'"
            " WHERE id IN (SELECT id FROM payments_paymentline WHERE status = 'paid' AND for_month = %s"
            " ORDER BY random() LIMIT %s)",
            [MONTHS[-1], half],
        )
        returned = cursor.rowcount
    t = time.perf_counter()
    summary = compute_period(parse_period(PERIOD))
    refresh = time.perf_counter() - t
    seconds = _national(_analyst())[0]
    return {
        "changed_records": stopped + returned,
        "recompute_s": refresh,
        "report_s": seconds,
        "total_s": refresh + seconds,
        "provinces_refreshed": summary.get("provinces_refreshed"),
        "changed_figures": sum(r.get("created", 0) + r.get("updated", 0) + r.get("deleted", 0)
                               for r in summary["indicators"].values()),
    }  # fmt: skip


def _read(args: argparse.Namespace) -> dict[str, Any]:
    from ansinh.geo.models import AdminUnit
    from ansinh.reports.build import build_report
    from ansinh.reports.periods import parse_period

    actor = _analyst()
    period = parse_period(PERIOD)
    provinces = list(
        AdminUnit.objects.filter(structure="2025", level="province")
        .order_by("code")
        .values_list("code", flat=True)
    )
    national, provincial = [], []
    for _ in range(READS):
        national.append(_national(actor)[0])
    for code in provinces:
        t = time.perf_counter()
        build_report(actor=actor, period=period, unit_code=code)
        provincial.append(time.perf_counter() - t)
    return {"national": _stats(national), "province": _stats(provincial)}


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(samples), "p50_s": statistics.median(ordered), "p95_s": p95, "max_s": ordered[-1]}


def _machine() -> dict[str, str]:
    from bench.run import _machine as machine

    return machine()


def _db_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


# --- report -----------------------------------------------------------------------------------------


def _report(results: dict[str, Any]) -> str:
    prep, build, refresh, read = (results[k] for k in ("prepare", "build", "refresh", "read"))
    rows = prep["rows"]
    spread = dict(prep["start_months"])
    spread["first"], spread["last"] = (dt.date.fromisoformat(str(spread[k])) for k in ("first", "last"))
    m = prep["machine"]
    total_rows = sum(rows.values())
    verdict = {
        "read": "met" if read["national"]["p95_s"] <= TARGETS["read_p95_s"] else "missed",
        "refresh": "met" if refresh["total_s"] <= TARGETS["refresh_s"] else "missed",
    }
    lines = [
        SECTION,
        "",
        f"Measured {m['date']} by `python -m bench.reports` on {prep['db_version']}"
        " (stock Debian configuration).",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; {m['os']}; Python {m['python']}, "
        f"Django {m['django']}.",
        "",
        f"Data: {total_rows:,} rows — "
        + ", ".join(f"{table} {n:,}" for table, n in rows.items())
        + f"; enrolments starting in {spread['months']} different months from {spread['first']:%m/%Y} to"
        f" {spread['last']:%m/%Y}, payment lines for 01–06/2026 (1 % returned)"
        + f"; entered figures {prep['entered']['values']:,} (every entered indicator for every one of the"
        f" 3,321 communes, {PERIOD} and {LAST_YEAR}) and {prep['entered']['plans']:,} plan targets.",
        "Job-fair sessions, placements and unemployment claims are not in this data set: their",
        "indicators are computed from empty tables.",
        "",
        "| Step | Time | Target |",
        "|---|---:|---:|",
        f"| Build from scratch: compute {PERIOD} and {LAST_YEAR} (every computed indicator) | "
        f"{build['compute_s']:.1f} s | — |",
        f"| First national report after it ({build['indicators']} indicators, "
        f"{build['provinces']} provinces) | "
        f"{build['first_report_s']:.2f} s | — |",
        f"| Incremental refresh after {refresh['changed_records']:,} changed records: recompute {PERIOD} | "
        f"{refresh['recompute_s']:.1f} s | |",
        f"| … and the national report again (refresh total) | {refresh['report_s']:.2f} s "
        f"(total {refresh['total_s']:.1f} s) | ≤ {TARGETS['refresh_s']:.0f} s: {verdict['refresh']} |",
        f"| Cached read, national report (n = {read['national']['n']}) | "
        f"p50 {read['national']['p50_s']:.3f} s, "
        f"p95 {read['national']['p95_s']:.3f} s | ≤ {TARGETS['read_p95_s']:.0f} s: {verdict['read']} |",
        f"| Cached read, each province's report (n = {read['province']['n']}) | p50 "
        f"{read['province']['p50_s']:.3f} s, p95 {read['province']['p95_s']:.3f} s | — |",
        "",
        f"The refresh changed {refresh['changed_figures']:,} stored figures and re-rolled "
        f"{refresh['provinces_refreshed']} provinces. Peak memory: build {build['peak_rss_mib']:,.0f} MiB, "
        f"refresh {refresh['peak_rss_mib']:,.0f} MiB, reads {read['peak_rss_mib']:,.0f} MiB. 1-minute load "
        f"average before the build {build['load_before']:.1f}, before the reads {read['load_before']:.1f}.",
        "",
        "Seconds per computed indicator in the build: "
        + "; ".join(
            f"{code}: " + ", ".join(f"{ind} {s:.1f}" for ind, s in per.items())
            for code, per in build["per_indicator_s"].items()
        )
        + ".",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
