"""Configuration comes from the environment only; production settings pass Django's deploy checks."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "db": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "cache": settings.CACHES["default"]["BACKEND"],
    "broker": settings.CELERY_BROKER_URL,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "email": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", ""),
    "email_port": getattr(settings, "EMAIL_PORT", 0),
    "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS,
    "server_side_cursors": not settings.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"],
    "storages": settings.STORAGES,
}))
"""
CONFIG_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "EMAIL_HOST",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECRET_KEY",
    "TRUSTED_PROXY_COUNT",
    "DATABASE_POOL_MODE",
    "MEDIA_STORAGE",
    "S3_ENDPOINT_URL",
    "S3_BUCKET",
    "S3_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
)
PRODUCTION_KEY = "k" * 20 + "-production-test-key-with-enough-length-and-variety-0123456789"


def run_python(code: str, env: dict, settings_module: str = "compact.settings") -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def probe(**env) -> dict:
    result = run_python(PROBE, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_defaults_need_no_services():
    config = probe()
    assert config["db"] == "django.db.backends.sqlite3" and config["db_name"].endswith("db.sqlite3")
    assert config["cache"].endswith("LocMemCache")
    assert config["eager"] is True and config["broker"] == "memory://"
    assert config["debug"] is False


def test_postgres_and_redis_come_from_the_environment():
    config = probe(DATABASE_URL="postgres://u:p@db.example:5432/compact", REDIS_URL="redis://cache:6379/1")
    assert config["db"] == "django.db.backends.postgresql"
    assert config["cache"].endswith("RedisCache")
    assert config["broker"] == "redis://cache:6379/1" and config["eager"] is False


def test_behind_a_transaction_pooler_no_cursor_outlives_its_transaction():
    assert probe(DATABASE_URL="postgres://u:p@db.example:5432/compact")["server_side_cursors"] is True
    pooled = probe(DATABASE_URL="postgres://u:p@pooler:6432/compact", DATABASE_POOL_MODE="transaction")
    assert pooled["server_side_cursors"] is False


def test_an_unknown_pool_mode_is_refused():
    result = run_python(PROBE, {"DATABASE_POOL_MODE": "statement"})
    assert result.returncode != 0 and "DATABASE_POOL_MODE is session or transaction" in result.stderr


def test_email_url_and_other_variables():
    config = probe(
        EMAIL_URL="submission://user:p%40ss@mail.example:2525", DEBUG="1", ALLOWED_HOSTS="a.example, b.example"
    )
    assert config["email"].endswith("smtp.EmailBackend")
    assert (config["email_host"], config["email_port"]) == ("mail.example", 2525)
    assert config["debug"] is True and config["hosts"] == ["a.example", "b.example"]


def test_an_unknown_email_scheme_is_refused():
    result = run_python(PROBE, {"EMAIL_URL": "carrier-pigeon://loft"})
    assert result.returncode != 0 and "EMAIL_URL" in result.stderr


S3_ENVIRONMENT = {
    "MEDIA_STORAGE": "s3",
    "S3_ENDPOINT_URL": "https://objects.example",
    "S3_BUCKET": "compact-media",
    "S3_REGION": "eu-west-1",
    "AWS_ACCESS_KEY_ID": "key-id",
    "AWS_SECRET_ACCESS_KEY": "key-secret",
}


def test_uploaded_files_stay_on_the_local_disk_by_default():
    assert probe()["storages"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.mark.parametrize("settings_module", ["compact.settings", "compact.settings.production"])
def test_media_storage_s3_keeps_uploaded_files_private_in_the_bucket(settings_module):
    env = S3_ENVIRONMENT | {"SECRET_KEY": PRODUCTION_KEY, "TRUSTED_PROXY_COUNT": "0"}
    result = run_python(PROBE, env, settings_module=settings_module)
    assert result.returncode == 0, result.stderr
    storages = json.loads(result.stdout)["storages"]
    media = storages["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    options = media["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "compact-media",
        "https://objects.example",
        "eu-west-1",
    )
    assert (options["access_key"], options["secret_key"]) == ("key-id", "key-secret")
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert options["querystring_auth"] is False  # no signed URL that would outlive a revoked right
    if settings_module.endswith("production"):
        assert storages["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be 'filesystem' or 's3'"),
        ({**S3_ENVIRONMENT, "S3_BUCKET": ""}, "MEDIA_STORAGE=s3 needs S3_BUCKET"),
        (
            {"MEDIA_STORAGE": "S3", "S3_BUCKET": "b"},
            "MEDIA_STORAGE=s3 needs AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY",
        ),
    ],
)
def test_an_incomplete_media_storage_is_refused_at_start(env, named):
    result = run_python(PROBE, env)
    assert result.returncode != 0
    assert named in result.stderr, result.stderr


