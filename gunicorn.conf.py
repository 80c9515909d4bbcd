"""gunicorn settings for the web container. Values can be overridden by the environment."""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 60
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
preload_app = True
accesslog = "-"
# Request lines up to 8 KB (gunicorn's largest finite limit, as common proxies allow) reach Django, which
# answers a bad query with a JSON 400; past gunicorn's default of 4 KB it answered 414 with an HTML page.
limit_request_line = 8190


def post_fork(server, worker):
    # Objects loaded before the fork never become garbage; freezing them keeps collector pauses short.
    gc.freeze()
