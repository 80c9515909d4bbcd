from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who may see a document or an event, beyond the Secretariat who sees everything."""

    PLATFORM = "platform", _("Every focal point")
    WORKING_GROUP = "working_group", _("Members and observers of the working group")
    RESTRICTED = "restricted", _("Named organizations only")


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
