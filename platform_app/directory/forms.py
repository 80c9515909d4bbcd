"""Forms of the directory and the country profiles: the query strings of their lists.

Every value comes from a query string anyone can type, so each field reports a malformed or unknown
value as a field error (the page then leaves that filter out) instead of failing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platform_app.core.forms import ID, FilterForm, LookupField, choice_filter, search_field
from platform_app.core.viewer import viewer_for
from platform_app.directory.models import Organization
from platform_app.structure.models import Language, ThematicArea

ISO_CODE = re.compile(r"[A-Za-z]{2,3}")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


class CountryField(forms.CharField):
    """A Member State by ISO 3166 alpha-2 or alpha-3 code, in any case ("ke", "KEN"), offered as a select."""

    def __init__(self, **kwargs):
        super().__init__(max_length=3, required=False, strip=True, **kwargs)
        self.states = Organization.objects.none()

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        if not ISO_CODE.fullmatch(code):
            raise ValidationError(_("Use an ISO 3166 code of two or three letters."), code="invalid")
        code = code.upper()
        lookup = "iso_alpha2" if len(code) == 2 else "iso_alpha3"
        state = self.states.filter(**{lookup: code}).first()
        if state is None:
            raise ValidationError(_("Unknown Member State."), code="invalid_choice")
        return state


class DirectoryFilterForm(FilterForm):
    """The directory's query string, shared by the page and its CSV export."""

    q = search_field(
        _("Name or job title"), help_text=_("Every word must appear in the name, the job title or the organization.")
    )
    organization = LookupField(
        Organization.objects.none(),
        label=_("Organization"),
        unknown=_("Unknown organization."),
        pattern=ID,
        empty_label=_("Any"),
    )
    kind = choice_filter(_("Kind of organization"), Organization.Kind.choices, _("Unknown kind of organization."))
    country = CountryField(label=_("Member State"))
    expertise = LookupField(
        ThematicArea.objects.all(),
        to_field_name="slug",
        label=_("Expertise"),
        unknown=_("Unknown thematic area."),
        empty_label=_("Any"),
    )
    language = LookupField(
        Language.objects.all(), label=_("Language"), unknown=_("Unknown language."), empty_label=_("Any")
    )
    status = choice_filter(
        _("Status"),
        [("active", _("In office")), ("inactive", _("Deactivated"))],
        _("Unknown status."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not viewer_for(user).is_secretariat:
            # Others see only focal points in office: the choice would change nothing.
            del self.fields["status"]
        organizations = Organization.objects.visible_to(user)
        self.fields["organization"].queryset = organizations
        self.fields["country"].states = organizations.filter(kind=Organization.Kind.MEMBER_STATE)
        self._organizations = organizations

    def organization_options(self) -> list[tuple[str, list[Option]]]:
        """The organization select, by kind. Member States have the country select of their own, so they
        are offered here only when one was chosen (from a link, say)."""
        chosen = self.filters().get("organization")
        listed = self._organizations.exclude(kind=Organization.Kind.MEMBER_STATE)
        if chosen is not None:
            listed = self._organizations.filter(Q(pk=chosen.pk) | ~Q(kind=Organization.Kind.MEMBER_STATE))
        groups: dict[str, list[Option]] = {kind: [] for kind in Organization.Kind.values}
        for organization in listed.order_by("name"):
            selected = chosen is not None and organization.pk == chosen.pk
            groups[organization.kind].append(Option(str(organization.pk), organization.display_name, selected))
        labels = dict(Organization.Kind.choices)
        return [(labels[kind], options) for kind, options in groups.items() if options]

    def country_options(self) -> list[Option]:
        chosen = self.filters().get("country")
        return [
            Option(state.iso_alpha3, state.name, chosen is not None and state.pk == chosen.pk)
            for state in self.fields["country"].states.order_by("name")
        ]


class CountrySearchForm(FilterForm):
    """The query string of the list of Member States."""

    q = search_field(_("Name or ISO code"))
    region = choice_filter(_("Region"), Organization.Region.choices, _("Unknown region."))


class OrganizationListForm(FilterForm):
    """The query string of the list of organizations: the lists the "Compact in numbers" figures count."""

    q = search_field(_("Name or acronym"))
    kind = choice_filter(_("Kind of organization"), Organization.Kind.choices, _("Unknown kind of organization."))
    nominated = choice_filter(
        _("Focal points"), [("1", _("Has a focal point in office"))], _("Unknown choice of focal points.")
    )
