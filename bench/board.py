"""Public job board benchmark: searching 100 k open vacancies without logging in, on PostgreSQL.

    python -m bench.board               # 100,000 open vacancies
    python -m bench.board --quick       # 5,000: a smoke test, report under bench/out/
    python -m bench.board --skip-load   # reuse the database of the previous run

A fresh database `ansinh_bench_board` is migrated, the administrative units loaded, and the labour demo
generator (`bench.matching`'s loader) fills all 34 provinces until the target of open vacancies is reached.
Then, in another process, each query below is run again and again as an anonymous visitor's whole page
(`GET /viec-lam/?…`: middleware, search, the capped count, the page of 20 with employers and communes,
the template) and as the search alone (`vacancy_search` + `vacancy_page`), and p50 / p95 are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bench.common import write_section

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Public job board: search"
PG_URL = os.environ.get("BENCH_BOARD_PG_URL", "postgres://postgres@127.0.0.1:5432/ansinh_bench_board")
ROUNDS = 15
# (what a visitor does, the page's query string)
QUERIES = [
    ("accent-free title words", {"q": "ke toan"}),
    ("accented word (toán)", {"q": "toán"}),
    ("accented word (toàn)", {"q": "toàn"}),
    ("two words, common trade", {"q": "cong nhan"}),
    ("employer name", {"q": "song da"}),
    ("words + province", {"q": "lai xe", "province": "01"}),
    ("occupation code prefix", {"occupation": "72"}),
    ("occupation name", {"occupation": "kế toán"}),
    ("minimum wage, by wage", {"wage_min": "8.000.000", "sort": "wage"}),
    ("newest first, no filter", {}),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.board")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--vacancies", type=int, default=None)
    args = parser.parse_args(argv)
    vacancies = args.vacancies or (5_000 if args.quick else 100_000)
    if args.child:
        return _child(args.child, vacancies)
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"vacancies": vacancies}
    if not args.skip_load:
        _fresh_database()
        results["load"] = _phase("load", vacancies)
    results["search"] = _phase("search", vacancies)
    doc = OUT / "benchmarks-board-quick.md" if args.quick else DOC
    write_section(doc, SECTION, _report(results))
    print(f"== written to {doc.relative_to(ROOT)}")
    return 0


def _phase(name: str, vacancies: int) -> dict[str, Any]:
    print(f"== {name}", flush=True)
    out = OUT / f"board-{name}.json"
    command = [sys.executable, "-m", "bench.board", "--child", name, "--vacancies", str(vacancies)]
    subprocess.run(command, check=True, cwd=ROOT)
    return json.loads(out.read_text())


def _fresh_database() -> None:
    import psycopg

    admin, name = PG_URL.rsplit("/", 1)
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _child(phase: str, vacancies: int) -> int:
    os.environ["DATABASE_URL"] = PG_URL
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    import django

    django.setup()
    started = time.perf_counter()
    result = _load(vacancies) if phase == "load" else _search()
    result["phase_s"] = time.perf_counter() - started
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["load_average"] = os.getloadavg()[0]
    (OUT / f"board-{phase}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str))
    return 0


def _load(vacancies: int) -> dict[str, Any]:
    from django.core.management import call_command

    from ansinh.geo.loader import load_units
    from bench import matching

    call_command("migrate", verbosity=0)
    load_units()
    # The matching loader with few seekers: the board reads vacancies and employers only.
    loaded = matching._load(SimpleNamespace(seekers=3_400, vacancies=vacancies, backend="postgres"))
    from ansinh.labour.models import Employer

    return {**loaded, "employers": Employer.objects.count()}


def _search() -> dict[str, Any]:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from ansinh.jobboard.selectors import BoardFilters, vacancy_page, vacancy_search
    from ansinh.labour.models import Vacancy
    from bench.matching import _machine, _open_vacancies, _percentiles

    setup_test_environment()  # the test client without a test database
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/viec-lam/")  # the first page of a process compiles templates and loads catalogues
    cells = []
    for label, params in QUERIES:
        filters = BoardFilters(
            query=params.get("q", ""),
            province=params.get("province", ""),
            occupation=params.get("occupation", ""),
            wage_min=int(params["wage_min"].replace(".", "")) if "wage_min" in params else None,
            sort=params.get("sort", "relevance"),
        )
        page_times, search_times, found = [], [], 0
        for _ in range(ROUNDS):
            t = time.perf_counter()
            response = client.get("/viec-lam/", params)
            page_times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.status_code
            t = time.perf_counter()
            page, _rows = vacancy_page(vacancy_search(BoardFilters(**vars(filters) | {"notes": []})), 1, 20)
            search_times.append((time.perf_counter() - t) * 1000)
            found = page.paginator.count
        cells.append(
            {
                "label": label,
                "params": params,
                "found": found,
                "page": _percentiles(page_times),
                "search": _percentiles(search_times),
            }
        )
    return {
        "cells": cells,
        "open_vacancies": _open_vacancies(),
        "vacancies": Vacancy.objects.count(),
        "machine": _machine(),
    }


def _report(r: dict[str, Any]) -> str:
    s = r["search"]
    m = s["machine"]
    load = r.get("load") or {}
    lines = [
        SECTION,
        "",
        f"Measured by `python -m bench.board` on {load.get('database', 'PostgreSQL')}. Machine:"
        f" {m.get('cpu', '')}, {m.get('cores', '')} cores, {m.get('ram', '')} RAM; {m.get('os', '')};"
        f" Python {m.get('python', '')}.",
        "",
        f"Data: {s['open_vacancies']:,} open vacancies ({s['vacancies']:,} in all, the rest closed or past"
        f" their deadline) of {load.get('employers', 0):,} employers in the 34 provinces, from the labour"
        " demo generator. After one unmeasured page (templates, catalogues), each query ran "
        f"{ROUNDS} times: *page* is the whole anonymous page (`GET /viec-lam/`), *search* the query and the"
        ' page of 20 alone. Counts stop at 1.001 (the page says "more than 1.000").',
        "",
        "| Query | Found | Page p50 | Page p95 | Search p50 | Search p95 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for c in s["cells"]:
        lines.append(
            f"| {c['label']} | {c['found']:,} | {c['page']['p50']:.0f} ms | {c['page']['p95']:.0f} ms | "
            f"{c['search']['p50']:.0f} ms | {c['search']['p95']:.0f} ms |"
        )
    worst = max(c["page"]["p95"] for c in s["cells"])
    lines += [
        "",
        f"Slowest page p95: {worst:.0f} ms; 1-minute load average after the run {s['load_average']:.1f}.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
