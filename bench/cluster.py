"""The services the load test starts, each a process of the run's own on loopback: Redis, the gunicorn
nodes, the Celery worker (Services), and for the several-machine shape PgBouncer between the nodes and
PostgreSQL, haproxy in front of the nodes, and the media storage they share (a folder, or an S3
endpoint served by moto)."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from common import ROOT, free_port

BIN = Path(sys.executable).parent
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def spawn(logs: Path, command: list[str], logfile: str, env: dict) -> subprocess.Popen:
    """Starts `command` in a session of its own (so its whole process group can be killed), its output
    appended to logs/logfile after a line naming the command."""
    handle = open(logs / logfile, "ab")  # noqa: SIM115 - kept open for the process's life
    handle.write(f"\n=== {time.strftime('%H:%M:%S')} {shlex.join(command)}\n".encode())
    handle.flush()
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def wait_listening(port: int, proc: subprocess.Popen, name: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}; see its log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not listen on port {port} within {seconds:.0f}s")


def stop_process(proc: subprocess.Popen | None, seconds: float = 10) -> None:
    """SIGTERM to the process group, SIGKILL after `seconds`."""
    if proc is None or proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def version(command: list[str]) -> str:
    """The first line a program prints about its version."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0] if lines else "unknown"


class PgBouncer:
    """PgBouncer in transaction mode in front of the PostgreSQL server of `server_url`. It refuses to run
    as root, so as root it runs as the postgres user, its configuration in a folder of that user's."""

    USER = "postgres"

    def __init__(self, server_url: str, logs: Path):
        self.server, self.logs = urlsplit(server_url), logs
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.folder = Path(tempfile.mkdtemp(prefix="compact-pgbouncer-"))

    @property
    def url(self) -> str:
        """The server's URL with the pooler's port: the same database, user and password."""
        netloc = self.server.netloc.rsplit("@", 1)
        return urlunsplit(self.server._replace(netloc=f"{netloc[0]}@127.0.0.1:{self.port}"))

    def start(self, pool_size: int) -> None:
        user, password = unquote(self.server.username or ""), unquote(self.server.password or "")
        # The userlist holds the plain password: PgBouncer then answers the clients' SCRAM exchange and
        # does its own with the server.
        (self.folder / "userlist.txt").write_text(f'"{user}" "{password}"\n')
        (self.folder / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"* = host={self.server.hostname} port={self.server.port or 5432}\n\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\nunix_socket_dir =\n"
            f"auth_type = scram-sha-256\nauth_file = {self.folder / 'userlist.txt'}\n"
            f"pool_mode = transaction\nmax_client_conn = 500\ndefault_pool_size = {pool_size}\n"
        )
        command = [PGBOUNCER, str(self.folder / "pgbouncer.ini")]
        if os.geteuid() == 0:
            self.folder.chmod(0o700)
            for path in (self.folder, *self.folder.iterdir()):
                shutil.chown(path, self.USER)
            command = ["runuser", "-u", self.USER, "--", *command]
        self.proc = spawn(self.logs, command, "pgbouncer.log", os.environ.copy())
        wait_listening(self.port, self.proc, "pgbouncer")

    def stop(self) -> None:
        stop_process(self.proc)
        shutil.rmtree(self.folder, ignore_errors=True)


