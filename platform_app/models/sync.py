"""What the systems that copy the platform's records need besides the records: the deletions.

A deletion is kept with the API resource it belonged to and who could read the record at that moment
(`DeletionReader`), so that a copy learns of it only if the record could have been in it
(platform_app.sync records them).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..visibility import DeletionQuerySet


class Deletion(models.Model):
    """A record deleted from a list of the API, by resource name (documents, country-entries…) and id."""

    kind = models.CharField(max_length=32, help_text="The API resource the record belonged to.")
    object_id = models.PositiveBigIntegerField()
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = DeletionQuerySet.as_manager()

    class Meta:
        ordering = ["deleted_at", "id"]
        indexes = [models.Index(fields=["kind", "-deleted_at"], name="deletion_kind_date")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} deleted {self.deleted_at:%Y-%m-%d %H:%M}"


class DeletionReader(models.Model):
    """Who could read the record when it was deleted: every focal point of organizations of a kind, the
    focal points of one organization, or one person. The Secretariat reads every deletion."""

    deletion = models.ForeignKey(Deletion, on_delete=models.CASCADE, related_name="readers")
    organization_kind = models.CharField(max_length=16, blank=True, db_index=True)
    # Ids rather than foreign keys: the organization or the person may be deleted with the record (a
    # State's page with the State), and what they could read stays what it was.
    organization_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    user_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    (~Q(organization_kind="") & Q(organization_id__isnull=True) & Q(user_id__isnull=True))
                    | (Q(organization_kind="") & Q(organization_id__isnull=False) & Q(user_id__isnull=True))
                    | (Q(organization_kind="") & Q(organization_id__isnull=True) & Q(user_id__isnull=False))
                ),
                name="deletion_reader_names_one",
            ),
        ]

    def __str__(self) -> str:
        if self.user_id:
            return f"user {self.user_id}"
        return self.organization_kind or f"organization {self.organization_id}"
