"""What the background work leaves behind: the mails it sends, the news waiting for a digest, and
the tasks that gave up."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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


class Notification(models.Model):
    """A document, event or meeting added to a working group, for one member to hear about.

    Sent at once or gathered into the person's next digest; `delivery` is the mail that carried it.
    """

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        EVENT = "event", _("Event")
        MEETING = "meeting", _("Meeting")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    working_group = models.ForeignKey("platform_app.WorkingGroup", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=500)
    path = models.CharField(max_length=255, help_text="Where the item is, on the platform.")
    created_at = models.DateTimeField(auto_now_add=True)
    delivery = models.ForeignKey(
        EmailDelivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "object_id"], name="notification_once_per_item"),
        ]
        indexes = [models.Index(fields=["user", "delivery"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
