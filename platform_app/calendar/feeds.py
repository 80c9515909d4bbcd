"""The personal calendar feed's secret address.

Calendar programs (Outlook, Google, phones) subscribe by URL and send no session, so the URL itself
says who is asking: `<user id>-<signature>`. The signature is an HMAC of the user's id and their
`calendar_feed_key` under the project's SECRET_KEY, so the database never holds the URL, and
resetting the key (User.reset_calendar_feed_key) ends every old URL at once.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "compact.calendar-feed"


SIGNATURE_LENGTH = 40


# A user id (a bigint, so at most 19 digits) and the hex signature; nothing else is a token.
TOKEN = re.compile(rf"^([1-9][0-9]{{0,18}})-([0-9a-f]{{{SIGNATURE_LENGTH}}})$")


MAX_ID = 2**63 - 1


def _signature(user_id: int, key: str) -> str:
    return salted_hmac(SALT, f"{user_id}:{key}", algorithm="sha256").hexdigest()[:SIGNATURE_LENGTH]


def feed_token_for(user) -> str:
    """The user's current feed token; gives the user a key first if they have none yet."""
    if not user.calendar_feed_key:
        user.reset_calendar_feed_key()
    return f"{user.pk}-{_signature(user.pk, user.calendar_feed_key)}"


def user_for_feed_token(token) -> object | None:
    """The active user a token belongs to, or None for anything else (malformed, forged, outdated)."""
    if not isinstance(token, str):
        return None
    match = TOKEN.match(token)
    if match is None:
        return None
    user_id = int(match.group(1))
    if user_id > MAX_ID:
        return None
    # The focal point and its organization are what visibility needs to know about the user.
    user = (
        get_user_model().objects.select_related("focal_point__organization").filter(pk=user_id, is_active=True).first()
    )
    if user is None or not user.calendar_feed_key:
        return None
    if not constant_time_compare(_signature(user.pk, user.calendar_feed_key), match.group(2)):
        return None
    return user


def feed_url(request: HttpRequest, user) -> str:
    """The absolute address a calendar program subscribes to."""
    return request.build_absolute_uri(reverse("calendar:feed", kwargs={"token": feed_token_for(user)}))
