"""News of an event added to a working group, queued for the members once the addition commits."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from platform_app.calendar.models import Event
from platform_app.mail.items import NewsItem, register_item_kind
from platform_app.mail.models import Notification
from platform_app.mail.notifications import announce


def _event_news(object_id: int) -> NewsItem | None:
    """The news of an event added to a working group."""
    event = Event.objects.filter(pk=object_id).select_related("working_group").first()
    if event is None or event.working_group_id is None:
        return None
    path = reverse("calendar:event", args=[event.pk])
    return NewsItem(obj=event, working_group=event.working_group, title=event.title, path=path)


register_item_kind(Notification.Kind.EVENT, _event_news)


@receiver(post_save, sender=Event, dispatch_uid="announce_event")
def _event_added(sender, instance: Event, created: bool, raw: bool = False, **kwargs):
    if created and not raw and instance.working_group_id:
        announce(Notification.Kind.EVENT, instance.pk)
