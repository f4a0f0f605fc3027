"""Registry import benchmark: 100,000 rows of persons and households from an .xlsx file, on SQLite and
PostgreSQL, into a province that already holds a registry.

    python -m bench.regimport                    # 100,000 rows, both databases
    python -m bench.regimport --rows 5000 --quick  # a smoke test, report under bench/out/
    python -m bench.regimport --backend sqlite --quick --profile  # cProfile (CPU clock) under bench/out/
    make bench BENCH=regimport

For each backend a fresh database is migrated, the administrative units loaded, 20,000 demo persons of
Điện Biên (11) generated (the registry the file is checked against) and a province officer created.
The file (xlsx, the template's columns; 90 % of the rows with a personal ID; households of one to six
members with a head) is generated once. In a child process per backend the import runs as the officer
through `registry.imports.import_file`: reading (calamine), checking every row as the person form does,
the personal-ID and possible-duplicate searches against the registry and the household rules are the
*validated* phase; the set-based writes of persons, households, members and their audit events the
*write* phase. Peak memory is the child's maximum resident set.
"""

from __future__ import annotations

import argparse
import io
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
SECTION = "## Registry: import of persons and households"
PG_URL = os.environ.get("BENCH_REGIMPORT_PG_URL", "postgres://postgres@127.0.0.1:5432/ansinh_bench_regimport")
PROVINCE = "11"
REGISTRY = 20_000
TARGET = 20_000  # rows per second, validated

FAMILY = [
    "Lò",
    "Quàng",
    "Cà",
    "Lường",
    "Vì",
    "Điêu",
    "Tòng",
    "Mùa",
    "Giàng",
    "Sùng",
    "Thào",
    "Vừ",
    "Lý",
    "Hờ",
    "Nguyễn",
    "Trần",
    "Phạm",
    "Hoàng",
    "Đỗ",
    "Bùi",
]
MIDDLE = ["Văn", "Thị", "A", "Đức", "Minh", "Thu", "Ngọc", "Hữu", "Xuân", "Kim"]
GIVEN = [
    "Thắng",
    "Ún",
    "Pọm",
    "Xuân",
    "Anh",
    "Bình",
    "Cường",
    "Dũng",
    "Hòa",
    "Lan",
    "Mai",
    "Nga",
    "Phong",
    "Quý",
    "Sơn",
    "Tâm",
    "Uyên",
    "Vinh",
    "Yến",
    "Chính",
    "Dương",
    "Giang",
    "Hải",
    "Khải",
    "Linh",
    "Nam",
    "Oanh",
    "Phúc",
    "Quang",
    "Sinh",
    "Thủy",
    "Trung",
    "Tuấn",
    "Việt",
    "Hạnh",
    "Hiền",
    "Hùng",
    "Lợi",
    "Mạnh",
    "Nhung",
]
RELATIONS = ["Vợ/chồng", "Con", "Con", "Con", "Bố/mẹ", "Cháu"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.regimport")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="write the report under bench/out/")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the import; statistics under bench/out/regimport-*.prof",
    )
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.profile:
        os.environ["BENCH_REGIMPORT_PROFILE"] = "1"
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"regimport-{args.rows}.xlsx"
    if args.child:
        return _child(args.child, path)
    results: dict[str, Any] = {"rows": args.rows, "backends": {}}
    for backend in ["sqlite", "postgres"] if args.backend == "both" else [args.backend]:
        print(f"== {backend}", flush=True)
        _fresh(backend)
        command = [sys.executable, "-m", "bench.regimport", "--child", backend, "--rows", str(args.rows)]
        subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "DATABASE_URL": _url(backend)})
        results["backends"][backend] = json.loads((OUT / f"regimport-{backend}.json").read_text())
    results["bytes"] = path.stat().st_size
    doc = OUT / "benchmarks-regimport-quick.md" if args.quick else DOC
    write_section(doc, SECTION, _report(results))
    print(f"== written to {doc.relative_to(ROOT)}")
    return 0


def _url(backend: str) -> str:
    return f"sqlite:///{OUT / 'regimport.sqlite3'}" if backend == "sqlite" else PG_URL


