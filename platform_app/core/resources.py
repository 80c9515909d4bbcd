"""Spreadsheet import and export (CSV, XLSX) for the Secretariat, through django-import-export.

A spreadsheet is something a person types and reads, so every record and every relation is
named by a key people already use instead of a database id: organizations by acronym, Member
States by ISO 3166 alpha-3 code; people by username or email; projects by code; themes by
name; pillars by number; languages by code. Cells holding several keys separate them with
semicolons, because theme names contain commas.

Each resource matches rows on such keys (`import_id_fields`) and skips unchanged rows, so
importing the file an export produced changes nothing, and importing it again after editing
updates in place instead of adding duplicates. Rows are validated with the model's
`full_clean()` (constraints included) and unknown keys are reported per row and field rather
than silently dropped.

Every resource derives from `SpreadsheetResource`, which writes text that a spreadsheet program would
run as a formula with a leading apostrophe and reads it back without (platform_app/core/spreadsheets.py).
"""

from __future__ import annotations

import operator
from datetime import datetime
from functools import reduce

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from import_export import fields, resources, widgets

from platform_app.core.models import AuditEvent
from platform_app.core.spreadsheets import escape_cell, unescape_cell

LIST_SEPARATOR = ";"


def split_keys(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, float) and value.is_integer():
        # Spreadsheets turn "3" into 3.0; a pillar number is still 3.
        value = int(value)
    return [part.strip() for part in str(value).split(LIST_SEPARATOR) if part.strip()]


class KeyListWidget(widgets.ManyToManyWidget):
    """Several records in one cell, named by one of their unique fields.

    The stock widget drops keys it cannot find; here an unknown key fails the row, because a
    typo would otherwise silently remove a theme or a partner.
    """

    def __init__(self, model, field: str, *, case_insensitive: bool = False, **kwargs):
        super().__init__(model, separator=LIST_SEPARATOR, field=field, **kwargs)
        self.case_insensitive = case_insensitive

    def _normal(self, key) -> str:
        return str(key).casefold() if self.case_insensitive else str(key)

    def clean(self, value, row=None, **kwargs):
        keys = split_keys(value)
        if not keys:
            return []
        if self.case_insensitive:
            matches = reduce(operator.or_, (Q(**{f"{self.field}__iexact": key}) for key in keys))
        else:
            matches = Q(**{f"{self.field}__in": keys})
        try:
            by_key = {self._normal(getattr(obj, self.field)): obj for obj in self.model.objects.filter(matches)}
        except (ValueError, ValidationError):
            by_key = {}  # a key of the wrong type (a word for a number) matches nothing
        unknown = [key for key in keys if self._normal(key) not in by_key]
        if unknown:
            raise ValueError(f"No {self.model._meta.verbose_name} with {self.field}: {', '.join(unknown)}")
        return list(dict.fromkeys(by_key[self._normal(key)] for key in keys))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{LIST_SEPARATOR} ".join(sorted(str(getattr(item, self.field)) for item in value.all()))


class KeyWidget(widgets.ForeignKeyWidget):
    """One record named by a unique field, with a readable error instead of DoesNotExist."""

    def __init__(self, model, field: str, *, case_insensitive: bool = False, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.case_insensitive = case_insensitive

    def clean(self, value, row=None, **kwargs):
        keys = split_keys(value)
        if not keys:
            return None
        lookup = f"{self.field}__iexact" if self.case_insensitive else self.field
        try:
            return self.model.objects.get(**{lookup: keys[0]})
        except (self.model.DoesNotExist, ValueError, ValidationError):
            raise ValueError(f"No {self.model._meta.verbose_name} with {self.field} {keys[0]!r}") from None


class UserWidget(widgets.ForeignKeyWidget):
    """A person by username or by sign-in email, the two names they sign in with."""

    def __init__(self, **kwargs):
        super().__init__(get_user_model(), field="username", **kwargs)

    def clean(self, value, row=None, **kwargs):
        key = str(value or "").strip()
        if not key:
            return None
        users = list(self.model.objects.filter(Q(username=key) | Q(email__iexact=key))[:2])
        if len(users) != 1:
            # Accounts are created by the sign-up and invitation flow, not by a spreadsheet.
            raise ValueError(f"No single user account with username or email {key!r}")
        return users[0]


class IsoDateTimeWidget(widgets.Widget):
    """Date and time in ISO 8601 with offset and microseconds, so an export re-imports unchanged."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        moment = value if isinstance(value, datetime) else parse_datetime(str(value).strip())
        if moment is None:
            raise ValueError(f"Not a date and time (YYYY-MM-DD HH:MM[:SS][+HH:MM]): {value}")
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment, timezone.get_default_timezone())

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class CalendarDateWidget(widgets.DateWidget):
    """XLSX cells hold dates as midnight datetimes; a date field wants the date."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        return super().clean(value, row, **kwargs)


class TextListWidget(widgets.Widget):
    """A list of strings (e.g. organization aliases) as one semicolon-separated cell, not JSON."""

    def clean(self, value, row=None, **kwargs):
        return split_keys(value)

    def render(self, value, obj=None, **kwargs):
        return f"{LIST_SEPARATOR} ".join(value or [])


class SpreadsheetResource(resources.ModelResource):
    """Cells of every export escaped, and cells of every import unescaped, by the one rule of spreadsheets.py.

    Escaping each exported value (rather than the file) leaves numbers and dates as they are, so an
    XLSX export keeps them as numbers and dates; unescaping happens before any row is read, so keys,
    comparisons with the stored record and validation all see the text that was exported.
    """

    def export_field(self, field, instance, **kwargs):
        return escape_cell(super().export_field(field, instance, **kwargs))

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        for index in range(len(dataset)):
            dataset[index] = [unescape_cell(value) for value in dataset[index]]


class CompactResource(SpreadsheetResource):
    """Shared behaviour: validate like a form, check list cells before saving, skip unchanged rows."""

    # Spreadsheet readers give an empty cell as None, where a text column stores "" for "nothing
    # said", and give an XLSX date as a datetime; without these, every re-import would "change" rows.
    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "TextField": widgets.CharWidget,
        "DateField": CalendarDateWidget,
    }

    # Related rows the export prints for every record, fetched up front instead of per row.
    export_select_related: tuple[str, ...] = ()
    export_prefetch_related: tuple[str, ...] = ()

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def import_instance(self, instance, row, **kwargs):
        # Many-to-many cells are normally read only after the row is saved, where an unknown key
        # is a crash; reading them here too turns it into a validation message on that row.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row and not field.readonly:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def filter_export(self, queryset, **kwargs):
        queryset = super().filter_export(queryset, **kwargs)
        if self.export_select_related:
            queryset = queryset.select_related(*self.export_select_related)
        if self.export_prefetch_related:
            queryset = queryset.prefetch_related(*self.export_prefetch_related)
        return queryset


class AuditEventResource(SpreadsheetResource):
    """The audit log as the Secretariat exports it: one row per event, names rather than ids."""

    kind = fields.Field(attribute="get_kind_display", column_name="what")
    account = fields.Field(attribute="user__username", column_name="account")

    class Meta:
        model = AuditEvent
        fields = (
            "at",
            "kind",
            "username",
            "account",
            "ip_address",
            "user_agent",
            "method",
            "path",
            "status",
            "via_api",
            "object_type",
            "object_id",
            "object_repr",
        )
        export_order = fields
