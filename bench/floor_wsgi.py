"""The site under gunicorn with the benchmark's floors added to its URLs (bench/floors.py), so that the
throughput run measures each address and its floor through the same server, workers and middleware."""

import os

import django
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact.settings")
django.setup()

import floors  # noqa: E402 - after setup: it reads the site's URLs

floors.install()
application = get_wsgi_application()
