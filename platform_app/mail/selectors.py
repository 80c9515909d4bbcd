"""Reading a person's notifications: the notification centre's list, what it may show of each, and the
bell's unread count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from platform_app.core.addresses import by_pk
from platform_app.core.caching import cached
from platform_app.core.paging import count_up_to
from platform_app.core.viewer import viewer_for
from platform_app.mail.items import notice_kind
from platform_app.mail.models import Notification
from platform_app.mail.services import unread_key

# The bell shows the count up to here, then "99+": counting further would read rows nobody needs.
UNREAD_SHOWN_UP_TO = 99


def unread_count(user) -> int:
    """How many of the person's notifications are unread, counted up to UNREAD_SHOWN_UP_TO + 1. Cached
    until a notification of theirs is written or read, so most pages ask the database nothing."""
    viewer = viewer_for(user)
    if viewer.user_id is None:
        return 0

    def count() -> int:
        return count_up_to(Notification.objects.visible_to(viewer).unread(), UNREAD_SHOWN_UP_TO)

    return cached(unread_key(viewer.user_id), count)


@dataclass(frozen=True)
class Unread:
    """The unread count as the bell and the centre write it: "99+" past UNREAD_SHOWN_UP_TO."""

    count: int

    @property
    def shown(self) -> str:
        return f"{UNREAD_SHOWN_UP_TO}+" if self.count > UNREAD_SHOWN_UP_TO else str(self.count)


def unread(user) -> Unread:
    return Unread(unread_count(user))


def notices_of(user, *, unread_only: bool = False):
    """The person's own notifications, newest first."""
    notices = Notification.objects.visible_to(user).select_related("working_group").order_by("-created_at", "-id")
    return notices.unread() if unread_only else notices


@dataclass(frozen=True)
class Shown:
    """What the notification centre shows of one notification."""

    notice: Notification
    headline: str  # what happened, in the reader's language
    title: str  # the object's title, or "" when the person may no longer open it
    open_url: str  # following it: marks it read and goes to its object
    read_url: str  # marking it read

    @property
    def unread(self) -> bool:
        return self.notice.read_at is None


def shown(user, notices: Iterable[Notification]) -> list[Shown]:
    """Each notification with what happened and, only where the person may still open the object by its
    model's rule, its title. One question per kind of object, however many notifications there are; each
    address reversed once for them all."""
    notices = list(notices)
    wanted: dict[object, set[int]] = defaultdict(set)
    for notice in notices:
        kind = notice_kind(notice.kind)
        if kind is not None:
            wanted[kind.model].add(notice.object_id)
    readable = {
        model: set(model._default_manager.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
        for model, ids in wanted.items()
    }
    open_url, read_url = by_pk("notifications:open"), by_pk("notifications:read")
    rows = []
    for notice in notices:
        kind = notice_kind(notice.kind)
        if kind is None:
            headline, title = str(notice.get_kind_display()), ""
        else:
            headline = str(kind.headline(notice))
            title = notice.title if notice.object_id in readable[kind.model] else ""
        rows.append(Shown(notice, headline, title, open_url(notice.pk), read_url(notice.pk)))
    return rows
