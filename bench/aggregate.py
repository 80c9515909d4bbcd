#!/usr/bin/env python3
"""How long `aggregate_metrics` takes at scale 1 and scale 100, on PostgreSQL, side by side.

    DATABASE_URL=postgres://user:pass@127.0.0.1:5432/compact .venv/bin/python bench/aggregate.py

Each scale gets a database of its own, named after DATABASE_URL's with `_bench_s<scale>` added; it is
created, migrated and seeded the first time (scale 100 takes several minutes) and reused afterwards
(seed_demo is idempotent). Each aggregation is timed REPEAT times in a fresh process per scale; the
script prints the median, the fastest and the slowest, the time spent on the figures and on the
breakdowns, and the ratio of scale 100 to scale 1.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
MEASURE = """
import json, os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact.settings")
django.setup()
from platform_app.metrics import aggregate
from platform_app.models import Document, FocalPoint, Recommendation
runs = []
for _ in range(int(sys.argv[1])):
    result = aggregate()
    runs.append({"seconds": result.seconds, **result.timings})
print(json.dumps({"runs": runs, "rows": {
    "documents": Document.objects.count(), "focal_points": FocalPoint.objects.count(),
    "recommendations": Recommendation.objects.count()}}))
"""


def database_url_for(base: str, scale: str) -> str:
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "compact"
    return urlunsplit(parts._replace(path=f"/{name}_bench_s{scale.replace('.', '_')}"))


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def run(args: list[str], env: dict) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", default=["1", "100"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (its role must be allowed to create databases).")
    python = sys.executable
    results = {}
    for scale in args.scales:
        url = database_url_for(base, scale)
        ensure_database(url)
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "compact.settings"}
        print(f"scale {scale}: preparing {urlsplit(url).path.lstrip('/')} ...", file=sys.stderr, flush=True)
        run([python, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([python, "manage.py", "load_compact_reference"], env)
        run([python, "manage.py", "seed_demo", "--scale", scale, "--no-progress"], env)
        print(f"scale {scale}: measuring {args.repeat} runs ...", file=sys.stderr, flush=True)
        results[scale] = json.loads(run([python, "-c", MEASURE, str(args.repeat)], env).strip().splitlines()[-1])

    print(f"aggregate_metrics on PostgreSQL, {args.repeat} runs per scale (seconds)")
    print(f"{'scale':>6} {'documents':>10} {'median':>8} {'min':>8} {'max':>8} {'figures':>8} {'breakdowns':>11}")
    for scale, data in results.items():
        seconds = [run["seconds"] for run in data["runs"]]
        print(
            f"{scale:>6} {data['rows']['documents']:>10,} {statistics.median(seconds):>8.3f} {min(seconds):>8.3f} "
            f"{max(seconds):>8.3f} {statistics.median(r['figures'] for r in data['runs']):>8.3f} "
            f"{statistics.median(r['breakdowns'] for r in data['runs']):>11.3f}"
        )
    if len(results) >= 2:
        first, last = next(iter(results)), list(results)[-1]
        ratio = statistics.median(r["seconds"] for r in results[last]["runs"]) / statistics.median(
            r["seconds"] for r in results[first]["runs"]
        )
        print(f"ratio scale {last} / scale {first}: {ratio:.1f}x")


if __name__ == "__main__":
    main()
