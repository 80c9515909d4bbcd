"""Counting authenticated page views without a database write per request.

With Redis (the cache backend), a view adds one to the day's counter and the user's id to the
day's set of visitors; `fold_visits` copies both into `DailyVisitTotal`. The fold sets the day's
figures rather than adding to them, so running it again, or for a day already folded, changes
nothing. Without Redis (development, SQLite), or while Redis does not answer, the database keeps a
row per user and day instead, and the fold adds the two together.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from redis.exceptions import RedisError

from platform_app.metrics.models import DailyVisitor, DailyVisitTotal

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


def _record_in_database(user_id: int, day: dt.date) -> None:
    with transaction.atomic():
        row, _ = DailyVisitor.objects.get_or_create(date=day, user_id=user_id)
        DailyVisitor.objects.filter(pk=row.pk).update(visits=F("visits") + 1)


def record_visit(user_id: int, day: dt.date | None = None) -> None:
    """Counts one page view. When Redis does not answer, the database keeps the count instead and
    the next fold adds it to Redis's, so a visit is counted later rather than lost."""
    day = day or timezone.localdate()
    cache, client = _redis()
    if client is None:
        _record_in_database(user_id, day)
        return
    visits_key, visitors_key = _keys(cache, day)
    try:
        pipe = client.pipeline(transaction=False)
        pipe.incr(visits_key)
        pipe.sadd(visitors_key, user_id)
        pipe.expire(visits_key, KEY_TTL_SECONDS)
        pipe.expire(visitors_key, KEY_TTL_SECONDS)
        pipe.execute()
    except RedisError:
        logger.warning("the visit counter is unreachable; counting in the database", exc_info=True)
        _record_in_database(user_id, day)


def day_counts(day: dt.date) -> tuple[int, int]:
    """(page views, distinct visitors) counted so far for `day`, in Redis and in the database together."""
    rows = DailyVisitor.objects.filter(date=day)
    db_visits = rows.aggregate(total=Sum("visits"))["total"] or 0
    cache, client = _redis()
    if client is None:
        return db_visits, rows.count()
    visits_key, visitors_key = _keys(cache, day)
    if not db_visits:
        pipe = client.pipeline(transaction=False)
        pipe.get(visits_key)
        pipe.scard(visitors_key)
        visits, visitors = pipe.execute()
        return int(visits or 0), int(visitors or 0)
    # Some visits were counted in the database while Redis was away: the visitors are the union.
    pipe = client.pipeline(transaction=False)
    pipe.get(visits_key)
    pipe.smembers(visitors_key)
    visits, members = pipe.execute()
    visitors = {int(m) for m in members} | set(rows.values_list("user_id", flat=True))
    return int(visits or 0) + db_visits, len(visitors)


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


def fold_recent_visits(days: int = 2) -> list[DailyVisitTotal]:
    """Folds today and the days before it (yesterday's last visits arrive after its last fold), and
    forgets the database's own counts once Redis's keys for those days have expired anyway."""
    today = timezone.localdate()
    folded = [total for offset in range(days) if (total := fold_visits(today - dt.timedelta(days=offset)))]
    DailyVisitor.objects.filter(date__lt=today - dt.timedelta(seconds=KEY_TTL_SECONDS)).delete()
    return folded


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
