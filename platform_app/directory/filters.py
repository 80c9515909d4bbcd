"""The filters of organizations and focal points: the API's lists and the pages that show them (the
directory of focal points and its CSV export, the list of organizations, the list of Member States);
and the filter by Member State that other lists share."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.core.validators import EMPTY_VALUES, RegexValidator
from django.utils.translation import gettext_lazy as _

from platform_app.core.filters import (
    ISO_CODE,
    UNMATCHED,
    BooleanFilter,
    ListFilterSet,
    Offer,
    ReferenceField,
    ReferenceFilter,
    _by_id,
)
from platform_app.core.formhtml import label_options
from platform_app.core.viewer import viewer_for
from platform_app.directory.models import FocalPoint, Organization
from platform_app.directory.selectors import IN_OFFICE, has_focal_point_in_office
from platform_app.structure.filters import _language, _theme


class CountryCodeField(ReferenceField):
    """A Member State by ISO 3166 alpha-2 or alpha-3 code, in any case ("ke", "KEN"). A sidebar offers each
    as it names itself (`str`), read as rows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_options(self, Organization.str_in_sql, str)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        code = self.value_field.clean(value).upper()
        lookup = "iso_alpha2" if len(code) == 2 else "iso_alpha3"
        return self.queryset.filter(**{lookup: code}).first() or UNMATCHED


def _member_states(request):
    # Every user may see which Member States exist.
    return Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE).named()


class CountryCodeFilter(ReferenceFilter):
    """A Member State by ISO 3166 alpha-2 or alpha-3 code, case-insensitive. A well-formed code that names
    no Member State matches nothing."""

    field_class = CountryCodeField
    schema_constraints = {"type": "string", "pattern": r"^([A-Za-z]{2,3})?$", "maxLength": 3}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Member State ISO 3166 code, alpha-2 or alpha-3 (KE or KEN).")
        kwargs.setdefault("queryset", _member_states)
        kwargs.setdefault("distinct", False)
        value_field = forms.CharField(
            max_length=3,
            strip=False,
            validators=[RegexValidator(ISO_CODE, _("Use an ISO 3166 code of two or three letters."))],
        )
        super().__init__(*args, value_field=value_field, **kwargs)


def _organization(field_name: str, label: str, **kwargs):
    return ReferenceFilter(
        field_name=field_name,
        queryset=Organization.objects.all(),
        value_field=_by_id(),
        distinct=False,
        label=label,
        **kwargs,
    )


class NominatedFilter(BooleanFilter):
    """Organizations that have (true) or have not (false) nominated a focal point in office."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        condition = has_focal_point_in_office()
        return qs.filter(condition if value else ~condition)


class OrganizationFilterSet(ListFilterSet):
    """The organizations: the API's list, and two pages. The list of organizations offers the kind and
    "Has a focal point in office" (`nominated=1`, the API's `nominated=true`); the list of Member States,
    whose rows are the Member States, offers the region (`of_member_states`)."""

    sidebar = {
        "kind": Offer(_("Kind of organization"), _("Unknown kind of organization.")),
        "nominated": Offer(_("Focal points"), _("Unknown choice of focal points.")),
    }
    search_label = _("Name or acronym")

    kind = filters.ChoiceFilter(choices=Organization.Kind.choices)
    compact_status = filters.ChoiceFilter(choices=Organization.CompactStatus.choices)
    acronym = filters.CharFilter(
        lookup_expr="iexact", max_length=32, strip=False, label="Acronym, case-insensitive (UNODC, AU…)."
    )
    region = filters.ChoiceFilter(choices=Organization.Region.choices)
    nominated = NominatedFilter(
        label="true: only organizations with a focal point in office (nomination and account active); "
        "false: those without one."
    )

    class Meta:
        model = Organization
        fields = ["kind", "compact_status", "acronym", "region", "nominated"]

    @classmethod
    def of_member_states(cls, *args, **kwargs) -> OrganizationFilterSet:
        """The filter set as the list of Member States reads it (`read_page`): the same filters, searched
        by name or ISO code, its sidebar offering the region; the API's list reads them as
        `kind=member_state&region=…&search=…`."""
        sidebar = {"region": Offer(_("Region"), _("Unknown region."))}
        return cls(*args, sidebar=sidebar, search_label=_("Name or ISO code"), **kwargs)

    def prepare_page_form(self, form: forms.Form) -> None:
        if "nominated" in form.fields:
            # The page's links and bookmarks say nominated=1, and it offers no "false".
            form.fields["nominated"] = forms.TypedChoiceField(
                label=self.filters["nominated"].label,
                required=False,
                choices=[("", _("Any")), ("1", _("Has a focal point in office"))],
                coerce=lambda value: value == "1",
                empty_value=None,
            )


class StatusFilter(filters.ChoiceFilter):
    """Focal points in office (active) or not (inactive)."""

    def filter(self, qs, value):
        if value == "active":
            return qs.filter(IN_OFFICE)
        if value == "inactive":
            return qs.exclude(IN_OFFICE)
        return qs


class FocalPointFilterSet(ListFilterSet):
    """The focal points: the API's list, the directory's page and its CSV export. Only the Secretariat
    sees people not in office, so the page offers the status to the Secretariat only (for anyone else
    the API's `status=inactive` gives an empty list)."""

    sidebar = {
        "organization": Offer(_("Organization"), _("Unknown organization.")),
        "kind": Offer(_("Kind of organization"), _("Unknown kind of organization.")),
        "country": Offer(_("Member State"), _("Unknown Member State.")),
        "expertise": Offer(_("Expertise"), _("Unknown thematic area.")),
        "language": Offer(_("Language"), _("Unknown language.")),
        "status": Offer(_("Status"), _("Unknown status.")),
    }
    search_label = _("Name or job title, expertise, language or organization")
    search_help = _(
        "Every word must appear in the name, the job title, the department, the organization, the expertise "
        "or the languages."
    )

    organization = _organization("organization", "Organization id.")
    kind = filters.ChoiceFilter(
        field_name="organization__kind", choices=Organization.Kind.choices, label="Kind of organization."
    )
    expertise = _theme("expertise", "Thematic area slug of expertise.")
    language = _language("languages")
    country = CountryCodeFilter(field_name="organization")
    is_primary = BooleanFilter(label="true: only the main focal point of each organization; false: the others.")
    status = StatusFilter(
        choices=[("active", _("In office")), ("inactive", _("Deactivated"))],
        label="active: focal points in office (nomination and account active); "
        "inactive: the others, whom only the Secretariat sees.",
    )

    class Meta:
        model = FocalPoint
        fields = ["organization", "kind", "expertise", "language", "country", "is_primary", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.page and not viewer_for(getattr(self.request, "user", None)).is_secretariat:
            # Others see only focal points in office: the choice would change nothing.
            del self.filters["status"]
