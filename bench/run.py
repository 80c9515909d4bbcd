#!/usr/bin/env python3
"""Benchmarks of the key reads at scale 1 and scale 100 on PostgreSQL, side by side, in one run.

    DATABASE_URL=postgres://compact:secret@127.0.0.1:5432/compact REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/run.py

What it does:
1. For each scale (`--scales`, default 1 and 100), a database named after DATABASE_URL's with
   `_bench_s<scale>` added (as bench/aggregate.py names them): created, migrated and seeded the first
   time (`seed_demo --scale 100` takes a while), reused afterwards.
2. In fresh processes, the scales taking turns for `--rounds` rounds (samples pooled):
   `aggregate_metrics` timed (`--aggregate-repeat` runs), then each key
   read requested through Django's test client (the whole middleware stack, signed in as the demo
   focal point who would use it), alternating with its *floor*: a minimal view returning the same
   rows with `.values()` and `JsonResponse`, under the same middleware and session. For each it
   records the median and p95 latency and the queries per request. API lists are checked to return
   the same ids as their floor, so the floor is an honest one.
3. gunicorn on loopback against the largest scale (`--workers`, default 2), loaded by `wrk` for the
   dashboard and the documents list (`--wrk-seconds` each), and the resident memory of each worker
   after the run (`apt-get install wrk`; the step is skipped, and says so, without it).
4. Prints the tables and writes them to the "Benchmarks" section of bench/RESULTS.md (the other
   sections are kept), with the machine, the command and the date.

Figures are medians of interleaved runs in one process, so the ratios (endpoint to floor, scale 100 to
scale 1) are what to read; absolute times on a shared machine move from run to run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RESULTS, code_version, free_port, percentile, write_section  # noqa: E402

SECTION = "## Benchmarks"

# Where each read's profile (and its floor's) is written, by scale.
PROFILES = ROOT / "bench" / "profiles"

# Words of the demo library, chosen at scale 1 by how many documents hold them (the demo's titles and
# summaries repeat with the scale, so the shares stay about the same at scale 100).
SEARCH_WORDS = {"common": "meeting", "medium": "fact sheet", "rare": "2023"}

# Words of the demo's files (platform_app/demo/prose.py) found in no title or description, by how many documents'
# current files hold them at scale 1: "circulated" in 81% (every English file), "nuclear" in 25%, "Helsinki"
# (the city one French file names) in 0.25%. The shares stay the same at scale 100.
CONTENT_WORDS = {"common": "circulated", "medium": "nuclear", "rare": "Helsinki"}

# Targets of the performance issue, printed next to the figures.
MAX_GROWTH = 1.5
MAX_FLOOR_RATIO = 2.0
MAX_EXPORT_MB = 100.0
MIN_THROUGHPUT_SHARE = 0.5

# Addresses loaded through gunicorn with wrk, each with its floor: name, address, floor, how it signs in.
THROUGHPUT = (
    ("dashboard", "/", "/bench-floor/dashboard/", "cookie"),
    ("documents list", "/api/v1/documents/?page_size=50", "/bench-floor/documents/", "token"),
)
MAX_SEARCH_P95_MS = 50.0
MAX_AGGREGATE_S = 10.0
MAX_WORKER_MB = 250.0


# --- the child process: one scale, measured in process -----------------------------------------------------


def reads(feed_token: str, changed_since: str) -> list[dict]:
    """Each key read: its address, its floor's, who asks, and whether it is a list of the API."""
    this_month = f"{dt.datetime.now(dt.UTC):%Y-%m}"  # the grid the calendar opens on
    reads = [
        {"name": "documents list", "url": "/api/v1/documents/?page_size=50", "floor": "/bench-floor/documents/"},
    ]
    # The documents search by words of titles and descriptions, then by words of the files only; each floor
    # quotes each hit's passage too, as the API does (library.selectors.snippets).
    searches = [("documents search", word) for word in SEARCH_WORDS.items()]
    searches += [("documents content search", word) for word in CONTENT_WORDS.items()]
    for name, (kind, word) in searches:
        query = f"search={word.replace(' ', '+')}"
        reads.append(
            {
                "name": f"{name} ({kind}: {word})",
                "url": f"/api/v1/documents/?{query}&page_size=50",
                "floor": f"/bench-floor/documents/?{query}",
                "search": True,
            }
        )
    for kind, word in SEARCH_WORDS.items():
        query = f"q={word.replace(' ', '+')}"
        reads.append(
            {
                "name": f"site search ({kind}: {word})",
                "url": f"/search/?{query}",
                "floor": f"/bench-floor/search/?{query}",
                "search": True,
            }
        )
    # The library's page, whose facets count over what the reader may see (with a search, over the matches
    # its list reaches).
    reads.append({"name": "library page", "url": "/library/", "floor": "/bench-floor/library/"})
    word = CONTENT_WORDS["common"]
    reads.append(
        {
            "name": f"library page search (common: {word})",
            "url": f"/library/?q={word}",
            "floor": f"/bench-floor/library/?q={word}",
            "search": True,
        }
    )
    reads += [
        {
            "name": "documents changed since (sync)",
            "url": f"/api/v1/documents/?updated_after={changed_since}&page_size=50",
            "floor": f"/bench-floor/documents/?updated_after={changed_since}",
        },
        {
            "name": "recommendations by country and status",
            "url": "/api/v1/recommendations/?country=KE&status=in_progress&page_size=50",
            "floor": "/bench-floor/recommendations/?country=KE&status=in_progress",
        },
        {"name": "directory search", "url": "/directory/?q=officer", "floor": "/bench-floor/directory/?q=officer"},
        {
            "name": "working group detail",
            "url": "/working-groups/BMLE/",
            "floor": "/bench-floor/working-groups/BMLE/",
            "user": "unodc.focal",
        },
        {
            "name": "working group documents section",
            "url": "/working-groups/BMLE/documents/",
            "floor": "/bench-floor/working-groups/BMLE/documents/",
            "user": "unodc.focal",
        },
        {"name": "dashboard page", "url": "/", "floor": "/bench-floor/dashboard/"},
        {"name": "notification centre", "url": "/notifications/", "floor": "/bench-floor/notifications/"},
        {"name": "country profile", "url": "/countries/KEN/", "floor": "/bench-floor/countries/KEN/"},
        {"name": "support requests", "url": "/support/", "floor": "/bench-floor/support/"},
        {
            "name": "calendar month",
            "url": f"/calendar/?month={this_month}",
            "floor": f"/bench-floor/calendar/month/?month={this_month}",
        },
        {"name": "calendar list", "url": "/calendar/list/", "floor": "/bench-floor/calendar/list/"},
        {"name": "metrics API", "url": "/api/v1/metrics/", "floor": "/bench-floor/metrics/"},
        {
            "name": "calendar feed",
            "url": f"/calendar/feed/{feed_token}.ics",
            "floor": f"/bench-floor/calendar/{feed_token}.ics",
            # The whole feed is one answer, up to its cap of events: fewer requests measure it, and its
            # growth is counted per event.
            "share": 0.125,
            "per_item": "BEGIN:VEVENT",
        },
    ]
    for read in reads:
        read.setdefault("user", "kenya.focal")
        read["list"] = read["url"].startswith("/api/v1/") and "page_size" in read["url"]
    return reads


