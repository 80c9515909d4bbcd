"""Cached group memberships are forgotten when a group or a membership changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from platform_app.core import caching
from platform_app.structure.models import WorkingGroup, WorkingGroupMembership


@receiver(post_save, sender=WorkingGroupMembership, dispatch_uid="cache_membership_saved")
@receiver(post_delete, sender=WorkingGroupMembership, dispatch_uid="cache_membership_deleted")
def _membership_changed(sender, instance: WorkingGroupMembership, **kwargs):
    caching.forget(caching.organization_groups_key(instance.organization_id))


@receiver(post_save, sender=WorkingGroup, dispatch_uid="cache_group_saved")
def _group_changed(sender, instance: WorkingGroup, **kwargs):
    keys = WorkingGroupMembership.objects.filter(working_group=instance).values_list("organization_id", flat=True)
    caching.forget(*(caching.organization_groups_key(organization) for organization in keys))
