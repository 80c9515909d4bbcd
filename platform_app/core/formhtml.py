"""The fields of a list's filter form written in Python: labels, text inputs and selects, where Django's form
templates drew them one node at a time (a select's include for each of its options). Every list page's
sidebar form is drawn so (platform_app.core.filters: `ListFilterSet.form`).

Each function writes exactly what Django's template writes, whitespace and escaping included
(tests/test_directory_performance.py and tests/test_filter_forms_html.py compare them), and escapes every
value with `conditional_escape`, as `{{ }}` does.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from django import forms
from django.db.models import Expression
from django.forms.models import ModelChoiceField
from django.forms.widgets import Select, TextInput
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape

from platform_app.core.translated import reader_value


def _attrs(attrs: dict | None) -> str:
    # django/forms/attrs.html and widgets/attrs.html: True is written bare, False left out.
    written = []
    for name, value in (attrs or {}).items():
        if value is True:
            written.append(f" {conditional_escape(name)}")
        elif value is not False:
            written.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(written)


def _select(context: dict) -> str:
    # django/forms/widgets/select.html, select_option.html for each option.
    widget = context["widget"]
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            value, attrs, label = option["value"], _attrs(option["attrs"]), option["label"]
            parts.append(
                f'\n  <option value="{conditional_escape(value)}"{attrs}>{conditional_escape(label)}</option>\n'
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input(context: dict) -> str:
    # django/forms/widgets/input.html (which text.html includes).
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _label(context: dict) -> str:
    # django/forms/label.html.
    if not context["use_tag"]:
        return conditional_escape(context["label"])
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{conditional_escape(context['label'])}</{tag}>"


def _only_plain_options(context: dict) -> bool:
    return all(
        option["template_name"] == Select.option_template_name
        for _name, group, _index in context["widget"]["optgroups"]
        for option in group
    )


class FormInPython:
    """A form renderer that writes labels, text inputs and selects (Django's own templates for them) itself
    and leaves every other template to `renderer`, the form's own. Django builds each one's context as
    always (its attributes, which options are selected): only the drawing of that context changes hands.
    What a renderer returns is stripped, as Django's renderers strip their templates' output."""

    def __init__(self, renderer):
        self._renderer = renderer

    def __getattr__(self, name):
        return getattr(self._renderer, name)

    def render(self, template_name, context, request=None):
        if template_name == Select.template_name and _only_plain_options(context):
            return _select(context)
        if template_name == TextInput.template_name:
            return _input(context)
        if template_name == "django/forms/label.html":
            return _label(context)
        return self._renderer.render(template_name, context, request=request)


class OptionsReadOnce(BaseChoiceIterator):
    """The options of a select of objects (`field`, a ModelChoiceField), read in one query the first time the
    select is drawn. Django's iterator reads them through `QuerySet.iterator()`, a server-side cursor on
    PostgreSQL (DECLARE, FETCH, CLOSE: three round trips for a score of rows), each time it is drawn. The
    same options in the same order, labelled alike: the empty choice and django-filter's null choice first,
    then one per object of the field's queryset as it is when drawn. A field labelled by `label_options` is
    read as rows of each object's value and label, with no model instance made (two hundred Member States)."""

    def __init__(self, field: ModelChoiceField):
        self.field = field
        self._options: list | None = None

    def __iter__(self):
        if self._options is None:
            field = self.field
            options = [("", field.empty_label)] if field.empty_label is not None else []
            if getattr(field, "null_label", None) is not None:  # django-filter's choice of "no value"
                options.append((field.null_value, field.null_label))
            label = getattr(field, "option_label", None)
            if label is None:
                iterator = field.iterator(field)
                options += [iterator.choice(obj) for obj in field.queryset]
            else:
                queryset = field.queryset
                label = reader_value(queryset.model, label) if isinstance(label, str) else label()
                options += queryset.values_list(field.to_field_name or "pk", label)
            self._options = options
        return iter(self._options)


def label_options(
    field: ModelChoiceField, label: str | Callable[[], Expression], of_object: Callable | None = None
) -> None:
    """Labels the options of `field`, a select of objects, by `label`: a field's name, read as the object's
    attribute (a translated name in the reader's language, else in English: core.translated.reader_value),
    or a function giving an expression that says in SQL what `of_object(obj)` says of an object (made when
    the options are read, in the reader's language). `OptionsReadOnce` then reads the options as rows,
    Django's own iterator by `of_object` (tests/test_filter_forms_html.py compares them)."""
    if of_object is None:
        if not isinstance(label, str):
            raise TypeError("a function of an expression labels the options with one saying the same of an object")
        of_object = attrgetter(label)
    field.label_from_instance = of_object
    field.option_label = label


def options_read_at_once(form: forms.Form) -> forms.Form:
    """`form` with the options of each of its selects of objects read in one query when drawn
    (`OptionsReadOnce`); the field still checks a value against its queryset. Set once the fields' querysets
    are final: setting a field's queryset gives its widget Django's iterator again."""
    for field in form.fields.values():
        if isinstance(field, ModelChoiceField):
            field.widget.choices = OptionsReadOnce(field)
    return form
