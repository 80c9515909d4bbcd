"""News of what is added to a working group, queued for the members once the addition commits; and
the shared cached values (platform_app.caching) dropped when what they come from changes.

Bulk writes (the demo data, imports) send no signal and so announce nothing.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from workinggroups.models import Meeting, WorkingGroup, WorkingGroupMembership

from . import caching
from .models import Document, Event, MetricSnapshot, Notification
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


@receiver(post_save, sender=MetricSnapshot, dispatch_uid="cache_snapshot_saved")
@receiver(post_delete, sender=MetricSnapshot, dispatch_uid="cache_snapshot_deleted")
def _snapshots_changed(sender, **kwargs):
    caching.forget(caching.SNAPSHOTS)


@receiver(post_save, sender=WorkingGroupMembership, dispatch_uid="cache_membership_saved")
@receiver(post_delete, sender=WorkingGroupMembership, dispatch_uid="cache_membership_deleted")
def _membership_changed(sender, instance: WorkingGroupMembership, **kwargs):
    caching.forget(caching.organization_groups_key(instance.organization_id))


@receiver(post_save, sender=WorkingGroup, dispatch_uid="cache_group_saved")
def _group_changed(sender, instance: WorkingGroup, **kwargs):
    keys = WorkingGroupMembership.objects.filter(working_group=instance).values_list("organization_id", flat=True)
    caching.forget(*(caching.organization_groups_key(organization) for organization in keys))