class Balancer:
    """haproxy on a free port, round robin over the web nodes, with a stats socket for their states."""

    def __init__(self, nodes: dict[str, int], logs: Path):
        self.nodes, self.logs = nodes, logs
        self.port = free_port()
        self.socket = logs / "haproxy.sock"
        self.proc: subprocess.Popen | None = None

    def config(self) -> str:
        servers = "".join(f"    server {name} 127.0.0.1:{port} check\n" for name, port in self.nodes.items())
        return f"""global
    stats socket {self.socket} mode 600 level admin
    log stdout format raw local0

defaults
    mode http
    log global
    option httplog
    # A node that does not accept the connection within 2 s is tried again, then another one.
    timeout connect 2s
    # Longer than the load's request timeout, so the client's own timeout decides.
    timeout client 60s
    timeout server 60s
    # The client connection kept open 2 s between requests, as gunicorn would.
    timeout http-keep-alive 2s
    timeout check 5s

frontend web
    bind 127.0.0.1:{self.port}
    # The nodes read the client's address from the last entry (TRUSTED_PROXY_COUNT=1).
    option forwardfor
    default_backend nodes

backend nodes
    balance roundrobin
    # Marked down after two failed checks a second apart, up again after two that pass.
    # /health/node/: what is the node's own; a shared service down would fail every node alike.
    option httpchk GET /health/node/
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
    # Retries, at most two, each on another node (redispatch 1: on every retry). A connection a node
    # refused (conn-failure: nothing was sent, as when the node is dead) is always tried again. A request
    # the node closed the connection on after receiving it, without answering (empty-response: a node
    # killed while serving), may have been applied: it is sent again only if it is a GET or HEAD
    # (METH_GET); for any other method disable-l7-retry leaves only conn-failure, so a POST or PATCH that
    # reached a node is never sent twice.
    retries 2
    option redispatch 1
    retry-on conn-failure empty-response
    http-request disable-l7-retry if !METH_GET
    # A new connection to the node per request: gunicorn closes a kept-alive one after 2 s idle, and a
    # request sent on it at that moment would fail after being sent.
    option http-server-close
    # Which node answered, for the figures per node.
    http-response set-header X-Served-By %s
{servers}"""

    def start(self) -> None:
        (self.logs / "haproxy.cfg").write_text(self.config())
        command = [HAPROXY, "-db", "-f", str(self.logs / "haproxy.cfg")]
        self.proc = spawn(self.logs, command, "haproxy.log", os.environ.copy())
        wait_listening(self.port, self.proc, "haproxy")

    def states(self) -> dict[str, str]:
        """Each node's state as haproxy sees it (UP, DOWN, or a transition such as "UP 1/2")."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(2)
            sock.connect(str(self.socket))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        lines = data.decode().splitlines()
        if not lines:
            return {}
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
        ours = [row for row in rows if row["pxname"] == "nodes" and row["svname"] in self.nodes]
        return {row["svname"]: row["status"] for row in ours}

    def stop(self) -> None:
        stop_process(self.proc)


class DiskStorage:
    """A folder on this machine that every node and the worker use as MEDIA_ROOT."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def describe(self) -> str:
        return f"a folder on this machine (MEDIA_ROOT={self.root}), the same for every node and the worker"

    def start(self) -> None:
        pass

    def env(self) -> dict:
        # Named, so that an S3 storage set in the caller's environment is not used.
        return {"MEDIA_STORAGE": "filesystem", "MEDIA_ROOT": str(self.root)}

    def read(self, name: str) -> bytes | None:
        path = self.root / name
        return path.read_bytes() if path.is_file() else None

    def stop(self) -> None:
        pass


