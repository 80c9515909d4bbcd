"""Mails the platform sends by itself: working group news (at once or as digests), event reminders,
and the reconfirmation round for focal points who no longer sign in.

Every mail is first written down as an EmailDelivery under a key naming what it is for, then sent;
see EmailDelivery for how a mail is sent at most once even when a worker dies. Each mail carries a
one-click unsubscribe link (RFC 8058) for its own kind of mail, and a person's choice is checked
again at the moment of sending.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from platform_app.core.tasks import queue_after_commit
from platform_app.core.viewer import who_may_see
from platform_app.mail import outbox
from platform_app.mail.items import NewsItem, news_item, register_item_kind, register_notice_kind
from platform_app.mail.models import EmailDelivery, Notification
from platform_app.mail.services import carried_by, record_notices
from platform_app.structure.models import WorkingGroupMembership

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

logger = logging.getLogger(__name__)


Kind = EmailDelivery.Kind


Status = EmailDelivery.Status


# Each kind of mail is unsubscribed from on its own: what the one-click link switches off.
CATEGORY_OF_KIND = {
    Kind.ACTIVITY: "news",
    Kind.DIGEST: "news",
    Kind.REMINDER: "reminders",
    Kind.RECONFIRMATION: "reconfirmation",
    # The moves of a support request are news of one's own organization's work.
    Kind.SUPPORT: "news",
}


UNSUBSCRIBE_SALT = "platform.unsubscribe"


# --- who wants what ---------------------------------------------------------------------------


def wants(user: AbstractUser, kind: str) -> bool:
    """Whether `user` still wants this kind of mail, read at the moment of sending."""
    if not user.is_active or not user.email:
        return False
    category = CATEGORY_OF_KIND[kind]
    if category == "news":
        return user.notification_frequency != get_user_model().NotificationFrequency.NEVER
    if category == "reminders":
        return user.event_reminders
    return user.reconfirmation_emails


def unsubscribe(user: AbstractUser, category: str) -> None:
    if category == "news":
        user.notification_frequency = get_user_model().NotificationFrequency.NEVER
        user.save(update_fields=["notification_frequency"])
    elif category == "reminders":
        user.event_reminders = False
        user.save(update_fields=["event_reminders"])
    elif category == "reconfirmation":
        user.reconfirmation_emails = False
        user.save(update_fields=["reconfirmation_emails"])
    else:
        raise ValueError(f"unknown category {category!r}")


def unsubscribe_token(user_id: int, category: str) -> str:
    """The signed token of a person's link out of a kind of mail: the same whenever it is made, so that a
    mail's text (written when the mail is recorded) and its List-Unsubscribe header (when it is sent) name
    one link."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object([user_id, category])


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, category); raises signing.BadSignature for a token the platform did not make. A token of
    the earlier form, which carried the time it was made (signing.dumps), still reads."""
    try:
        if token.count(signing.Signer().sep) > 1:
            value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        else:
            value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (ValueError, UnicodeDecodeError) as error:  # signed, yet not what the platform signs
        raise signing.BadSignature("malformed unsubscribe token") from error
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or value[1] not in set(CATEGORY_OF_KIND.values())
    ):
        raise signing.BadSignature("malformed unsubscribe token")
    return value[0], value[1]


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def mail_domain() -> str:
    """The domain of the platform's sender address, under which its mails are named."""
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "compact.invalid"


def unsubscribable_message(
    subject: str, text: str, html: str, *, to: str, connection, name: str, key: str, unsubscribe: str, headers: dict
) -> EmailMultiAlternatives:
    """A mail its reader leaves in one click (List-Unsubscribe, RFC 8058) at the address `unsubscribe`,
    with `html` as its HTML part when there is one. Its Message-ID is `name` and a digest of `key`: the
    same mail always has the same Message-ID, so a receiving server can spot a copy."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[to],
        connection=connection,
        headers={
            "Message-ID": f"<{name}-{digest}@{mail_domain()}>",
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            **headers,
        },
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


# --- composing ----------------------------------------------------------------------------------


def _render(user: AbstractUser, template: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) in the person's language, with the unsubscribe link of `context['kind']`."""
    category = CATEGORY_OF_KIND[context["kind"]]
    context = {
        **context,
        "user": user,
        "site_url": settings.SITE_URL.rstrip("/"),
        "unsubscribe_url": absolute(reverse("unsubscribe", args=[unsubscribe_token(user.pk, category)])),
        "preferences_url": absolute(reverse("account:profile")),
    }
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return subject[:255], text, html


