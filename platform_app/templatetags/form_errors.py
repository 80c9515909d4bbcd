"""`{% load form_errors %}`: `{% error_summary form as summary %}` says what is wrong with a form, for the
box at its top (templates/includes/form_errors.html): `summary.entries` are the errors of the whole form
and of its hidden fields as they are, then each visible field's errors with the field's label and the id
of the control to go to, in the form's order; `summary.focus` says whether the page moves the focus to
the box when it opens.

The id is the one a person lands on: the first box or button of a group of choices, the control itself
otherwise (its label's `for`). A list page's filter form (marked `page` by core.filters.ListFilterSet)
reports its field errors beside the results (includes/filter_errors.html) and beside each filter, and
applies itself as one chooses: its box holds only the errors of the whole form and takes no focus.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class ErrorItem:
    message: str
    label: str = ""
    anchor: str = ""


def field_anchor(field: forms.BoundField) -> str:
    widget, auto_id = field.field.widget, field.auto_id
    if not auto_id:
        return ""
    if isinstance(widget, forms.widgets.ChoiceWidget):
        # A radio or checkbox group's first input is `<id>_0`; a select's is the id itself.
        return widget.id_for_label(auto_id, "0")
    return widget.id_for_label(auto_id)


@dataclass(frozen=True)
class Summary:
    entries: tuple[ErrorItem, ...] = ()
    focus: bool = False


@register.simple_tag
def error_summary(form: forms.BaseForm | None) -> Summary:
    if form is None or not isinstance(form, forms.BaseForm) or not form.errors:
        return Summary()
    entries = [ErrorItem(str(message)) for message in form.non_field_errors()]
    if getattr(form, "page", False) is True:
        return Summary(tuple(entries))
    for field in form.hidden_fields():
        entries.extend(ErrorItem(str(message)) for message in field.errors)
    for field in form.visible_fields():
        anchor = field_anchor(field)
        entries.extend(ErrorItem(str(message), str(field.label or field.name), anchor) for message in field.errors)
    return Summary(tuple(entries), focus=True)
