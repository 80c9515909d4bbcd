"""The audit log, and each person's signed-in sessions (so that deactivating them ends all at once)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class UserSession(models.Model):
    """A session a person signed in to, so that all of them can be ended when the account is closed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user"], name="usersession_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
