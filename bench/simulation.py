"""Benefits benchmark: demo enrolments (`benefits.demo.enrol_persons`) and the policy-cost simulation.

    python -m bench.simulation                                # 3.5 M enrolments on PostgreSQL, 1 M on SQLite
    python -m bench.simulation --backend postgres --enrolments 3500000
    python -m bench.simulation --quick                        # 20,000 enrolments; a smoke test

For each backend a child process gets a fresh database (SQLite file under bench/out/, PostgreSQL database
`ansinh_bench_sim`), migrates it, loads the administrative units, generates persons with
`registry.demo` across five provinces and enrols a share of them with `benefits.demo.enrol_persons`
(the benchmark enrols half of the living persons, far above the real ~3.5 %, so that millions of
enrolments need only twice as many persons). Then a fresh grandchild process runs the national
simulation of both regimes (`benefits.simulation.costs.simulate`: level 650.000 đ from 01/2027, clause 5a
at 1,8) and one province's, and reports its wall time and peak memory (`resource.getrusage`), so
the peak is the simulation's own and not the data generation's. Results go to bench/out/ as JSON
and, for full runs, to the section "## Benefits: policy-cost simulation" of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.common import write_section
from bench.run import PROVINCES, _machine, _province_split

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Benefits: policy-cost simulation"
PG_URL = os.environ.get("BENCH_SIM_PG_URL", "postgres://postgres@127.0.0.1:5432/ansinh_bench_sim")
DEFAULT_ENROLMENTS = {"postgres": 3_500_000, "sqlite": 1_000_000}
QUICK_ENROLMENTS = 20_000
SHARE = 0.5
SCENARIO = {"standard": 650_000, "from_month": dt.date(2027, 1, 1), "coefficients": {"5a": Decimal("1.8")}}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.child:
        return _child(args)
    if args.simulate:
        return _simulate_child(args)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.simulation_only:
        rerun = _rerun_simulation()
        if rerun:
            write_section(Path(args.doc) if args.doc else DOC, SECTION, _report(rerun))
        return 0 if rerun else 1
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    if "postgres" in backends and not _pg_reachable():
        print(f"== postgres: not reachable at {PG_URL} (set BENCH_SIM_PG_URL); skipped", flush=True)
        backends.remove("postgres")
    results = []
    for backend in backends:
        out = OUT / f"sim-result-{backend}.json"
        out.unlink(missing_ok=True)
        enrolments = args.enrolments or (QUICK_ENROLMENTS if args.quick else DEFAULT_ENROLMENTS[backend])
        cmd = [sys.executable, "-m", "bench.simulation", "--child", backend, "--json-out", str(out),
               "--enrolments", str(enrolments), "--seed", str(args.seed)]  # fmt: skip
        print(f"== {backend}: {' '.join(cmd[1:])}", flush=True)
        code = subprocess.call(cmd, cwd=ROOT)
        if code != 0 or not out.exists():
            print(f"== {backend}: failed (exit {code})", flush=True)
            continue
        results.append(json.loads(out.read_text()))
    if not results:
        return 1
    results += _earlier(results)
    doc = Path(args.doc) if args.doc else (OUT / "benchmarks-sim-quick.md" if args.quick else DOC)
    write_section(doc, SECTION, _report(results))
    print(f"== written to {doc}")
    return 0 if len(results) >= len(backends) else 1


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.simulation", description=__doc__.splitlines()[0])
    p.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument(
        "--enrolments", type=int, default=None, help="3,500,000 on PostgreSQL, 1,000,000 on SQLite"
    )
    p.add_argument("--quick", action="store_true", help="20,000 enrolments; report in bench/out/")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--doc", default="", help="write the report here instead of docs/benchmarks.md")
    p.add_argument(
        "--simulation-only", action="store_true", help="time the simulation again on the last runs' databases"
    )
    p.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    p.add_argument("--simulate", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    p.add_argument("--json-out", help=argparse.SUPPRESS)
    return p


def _pg_reachable() -> bool:
    from ansinh.core.pgcheck import reachable

    return reachable(PG_URL)


def _log(message: str) -> None:
    print(f"   {dt.datetime.now():%H:%M:%S} {message}", flush=True)


def _url(backend: str) -> str:
    return f"sqlite:///{OUT / 'bench-sim.sqlite3'}" if backend == "sqlite" else PG_URL


def _setup(backend: str) -> None:
    os.environ["DATABASE_URL"] = _url(backend)
    os.environ["DEBUG"] = "0"  # Django keeps every query in memory when DEBUG is on
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    import django

    django.setup()


# --- child: build the data, then time the simulation in a fresh process ----------------------------


def _child(args: argparse.Namespace) -> int:
    _fresh_database(args.child)
    _setup(args.child)
    from django.core.management import call_command

    from ansinh.geo.loader import load_units

    result: dict[str, Any] = {
        "backend": args.child,
        "enrolments_requested": args.enrolments,
        "seed": args.seed,
    }
    result["machine"] = _machine()
    call_command("migrate", verbosity=0)
    load_units()
    persons = int(args.enrolments / SHARE * 1.02) + 1000  # a few are passed over: no clause fits them
    result["persons"] = _generate(persons, args.seed)
    result["enrol"] = _enrol(args.enrolments, args.seed)
    result["maintenance_s"] = _maintenance()
    result["db_version"] = _db_version()
    result["load_average"] = os.getloadavg()[0]
    out = Path(args.json_out)
    sim_out = out.with_suffix(".simulate.json")
    cmd = [sys.executable, "-m", "bench.simulation", "--simulate", args.child, "--json-out", str(sim_out)]
    code = subprocess.call(cmd, cwd=ROOT)
    if code != 0:
        return code
    result["simulation"] = json.loads(sim_out.read_text())
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


def _fresh_database(backend: str) -> None:
    if backend == "sqlite":
        OUT.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / 'bench-sim.sqlite3'}{suffix}").unlink(missing_ok=True)
        return
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(PG_URL)
    admin = psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password, dbname="postgres", autocommit=True,
    )  # fmt: skip
    name = parts.path.lstrip("/")
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def _generate(persons: int, seed: int) -> dict[str, Any]:
    from ansinh.registry.demo import demo_data_load

    started = time.perf_counter()
    total = 0
    for code, n in _province_split(persons).items():
        r = demo_data_load(province_code=code, persons=n, seed=seed)
        total += r.persons
        _log(f"persons {code}: {r.persons:,} in {r.seconds:.0f} s ({r.rate:,.0f}/s)")
    seconds = time.perf_counter() - started
    return {"persons": total, "seconds": seconds, "rate": total / seconds}


def _enrol(enrolments: int, seed: int) -> dict[str, Any]:
    from django.db.models import Count

    from ansinh.benefits.demo import enrol_persons
    from ansinh.benefits.models import Decision, Enrolment

    started = time.perf_counter()
    last = [started]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            _log(f"enrol: {done:,}/{total:,} person ids")

    count = enrol_persons(share=SHARE * 1.1, limit=enrolments, seed=seed, progress=progress)
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    regimes = dict(Enrolment.objects.values_list("regime").annotate(n=Count("id")).values_list("regime", "n"))
    _log(f"enrolled {count:,} in {seconds:.0f} s ({count / seconds:,.0f}/s); {regimes}")
    return {
        "enrolments": count,
        "seconds": seconds,
        "rate": count / seconds,
        "regimes": regimes,
        "decisions": Decision.objects.count(),
        "peak_rss_mib_process": rss / 1024,
    }


def _maintenance() -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    return time.perf_counter() - started


def _db_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


# --- grandchild: the simulation alone ----------------------------------------------------------------


def _simulate_child(args: argparse.Namespace) -> int:
    _setup(args.simulate)
    from ansinh.accounts.models import User
    from ansinh.benefits.simulation.costs import simulate
    from ansinh.geo.models import AdminUnit

    analyst, _ = User.objects.get_or_create(
        username="bench_sim_analyst", defaults={"role": "ministry_analyst"}
    )
    province = AdminUnit.objects.get(structure="2025", level="province", code="01")
    officer, _ = User.objects.get_or_create(
        username="bench_sim_so01", defaults={"role": "province_officer", "scope_unit": province}
    )
    rss_before = _rss_now_kib()
    runs = []
    for label, actor, regime, extra in [
        ("nation", analyst, "social_assistance", SCENARIO),
        ("nation", analyst, "social_pension", {**SCENARIO, "coefficients": {}}),
        ("province 01", officer, "social_assistance", SCENARIO),
    ]:
        rss_run_before = _rss_now_kib()
        started = time.perf_counter()
        result = simulate(actor=actor, regime=regime, province_code=None, **extra)
        seconds = time.perf_counter() - started
        total = result.total
        runs.append({
            "scope": label, "regime": regime, "enrolments": total.persons, "seconds": seconds,
            "rss_before_mib": rss_run_before / 1024,
            "rate": total.persons / seconds if seconds else 0.0, "difference_yearly": total.difference_yearly,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        })  # fmt: skip
        _log(f"simulate {label} {regime}: {total.persons:,} enrolments in {seconds:.1f} s")
    Path(args.json_out).write_text(
        json.dumps({"runs": runs, "rss_before_mib": rss_before / 1024}, indent=1, ensure_ascii=False)
    )
    return 0


def _rss_now_kib() -> int:
    """The process's resident set size now (VmRSS), in KiB; `ru_maxrss` only gives the peak so far."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _rerun_simulation() -> list[dict[str, Any]]:
    """Run the simulation phase again on the databases the last full runs left (the data is kept)."""
    results = []
    for backend in ("sqlite", "postgres"):
        path = OUT / f"sim-result-{backend}.json"
        if not path.exists():
            continue
        result = json.loads(path.read_text())
        sim_out = path.with_suffix(".simulate.json")
        cmd = [sys.executable, "-m", "bench.simulation", "--simulate", backend, "--json-out", str(sim_out)]
        print(f"== {backend}: {' '.join(cmd[1:])}", flush=True)
        if subprocess.call(cmd, cwd=ROOT) != 0:
            continue
        result["simulation"] = json.loads(sim_out.read_text())
        result["simulation_load_average"] = os.getloadavg()[0]
        path.write_text(json.dumps(result, indent=1, ensure_ascii=False))
        results.append(result)
    return results


