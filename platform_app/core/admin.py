"""The Secretariat's admin for the platform's own records, and the base classes every app's admin uses.

Who may do what is Django's model permissions, granted through the role groups of
`platform_app.accounts.roles`: the Secretariat holds every permission of the platform's apps, CTED
edits its assessments and recommendations and reads what they refer to. Nothing here widens
that: import needs add and change, export needs view, custom actions declare
`allowed_permissions`, and restoring an old version from the history needs change.
"""

from __future__ import annotations

import functools

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm
from simple_history.admin import SimpleHistoryAdmin

from platform_app.core.storage import files_atomic
from platform_app.core.timezones import ALL_TIME_ZONES
from platform_app.core.uploads import UploadValidator

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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The files a form stores are deleted again if its transaction does not commit (core.storage).
        with files_atomic(using=router.db_for_write(self.model)):
            return super().changeform_view(request, object_id, form_url, extra_context)

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
