"""What the forms of several areas' pages share: choice fields with the same messages, several files in
one field, and showing a service's refusal or an edit conflict on a form. (The lists' filters are filter
sets: platform_app.core.filters.)"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
