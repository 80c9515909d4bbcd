"""The values of the cache a home page reads (the figures' section, the snapshots, the names of thematic
areas, the organization's memberships), read in one round trip rather than one each: on a busy server a
round trip to the cache costs about what a small query does.

As core.caching does, it only spares the database: when the cache does not answer, each value is worked out
as if it had never been kept, and the page is served all the same.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from platform_app.core import caching

logger = logging.getLogger(__name__)


def read(keys: list[str]) -> dict:
    """The values of `keys` the cache holds; none when it does not answer."""
    try:
        return cache.get_many(keys)
    except caching.UNREACHABLE:
        logger.warning("the cache is unreachable; %s are read from the database", ", ".join(keys))
        return {}


def keep(key: str, value) -> None:
    try:
        cache.set(key, value, caching.TIMEOUT)
    except caching.UNREACHABLE:
        logger.warning("the cache is unreachable; %s is not kept", key)


def found_or_kept(found: dict, key: str, compute: Callable[[], Any]) -> Any:
    """`key`'s value as `read` found it, else worked out and kept for the next requests."""
    if key in found:
        return found[key]
    value = compute()
    keep(key, value)
    return value
