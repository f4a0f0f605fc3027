"""Registry benchmark: demo-data generation and person search on a fresh database per backend.

    python -m bench.run                          # 1,000,000 persons, SQLite and PostgreSQL
    python -m bench.run --backend sqlite --persons 200000
    python -m bench.run --quick                  # 50,000 persons, few queries; a smoke test

For each backend a child process gets a fresh database (SQLite file under bench/out/, PostgreSQL
database `ansinh_bench`), migrates it, loads the administrative units, generates the persons across
several provinces with `ansinh.registry.demo` and then times `registry.selectors.person_search` for
a mix of query classes and three user scopes (nation, province, commune). Every loop is bounded by
a count and a time budget, so a slow backend still finishes. Results are written as JSON under
bench/out/ and, for full runs, as a section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.common import write_section

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Registry: person search and demo-data generation"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/ansinh_bench")
# Provinces the persons are spread over, with their share: upland Điện Biên (Thái, Hmông names),
# the two big cities, Thanh Hóa (central) and An Giang (south, some Khmer names).
PROVINCES = {"01": 3, "79": 3, "38": 2, "11": 1, "91": 1}
QUERY_CLASSES = ("name_folded", "name_accented", "prefix", "rare_given", "personal_id", "name_and_year")
SCOPES = ("nation", "province", "commune")
CLASS_LABELS = {
    "name_folded": "full name, no diacritics (`nguyen thi hoa`)",
    "name_accented": "full name with diacritics (`Nguyễn Thị Hòa`)",
    "prefix": "partial, as typed (`nguyen th`, `lo van`)",
    "rare_given": "family + rare given name (`lo khuong`)",
    "personal_id": "personal ID (12 digits)",
    "name_and_year": "full name + birth year filter",
}


# --- parent: run one child per backend, then write the report -------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.child:
        return _child(args)
    OUT.mkdir(parents=True, exist_ok=True)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    if "postgres" in backends and not _pg_reachable():
        print(f"== postgres: not reachable at {PG_URL} (set BENCH_PG_URL); skipped", flush=True)
        backends.remove("postgres")
    results = []
    for backend in backends:
        out = OUT / f"result-{backend}.json"
        out.unlink(missing_ok=True)
        cmd = [sys.executable, "-m", "bench.run", "--child", backend, "--json-out", str(out)]
        cmd += _forward(args)
        print(f"== {backend}: {' '.join(cmd[1:])}", flush=True)
        code = subprocess.call(cmd, cwd=ROOT)
        if code != 0 or not out.exists():
            print(f"== {backend}: failed (exit {code})", flush=True)
            continue
        results.append(json.loads(out.read_text()))
    if not results:
        return 1
    results += _earlier_results(results, args)
    doc = Path(args.doc) if args.doc else (OUT / "benchmarks-quick.md" if args.quick else DOC)
    write_section(doc, SECTION, _report(results))
    print(f"== written to {doc.relative_to(ROOT) if doc.is_relative_to(ROOT) else doc}")
    return 0 if len(results) == len(backends) else 1


def _pg_reachable() -> bool:
    from ansinh.core.pgcheck import reachable

    return reachable(PG_URL)


def _earlier_results(results: list[dict[str, Any]], args: argparse.Namespace) -> list[dict[str, Any]]:
    """The other backend's last result of the same size, so a one-backend run keeps both in the report."""
    done = {r["backend"] for r in results}
    earlier = []
    for backend in ("sqlite", "postgres"):
        path = OUT / f"result-{backend}.json"
        if backend in done or not path.exists():
            continue
        result = json.loads(path.read_text())
        if result["persons_requested"] == results[0]["persons_requested"] and result["seed"] == args.seed:
            earlier.append(result)
    return earlier


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    p.add_argument("--persons", type=int, default=None, help="persons to generate (default 1,000,000)")
    p.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument(
        "--quick", action="store_true", help="50,000 persons and few queries; report in bench/out/"
    )
    p.add_argument("--queries", type=int, default=None, help="timed queries per query class and scope")
    p.add_argument("--budget", type=float, default=60.0, help="seconds at most per query class and scope")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--doc", default="", help="write the report here instead of docs/benchmarks.md")
    p.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    p.add_argument("--json-out", help=argparse.SUPPRESS)
    return p


