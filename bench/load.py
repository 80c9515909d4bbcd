#!/usr/bin/env python3
"""Load and fault test: the whole platform on loopback under concurrent users, with Redis, the Celery
worker and (with several web nodes) one node killed and restarted while it serves; then a check that no
acknowledged write was lost.

    .venv/bin/python bench/load.py --users 50 --duration 120
    .venv/bin/python bench/load.py --nodes 2 --storage s3 --users 50 --duration 120

What it does:
1. Prepares a PostgreSQL database (default `compact_load`, created if missing): migrates, and loads
   the reference data and `seed_demo --scale 1` unless the demo user kenya.focal already exists.
   This connects to the server directly.
2. Starts on 127.0.0.1 a Redis server of its own (so it may kill it), gunicorn (compact.wsgi with
   the default settings, DEBUG=0) and a Celery worker, and waits until /health/ answers 200.
   With --nodes 2 (or more), the shape of several machines: that many gunicorn nodes (gunicorn-a.log,
   access-a.log, ...) and the worker reach PostgreSQL through a PgBouncer of the run's own in transaction
   mode (DATABASE_POOL_MODE=transaction, DATABASE_DIRECT_URL the server), and the users reach the nodes
   through haproxy (round robin, checks of /health/node/, TRUSTED_PROXY_COUNT=1). All share one environment,
   hence one SECRET_KEY, so a session or CSRF cookie set by one node is good on the others. The media
   storage they share is a folder in --workdir (--storage disk) or an S3 bucket on a moto_server of the
   run's own (--storage s3, MEDIA_STORAGE=s3; needs moto[server] in the virtualenv).
3. Runs N virtual users (threads, one requests.Session each) for a bounded time: focal points who sign
   in through the login form and browse (dashboard, library and its search, directory, calendar,
   working groups, CTED pages of their country, projects, newsletters), API clients with a token
   (documents, recommendations by status, organizations, metrics...), and writers: UNODC shares
   documents (a small PDF) and events through the API, CTED adds events, Kenya records progress on its
   recommendations through the API and Norway through the portal's form. Every write carries a
   unique marker. Nothing is retried to hide an error; a timeout counts as an error. (So a connection is
   reused only within a second of its last answer: gunicorn closes one idle for 2 s, and a request
   sent on it at that moment would be reset, where a browser would silently send it again.)
4. Faults (--faults), spread evenly over the load: the Redis server is killed (SIGKILL) and started
   again 15 s later (--redis-down); with several nodes, the first node's process group is killed
   (SIGKILL) and started again 15 s later (--node-down); the Celery worker's process group is killed
   (SIGKILL) and a new worker starts 10 s later (--worker-down). With one node the two faults come at a
   third and two thirds of the run. A monitor polls /health/ (not counted in the figures) to date what
   the platform saw, and with several nodes another reads haproxy's stats socket to date when it took
   a node out and put it back.
5. With several nodes, downloads up to 20 of the documents shared during the run from each node
   directly, bypassing the balancer, and compares the bytes with those sent. Stops everything, then
   checks in the database that every write answered 2xx (or, for the portal form, redirected to its
   page) is there, once, with its file in the storage.

It prints the figures (status counts, 5xx by URL, errors, p50/p95/p99 per kind, per phase and per node,
writes, fault timeline, the server's exceptions from the gunicorn logs) and writes them into the section
"Load and fault test" of bench/RESULTS.md, or "Two web nodes behind a balancer" with several nodes.
Exit status 1 on any 5xx or lost write, and with several nodes on a download that differs; a 5xx
answered between a node's kill and haproxy's marking it down is counted apart and does not fail the run.

The load comes from one address, so the API's per-address sign-in throttle and per-token rate are
raised for the run (API_SIGN_IN_THROTTLE_RATE, API_THROTTLE_RATE); everything else is the default
configuration. Logs stay in --workdir (gunicorn.log holds the tracebacks of any 500).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import platform
import random
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cluster
from common import RESULTS, ROOT, code_version, free_port, percentile, write_section

SECTION = "## Load and fault test"
SECTION_NODES = "## Two web nodes behind a balancer"
DEFAULT_DATABASE_URL = "postgres://compact:compact-ci-password@127.0.0.1:5432/compact_load"

# Staff (cted.analyst, secretariat) confirm a TOTP code after their password, in a browser and at the token
# endpoint alike. So the CTED account works through the API only here, with a token the run issues for it as
# the Secretariat would in the admin for a system acting for CTED (issue_staff_tokens).
STAFF_API_ACCOUNTS = ["cted.analyst"]
BROWSER_ACCOUNTS = ["kenya.focal", "norway.focal", "unodc.focal", "au.focal"]
API_ACCOUNTS = ["unodc.focal", "kenya.focal", "cted.analyst", "norway.focal", "au.focal"]
# Writers by turn: what each writes, as whom.
WRITERS = [
    ("unodc.focal", "document"),
    ("kenya.focal", "progress"),
    ("cted.analyst", "event"),
    ("unodc.focal", "event"),
]
SEARCH_WORDS = ["border", "terrorism", "financing", "gender", "prison", "cyber", "victims", "aviation", "youth"]
ISO3 = {"kenya.focal": "KEN", "norway.focal": "NOR"}
# A connection is reused only within this many seconds of its last answer (gunicorn's keep-alive is 2 s).
REUSE_SECONDS = 1.0

# Facts and checks read the tables with SQL, not the models: the check must not depend on the models of
# the working tree agreeing with the schema the run was served with.
FACTS_SQL = {
    "recommendations": """
        SELECT o.iso_alpha3, r.id FROM platform_app_recommendation r
        JOIN platform_app_countryassessment a ON a.id = r.assessment_id
        JOIN platform_app_organization o ON o.id = a.member_state_id
        ORDER BY r.id""",
    "working_groups": "SELECT short_name, id FROM workinggroups_workinggroup ORDER BY number",
}


def database_facts(url: str) -> dict:
    import psycopg

    with psycopg.connect(url) as conn:
        recs = conn.execute(FACTS_SQL["recommendations"]).fetchall()
        groups = dict(conn.execute(FACTS_SQL["working_groups"]).fetchall())
    by_country = collections.defaultdict(list)
    for iso3, pk in recs:
        by_country[iso3].append(pk)
    return {
        "recommendations": {account: by_country.get(code, []) for account, code in ISO3.items()},
        "working_groups": groups,
        "cted_countries": sorted(by_country),
    }


def verify_writes(url: str, writes: list[dict], read_file: Callable[[str], bytes | None]) -> dict:
    """What the database holds of the run's writes, found by their markers; `read_file` gives the
    content the media storage holds under a file's name (None when missing)."""
    import hashlib

    import psycopg
    from psycopg import sql

    markers = sorted({w["marker"] for w in writes})
    rec_ids = sorted({w["object_id"] for w in writes if w["what"] == "progress"})
    with psycopg.connect(url) as conn:

        def counts(table: str) -> dict:
            query = sql.SQL("SELECT title, count(*) FROM {} WHERE title = ANY(%s) GROUP BY title")
            return dict(conn.execute(query.format(sql.Identifier(table)), [markers]).fetchall())

        documents, events = counts("platform_app_document"), counts("platform_app_event")
        files = collections.defaultdict(list)
        for title, name, sha in conn.execute(
            "SELECT d.title, v.file, v.sha256 FROM platform_app_documentversion v "
            "JOIN platform_app_document d ON d.id = v.document_id WHERE d.title = ANY(%s)",
            [markers],
        ):
            content = read_file(name)
            files[title].append(content is not None and hashlib.sha256(content).hexdigest() == sha)
        history = {
            note
            for (note,) in conn.execute(
                "SELECT DISTINCT progress_note FROM platform_app_historicalrecommendation "
                "WHERE id = ANY(%s) AND progress_note = ANY(%s)",
                [rec_ids, markers],
            )
        }
        current = dict(
            conn.execute("SELECT id, progress_note FROM platform_app_recommendation WHERE id = ANY(%s)", [rec_ids])
        )
        news = {}
        for kind in ("document", "event"):
            ids = [w["object_id"] for w in writes if w["what"] == kind and w.get("object_id")]
            rows = conn.execute(
                "SELECT DISTINCT object_id FROM platform_app_notification WHERE kind = %s AND object_id = ANY(%s)",
                [kind, ids],
            )
            news[kind] = {pk for (pk,) in rows}
    return {
        "documents": documents,
        "files": dict(files),
        "events": events,
        "history": history,
        "current": {str(pk): note for pk, note in current.items()},
        "news": news,
    }