def _fresh(backend: str) -> None:
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / 'regimport.sqlite3'}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    admin, name = PG_URL.rsplit("/", 1)
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _file(rows: int) -> bytes:
    """The import file: households of 1–6 members, 90 % with a personal ID, communes of the province."""
    import datetime as dt

    import xlsxwriter

    from ansinh.core.identifiers import personal_id as pid
    from ansinh.geo.models import AdminUnit
    from ansinh.registry.imports import COLUMNS

    rng = random.Random(20261207)
    communes = list(
        AdminUnit.objects.current()
        .filter(level="commune", province_code=PROVINCE)
        .values_list("code", flat=True)
    )
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("Dữ liệu")
    sheet.write_row(0, 0, [c.header for c in COLUMNS])
    index = {c.key: i for i, c in enumerate(COLUMNS)}
    row, household, seen, numbers = 1, 0, set(), set()
    while row <= rows:
        household += 1
        commune = rng.choice(communes)
        family = rng.choice(FAMILY)
        for member in range(min(rng.randint(1, 6), rows - row + 1)):
            sex = rng.choice("MF")
            while True:
                name = f"{family} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {rng.choice(GIVEN)}"
                born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 80))
                if (name, born, commune) not in seen:
                    seen.add((name, born, commune))
                    break
            values = [""] * len(COLUMNS)
            values[index["household_key"]] = f"H{household}"
            values[index["relationship"]] = "Chủ hộ" if member == 0 else rng.choice(RELATIONS)
            values[index["full_name"]] = name
            if rng.random() < 0.9:
                # Registered in Lai Châu (012): no clash with the demo registry's numbers; once in the file.
                number = pid.generate(province_code="012", sex=sex, birth_year=born.year, rng=rng)
                while number in numbers:
                    number = pid.generate(province_code="012", sex=sex, birth_year=born.year, rng=rng)
                numbers.add(number)
                values[index["personal_id"]] = number
            values[index["birth_date"]] = born.strftime("%d/%m/%Y")
            values[index["sex"]] = "Nam" if sex == "M" else "Nữ"
            values[index["ethnicity"]] = "01"
            values[index["commune"]] = commune
            values[index["address_detail"]] = f"Bản {household % 97}"
            if rng.random() < 0.5:
                values[index["phone"]] = f"09{rng.randrange(10**8):08d}"
            sheet.write_row(row, 0, values)
            row += 1
    book.close()
    return out.getvalue()


def _child(backend: str, path: Path) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ansinh.accounts.services import user_create
    from ansinh.core.tabular import ImportRefused
    from ansinh.geo.loader import load_units
    from ansinh.geo.models import AdminUnit
    from ansinh.registry import imports
    from ansinh.registry.demo import demo_data_load
    from ansinh.registry.models import Household, HouseholdMember, Person

    call_command("migrate", verbosity=0)
    load_units()
    demo_data_load(province_code=PROVINCE, persons=REGISTRY, seed=1)
    province = AdminUnit.objects.get(structure="2025", level="province", code=PROVINCE)
    officer = user_create(
        actor=None,
        username="so_bench",
        password="Bench-pass-2026!",
        role="province_officer",
        scope_unit=province,
        validate=False,
    )
    if not path.exists():
        path.write_bytes(_file(int(path.stem.rsplit("-", 1)[1])))
    before = Person.objects.count()
    members_before = HouseholdMember.objects.count()
    tops = _tops()
    content = path.read_bytes()
    load_before = os.getloadavg()[0]
    profiler = None
    if os.environ.get("BENCH_REGIMPORT_PROFILE"):
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
        profiler.enable()
    usage_before = resource.getrusage(resource.RUSAGE_SELF)
    started, cpu_started = time.perf_counter(), time.process_time()
    records = imports.records_of(path.name, content, imports.JOB_MAX_ROWS)
    read_s, read_cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    try:
        result = imports.import_records(actor=officer, records=records, filename=path.name)
    except ImportRefused as exc:
        print(exc.message, [r.as_dict() for r in exc.rows[:5]], file=sys.stderr)
        raise
    total_s = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # Waiting for the CPU (preempted by other processes) shows as involuntary context switches; waiting
    # for the disk or a lock as voluntary ones.
    switches = {
        "involuntary": usage.ru_nivcsw - usage_before.ru_nivcsw,
        "voluntary": usage.ru_nvcsw - usage_before.ru_nvcsw,
        "major_faults": usage.ru_majflt - usage_before.ru_majflt,
    }
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(OUT / f"regimport-{backend}.prof")
    load_after = os.getloadavg()[0]
    floor = _floor(tops)
    floor["read_cpu"] = _read_floor(content)
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        version = cursor.fetchone()[0]
    out = {
        "backend": backend,
        "database": f"{'SQLite' if connection.vendor == 'sqlite' else 'PostgreSQL'} {version}",
        "rows": len(records),
        "registry_before": before,
        "created": result.created,
        "households": result.households,
        "members": HouseholdMember.objects.count() - members_before,
        "persons_after": Person.objects.count(),
        "households_after": Household.objects.count(),
        "read_s": read_s,
        "read_cpu_s": read_cpu_s,
        "check_s": result.seconds_checking,
        "write_s": result.seconds_writing,
        "total_s": total_s,
        "phases": result.phase_seconds,
        "phases_cpu": result.phase_cpu_seconds,
        "floor": floor,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "switches": switches,
        "load_before": load_before,
        "load_after": load_after,
        "machine": _machine(),
    }
    (OUT / f"regimport-{backend}.json").write_text(json.dumps(out, indent=1, default=str))
    print(json.dumps({k: v for k, v in out.items() if k != "machine"}, default=str))
    return 0


