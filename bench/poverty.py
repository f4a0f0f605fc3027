"""Poverty benchmark: classify a million households and recompute the poverty indicators for the nation, on
SQLite and PostgreSQL.

    python -m bench.poverty                          # 1,000,000 households, both databases
    python -m bench.poverty --households 50000 --quick  # a smoke test, report under bench/out/
    make bench BENCH=poverty

For each backend a fresh database (`bench/out/poverty.sqlite3`; `ansinh_bench_povind` on the server of
BENCH_POVERTY_PG_URL) is migrated, the administrative units loaded, and, as setup (timed apart), the
households inserted into the registry, spread over the 3,321 communes, with one decided periodic round of
2026 per commune. Then, in one child process per backend:

1. *facts*: each household's facts for the 2026 review (area by commune, income per person per month drawn
   from a log-normal, the twelve deprivation indicators, more often deprived below the line), with numpy;
2. *per-row throughput* on a sample: `standard.parse_facts` + `standard.classify` (20,000 households) and
   the whole questionnaire path `questionnaire.income_per_capita_from` + `deprivations_from_answers` +
   `classify` (2,000 generated form B2 answers); the rate extrapolated to the million;
3. *classify*: all of them with `poverty.bulk.classify_many` (the same rule, tested equal to `classify`);
4. *write*: one final survey per household (income, deprived codes, classification), streamed in (COPY on
   PostgreSQL, executemany on SQLite), and its poverty status from the decision date with its transition
   (newly poor, newly near-poor, none) through the application's own writer, `poverty.bulk.write_statuses`
   (what the commune's decision and the import use): current statuses closed by UPDATE, the statuses and
   one audit event each streamed in; one transaction, whose commit fires PostgreSQL's deferred
   foreign-key checks (timed apart);
5. *recompute*: `reports.compute.compute_period` of the year 2026 for the POV.* indicators: rates,
   deprivations, transitions per commune, then the province and nation roll-ups.

The floor is the database alone doing the same work: the same survey rows streamed into a table without
indexes or constraints, the statuses INSERT … SELECT'ed beside them (no audit events: the floor holds
fewer rows than the write), and one GROUP BY of the statuses by commune and status joined to the
households (the core of the rates).
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
from pathlib import Path
from typing import Any

from bench.common import write_section

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Poverty: classify a million households and recompute the indicators"
PG_URL = os.environ.get("BENCH_POVERTY_PG_URL", "postgres://postgres@127.0.0.1:5432/ansinh_bench_povind")
HOUSEHOLDS = 1_000_000
ON = dt.date(2026, 11, 1)  # the standard the 2026 review classifies by
DECIDED = dt.date(2026, 12, 15)  # the communes' decision date
PERIOD = "2026"
SAMPLE_FACTS, SAMPLE_ANSWERS = 20_000, 2_000
TARGET_S = 30.0  # classify + write + recompute, PostgreSQL


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.poverty")
    parser.add_argument("--households", type=int, default=HOUSEHOLDS)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="write the report under bench/out/")
    parser.add_argument("--report", action="store_true", help="only write the report from the last runs")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.child:
        return _child(args.child, args.households)
    results: dict[str, Any] = {"households": args.households, "backends": {}}
    for backend in ["sqlite", "postgres"] if args.backend == "both" else [args.backend]:
        if not args.report:
            print(f"== {backend}", flush=True)
            _fresh(backend)
            command = [sys.executable, "-m", "bench.poverty", "--child", backend]
            command += ["--households", str(args.households)]
            subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "DATABASE_URL": _url(backend)})
        results["backends"][backend] = json.loads((OUT / f"poverty-{backend}.json").read_text())
    doc = OUT / "benchmarks-poverty-quick.md" if args.quick else DOC
    write_section(doc, SECTION, _report(results))
    print(f"== written to {doc.relative_to(ROOT)}")
    return 0


def _url(backend: str) -> str:
    return f"sqlite:///{OUT / 'poverty.sqlite3'}" if backend == "sqlite" else PG_URL


def _fresh(backend: str) -> None:
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / 'poverty.sqlite3'}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    admin, name = PG_URL.rsplit("/", 1)
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _log(message: str) -> None:
    print(f"   {dt.datetime.now():%H:%M:%S} {message}", flush=True)


# --- the child: one backend -----------------------------------------------------------------------


def _child(backend: str, households: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    from ansinh.geo.loader import load_units

    out: dict[str, Any] = {"backend": backend}
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_units()
    out["migrate_s"] = time.perf_counter() - t
    t = time.perf_counter()
    ids, communes = _households(households)
    out["setup_s"] = time.perf_counter() - t
    _log(
        f"setup: {households:,} households and {len(set(communes.tolist())):,} rounds"
        f" in {out['setup_s']:.1f} s"
    )

    load_before = os.getloadavg()[0]
    t = time.perf_counter()
    area, income, deprived = _facts(len(ids), communes)
    out["facts_s"] = time.perf_counter() - t
    out |= _per_row(area, income, deprived)
    _log(f"per row: {out['classify_rate']:,.0f} facts/s, {out['answers_rate']:,.0f} questionnaires/s")

    from ansinh.poverty.bulk import classify_many

    t = time.perf_counter()
    outcome = classify_many(ON, area, income, deprived)
    out["classify_s"] = time.perf_counter() - t
    _log(f"classify: {out['classify_s']:.2f} s")

    t = time.perf_counter()
    rows, statuses = _survey_rows(ids, communes, area, income, deprived, outcome)
    out["rows_s"] = time.perf_counter() - t
    t = time.perf_counter()
    out |= _write(rows, statuses)
    out["write_s"] = time.perf_counter() - t
    del statuses
    _log(
        f"write: {out['write_s']:.1f} s (surveys {out['write_surveys_s']:.1f} s, statuses and audit "
        f"{out['write_statuses_s']:.1f} s, commit {out['commit_s']:.1f} s)"
    )

    out |= _recompute()
    _log(f"recompute: {out['recompute_s']:.1f} s")
    out["total_s"] = out["classify_s"] + out["rows_s"] + out["write_s"] + out["recompute_s"]
    out["load_during"] = (load_before, os.getloadavg()[0])
    out |= _floor(rows)
    _log(f"floor: write {out['floor_write_s']:.1f} s, aggregate {out['floor_aggregate_s']:.2f} s")
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["database"] = _db_version()
    out["machine"] = _machine()
    out["counts"] = _counts(outcome)
    (OUT / f"poverty-{backend}.json").write_text(json.dumps(out, indent=1, default=str))
    print(json.dumps({k: v for k, v in out.items() if k != "machine"}, default=str))
    return 0


def _households(n: int) -> tuple[Any, Any]:
    """n households in the registry, round-robin over the current communes, each commune with its decided
    periodic round of 2026. Returns their ids and commune ids (numpy)."""
    import numpy as np
    from django.db import connection
    from django.utils import timezone

    from ansinh.geo.models import AdminUnit
    from ansinh.poverty.models import Round

    units = list(
        AdminUnit.objects.filter(structure="2025", level="commune")
        .order_by("code")
        .values_list("id", "code", "province_code")
    )
    created = timezone.make_aware(dt.datetime(2025, 9, 1))
    rows = (
        (
            units[i % len(units)][0],
            units[i % len(units)][2],
            created,
            created,
            1,
            f"H{units[i % len(units)][1]}-B{i:08d}",
            "",
        )
        for i in range(n)
    )
    _stream(
        "registry_household",
        ["commune_id", "province_code", "created_at", "updated_at", "version", "code", "address_detail"],
        rows,
    )
    Round.objects.bulk_create(
        [
            Round(commune_id=pk, province_code=province, kind="periodic", year=2026, standard_on=ON,
                  state="decided", collection_on=ON, decided_on=DECIDED, decision_number=f"{code}/QĐ-UBND",
                  decision_date=DECIDED)
            for pk, code, province in units
        ],
        batch_size=2000,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, commune_id FROM registry_household ORDER BY id")
        pairs = np.asarray(cursor.fetchall(), dtype=np.int64)
        cursor.execute("ANALYZE")
    return pairs[:, 0], pairs[:, 1]


def _facts(n: int, communes: Any) -> tuple[Any, Any, Any]:
    import numpy as np

    from ansinh.poverty.standard import standard_on

    rng = np.random.default_rng(2026)
    urban_commune = rng.random(int(communes.max()) + 1) < 0.3
    area = urban_commune[communes].astype(np.int8)
    income = rng.lognormal(np.log(4_500_000), 0.6, n).astype(np.int64)
    below = income <= np.where(area == 1, 2_000_000, 1_500_000)
    chance = np.where(below, 0.3, 0.1)[:, None]
    deprived = rng.random((n, len(standard_on(ON).codes))) < chance
    return area, income, deprived


def _per_row(area: Any, income: Any, deprived: Any) -> dict[str, Any]:
    """Households per second through `classify` one by one, and through the whole questionnaire path."""
    import random

    from ansinh.poverty import questionnaire, standard

    codes = standard.standard_on(ON).codes
    n = min(SAMPLE_FACTS, len(income))
    t = time.perf_counter()
    for i in range(n):
        facts = standard.parse_facts(
            {
                "on": ON.isoformat(),
                "area": standard.AREAS[area[i]],
                "income_per_capita": int(income[i]),
                "deprived": [c for c, d in zip(codes, deprived[i], strict=True) if d],
            }
        )
        standard.classify(facts)
    classify_rate = n / (time.perf_counter() - t)
    rng = random.Random(7)
    samples = [_answers(rng) for _ in range(SAMPLE_ANSWERS)]
    t = time.perf_counter()
    for answers in samples:
        per_capita = questionnaire.income_per_capita_from(answers).per_capita
        found, _lines = questionnaire.deprivations_from_answers(answers, ON)
        standard.classify(
            standard.parse_facts(
                {"on": ON.isoformat(), "area": "rural", "income_per_capita": per_capita, "deprived": found}
            )
        )
    answers_rate = len(samples) / (time.perf_counter() - t)
    return {
        "classify_rate": classify_rate,
        "answers_rate": answers_rate,
        "classify_per_row_million_s": 1_000_000 / classify_rate,
        "answers_per_row_million_s": 1_000_000 / answers_rate,
    }


def _answers(rng: Any) -> dict[str, Any]:
    """Form B2 answers of a household of one to six members, the questions of the standard on ON only."""
    from ansinh.poverty import questionnaire

    keys = {q.key for q in questionnaire.questions_on(ON)}
    members = []
    for position in range(rng.randint(1, 6)):
        # Adults of 31 to 59: the questions on schooling and on young adults' education do not apply.
        member = {"age": rng.randint(31, 59), "health_insurance": rng.random() < 0.85}
        member["unable_to_work"] = position > 0 and rng.random() < 0.05
        member["employment"] = rng.choice(
            ["self_employed", "wage_with_contract", "wage_without_contract", "unemployed"]
        )
        members.append({k: v for k, v in member.items() if k in keys})
    household = {
        "dwelling": rng.choice(["makeshift", "durable", "durable", "not_durable"]),
        "floor_area_m2": rng.randint(10, 120),
        "water_source": rng.choice(["surface", "piped", "piped", "borehole"]),
        "latrine": rng.choice(["none", "septic", "septic", "pour_flush"]),
        "uses_phone_or_internet": rng.random() < 0.9,
        "information_devices": rng.choice([[], ["smartphone"], ["tv", "smartphone"]]),
        "uses_digital_services": rng.random() < 0.7,
        "waste_collected": rng.random() < 0.7,
    }
    answers: dict[str, Any] = {k: v for k, v in household.items() if k in keys}
    answers["members"] = members
    answers["income"] = {"agriculture": rng.randint(5, 60) * 1_000_000 * len(members)}
    return answers


def _survey_rows(
    ids: Any, communes: Any, area: Any, income: Any, deprived: Any, outcome: Any
) -> tuple[list[tuple], list[Any]]:
    """One final survey per household, as a tuple per row (the columns of `_SURVEY_COLUMNS`, its key
    reserved as the application reserves keys), and the status the decision gives each household
    (`poverty.bulk.NewStatus`: a first review, so newly poor, newly near-poor or no transition)."""
    import numpy as np
    from django.utils import timezone

    from ansinh.core.bulk import BulkInsert
    from ansinh.geo.models import AdminUnit
    from ansinh.poverty.bulk import NewStatus
    from ansinh.poverty.models import Round, Survey
    from ansinh.poverty.standard import AREAS

    rounds = {
        commune: (pk, number)
        for commune, pk, number in Round.objects.filter(year=2026).values_list(
            "commune_id", "id", "decision_number"
        )
    }
    provinces = dict(
        AdminUnit.objects.filter(structure="2025", level="commune").values_list("id", "province_code")
    )
    now = timezone.now()
    labels = outcome.labels().tolist()
    provisional = outcome.provisional.tolist()
    # The deprived codes as JSON text, built once per distinct combination (few thousand of 4,096).
    packed = np.packbits(deprived, axis=1, bitorder="little")
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    uniq, inverse = np.unique(keys, return_inverse=True)
    texts = [
        json.dumps([c for c, d in zip(outcome.codes, deprived[np.argmax(keys == u)], strict=True) if d])
        for u in uniq
    ]
    area_names = [AREAS[a] for a in area.tolist()]
    transitions = {"poor": "newly_poor", "near_poor": "newly_near_poor"}
    survey_ids = BulkInsert(Survey, ["household_id"], now).reserve(len(ids))
    rows, statuses = [], []
    for i, (sid, pk, commune, per_capita) in enumerate(
        zip(survey_ids, ids.tolist(), communes.tolist(), income.tolist(), strict=True)
    ):
        round_id, number = rounds[commune]
        province = provinces[commune]
        label = labels[i]
        rows.append(
            (sid, commune, province, now, now, 1, round_id, pk, "", "B2", area_names[i], "{}", False,
             per_capita, texts[inverse[i]], label, provisional[i], "{}", ON, "", "")
        )  # fmt: skip
        statuses.append(
            NewStatus(pk, commune, province, label, transitions.get(label, "none"), DECIDED, number, DECIDED,
                      round_id, sid)
        )  # fmt: skip
    return rows, statuses


_SURVEY_COLUMNS = [
    "id", "commune_id", "province_code", "created_at", "updated_at", "version", "round_id", "household_id",
    "village", "form", "area", "answers", "draft", "income_per_capita", "deprived", "classification",
    "provisional", "result", "classified_on", "meeting_result", "meeting_note",
]  # fmt: skip

# The floor's statuses from the decision, with the transition a first review gives (no earlier status).
_STATUS_SQL = """
    INSERT INTO {status} (commune_id, province_code, created_at, updated_at, version, household_id, status,
        transition, valid_from, round_id, survey_id, decision_number, decision_date)
    SELECT s.commune_id, s.province_code, s.created_at, s.updated_at, 1, s.household_id, s.classification,
        CASE s.classification WHEN 'poor' THEN 'newly_poor' WHEN 'near_poor' THEN 'newly_near_poor'
            ELSE 'none' END,
        %s, s.round_id, s.id, r.decision_number, %s
    FROM {survey} s JOIN poverty_round r ON r.id = s.round_id
