"""The Secretariat's admin for the platform's own records, and the base classes every app's admin uses.

Who may do what is Django's model permissions, granted through the role groups of
`platform_app.roles`: the Secretariat holds every permission of the platform's apps, CTED
edits its assessments and recommendations and reads what they refer to. Nothing here widens
that: import needs add and change, export needs view, custom actions declare
`allowed_permissions`, and restoring an old version from the history needs change.
"""

from __future__ import annotations

import functools

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from . import audit
from .models import (
    ApiToken,
    Appeal,
    AppealProject,
    AuditEvent,
    CountryAssessment,
    CountryEntry,
    CountryPage,
    DailyVisitor,
    DailyVisitTotal,
    Deletion,
    DeletionReader,
    Document,
    DocumentVersion,
    EmailDelivery,
    EntryAttachment,
    Event,
    FocalPoint,
    Language,
    MetricSnapshot,
    Notification,
    Organization,
    Project,
    Recommendation,
    SupportOffer,
    SupportRequest,
    SupportRouting,
    SupportStep,
    TaskFailure,
    ThematicArea,
    User,
    UserSession,
)
from .models.metrics import FIGURES
from .resources import (
    AuditEventResource,
    FocalPointResource,
    OrganizationResource,
    ProjectResource,
    RecommendationResource,
)
from .roles import (
    PRIVILEGE_FIELDS,
    check_account_change,
    check_second_factor_change,
    may_change_account,
    may_change_privileges,
    may_change_second_factor,
)
from .timezones import ALL_TIME_ZONES
from .tokens import token_create, token_revoke
from .uploads import UploadValidator, check_upload

# Addresses typed without a scheme are web addresses of today: https (Django 6 default, stated now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
# Long texts edited in tabular inlines stay a few lines high so a row fits on a screen.
COMPACT_TEXTAREA = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 48})}}


def auto_timestamp_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]


class CompactAdminMixin:
    """Defaults for every model admin of the platform.

    `list_select_related` is applied to the base queryset as well as the changelist, because
    the same rows are printed through `__str__` by autocomplete results, deletion summaries and
    history pages, and each of those would otherwise query per row.
    """

    list_per_page = 100
    formfield_overrides = URL_FIELDS

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if isinstance(self.list_select_related, list | tuple) and self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset

    def get_readonly_fields(self, request, obj=None):
        # Timestamps the database keeps are shown, never edited.
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + [name for name in auto_timestamp_fields(self.model) if name not in readonly]


class CompactInlineMixin:
    """Inline defaults: no empty rows on existing objects, and the joins `__str__` needs per row."""

    select_related: tuple[str, ...] = ()
    formfield_overrides = URL_FIELDS | COMPACT_TEXTAREA

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None else self.extra

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + [name for name in auto_timestamp_fields(self.model) if name not in readonly]


class CompactTabularInline(CompactInlineMixin, admin.TabularInline):
    extra = 1


class CompactModelAdmin(CompactAdminMixin, admin.ModelAdmin):
    """For records without change history: computed figures, delivery logs, reference lists."""


class ReadOnlyRecordAdmin(CompactModelAdmin):
    """Records the platform writes by itself: looked at, acted on through actions, never typed in."""

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        editable = set(getattr(self, "editable_fields", ()))
        return [field.name for field in self.model._meta.concrete_fields if field.name not in editable]


class HistoryModelAdmin(CompactAdminMixin, SimpleHistoryAdmin):
    """For records people edit: every save is kept, with who made it, and can be compared."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves a posted old version after checking only view permission;
        # restoring is a change, so a read-only user (CTED on organizations) must not do it.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class RecordsCreatorMixin:
    """Fills the model's "who added it" field with the signed-in user when a record is added."""

    creator_field = "created_by"

    def save_model(self, request, obj, form, change):
        if not change and getattr(obj, f"{self.creator_field}_id") is None:
            setattr(obj, self.creator_field, request.user)
        super().save_model(request, obj, form, change)


class RevisionCheckForm(forms.ModelForm):
    """Carries the revision the form was opened at; refuses to save over a newer one."""

    opened_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["opened_revision"].initial = self.instance.revision

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("opened_revision")
        if self.instance.pk is not None and opened is not None:
            model = type(self.instance)
            current = model.objects.select_for_update().values_list("revision", flat=True).get(pk=self.instance.pk)
            if current != opened:
                raise ValidationError(
                    _(
                        "Someone else saved this record after you opened it. "
                        "Open it again to see their change, then make yours."
                    ),
                    code="conflict",
                )
        return cleaned


