"""The time the demo data is drawn around, in one place so that a test can set the day of a run."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
