"""News of what is added to a working group: queued for the members once the addition commits.

Bulk writes (the demo data, imports) send no signal and so announce nothing.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from workinggroups.models import Meeting

from .models import Document, Event, Notification
from .notifications import announce


@receiver(post_save, sender=Document, dispatch_uid="announce_document")
def _document_added(sender, instance: Document, created: bool, raw: bool = False, **kwargs):
    if created and not raw and instance.working_group_id:
        announce(Notification.Kind.DOCUMENT, instance.pk)


@receiver(post_save, sender=Event, dispatch_uid="announce_event")
def _event_added(sender, instance: Event, created: bool, raw: bool = False, **kwargs):
    if created and not raw and instance.working_group_id:
        announce(Notification.Kind.EVENT, instance.pk)


@receiver(post_save, sender=Meeting, dispatch_uid="announce_meeting")
def _meeting_added(sender, instance: Meeting, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        announce(Notification.Kind.MEETING, instance.pk)