def _tables() -> list[str]:
    """The tables an import writes, in the order their rows may be inserted."""
    from ansinh.core.models import AuditEvent
    from ansinh.registry.models import Household, HouseholdMember, Person

    return [m._meta.db_table for m in (Person, Household, HouseholdMember, AuditEvent)]


def _tops() -> dict[str, int]:
    from django.db import connection

    tops = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
            tops[table] = cursor.fetchone()[0]
    return tops


def _floor(tops: dict[str, int]) -> dict[str, float]:
    """The floor of the write phase: the rows the import wrote, copied aside, deleted (PostgreSQL: and
    vacuumed), and inserted again by the database alone (INSERT … SELECT from the copy, with the tables'
    indexes, constraints and, on SQLite, the full-text trigger), in one transaction. Seconds per table
    and in all."""
    from django.db import connection, transaction

    tables = _tables()
    out: dict[str, float] = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"CREATE TEMP TABLE floor_{table} AS SELECT * FROM {table} WHERE id > %s",
                           [tops[table]])  # fmt: skip
        with transaction.atomic():
            for table in reversed(tables):
                cursor.execute(f"DELETE FROM {table} WHERE id > %s", [tops[table]])
        if connection.vendor == "postgresql":  # the deleted rows' index entries would slow the inserts
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE {table}")
        started = time.perf_counter()
        with transaction.atomic():
            for table in tables:
                t = time.perf_counter()
                cursor.execute(f"INSERT INTO {table} SELECT * FROM floor_{table}")
                out[table] = time.perf_counter() - t
        out["total"] = time.perf_counter() - started
    return out


def _read_floor(content: bytes) -> float:
    """CPU seconds of calamine alone reading the sheet into Python lists (best of three): what reading
    the file costs before any cell is looked at."""
    from ansinh.core.tabular import _read_xlsx

    best = float("inf")
    for _attempt in range(3):
        started = time.process_time()
        _read_xlsx(content)
        best = min(best, time.process_time() - started)
    return best


def _machine() -> dict[str, str]:
    import platform

    cpu = ram = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        ram = f"{int(Path('/proc/meminfo').read_text().split('MemTotal:')[1].split()[0]) / 2**20:.0f} GiB"
    except (OSError, StopIteration, IndexError, ValueError):
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
    }


PHASES = ["rows", "ids", "screening", "households", "write persons", "write households", "audit", "commit"]


