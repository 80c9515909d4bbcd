from django.db.models.signals import post_save
from django.dispatch import receiver

from platform_app.mail.models import Notification
from platform_app.mail.notifications import announce
from workinggroups.models import Meeting


@receiver(post_save, sender=Meeting, dispatch_uid="announce_meeting")
def _meeting_added(sender, instance: Meeting, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        announce(Notification.Kind.MEETING, instance.pk)