# --- report ------------------------------------------------------------------------------------------


def _earlier(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The other backend's last full result, so a one-backend run keeps both in the report."""
    done = {r["backend"] for r in results}
    out = []
    for backend in ("sqlite", "postgres"):
        path = OUT / f"sim-result-{backend}.json"
        if backend not in done and path.exists():
            earlier = json.loads(path.read_text())
            if earlier["enrolments_requested"] == DEFAULT_ENROLMENTS[backend]:
                out.append(earlier)
    return out


BUILD_NOTE = """\
Persons by `registry.demo` (as in the registry benchmark), then `benefits.demo.enrol_persons` over all
of them with a share of {share} of the living persons (the real rate is ~3.5 %: the share is raised so
that the enrolments fit in a benchmark-sized registry; the elderly bands saturate first, so disability,
clause 6, dominates the mix). Each enrolment writes the enrolment, its decision and its first facts
row, stopped and suspended ones a second decision, and a beneficiary who opens a bank account an
update of the person; each 20,000-person chunk commits on its own, foreign keys checked at commit."""
SIMULATION_NOTE = """\
Scenario: standard level 650.000 đ from 01/2027 (540.000 đ in force), clause 5a at 1,8; the social
pension at 650.000 đ. Run one after the other in a fresh process after `VACUUM ANALYZE` / `ANALYZE`.
*Memory*: the process's resident set size before the run (`VmRSS`), then its peak so far
(`ru_maxrss`) after it, Django and the ORM included. Wall time is end to end: the count, the chunked
reads (20,000 enrolments per query, keyset on id), both evaluations per enrolment, the sums."""


def _report(results: list[dict[str, Any]]) -> str:
    m = results[0]["machine"]
    versions = ", ".join(r["db_version"] for r in results)
    dates = ", ".join(sorted({r["machine"]["date"] for r in results}))
    lines = [
        SECTION,
        "",
        f"Measured {dates} by `python -m bench.simulation` in {len(PROVINCES)} provinces "
        f"({', '.join(PROVINCES)}), seed {results[0]['seed']}.",
        "",
        "```bash",
        "python -m bench.simulation          # 3,500,000 enrolments on PostgreSQL, 1,000,000 on SQLite",
        "python -m bench.simulation --backend postgres --enrolments 3500000",
        "python -m bench.simulation --simulation-only    # time the simulation again on the data kept",
        "```",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; {m['os']}; Python {m['python']}, "
        f"Django {m['django']}, {versions}. The machine may be shared with other work; 1-minute load average "
        "after the data was built: "
        + ", ".join(f"{r['db_version'].split()[0]} {r['load_average']:.1f}" for r in results)
        + (
            "; when the simulation was timed again (`--simulation-only`): "
            + ", ".join(
                f"{r['db_version'].split()[0]} {r['simulation_load_average']:.1f}"
                for r in results
                if "simulation_load_average" in r
            )
            if any("simulation_load_average" in r for r in results)
            else ""
        )
        + ".",
        "",
        "### Building the data",
        "",
        *BUILD_NOTE.format(share=f"{SHARE:.0%}").splitlines(),
        "",
        "| Backend | Persons | Person load | Enrolments | Assistance / pension | Enrolment time | Rate |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        p, e = r["persons"], r["enrol"]
        regimes = e["regimes"]
        lines.append(
            f"| {r['db_version'].split()[0]} | {p['persons']:,} | {p['seconds']:.0f} s | {e['enrolments']:,} "
            f"| {regimes.get('social_assistance', 0):,} / {regimes.get('social_pension', 0):,} "
            f"| {e['seconds']:.0f} s | {e['rate']:,.0f}/s |"
        )
    lines += [
        "",
        "### The simulation (`benefits.simulation.costs.simulate`)",
        "",
        *SIMULATION_NOTE.splitlines(),
        "",
        "| Backend | Scope | Regime | Enrolments | Time | Rate | Memory before → peak |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        sim = r["simulation"]
        for run in sim["runs"]:
            lines.append(
                f"| {r['db_version'].split()[0]} | {run['scope']} | {run['regime']} | {run['enrolments']:,} "
                f"| {run['seconds']:.1f} s | {run['rate']:,.0f}/s "
                f"| {run.get('rss_before_mib', sim['rss_before_mib']):.0f} → {run['peak_rss_mib']:.0f} MiB |"
            )
        nation = [run for run in sim["runs"] if run["scope"] == "nation"]
        lines.append(
            f"| {r['db_version'].split()[0]} | **nation, both regimes** | | "
            f"**{sum(x['enrolments'] for x in nation):,}** "
            f"| **{sum(x['seconds'] for x in nation):.1f} s** | | |"
        )
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