def _forward(args: argparse.Namespace) -> list[str]:
    out = ["--seed", str(args.seed), "--budget", str(args.budget)]
    if args.persons:
        out += ["--persons", str(args.persons)]
    if args.queries:
        out += ["--queries", str(args.queries)]
    if args.quick:
        out.append("--quick")
    return out


# --- child: one backend ----------------------------------------------------------------------------


def _child(args: argparse.Namespace) -> int:
    persons = args.persons or (50_000 if args.quick else 1_000_000)
    per_cell = args.queries or (40 if args.quick else 200)
    url = _fresh_database(args.child)
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"  # Django keeps every query in memory when DEBUG is on
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from ansinh.geo.loader import load_units

    result: dict[str, Any] = {"backend": args.child, "persons_requested": persons, "seed": args.seed}
    result["machine"] = _machine()
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    result["migrate_s"] = time.perf_counter() - t
    t = time.perf_counter()
    load_units()
    result["load_units_s"] = time.perf_counter() - t
    _log(f"migrated {result['migrate_s']:.1f} s, units {result['load_units_s']:.1f} s")
    result["generation"] = _generate(persons, args.seed)
    result["generation_only"] = _generation_only(min(persons, 100_000), args.seed)
    result["maintenance_s"] = _maintenance()
    result["db_version"] = _db_version()
    result["load_average"] = os.getloadavg()[0]  # the machine may be shared: say how busy it was
    result["search"] = _search_bench(per_cell, args.budget, args.seed)
    Path(args.json_out).write_text(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


def _log(message: str) -> None:
    print(f"   {dt.datetime.now():%H:%M:%S} {message}", flush=True)


def _fresh_database(backend: str) -> str:
    if backend == "sqlite":
        path = OUT / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"  # absolute path: sqlite:////abs/...
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(PG_URL)
    name = parts.path.lstrip("/")
    admin = psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password, dbname="postgres", autocommit=True,
    )  # fmt: skip
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return PG_URL


