"""Counting authenticated page views without a database write per request.

With Redis (the cache backend), a view adds one to the day's counter and the user's id to the
day's set of visitors; `fold_visits` copies both into `DailyVisitTotal`. The fold sets the day's
figures rather than adding to them, so running it again, or for a day already folded, changes
nothing. Without Redis (development, SQLite), the database keeps a row per user and day instead.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import DailyVisitor, DailyVisitTotal

logger = logging.getLogger(__name__)

# Keys live a little longer than the fold interval could ever be late.
KEY_TTL_SECONDS = 8 * 24 * 3600


def _redis():
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return cache, cache._cache.get_client(write=True)
    return cache, None


def _keys(cache, day: dt.date) -> tuple[str, str]:
    return cache.make_key(f"visits:{day.isoformat()}"), cache.make_key(f"visitors:{day.isoformat()}")


def record_visit(user_id: int, day: dt.date | None = None) -> None:
    day = day or timezone.localdate()
    cache, client = _redis()
    if client is None:
        with transaction.atomic():
            row, _ = DailyVisitor.objects.get_or_create(date=day, user_id=user_id)
            DailyVisitor.objects.filter(pk=row.pk).update(visits=F("visits") + 1)
        return
    visits_key, visitors_key = _keys(cache, day)
    pipe = client.pipeline(transaction=False)
    pipe.incr(visits_key)
    pipe.sadd(visitors_key, user_id)
    pipe.expire(visits_key, KEY_TTL_SECONDS)
    pipe.expire(visitors_key, KEY_TTL_SECONDS)
    pipe.execute()


def day_counts(day: dt.date) -> tuple[int, int]:
    """(page views, distinct visitors) counted so far for `day`."""
    cache, client = _redis()
    if client is None:
        rows = DailyVisitor.objects.filter(date=day)
        return rows.aggregate(total=Sum("visits"))["total"] or 0, rows.count()
    visits_key, visitors_key = _keys(cache, day)
    pipe = client.pipeline(transaction=False)
    pipe.get(visits_key)
    pipe.scard(visitors_key)
    visits, visitors = pipe.execute()
    return int(visits or 0), int(visitors or 0)


def fold_visits(day: dt.date | None = None) -> DailyVisitTotal | None:
    """Writes the day's counts into DailyVisitTotal; a day with no counted visit is left alone."""
    day = day or timezone.localdate()
    visits, visitors = day_counts(day)
    if not visits:
        return None
    total, _ = DailyVisitTotal.objects.update_or_create(
        date=day, defaults={"visits": visits, "unique_visitors": min(visitors, visits)}
    )
    return total


class VisitCounterMiddleware:
    """Counts a visit for each full page a signed-in person is shown.

    Not counted: the API, files and feeds (not pages), htmx fragments (part of a page already
    counted), redirects and errors. A failing counter never fails the page.
    """

    SKIPPED_PREFIXES = ("/api/", "/static/", "/media/", "/health/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and user is not None
            and user.is_authenticated
            and response.get("Content-Type", "").startswith("text/html")
            and "HX-Request" not in request.headers
            and not request.path.startswith(self.SKIPPED_PREFIXES)
        ):
            try:
                record_visit(user.pk)
            except Exception:
                logger.exception("could not count a visit")
        return response
