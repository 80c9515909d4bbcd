"""News of an event added to a working group, queued for the members once the addition commits."""

from django.urls import reverse

from platform_app.calendar.models import Event
from platform_app.mail.models import Notification
from platform_app.mail.notifications import announce_added

announce_added(Notification.Kind.EVENT, Event, lambda event: reverse("calendar:event", args=[event.pk]))
