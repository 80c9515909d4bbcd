import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Their role on the platform comes from their focal point record."""

    class NotificationFrequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once, one email per item")
        DAILY = "daily", _("A daily digest")
        WEEKLY = "weekly", _("A weekly digest")
        NEVER = "never", _("No notification emails")

    time_zone = models.CharField(max_length=64, default="UTC", help_text="Times are shown in this zone.")
    preferred_language = models.CharField(max_length=8, default="en")
    notification_frequency = models.CharField(
        max_length=16,
        choices=NotificationFrequency.choices,
        default=NotificationFrequency.DAILY,
        help_text="How news of the user's working groups (documents, events, meetings) is sent.",
    )
    event_reminders = models.BooleanField(default=True, help_text="A reminder before events the user may attend.")
    reconfirmation_emails = models.BooleanField(
        default=True, help_text="As an organization's main focal point, the requests to reconfirm its focal points."
    )
    calendar_feed_key = models.CharField(
        max_length=32,
        blank=True,
        editable=False,
        help_text="Part of the personal calendar feed's secret address; changing it ends the old address.",
    )
    invited_at = models.DateTimeField(null=True, blank=True, help_text="When the last invitation was sent.")

    class Meta:
        constraints = [
            # Email is a second sign-in name, so two accounts may not share one (in any case).
            models.UniqueConstraint(Lower("email"), condition=~models.Q(email=""), name="user_email_ci_unique"),
        ]
        indexes = [
            # The directory's order: the first page of a common search is read in this order, not sorted.
            models.Index(fields=["last_name", "first_name"], name="user_names"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def reset_calendar_feed_key(self) -> str:
        self.calendar_feed_key = secrets.token_hex(16)
        self.save(update_fields=["calendar_feed_key"])
        return self.calendar_feed_key
