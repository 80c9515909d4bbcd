"""The admin of accounts, groups, second-factor devices, sessions, API tokens and the audit log."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from import_export.admin import ExportMixin
from import_export.formats import base_formats

from platform_app.accounts.access import end_sessions
from platform_app.accounts.models import ApiToken, User, UserSession
from platform_app.accounts.roles import (
    PRIVILEGE_FIELDS,
    check_account_change,
    check_second_factor_change,
    may_change_account,
    may_change_privileges,
    may_change_second_factor,
)
from platform_app.accounts.tokens import token_create, token_revoke
from platform_app.core.admin import (
    CompactAdminMixin,
    CompactModelAdmin,
    ReadOnlyRecordAdmin,
    choice_formfield,
    time_zone_choices,
)
from platform_app.core.models import AuditEvent
from platform_app.core.resources import AuditEventResource


@admin.register(User)
class CompactUserAdmin(CompactAdminMixin, UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Platform preferences"), {"fields": ("time_zone", "preferred_language")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "first_name", "last_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "organization",
        "is_staff",
        "is_active",
        "last_login",
    )
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "focal_point__organization__kind")
    list_select_related = ("focal_point__organization",)
    search_fields = ("username", "first_name", "last_name", "email", "focal_point__organization__acronym")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Only zones and languages the platform can display, instead of free text.
        choices = {"time_zone": time_zone_choices, "preferred_language": lambda: settings.LANGUAGES}
        if db_field.name in choices:
            return choice_formfield(db_field, choices[db_field.name]())
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("organization"), ordering="focal_point__organization__name")
    def organization(self, user):
        focal_point = getattr(user, "focal_point", None)
        return focal_point.organization if focal_point else "—"

    # Staff and superuser status, groups and permissions are shown to everyone and edited by superusers
    # only (platform_app.accounts.roles); a superuser's account is only a superuser's to change or delete.
    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not may_change_privileges(request.user):
            readonly += [name for name in PRIVILEGE_FIELDS if name not in readonly]
        return readonly

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_change_account(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_change_account(request.user, obj))

    def save_model(self, request, obj, form, change):
        check_account_change(request.user, obj, form.changed_data)
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        for account in queryset:
            check_account_change(request.user, account)
        super().delete_queryset(request, queryset)


admin.site.unregister(Group)


@admin.register(Group)
class CompactGroupAdmin(GroupAdmin):
    """A group's permissions are every member's: only a superuser adds, changes or deletes a group."""

    def has_add_permission(self, request):
        return may_change_privileges(request.user)

    def has_change_permission(self, request, obj=None):
        return may_change_privileges(request.user)

    def has_delete_permission(self, request, obj=None):
        return may_change_privileges(request.user)


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class SecondFactorDeviceAdmin(TOTPDeviceAdmin):
    """Authenticators. A staff account's are added, changed and deleted by superusers only (a superuser
    resets a lost phone by deleting its device); with OTP_ADMIN_HIDE_SENSITIVE_DATA nobody reads the key
    of an existing device."""

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_change_second_factor(request.user, obj.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_change_second_factor(request.user, obj.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not may_change_privileges(request.user):
            kwargs["queryset"] = User.objects.filter(is_staff=False, is_superuser=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        check_second_factor_change(request.user, obj)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        check_second_factor_change(request.user, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            check_second_factor_change(request.user, device)
        super().delete_queryset(request, queryset)


@admin.register(AuditEvent)
class AuditEventAdmin(ExportMixin, ReadOnlyRecordAdmin):
    """The audit log: searched and filtered here, exported (CSV, XLSX) as filtered; never edited or deleted."""

    resource_classes = [AuditEventResource]
    formats = (base_formats.CSV, base_formats.XLSX)
    list_display = ("at", "kind", "username", "ip_address", "object_repr", "path", "status")
    list_filter = ("kind", "via_api", "object_type")
    search_fields = ("username", "ip_address", "object_repr", "object_id", "path", "user_agent")
    date_hierarchy = "at"
    list_select_related = ("user",)
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_export_permission(self, request):
        return self.has_view_permission(request)


@admin.register(UserSession)
class UserSessionAdmin(ReadOnlyRecordAdmin):
    """Who is signed in in a browser, since when. Deleting a session signs the person out of it."""

    list_display = ("user", "created_at")
    search_fields = ("user__username", "user__email", "user__last_name")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    readonly_fields = ("user", "created_at")
    exclude = ("session_key",)  # the key is the session's credential: never shown

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    def delete_model(self, request, obj):
        end_sessions(UserSession.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        end_sessions(queryset)


class ApiTokenForm(forms.ModelForm):
    """The Secretariat issues a token for someone; the key is shown once, after saving."""

    days = forms.IntegerField(min_value=1, initial=90, help_text="How many days the token lasts.")

    class Meta:
        model = ApiToken
        fields = ["user", "name"]

    def clean_days(self) -> int:
        days = self.cleaned_data["days"]
        if days > settings.API_TOKEN_MAX_DAYS:
            raise forms.ValidationError(f"At most {settings.API_TOKEN_MAX_DAYS} days.")
        return days


@admin.register(ApiToken)
class ApiTokenAdmin(CompactModelAdmin):
    list_display = ["__str__", "user", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "expires_at"]
    list_select_related = ["user"]
    search_fields = ["name", "lookup", "user__username", "user__email"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]
    readonly_fields = ["user", "name", "lookup", "created_by", "expires_at", "revoked_at", "last_used_at"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # A token is never edited: it is issued, then revoked.
        return super().get_readonly_fields(request, obj) if obj is not None else ["created_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "days"]
        return super().get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return
        token, key = token_create(
            user=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            created_by=request.user,
            token=obj,
        )
        messages.warning(request, f"The key of “{token.name}” for {token.user}: {key} — it is shown only now.")

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token_revoke(token=token, by=request.user)
            count += 1
        self.message_user(request, f"{count} token(s) revoked.", messages.SUCCESS)
