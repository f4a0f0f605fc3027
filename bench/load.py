"""Load benchmark: 50 logged-in officers on the production server, on SQLite and on PostgreSQL.

    python -m bench.load                    # both databases, 50 users, 60 s measured after 15 s warm-up
    python -m bench.load --db sqlite        # one database
    python -m bench.load --skip-load        # reuse the demo databases of the previous run
    python -m bench.load --quick            # 10 users, 20 s: a smoke test, report under bench/out/

Each database gets the demo (`ansinh demo-setup`: a province of 20,000 persons, 2,000 job seekers, 400
vacancies, report figures); SQLite in bench/out/load.sqlite3, PostgreSQL in `ansinh_bench_load`. The
server is `ansinh serve` exactly as production starts it (DEBUG off, several waitress processes), in a
subprocess on a free port of 127.0.0.1. Every virtual user logs in through the real login form (CSRF
cookie and token), then loops: one request from the mix, wait 1 s, again. Requests started during the
warm-up are not counted; the measured window is fixed, so the run is bounded.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.common import write_section

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Load: 50 officers on the production server"
PG_URL = os.environ.get("BENCH_LOAD_PG_URL", "postgres://postgres@127.0.0.1:5432/ansinh_bench_load")
SQLITE_PATH = OUT / "load.sqlite3"
USERNAME, PASSWORD = "so_canbo", "ansinh-demo-2026"  # a demo province officer (accounts/demo.py)
PROVINCE = "11"
TARGET_P95_MS, TARGET_RPS = 200.0, 45.0

# (kind, share of requests)
MIX = [("person search by name", 30), ("persons by commune", 20), ("job seekers", 20),
       ("public job board", 20), ("report page", 10)]  # fmt: skip
NAMES = ["nguyen van", "lo thi", "quang van", "lò văn", "thị hương", "ha thi", "luong", "cam van",
         "vang a", "tong thi", "nguyễn thị hoa", "minh"]  # fmt: skip
BOARD_WORDS = ["ke toan", "công nhân", "lái xe", "nhân viên", "bán hàng", "may", "kỹ thuật", ""]


@dataclass
class Sample:
    kind: str
    started: float
    ms: float
    status: int
    error: str = ""


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=1.0, help="seconds each user waits between requests")
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=15.0)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--report-only", action="store_true", help="rewrite the section from the last run")
    args = parser.parse_args(argv)
    if args.report_only:
        results = json.loads((OUT / "load.json").read_text())
        args.users, args.think = results[0]["users"], results[0]["think_s"]
        args.duration, args.warmup = results[0]["duration_s"], results[0].get("warmup_s", args.warmup)
        write_section(DOC, SECTION, _report(results, args))
        return 0
    if args.quick:
        args.users, args.duration, args.warmup = 10, 20.0, 5.0
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        url = f"sqlite:///{SQLITE_PATH}" if db == "sqlite" else PG_URL
        if not args.skip_load:
            _demo_database(db, url)
        result = _measure(db, url, args)
        results.append(result)
        _print(result)
    results = _with_earlier(results)
    (OUT / "load.json").write_text(json.dumps(results, indent=1))
    doc = OUT / "benchmarks.md" if args.quick else DOC
    write_section(doc, SECTION, _report(results, args))
    print(f"written to {doc}")
    return 0


def _with_earlier(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A run on one database keeps the other database's figures of the previous run in the report."""
    earlier = OUT / "load.json"
    if not earlier.exists():
        return results
    ran = {r["database"] for r in results}
    kept = [r for r in json.loads(earlier.read_text()) if r["database"] not in ran]
    return sorted(kept + results, key=lambda r: r["database"] != "SQLite")


# --- the databases and the server ----------------------------------------------------------------------


