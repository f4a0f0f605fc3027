"""Payments benchmark: cycle generation and the bank-result import on a fresh database per backend.

    python -m bench.payments                                  # 3.5 M enrolments on PostgreSQL, 1 M on SQLite
    python -m bench.payments --backend sqlite --enrolments 200000
    python -m bench.payments --quick                          # 50,000 enrolments; a smoke test

For each backend a child process gets a fresh database (SQLite file under bench/out/, PostgreSQL
database `ansinh_bench_pay`), migrates it, loads the administrative units and bulk-inserts minimal
persons with enrolments (mixed regimes, clauses, ages and channels; 5 % decided two months late, so
their first cycle carries arrears; a few suspended), and beside them the people with merit on a monthly
allowance (regime "merit": war invalids, martyrs' relatives, Agent Orange, sick soldiers, Heroic Mothers,
former prisoners; 1.2 M beside 3.5 M in the national run, the same proportion otherwise, `--merit`).
Then each phase runs in its own process, so the peak memory (`ru_maxrss`) reported is that phase's alone:

1. generate: the cycles of month M (`cycle_generate`) — the first cycle of every enrolment;
2. steady: the cycles of month M+1, where every enrolment already has its earlier lines;
3. import: approve M's cycle of the province holding about 1 M lines, export its bank batch (CSV),
   write the bank's result file (1 % returned) and time `result_import` on it.

Results are written as JSON under bench/out/ and, for full runs, as a section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import write_section

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Payments: cycle generation and bank results"
# The registry benchmark's server (BENCH_PG_URL), in a database of our own.
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/ansinh_bench").rsplit("/", 1)[
    0
] + ("/ansinh_bench_pay")
MONTH = dt.date(2026, 5, 1)  # a month of the confirmed 500.000 đ standard (Decree 76/2024/NĐ-CP)
MERIT_PER_ENROLMENT = 1_200_000 / 3_500_000  # people with merit on allowances per social enrolment
IMPORT_PROVINCE_SIZE = 1_000_000  # enrolments of the province whose batch the import phase uses
TARGETS = {"postgres": (3_500_000, 60.0), "sqlite": (1_000_000, 30.0)}
CHUNK_INSERT = 50_000


# --- parent -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.child:
        return _child(args)
    OUT.mkdir(parents=True, exist_ok=True)
    backends = ["postgres", "sqlite"] if args.backend == "both" else [args.backend]
    if "postgres" in backends and not _pg_reachable():
        print(f"== postgres: not reachable at {PG_URL} (set BENCH_PG_URL); skipped", flush=True)
        backends.remove("postgres")
    results = []
    for backend in backends:
        result = _run_backend(backend, args)
        if result is not None:
            results.append(result)
    if not results:
        return 1
    if not args.quick and args.enrolments is None:
        results += _earlier_results(results)
    doc = Path(args.doc) if args.doc else (OUT / "benchmarks-pay-quick.md" if args.quick else DOC)
    if args.quick or args.enrolments is not None:
        doc = Path(args.doc) if args.doc else OUT / "benchmarks-pay-custom.md"
    write_section(doc, SECTION, _report(results))
    print(f"== written to {doc.relative_to(ROOT) if doc.is_relative_to(ROOT) else doc}")
    return 0 if len(results) == len(backends) else 1


def _run_backend(backend: str, args: argparse.Namespace) -> dict[str, Any] | None:
    enrolments = args.enrolments or (50_000 if args.quick else TARGETS[backend][0])
    merit = args.merit if args.merit is not None else round(enrolments * MERIT_PER_ENROLMENT)
    url = _url(backend) if args.resume else _fresh_database(backend)
    result: dict[str, Any] = {
        "backend": backend,
        "enrolments": enrolments,
        "merit": merit,
        "target_s": TARGETS[backend][1],
    }
    phases = ["setup", "generate"] + ([] if args.no_steady else ["steady"]) + ["import"]
    for phase in phases:
        out = OUT / f"pay-{backend}-{phase}.json"
        if args.resume and out.exists():
            result[phase] = json.loads(out.read_text())
            continue
        out.unlink(missing_ok=True)
        cmd = [
            sys.executable,
            "-m",
            "bench.payments",
            "--child",
            phase,
            "--url",
            url,
            "--json-out",
            str(out),
            "--enrolments",
            str(enrolments),
            "--seed",
            str(args.seed),
            "--merit",
            str(merit),
        ]
        print(f"== {backend} {phase}", flush=True)
        code = subprocess.call(cmd, cwd=ROOT)
        if code != 0 or not out.exists():
            print(f"== {backend} {phase}: failed (exit {code})", flush=True)
            return None
        result[phase] = json.loads(out.read_text())
    (OUT / f"pay-result-{backend}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    return result


def _pg_reachable() -> bool:
    from ansinh.core.pgcheck import reachable

    return reachable(PG_URL)


def _url(backend: str) -> str:
    return f"sqlite:///{OUT / 'bench-pay.sqlite3'}" if backend == "sqlite" else PG_URL


def _fresh_database(backend: str) -> str:
    if backend == "sqlite":
        path = OUT / "bench-pay.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(PG_URL)
    name = parts.path.lstrip("/")
    admin = psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return PG_URL


def _earlier_results(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    done = {r["backend"] for r in results}
    earlier = []
    for backend in ("postgres", "sqlite"):
        path = OUT / f"pay-result-{backend}.json"
        if backend not in done and path.exists():
            result = json.loads(path.read_text())
            if result["enrolments"] == TARGETS[backend][0]:
                earlier.append(result)
    return earlier


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.payments", description=__doc__.splitlines()[0])
    p.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument(
        "--enrolments", type=int, default=None, help="default 3,500,000 (PostgreSQL), 1,000,000 (SQLite)"
    )
    p.add_argument("--quick", action="store_true", help="50,000 enrolments; report in bench/out/")
    p.add_argument(
        "--merit",
        type=int,
        default=None,
        help="merit beneficiaries beside them (default 1.2 M per 3.5 M enrolments, the national proportion)",
    )
    p.add_argument("--no-steady", action="store_true", help="skip the second-month (steady state) cycle")
    p.add_argument(
        "--resume", action="store_true", help="keep the database and the phases done (after a failure)"
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--doc", default="", help="write the report here instead of docs/benchmarks.md")
    p.add_argument("--child", choices=["setup", "generate", "steady", "import"], help=argparse.SUPPRESS)
    p.add_argument("--url", help=argparse.SUPPRESS)
    p.add_argument("--json-out", help=argparse.SUPPRESS)
    return p


# --- child: one phase -----------------------------------------------------------------------------------


def _child(args: argparse.Namespace) -> int:
    os.environ["DATABASE_URL"] = args.url
    os.environ["DEBUG"] = "0"  # Django keeps every query in memory when DEBUG is on
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    import django

    django.setup()
    phase = {"setup": _setup, "generate": _generate, "steady": _steady, "import": _import}[args.child]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    result = phase(args)
    result["phase_s"] = time.perf_counter() - started
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["load_average"] = os.getloadavg()[0]
    result["load_before"] = load_before
    Path(args.json_out).write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str))
    return 0


def _log(message: str) -> None:
    print(f"   {dt.datetime.now():%H:%M:%S} {message}", flush=True)


def _split(enrolments: int) -> dict[str, int]:
    """Enrolments per province: about IMPORT_PROVINCE_SIZE in TP HCM (79) for the import phase, the rest
    in Hà Nội (01); a small run puts everything in Hà Nội."""
    if enrolments <= IMPORT_PROVINCE_SIZE * 1.2:
        return {"01": enrolments}
    return {"79": IMPORT_PROVINCE_SIZE, "01": enrolments - IMPORT_PROVINCE_SIZE}


def _setup(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command

    from ansinh.geo.loader import load_units

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_units()
    result: dict[str, Any] = {"migrate_units_s": time.perf_counter() - t, "machine": _machine()}
    _log(f"migrated and loaded units in {result['migrate_units_s']:.0f} s")
    t = time.perf_counter()
    made = {code: _insert_enrolments(code, n, args.seed) for code, n in _split(args.enrolments).items()}
    merit = args.merit or 0
    if merit:
        share = {code: n / args.enrolments for code, n in _split(args.enrolments).items()}
        counts = [round(merit * s) for s in share.values()]
        counts[-1] = merit - sum(counts[:-1])
        result["merit_provinces"] = {
            code: _insert_enrolments(code, n, args.seed, profiles=_MERIT_PROFILES, tag="merit")
            for code, n in zip(share, counts, strict=True)
        }
    result["insert_s"] = time.perf_counter() - t
    result["provinces"] = made
    _maintenance()
    result["db_version"] = _db_version()
    _users()
    return result


def _users() -> None:
    from ansinh.accounts.models import User
    from ansinh.geo.models import AdminUnit

    for code in ("01", "79"):
        unit = AdminUnit.objects.get(structure="2025", level="province", code=code)
        for who in ("maker", "checker"):
            User.objects.create(username=f"bench_{who}_{code}", role="province_officer", scope_unit=unit)


# Who the demo beneficiaries are: (share, regime, facts, birth-year range).
_PROFILES = [
    (0.30, "social_pension", {"household": "none", "pension_monthly": 0}, (1935, 1950)),
    (0.10, "social_pension", {"household": "poor", "pension_monthly": 0}, (1951, 1955)),
    (
        0.20,
        "social_assistance",
        {"clauses": ["5a"], "disability": None, "household": "poor", "children": 0, "studying": False},
        (1930, 1965),
    ),
    (
        0.25,
        "social_assistance",
        {"clauses": ["6"], "disability": "severe", "household": "none", "children": 0, "studying": False},
        (1940, 2020),
    ),
    (
        0.10,
        "social_assistance",
        {
            "clauses": ["6"],
            "disability": "especially_severe",
            "household": "none",
            "children": 0,
            "studying": False,
        },
        (1940, 2020),
    ),
    (
        0.05,
        "social_assistance",
        {"clauses": ["5c"], "disability": None, "household": "none", "children": 0, "studying": False},
        (1925, 1944),
    ),
]


# People with merit on a monthly allowance (regime "merit"; facts as merit.allowance.facts builds them):
# (share, regime, facts, birth-year range). Shares are rough: martyrs' relatives and war invalids dominate.
_MERIT_PROFILES = [
    (0.35, "merit", {"category": "martyr_relative", "martyrs": 1}, (1925, 1960)),
    (0.25, "merit", {"category": "war_invalid", "injury_rate": 61}, (1940, 1975)),
    (0.05, "merit", {"category": "war_invalid", "injury_rate": 81, "lives_at_home": True}, (1940, 1975)),
    (0.15, "merit", {"category": "agent_orange", "injury_rate": 41}, (1940, 1975)),
    (0.09, "merit", {"category": "sick_soldier", "injury_rate": 61}, (1940, 1975)),
    (0.10, "merit", {"category": "former_prisoner"}, (1930, 1960)),
    (0.01, "merit", {"category": "heroic_mother"}, (1915, 1940)),
]


def _insert_enrolments(
    province_code: str, n: int, seed: int, *, profiles: list[Any] | None = None, tag: str = ""
) -> dict[str, int]:
    """Minimal persons and their enrolments, inserted set-based (COPY / multi-row INSERT)."""
    profiles = profiles or _PROFILES
    from django.db import connection, transaction
    from django.utils import timezone

    from ansinh.benefits.models import Enrolment, Suspension
    from ansinh.core.bulk import BulkInsert
    from ansinh.core.periods import add_months
    from ansinh.geo.models import AdminUnit
    from ansinh.registry.models import Person

    rng = random.Random(f"bench-pay:{province_code}:{seed}{tag}")
    communes = list(
        AdminUnit.objects.filter(structure="2025", level="commune", province_code=province_code).values_list(
            "id", flat=True
        )
    )
    cum, acc = [], 0.0
    for profile in profiles:
        acc += profile[0]
        cum.append(acc)
    now = timezone.now()
    date = connection.ops.adapt_datefield_value
    late, start = date(add_months(MONTH, -2)), date(MONTH)
    person_cols = [
        "commune_id",
        "province_code",
        "full_name",
        "name_folded",
        "birth_date",
        "birth_year",
        "sex",
        "ethnicity",
        "bank_code",
        "bank_account",
        "status",
        "address_detail",
        "phone",
    ]
    enrol_cols = [
        "commune_id",
        "province_code",
        "person_id",
        "regime",
        "clause",
        "facts",
        "facts_from",
        "status",
        "start_month",
        "channel",
        "cash_reason",
        "wallet_provider",
        "wallet_account",
    ]
    counts = {"enrolments": 0, "bank": 0, "ewallet": 0, "cash": 0, "no_account": 0, "late": 0, "suspended": 0}
    done = 0
    while done < n:
        size = min(CHUNK_INSERT, n - done)
        people, plans = [], []
        for _ in range(size):
            k = _pick(cum, rng)
            _share, regime, facts, (y0, y1) = profiles[k]
            year = rng.randint(y0, y1)
            born = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            commune = rng.choice(communes)
            roll = rng.random()
            channel, bank, account, wallet, wallet_account, reason = "bank", "VBA", "", "", "", ""
            if roll < 0.88:
                account = f"{rng.randrange(10**11, 10**12)}"
                counts["bank"] += 1
            elif roll < 0.94:
                channel, wallet, wallet_account, bank = (
                    "ewallet",
                    "VNPTMONEY",
                    f"09{rng.randrange(10**8):08d}",
                    "",
                )
                counts["ewallet"] += 1
            elif roll < 0.98:
                channel, bank, reason = "cash", "", "Người cao tuổi không đi lại được"
                counts["cash"] += 1
            else:
                bank = ""
                counts["no_account"] += 1
            people.append(
                (
                    commune,
                    province_code,
                    "Nguyễn Văn An",
                    "nguyen van an",
                    date(born),
                    year,
                    rng.choice("MF"),
                    "01",
                    bank if account else "",
                    account,
                    "alive",
                    "",
                    "",
                )
            )
            is_late = rng.random() < 0.05
            counts["late"] += is_late
            first = late if is_late else start
            clause = facts.get("clauses", [""])[0]
            plans.append(
                (
                    commune,
                    province_code,
                    regime,
                    clause,
                    json.dumps(facts),
                    first,
                    "active",
                    first,
                    channel,
                    reason,
                    wallet,
                    wallet_account,
                )
            )
        with transaction.atomic():
            person_ids = BulkInsert(Person, person_cols, now).run(people)
            rows = [(p[0], p[1], pid, *p[2:]) for p, pid in zip(plans, person_ids, strict=True)]
            enrol_ids = BulkInsert(Enrolment, enrol_cols, now).run(rows)
            suspended = [
                (eid, date(MONTH), None, "Đi khỏi địa phương") for eid in enrol_ids if rng.random() < 0.01
            ]
            if suspended:
                columns = ["enrolment_id", "from_month", "to_month", "reason"]
                BulkInsert(Suspension, columns, now).run(suspended)
                Enrolment.objects.filter(pk__in=[s[0] for s in suspended]).update(status="suspended")
            counts["suspended"] += len(suspended)
        done += size
        counts["enrolments"] = done
        _log(f"province {province_code}: {done:,} / {n:,} {tag or 'social'} enrolments")
    return counts


def _pick(cum: list[float], rng: random.Random) -> int:
    x = rng.random() * cum[-1]
    for i, c in enumerate(cum):
        if x <= c:
            return i
    return len(cum) - 1


def _maintenance() -> None:
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    _log(f"maintenance {time.perf_counter() - t:.0f} s")


def _db_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def _cycles_for(month: dt.date, args: argparse.Namespace) -> dict[str, Any]:
    """Create and generate the cycle of every province for `month`; time each."""
    from ansinh.accounts.models import User
    from ansinh.payments import services
    from ansinh.payments.models import PaymentCycle

    out: dict[str, Any] = {"cycles": []}
    started = time.perf_counter()
    for code in _split(args.enrolments):
        maker = User.objects.get(username=f"bench_maker_{code}")
        # A cycle left part-way by an interrupted run is resumed, as an operator would.
        cycle = PaymentCycle.objects.filter(province_code=code, month=month).first()
        cycle = cycle or services.cycle_create(actor=maker, province_code=code, month=month)
        services.cycle_generation_start(actor=maker, cycle=cycle)
        t = time.perf_counter()
        last = [0.0]

        def progress(done, total, message="", _last=last, _t=t, _code=code):
            if time.perf_counter() - _last[0] > 10:
                _last[0] = time.perf_counter()
                _log(f"province {_code}: {done:,} / {total:,} ({time.perf_counter() - _t:.0f} s)")

        report = services.cycle_generate(cycle=cycle, progress=progress)
        seconds = time.perf_counter() - t
        cycle.refresh_from_db()
        out["cycles"].append(
            {
                "province": code,
                "seconds": seconds,
                "lines": cycle.line_count,
                "total_amount": cycle.total_amount,
                "inserted": report.lines_inserted,
                "chunks": report.chunks,
                "enrolments": report.enrolments,
                "problems": cycle.problem_count,
            }
        )
        _log(
            f"province {code}: {report.enrolments:,} enrolments → {cycle.line_count:,} lines "
            f"in {seconds:.1f} s"
        )
    out["seconds"] = time.perf_counter() - started
    out["lines"] = sum(c["lines"] for c in out["cycles"])
    out["enrolments"] = sum(c["enrolments"] for c in out["cycles"])
    return out


def _generate(args: argparse.Namespace) -> dict[str, Any]:
    return _cycles_for(MONTH, args)


def _steady(args: argparse.Namespace) -> dict[str, Any]:
    """The next month, after the maintenance a month between cycles gives the database (autovacuum)."""
    from ansinh.core.periods import add_months

    _maintenance()
    return _cycles_for(add_months(MONTH, 1), args)


def _import(args: argparse.Namespace) -> dict[str, Any]:
    from ansinh.accounts.models import User
    from ansinh.payments import services
    from ansinh.payments.models import PaymentCycle

    code = "79" if "79" in _split(args.enrolments) else "01"
    maker, checker = (User.objects.get(username=f"bench_{w}_{code}") for w in ("maker", "checker"))
    cycle = PaymentCycle.objects.get(province_code=code, month=MONTH)
    services.cycle_submit(actor=maker, cycle=cycle)
    services.cycle_approve(actor=checker, cycle=cycle)
    t = time.perf_counter()
    exported = services.batch_export(actor=maker, cycle=cycle, fmt="csv")
    export_s = time.perf_counter() - t
    batch = exported.batch
    _log(
        f"exported {batch.line_count:,} lines ({len(exported.content) / 2**20:.0f} MiB CSV) "
        f"in {export_s:.1f} s"
    )
    content = _result_file(batch)
    del exported
    t = time.perf_counter()
    result = services.result_import(actor=maker, batch=batch, file_bytes=content, file_name="ket-qua.csv")
    import_s = time.perf_counter() - t
    _log(
        f"imported {result.line_count:,} result rows ({result.returned_count:,} returned) in {import_s:.1f} s"
    )
    return {
        "province": code,
        "batch_lines": batch.line_count,
        "export_s": export_s,
        "import_s": import_s,
        "file_mib": len(content) / 2**20,
        "returned": result.returned_count,
    }


def _result_file(batch: Any) -> bytes:
    """The bank's answer: every line paid but 1 % returned (account closed), in the documented CSV format."""
    rng = random.Random(7)
    rows = [
        "D,{},{},{},{}".format(
            ref, *(("returned", amount, "Tài khoản đã đóng") if rng.random() < 0.01 else ("paid", amount, ""))
        )
        for ref, amount in batch.lines.order_by("id").values_list("reference", "amount").iterator(50_000)
    ]
    rows.append(f"T,{batch.line_count},{batch.total_amount}")
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


