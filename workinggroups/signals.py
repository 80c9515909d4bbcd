"""News of a meeting added to a working group, queued for the members once the addition commits.
Imported at start-up by WorkingGroupsConfig.ready()."""

from django.urls import reverse

from platform_app.mail.models import Notification
from platform_app.mail.notifications import announce_added
from workinggroups.models import Meeting

announce_added(
    Notification.Kind.MEETING,
    Meeting,
    lambda meeting: reverse("workinggroups:meeting", args=[meeting.working_group.short_name, meeting.pk]),
)
