from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """A person who signs in. Their role on the platform comes from their focal point record."""

    time_zone = models.CharField(max_length=64, default="UTC", help_text="Times are shown in this zone.")
    preferred_language = models.CharField(max_length=8, default="en")

    class Meta:
        constraints = [
            # Email is a second sign-in name, so two accounts may not share one (in any case).
            models.UniqueConstraint(Lower("email"), condition=~models.Q(email=""), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
