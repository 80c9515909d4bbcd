"""Real services for the background work: a Celery worker process on the Redis broker, working on
this test's PostgreSQL database, and an SMTP server on loopback whose mails the tests read back."""

from __future__ import annotations

import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Mail:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""


@dataclass
class Mailbox:
    """What the SMTP server accepted, in order. `on_data` may run before the server answers 250."""

    mails: list[Mail] = field(default_factory=list)
    on_data: object = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        mail = Mail(envelope.mail_from, list(envelope.rcpt_tos), message)
        with self.lock:
            self.mails.append(mail)
        if self.on_data is not None:
            self.on_data(mail)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Mail]:
        with self.lock:
            return [mail for mail in self.mails if address in mail.recipients]

    def wait_for(self, count: int, timeout: float = 60) -> list[Mail]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.mails) >= count:
                    return list(self.mails)
            time.sleep(0.1)
        with self.lock:
            raise AssertionError(f"expected {count} mails within {timeout:.0f} s, got {len(self.mails)}")


@pytest.fixture
def smtp_server(settings):
    """An SMTP server on a free loopback port; this process's mail goes to it too."""
    mailbox = Mailbox()
    with socket.socket() as probe:  # a free port (the controller checks it is up by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    mailbox.url = f"smtp://127.0.0.1:{port}"
    try:
        yield mailbox
    finally:
        controller.stop()


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


@dataclass
class Worker:
    process: subprocess.Popen
    node: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def pool_processes(self) -> list[int]:
        return _children(self.pid)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def kill_at_mail(smtp_server: Mailbox, worker: Worker, number: int) -> list[str]:
    """Kills the worker's pool process when the SMTP server has the mail `number` but has not answered yet:
    the sender dies not knowing it was accepted. The list returned gets that mail's recipient."""
    killed: list[str] = []

    def kill(mail):
        if len(smtp_server.mails) == number and not killed:
            (child,) = worker.pool_processes()
            os.kill(child, signal.SIGKILL)
            killed.append(mail.recipients[0])

    smtp_server.on_data = kill
    return killed


class Workers:
    """Starts Celery worker processes (prefork, one pool process) against this test's database."""

    def __init__(self, tmp_path: Path, env: dict):
        self.tmp_path = tmp_path
        self.env = env
        self.started: list[Worker] = []

    def start(self, **extra_env) -> Worker:
        from compact.celery import app

        node = f"tests-{uuid.uuid4().hex[:8]}@localhost"
        log = self.tmp_path / f"{node.split('@')[0]}.log"
        queue = self.env["CELERY_QUEUE"]
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "compact",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "-Q",
                queue,
                "-n",
                node,
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env={**self.env, **extra_env},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        worker = Worker(process, node, log)
        self.started.append(worker)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"the worker exited: {worker.output()}")
            replies = app.control.ping(destination=[node], timeout=0.5) or []
            if any(node in reply for reply in replies):
                return worker
        raise AssertionError(f"the worker did not answer within 60 s: {worker.output()}")

    def stop_all(self) -> None:
        for worker in self.started:
            if worker.process.poll() is None:
                worker.process.send_signal(signal.SIGTERM)
                try:
                    worker.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.process.kill()
                    worker.process.wait()


@pytest.fixture
def celery_workers(transactional_db, smtp_server, tmp_path, settings):
    """A factory of real Celery workers; the queue is emptied first, so no task of an earlier test runs."""
    from compact.celery import app

    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("a worker process needs PostgreSQL and Redis")
    app.set_current()  # tasks (shared_task proxies) are sent through the platform's app and its queue
    queue = app.conf.task_default_queue
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)
    db = connection.settings_dict
    credentials = f"{quote(db['USER'], safe='')}:{quote(db['PASSWORD'], safe='')}"
    database_url = f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "compact.settings",
        "DATABASE_URL": database_url,
        "EMAIL_URL": smtp_server.url,
        "CELERY_QUEUE": queue,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SITE_URL": "http://testserver",
        # The worker counts visits and caches where this test process does (a Redis database per xdist worker).
        "CACHE_URL": str(settings.CACHES["default"].get("LOCATION", "")),
    }
    workers = Workers(tmp_path, env)
    try:
        yield workers
    finally:
        workers.stop_all()
        for worker in workers.started:  # shown by pytest when the test fails
            print(f"--- worker {worker.node} ---\n{worker.output()[-6000:]}")
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)


def wait_until(condition, timeout: float = 60, interval: float = 0.2, message: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"{message} did not hold within {timeout:.0f} s")
