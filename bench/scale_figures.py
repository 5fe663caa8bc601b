"""The figures behind docs/SCALE.md: rows, bytes and writes per township, measured.

    uv run python -m bench.scale_figures --province postgres://postgres@127.0.0.1/h8province \
        --demo postgres://postgres@127.0.0.1/h7bench [--pgbench]

--province: a database built by `manage.py generate_province` (a year of records per
township, written with COPY, so without history rows). --demo: a database built by the
services (`manage.py demo_data`): it gives the number of history rows each business row
carries, which the generator leaves out. --pgbench: also measure what this machine's
PostgreSQL sustains for small write transactions (pgbench, a throwaway database).

Prints Markdown: the biggest tables per township-year, and the extrapolation to a county,
a province and the whole country, with the meeting-day peak of writes per second.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from urllib.parse import urlparse

import psycopg

COUNTRY_TOWNSHIPS = 38_000  # about 38,000 township-level units (乡镇) in China
PROVINCE_TOWNSHIPS = 1_000
COUNTY_TOWNSHIPS = 15
# The meeting-day peak: every township of the scope holds its committee meeting in the
# same two-hour morning (a worst case: counties often fix one day for all of them).
PEAK_WINDOW_SECONDS = 2 * 3600
MEETING_TABLES = (
    "meetings_meeting",
    "meetings_notice",
    "meetings_noticereceipt",
    "meetings_participant",
    "meetings_attendance",
    "meetings_agendaitem",
    "meetings_ballot",
    "meetings_decision",
)


def _tables(conn) -> list[tuple[str, int, int]]:
    conn.execute("ANALYZE")
    rows = conn.execute(
        """
        SELECT c.relname, pg_total_relation_size(c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname = 'public'
        ORDER BY 2 DESC
        """
    ).fetchall()
    exact = []
    for name, size in rows:
        count = conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        exact.append((name, count, size))
    return exact


def _history_ratio(demo_url: str) -> tuple[float, dict[str, float]]:
    """History rows per business row, over the tables that have a history table."""
    with psycopg.connect(demo_url, autocommit=True) as conn:
        tables = {name: count for name, count, _ in _tables(conn)}
    per_table = {}
    base_total = history_total = 0
    for name, count in tables.items():
        match = re.fullmatch(r"(\w+?)_historical(\w+)", name)
        if not match:
            continue
        base = f"{match.group(1)}_{match.group(2)}"
        if base in tables and tables[base]:
            per_table[base] = count / tables[base]
            base_total += tables[base]
            history_total += count
    return (history_total / base_total if base_total else 1.0), per_table


def _pgbench(url: str) -> float:
    """Transactions per second of pgbench's simple-update script (-N), 8 clients, 20 s."""
    parsed = urlparse(url)
    base = ["-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432)]
    base += ["-U", parsed.username or "postgres"]
    subprocess.run(["dropdb", "--if-exists", *base, "scale_pgbench"], check=True)
    subprocess.run(["createdb", *base, "scale_pgbench"], check=True)
    try:
        subprocess.run(
            ["pgbench", *base, "-i", "-s", "10", "-q", "scale_pgbench"],
            check=True,
            capture_output=True,
        )
        out = subprocess.run(
            ["pgbench", *base, "-N", "-c", "8", "-j", "2", "-T", "20", "scale_pgbench"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return float(re.search(r"tps = ([\d.]+)", out).group(1))
    finally:
        subprocess.run(["dropdb", "--if-exists", *base, "scale_pgbench"])


def _human(n: float) -> str:
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(n) >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:.0f}"


def _bytes(n: float) -> str:
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:.0f} B"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--province", required=True)
    parser.add_argument("--demo", required=True)
    parser.add_argument("--pgbench", action="store_true")
    args = parser.parse_args()

    with psycopg.connect(args.province, autocommit=True) as conn:
        tables = _tables(conn)
        townships = conn.execute("SELECT count(*) FROM committees_township").fetchone()[
            0
        ]
        meetings = conn.execute("SELECT count(*) FROM meetings_meeting").fetchone()[0]
        cadres = conn.execute("SELECT count(*) FROM committees_person").fetchone()[0]
        database = conn.execute(
            "SELECT pg_database_size(current_database())"
        ).fetchone()[0]
    ratio, _ = _history_ratio(args.demo)
    rows = sum(count for _, count, _ in tables)
    by_name = {name: (count, size) for name, count, size in tables}
    meeting_rows = sum(by_name.get(t, (0, 0))[0] for t in MEETING_TABLES)
    rows_per_meeting = meeting_rows / meetings if meetings else 0
    # Each business row written by a service also writes its history row (`ratio` of
    # them, measured on the demo), and the history rows take about as much room.
    per_township_rows = rows / townships * (1 + ratio)
    per_township_bytes = database / townships * (1 + ratio)

    print(
        f"Generated province: {townships:,} townships, {cadres:,} people, "
        f"{meetings:,} meetings, {rows:,} rows, {_bytes(database)} on disk."
    )
    print(f"History rows per business row (demo built by the services): {ratio:.2f}.\n")
    print("| table | rows per township-year | bytes per township-year |")
    print("|---|---:|---:|")
    for name, count, size in tables[:12]:
        print(f"| `{name}` | {count / townships:,.0f} | {_bytes(size / townships)} |")
    print()
    print(
        f"Rows written for one committee meeting (notice to decisions): "
        f"{rows_per_meeting:,.0f}, with history {rows_per_meeting * (1 + ratio):,.0f}.\n"
    )
    print(
        "| scope | townships | rows after a year (with history) | storage per year | "
        "meeting-day peak writes/s |"
    )
    print("|---|---:|---:|---:|---:|")
    for scope, n in (
        ("a county", COUNTY_TOWNSHIPS),
        ("a province", PROVINCE_TOWNSHIPS),
        ("the country", COUNTRY_TOWNSHIPS),
    ):
        peak = n * rows_per_meeting * (1 + ratio) / PEAK_WINDOW_SECONDS
        print(
            f"| {scope} | {n:,} | {_human(n * per_township_rows)} | "
            f"{_bytes(n * per_township_bytes)} | {peak:,.0f} |"
        )
    if args.pgbench:
        print(
            f"\npgbench -N (8 clients, scale 10) on this machine: {_pgbench(args.province):,.0f} "
            "transactions/s."
        )


if __name__ == "__main__":
    main()
