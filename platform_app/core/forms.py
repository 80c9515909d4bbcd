"""What the forms of several areas' pages share: choice fields with the same messages, the searchable
list of many choices, a field shown only for one answer of another, several files in one field, and
showing a service's refusal or an edit conflict on a form. (The lists' filters are filter sets:
platform_app.core.filters.)"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

MAX_TEXT = 20_000


INVALID_CHOICE = _("Choose one of the listed options.")


INVALID_CHOICES = _("One of the chosen options is not among those listed.")


# A list of choices longer than this is a searchable list rather than a column of checkboxes.
CHECKBOXES_AT_MOST = 8


class SearchableSelectMultiple(forms.SelectMultiple):
    """Several choices among many (themes, organizations, recommendations, Member States).

    site.js turns the list box into a picker that filters the options as one types (Tom Select, from
    static/vendor/); without JavaScript it stays a list box of `size` rows. A line under it says how to
    choose in either case: the one for a list box, which site.js swaps for the one for the picker. The
    picker's own words (its placeholder, "nothing matches", the remove button) travel as data-
    attributes, translated when the page is drawn."""

    searchable = True

    def __init__(self, attrs=None, choices=()):
        super().__init__({"size": CHECKBOXES_AT_MOST, **(attrs or {})}, choices)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.update(
            {
                "data-searchable": True,
                "data-placeholder": _("Type to search"),
                "data-no-results": _("Nothing matches what you typed."),
                "data-remove-label": _("Remove"),
            }
        )
        if widget_attrs.get("id"):
            described = [widget_attrs.get("aria-describedby", ""), f"{widget_attrs['id']}_howto"]
            widget_attrs["aria-describedby"] = " ".join(part for part in described if part)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        select = self._render(self.template_name, context, renderer)
        widget_id = context["widget"]["attrs"].get("id")
        if not widget_id:
            return select
        return format_html(
            '{}<p class="help searchable-howto" id="{}_howto"><span data-without-js>{}</span>'
            "<span data-with-js hidden>{}</span></p>",
            select,
            widget_id,
            _("Hold Ctrl (or Cmd on a Mac) to choose several."),
            _("Type a few letters, then choose with the arrow keys and Enter; add as many as you need."),
        )


def shown_when(controller: str, value: str) -> dict:
    """The attributes of a control that matters only for one answer of another field (`controller`) of
    its form: site.js hides the control's field for any other answer. Without JavaScript it always shows,
    so the form's own rule must hold for whatever it carries (the services ignore organizations named
    for any audience but "named organizations")."""
    return {"data-shown-when": controller, "data-shown-value": value}


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