# The bulk export: every document the reader may see, streamed; measured for rows per second and memory.
EXPORT = {"name": "documents bulk export (NDJSON)", "url": "/api/v1/documents/?format=ndjson"}
EXPORT_FLOOR = "/bench-floor/documents/export/"


def timed_get(client, url: str) -> tuple[float, int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    return elapsed, statements_of_the_read([query["sql"] for query in queries.captured_queries]), response


def statements_of_the_read(statements: list[str]) -> int:
    """How many statements a request made, less the session's write: the time of a signed-in person's
    last request is written to their session at most once a minute (SessionLifetimeMiddleware), in a
    transaction of its own, whichever read the minute falls on."""
    count = len(statements)
    for index, sql in enumerate(statements):
        if sql.startswith('UPDATE "django_session"'):
            around = statements[index - 1 : index + 2] if index else []
            count -= 3 if [part.split()[0] for part in around] == ["BEGIN", "UPDATE", "COMMIT"] else 1
    return count


def ids_of(response) -> list[int]:
    body = json.loads(response.content)
    return [row["id"] for row in body["results"]]


def peak_rss_reset() -> float:
    """Resets this process's peak resident memory (Linux) and gives the resident memory now, in MB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def _status_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed_export(client, url: str) -> dict:
    """One whole export: rows, seconds, rows per second, and how far the peak resident memory rose above
    the memory before it."""
    before = peak_rss_reset()
    start = time.perf_counter()
    response = client.get(url)
    rows = 0
    for chunk in response.streaming_content if getattr(response, "streaming", False) else [response.content]:
        rows += chunk.count(b"\n")
    seconds = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds, "peak_mb": _status_mb("VmHWM") - before}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def profile(client, url: str, repeat: int, path: Path) -> None:
    """cProfile of `repeat` requests of `url`, the 30 costliest functions by own time and by cumulative
    time, written to `path`."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs()
    out.write(f"{url}: {repeat} requests\n\n== by own time ==\n")
    stats.sort_stats("tottime").print_stats(30)
    out.write("\n== by cumulative time ==\n")
    stats.sort_stats("cumulative").print_stats(30)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(re.sub(str(ROOT) + "/", "", out.getvalue()))


def child(requests: int, warmup: int, aggregate_repeat: int, profile_dir: str, only: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact.settings")
    import django

    django.setup()
    import floors
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment

    from platform_app.accounts.models import User
    from platform_app.calendar.feeds import feed_token_for
    from platform_app.cted.models import Recommendation
    from platform_app.directory.models import FocalPoint
    from platform_app.library.models import Document
    from platform_app.metrics.aggregation import aggregate

    settings.DEBUG = False
    setup_test_environment()  # the test client's response.context, and ALLOWED_HOSTS for "testserver"
    # Values cached by an earlier run or by the preparation would expire during the measured requests and be
    # read again there; every value a read caches is put there by its warm-up instead.
    cache.clear()
    out = {"rows": {}, "aggregate": [], "reads": [], "export": {}}
    out["rows"] = {
        "documents": Document.objects.count(),
        "focal points": FocalPoint.objects.count(),
        "recommendations": Recommendation.objects.count(),
    }
    for _ in range(aggregate_repeat):
        out["aggregate"].append(aggregate().seconds)

    floors.install()
    clients = {}

    def client_for(username):
        if username not in clients:
            client = Client()
            client.force_login(User.objects.get(username=username))
            clients[username] = client
        return clients[username]

    kenya = User.objects.get(username="kenya.focal")
    # A copy asking for what changed since the 1,000th latest change.
    changed = Document.objects.order_by("-updated_at").values_list("updated_at", flat=True)[999:1000]
    changed_since = (changed[0] if changed else dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).astimezone(dt.UTC)
    gc.collect()
    gc.freeze()  # as the gunicorn workers do (gunicorn.conf.py)
    for read in reads(feed_token_for(kenya), changed_since.strftime("%Y-%m-%dT%H:%M:%S.%fZ")):
        if only and only not in read["name"]:
            continue
        client = client_for(read["user"])
        for _ in range(warmup if "share" not in read else 1):
            timed_get(client, read["url"])
            timed_get(client, read["floor"])
        endpoint, floor = {"ms": [], "queries": []}, {"ms": [], "queries": []}
        checked = False
        items = None
        for _ in range(max(5, round(requests * read.get("share", 1)))):
            ms, queries, response = timed_get(client, read["url"])
            endpoint["ms"].append(ms)
            endpoint["queries"].append(queries)
            floor_ms, floor_queries, floor_response = timed_get(client, read["floor"])
            floor["ms"].append(floor_ms)
            floor["queries"].append(floor_queries)
            if read.get("per_item") and items is None:
                items = response.content.count(read["per_item"].encode())
            if read["list"] and not checked:
                mine, theirs = ids_of(response), ids_of(floor_response)
                if mine != theirs:
                    raise SystemExit(f"{read['name']}: the floor returns other rows than the endpoint")
                if json.loads(response.content).get("count") != json.loads(floor_response.content).get("count"):
                    raise SystemExit(f"{read['name']}: the floor counts otherwise than the endpoint")
                checked = True
                read["rows"] = len(mine)
        if profile_dir:
            repeat = 2 if "share" in read else 10
            profile(client, read["url"], repeat, Path(profile_dir) / f"{slug(read['name'])}.txt")
            profile(client, read["floor"], repeat, Path(profile_dir) / f"{slug(read['name'])}.floor.txt")
        out["reads"].append(
            {
                "name": read["name"],
                "list": read["list"],
                "search": read.get("search", False),
                "rows": read.get("rows"),
                "items": items,
                "ms": endpoint["ms"],
                "queries": endpoint["queries"],
                "floor_ms": floor["ms"],
                "floor_queries": floor["queries"],
            }
        )
        print(f"  {read['name']}: {statistics.median(endpoint['ms']):.1f} ms", file=sys.stderr, flush=True)
    client = client_for("kenya.focal")
    if only and only not in EXPORT["name"]:
        print(json.dumps(out))
        return
    out["export"] = {"endpoint": timed_export(client, EXPORT["url"]), "floor": timed_export(client, EXPORT_FLOOR)}
    print(f"  {EXPORT['name']}: {out['export']['endpoint']['rows_per_s']:.0f} rows/s", file=sys.stderr, flush=True)
    print(json.dumps(out))


def credentials() -> None:
    """A session cookie and an API token for kenya.focal, for the gunicorn run."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from platform_app.accounts.models import User
    from platform_app.accounts.tokens import token_create

    user = User.objects.get(username="kenya.focal")
    client = Client()
    client.force_login(user)
    _, key = token_create(user=user, name="bench/run.py", days=1)
    print(
        json.dumps(
            {
                "cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
                "token": key,
            }
        )
    )


def merged(runs: list[dict]) -> dict:
    """The rounds of one scale as one: every sample of a read pooled, then its median and p95."""
    first = runs[0]
    reads = []
    for index, read in enumerate(first["reads"]):
        pooled = {key: [v for run in runs for v in run["reads"][index][key]] for key in SAMPLES}
        reads.append(
            {
                **{key: value for key, value in read.items() if key not in SAMPLES},
                "samples": len(pooled["ms"]),
                "median": statistics.median(pooled["ms"]),
                "p95": percentile(pooled["ms"], 95),
                "queries": statistics.median(pooled["queries"]),
                "floor_median": statistics.median(pooled["floor_ms"]),
                "floor_p95": percentile(pooled["floor_ms"], 95),
                "floor_queries": statistics.median(pooled["floor_queries"]),
                "queries_seen": sorted(set(pooled["queries"])),
            }
        )
    exports = {
        side: {
            "rows": first["export"][side]["rows"],
            "rows_per_s": statistics.median(run["export"][side]["rows_per_s"] for run in runs),
            "peak_mb": max(run["export"][side]["peak_mb"] for run in runs),
        }
        for side in ("endpoint", "floor")
        if first["export"]
    }
    return {
        "rows": first["rows"],
        "aggregate": [seconds for run in runs for seconds in run["aggregate"]],
        "reads": reads,
        "export": exports,
    }


SAMPLES = ("ms", "queries", "floor_ms", "floor_queries")


# --- the parent process -------------------------------------------------------------------------------------


def run(args: list[str], env: dict, *, capture: bool = True) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=capture, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout or ""


def prepare(url: str, scale: str, env: dict) -> None:
    from aggregate import ensure_database

    ensure_database(url)
    python = sys.executable
    run([python, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([python, "manage.py", "load_compact_reference"], env)
    run([python, "manage.py", "load_newsletter_archive"], env)
    run([python, "manage.py", "seed_demo", "--scale", scale, "--no-progress"], env)
    # Fresh planner statistics, as autovacuum would have gathered them on a platform in use.
    run(
        [
            python,
            "manage.py",
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute('ANALYZE')",
        ],
        env,
    )


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wrk_run(url: str, header: str, seconds: int, connections: int) -> dict:
    result = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "-H", header, url],
        capture_output=True,
        text=True,
        check=False,
    )
    text = result.stdout
    figures = {"raw": text}
    match = re.search(r"Requests/sec:\s+([\d.]+)", text)
    figures["rps"] = float(match.group(1)) if match else 0.0
    for share in ("50", "99"):
        match = re.search(rf"^\s+{share}%\s+([\d.]+)(us|ms|s)", text, re.MULTILINE)
        if match:
            value, unit = float(match.group(1)), match.group(2)
            figures[f"p{share}"] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    figures["non_2xx"] = int(errors.group(1)) if errors else 0
    figures["requests"] = int(m.group(1)) if (m := re.search(r"(\d+) requests in", text)) else 0
    return figures


def fetched(address: str, header: str) -> bytes:
    """The body of one GET of `address` with `header` ("Name: value")."""
    import urllib.request

    name, value = header.split(": ", 1)
    request = urllib.request.Request(address, headers={name: value})  # noqa: S310 - the local gunicorn's address
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return answer.read()


def throughput(env: dict, workers: int, seconds: int, connections: int) -> dict:
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    creds = json.loads(run([sys.executable, __file__, "--credentials"], env).strip().splitlines()[-1])
    port = free_port()
    server_env = {**env, "DEBUG": "0", "API_THROTTLE_RATE": "1000000/hour", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "floor_wsgi:application",
            "--pythonpath",
            str(ROOT / "bench"),
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env,
        stdout=subprocess.DEVNULL,  # the access log
        start_new_session=True,
    )
    try:
        import urllib.request

        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/schema/", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        base = f"http://127.0.0.1:{port}"
        result = {"workers": workers, "connections": connections, "seconds": seconds}
        cookie, token = f"Cookie: {creds['cookie']}", f"Authorization: Token {creds['token']}"
        for name, url, floor, header in THROUGHPUT:
            signed = cookie if header == "cookie" else token
            if header == "token":
                # The floor signs its reader in as the API does: it must list the same rows, not an anonymous
                # reader's none.
                mine, theirs = (ids_of(SimpleNamespace(content=fetched(base + u, signed))) for u in (url, floor))
                if not mine or mine != theirs:
                    raise SystemExit(f"{floor} under gunicorn does not list what {url} lists")
            result[name] = wrk_run(base + url, signed, seconds, connections)
            result[name]["floor"] = wrk_run(base + floor, signed, seconds, connections)
        children = subprocess.run(
            ["pgrep", "-P", str(gunicorn.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        result["worker_mb"] = [round(rss_mb(int(pid)), 1) for pid in children]
        return result
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory:.1f} GiB RAM, Python {platform.python_version()}, "
        f"{postgres or 'PostgreSQL'}, {platform.platform()}"
    )


def growth_of(small: dict, big: dict) -> float:
    """How much a read grew from the small scale to `big`: per event for a read counting them."""
    if big.get("items") and small.get("items"):
        return (big["median"] / big["items"]) / (small["median"] / small["items"])
    return big["median"] / small["median"]


def report(results: dict, gunicorn: dict, command: str, seconds: float, version: str) -> str:
    scales = list(results)
    small, big = scales[0], scales[-1]
    lines = [
        SECTION,
        "",
        f"Run of {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {seconds:.0f} s.",
        "",
        "```sh",
        command,
        "```",
        "",
        f"Machine: {machine()}. PostgreSQL and Redis on loopback, default settings. Code: commit {version}.",
        "",
        "Rows: "
        + "; ".join(
            f"scale {scale}: " + ", ".join(f"{count:,} {name}" for name, count in data["rows"].items())
            for scale, data in results.items()
        )
        + ".",
        "",
        "Reads in process through Django's test client, each request followed by its floor's (the same rows "
        "with `.values()` and JsonResponse), the scales taking turns over the rounds; medians and p95 (ms) of "
        "the pooled samples, queries per request, and the median's ratio to the floor's:",
        "",
        "| Read | Scale | Median | p95 | Queries | Floor median | Ratio to floor | Growth |",
        "|---|---|---|---|---|---|---|---|",
    ]
    by_name = {scale: {r["name"]: r for r in data["reads"]} for scale, data in results.items()}
    misses = []
    for name in by_name[small]:
        for scale in scales:
            row = by_name[scale][name]
            ratio = row["median"] / row["floor_median"] if row["floor_median"] else 0
            growth = growth_of(by_name[small][name], row) if scale != small else None
            per_item = f" ({row['items']:,} events)" if row.get("items") is not None else ""
            lines.append(
                f"| {name}{per_item} | {scale} | {row['median']:.1f} | {row['p95']:.1f} | {row['queries']:g} | "
                f"{row['floor_median']:.1f} | {ratio:.1f} | {'' if growth is None else f'{growth:.2f}'} |"
            )
            if scale == big:
                small_row = by_name[small][name]
                if row["queries_seen"] != small_row["queries_seen"]:
                    # Every count a request of the read made, at each scale: the medians may be the same.
                    seen = ", ".join(str(n) for n in row["queries_seen"])
                    small_seen = ", ".join(str(n) for n in small_row["queries_seen"])
                    misses.append(
                        f"{name}: {seen} queries a request at scale {big}, {small_seen} at scale {small} "
                        "(the same at every scale)"
                    )
                if growth is not None and growth > MAX_GROWTH:
                    misses.append(f"{name}: grows {growth:.2f}x from scale {small} (at most {MAX_GROWTH}x)")
                if ratio > MAX_FLOOR_RATIO:
                    misses.append(f"{name}: {ratio:.1f}x its floor (at most {MAX_FLOOR_RATIO:g}x)")
                if row["search"] and row["p95"] > MAX_SEARCH_P95_MS:
                    misses.append(f"{name}: p95 {row['p95']:.1f} ms (under {MAX_SEARCH_P95_MS:g} ms)")
    lines += [
        "",
        "Growth is the median at this scale over the median at scale " + small + "; for the calendar feed, "
        "whose answer holds more events as the data grows (up to its cap), the time per event.",
        "",
        "The bulk export (`" + EXPORT["url"] + "`, every document the reader may see in one streamed answer) "
        "and its floor (the same rows with `.values()`, streamed as NDJSON in chunks of 500); rows per second "
        "(median of the rounds) and how far the process's peak resident memory rose during the answer:",
        "",
        "| Scale | Rows | Rows/s | Peak memory (MB) | Floor rows/s | Floor peak memory (MB) | Ratio to floor |",
        "|---|---|---|---|---|---|---|",
    ]
    for scale, data in results.items():
        if not data["export"]:
            continue
        endpoint, floor = data["export"]["endpoint"], data["export"]["floor"]
        ratio = floor["rows_per_s"] / endpoint["rows_per_s"] if endpoint["rows_per_s"] else 0
        lines.append(
            f"| {scale} | {endpoint['rows']:,} | {endpoint['rows_per_s']:,.0f} | {endpoint['peak_mb']:.1f} | "
            f"{floor['rows_per_s']:,.0f} | {floor['peak_mb']:.1f} | {ratio:.1f} |"
        )
        if scale == big:
            if ratio > MAX_FLOOR_RATIO:
                misses.append(f"bulk export: {ratio:.1f}x its floor's time per row (at most {MAX_FLOOR_RATIO:g}x)")
            if endpoint["peak_mb"] > MAX_EXPORT_MB:
                misses.append(f"bulk export: peak memory +{endpoint['peak_mb']:.0f} MB (at most {MAX_EXPORT_MB:g} MB)")
    lines += [
        "",
        "`aggregate_metrics` (seconds, median of the runs):",
        "",
        "| Scale | Median | Runs |",
        "|---|---|---|",
    ]
    for scale, data in results.items():
        runs = data["aggregate"]
        if not runs:
            continue
        lines.append(f"| {scale} | {statistics.median(runs):.2f} | {', '.join(f'{s:.2f}' for s in runs)} |")
        if scale == big and statistics.median(runs) > MAX_AGGREGATE_S:
            misses.append(f"aggregate_metrics: {statistics.median(runs):.1f} s (under {MAX_AGGREGATE_S:g} s)")
    lines += ["", f"gunicorn on loopback against scale {big}:", ""]
    if "skipped" in gunicorn:
        lines.append(f"Not measured: {gunicorn['skipped']}.")
    else:
        lines += [
            f"{gunicorn['workers']} workers (sync), wrk with {gunicorn['connections']} connections for "
            f"{gunicorn['seconds']} s per address, signed in as kenya.focal.",
            "",
            "| Address | Requests/s | p50 ms | p99 ms | Requests | Non-2xx | Floor requests/s | Floor p99 ms "
            "| Share of the floor's |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, *_ in THROUGHPUT:
            row = gunicorn[name]
            floor = row["floor"]
            share = row["rps"] / floor["rps"] if floor["rps"] else 0
            lines.append(
                f"| {name} | {row['rps']:.1f} | {row.get('p50', 0):.1f} | {row.get('p99', 0):.1f} | "
                f"{row['requests']} | {row['non_2xx']} | {floor['rps']:.1f} | {floor.get('p99', 0):.1f} | "
                f"{share:.0%} |"
            )
            if share < MIN_THROUGHPUT_SHARE:
                misses.append(f"{name} under gunicorn: {share:.0%} of its floor's requests/s (at least 50%)")
            if row["non_2xx"] or floor["non_2xx"]:
                misses.append(f"{name} under gunicorn: answers other than 2xx")
        lines += [
            "",
            f"Resident memory of each worker after the run: {', '.join(f'{m} MB' for m in gunicorn['worker_mb'])}.",
        ]
        if gunicorn["worker_mb"] and max(gunicorn["worker_mb"]) > MAX_WORKER_MB:
            misses.append(f"gunicorn worker: {max(gunicorn['worker_mb'])} MB (under {MAX_WORKER_MB:g} MB)")
    lines += ["", "Targets missed at scale " + big + ":" if misses else f"Every target is met at scale {big}."]
    lines += [f"- {miss}" for miss in misses]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", default=["1", "100"])
    parser.add_argument("--requests", type=int, default=40, help="measured requests per read and per floor")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2, help="measuring processes per scale, taking turns")
    parser.add_argument("--aggregate-repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for the throughput run")
    parser.add_argument("--wrk-seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--no-results", action="store_true", help="do not write bench/RESULTS.md")
    parser.add_argument("--no-profiles", action="store_true", help="do not write profiles")
    parser.add_argument("--profiles", default=str(PROFILES), help="where the profiles go (bench/profiles/)")
    parser.add_argument("--only", default="", help="measure only the reads whose name holds this text")
    parser.add_argument("--no-throughput", action="store_true", help="leave out the gunicorn run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile-dir", default="", help=argparse.SUPPRESS)
    parser.add_argument("--credentials", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.requests, args.warmup, args.aggregate_repeat, args.profile_dir, args.only)
        return
    if args.credentials:
        credentials()
        return

    from aggregate import database_url_for

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (its role must be allowed to create databases).")
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL: the platform counts visits and caches in Redis, as in production.")
    started = time.monotonic()
    version = code_version()  # before the run writes its profiles into the working tree
    envs = {}
    for scale in args.scales:
        url = database_url_for(base, scale)
        envs[scale] = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "compact.settings",
            "DEBUG": "0",
            "API_THROTTLE_RATE": "1000000/hour",
            # Each database its own cache: names, figures and counts cached from one scale's data are not
            # read by the other's pages.
            "CACHE_KEY_PREFIX": f"compact-bench-{scale}",
        }
        print(f"scale {scale}: preparing {urlsplit(url).path.lstrip('/')} ...", file=sys.stderr, flush=True)
        prepare(url, scale, envs[scale])
    # The scales take turns, round after round, so that a slower spell of the machine weighs on both.
    rounds = {scale: [] for scale in args.scales}
    for number in range(1, args.rounds + 1):
        for scale in args.scales:
            print(f"round {number}, scale {scale}: measuring ...", file=sys.stderr, flush=True)
            child_args = [sys.executable, __file__, "--child", "--requests", str(args.requests)]
            child_args += ["--warmup", str(args.warmup), "--aggregate-repeat", str(args.aggregate_repeat)]
            child_args += ["--only", args.only]
            if number == 1 and not args.no_profiles:
                # Profiles in the first round only, after its measures: they slow what they watch.
                child_args += ["--profile-dir", str(Path(args.profiles) / f"scale-{scale}")]
            output = subprocess.run(
                child_args, cwd=ROOT, env=envs[scale], stdout=subprocess.PIPE, text=True, check=False
            )
            if output.returncode != 0:
                sys.exit(f"measuring scale {scale} failed")
            rounds[scale].append(json.loads(output.stdout.strip().splitlines()[-1]))
    results = {scale: merged(runs) for scale, runs in rounds.items()}
    env = envs[args.scales[-1]]
    print(f"gunicorn throughput at scale {args.scales[-1]} ...", file=sys.stderr, flush=True)
    if args.no_throughput:
        gunicorn = {"skipped": "left out (--no-throughput)"}
    else:
        gunicorn = throughput(env, args.workers, args.wrk_seconds, args.connections)
    command = ".venv/bin/python bench/run.py " + " ".join(sys.argv[1:])
    text = report(results, gunicorn, command.strip(), time.monotonic() - started, version)
    print(text)
    if not args.no_results:
        write_section(SECTION, text)
        print(f"written to {RESULTS.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