def _demo_database(db: str, url: str) -> None:
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        admin, name = url.rsplit("/", 1)
        with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    # The demo loaders refuse production (they create users with the published demo password): the data
    # is loaded as development, the server then runs as production on it.
    env = {**_env(url), "ANSINH_ENV": "development"}
    started = time.monotonic()
    for command in (["migrate", "--no-input", "-v0"], ["load-units"], ["demo-setup", "--province", PROVINCE]):
        subprocess.run([sys.executable, "-m", "ansinh", *command], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    print(f"{db}: demo database ready in {time.monotonic() - started:.0f} s")


def _env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "ANSINH_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",  # plain HTTP on the loopback
        "SECURE_HSTS_SECONDS": "0",
        "ANSINH_VAR": str(OUT / "var"),
        "STATIC_ROOT": str(OUT / "var" / "static"),
        "LOG_LEVEL": "WARNING",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(url: str, port: int, processes: int, threads: int) -> subprocess.Popen:
    log = (OUT / f"load-server-{port}.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "ansinh", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--processes", str(processes), "--threads", str(threads)],
        env=_env(url), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped; see {log.name}")
        try:
            status, _h, _b = _get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/login/", {})
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise RuntimeError("the server did not answer within 120 s")


# --- one virtual officer -------------------------------------------------------------------------------


def _get(conn: http.client.HTTPConnection, path: str, cookies: dict[str, str], body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:  # fmt: skip
    sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), **(headers or {})}
    conn.request("POST" if body is not None else "GET", path, body=body, headers=sent)
    response = conn.getresponse()
    data = response.read()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";", 1)[0]
    return response.status, dict(response.getheaders()), data


