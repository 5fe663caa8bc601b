"""The page benchmark (issue 17): every page people open daily against a bare Django view.

    uv run python -m bench.run            # the full run: 10 s a page, < 10 minutes
    uv run python -m bench.run --smoke    # 1 s a page, a small database (CI)

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/township_bench),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/0). Needs `wrk`, PostgreSQL and Redis on
loopback.

1. Builds the benchmark database, or reuses it (migrate; `bench.seed`: the demo county and a
   15-member × 20-item committee meeting, all ballots cast), and logs the personas in
   (server-side sessions, OTP-verified when django-otp is installed).
2. Starts gunicorn on 127.0.0.1 (3 sync workers, `config.settings.bench`: DEBUG off,
   PostgreSQL with persistent connections, the Redis cache, every middleware).
3. Checks every page answers 200 to its persona, warms each up, then runs
   `wrk -t2 -c10 -d10s` on each page with a round of the bare view before it and after it
   (so a burst of load from elsewhere falls on both), with `bench/report.lua` for the
   percentiles and for counting every answer that is not 200 as an error.
4. Prints the table — page, requests/s, p50/p95/p99, errors, ratio to bare, p95 ÷ bare
   p95, the goal — and each worker's resident memory after the run; writes it to
   bench/RESULTS.md with the machine and the date (`--results` elsewhere; the smoke run
   writes no file unless asked). Stops the server whatever happens.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = {"path": "/bench/bare/", "session": None}
LUA = ROOT / "bench" / "report.lua"
RESULTS = ROOT / "bench" / "RESULTS.md"
SETTINGS = "config.settings.bench"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/township_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"

# The goals, as ratios to the bare view of the same run.
DAILY_MIN_RATIO = 0.25
DAILY_MAX_P95 = 3.0
CACHED_MIN_RATIO = 0.9
WORKER_MAX_RSS_MB = 150


def _env(database_url: str, redis_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DEBUG="false",
        PYTHONUNBUFFERED="1",
    )
    return env


def _say(text: str) -> None:
    print(text, flush=True)


def ensure_database(database_url: str) -> None:
    """Create the benchmark database if it does not exist (never another host's)."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(database_url)
    if cfg["HOST"] not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the benchmark runs on loopback only")
    with psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"] or "postgres",
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "select 1 from pg_database where datname = %s", [cfg["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(f'create database "{cfg["NAME"]}"')


def seed(env: dict, members: int, items: int, small: bool, migrate: bool) -> list[dict]:
    if migrate:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    args = [sys.executable, "-m", "bench.seed", "--members", str(members)]
    args += ["--items", str(items)] + (["--small"] if small else [])
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr[-5000:])
        raise SystemExit("bench.seed failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


class Server:
    """gunicorn on loopback, stopped by `stop()` (and by the caller's finally)."""

    def __init__(self, env: dict, port: int, workers: int, log: Path):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log = log
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--access-logfile",
                "/dev/null",
                "--error-logfile",
                str(log),
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn stopped: see {self.log}")
            try:
                with urllib.request.urlopen(self.base + path, timeout=5) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer in {timeout:.0f} s: see {self.log}")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def fetch(base: str, page: dict) -> tuple[int, int]:
    """One request as the page's persona: (status, bytes); redirects are not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(base + page["path"])
    if page["session"]:
        request.add_header("Cookie", f"sessionid={page['session']}")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as answer:
            return answer.status, len(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, 0


def drain(base: str, bare: dict, timeout: float = 30) -> None:
    """Wait until the server has finished the requests a round left queued (wrk stops
    counting at its deadline, gunicorn does not stop working): the bare view answers
    at once again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        t0 = time.monotonic()
        fetch(base, bare)
        if time.monotonic() - t0 < 0.05:
            return


def wrk(base: str, page: dict, *, threads: int, connections: int, seconds: float):
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s"]
    args += ["--timeout", "10s", "-s", str(LUA)]
    if page["session"]:
        args += ["-H", f"Cookie: sessionid={page['session']}"]
    done = subprocess.run(
        args + [base + page["path"]], capture_output=True, text=True, check=True
    )
    drain(base, BARE)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no figures for {page['path']}:\n{done.stdout}")
    data = json.loads(line.removeprefix("BENCH "))
    seconds_run = data["duration_us"] / 1e6
    errors = data["not_200"] + sum(
        data[k] for k in ("connect", "read", "write", "timeout")
    )
    return {
        "rps": data["requests"] / seconds_run if seconds_run else 0.0,
        "requests": data["requests"],
        "p50": data["p50_us"] / 1000,
        "p95": data["p95_us"] / 1000,
        "p99": data["p99_us"] / 1000,
        "errors": errors,
    }


def verdict(goal: str, ratio: float, p95_ratio: float) -> str:
    if goal == "daily":
        met = ratio >= DAILY_MIN_RATIO and p95_ratio <= DAILY_MAX_P95
        return "met" if met else "NOT met"
    if goal == "cached":
        return "met" if ratio >= CACHED_MIN_RATIO else "NOT met"
    return "—"


def table(rows: list[dict]) -> str:
    head = (
        "| page | persona | req/s | p50 ms | p95 ms | p99 ms | errors | ratio to bare "
        "| p95 ÷ bare p95 | ratio to bare logged in | goal |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
    )
    lines = []
    for r in rows:
        logged_in = r.get("ratio_logged_in")
        logged_in = "—" if logged_in is None else f"{logged_in:.2f}"
        lines.append(
            f"| {r['name']} | {r['persona'] or 'anonymous'} | {r['rps']:.1f} "
            f"| {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} "
            f"| {r['ratio']:.2f} | {r['p95_ratio']:.1f} "
            f"| {logged_in} "
            f"| {r['verdict']} |"
        )
    return head + "\n".join(lines) + "\n"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 2**20:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} × {cpu}{mem}, {platform.system()} {platform.release()}"


def session_engine() -> str:
    return os.environ.get("BENCH_SESSION_ENGINE") or "the base settings' engine"


def versions(env: dict) -> str:
    wrk_v = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    wrk_v = (wrk_v.splitlines() or ["wrk"])[0].split(" [")[0]
    pg = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.db import connection; "
            "c = connection.cursor(); c.execute('show server_version'); "
            "print(c.fetchone()[0])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    ).stdout.strip()
    import django
    import gunicorn

    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__}, PostgreSQL {pg or '?'}, {wrk_v}"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="1 s a page, small data")
    parser.add_argument("--seconds", type=float, help="seconds a round (10; smoke 1)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, help="10 (smoke 2)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("BENCH_PORT", 8765))
    )
    parser.add_argument("--members", type=int, help="committee members (15; smoke 5)")
    parser.add_argument("--items", type=int, help="agenda items (20; smoke 3)")
    parser.add_argument(
        "--no-migrate", action="store_true", help="the database is migrated already"
    )
    parser.add_argument("--only", help="measure only pages whose name has this text")
    parser.add_argument(
        "--results", help="write the table here (default bench/RESULTS.md)"
    )
    parser.add_argument("--json", help="write the rows as JSON here")
    args = parser.parse_args(argv)
    smoke = args.smoke
    seconds = args.seconds or (1 if smoke else 10)
    connections = args.connections or (2 if smoke else 10)
    members = args.members or (5 if smoke else 15)
    items = args.items or (3 if smoke else 20)
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    env = _env(database_url, redis_url)
    started = time.monotonic()
    load_before = os.getloadavg()

    ensure_database(database_url)
    _say(f"database {database_url.rsplit('/', 1)[-1]}: migrating and seeding …")
    pages = seed(env, members, items, small=smoke, migrate=not args.no_migrate)
    _say(f"seeded in {time.monotonic() - started:.0f} s; {len(pages)} pages")
    bare = next(p for p in pages if p["goal"] == "bare")
    measured = [p for p in pages if p["goal"] != "bare"]
    if args.only:
        measured = [p for p in measured if args.only in p["name"]]

    log = Path(tempfile.gettempdir()) / f"bench-gunicorn-{args.port}.log"
    server = Server(env, args.port, args.workers, log)
    rows: list[dict] = []
    try:
        server.wait_ready(bare["path"])
        for page in pages:
            status, size = fetch(server.base, page)
            page["bytes"] = size
            if status != 200:
                raise SystemExit(
                    f"{page['name']} ({page['path']}, {page['persona']}) answered "
                    f"{status}, not 200: see {log}"
                )
        _say("every page answers 200" + ("" if smoke else "; warming up …"))
        if not smoke:
            for page in [bare, *measured]:
                wrk(server.base, page, threads=1, connections=args.workers, seconds=1)
        rss_start = {pid: rss_mb(pid) for pid in server.workers()}
        run = dict(threads=args.threads, connections=connections, seconds=seconds)
        # Alternating rounds: bare, page, bare, page, …, bare (the smoke run: bare only
        # before the first page and after the last).
        bares = [wrk(server.base, bare, **run)]
        results = []
        for n, page in enumerate(measured):
            result = wrk(server.base, page, **run)
            results.append(result)
            if not smoke or n == len(measured) - 1:
                bares.append(wrk(server.base, bare, **run))
            _say(
                f"  {page['name']:<26} {result['rps']:7.1f} req/s  p95 "
                f"{result['p95']:7.1f} ms  errors {result['errors']}"
            )
        for n, (page, result) in enumerate(zip(measured, results, strict=True)):
            before, after = (bares[0], bares[-1]) if smoke else bares[n : n + 2]
            ref_rps = (before["rps"] + after["rps"]) / 2
            ref_p95 = (before["p95"] + after["p95"]) / 2
            row = {**page, **result}
            row["ratio"] = result["rps"] / ref_rps if ref_rps else 0.0
            row["p95_ratio"] = result["p95"] / ref_p95 if ref_p95 else 0.0
            row["verdict"] = verdict(page["goal"], row["ratio"], row["p95_ratio"])
            rows.append(row)
        rss_end = {pid: rss_mb(pid) for pid in server.workers()}
    finally:
        server.stop()
    bare_row = {
        **bare,
        "rps": sum(b["rps"] for b in bares) / len(bares),
        "p50": sum(b["p50"] for b in bares) / len(bares),
        "p95": sum(b["p95"] for b in bares) / len(bares),
        "p99": sum(b["p99"] for b in bares) / len(bares),
        "errors": sum(b["errors"] for b in bares),
        "requests": sum(b["requests"] for b in bares),
        "ratio": 1.0,
        "p95_ratio": 1.0,
        "verdict": "—",
        "name": f"bare view (mean of {len(bares)} rounds)",
    }
    rows.insert(0, bare_row)
    ceiling = next((r for r in rows if r["goal"] == "ceiling"), None)
    for r in rows:
        r["ratio_logged_in"] = (
            r["rps"] / ceiling["rps"]
            if ceiling and ceiling["rps"] and r["persona"]
            else None
        )
    elapsed = time.monotonic() - started
    text = table(rows)
    bare_range = (
        f"{min(b['rps'] for b in bares):.0f}–{max(b['rps'] for b in bares):.0f}"
    )
    worst_rss = max(rss_end.values(), default=0.0)
    memory = (
        "worker RSS (MiB) after warm-up: "
        + ", ".join(f"{v:.0f}" for v in rss_start.values())
        + "; after the benchmark: "
        + ", ".join(f"{v:.0f}" for v in rss_end.values())
        + f" — largest {worst_rss:.0f} MiB (goal ≤ {WORKER_MAX_RSS_MB}: "
        + ("met" if worst_rss <= WORKER_MAX_RSS_MB else "NOT met")
        + ")"
    )
    daily = [r for r in rows if r["goal"] == "daily"]
    cached = [r for r in rows if r["goal"] == "cached"]
    summary = (
        f"daily pages meeting ≥ {DAILY_MIN_RATIO}× bare and p95 ≤ {DAILY_MAX_P95:g}× bare "
        f"p95: {sum(r['verdict'] == 'met' for r in daily)} of {len(daily)}; cached "
        f"public pages ≥ {CACHED_MIN_RATIO}×: "
        f"{sum(r['verdict'] == 'met' for r in cached)} of {len(cached)}"
    )
    print()
    print(text)
    per_round = ", ".join(f"{b['rps']:.0f}" for b in bares)
    print(f"bare view per round: {per_round} req/s")
    print(memory)
    print(summary)
    print(f"total {elapsed:.0f} s")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"rows": rows, "rss_end": list(rss_end.values())}, indent=1)
        )
    results = Path(args.results) if args.results else (None if smoke else RESULTS)
    if results is not None:
        now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        load_after = os.getloadavg()
        results.write_text(
            "# Page benchmark: the last run\n\n"
            "Written by `uv run python -m bench.run`"
            + (" --smoke" if smoke else "")
            + f" (see bench/README.md).\n\n- date: {now}\n- machine: {machine()}\n"
            f"- software: {versions(env)}\n"
            f"- load average (1 min) before {load_before[0]:.2f}, after "
            f"{load_after[0]:.2f} (the machine is shared: read ratios, not times)\n"
            f"- server: gunicorn {args.workers} sync workers on 127.0.0.1, "
            f"`{SETTINGS}` (DEBUG off, PostgreSQL, Redis cache; sessions: "
            f"{session_engine()})\n"
            f"- load: `wrk -t{args.threads} -c{connections} -d{seconds:g}s` a "
            "round; each page between two rounds of the bare view, its ratios against "
            f"their mean; bare view {bare_range} req/s across rounds\n"
            f"- data: the demo county plus a meeting of {items} items, its whole "
            f"committee (≥ {members} members) attending "
            f"(every ballot cast); {len(measured)} pages; run took {elapsed:.0f} s\n\n"
            + text
            + f"\n{memory}.\n\n{summary}.\n"
        )
        print(
            f"written: {results.relative_to(ROOT) if results.is_relative_to(ROOT) else results}"
        )
    failed = [r for r in rows if r["errors"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