# --- report --------------------------------------------------------------------------------------------


def _machine() -> dict[str, str]:
    from bench.run import _machine as machine

    return machine()


def _report(results: list[dict[str, Any]]) -> str:
    first = results[0]["setup"]
    m = first["machine"]
    versions = ", ".join(r["setup"]["db_version"] for r in results)
    lines = [
        SECTION,
        "",
        f"Measured {m['date']} by `python -m bench.payments` on a fresh database per backend. "
        f"Machine: {m['cpu']},",
        f"{m['cores']} cores, {m['ram']} RAM; {m['os']}; Python {m['python']}, Django {m['django']}, "
        f"{versions}" + (" (stock Debian configuration)." if "PostgreSQL" in versions else "."),
        "",
        "```bash",
        "python -m bench.payments                       # PostgreSQL 3.5 M and SQLite 1 M enrolments",
        "python -m bench.payments --backend sqlite --enrolments 200000",
        "```",
        "",
        "Enrolments: 40 % social pension, 60 % social assistance (clauses 5a, 5c, 6), 88 % bank account,",
        "6 % e-wallet, 4 % cash with a reason, 2 % bank without an account on file (→ cash); 5 % decided two",
        "months late (their first cycle pays two months of arrears); 1 % suspended in the cycle month. Each",
        "phase runs in its own process: *peak memory* is that process's `ru_maxrss`.",
        "People with merit on a monthly allowance (regime `merit`) are generated in the same cycles: "
        + ", ".join(f"{r['setup']['db_version'].split(' (')[0]} {r.get('merit', 0):,}" for r in results)
        + " beside the enrolments above (35 % martyrs' relatives, 30 % war invalids, 15 % Agent Orange, "
        "9 % sick soldiers, 10 % former prisoners, 1 % Heroic Mothers).",
        "",
        "| Backend | Phase | Enrolments | Lines | Time | Rate | Target | Peak memory |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        name = r["setup"]["db_version"].split(" (")[0]
        for phase, label in (("generate", "first cycle (month M)"), ("steady", "next month (M+1)")):
            g = r.get(phase)
            if not g:
                continue
            target = f"≤ {r['target_s']:.0f} s" if phase == "generate" else "—"
            lines.append(
                f"| {name} | {label} | {g['enrolments']:,} | {g['lines']:,} | {g['seconds']:.1f} s | "
                f"{g['enrolments'] / g['seconds']:,.0f} enrolments/s | {target} | "
                f"{g['peak_rss_mib']:,.0f} MiB |"
            )
        i = r["import"]
        lines.append(
            f"| {name} | bank batch export (CSV) | | {i['batch_lines']:,} | {i['export_s']:.1f} s | "
            f"{i['batch_lines'] / i['export_s']:,.0f} lines/s | — | |"
        )
        lines.append(
            f"| {name} | bank result import | | {i['batch_lines']:,} | {i['import_s']:.1f} s | "
            f"{i['batch_lines'] / i['import_s']:,.0f} rows/s | — | {i['peak_rss_mib']:,.0f} MiB |"
        )
    lines += ["", "Per cycle:", ""]
    for r in results:
        name = r["setup"]["db_version"].split(" (")[0]
        for phase in ("generate", "steady"):
            for c in (r.get(phase) or {}).get("cycles", []):
                lines.append(
                    f"- {name} {phase}, province {c['province']}: {c['enrolments']:,} enrolments, "
                    f"{c['lines']:,} "
                    f"lines, {c['chunks']} chunks, {c['seconds']:.1f} s, {c['problems']} problems."
                )
    lines += ["", "### Against the targets", ""]
    for r in results:
        name = r["setup"]["db_version"].split(" (")[0]
        g = r["generate"]
        verdict = "met" if g["seconds"] <= r["target_s"] else "missed"
        size = "" if g["enrolments"] >= TARGETS[r["backend"]][0] else " (on fewer enrolments than the target)"
        lines.append(
            f"- {name}: {verdict}{size}: {g['enrolments']:,} enrolments in {g['seconds']:.1f} s "
            f"(target ≤ {r['target_s']:.0f} s); 1-minute load average {g.get('load_before', 0):.1f} before "
            f"and {g['load_average']:.1f} after"
            + (" (the machine was shared with other work)." if g.get("load_before", 0) >= 2 else ".")
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
