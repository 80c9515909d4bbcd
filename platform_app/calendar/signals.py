from django.db.models.signals import post_save
from django.dispatch import receiver

from platform_app.calendar.models import Event
from platform_app.mail.models import Notification
from platform_app.mail.notifications import announce


@receiver(post_save, sender=Event, dispatch_uid="announce_event")
def _event_added(sender, instance: Event, created: bool, raw: bool = False, **kwargs):
    if created and not raw and instance.working_group_id:
        announce(Notification.Kind.EVENT, instance.pk)
