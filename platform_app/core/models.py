"""The audit log, and each person's signed-in sessions (so that deactivating them ends all at once);
the background tasks that failed for good."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_app.core.querysets import VisibleQuerySet
from platform_app.core.viewer import Viewer


class DeletionQuerySet(VisibleQuerySet):
    """Deletions of records: to those who could read the record when it was deleted (DeletionReader:
    focal points of organizations of a kind, of one organization, or one person)."""

    def _visible_filter(self, viewer: Viewer) -> Q:
        named = Q(organization_id=viewer.organization_id) | Q(user_id=viewer.user_id)
        if viewer.organization_kind:
            named |= Q(organization_kind=viewer.organization_kind)
        readers = DeletionReader._base_manager.filter(named)
        return Q(pk__in=readers.values("deletion_id"))


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


class AuditEvent(models.Model):
    """Who did what, when and from where: sign-ins, refusals, and reads of confidential records.

    Written once and never changed; the Secretariat searches and exports it in the admin."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Sign-in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        LOCKED_OUT = "locked_out", _("Locked out")
        SECOND_FACTOR_FAILED = "second_factor_failed", _("Wrong second-factor code")
        SIGN_OUT = "sign_out", _("Sign-out")
        ACCESS_REFUSED = "access_refused", _("Access refused")
        ASSESSMENT_READ = "assessment_read", _("CTED assessment read")
        RECOMMENDATION_READ = "recommendation_read", _("CTED recommendation read")
        DOCUMENT_READ = "document_read", _("Restricted document read")
        DOCUMENT_DOWNLOAD = "document_download", _("Restricted document downloaded")
        ACCOUNT_DEACTIVATED = "account_deactivated", _("Account deactivated")
        SUPPORT_REQUEST_READ = "support_request_read", _("Request for tailored support read")
        ENTRY_FILE_DOWNLOAD = "entry_file_download", _("File of a country entry with a narrowed audience downloaded")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # As given at the time: a failed sign-in names no account, and an account may be renamed later.
    username = models.CharField(_("username"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser or client"), max_length=300, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(_("address requested"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    via_api = models.BooleanField(_("through the API"), default=False)
    object_type = models.CharField(_("record type"), max_length=60, blank=True)
    object_id = models.CharField(_("record id"), max_length=40, blank=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "-at"], name="audit_kind_at"),
            models.Index(fields=["user", "-at"], name="audit_user_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}".strip()


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


class TaskFailure(models.Model):
    """A background task that failed for good, after its retries, for the Secretariat to look at."""

    task_name = models.CharField(max_length=200, db_index=True)
    task_id = models.CharField(max_length=64, blank=True)
    arguments = models.JSONField(default=dict, blank=True)
    exception = models.TextField()
    traceback = models.TextField(blank=True)
    retries = models.PositiveSmallIntegerField(default=0)
    failed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved = models.BooleanField(default=False, help_text="Tick once the cause is dealt with.")

    class Meta:
        ordering = ["-failed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task_name} at {self.failed_at:%Y-%m-%d %H:%M}"