def _report(r: dict[str, Any]) -> str:
    any_run = next(iter(r["backends"].values()))
    m = any_run["machine"]
    lines = [
        SECTION,
        "",
        f"Measured {time.strftime('%Y-%m-%d')} by `python -m bench.regimport` "
        f"(`make bench BENCH=regimport`). Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; "
        f"{m['os']}; "
        f"Python {m['python']}. The machine is shared with other work (other processes: test suites, batch "
        "jobs): the 1-minute load average before and after each run is given, and besides wall-clock time "
        "the import process's own CPU time, which the other work disturbs much less. On SQLite the "
        "database runs inside that process (its CPU time includes the database's work); PostgreSQL's server "
        "works in processes of its own.",
        "",
        f"File: {r['rows']:,} rows in an .xlsx of {r['bytes'] / 2**20:.1f} MiB (the template's columns; 90 % "
        "with a personal ID; households of one to six members, each with a head), imported as a province "
        f"officer into Điện Biên, which already holds {REGISTRY:,} demo persons. *Validated* = reading the "
        "file (calamine) + checking every row as the person form does + the personal-ID and "
        "possible-duplicate searches against the registry + the household rules; *written* = the set-based "
        "inserts of persons, households, members and one audit event per person and household, in one "
        "transaction. *Floor* = the same rows inserted again by the database alone (`INSERT … SELECT` from a "
        "copy, same indexes, constraints and full-text trigger), what no import can go below.",
        "",
        "| Backend | Rows | Read | Check | Validated rate (wall) | Validated rate (CPU) | Write | Floor "
        "of the write | Total | Rows/s end to end | Peak RSS | Load before → after |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in r["backends"].values():
        validated = run["read_s"] + run["check_s"]
        cpu = run["read_cpu_s"] + sum(run["phases_cpu"].get(p, 0.0) for p in PHASES[:4])
        lines.append(
            f"| {run['database']} | {run['rows']:,} | {run['read_s']:.1f} s | {run['check_s']:.1f} s | "
            f"{run['rows'] / validated:,.0f} rows/s | {run['rows'] / cpu:,.0f} rows/s | "
            f"{run['write_s']:.1f} s | {run['floor']['total']:.1f} s | {run['total_s']:.1f} s | "
            f"{run['rows'] / run['total_s']:,.0f} | {run['peak_rss_mib']:,.0f} MiB | "
            f"{run['load_before']:.1f} → {run['load_after']:.1f} |"
        )
    lines += [
        "",
        "Phases, wall-clock / CPU seconds of the import process (*read*: calamine and the cells' "
        "conversion; *rows*: parsing and the person form's checks; *ids*: personal IDs repeated in the file "
        "or already registered, rows naming an existing person; *screening*: possible duplicates in the file "
        "and in the registry; *audit*: building and inserting the audit events):",
        "",
        "| Backend | read | " + " | ".join(PHASES) + " |",
        "|---|" + "---:|" * (len(PHASES) + 1),
    ]
    for run in r["backends"].values():
        cells = [f"{run['read_s']:.2f} / {run['read_cpu_s']:.2f}"]
        cells += [f"{run['phases'].get(p, 0.0):.2f} / {run['phases_cpu'].get(p, 0.0):.2f}" for p in PHASES]
        lines.append(f"| {run['database'].split(' (')[0]} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Wall clock against CPU time over the validated phase (*CPU share*: CPU seconds per wall second, 1 "
        "when the import had a core to itself), the context switches of the whole import (*involuntary*: "
        "the process was ready to run and another one ran; *voluntary*: it waited for the disk or the "
        "database server), and the floor of the reading: calamine alone, CPU seconds:",
        "",
        "| Backend | CPU share | Involuntary switches | Voluntary switches | Major page faults | "
        "Calamine alone (CPU) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for run in r["backends"].values():
        validated = run["read_s"] + run["check_s"]
        cpu = run["read_cpu_s"] + sum(run["phases_cpu"].get(p, 0.0) for p in PHASES[:4])
        sw = run.get("switches", {})
        lines.append(
            f"| {run['database'].split(' (')[0]} | {cpu / validated:.2f} | {sw.get('involuntary', 0):,} | "
            f"{sw.get('voluntary', 0):,} | {sw.get('major_faults', 0):,} | "
            f"{run['floor'].get('read_cpu', 0.0):.2f} s |"
        )
    worst = min(run["rows"] / (run["read_s"] + run["check_s"]) for run in r["backends"].values())
    verdict = "met" if worst >= TARGET else "not met"
    lines += [
        "",
        f"Target ≥ {TARGET:,} rows/s validated (wall clock): {verdict} on this run (slowest backend "
        f"{worst:,.0f} rows/s).",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