# --- helpers -----------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def error_reason(exc: Exception) -> str:
    """A short name for a failed request: the exception and, for a connection, what happened to it."""
    text = str(exc)
    for reason in ("RemoteDisconnected", "Connection refused", "Connection reset", "Broken pipe"):
        if reason in text:
            return f"{type(exc).__name__} ({reason})"
    return type(exc).__name__


def ms(seconds: float) -> str:
    return "-" if seconds != seconds else f"{seconds * 1000:.0f}"


def manage(args: list[str], env: dict, *, check: bool = True) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args[:2])} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def tiny_pdf(marker: str) -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"% " + marker.encode() + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


# --- the database ------------------------------------------------------------------------------------


def prepare_database(url: str, env: dict) -> bool:
    """Creates the database if missing, migrates, seeds scale 1 unless seeded. True when it seeded."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        sys.exit(f"unexpected database name {name!r}")
    if name in {"compact", "compact2"} or name.startswith("compact_bench_"):
        sys.exit(f"{name} belongs to other work; use a database of its own (--database-url)")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')
    log("migrating")
    manage(["migrate", "--noinput", "-v0"], env)
    with psycopg.connect(url) as conn:
        seeded = conn.execute("SELECT 1 FROM platform_app_user WHERE username = 'kenya.focal'").fetchone()
    if seeded:
        log("demo data present (kenya.focal exists): reused")
        return False
    log("loading the reference data and seed_demo --scale 1 (a few minutes)")
    manage(["load_compact_reference"], env)
    manage(["seed_demo", "--scale", "1"], env)
    return True


def issue_staff_tokens(env: dict) -> dict[str, str]:
    """A token for each of STAFF_API_ACCOUNTS, issued as the Secretariat issues one in the admin."""
    code = (
        "from platform_app.accounts.models import User\n"
        "from platform_app.accounts.tokens import token_create\n"
        f"for name in {STAFF_API_ACCOUNTS!r}:\n"
        "    token, key = token_create(user=User.objects.get(username=name), name='load test', days=1)\n"
        "    print(name, key)\n"
    )
    issued = [line.split() for line in manage(["shell", "-c", code], env).splitlines()]
    # Only the lines printed above: the shell may log other things to stdout.
    return {words[0]: words[1] for words in issued if len(words) == 2 and words[0] in STAFF_API_ACCOUNTS}


def server_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


# --- measurements ------------------------------------------------------------------------------------


@dataclass
class Record:
    at: float
    kind: str  # sign-in, page, api, write
    name: str
    url: str
    status: int | None
    seconds: float
    error: str
    phase: str
    user: int
    node: str  # the node that answered, as the balancer says (X-Served-By); "" with one node


@dataclass
class Run:
    base: str
    timeout: float
    started: float = field(default_factory=time.monotonic)
    phase: str = "before faults"
    started_tag: str = ""
    health_every: float = 3.0
    records: list[Record] = field(default_factory=list)
    writes: list[dict] = field(default_factory=list)
    timeline: list[tuple[float, str]] = field(default_factory=list)
    # The node fault and the balancer's view of it: (time, node, what) with what one of killed,
    # restarted, or the state haproxy gave the node (UP, DOWN).
    node_events: list[tuple[float, str, str]] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    # Tokens issued before the load to the accounts that cannot sign in at the token endpoint by password alone.
    tokens: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def now(self) -> float:
        return time.monotonic() - self.started

    def event(self, text: str) -> None:
        with self.lock:
            self.timeline.append((self.now(), text))
        log(f"t={self.now():6.1f}s {text}")

    def set_phase(self, phase: str, text: str) -> None:
        self.phase = phase
        self.event(text)

    def write(self, **entry) -> None:
        with self.lock:
            self.writes.append(entry)


class User:
    """One virtual user: a session, an account, a loop of actions with think time."""

    via = ""  # how its writes are sent: "portal" or "api"

    def __init__(self, run: Run, index: int, account: str, password: str, think: float, rng: random.Random):
        self.run, self.index, self.account, self.password = run, index, account, password
        self.think, self.rng = think, rng
        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"compact-load/{index}"
        self.seq = 0
        self.last_answer = 0.0

    def call(self, kind: str, name: str, method: str, url: str, **kwargs) -> requests.Response | None:
        run = self.run
        if time.monotonic() - self.last_answer > REUSE_SECONDS:
            # gunicorn closes a connection idle for 2 s (its keep-alive); a request sent on it just then is
            # reset, which a browser silently sends again. Nothing is sent again here, so an idle connection
            # is not reused: the next request opens a new one.
            self.session.close()
        start = time.monotonic()
        response, status, error = None, None, ""
        try:
            response = self.session.request(
                method, run.base + url, timeout=run.timeout, allow_redirects=False, **kwargs
            )
            status = response.status_code
        except requests.Timeout:
            error = "timeout"
        except requests.RequestException as exc:
            error = error_reason(exc)
        self.last_answer = time.monotonic()
        elapsed = self.last_answer - start
        phase = run.phase  # when the answer came (or did not)
        node = response.headers.get("X-Served-By", "") if response is not None else ""
        record = Record(start - run.started, kind, name, url, status, elapsed, error, phase, self.index, node)
        with run.lock:
            run.records.append(record)
        return response

    def written(self, what: str, marker: str, response, acknowledged: bool, object_id=None) -> None:
        """Records a write this user sent (`via` the portal or the API), for the check after the run."""
        self.run.write(
            what=what,
            via=self.via,
            marker=marker,
            object_id=object_id,
            status=response.status_code if response is not None else None,
            acknowledged=acknowledged,
            account=self.account,
            at=self.run.now(),
            phase=self.run.phase,
        )

    def marker(self) -> str:
        self.seq += 1
        return f"LOAD-{self.run.started_tag}-u{self.index}-{self.seq}"

    def pause(self, factor: float = 1.0) -> None:
        self.run.stop.wait(self.think * factor * self.rng.uniform(0.5, 1.5))

    def loop(self) -> None:
        while not self.run.stop.is_set():
            if self.ready():
                self.act()
            self.pause()

    def ready(self) -> bool:
        return True

    def act(self) -> None:
        raise NotImplementedError


class Browser(User):
    """A focal point in a browser: signs in through the form, then reads pages."""

    via = "portal"
    signed_in = False

    def __init__(self, *args, recommendations: list[int], working_groups: list[str], cted_countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendations = recommendations
        self.working_groups = working_groups
        self.cted_countries = cted_countries
        self.documents: list[str] = []

    def ready(self) -> bool:
        if self.signed_in:
            return True
        page = self.call("page", "GET /accounts/login/", "GET", "/accounts/login/")
        if page is None or page.status_code != 200:
            return False
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        form = {"username": self.account, "password": self.password, "next": ""}
        form["csrfmiddlewaretoken"] = token.group(1) if token else ""
        answer = self.call("sign-in", "POST /accounts/login/", "POST", "/accounts/login/", data=form)
        self.signed_in = (
            answer is not None and answer.status_code == 302 and "login" not in answer.headers.get("Location", "login")
        )
        return self.signed_in

    def page(self, name: str, url: str) -> requests.Response | None:
        response = self.call("page", name, "GET", url)
        if (
            response is not None
            and response.status_code == 302
            and "/accounts/login/" in response.headers.get("Location", "")
        ):
            self.signed_in = False  # sent back to the login form: the session was lost
        return response

    def act(self) -> None:
        rng = self.rng
        choices = [
            (3, lambda: self.page("GET / (dashboard)", "/")),
            (2, self.library),
            (2, lambda: self.page("GET /library/?q=", f"/library/?q={rng.choice(SEARCH_WORDS)}")),
            (1, lambda: self.page("GET /directory/", "/directory/")),
            (1, lambda: self.page("GET /directory/?q=", f"/directory/?q={rng.choice(['officer', 'adviser'])}")),
            (1, lambda: self.page("GET /calendar/", "/calendar/")),
            (1, lambda: self.page("GET /calendar/list/", "/calendar/list/")),
            (1, lambda: self.page("GET /working-groups/", "/working-groups/")),
            (2, lambda: self.page("GET /working-groups/<wg>/", f"/working-groups/{rng.choice(self.working_groups)}/")),
            (1, lambda: self.page("GET /projects/", "/projects/")),
            (1, lambda: self.page("GET /countries/", "/countries/")),
            (1, lambda: self.page("GET /newsletters/", "/newsletters/")),
        ]
        if self.account != "au.focal":
            choices.append((1, lambda: self.page("GET /cted/", "/cted/")))
        country = ISO3.get(self.account) or (rng.choice(self.cted_countries) if self.account == "cted.analyst" else "")
        if country:
            choices.append((2, lambda: self.page("GET /cted/countries/<iso3>/", f"/cted/countries/{country}/")))
        if self.recommendations:
            choices.append((2, self.record_progress))
        weights = [w for w, _ in choices]
        rng.choices([c for _, c in choices], weights=weights)[0]()

    def library(self) -> None:
        response = self.page("GET /library/", "/library/")
        if response is not None and response.status_code == 200:
            self.documents = re.findall(r'href="/library/(\d+)/"', response.text)[:20] or self.documents
        if self.documents:
            self.pause(0.5)
            self.page("GET /library/<id>/", f"/library/{self.rng.choice(self.documents)}/")

    def record_progress(self) -> None:
        """The portal's form on a recommendation of the user's own country (Norway's users)."""
        pk = self.rng.choice(self.recommendations)
        page = self.page("GET /cted/recommendations/<id>/", f"/cted/recommendations/{pk}/")
        if page is None or page.status_code != 200:
            return
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not token:
            with self.run.lock:
                self.run.mismatches.append(f"no progress form on /cted/recommendations/{pk}/ for {self.account}")
            return
        self.pause(0.5)
        marker = self.marker()
        form = {"csrfmiddlewaretoken": token.group(1), "status": "in_progress", "progress_note": marker}
        url = f"/cted/recommendations/{pk}/progress/"
        response = self.call("write", "POST /cted/recommendations/<id>/progress/ (form)", "POST", url, data=form)
        acknowledged = (
            response is not None
            and response.status_code == 302
            and response.headers.get("Location", "").rstrip("/").endswith(f"/cted/recommendations/{pk}")
        )
        self.written("progress", marker, response, acknowledged, pk)


class ApiClient(User):
    """A Member State's (or entity's) system: a token, then lists and details."""

    via = "api"
    token = ""

    def __init__(self, *args, working_groups: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.working_groups = working_groups
        self.documents: list[int] = []

    def ready(self) -> bool:
        if not self.token and self.account in self.run.tokens:
            self.token = self.run.tokens[self.account]
            self.session.headers["Authorization"] = f"Token {self.token}"
        if self.token:
            return True
        body = {"username": self.account, "password": self.password, "name": f"load test {self.index}"}
        response = self.call("sign-in", "POST /api/v1/auth/token/", "POST", "/api/v1/auth/token/", json=body)
        if response is not None and response.status_code == 201:
            self.token = response.json()["token"]
            self.session.headers["Authorization"] = f"Token {self.token}"
        return bool(self.token)

    def api(self, name: str, url: str, kind: str = "api", **kwargs) -> requests.Response | None:
        return self.call(kind, name, kwargs.pop("method", "GET"), url, **kwargs)

    def act(self) -> None:
        rng = self.rng
        status = rng.choice(["open", "in_progress", "implemented"])
        word = rng.choice(SEARCH_WORDS)
        states = "/api/v1/organizations/?kind=member_state&page_size=200"
        choices = [
            (3, self.documents_list),
            (1, lambda: self.api("GET /api/v1/documents/?search=", f"/api/v1/documents/?search={word}")),
            (2, lambda: self.api("GET /api/v1/recommendations/?status=", f"/api/v1/recommendations/?status={status}")),
            (1, lambda: self.api("GET /api/v1/organizations/?kind=", states)),
            (2, lambda: self.api("GET /api/v1/metrics/", "/api/v1/metrics/")),
            (1, lambda: self.api("GET /api/v1/metrics/history/", "/api/v1/metrics/history/")),
            (1, lambda: self.api("GET /api/v1/events/", "/api/v1/events/")),
            (1, lambda: self.api("GET /api/v1/focal-points/", "/api/v1/focal-points/?page_size=50")),
            (1, lambda: self.api("GET /api/v1/working-groups/?short_name=", "/api/v1/working-groups/?short_name=BMLE")),
            (1, lambda: self.api("GET /api/v1/projects/", "/api/v1/projects/")),
            (1, lambda: self.api("GET /api/v1/assessments/", "/api/v1/assessments/")),
        ]
        rng.choices([c for _, c in choices], weights=[w for w, _ in choices])[0]()

    def documents_list(self) -> None:
        response = self.api("GET /api/v1/documents/", f"/api/v1/documents/?page={self.rng.randint(1, 5)}")
        if response is not None and response.status_code == 200:
            self.documents = [item["id"] for item in response.json().get("results", [])][:20] or self.documents
        if self.documents:
            self.api("GET /api/v1/documents/<id>/", f"/api/v1/documents/{self.rng.choice(self.documents)}/")


class Writer(ApiClient):
    """An API client that also writes: one write in three actions, each with a unique marker."""

    def __init__(self, *args, what: str, recommendations: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.what, self.recommendations = what, recommendations

    def act(self) -> None:
        if self.rng.random() < 1 / 3:
            {"document": self.share_document, "event": self.add_event, "progress": self.record_progress}[self.what]()
        else:
            super().act()

    def share_document(self) -> None:
        marker = self.marker()
        content = tiny_pdf(marker)
        form = {
            "title": marker,
            "language": "en",
            "published_on": dt.date.today().isoformat(),
            "working_group": str(self.working_groups["BMLE"]),
            "visibility": "working_group",
            "document_type": "report",
            "description": "Shared by the load test.",
        }
        files = {"file": (f"{marker}.pdf", content, "application/pdf")}
        response = self.api(
            "POST /api/v1/documents/ (upload)", "/api/v1/documents/", "write", method="POST", data=form, files=files
        )
        ok = response is not None and response.status_code == 201
        pk = response.json().get("id") if ok else None
        self.written("document", marker, response, ok, pk)
        if ok and self.rng.random() < 0.5:
            # Read the write back at once, as a client would.
            got = self.api("GET /api/v1/documents/<id>/download/", f"/api/v1/documents/{pk}/download/")
            if got is not None and got.status_code == 200 and got.content != content:
                with self.run.lock:
                    self.run.mismatches.append(f"document {pk} ({marker}): downloaded bytes differ from the upload")

    def add_event(self) -> None:
        marker = self.marker()
        start = dt.datetime(2027, 1, 1, 8, tzinfo=dt.UTC) + dt.timedelta(days=self.rng.randint(0, 300))
        body = {
            "title": marker,
            "kind": "workshop",
            "starts_at": start.isoformat().replace("+00:00", "Z"),
            "ends_at": (start + dt.timedelta(hours=8)).isoformat().replace("+00:00", "Z"),
            "time_zone": "Africa/Nairobi",
            "working_group": self.working_groups["BMLE"],
            "visibility": "working_group",
            "description": "Added by the load test.",
        }
        response = self.api("POST /api/v1/events/", "/api/v1/events/", "write", method="POST", json=body)
        ok = response is not None and response.status_code == 201
        self.written("event", marker, response, ok, response.json().get("id") if ok else None)

    def record_progress(self) -> None:
        if not self.recommendations:
            return
        pk = self.rng.choice(self.recommendations)
        marker = self.marker()
        body = {"status": self.rng.choice(["in_progress", "implemented"]), "progress_note": marker}
        url = f"/api/v1/recommendations/{pk}/"
        response = self.api("PATCH /api/v1/recommendations/<id>/", url, "write", method="PATCH", json=body)
        ok = response is not None and response.status_code == 200
        self.written("progress", marker, response, ok, pk)


def make_users(args, run: Run, facts: dict, password: str) -> list[User]:
    """Half browsers, three tenths API readers, two tenths writers, accounts taken in turn."""
    rng = random.Random(args.seed)
    plan = []
    for index in range(args.users):
        slot = index % 10
        plan.append("browser" if slot < 5 else "api" if slot < 8 else "writer")
    counters = collections.Counter()
    wanted = []
    for kind in plan:
        n = counters[kind]
        counters[kind] += 1
        if kind == "browser":
            wanted.append((kind, BROWSER_ACCOUNTS[n % len(BROWSER_ACCOUNTS)], None))
        elif kind == "api":
            wanted.append((kind, API_ACCOUNTS[n % len(API_ACCOUNTS)], None))
        else:
            wanted.append((kind, *WRITERS[n % len(WRITERS)]))
    # Each recommendation is written by one user only, so its last acknowledged note is known.
    owners = collections.defaultdict(list)
    for index, (kind, account, what) in enumerate(wanted):
        if (kind, account) == ("browser", "norway.focal") or what == "progress":
            owners[account].append(index)
    shares = {}
    for account, indexes in owners.items():
        recs = facts["recommendations"].get(account, [])
        for position, index in enumerate(indexes):
            shares[index] = recs[position :: len(indexes)]
    users: list[User] = []
    groups = facts["working_groups"]
    for index, (kind, account, what) in enumerate(wanted):
        common = (run, index, account, password, args.think, random.Random(rng.random()))
        if kind == "browser":
            users.append(
                Browser(
                    *common,
                    recommendations=shares.get(index, []),
                    working_groups=sorted(groups),
                    cted_countries=facts["cted_countries"],
                )
            )
        elif kind == "api":
            users.append(ApiClient(*common, working_groups=groups))
        else:
            users.append(Writer(*common, working_groups=groups, what=what, recommendations=shares.get(index, [])))
    return users


# --- faults and monitoring ---------------------------------------------------------------------------


def kill_redis(args, run: Run, services: cluster.Services) -> None:
    services.kill_redis()
    run.set_phase("redis down", f"Redis server killed (SIGKILL, pid {services.redis.pid})")
    run.stop.wait(args.redis_down)
    services.start_redis()
    run.set_phase("after redis restart", f"Redis server started again (pid {services.redis.pid}), empty")


def kill_node(args, run: Run, services: cluster.Services) -> None:
    name = next(iter(services.webs))
    pid = services.webs[name].pid
    services.kill_web(name)
    run.node_events.append((run.now(), name, "killed"))
    run.set_phase("node down", f"gunicorn {name} killed (SIGKILL to its process group, pid {pid})")
    run.stop.wait(args.node_down)
    services.start_web(name)
    run.node_events.append((run.now(), name, "restarted"))
    run.set_phase("after node restart", f"gunicorn {name} started again (pid {services.webs[name].pid})")


def kill_worker(args, run: Run, services: cluster.Services) -> None:
    pid = services.worker.pid
    if services.kill_worker():
        run.set_phase("worker down", f"Celery worker killed (SIGKILL to its process group, pid {pid})")
    else:
        code = services.worker.returncode
        run.set_phase("worker down", f"Celery worker (pid {pid}) had already exited (status {code}): nothing to kill")
    run.stop.wait(args.worker_down)
    services.start_worker()
    run.set_phase("after worker restart", f"new Celery worker started (pid {services.worker.pid})")


# The faults in the order they happen, spread evenly over the load (with two: at a third and two thirds).
# The node fault needs several nodes.
FAULTS = {"redis": kill_redis, "node": kill_node, "worker": kill_worker}
PHASES = ["before faults"] + [phase for f in FAULTS for phase in (f"{f} down", f"after {f} restart")]


def fault_plan(args) -> list[str]:
    return [name for name in FAULTS if name in args.faults and (name != "node" or args.nodes > 1)]


def faults(args, run: Run, services: cluster.Services) -> None:
    plan = fault_plan(args)
    for i, name in enumerate(plan):
        if run.stop.wait(max(0.0, args.duration * (i + 1) / (len(plan) + 1) - run.now())):
            return
        FAULTS[name](args, run, services)


def monitor(run: Run, services: cluster.Services) -> None:
    """Polls /health/ every few seconds; its answers date what the platform noticed (not in the figures).
    Also notes a service process that exits without having been killed by the fault schedule."""
    last = None
    watched = {}
    while not run.stop.wait(run.health_every):
        for label, proc in services.processes().items():
            if proc is not None and proc.poll() is not None and watched.get(label) != proc.pid:
                watched[label] = proc.pid
                if proc.returncode != -signal.SIGKILL:
                    run.event(f"{label} (pid {proc.pid}) exited by itself, status {proc.returncode}")
        try:
            # A new connection each time: a kept-alive one would be closed by gunicorn between polls.
            response = requests.get(run.base + "/health/?format=json", timeout=5, headers={"Connection": "close"})
            failing = sorted(k for k, v in response.json().items() if v != "OK")
            state = f"{response.status_code}" + (f" failing: {', '.join(failing)}" if failing else "")
        except (requests.RequestException, ValueError) as exc:
            state = f"no answer ({type(exc).__name__})"
        if state != last:
            run.event(f"/health/ answers {state}")
            last = state


def watch_balancer(run: Run, balancer: cluster.Balancer) -> None:
    """Reads the nodes' states from haproxy's stats socket four times a second and notes each change
    to UP or DOWN (the transitions between, such as "UP 1/2", are haproxy counting checks)."""
    last: dict[str, str] = {}
    while not run.stop.wait(0.25):
        try:
            states = balancer.states()
        except OSError as exc:
            states = dict.fromkeys(balancer.nodes, f"unknown ({type(exc).__name__})")
        for name, state in states.items():
            if state in {"UP", "DOWN"} and last.get(name) != state:
                if name in last:
                    run.node_events.append((run.now(), name, state))
                    run.event(f"haproxy marks node {name} {state}")
                last[name] = state


def wait_healthy(base: str, seconds: float, services: cluster.Services) -> None:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        for label, proc in services.processes().items():
            if proc.poll() is not None:
                raise RuntimeError(f"{label} exited with {proc.returncode}; see its log")
        try:
            response = requests.get(base + "/health/?format=json", timeout=5)
            if response.status_code == 200 and all(
                state == "UP" for state in (services.balancer.states() if services.balancer else {}).values()
            ):
                return
            last = response.text[:300]
        except (requests.RequestException, OSError) as exc:  # OSError: haproxy's stats socket
            last = str(exc)
        time.sleep(1)
    raise RuntimeError(f"/health/ did not answer 200 within {seconds:.0f}s: {last}")


def drain(args, run: Run, redis_url: str) -> None:
    """Lets the worker finish the queued news before stopping it (bounded by --drain)."""
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=2)
    deadline = time.monotonic() + args.drain
    queued = None
    while time.monotonic() < deadline:
        try:
            queued = client.llen("celery")
        except redis.RedisError:
            queued = None
        if queued == 0:
            break
        time.sleep(1)
    time.sleep(min(5, args.drain))  # the task being run when the queue empties
    run.event(f"queue drained (celery queue length {queued})" if queued == 0 else f"queue not drained: {queued} left")


def cross_node_downloads(services: cluster.Services, run: Run, password: str, sample: int = 20) -> dict:
    """Downloads documents shared through the balancer from each node directly, as their uploader, and
    compares the bytes with those sent: a file stored through one node must be served by every node."""
    shared = [w for w in run.writes if w["what"] == "document" and w["acknowledged"]]
    chosen = random.Random(0).sample(shared, min(sample, len(shared)))
    nodes = {name: f"http://127.0.0.1:{port}" for name, port in services.ports.items()}
    first = next(iter(nodes.values()))
    tokens, problems = {}, []
    checked = 0
    for w in chosen:
        if w["account"] not in tokens:
            body = {"username": w["account"], "password": password, "name": "load test cross-node check"}
            signed = requests.post(first + "/api/v1/auth/token/", json=body, timeout=run.timeout)
            tokens[w["account"]] = signed.json().get("token", "") if signed.status_code == 201 else ""
        headers = {"Authorization": f"Token {tokens[w['account']]}", "Connection": "close"}
        for name, base in nodes.items():
            checked += 1
            try:
                got = requests.get(f"{base}/api/v1/documents/{w['object_id']}/download/", headers=headers, timeout=30)
                answer = got.status_code if got.status_code != 200 else "other bytes"
                same = got.status_code == 200 and got.content == tiny_pdf(w["marker"])
            except requests.RequestException as exc:
                answer, same = error_reason(exc), False
            if not same:
                problems.append(f"document {w['object_id']} ({w['marker']}) from node {name}: {answer}")
    return {"checked": checked, "documents": len(chosen), "mismatched": len(problems), "problems": problems}


# --- the report --------------------------------------------------------------------------------------


def server_errors(logfile: Path) -> list[dict]:
    """The requests Django logged as failed (django.request ERROR), each with its traceback's last line."""
    if not logfile.exists():
        return []
    head = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (\w+) ([\w.]+) (.*)$")
    found, current = [], None
    for line in logfile.read_text(errors="replace").splitlines():
        match = head.match(line)
        if match or line.startswith(("[20", "=== ")):  # gunicorn's own lines end a traceback too
            current = None
            # The monitor's /health/ is left out: it reports a failing check with a 500 by design.
            monitor = match and (match.group(2) == "health_check" or match.group(3).endswith("/health/"))
            if match and match.group(1) in {"ERROR", "CRITICAL"} and not monitor:
                current = {"logger": match.group(2), "message": match.group(3), "traceback": []}
                found.append(current)
        elif current is not None:
            current["traceback"].append(line)
    frame = re.compile(r'^\s*File "(.+)", line (\d+), in (\S+)')
    for item in found:
        lines = [line for line in item["traceback"] if line.strip()]
        item["exception"] = lines[-1].strip() if lines else ""
        # Where it was raised from, outside the client library that raised it.
        item["where"] = ""
        for line in lines:
            match = frame.match(line)
            if match and not re.search(r"/site-packages/(redis|kombu|django/core/cache)/", match.group(1)):
                path = re.sub(r"^.*/site-packages/", "", match.group(1)).replace(str(ROOT) + "/", "")
                item["where"] = f"{path}:{match.group(2)} {match.group(3)}"
    return found


def node_fault(run: Run) -> dict:
    """When the node fault's node was killed, marked down by haproxy, restarted and marked up again (None
    for what did not happen), and the window between the kill and haproxy's noticing it (until the restart
    when it never did), in which requests may fail. A node haproxy had already marked down when it was
    killed received no request: no window then."""
    times = dict.fromkeys(("node", "killed", "down", "restarted", "up", "window"))
    times["down_before"] = False
    state: dict[str, str] = {}  # as haproxy last marked each node; UP from the start
    for at, name, what in run.node_events:
        if what == "killed":
            times["node"], times["killed"] = name, at
            times["down_before"] = state.get(name) == "DOWN"
        elif what == "restarted":
            times["restarted"] = at
        elif name == times["node"] and what == "DOWN" and times["down"] is None and times["restarted"] is None:
            times["down"] = at
        elif name == times["node"] and what == "UP" and times["up"] is None and times["restarted"] is not None:
            times["up"] = at
        state[name] = what
    if times["killed"] is not None and not times["down_before"]:
        times["window"] = (times["killed"], times["down"] if times["down"] is not None else times["restarted"])
    return times


def in_window(record: Record, window: tuple[float, float] | None) -> bool:
    """Whether the request's answer (or failure) came between the kill and the balancer's noticing it."""
    return window is not None and window[0] <= record.at + record.seconds <= window[1]


def latency(subset: list[Record], *, with_max: bool = False) -> list[str]:
    """The cells of a latency table for these requests: how many, p50, p95, p99 (and max) in milliseconds
    of those answered, how many answered 5xx, how many failed without an answer."""
    times = [r.seconds for r in subset if r.status is not None]
    cells = [str(len(subset)), *(ms(percentile(times, p)) for p in (50, 95, 99))]
    if with_max:
        cells.append(ms(max(times) if times else float("nan")))
    failed = sum(1 for r in subset if r.status and r.status >= 500), sum(1 for r in subset if r.status is None)
    return [*cells, *map(str, failed)]


def row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def logged_errors(logs: Path) -> list[dict]:
    """The failed requests every node logged (gunicorn.log, or gunicorn-a.log, gunicorn-b.log...)."""
    return [item for path in sorted(logs.glob("gunicorn*.log")) for item in server_errors(path)]


def summarize(
    args, run: Run, verify: dict, machine: dict, setup: dict, logs: Path, command: str, elapsed: float
) -> tuple[str, bool]:
    records = run.records
    statuses = collections.Counter(r.status if r.status is not None else r.error for r in records)
    fivexx = [r for r in records if r.status is not None and r.status >= 500]
    errors = [r for r in records if r.status is None]
    fault = node_fault(run)
    # With several nodes, a request may fail while the balancer has not yet noticed a killed node; a 5xx
    # at any other moment fails the run, as any 5xx does with one node.
    failures_inside = [r for r in fivexx + errors if in_window(r, fault["window"])]
    fivexx_outside = [r for r in fivexx if not in_window(r, fault["window"])]
    cross = setup.get("cross")
    lines = []
    add = lines.append

    # Writes: acknowledged ones must be there, once.
    acknowledged = [w for w in run.writes if w["acknowledged"]]
    history = verify["history"]
    lost, duplicated, bad_files, stale = [], [], [], []
    for w in acknowledged:
        if w["what"] == "document":
            n = verify["documents"].get(w["marker"], 0)
            files = verify["files"].get(w["marker"], [])
            if n == 0:
                lost.append(w)
            elif n > 1:
                duplicated.append(w)
            elif not files or not all(files):
                bad_files.append(w)
        elif w["what"] == "event":
            n = verify["events"].get(w["marker"], 0)
            if n == 0:
                lost.append(w)
            elif n > 1:
                duplicated.append(w)
        elif w["marker"] not in history:
            lost.append(w)
    # The last write sent to each recommendation decides its note (each has one writer): the last
    # acknowledged one, or a later unanswered one that may have been applied.
    by_rec = collections.defaultdict(list)
    for w in run.writes:
        if w["what"] == "progress":
            by_rec[w["object_id"]].append(w)
    for pk, sent in by_rec.items():
        acked = [i for i, w in enumerate(sent) if w["acknowledged"]]
        if not acked:
            continue
        allowed = {
            w["marker"] for w in sent[acked[-1] :] if w["acknowledged"] or w["status"] is None or w["status"] >= 500
        }
        if verify["current"].get(str(pk)) not in allowed:
            stale.append((pk, verify["current"].get(str(pk)), sent[acked[-1]]["marker"]))
    unanswered = [w for w in run.writes if not w["acknowledged"] and (w["status"] is None or w["status"] >= 500)]
    unanswered_applied = [
        w
        for w in unanswered
        if (w["what"] == "document" and verify["documents"].get(w["marker"]))
        or (w["what"] == "event" and verify["events"].get(w["marker"]))
        or (w["what"] == "progress" and w["marker"] in history)
    ]
    refused = [w for w in run.writes if not w["acknowledged"] and w["status"] is not None and w["status"] < 500]

    failed = bool(fivexx_outside or lost or duplicated or bad_files or stale or (cross and cross["mismatched"]))
    duration = max((r.at + r.seconds for r in records), default=0.0)
    add(section(args))
    add("")
    noticed = f", {len(fivexx) - len(fivexx_outside)} of them before the balancer noticed the killed node"
    add(
        f"Run of {time.strftime('%Y-%m-%d %H:%M %Z')}: **{'FAILED' if failed else 'passed'}** "
        f"({len(fivexx)} answers 5xx{noticed if args.nodes > 1 else ''}, {len(lost)} acknowledged writes lost)."
    )
    add("")
    add("```sh")
    add(command)
    add("```")
    add("")
    add(
        f"Machine: {machine['cpus']} CPUs ({machine['cpu']}), {machine['ram']} RAM, Python {machine['python']}, "
        f"PostgreSQL {machine['postgres']}, {machine['redis']}, {machine['os']}. Everything on the same machine "
        f"over loopback: {setup['shape']}, media storage: {setup['storage']}, one "
        f"Celery worker (concurrency {args.worker_concurrency}), a Redis server of the run's own, PostgreSQL "
        f"database `{machine['database']}` (seed_demo scale 1), and the {args.users} virtual users "
        f"(started over the first {min(30.0, args.duration / 4):g} s, think time {args.think:g} s on average, "
        f"request timeout {args.timeout:g} s). API throttles raised for "
        "the run, all users sharing one address."
    )
    add("")
    add(f"Code: commit {machine['code']}.")
    add("")
    add(f"Wall time {elapsed:.0f} s (preparation, start, {args.duration} s of load, drain, stop, checks).")
    add("")
    add("| Figure | Value |")
    add("|---|---|")
    answered = len(records) - len(errors)

    def tally(counter) -> str:
        return ", ".join(f"{k}: {v}" for k, v in sorted(counter.items(), key=lambda kv: str(kv[0]))) or "none"

    sent = collections.Counter(f"{w['what']} via {w['via']}" for w in run.writes)
    add(f"| Requests answered | {answered} in {duration:.0f} s ({answered / max(duration, 1):.1f}/s) |")
    add(f"| By status | {tally(statuses)} |")
    add(f"| Answers 5xx | {len(fivexx)} |")
    add(f"| Errors (timeouts, connections) | {len(errors)} ({tally(collections.Counter(r.error for r in errors))}) |")
    add(f"| Writes sent | {len(run.writes)} ({tally(sent)}) |")
    add(f"| Writes acknowledged | {len(acknowledged)} |")
    add(
        f"| Acknowledged writes found afterwards | {len(acknowledged) - len(lost)} (lost: {len(lost)}, "
        f"duplicated: {len(duplicated)}, file missing or altered: {len(bad_files)}, "
        f"note not the last acknowledged: {len(stale)}) |"
    )
    add(f"| Writes refused (4xx) | {len(refused)} |")
    add(f"| Writes unanswered or 5xx | {len(unanswered)} (applied anyway: {len(unanswered_applied)}) |")
    add(f"| Read-back mismatches | {len(run.mismatches)} |")
    if args.nodes > 1:
        window = fault["window"]
        inside = collections.Counter(str(r.status or r.error) for r in failures_inside)
        if window:
            when = f"from {window[0]:.1f} s to {window[1]:.1f} s"
        else:
            when = "none: the node was already marked down when killed" if fault["down_before"] else "no node killed"
        add(
            f"| Failures (5xx, errors) while the balancer had not noticed the killed node | "
            f"{len(failures_inside)} ({tally(inside)}; {when}) |"
        )
        add(f"| Answers 5xx at any other moment | {len(fivexx_outside)} |")
        add(
            f"| Documents downloaded from each node directly | {cross['documents']} documents, {cross['checked']} "
            f"downloads, {cross['mismatched']} not the bytes sent |"
        )
    add("")
    add("Latency in milliseconds (from sending the request to the last byte of the answer):")
    add("")
    add("| Kind | Requests | p50 | p95 | p99 | max | 5xx | errors | answers |")
    add("|---|---|---|---|---|---|---|---|---|")
    kinds = ["sign-in", "page", "api", "write"]
    for kind in [*kinds, "all"]:
        subset = records if kind == "all" else [r for r in records if r.kind == kind]
        answers = collections.Counter(r.status or r.error for r in subset)
        add(row(kind, *latency(subset, with_max=True), tally(answers)))
    add("")
    add("The ten slowest requests by p95, out of the phases with a service down (sign-ins included):")
    add("")
    add("| Request | Count | p50 | p95 | max |")
    add("|---|---|---|---|---|")
    calm = collections.defaultdict(list)
    for r in records:
        if r.status is not None and not r.phase.endswith(" down"):
            calm[r.name].append(r.seconds)
    slowest = sorted(calm.items(), key=lambda kv: -percentile(kv[1], 95))[:10]
    for name, times in slowest:
        add(
            f"| `{name}` | {len(times)} | {ms(percentile(times, 50))} | {ms(percentile(times, 95))} "
            f"| {ms(max(times))} |"
        )
    add("")

    def latency_by(label: str, key: Callable[[Record], str], order: list[str]) -> None:
        groups = collections.defaultdict(list)
        for r in records:
            groups[key(r)].append(r)
        add("")
        add(row(label, "Requests", "p50", "p95", "p99", "5xx", "errors"))
        add("|---|---|---|---|---|---|---|")
        lines.extend(row(name, *latency(groups[name])) for name in order if groups.get(name))
        add("")

    add("By phase of the run (a request counts in the phase its answer came in):")
    latency_by("Phase", lambda r: r.phase, PHASES)
    if args.nodes > 1:
        add("By node (the one that answered, from the balancer's X-Served-By; none: the balancer answered itself")
        add("or the request failed before an answer):")
        latency_by("Node", lambda r: r.node or "none", sorted({r.node or "none" for r in records}))
    add(f"Fault timeline (seconds from the start of the load; /health/ polled every {args.health_every:g} s):")
    add("")
    for at, text in run.timeline:
        add(f"- {at:6.1f} s: {text}")
    add("")
    if fault["killed"] is not None:

        def at(key: str) -> str:
            return "not during the load" if fault[key] is None else f"{fault[key]:.1f} s"

        add(
            f"Node {fault['node']}: killed at {at('killed')}"
            + (" (haproxy had already marked it down)" if fault["down_before"] else "")
            + f", marked down by haproxy at {at('down')}, restarted at {at('restarted')}, marked up at {at('up')}."
        )
        add("")
    if fivexx or errors:
        add("Failed requests by URL and phase:")
        add("")
        add("| Request | Phase | Answer | Count |")
        add("|---|---|---|---|")
        grouped = collections.Counter((r.name, r.phase, str(r.status or r.error)) for r in fivexx + errors)
        for (name, phase, answer), n in sorted(grouped.items(), key=lambda kv: -kv[1]):
            add(f"| `{name}` | {phase} | {answer} | {n} |")
        add("")
    logged = logged_errors(logs)
    if logged:
        add("Errors the application logged (gunicorn logs, /health/ left out), by exception:")
        add("")
        add("| Logger | Message | Exception | Raised from | Count |")
        add("|---|---|---|---|---|")
        grouped = collections.Counter(
            (e["logger"], re.sub(r"/\d+/", "/<id>/", e["message"])[:90], e["exception"][:140], e["where"])
            for e in logged
        )
        for (logger, message, exception, where), n in sorted(grouped.items(), key=lambda kv: -kv[1])[:25]:
            message, exception = message.replace("|", "/"), exception.replace("|", "/")
            add(f"| {logger} | {message} | `{exception}` | `{where}` | {n} |")
        add("")
    news_total = {k: [w for w in acknowledged if w["what"] == k] for k in ("document", "event")}
    if any(news_total.values()):
        add("Background news (not part of the pass/fail): a document or event added to a working group is announced")
        add("by a task queued after commit; items whose task left no notification:")
        add("")
        for kind, items in news_total.items():
            notified = set(verify["news"].get(kind, []))
            missing = collections.Counter(w["phase"] for w in items if w["object_id"] not in notified)
            add(
                f"- {kind}s: {len(items) - sum(missing.values())} of {len(items)} notified"
                + (f"; without news: {', '.join(f'{n} added {p}' for p, n in missing.items())}" if missing else "")
            )
        add("")
    problems = []
    for label, items in (("lost", lost), ("duplicated", duplicated), ("file missing or altered", bad_files)):
        problems += [
            f"- {label}: {w['what']} {w['marker']} ({w['via']}, answer {w['status']}, {w['phase']})" for w in items[:20]
        ]
    problems += [f"- recommendation {pk}: note {got!r}, last acknowledged {want}" for pk, got, want in stale[:20]]
    problems += [f"- {text}" for text in run.mismatches[:20]]
    problems += [f"- {text}" for text in (cross["problems"] if cross else [])[:20]]
    if problems:
        add("Problems:")
        add("")
        lines.extend(problems)
        add("")
    kept = sorted(path.name for path in logs.iterdir() if path.suffix in {".log", ".jsonl", ".json", ".cfg"})
    add(f"Logs of the run: `{logs}` ({', '.join(kept)}).")
    add("")
    return "\n".join(lines), failed


def section(args) -> str:
    return SECTION if args.nodes == 1 else SECTION_NODES


def shape(args) -> str:
    """What serves the users, in words."""
    node = f"gunicorn {args.workers} workers x {args.threads} threads (compact.settings, DEBUG=0)"
    if args.nodes == 1:
        return node
    return (
        f"{args.nodes} web nodes, each {node} with DATABASE_POOL_MODE=transaction and TRUSTED_PROXY_COUNT=1, behind "
        f"{cluster.version([cluster.HAPROXY, '-v'])} (round robin, checks of /health/node/ every second, down after "
        f"two failures, up after two successes), reaching PostgreSQL through "
        f"{cluster.version([cluster.PGBOUNCER, '--version'])} in transaction mode"
    )


def machine_facts(database_url: str, redis_server: str) -> dict:
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1)) if "MemTotal" in meminfo else 0
    cpu = ""
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1).strip() if found else ""
    redis_version = subprocess.run([redis_server, "--version"], capture_output=True, text=True).stdout.split()
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu or platform.processor() or "unknown CPU",
        "ram": f"{kib / 1024 / 1024:.1f} GiB" if kib else "unknown",
        "python": platform.python_version(),
        "postgres": server_version(database_url),
        "redis": " ".join(redis_version[:3]) if redis_version else "Redis",
        "os": platform.platform(terse=True),
        "database": urlsplit(database_url).path.lstrip("/"),
        "code": code_version(),
    }


