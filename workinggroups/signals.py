"""News of a meeting added to a working group, queued for the members once the addition commits; and the
kept facts of the groups (workinggroups.selectors) dropped when a name they show or an invitation changes.
Imported at start-up by WorkingGroupsConfig.ready()."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse

from platform_app.directory.models import Organization
from platform_app.mail.models import Notification
from platform_app.mail.notifications import announce_added
from platform_app.structure.models import Pillar, WorkingGroupGuest
from workinggroups.models import Meeting
from workinggroups.selectors import forget_group_facts

announce_added(
    Notification.Kind.MEETING,
    Meeting,
    lambda meeting: reverse("workinggroups:meeting", args=[meeting.working_group.short_name, meeting.pk]),
)


@receiver(post_save, sender=Organization, dispatch_uid="wg_facts_organization_saved")
@receiver(post_delete, sender=Organization, dispatch_uid="wg_facts_organization_deleted")
@receiver(post_save, sender=Pillar, dispatch_uid="wg_facts_pillar_saved")
@receiver(post_delete, sender=Pillar, dispatch_uid="wg_facts_pillar_deleted")
def _name_changed(sender, **kwargs):
    forget_group_facts()


@receiver(post_save, sender=WorkingGroupGuest, dispatch_uid="wg_facts_guest_saved")
@receiver(post_delete, sender=WorkingGroupGuest, dispatch_uid="wg_facts_guest_deleted")
def _invitation_changed(sender, instance: WorkingGroupGuest, **kwargs):
    forget_group_facts([instance.working_group_id])
