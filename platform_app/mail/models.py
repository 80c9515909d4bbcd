"""What the background work leaves behind: the mails it sends, the news waiting for a digest, and
the tasks that gave up."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platform_app.core.viewer import viewer_for
from platform_app.mail.outbox import OutboxRecord


class EmailDelivery(OutboxRecord):
    """One mail to one person, recorded before it is sent so that it is sent at most once.

    `key` names what the mail is for (an item, a digest period, a reminder, a reconfirmation round);
    a second attempt to create the same mail finds the first. It is sent through the outbox (see
    platform_app.mail.outbox): claimed, sent, then marked; a mail left in `sending` by a worker that
    died becomes `unconfirmed` and is never sent again on its own; the Secretariat may resend it.
    """

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Working group news")
        DIGEST = "digest", _("Digest of working group news")
        REMINDER = "reminder", _("Event reminder")
        RECONFIRMATION = "reconfirmation", _("Focal point reconfirmation")
        SUPPORT = "support", _("Request for tailored support")

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_deliveries")
    address = models.EmailField()
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "email deliveries"
        indexes = [models.Index(fields=["status", "claimed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="delivery_sent_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.address}: {self.subject}"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person's own notifications. Nobody reads another person's, the Secretariat neither."""
        viewer = viewer_for(user)
        if viewer.user_id is None:
            return self.none()
        return self.filter(user_id=viewer.user_id)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something that happened which concerns one person, for the notification centre (/notifications/).

    A document, event or meeting added to one of the person's working groups, a move of a request for
    tailored support, an event about to start, colleagues to reconfirm: every person of a happening's
    audience gets one, whatever mails they chose. News of a working group waits for the person's digest
    (`awaits_digest`) when they chose one; `delivery` is the mail that carried it, if any.
    """

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        EVENT = "event", _("Event")
        MEETING = "meeting", _("Meeting")
        SUPPORT = "support", _("Request for tailored support")
        REMINDER = "reminder", _("Event reminder")
        RECONFIRMATION = "reconfirmation", _("Focal point reconfirmation")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(
        help_text="What the notification links to: the document, event, meeting, support request or organization."
    )
    occasion = models.CharField(
        max_length=40,
        blank=True,
        default="",
        help_text="Tells apart happenings of one object: the step of a support request, the month of a round.",
    )
    action = models.CharField(
        max_length=32, blank=True, default="", help_text="What happened, when the kind covers several moves."
    )
    working_group = models.ForeignKey(
        "platform_app.WorkingGroup", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=500)
    path = models.CharField(max_length=255, help_text="Where the item is, on the platform.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    awaits_digest = models.BooleanField(
        default=False, help_text="News the person's next daily or weekly digest carries, unless a mail has."
    )
    delivery = models.ForeignKey(
        EmailDelivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "object_id", "occasion"], name="notification_once_per_happening"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "delivery"]),
            models.Index(fields=["user", "created_at"], name="notification_newest"),
            # The bell counts a person's unread notifications on every page.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
