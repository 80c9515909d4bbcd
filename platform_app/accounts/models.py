"""Accounts of the platform, their sessions and their API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    """A session a person signed in to, so that all of them can be ended when the account is closed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user"], name="usersession_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


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


# Keys carry a fixed prefix so a leaked one is recognisable (e.g. by secret scanners) and the
# first characters after it identify the token in lists without revealing it.
KEY_PREFIX = "ccp_"


LOOKUP_LENGTH = 8


def hash_key(key: str) -> str:
    """Keys are 256 random bits, so a plain SHA-256 is enough to make the stored value useless."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """A key for the REST API. Only its hash is stored; the key itself is shown once, at creation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. the system that uses it.")
    lookup = models.CharField(max_length=LOOKUP_LENGTH, editable=False, help_text="The key's first characters.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({KEY_PREFIX}{self.lookup}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @staticmethod
    def generate_key() -> str:
        return KEY_PREFIX + secrets.token_urlsafe(32)

    @classmethod
    def default_expiry(cls):
        return timezone.now() + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
