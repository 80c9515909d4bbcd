"""Forms of the portal pages, one module per area.

Here: what the filter forms of several areas share. Their values come from query strings anyone can
type, so a malformed or unknown value is a field error (the page reports it and leaves that filter out).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platform_app.core.filters import MAX_ID, search_field  # noqa: F401 (the pages' search box)

# The shapes a value named in a query string may have; anything else is unknown without a query.
ID = re.compile(r"[0-9]{1,19}")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
ISO3 = re.compile(r"[A-Za-z]{3}")
PILLAR = re.compile(r"[1-4]")

MAX_TEXT = 20_000


INVALID_CHOICE = _("Choose one of the listed options.")


INVALID_CHOICES = _("One of the chosen options is not among those listed.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _models(queryset, label, required=False, help_text="", widget=None):
    return forms.ModelMultipleChoiceField(
        queryset,
        label=label,
        required=required,
        help_text=help_text,
        widget=widget or forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": INVALID_CHOICES, "invalid_pk_value": INVALID_CHOICES},
    )


def _model(queryset, label, required=True, empty_label="—"):
    return forms.ModelChoiceField(
        queryset,
        label=label,
        required=required,
        empty_label=empty_label,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )


def choice_filter(label, choices, unknown) -> forms.ChoiceField:
    """One of `choices`, or "Any"; `unknown` is the error for any other value."""
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", _("Any")), *choices],
        error_messages={"invalid_choice": unknown},
    )


def lookup_conditions(data: dict, **lookups: str) -> list[Q]:
    """`Q(lookup=value)` for each field named in `lookups` that has a value in `data` (cleaned data)."""
    return [Q(**{lookup: data[name]}) for name, lookup in lookups.items() if data.get(name)]


class FilterForm(forms.Form):
    def filters(self) -> dict:
        """The valid filters (call after is_valid()); a field with an error is simply absent."""
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in (None, "")}


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Shows a service's ValidationError on the form: on the visible field it names, else above the form
    (an error on a hidden field, such as the revision an edit started from, would not be seen there)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            shown = name in form.fields and not form.fields[name].widget.is_hidden
            form.add_error(name if shown else None, ValidationError(errors))
    else:
        form.add_error(None, error)


def show_edit_conflict(form: forms.Form, conflict) -> None:
    """Says on the form that someone else saved the record first (an EditConflict), and keeps what this
    person typed with the revision now stored, so that sending it again overwrites the change knowingly.
    The page answers 409."""
    form.add_error(None, str(conflict))
    data = form.data.copy()
    data["revision"] = conflict.current
    form.data = data


class LookupField(forms.ModelChoiceField):
    """One object named in a query string by id, slug or code.

    The raw value is checked against `pattern` (ID, SLUG, ISO3…) before the database sees it, so NUL
    bytes, huge numbers or overlong text are "unknown" like any value naming nothing, never a server
    error. `upper` looks the value up in capitals (codes typed in any case).
    """

    def __init__(self, queryset, *, label, unknown, pattern: re.Pattern = SLUG, upper: bool = False, **kwargs):
        self.pattern = pattern
        self.upper = upper
        super().__init__(queryset, label=label, required=False, error_messages={"invalid_choice": unknown}, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not self.pattern.fullmatch(text) or (self.pattern is ID and int(text) > MAX_ID):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(text.upper() if self.upper else text)
