"""The Celery app. Settings are read from Django's, under the CELERY_ namespace.

Without REDIS_URL the settings make every task run eagerly in the calling process, so
`make run` needs no broker; with it, tasks go to Redis for a worker and beat.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact.settings")

app = Celery("compact")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
