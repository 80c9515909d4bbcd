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


class RevisionedModel(TimeStampedModel):
    """A record several people edit: each save counts one revision, and a change made from an older
    revision than the stored one is refused (services.check_revision), so no edit is lost unseen."""

    revision = models.PositiveIntegerField(
        default=1, editable=False, help_text="Counts the saves; send it back with a change to detect conflicts."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.revision += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "revision"}
        super().save(*args, **kwargs)