def _login(conn: http.client.HTTPConnection) -> dict[str, str]:
    cookies: dict[str, str] = {}
    status, _h, page = _get(conn, "/login/", cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        raise RuntimeError(f"login page answered {status}")
    form = urlencode({"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{conn.host}/login/"}
    status, _h, _b = _get(conn, "/login/", cookies, form.encode(), headers)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"login answered {status}")
    return cookies


def _path(kind: str, rng: random.Random, communes: list[str]) -> str:
    if kind == "person search by name":
        return "/persons/?" + urlencode({"q": rng.choice(NAMES)})
    if kind == "persons by commune":
        return "/persons/?" + urlencode({"commune": rng.choice(communes)})
    if kind == "job seekers":
        return "/labour/seekers/"
    if kind == "public job board":
        return "/viec-lam/?" + urlencode({"q": rng.choice(BOARD_WORDS)})
    return "/reports/view/?" + urlencode({"unit": PROVINCE})


def _user(n: int, port: int, run: Run, communes: list[str], start: float, stop: float, think: float) -> None:
    rng = random.Random(n)
    kinds, weights = zip(*MIX, strict=True)
    time.sleep(rng.uniform(0, think))  # users do not all arrive in the same instant
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        cookies = _login(conn)
    except (OSError, RuntimeError, http.client.HTTPException) as exc:
        run.add(Sample("log-in", time.monotonic(), 0.0, 0, str(exc)))
        return
    while time.monotonic() < stop:
        kind = rng.choices(kinds, weights)[0]
        began = time.monotonic()
        status, error = 0, ""
        try:
            status, _h, _body = _get(conn, _path(kind, rng, communes), cookies)
            if status != 200:
                error = f"HTTP {status}"
        except (OSError, http.client.HTTPException) as exc:
            error = type(exc).__name__
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ms = (time.monotonic() - began) * 1000
        if began >= start:
            run.add(Sample(kind, began, ms, status, error))
        time.sleep(think)
    conn.close()


def _communes(port: int) -> list[str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookies = _login(conn)
    _s, _h, page = _get(conn, "/persons/", cookies)
    select = page.split(b'name="commune"', 1)[-1].split(b"</select>", 1)[0]
    found = [v.decode() for v in re.findall(rb'<option value="(\d+)"', select)]
    if not found:
        raise RuntimeError("no commune in the person search filter")
    return found


def _measure(db: str, url: str, args: argparse.Namespace) -> dict[str, Any]:
    port = _free_port()
    server = _start_server(url, port, args.processes, args.threads)
    try:
        communes = _communes(port)
        run = Run()
        load_before = os.getloadavg()
        start = time.monotonic() + args.warmup
        stop = start + args.duration
        users = [
            threading.Thread(
                target=_user, args=(n, port, run, communes, start, stop, args.think), daemon=True
            )
            for n in range(args.users)
        ]
        for u in users:
            u.start()
        for u in users:
            u.join(timeout=args.warmup + args.duration + 60)
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return _summary(db, run.samples, args, load_before, load_after)


# --- figures and the report ----------------------------------------------------------------------------


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _cell(samples: list[Sample]) -> dict[str, Any]:
    ms = [s.ms for s in samples if not s.error]
    return {"n": len(samples), "errors": sum(1 for s in samples if s.error),
            "p50": _pct(ms, 50), "p95": _pct(ms, 95), "p99": _pct(ms, 99)}  # fmt: skip


def _summary(db, samples, args, load_before, load_after) -> dict[str, Any]:
    kinds = [kind for kind, _w in MIX] + (["log-in"] if any(s.kind == "log-in" for s in samples) else [])
    errors: dict[str, int] = {}
    for s in samples:
        if s.error:
            errors[s.error] = errors.get(s.error, 0) + 1
    return {
        "database": "SQLite" if db == "sqlite" else "PostgreSQL",
        "users": args.users,
        "think_s": args.think,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "processes": args.processes,
        "threads": args.threads,
        "all": _cell(samples),
        "rps": len(samples) / args.duration,
        "kinds": {kind: _cell([s for s in samples if s.kind == kind]) for kind in kinds},
        "errors": errors,
        "load_before": load_before,
        "load_after": load_after,
        "machine": _machine(),
    }


def _machine() -> dict[str, str]:
    from bench.matching import _machine as machine

    return machine()


def _print(r: dict[str, Any]) -> None:
    a = r["all"]
    print(f"{r['database']}: {r['rps']:.1f} requests/s, p50 {a['p50']:.0f} ms, p95 {a['p95']:.0f} ms,"
          f" p99 {a['p99']:.0f} ms, {a['errors']} errors {r['errors'] or ''}")  # fmt: skip
    for kind, c in r["kinds"].items():
        print(f"  {kind:<24} n={c['n']:<5} p50 {c['p50']:6.0f}  p95 {c['p95']:6.0f}  p99 {c['p99']:6.0f}"
              f"  errors {c['errors']}")  # fmt: skip


def _report(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    m = results[0]["machine"]
    lines = [
        SECTION,
        "",
        f"Measured by `python -m bench.load`. Machine: {m.get('cpu', '')}, {m.get('cores', '')} cores,"
        f" {m.get('ram', '')} RAM; {m.get('os', '')}; Python {m.get('python', '')}. The load generator runs"
        " on the same machine as the server and the database.",
        "",
        f"{args.users} officers (demo province officer, each with their own session from the real login"
        f" form) each send one request, wait {args.think:g} s, and again, for {args.duration:g} s after a"
        f" {args.warmup:g} s warm-up. Mix: "
        + ", ".join(f"{kind} {share} %" for kind, share in MIX)
        + ". Data: the demo (`ansinh demo-setup`: 20.000 persons, 2.000 job seekers, 400 vacancies)."
        f" Server: `ansinh serve` in production mode, {results[0]['processes']} waitress processes ×"
        f" {results[0]['threads']} threads. Target: p95 ≤ {TARGET_P95_MS:.0f} ms, ≥ {TARGET_RPS:.0f}"
        " requests/s, no errors.",
        "",
        "| Database | Requests/s | p50 | p95 | p99 | Errors | 1-min load before → after |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        a = r["all"]
        lines.append(
            f"| {r['database']} | {r['rps']:.1f} | {a['p50']:.0f} ms | {a['p95']:.0f} ms |"
            f" {a['p99']:.0f} ms | {a['errors']} | {r['load_before'][0]:.1f} → {r['load_after'][0]:.1f} |"
        )
    for r in results:
        a = r["all"]
        met = a["p95"] <= TARGET_P95_MS and r["rps"] >= TARGET_RPS and a["errors"] == 0
        lines.append(f"\n{r['database']}: target {'met' if met else '**missed**'}.")
    if any(r["load_before"][0] > (os.cpu_count() or 1) for r in results):
        lines.append(
            "\nThe 1-minute load average was above the number of cores before the run started: other work"
            " shared the machine, and these figures say more about that than about the server. Run"
            " `make bench BENCH=load` on an idle machine for the figures that count."
        )
    lines += [
        "",
        "| Database | Request | n | p50 | p95 | p99 | Errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for kind, c in r["kinds"].items():
            lines.append(
                f"| {r['database']} | {kind} | {c['n']} | {c['p50']:.0f} ms | {c['p95']:.0f} ms |"
                f" {c['p99']:.0f} ms | {c['errors']} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