# --- main --------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=120, help="seconds of load")
    parser.add_argument("--think", type=float, default=5.0, help="mean pause between a user's actions (s)")
    parser.add_argument("--health-every", type=float, default=3.0, help="seconds between /health/ polls")
    parser.add_argument("--timeout", type=float, default=30.0, help="per request (s); a timeout is an error")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument("--worker-concurrency", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--redis-down", type=float, default=15.0, help="seconds Redis stays down")
    parser.add_argument("--worker-down", type=float, default=10.0, help="seconds without a Celery worker")
    parser.add_argument("--node-down", type=float, default=15.0, help="seconds a killed web node stays down")
    parser.add_argument(
        "--faults",
        default=",".join(FAULTS),
        help="which faults, comma-separated, in this order over the load: redis, node (with --nodes 2 or more), "
        "worker (default: all)",
    )
    parser.add_argument("--no-faults", action="store_true", help="load only, no fault")
    parser.add_argument(
        "--nodes",
        type=int,
        default=1,
        help="gunicorn nodes; with 2 or more they are behind haproxy and reach PostgreSQL through PgBouncer",
    )
    parser.add_argument(
        "--storage",
        choices=["disk", "s3"],
        help="media storage the nodes share: a folder in --workdir, or S3 served by moto_server (default: "
        "s3 with several nodes, as they would share it on several machines; disk with one)",
    )
    parser.add_argument("--drain", type=float, default=60.0, help="seconds allowed for the queue to empty")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "compact-load", help="media and logs"
    )
    parser.add_argument("--redis-server", default=shutil.which("redis-server") or "redis-server")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the users' choices")
    parser.add_argument("--no-results", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args()
    if args.users < 1 or args.duration < 10 or args.nodes < 1:
        parser.error("at least one user, ten seconds and one node")
    args.faults = [] if args.no_faults else [f.strip() for f in args.faults.split(",") if f.strip()]
    if unknown := set(args.faults) - set(FAULTS):
        parser.error(f"unknown faults: {', '.join(sorted(unknown))} (known: {', '.join(FAULTS)})")
    began = time.monotonic()
    shown = [re.sub(r":[^:@/]+@", ":***@", a) if a == args.database_url else a for a in sys.argv[1:]]
    command = ".venv/bin/python bench/load.py " + shlex.join(shown)

    stamp = time.strftime("%Y%m%d-%H%M%S")
    logs = args.workdir / f"run-{stamp}"
    logs.mkdir(parents=True, exist_ok=True)
    storage = cluster.storage(args.storage or ("s3" if args.nodes > 1 else "disk"), args.workdir, logs)
    redis_url = f"redis://127.0.0.1:{free_port()}/0"
    password = os.environ.get("DEMO_PASSWORD", "compact-demo-2026")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "CACHE_URL", "REDIS_URL", "DATABASE_URL", "EMAIL_HOST"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="compact.settings",
        DATABASE_URL=args.database_url,
        REDIS_URL=redis_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DEMO_PASSWORD=password,
        EMAIL_URL="locmem:",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "INFO"),
        API_SIGN_IN_THROTTLE_RATE="10000/minute",
        API_THROTTLE_RATE="100000/hour",
        PYTHONUNBUFFERED="1",
    )
    if args.nodes > 1:
        # Every node and the worker share the environment, so the same SECRET_KEY signs the sessions'
        # and CSRF cookies everywhere; the nodes read the client's address behind the one balancer.
        env.update(TRUSTED_PROXY_COUNT="1")
    log(f"logs in {logs}")
    storage.start()
    env.update(storage.env())
    # Preparation runs without Redis: tasks eager, cache in memory, as `make run` seeds.
    prepare_env = {k: v for k, v in env.items() if k != "REDIS_URL"}
    prepare_database(args.database_url, prepare_env)
    facts = database_facts(args.database_url)
    machine = machine_facts(args.database_url, args.redis_server)

    services = cluster.Services(args, env, logs)
    run = Run(base=services.base, timeout=args.timeout)
    run.started_tag = stamp
    run.tokens = issue_staff_tokens(prepare_env)
    run.health_every = args.health_every
    setup = {"shape": shape(args), "storage": storage.describe()}
    try:
        services.start(args.database_url)
        nodes = ", ".join(f"node {name} on {port}" for name, port in services.ports.items())
        via = f"haproxy at {run.base} ({nodes})" if services.balancer else f"gunicorn at {run.base}"
        log(f"users go to {via}, Redis on {redis_url}, waiting for /health/")
        wait_healthy(run.base, 90, services)
        users = make_users(args, run, facts, password)
        log(
            f"{len(users)} users: {sum(isinstance(u, Browser) for u in users)} browsers, "
            f"{sum(type(u) is ApiClient for u in users)} API readers, "
            f"{sum(isinstance(u, Writer) for u in users)} writers"
        )
        run.started = time.monotonic()
        run.event("load starts")
        ramp = min(30.0, args.duration / 4)
        threads = []
        for i, user in enumerate(users):
            delay = ramp * i / len(users)

            def start(user=user, delay=delay):
                if not run.stop.wait(delay):
                    user.loop()

            threads.append(threading.Thread(target=start, name=f"user-{i}", daemon=True))
        threads.append(threading.Thread(target=faults, args=(args, run, services), name="faults", daemon=True))
        threads.append(threading.Thread(target=monitor, args=(run, services), name="monitor", daemon=True))
        if services.balancer:
            watcher = threading.Thread(target=watch_balancer, args=(run, services.balancer), name="balancer")
            threads.append(watcher)
        for thread in threads:
            thread.start()
        run.stop.wait(args.duration)
        run.stop.set()
        run.event("load ends: no new request; waiting for those in flight")
        for thread in threads:
            thread.join(timeout=args.timeout + 30)
        if services.worker.poll() is not None or services.redis.poll() is not None:
            run.event("a service was down at the end of the load")
        drain(args, run, redis_url)
        if services.balancer:
            log("downloading documents shared through the balancer from each node directly")
            setup["cross"] = cross_node_downloads(services, run, password)
        log("stopping the services")
        services.stop()
        (logs / "requests.jsonl").write_text("".join(json.dumps(r.__dict__) + "\n" for r in run.records))
        (logs / "writes.json").write_text(json.dumps(run.writes, indent=1))
        (logs / "timeline.json").write_text(json.dumps(run.timeline, indent=1))
        log(f"checking {sum(w['acknowledged'] for w in run.writes)} acknowledged writes in the database")
        verify = verify_writes(args.database_url, run.writes, storage.read)
    finally:
        services.stop()  # nothing left to stop unless the run broke off
        storage.stop()  # after the check, which reads the files from it
    text, failed = summarize(args, run, verify, machine, setup, logs, command, time.monotonic() - began)
    print()
    print(text)
    if not args.no_results:
        write_section(section(args), text)
        log(f"section written to {RESULTS.relative_to(ROOT)}")
    examples = {}
    for item in logged_errors(logs):
        examples.setdefault(item["exception"], item)
    for item in list(examples.values())[:3]:
        print(f"\nexample of a logged error: {item['message']}\n" + "\n".join(item["traceback"][-40:]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