def _record(key: str, kind: str, user: AbstractUser, template: str, context: dict) -> EmailDelivery:
    """The delivery under `key`, written now if it was not already (rendering only then)."""
    existing = EmailDelivery.objects.filter(key=key).first()
    if existing is not None:
        return existing
    subject, text, html = _render(user, template, {**context, "kind": kind})
    try:
        with transaction.atomic():
            return EmailDelivery.objects.create(
                key=key, kind=kind, recipient=user, address=user.email, subject=subject, body_text=text, body_html=html
            )
    except IntegrityError:  # written meanwhile by a second run of the same task
        return EmailDelivery.objects.get(key=key)


# --- sending ------------------------------------------------------------------------------------


def _message(delivery: EmailDelivery, connection) -> EmailMultiAlternatives:
    category = CATEGORY_OF_KIND[delivery.kind]
    link = absolute(reverse("unsubscribe", args=[unsubscribe_token(delivery.recipient_id, category)]))
    return unsubscribable_message(
        delivery.subject,
        delivery.body_text,
        delivery.body_html,
        to=delivery.address,
        connection=connection,
        name=f"delivery-{delivery.pk}",
        key=delivery.key,
        unsubscribe=link,
        headers={"Auto-Submitted": "auto-generated"},
    )


def release_interrupted() -> int:
    """Marks mails left claimed by a worker that died as unconfirmed: they may have gone out, so
    they are not sent again on their own."""
    return outbox.release_interrupted(EmailDelivery.objects.all())


def _unwanted(delivery: EmailDelivery) -> bool:
    """Whether the recipient no longer wants this kind of mail, read afresh."""
    return not wants(get_user_model().objects.get(pk=delivery.recipient_id), delivery.kind)


def send_pending(deliveries: Iterable[EmailDelivery]) -> dict[str, int]:
    """Sends each pending delivery once, over one connection. A mail server fault puts the mail
    back to pending and is raised, for the task to retry the rest later."""
    return outbox.send_each(deliveries, message=_message, skip=_unwanted)


def send_recorded(delivery_id: int) -> str:
    delivery = EmailDelivery.objects.filter(pk=delivery_id).first()
    if delivery is None:
        return "missing"
    send_pending([delivery])
    delivery.refresh_from_db()
    return delivery.status


# --- working group news -------------------------------------------------------------------------


def _in_office(people):
    """Active people, with what `viewer_for` reads of them. Those without an address are told in the
    notification centre all the same; only their mails are left out."""
    return people.filter(is_active=True).select_related("focal_point__organization")


def _who_may_open(obj, people):
    """Of `people`, those who may open `obj` by its model's visibility rule (as a queryset of users)."""
    allowed = who_may_see(obj, _in_office(people))
    return get_user_model().objects.filter(pk__in=[person.pk for person in allowed])


def group_audience(working_group_id: int):
    """People in office in the member and observer organizations of a working group."""
    member_orgs = WorkingGroupMembership.objects.filter(working_group_id=working_group_id).values("organization_id")
    people = get_user_model().objects.filter(focal_point__is_active=True, focal_point__organization_id__in=member_orgs)
    return _in_office(people)


def notify_item(kind: str, object_id: int) -> dict:
    """Notifies every member who may open the item, in the notification centre; mails those who want news
    at once and keeps it for the digest of those who chose one."""
    news = news_item(kind, object_id)
    if news is None:
        return {"notified": 0}
    group, title, path = news.working_group, news.title, news.path
    frequencies = get_user_model().NotificationFrequency
    people = list(_who_may_open(news.obj, group_audience(group.pk)).order_by("pk"))
    digest = [p.pk for p in people if p.email and p.notification_frequency in (frequencies.DAILY, frequencies.WEEKLY)]
    record_notices(
        people,
        kind=kind,
        object_id=object_id,
        title=title,
        path=path,
        working_group_id=group.pk,
        awaiting_digest=digest,
    )
    immediate = [p for p in people if p.email and p.notification_frequency == frequencies.IMMEDIATE]
    deliveries = {}
    for person in immediate:
        deliveries[person.pk] = _record(
            f"item:{kind}:{object_id}:u{person.pk}",
            Kind.ACTIVITY,
            person,
            "item",
            {"item_kind": kind, "title": title, "url": absolute(path), "group": group},
        )
    carried_by(deliveries, kind=kind, object_id=object_id)
    sent = send_pending(deliveries.values())
    return {"notified": len(people), "mailed": sent.get(Status.SENT, 0)}