def test_production_refuses_the_development_key():
    result = run_python(PROBE, {}, settings_module="compact.settings.production")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("proxies", [None, "", "-1", "one"])
def test_production_refuses_to_guess_how_many_proxies_are_in_front(proxies):
    # Unset, the count could be a forgotten 1 (every client would share the proxy's address, and one person's
    # failures lock the account for all) or a forgotten 0 (X-Forwarded-For and -Proto would be believed from
    # anyone). Production starts only once it is said.
    env = {"SECRET_KEY": PRODUCTION_KEY} | ({} if proxies is None else {"TRUSTED_PROXY_COUNT": proxies})
    result = run_python(PROBE, env, settings_module="compact.settings.production")
    assert result.returncode != 0
    assert "ImproperlyConfigured: TRUSTED_PROXY_COUNT" in result.stderr, result.stderr


@pytest.mark.parametrize(("proxies", "ssl_header"), [("0", None), ("1", ["HTTP_X_FORWARDED_PROTO", "https"])])
def test_production_believes_the_forwarded_scheme_only_behind_a_proxy(proxies, ssl_header):
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "from rest_framework.settings import api_settings; "
        "print(json.dumps([settings.TRUSTED_PROXY_COUNT, api_settings.NUM_PROXIES, settings.SECURE_PROXY_SSL_HEADER]))"
    )
    env = {"SECRET_KEY": PRODUCTION_KEY, "TRUSTED_PROXY_COUNT": proxies}
    result = run_python(code, env, settings_module="compact.settings.production")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [int(proxies), int(proxies), ssl_header]


def test_every_way_of_starting_production_says_how_many_proxies_are_in_front():
    # docker-compose.yml puts the balancer in front of the web replicas, appending the address it got the
    # request from; the image's build and CI only run commands.
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "TRUSTED_PROXY_COUNT: ${TRUSTED_PROXY_COUNT:-1}" in compose
    assert "option forwardfor" in (ROOT / "deploy" / "haproxy.cfg").read_text()
    for path, command in (("Dockerfile", "collectstatic --noinput"), (".ci/run", "check --deploy")):
        commands = (ROOT / path).read_text().replace("\\\n", " ").splitlines()
        assert "TRUSTED_PROXY_COUNT=" in next(line for line in commands if command in line), path


@pytest.mark.parametrize("proxies", ["0", "1"])
def test_production_settings_pass_the_deploy_checks(proxies):
    env = {"SECRET_KEY": PRODUCTION_KEY, "TRUSTED_PROXY_COUNT": proxies}
    code = (
        "import sys; from django.core.management import execute_from_command_line; execute_from_command_line(sys.argv)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean.update(env, DJANGO_SETTINGS_MODULE="compact.settings.production")
    result = subprocess.run(
        [sys.executable, "-c", code, "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.redis
def test_the_cache_is_redis_when_configured():
    from django.conf import settings
    from django.core.cache import cache

    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.set("settings-test", {"figure": 1050}, timeout=30)
    assert cache.get("settings-test") == {"figure": 1050}


@pytest.mark.redis
def test_a_celery_worker_answers_through_the_redis_broker(tmp_path):
    """Starts the real worker command against the broker and pings it."""
    from compact.celery import app

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "compact.settings"}
    node = f"settings-test-{os.getpid()}@localhost"
    # On a queue of its own: a task an earlier test left on this process's queue would keep a solo worker
    # from answering. Its output goes to a file: a pipe nobody reads would stop the worker once full.
    queue = f"settings-test-{os.getpid()}"
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "compact", "worker", "--pool=solo", "-Q", queue, "-n", node],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        replies = []
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline and not replies and worker.poll() is None:
            replies = [r for r in (app.control.ping(destination=[node], timeout=1.0) or []) if node in r]
        assert replies, f"the worker (exit {worker.poll()}) did not answer within 45 s:\n{log.read_text()[-4000:]}"
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_is_postgres_when_configured():
    from django.db import connection

    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone()[0] == "UTF8"


# The Debian package of each program the library runs (platform_app/library/extraction/).
PROGRAM_PACKAGES = {"pdftotext": "poppler-utils", "pdfinfo": "poppler-utils", "pdftoppm": "poppler-utils"}


def test_the_image_installs_every_program_the_library_runs():
    # Imported here, as the probes above keep this module free of the project's code at import.
    from platform_app.library.extraction import pdf, pictures

    programs = {pdf.PDFTOTEXT, pdf.PDFINFO, pictures.PDFTOPPM}
    assert programs <= set(PROGRAM_PACKAGES), "name the Debian package of a new program here"
    installed = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    install = next(line for line in installed.splitlines() if "apt-get install" in line)
    for program in sorted(programs):
        assert f" {PROGRAM_PACKAGES[program]} " in f"{install} ", program