def _province_split(persons: int) -> dict[str, int]:
    total = sum(PROVINCES.values())
    split = {code: persons * share // total for code, share in PROVINCES.items()}
    split["01"] += persons - sum(split.values())
    return {code: n for code, n in split.items() if n > 0}


def _generate(persons: int, seed: int) -> dict[str, Any]:
    """Load the persons with `demo_data_load`, province by province; time it end to end."""
    from ansinh.registry.demo import demo_data_load

    rows = []
    started = time.perf_counter()
    for code, n in _province_split(persons).items():
        r = demo_data_load(province_code=code, persons=n, seed=seed)
        rows.append(
            {"province": code, "persons": r.persons, "households": r.households, "seconds": r.seconds}
        )
        _log(f"province {code}: {r.persons:,} persons, {r.households:,} households, {r.rate:,.0f}/s")
    seconds = time.perf_counter() - started
    total = sum(r["persons"] for r in rows)
    return {
        "persons": total,
        "households": sum(r["households"] for r in rows),
        "seconds": seconds,
        "rate": total / seconds,
        "provinces": rows,
    }


def _generation_only(persons: int, seed: int) -> dict[str, Any]:
    """Python generation alone (names, dates, IDs, households), no database writes."""
    from ansinh.registry.demo import DemoGenerator, province_communes, province_profile

    generator = DemoGenerator(province_profile("11"), province_communes("11"), seed + 1)
    started = time.perf_counter()
    made = sum(len(h.members) for h in generator.households(persons))
    seconds = time.perf_counter() - started
    return {"persons": made, "seconds": seconds, "rate": made / seconds}


def _maintenance() -> float:
    """What an operator runs after a bulk load: statistics (and an FTS merge on SQLite)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO registry_person_fts(registry_person_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    _log(f"maintenance {seconds:.1f} s")
    return seconds


def _db_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


# --- search ------------------------------------------------------------------------------------------


class _Cast:
    """The users whose scope the queries run under, and the persons the queries look for."""

    def __init__(self, seed: int) -> None:
        from django.db.models import Count, Max, Min

        from ansinh.accounts.models import User
        from ansinh.geo.models import AdminUnit
        from ansinh.registry.models import Person

        self.rng = random.Random(f"bench:{seed}")
        self.analyst = User.objects.create(username="bench_analyst", role="ministry_analyst")
        self.province_officers = {
            unit.code: User.objects.create(
                username=f"bench_so_{unit.code}", role="province_officer", scope_unit=unit
            )
            for unit in AdminUnit.objects.filter(structure="2025", level="province", code__in=list(PROVINCES))
        }
        # Commune officers of the 20 most populous communes (the hardest commune-scoped case).
        top = Person.objects.values("commune_id").annotate(n=Count("id")).order_by("-n", "commune_id")[:20]
        communes = AdminUnit.objects.in_bulk([row["commune_id"] for row in top])
        self.commune_officers = {
            pk: User.objects.create(username=f"bench_xa_{unit.code}", role="commune_officer", scope_unit=unit)
            for pk, unit in communes.items()
        }
        bounds = Person.objects.aggregate(lo=Min("id"), hi=Max("id"))
        self.lo, self.hi = bounds["lo"], bounds["hi"]
        self.given_counts = self._given_name_counts()

    def _given_name_counts(self) -> Counter[str]:
        """How common each (folded) given name is, over a sample of 20,000 persons."""
        return Counter(p.name_folded.rsplit(" ", 1)[-1] for p in self.sample(20_000))

    def sample(self, n: int, commune_ids: list[int] | None = None) -> list[Any]:
        """About n persons at random (by id, no ORDER BY RANDOM()), optionally within some communes."""
        from ansinh.registry.models import Person

        if commune_ids:
            ids = list(Person.objects.filter(commune_id__in=commune_ids).values_list("id", flat=True))
            picked = self.rng.sample(ids, min(n, len(ids)))
        else:
            picked = [self.rng.randint(self.lo, self.hi) for _ in range(n)]
        rows = Person.objects.in_bulk(picked)
        return [rows[i] for i in picked if i in rows]

    def actor(self, scope: str, person: Any) -> Any:
        if scope == "nation":
            return self.analyst
        if scope == "province":
            return self.province_officers[person.province_code]
        return self.commune_officers[person.commune_id]


def _query(kind: str, person: Any, rng: random.Random) -> tuple[str, int | None] | None:
    """What a user would type to find this person, for one query class (None: does not apply)."""
    from ansinh.core.text import fold

    words = person.full_name.split()
    folded = fold(person.full_name).split()
    if kind == "name_folded":
        return " ".join(folded), None
    if kind == "name_accented":
        return person.full_name, None
    if kind == "prefix":
        if len(folded) < 3:
            return None
        return (f"{folded[0]} {folded[1][:2]}" if rng.random() < 0.5 else f"{folded[0]} {folded[1]}"), None
    if kind == "rare_given":
        return f"{folded[0]} {folded[-1]}", None
    if kind == "personal_id":
        return (person.personal_id, None) if person.personal_id else None
    if kind == "name_and_year":
        return " ".join(words), person.birth_year
    raise ValueError(kind)


RARE = 10  # a given name seen at most this many times in the 20,000-person sample (≤ 0.05 %)


def _targets(cast: _Cast, scope: str, kind: str, n: int) -> list[Any]:
    communes = list(cast.commune_officers) if scope == "commune" else None
    if kind == "rare_given":
        # Persons whose given name is among the rare ones: draw many, keep those.
        pool = cast.sample(n * 40, communes)
        return [p for p in pool if cast.given_counts[p.name_folded.rsplit(" ", 1)[-1]] <= RARE][:n]
    pool = cast.sample(n * 2, communes)
    if kind == "personal_id":
        pool = [p for p in pool if p.personal_id]
    return pool[:n]


def _search_bench(per_cell: int, budget: float, seed: int) -> dict[str, Any]:
    from ansinh.registry.selectors import person_search

    cast = _Cast(seed)
    rng = random.Random(f"bench-queries:{seed}")
    warm = cast.sample(60)
    started = time.perf_counter()
    for person in warm:  # warm caches, connections and the query planner (name queries: ID ones can be slow)
        for kind in QUERY_CLASSES:
            if kind == "personal_id":
                continue
            q = _query(kind, person, rng)
            if q:
                person_search(actor=cast.analyst, query=q[0], birth_year=q[1], limit=20)
    _log(f"warm-up {time.perf_counter() - started:.1f} s")
    cells = []
    for scope in SCOPES:
        for kind in QUERY_CLASSES:
            timings, hits, sizes = [], 0, []
            cell_started = time.perf_counter()
            for person in _targets(cast, scope, kind, per_cell):
                q = _query(kind, person, rng)
                if q is None:
                    continue
                actor = cast.actor(scope, person)
                t = time.perf_counter()
                found = person_search(actor=actor, query=q[0], birth_year=q[1], limit=20)
                timings.append((time.perf_counter() - t) * 1000)
                sizes.append(len(found))
                hits += any(p.pk == person.pk for p in found)
                if time.perf_counter() - cell_started > budget:
                    break
            cells.append(_cell(scope, kind, timings, hits, sizes))
            c = cells[-1]
            _log(f"{scope:8} {kind:14} n={c['n']:4} p50={c['p50']:.1f} p95={c['p95']:.1f} ms")
    return {"per_cell": per_cell, "budget_s": budget, "cells": cells}


def _cell(scope: str, kind: str, timings: list[float], hits: int, sizes: list[int]) -> dict[str, Any]:
    cell: dict[str, Any] = {"scope": scope, "kind": kind, "n": len(timings)}
    if not timings:
        return cell | {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0, "found": 0.0, "rows": 0.0}
    q = statistics.quantiles(timings, n=100, method="inclusive") if len(timings) > 1 else timings * 99
    return cell | {
        "p50": q[49],
        "p95": q[94],
        "p99": q[98],
        "max": max(timings),
        "found": hits / len(timings),
        "rows": sum(sizes) / len(sizes),
    }


# --- machine and report ----------------------------------------------------------------------------


def _machine() -> dict[str, str]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"') + f" (kernel {platform.release()})"
    except OSError:
        pass
    import django

    return {
        "cpu": cpu or platform.processor(),
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": os_name,
        "python": platform.python_version(),
        "django": django.get_version(),
        "date": dt.date.today().isoformat(),
    }


def _report(results: list[dict[str, Any]]) -> str:
    first = results[0]
    m, persons = first["machine"], first["generation"]["persons"]
    versions = ", ".join(r["db_version"] for r in results)
    dates = ", ".join(sorted({r["machine"]["date"] for r in results}))
    backend = "both" if len(results) > 1 else first["backend"]
    lines = [
        SECTION,
        "",
        f"Measured {dates} by `python -m bench.run` (`make bench`) on {persons:,} persons in "
        f"{len(PROVINCES)} provinces ({', '.join(PROVINCES)}), seed {first['seed']}.",
        "",
        "```bash",
        "make bench    # = python -m bench.run: 1,000,000 persons, SQLite and PostgreSQL",
        f"python -m bench.run --persons {persons} --backend {backend}    # one backend at a time also works",
        "```",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; {m['os']}; Python {m['python']}, "
        f"Django {m['django']}, {versions}"
        + (" (stock Debian configuration, shared_buffers 128 MB)." if "PostgreSQL" in versions else "."),
        "The machine may be shared with other work (test suites); 1-minute load average when each",
        "backend's search timing began: "
        + ", ".join(
            f"{r['db_version'].split()[0]} {r['load_average']:.1f}" for r in results if "load_average" in r
        )
        + ("." if any("load_average" in r for r in results) else "not recorded."),
        "",
        *_generation_table(results),
        "",
        *_search_table(results),
        "",
        "### Against the target (p95 ≤ 50 ms for a name search on 1 M persons)",
        "",
        *_verdicts(results, persons),
        "",
    ]
    return "\n".join(lines)


def _generation_table(results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "### Demo-data generation (`ansinh demo-data`, `registry/demo.py`)",
        "",
        "| Backend | Persons | Households | Load time | Load rate | Generation only (no DB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        g, o = r["generation"], r["generation_only"]
        lines.append(
            f"| {r['db_version']} | {g['persons']:,} | {g['households']:,} | {g['seconds']:.0f} s "
            f"| {g['rate']:,.0f} persons/s | {o['rate']:,.0f} persons/s |"
        )
    steps = {"sqlite": "FTS optimize + ANALYZE", "postgres": "VACUUM ANALYZE"}
    maintenance = ", ".join(
        f"{r['db_version'].split()[0]} {steps[r['backend']]} {r['maintenance_s']:.0f} s" for r in results
    )
    return [
        *lines,
        "",
        "The load rate is end to end: generation, personal-ID collision checks, `search_doc`, inserts of",
        "persons, households and members in chunks of 5,000, and each backend's full-text index upkeep",
        f"(the FTS5 trigger; the GIN index). Afterwards the bench runs {maintenance}.",
    ]


def _search_table(results: list[dict[str, Any]]) -> list[str]:
    search = results[0]["search"]
    lines = [
        "### Person search (`registry.selectors.person_search`, limit 20)",
        "",
        f"Up to {search['per_cell']} timed queries per query class and scope (at most "
        f"{search['budget_s']:.0f} s each), after a warm-up of 300 name queries. Each query is what a",
        "user would type to find a randomly drawn person; *found* is the share of queries whose person",
        "is among the rows returned (common names have more than 20 namesakes); *rows* is the mean",
        "number returned. *Rare given name*: one seen at most 10 times in a 20,000-person sample.",
        "Scopes: *nation* = ministry analyst; *province* = officer of the person's province;",
        "*commune* = officer of one of the 20 most populous communes. Milliseconds, measured",
        "in-process around the selector call (no HTTP, no template).",
        "",
        "| Backend | Scope | Query | n | p50 | p95 | p99 | rows | found |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        name = r["db_version"].split()[0]
        for c in r["search"]["cells"]:
            lines.append(
                f"| {name} | {c['scope']} | {CLASS_LABELS[c['kind']]} | {c['n']} | {c['p50']:.1f} | "
                f"{c['p95']:.1f} | {c['p99']:.1f} | {c['rows']:.1f} | {c['found']:.0%} |"
            )
    return lines


def _verdicts(results: list[dict[str, Any]], persons: int) -> list[str]:
    lines = []
    for r in results:
        name = r["db_version"].split()[0]
        cells = [c for c in r["search"]["cells"] if c["kind"] != "personal_id" and c["n"]]
        if not cells:
            continue
        misses = [c for c in cells if c["p95"] > 50]
        worst = max(cells, key=lambda c: c["p95"])
        verdict = "met" if not misses else f"missed in {len(misses)} of {len(cells)} name-search cells"
        scale = "" if persons >= 1_000_000 else f" (measured on {persons:,} persons, not 1 M)"
        lines.append(
            f"- {name}: {verdict}{scale}; worst p95 {worst['p95']:.1f} ms "
            f"({worst['scope']}, {CLASS_LABELS[worst['kind']]})."
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())
