"""One request at a time, in process: where each benchmarked page spends its time.

    DJANGO_SETTINGS_MODULE=config.settings.bench DATABASE_URL=<the bench.run database> \
    REDIS_URL=... uv run python -m bench.profile_pages [--runs 5] [--only home] [--profile]

For each page of `bench.run` (the database must be seeded by it already): the median wall and
CPU (this process: Python, not PostgreSQL) time of `--runs` requests through the whole middleware (Django's test client, a persona's
session), the number of SQL queries and their time, the `{% url %}`/`reverse()` calls;
with `--profile`, the 25 most expensive functions (cProfile, cumulative) of one request.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="pages whose name has this text")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", action="store_true", help="print each query")
    parser.add_argument("--members", type=int, default=15)
    parser.add_argument("--items", type=int, default=20)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from unittest import mock

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import seed
    from committees import demo

    slug = demo.TOWNSHIPS[0][0]
    meeting = seed._build_meeting(slug, args.members, args.items)
    pages = [p for p in seed.pages(slug, meeting) if p["goal"] != "bare"]
    if args.only:
        pages = [p for p in pages if args.only in p["name"]]
    from django.urls.resolvers import URLResolver

    real_reverse = URLResolver._reverse_with_prefix
    print(
        f"{'page':<26} {'ms':>7} {'CPU ms':>7} {'queries':>7} {'SQL ms':>7} "
        f"{'reverse':>7} {'KiB':>6}"
    )
    for page in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        if page["session"]:
            client.cookies["sessionid"] = page["session"]
        client.get(page["path"])  # warm: templates compiled, caches filled
        times, cpu = [], []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            answer = client.get(page["path"])
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        calls = {"n": 0}

        def counting(self, *a, calls=calls, **k):
            calls["n"] += 1
            return real_reverse(self, *a, **k)

        with (
            CaptureQueriesContext(connection) as queries,
            mock.patch.object(URLResolver, "_reverse_with_prefix", counting),
        ):
            answer = client.get(page["path"])
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"{page['name']:<26} {statistics.median(times):7.1f} "
            f"{statistics.median(cpu):7.1f} "
            f"{len(queries.captured_queries):7d} {sql_ms:7.1f} {calls['n']:7d} "
            f"{len(answer.content) / 1024:6.0f}"
            + ("" if answer.status_code == 200 else f"  status {answer.status_code}")
        )
        if args.sql:
            for q in queries.captured_queries:
                print(f"    {float(q['time']) * 1000:6.1f} ms  {q['sql'][:230]}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(page["path"])
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