"""


def _write(rows: list[tuple], statuses: list[Any]) -> dict[str, float]:
    """The surveys streamed in, then the decision's statuses through the application's set-based writer
    (`poverty.bulk.write_statuses`: close the current ones, COPY the new ones and an audit event each),
    one transaction. Returns the seconds of each part."""
    from django.db import transaction

    from ansinh.poverty.bulk import write_statuses

    with transaction.atomic():
        t = time.perf_counter()
        _stream("poverty_survey", _SURVEY_COLUMNS, rows)
        surveys_s = time.perf_counter() - t
        t = time.perf_counter()
        write_statuses(actor=None, rows=statuses)
        statuses_s = time.perf_counter() - t
        t = time.perf_counter()
    return {"write_surveys_s": surveys_s, "write_statuses_s": statuses_s, "commit_s": time.perf_counter() - t}


def _stream(table: str, columns: list[str], rows: Any) -> None:
    """Rows into a table: COPY on PostgreSQL, executemany in chunks on SQLite."""
    import itertools

    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('%s' for _ in columns)})"
        iterator = iter(rows)
        while chunk := list(itertools.islice(iterator, 50_000)):
            cursor.executemany(sql, chunk)


def _recompute() -> dict[str, Any]:
    from django.db import connection

    from ansinh.reports.compute import compute_period
    from ansinh.reports.models import Indicator, RollupValue
    from ansinh.reports.periods import parse_period

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    codes = list(Indicator.objects.filter(code__startswith="POV.").values_list("code", flat=True))
    t = time.perf_counter()
    summary = compute_period(parse_period(PERIOD), codes=codes)
    seconds = time.perf_counter() - t
    nation = {
        code: str(value)
        for code, value in RollupValue.objects.filter(
            period_code=PERIOD, level="nation", indicator__code__in=codes
        )
        .values_list("indicator__code", "value")
        .order_by("indicator__code")
    }
    return {
        "recompute_s": seconds,
        "indicators": len(summary["indicators"]),
        "per_indicator_s": {k: v["seconds"] for k, v in summary["indicators"].items()},
        "commune_rows": sum(v["rows"] for v in summary["indicators"].values()),
        "nation": nation,
    }


def _floor(rows: list[tuple]) -> dict[str, Any]:
    """The database alone: the same surveys into a bare table, the statuses beside them, one GROUP BY."""
    from django.db import connection, transaction

    from ansinh.poverty.models import PovertyStatus, Survey

    with connection.cursor() as cursor:
        for name, model in (("floor_survey", Survey), ("floor_status", PovertyStatus)):
            like = model._meta.db_table
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
            if connection.vendor == "postgresql":
                cursor.execute(f"CREATE UNLOGGED TABLE {name} (LIKE {like} INCLUDING DEFAULTS)")
                cursor.execute(f"ALTER TABLE {name} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
            else:  # no index, no constraint: only the row id
                columns = [f.column for f in model._meta.concrete_fields if f.column != "id"]
                cursor.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, {', '.join(columns)})")
    t = time.perf_counter()
    with transaction.atomic():
        _stream("floor_survey", _SURVEY_COLUMNS, rows)
        with connection.cursor() as cursor:
            cursor.execute(
                _STATUS_SQL.format(status="floor_status", survey="floor_survey"), [DECIDED, DECIDED]
            )
    write_s = time.perf_counter() - t
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        t = time.perf_counter()
        cursor.execute(
            "SELECT h.commune_id, s.status, COUNT(*) FROM poverty_povertystatus s "
            "JOIN registry_household h ON h.id = s.household_id GROUP BY h.commune_id, s.status"
        )
        groups = len(cursor.fetchall())
        aggregate_s = time.perf_counter() - t
        for name in ("floor_survey", "floor_status"):
            cursor.execute(f"DROP TABLE {name}")
    return {"floor_write_s": write_s, "floor_aggregate_s": aggregate_s, "floor_groups": groups}


def _counts(outcome: Any) -> dict[str, int]:
    import numpy as np

    from ansinh.poverty.standard import CLASSIFICATIONS

    found = np.bincount(outcome.classification, minlength=len(CLASSIFICATIONS))
    return {name: int(found[i]) for i, name in enumerate(CLASSIFICATIONS)}


def _db_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        version = cursor.fetchone()[0]
    return f"{'SQLite' if connection.vendor == 'sqlite' else 'PostgreSQL'} {version}"


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


def _report(r: dict[str, Any]) -> str:
    any_run = next(iter(r["backends"].values()))
    m = any_run["machine"]
    c = any_run["counts"]
    n = r["households"]
    lines = [
        SECTION,
        "",
        f"Measured {time.strftime('%Y-%m-%d')} by `python -m bench.poverty` (`make bench BENCH=poverty`). "
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; {m['os']}; Python {m['python']}. The "
        "machine is shared with other work (other engineers' tests and benchmarks run at the same time): the "
        "1-minute load average at the start and end of the measured steps is given.",
        "",
        f"{n:,} households in the registry over the 3,321 communes, each commune with a decided periodic "
        "round of 2026. Facts generated with numpy (area by commune, income log-normal around 4.500.000 "
        f"đồng, twelve deprivation indicators): {c['poor']:,} poor, {c['near_poor']:,} near-poor, "
        f"{c['middle']:,} middle, {c['other']:,} other. *Classify* = `poverty.bulk.classify_many` over all "
        "of them; *rows* = building the survey and status rows in Python; *write* = one final survey per "
        "household streamed in (COPY / executemany) + the statuses and an audit event each through "
        "`poverty.bulk.write_statuses`, one transaction (in brackets: surveys / statuses and audit / commit, "
        "where PostgreSQL runs the deferred foreign-key checks); "
        "*recompute* = `compute_period` of the year 2026 for the 20 POV.* indicators (rates, poor by "
        "deprivation, transitions) per commune and the roll-ups to province and nation. Target: classify + "
        "rows + write + recompute ≤ 30 s on PostgreSQL.",
        "",
        "| Backend | Classify | Rows | Write | Recompute | **Total** | Floor: write | Floor: GROUP BY "
        "| Peak RSS | Load start → end |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in r["backends"].values():
        lines.append(
            f"| {run['database']} | {run['classify_s']:.2f} s | {run['rows_s']:.1f} s "
            f"| {run['write_s']:.1f} s ({run.get('write_surveys_s', 0):.1f} / "
            f"{run.get('write_statuses_s', 0):.1f} / {run.get('commit_s', 0):.1f}) "
            f"| {run['recompute_s']:.1f} s | **{run['total_s']:.1f} s** | {run['floor_write_s']:.1f} s "
            f"| {run['floor_aggregate_s']:.2f} s | {run['peak_rss_mib']:,.0f} MiB "
            f"| {run['load_during'][0]:.1f} → {run['load_during'][1]:.1f} |"
        )
    lines += [
        "",
        "Per-row throughput (the same process, before the bulk run), and what a million would take that way:",
        "",
        "| Backend | `classify` (facts) | 10⁶ that way | questionnaire → `classify` | 10⁶ that way "
        "| Setup (households, rounds) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for run in r["backends"].values():
        lines.append(
            f"| {run['database']} | {run['classify_rate']:,.0f} /s "
            f"| {run['classify_per_row_million_s']:.0f} s | {run['answers_rate']:,.0f} /s "
            f"| {run['answers_per_row_million_s']:.0f} s | {run['setup_s']:.0f} s |"
        )
    lines += ["", "Against the floor and where the recompute goes:", ""]
    for run in r["backends"].values():
        per = run["per_indicator_s"]
        queries = per["POV.POOR_RATE"] + per["POV.NEWLY_POOR"] + per["POV.POOR_DEPRIVED_EMPLOYMENT"]
        rest = sum(per.values()) - queries
        lines.append(
            f"* {run['database']}: the write is {run['write_s'] / run['floor_write_s']:.1f}× the floor "
            f"({run['floor_write_s']:.1f} s for the same rows into tables without indexes or constraints: "
            "the difference is the surveys' and statuses' indexes, foreign-key checks, unique and check "
            "constraints). The "
            f"recompute is {run['recompute_s']:.1f} s against {run['floor_aggregate_s']:.2f} s for the bare "
            "GROUP BY: the first indicator of each of the three groups pays its shared query "
            f"({queries:.1f} s together, "
            f"the rates' two scans included), the other 17 indicators {rest:.1f} s for storing and comparing "
            f"their {run['commune_rows']:,} commune figures in all and rebuilding the roll-ups "
            "(`reports.compute`, the same for every computed indicator)."
        )
    pg = r["backends"].get("postgres")
    if pg is not None:
        met = pg["total_s"] <= TARGET_S
        lines += [
            "",
            f"Target on PostgreSQL: {pg['total_s']:.0f} s against {TARGET_S:.0f} s — "
            + ("met." if met else "missed.")
            + f" Classify ({pg['classify_s']:.2f} s) and recompute ({pg['recompute_s']:.1f} s) fit in it; "
            f"building the rows ({pg['rows_s']:.1f} s) and above all writing them ({pg['write_s']:.1f} s, "
            f"{pg['write_s'] / pg['floor_write_s']:.1f}× the bare tables) do not.",
        ]
    lines += [
        "",
        "Nation: "
        + ", ".join(f"{k} {float(v):.2f} %" for k, v in any_run["nation"].items() if k.endswith("RATE"))
        + ".",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