def _period(frequency: str, today: dt.date) -> str:
    if frequency == get_user_model().NotificationFrequency.WEEKLY:
        year, week, _day = today.isocalendar()
        return f"{year}-W{week:02d}"
    return today.isoformat()


def send_digests(frequency: str) -> dict:
    """One mail per person who chose this digest and has news waiting. A rerun for the same period
    sends what the first run did not; news already carried by a mail is never carried again."""
    frequencies = get_user_model().NotificationFrequency
    if frequency not in (frequencies.DAILY, frequencies.WEEKLY):
        raise ValueError(f"no digest is sent {frequency!r}")
    release_interrupted()
    period = _period(frequency, timezone.localdate())
    prefix = f"digest:{frequency}:{period}:"
    waiting = (
        get_user_model()
        .objects.filter(
            notification_frequency=frequency,
            notifications__awaits_digest=True,
            notifications__delivery__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )
    for person in waiting:
        key = f"{prefix}u{person.pk}"
        if EmailDelivery.objects.filter(key=key).exists():
            continue  # this period's mail is written; news since then waits for the next one
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update(of=("self",))
                .filter(user=person, awaits_digest=True, delivery__isnull=True, working_group__isnull=False)
                .select_related("working_group")
                .order_by("working_group__number", "created_at", "pk")
            )
            if not items:
                continue
            by_group: dict = {}
            for notice in items:
                by_group.setdefault(notice.working_group, []).append(notice)
            delivery = _record(
                key,
                Kind.DIGEST,
                person,
                "digest",
                {
                    "frequency": frequency,
                    "groups": [
                        {"group": g, "items": [(n, absolute(n.path)) for n in ns]} for g, ns in by_group.items()
                    ],
                    "count": len(items),
                },
            )
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(delivery=delivery)
    deliveries = EmailDelivery.objects.filter(key__startswith=prefix, status=Status.PENDING).order_by("pk")
    counts = send_pending(deliveries)
    return {"period": period, **counts}


# What the notification centre says of news of a working group, by kind.
NEWS_HEADLINES = {
    Notification.Kind.DOCUMENT: gettext_lazy("New document in the %(group)s working group"),
    Notification.Kind.EVENT: gettext_lazy("New event in the %(group)s working group"),
    Notification.Kind.MEETING: gettext_lazy("New meeting of the %(group)s working group"),
}


def _news_headline(notice: Notification) -> str:
    headline = NEWS_HEADLINES.get(notice.kind)
    if headline is None or notice.working_group is None:
        return str(notice.get_kind_display())
    return headline % {"group": notice.working_group.short_name}


# --- announcing new items -------------------------------------------------------------------------


def announce(kind: str, object_id: int) -> None:
    """Queues the news of an item once the transaction that added it commits."""
    queue_after_commit("platform_app.tasks.notify_working_group", kind, object_id)


def announce_added(kind: str, model, path: Callable[[object], str]) -> None:
    """Tells a working group's members of each new `model` record added to the group: registers how the
    news of `kind` is found (the record, its group, its title and `path(record)`) and announces every
    record created with a working group once the transaction that added it commits."""

    def news(object_id: int) -> NewsItem | None:
        item = model._default_manager.filter(pk=object_id).select_related("working_group").first()
        if item is None or item.working_group_id is None:
            return None
        return NewsItem(obj=item, working_group=item.working_group, title=item.title, path=path(item))

    def added(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
        if created and not raw and instance.working_group_id:
            announce(kind, instance.pk)

    register_item_kind(kind, news)
    register_notice_kind(kind, model, _news_headline)
    post_save.connect(added, sender=model, weak=False, dispatch_uid=f"announce_{kind}")
