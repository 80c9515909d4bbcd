"""Values that many requests share, kept in the cache (Redis) and dropped when what they come from changes.

The cache only spares the database: when Redis does not answer, the value is computed as if it had
never been cached, and the page is served all the same. A change drops the value once its
transaction commits, so no request can put back what the rolled-back or not-yet-committed state
held; TIMEOUT bounds how long a change made without signals (bulk writes) goes unseen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


T = TypeVar("T")


UNREACHABLE = (RedisError, OSError)


TIMEOUT = 300


_MISSING = object()


# The keys several apps read: the figures every dashboard shows, and an organization's working groups. A
# feature's own keys stand beside the value they hold: the dashboard's figures section (dashboard.figures),
# thematic-area names (metrics.labels), the directory's shared names (directory.selectors) and a working
# group's facts (workinggroups.selectors).
SNAPSHOTS = "compact:snapshots"


def organization_groups_key(organization_id: int) -> str:
    return f"compact:organization-groups:{organization_id}"


def cached(key: str, compute: Callable[[], T], timeout: int = TIMEOUT) -> T:
    try:
        value = cache.get(key, _MISSING)
    except UNREACHABLE:
        logger.warning("the cache is unreachable; %s is read from the database", key)
        return compute()
    if value is _MISSING:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except UNREACHABLE:
            logger.warning("the cache is unreachable; %s is not kept", key)
    return value


def forget(*keys: str) -> None:
    """Drops `keys` once the current transaction commits (at once outside one)."""

    def drop():
        try:
            cache.delete_many(list(keys))
        except UNREACHABLE:
            logger.warning("the cache is unreachable; %s may be served stale for up to %s s", keys, TIMEOUT)

    transaction.on_commit(drop)
