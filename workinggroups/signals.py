"""News of a meeting added to a working group, queued for the members once the addition commits.
Imported at start-up by WorkingGroupsConfig.ready()."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from platform_app.mail.items import NewsItem, register_item_kind
from platform_app.mail.models import Notification
from platform_app.mail.notifications import announce
from workinggroups.models import Meeting


def _meeting_news(object_id: int) -> NewsItem | None:
    """The news of a meeting of a working group."""
    meeting = Meeting.objects.filter(pk=object_id).select_related("working_group").first()
    if meeting is None:
        return None
    path = reverse("workinggroups:meeting", args=[meeting.working_group.short_name, meeting.pk])
    return NewsItem(obj=meeting, working_group=meeting.working_group, title=meeting.title, path=path)


register_item_kind(Notification.Kind.MEETING, _meeting_news)


@receiver(post_save, sender=Meeting, dispatch_uid="announce_meeting")
def _meeting_added(sender, instance: Meeting, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        announce(Notification.Kind.MEETING, instance.pk)
