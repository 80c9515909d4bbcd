"""Writing a person's notifications: one for each person a happening concerns, and marking them read.

The bell of every page reads a person's unread count from the cache (selectors.unread_count); every
write here drops that count once its transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from platform_app.core.caching import forget
from platform_app.mail.models import EmailDelivery, Notification


def unread_key(user_id: int) -> str:
    return f"compact:unread-notifications:{user_id}"


def record_notices(
    people: Iterable,
    *,
    kind: str,
    object_id: int,
    title: str,
    path: str,
    working_group_id: int | None = None,
    occasion: str = "",
    action: str = "",
    awaiting_digest: Iterable[int] = (),
) -> None:
    """One notification of a happening for each of `people` (the happening's whole audience, whatever
    mails each chose). A person who has it already keeps theirs, read or not: a task run twice adds nothing.
    `awaiting_digest` names the people whose next digest mail is to carry it."""
    people = list(people)
    digest = set(awaiting_digest)
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=person.pk,
                kind=kind,
                object_id=object_id,
                occasion=occasion,
                action=action,
                working_group_id=working_group_id,
                title=title[:500],
                path=path,
                awaits_digest=person.pk in digest,
            )
            for person in people
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    forget(*(unread_key(person.pk) for person in people))


def carried_by(deliveries: dict[int, EmailDelivery], *, kind: str, object_id: int, occasion: str = "") -> None:
    """Notes, on each person's notification of a happening, the mail that told them of it (person id → mail)."""
    for user_id, delivery in deliveries.items():
        Notification.objects.filter(
            user_id=user_id, kind=kind, object_id=object_id, occasion=occasion, delivery__isnull=True
        ).update(delivery=delivery)


def mark_read(user, notice: Notification) -> bool:
    """Marks one of `user`'s own notifications read; whether it was unread. Another person's is left alone."""
    changed = Notification.objects.visible_to(user).unread().filter(pk=notice.pk).update(read_at=timezone.now())
    if changed:
        forget(unread_key(notice.user_id))
    return bool(changed)


def mark_all_read(user) -> int:
    """Marks every unread notification of `user` read; how many there were."""
    changed = Notification.objects.visible_to(user).unread().update(read_at=timezone.now())
    if changed:
        forget(unread_key(user.pk))
    return changed