class S3Storage:
    """An S3 endpoint of the run's own (moto in server mode) and a bucket in it, for MEDIA_STORAGE=s3."""

    BUCKET = "compact-load"
    REGION = "us-east-1"
    # moto accepts any key; these only have to match between the run and the nodes.
    KEY_ID, SECRET = "compact-load", "compact-load-secret"

    def __init__(self, logs: Path):
        self.logs = logs
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.client = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def describe(self) -> str:
        return f"S3 (moto_server at {self.endpoint}, bucket {self.BUCKET})"

    def start(self) -> None:
        moto = BIN / "moto_server"
        if not moto.exists():
            sys.exit(f"--storage s3 needs {moto}: install moto[server] in the virtualenv, or use --storage disk")
        import boto3  # only here: the disk storage works without it

        command = [str(moto), "-H", "127.0.0.1", "-p", str(self.port)]
        self.proc = spawn(self.logs, command, "moto.log", os.environ.copy())
        wait_listening(self.port, self.proc, "moto_server")
        self.client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=self.REGION,
            aws_access_key_id=self.KEY_ID,
            aws_secret_access_key=self.SECRET,
        )
        self.client.create_bucket(Bucket=self.BUCKET)

    def env(self) -> dict:
        return {
            "MEDIA_STORAGE": "s3",
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_BUCKET": self.BUCKET,
            "S3_REGION": self.REGION,
            "AWS_ACCESS_KEY_ID": self.KEY_ID,
            "AWS_SECRET_ACCESS_KEY": self.SECRET,
        }

    def read(self, name: str) -> bytes | None:
        """The object stored under the file's name (the key the storage gave it)."""
        try:
            return self.client.get_object(Bucket=self.BUCKET, Key=name)["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def stop(self) -> None:
        stop_process(self.proc)


class Services:
    """The Redis server, the gunicorn nodes and the Celery worker this run owns (each in a session of its
    own), and with several nodes the balancer and the pooler in front of them and of PostgreSQL."""

    def __init__(self, args, env: dict, logs: Path):
        self.args, self.env, self.logs = args, env, logs
        self.redis_port = int(env["REDIS_URL"].rsplit(":", 1)[1].split("/")[0])
        self.redis = self.worker = None
        self.worker_runs = 0
        # One node is named "" (its logs gunicorn.log, access.log); several are a, b, ...
        names = [""] if args.nodes == 1 else [chr(ord("a") + i) for i in range(args.nodes)]
        self.ports = {name: free_port() for name in names}
        self.webs: dict[str, subprocess.Popen] = {}
        self.balancer = Balancer(self.ports, logs) if args.nodes > 1 else None
        self.pooler: PgBouncer | None = None

    @property
    def base(self) -> str:
        """Where the users send their requests: the balancer, or the one node."""
        port = self.balancer.port if self.balancer else self.ports[""]
        return f"http://127.0.0.1:{port}"

    def _spawn(self, command: list[str], logfile: str, env: dict | None = None) -> subprocess.Popen:
        return spawn(self.logs, command, logfile, env or self.env)

    def start_redis(self) -> None:
        command = [self.args.redis_server, "--bind", "127.0.0.1", "--port", str(self.redis_port)]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.logs)]
        self.redis = self._spawn(command, "redis.log", env=os.environ.copy())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.redis_port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start; see redis.log")

    def kill_redis(self) -> None:
        self.redis.kill()
        self.redis.wait()

    def start_pooler(self, server_url: str) -> None:
        """PgBouncer in transaction mode; the nodes and the worker then reach PostgreSQL through it."""
        self.pooler = PgBouncer(server_url, self.logs)
        # A server connection for each thread of every node and each worker process, and a few spare.
        self.pooler.start(self.args.nodes * self.args.workers * self.args.threads + self.args.worker_concurrency + 4)
        self.env.update(DATABASE_URL=self.pooler.url, DATABASE_DIRECT_URL=server_url, DATABASE_POOL_MODE="transaction")

    @staticmethod
    def node_log(name: str, kind: str) -> str:
        return f"{kind}-{name}.log" if name else f"{kind}.log"

    def start_web(self, name: str) -> None:
        command = [str(BIN / "gunicorn"), "compact.wsgi:application", "-c", str(ROOT / "gunicorn.conf.py")]
        command += ["--bind", f"127.0.0.1:{self.ports[name]}", "--workers", str(self.args.workers)]
        command += ["--threads", str(self.args.threads)]
        command += ["--access-logfile", str(self.logs / self.node_log(name, "access"))]
        command += ["--access-logformat", '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms']
        self.webs[name] = self._spawn(command, self.node_log(name, "gunicorn"))

    def kill_web(self, name: str) -> None:
        """SIGKILL to the node's process group (its arbiter and workers)."""
        os.killpg(self.webs[name].pid, signal.SIGKILL)
        self.webs[name].wait()

    def start_worker(self) -> None:
        self.worker_runs += 1
        command = [str(BIN / "celery"), "-A", "compact", "worker", "--loglevel", "INFO"]
        command += ["--concurrency", str(self.args.worker_concurrency), "--hostname", f"load{self.worker_runs}@%h"]
        self.worker = self._spawn(command, "worker.log")

    def start(self, server_url: str) -> None:
        self.start_redis()
        if self.balancer:
            self.start_pooler(server_url)
        for name in self.ports:
            self.start_web(name)
        self.start_worker()
        if self.balancer:
            self.balancer.start()

    def processes(self) -> dict[str, subprocess.Popen | None]:
        """The processes a fault may kill, by the name the timeline gives them."""
        webs = {f"gunicorn {name}".strip(): proc for name, proc in self.webs.items()}
        return {"Celery worker": self.worker, "Redis server": self.redis, **webs}

    def kill_worker(self) -> bool:
        """SIGKILL to the worker's process group; False when it had already exited."""
        if self.worker.poll() is not None:
            return False
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait()
        return True

    def stop(self) -> None:
        if self.balancer:
            self.balancer.stop()
        running = [proc for proc in (*self.webs.values(), self.worker) if proc is not None]
        for proc in running:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in running:
            try:
                proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if self.pooler:
            self.pooler.stop()
        if self.redis is not None and self.redis.poll() is None:
            self.redis.terminate()
            try:
                self.redis.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.redis.kill()


def storage(kind: str, workdir: Path, logs: Path) -> DiskStorage | S3Storage:
    return S3Storage(logs) if kind == "s3" else DiskStorage(workdir / "media")