class RevisionCheckMixin:
    """A change form carries the revision it was opened at (models.common.RevisionedModel). Saving it
    after someone else saved the record is refused with a message, instead of overwriting their change.

    The admin handles a change in one transaction, so the row lock taken by the check holds until the save.
    """

    form = RevisionCheckForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or any("opened_revision" in options.get("fields", ()) for _, options in fieldsets):
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": [*options["fields"], "opened_revision"]}), *rest]


class CheckedImportForm(ImportForm):
    """The import form, whose file passes the upload check for the offered formats: a CSV is UTF-8 text and
    no markup, an XLSX a workbook package and no zip bomb, before the importer reads it."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        extensions = [f".{fmt().get_extension()}" for fmt in formats]
        field = self.fields["import_file"]
        field.validators = [*field.validators, UploadValidator(extensions)]


class SpreadsheetMixin(ImportExportMixin):
    """CSV and XLSX import and export, within the user's model permissions.

    By default django-import-export lets any staff user import and export every model that
    offers it; here importing needs add and change permission and exporting needs view.
    """

    formats = (base_formats.CSV, base_formats.XLSX)
    import_form_class = CheckedImportForm
    import_error_display = ("message", "row")

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_or_change_permission(request)


class SpreadsheetHistoryModelAdmin(SpreadsheetMixin, HistoryModelAdmin):
    """History and spreadsheets together: the import/export mixin only adds URLs, the changelist
    template and its buttons, and simple-history only the history views, so they compose."""


# --- people -------------------------------------------------------------------------------------


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone) for zone in ALL_TIME_ZONES]


def choice_formfield(db_field, choices: list) -> forms.ChoiceField:
    """A text field offered as a list of what the platform can use (a time zone, a language)."""
    return forms.ChoiceField(
        choices=choices,
        initial=db_field.default,
        label=capfirst(db_field.verbose_name),
        help_text=db_field.help_text,
    )


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
    # only (platform_app.roles); a superuser's account is only a superuser's to change or delete.
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


# --- reference lists ----------------------------------------------------------------------------


@admin.register(Language)
class LanguageAdmin(CompactModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(ThematicArea)
class ThematicAreaAdmin(HistoryModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}


# --- organizations and focal points -------------------------------------------------------------


class FocalPointInline(CompactTabularInline):
    """The organization's people at a glance; they are edited on their own page."""

    model = FocalPoint
    fields = ("user", "job_title", "email", "is_primary", "is_active", "confirmed_at")
    readonly_fields = fields
    select_related = ("user", "organization")
    show_change_link = True
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(SpreadsheetHistoryModelAdmin):
    resource_classes = [OrganizationResource]
    list_display = (
        "name",
        "acronym",
        "kind",
        "compact_status",
        "iso_alpha3",
        "region",
        "focal_point_count",
        "is_active",
    )
    list_filter = ("kind", "compact_status", "region", "is_active")
    search_fields = ("name", "acronym", "iso_alpha2", "iso_alpha3", "subregion")
    fieldsets = (
        (None, {"fields": ("kind", "name", "acronym", "compact_status", "is_active")}),
        (_("Member State"), {"fields": ("iso_alpha2", "iso_alpha3", "region", "subregion")}),
        (_("Details"), {"fields": ("aliases", "website", "description", "source")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = [FocalPointInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(focal_point_count=Count("focal_points"))

    @admin.display(description=_("focal points"), ordering="focal_point_count")
    def focal_point_count(self, organization):
        return organization.focal_point_count


@admin.register(FocalPoint)
class FocalPointAdmin(SpreadsheetHistoryModelAdmin):
    resource_classes = [FocalPointResource]
    list_display = ("person", "organization", "job_title", "email", "is_primary", "is_active", "confirmed_at")
    list_filter = ("organization__kind", "is_primary", "is_active", "hide_email", "hide_phone")
    list_select_related = ("user", "organization")
    search_fields = (
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "email",
        "organization__acronym",
        "organization__name",
        "organization__iso_alpha3",
    )
    autocomplete_fields = ("user", "organization", "expertise")
    filter_horizontal = ("languages",)
    date_hierarchy = "created_at"
    actions = ["confirm_nominations", "deactivate", "send_invitations"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A new focal point whose account has no password yet is invited to choose one.
        if not change and not obj.user.has_usable_password():
            self._invite(request, [obj])

    def _invite(self, request, focal_points) -> None:
        from .accounts import focal_point_invite

        sent = 0
        for focal_point in focal_points:
            try:
                focal_point_invite(focal_point=focal_point, base_url=request.build_absolute_uri("/"))
                sent += 1
            except ValidationError as exc:
                self.message_user(request, f"{focal_point.user}: {' '.join(exc.messages)}", messages.WARNING)
        if sent:
            self.message_user(
                request, ngettext("%d invitation sent.", "%d invitations sent.", sent) % sent, messages.SUCCESS
            )

    @admin.action(description=_("Send an invitation to choose a password"), permissions=["change"])
    def send_invitations(self, request, queryset):
        self._invite(request, list(queryset.select_related("user", "organization")))

    @admin.display(description=_("person"), ordering="user__last_name")
    def person(self, focal_point):
        return focal_point.user

    @admin.action(description=_("Record the selected nominations as confirmed today"), permissions=["change"])
    def confirm_nominations(self, request, queryset):
        focal_points = list(queryset)
        now = timezone.now()
        for focal_point in focal_points:
            focal_point.confirmed_at = focal_point.updated_at = now
        bulk_update_with_history(focal_points, FocalPoint, ["confirmed_at", "updated_at"], default_user=request.user)
        count = len(focal_points)
        self.message_user(
            request, ngettext("%d nomination confirmed.", "%d nominations confirmed.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Deactivate the selected focal points"), permissions=["change"])
    def deactivate(self, request, queryset):
        # Saved one by one, like every other change of a nomination, so that each person's access ends
        # (platform_app.audit.nomination_ended) and the history says who made the change.
        focal_points = list(queryset.filter(is_active=True).select_related("user"))
        for focal_point in focal_points:
            focal_point.is_active = focal_point.is_primary = False
            focal_point.save(update_fields=["is_active", "is_primary", "updated_at"])
        count = len(focal_points)
        self.message_user(
            request, ngettext("%d focal point deactivated.", "%d focal points deactivated.", count) % count
        )


# --- library and calendar -----------------------------------------------------------------------


def describe_upload(version: DocumentVersion, upload) -> None:
    """Keeps the checked facts of the upload (name, type, size, digest), not the type the browser claimed;
    the stored name is generated. The model's validator has already refused a file that fails the check."""
    checked = check_upload(upload)
    version.original_filename = checked.original_filename
    version.content_type = checked.content_type
    version.size = checked.size
    version.sha256 = checked.sha256


class DocumentVersionInline(CompactTabularInline):
    model = DocumentVersion
    fields = ("number", "file", "note", "original_filename", "size", "content_type", "uploaded_by", "created_at")
    readonly_fields = ("original_filename", "size", "content_type", "uploaded_by")
    select_related = ("document", "uploaded_by")
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(RevisionCheckMixin, RecordsCreatorMixin, HistoryModelAdmin):
    creator_field = "uploaded_by"
    list_display = (
        "title",
        "document_type",
        "organization",
        "working_group",
        "visibility",
        "language",
        "published_on",
    )
    list_filter = ("visibility", "document_type", "language", "working_group", "organization__kind")
    list_select_related = ("organization", "working_group", "language")
    search_fields = ("title", "description", "organization__acronym", "organization__name")
    date_hierarchy = "published_on"
    autocomplete_fields = ("organization", "working_group", "themes", "allowed_organizations", "uploaded_by")
    filter_horizontal = ("pillars",)
    fieldsets = (
        (None, {"fields": ("title", "description", "document_type", "language", "published_on")}),
        (_("Owner and audience"), {"fields": ("organization", "visibility", "working_group", "allowed_organizations")}),
        (_("Tags"), {"fields": ("themes", "pillars")}),
        (_("Record"), {"fields": ("uploaded_by", "created_at", "updated_at")}),
    )
    inlines = [DocumentVersionInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is DocumentVersion:
            for version_form in formset.forms:
                if "file" in version_form.changed_data and version_form.cleaned_data.get("file"):
                    describe_upload(version_form.instance, version_form.cleaned_data["file"])
                    version_form.instance.uploaded_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(DocumentVersion)
class DocumentVersionAdmin(HistoryModelAdmin):
    list_display = ("document", "number", "original_filename", "file_size", "content_type", "uploaded_by", "created_at")
    list_select_related = ("document", "uploaded_by")
    search_fields = ("document__title", "original_filename", "sha256")
    date_hierarchy = "created_at"
    autocomplete_fields = ("document",)
    readonly_fields = ("original_filename", "content_type", "size", "sha256", "uploaded_by")

    @admin.display(description=_("size"), ordering="size")
    def file_size(self, version):
        return filesizeformat(version.size)

    def save_model(self, request, obj, form, change):
        if "file" in form.changed_data and form.cleaned_data.get("file"):
            describe_upload(obj, form.cleaned_data["file"])
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Event)
class EventAdmin(RecordsCreatorMixin, HistoryModelAdmin):
    list_display = ("title", "kind", "starts_at", "ends_at", "location", "working_group", "visibility")
    list_filter = ("kind", "visibility", "all_day", "working_group")
    list_select_related = ("working_group",)
    search_fields = ("title", "description", "location")
    date_hierarchy = "starts_at"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "time_zone":
            return choice_formfield(db_field, time_zone_choices())
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    autocomplete_fields = (
        "organizers",
        "countries",
        "working_group",
        "themes",
        "allowed_organizations",
        "created_by",
    )
    filter_horizontal = ("pillars",)
    fieldsets = (
        (None, {"fields": ("title", "kind", "description")}),
        (_("When and where"), {"fields": ("starts_at", "ends_at", "time_zone", "all_day", "location", "online_url")}),
        (_("Who"), {"fields": ("organizers", "countries", "working_group")}),
        (_("Tags"), {"fields": ("themes", "pillars")}),
        (_("Audience"), {"fields": ("visibility", "allowed_organizations")}),
        (_("Record"), {"fields": ("created_by", "created_at", "updated_at")}),
    )


# --- projects and the appeal ---------------------------------------------------------------------


@admin.register(Project)
class ProjectAdmin(SpreadsheetHistoryModelAdmin):
    resource_classes = [ProjectResource]
    list_display = ("code", "title", "lead_entity", "status", "budget", "start_date", "end_date")
    list_filter = ("status", "pillars", "themes")
    list_select_related = ("lead_entity",)
    search_fields = ("code", "title", "description", "lead_entity__acronym", "lead_entity__name")
    date_hierarchy = "start_date"
    autocomplete_fields = ("lead_entity", "partners", "beneficiary_states", "themes")
    filter_horizontal = ("pillars",)


class AppealProjectInline(CompactTabularInline):
    model = AppealProject
    fields = ("project", "requirement", "funds_received")
    autocomplete_fields = ("project",)
    select_related = ("appeal", "project")


@admin.register(Appeal)
class AppealAdmin(HistoryModelAdmin):
    list_display = ("title", "start_year", "end_year", "launched_on", "project_count", "requirement", "funds_received")
    search_fields = ("title", "description")
    inlines = [AppealProjectInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                project_count=Count("appeal_projects"),
                total_requirement=Sum("appeal_projects__requirement"),
                total_funds_received=Sum("appeal_projects__funds_received"),
            )
        )

    @admin.display(description=_("projects"), ordering="project_count")
    def project_count(self, appeal):
        return appeal.project_count

    @admin.display(description=_("requirement (USD)"), ordering="total_requirement")
    def requirement(self, appeal):
        return appeal.total_requirement

    @admin.display(description=_("funds received (USD)"), ordering="total_funds_received")
    def funds_received(self, appeal):
        return appeal.total_funds_received


@admin.register(AppealProject)
class AppealProjectAdmin(HistoryModelAdmin):
    list_display = ("project", "appeal", "requirement", "funds_received")
    list_filter = ("appeal",)
    list_select_related = ("appeal", "project")
    search_fields = ("project__code", "project__title", "appeal__title")
    autocomplete_fields = ("appeal", "project")


# --- CTED ---------------------------------------------------------------------------------------


class RecommendationInline(CompactTabularInline):
    model = Recommendation
    fields = ("number", "thematic_area", "priority", "status", "text", "progress_note", "responding_projects")
    autocomplete_fields = ("thematic_area", "responding_projects")
    select_related = ("assessment__member_state", "thematic_area")


@admin.register(CountryAssessment)
class CountryAssessmentAdmin(HistoryModelAdmin):
    list_display = (
        "__str__",
        "member_state",
        "kind",
        "visit_start",
        "adopted_on",
        "shared_with_entities",
        "recommendation_count",
    )
    list_filter = ("kind", "shared_with_entities", "member_state__region")
    list_select_related = ("member_state",)
    search_fields = ("title", "member_state__name", "member_state__iso_alpha3", "summary")
    date_hierarchy = "visit_start"
    autocomplete_fields = ("member_state",)
    readonly_fields = ("sharing_decided_by", "sharing_decided_at")
    fieldsets = (
        (None, {"fields": ("member_state", "kind", "title", "summary")}),
        (_("Dates"), {"fields": ("visit_start", "visit_end", "adopted_on")}),
        (
            _("Sharing with Compact entities"),
            {"fields": ("shared_with_entities", "sharing_decided_by", "sharing_decided_at")},
        ),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = [RecommendationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recommendation_count=Count("recommendations"))

    @admin.display(description=_("recommendations"), ordering="recommendation_count")
    def recommendation_count(self, assessment):
        return assessment.recommendation_count

    def save_model(self, request, obj, form, change):
        # Consent is the State's decision, recorded by whoever enters it; keep who and when.
        if "shared_with_entities" in form.changed_data:
            obj.sharing_decided_by = request.user
            obj.sharing_decided_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Recommendation)
class RecommendationAdmin(RevisionCheckMixin, SpreadsheetHistoryModelAdmin):
    resource_classes = [RecommendationResource]
    list_display = ("member_state", "assessment", "number", "thematic_area", "priority", "status", "excerpt")
    list_display_links = ("member_state", "number")
    list_filter = ("status", "priority", "thematic_area", "assessment__member_state__region")
    list_select_related = ("assessment__member_state", "thematic_area")
    search_fields = ("text", "progress_note", "assessment__member_state__name", "assessment__member_state__iso_alpha3")
    autocomplete_fields = ("assessment", "thematic_area", "responding_projects")
    actions = ["mark_implemented"]

    @admin.display(description=_("Member State"), ordering="assessment__member_state__name")
    def member_state(self, recommendation):
        return recommendation.assessment.member_state

    @admin.display(description=_("text"))
    def excerpt(self, recommendation):
        text = recommendation.text
        return text if len(text) <= 100 else f"{text[:99]}…"

    @admin.action(description=_("Mark the selected recommendations as implemented"), permissions=["change"])
    def mark_implemented(self, request, queryset):
        recommendations = list(queryset.exclude(status=Recommendation.Status.IMPLEMENTED))
        now = timezone.now()
        for recommendation in recommendations:
            recommendation.status = Recommendation.Status.IMPLEMENTED
            recommendation.updated_at = now
            recommendation.revision += 1  # a change form opened before this is now out of date
        bulk_update_with_history(
            recommendations, Recommendation, ["status", "updated_at", "revision"], default_user=request.user
        )
        count = len(recommendations)
        self.message_user(
            request,
            ngettext("%d recommendation marked implemented.", "%d recommendations marked implemented.", count) % count,
        )


# --- Member States' pages and requests for tailored support ------------------------------------------


@admin.register(CountryPage)
class CountryPageAdmin(RecordsCreatorMixin, HistoryModelAdmin):
    creator_field = "updated_by"
    list_display = ("member_state", "entry_count", "updated_at", "updated_by")
    list_select_related = ("member_state", "updated_by")
    search_fields = ("member_state__name", "member_state__iso_alpha3", "overview")
    autocomplete_fields = ("member_state",)
    readonly_fields = ("updated_by",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    @admin.display(description=_("entries"), ordering="entry_count")
    def entry_count(self, page):
        return page.entry_count


class EntryAttachmentInline(CompactTabularInline):
    model = EntryAttachment
    fields = ("original_filename", "content_type", "size", "uploaded_by", "created_at")
    readonly_fields = fields
    select_related = ("entry", "uploaded_by")
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # files are checked on upload from the State's page


@admin.register(EntryAttachment)
class EntryAttachmentAdmin(ReadOnlyRecordAdmin):
    list_display = ("original_filename", "entry", "content_type", "size", "created_at")
    list_select_related = ("entry",)
    search_fields = ("original_filename", "entry__title")


class CountryEntryForm(RevisionCheckForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_hidden") and not (cleaned.get("moderation_reason") or "").strip():
            self.add_error("moderation_reason", _("Give the reason for hiding the entry; the State will read it."))
        return cleaned


@admin.register(CountryEntry)
class CountryEntryAdmin(RevisionCheckMixin, HistoryModelAdmin):
    form = CountryEntryForm
    list_display = ("title", "member_state", "kind", "dated_on", "audience", "is_hidden")
    list_filter = ("kind", "audience", "is_hidden", "page__member_state__region")
    list_select_related = ("page__member_state",)
    search_fields = ("title", "text", "page__member_state__name")
    autocomplete_fields = ("page", "thematic_area", "allowed_organizations")
    readonly_fields = ("created_by", "moderated_by", "moderated_at")
    date_hierarchy = "dated_on"
    inlines = [EntryAttachmentInline]
    fieldsets = (
        (None, {"fields": ("page", "kind", "title", "text", "dated_on", "pillar", "thematic_area", "created_by")}),
        (_("Audience"), {"fields": ("audience", "allowed_organizations")}),
        (_("Moderation"), {"fields": ("is_hidden", "moderation_reason", "moderated_by", "moderated_at")}),
    )

    @admin.display(description=_("Member State"), ordering="page__member_state__name")
    def member_state(self, entry):
        return entry.page.member_state

    def save_model(self, request, obj, form, change):
        if {"is_hidden", "moderation_reason"} & set(form.changed_data):
            obj.moderated_by = request.user
            obj.moderated_at = timezone.now()
            obj._change_reason = obj.moderation_reason
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class SupportRecordInline(CompactTabularInline):
    """What the request's page writes (routes, offers, steps): read here, so no step goes unrecorded."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SupportRoutingInline(SupportRecordInline):
    model = SupportRouting
    fk_name = "request"
    fields = ("working_group", "organization", "routed_by", "routed_at")
    readonly_fields = fields
    select_related = ("request", "working_group", "organization", "routed_by")


class SupportOfferInline(SupportRecordInline):
    model = SupportOffer
    fields = ("organization", "description", "project", "status", "decided_at")
    readonly_fields = fields
    select_related = ("request", "organization", "project")


class SupportStepInline(SupportRecordInline):
    model = SupportStep
    fields = ("at", "action", "status", "actor", "organization", "note")
    readonly_fields = fields
    select_related = ("request", "actor", "organization")


@admin.register(SupportRequest)
class SupportRequestAdmin(RevisionCheckMixin, HistoryModelAdmin):
    list_display = ("title", "member_state", "thematic_area", "urgency", "status", "created_at", "first_offer_at")
    list_filter = ("status", "urgency", "pillar", "thematic_area", "member_state__region")
    list_select_related = ("member_state", "thematic_area")
    search_fields = ("title", "needs", "member_state__name", "member_state__iso_alpha3")
    autocomplete_fields = ("member_state", "thematic_area", "recommendations", "working_groups")
    # The status moves only through the request's page, where each move is a recorded, announced step.
    readonly_fields = ("status", "filed_by", "first_offer_at", "closed_at")
    date_hierarchy = "created_at"
    inlines = [SupportRoutingInline, SupportOfferInline, SupportStepInline]
    fieldsets = (
        (None, {"fields": ("member_state", "title", "needs", "thematic_area", "pillar", "urgency")}),
        (_("Related"), {"fields": ("recommendations", "working_groups")}),
        (_("Record"), {"fields": ("status", "filed_by", "first_offer_at", "closed_at", "created_at", "updated_at")}),
    )


@admin.register(SupportOffer)
class SupportOfferAdmin(RevisionCheckMixin, HistoryModelAdmin):
    list_display = ("request", "organization", "project", "status", "created_at", "decided_at")
    list_filter = ("status", "organization")
    list_select_related = ("request", "organization", "project")
    search_fields = ("description", "request__title", "organization__acronym", "organization__name")
    autocomplete_fields = ("request", "organization", "project", "appeal_project")
    readonly_fields = ("status", "offered_by", "decided_by", "decided_at", "decision_note")


@admin.register(SupportRouting)
class SupportRoutingAdmin(ReadOnlyRecordAdmin):
    list_display = ("request", "working_group", "organization", "routed_by", "routed_at")
    list_filter = ("working_group",)
    list_select_related = ("request", "working_group", "organization", "routed_by")
    search_fields = ("request__title", "organization__acronym")


@admin.register(SupportStep)
class SupportStepAdmin(ReadOnlyRecordAdmin):
    list_display = ("at", "request", "action", "status", "actor", "organization")
    list_filter = ("action", "status")
    list_select_related = ("request", "actor", "organization")
    search_fields = ("request__title", "note")
    date_hierarchy = "at"


# --- metrics ------------------------------------------------------------------------------------


@admin.register(DailyVisitTotal)
class DailyVisitTotalAdmin(CompactModelAdmin):
    list_display = ("date", "visits", "unique_visitors")
    date_hierarchy = "date"


@admin.register(DailyVisitor)
class DailyVisitorAdmin(CompactModelAdmin):
    """The database's own visit counter, used only where there is no Redis."""

    list_display = ("date", "user", "visits")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    date_hierarchy = "date"


@admin.register(MetricSnapshot)
class MetricSnapshotAdmin(CompactModelAdmin):
    list_display = ("__str__", "as_of", "source", *(key for key, _label in FIGURES))
    list_filter = ("source",)
    search_fields = ("label", "reference", "note")
    date_hierarchy = "as_of"


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyRecordAdmin):
    list_display = ("subject", "kind", "address", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("address", "subject", "key")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    actions = ["send_again"]

    @admin.action(description=_("Send again (interrupted, failed or pending mails)"), permissions=["change"])
    def send_again(self, request, queryset):
        from django.db import transaction

        from .tasks import send_delivery

        chosen = queryset.filter(
            status__in=[EmailDelivery.Status.UNCONFIRMED, EmailDelivery.Status.FAILED, EmailDelivery.Status.PENDING]
        )
        ids = list(chosen.values_list("pk", flat=True))
        chosen.update(status=EmailDelivery.Status.PENDING, attempts=0, error="")
        for pk in ids:
            transaction.on_commit(functools.partial(send_delivery.delay, pk))
        self.message_user(
            request,
            ngettext("%(count)d mail queued to be sent again.", "%(count)d mails queued to be sent again.", len(ids))
            % {"count": len(ids)},
            messages.SUCCESS,
        )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyRecordAdmin):
    list_display = ("title", "kind", "user", "working_group", "created_at", "delivery")
    list_filter = ("kind", "working_group")
    search_fields = ("title", "user__username", "user__email")
    list_select_related = ("user", "working_group", "delivery")
    raw_id_fields = ("user", "delivery")


@admin.register(TaskFailure)
class TaskFailureAdmin(ReadOnlyRecordAdmin):
    list_display = ("task_name", "failed_at", "exception", "retries", "resolved")
    list_filter = ("resolved", "task_name")
    search_fields = ("task_name", "exception", "task_id")
    date_hierarchy = "failed_at"
    editable_fields = ("resolved",)
    actions = ["mark_resolved"]

    @admin.action(description=_("Mark as resolved"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        count = queryset.update(resolved=True)
        self.message_user(
            request,
            ngettext("%(count)d failure marked resolved.", "%(count)d failures marked resolved.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class DeletionReaderInline(admin.TabularInline):
    model = DeletionReader
    fields = ("organization_kind", "organization_id", "user_id")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Deletion)
class DeletionAdmin(ReadOnlyRecordAdmin):
    """Records deleted from the API's lists, kept so that the systems copying them delete them too
    (/api/v1/deletions/); with who could read each. Written by the platform, never edited."""

    list_display = ("deleted_at", "kind", "object_id")
    list_filter = ("kind",)
    search_fields = ("object_id",)
    date_hierarchy = "deleted_at"
    inlines = [DeletionReaderInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DeletionReader)
class DeletionReaderAdmin(ReadOnlyRecordAdmin):
    list_display = ("deletion", "organization_kind", "organization_id", "user_id")
    list_filter = ("organization_kind",)
    list_select_related = ("deletion",)

    def has_change_permission(self, request, obj=None):
        return False


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
        audit.end_sessions(UserSession.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        audit.end_sessions(queryset)


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
