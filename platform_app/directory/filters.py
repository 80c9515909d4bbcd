"""The API's filters of organizations and focal points."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from platform_app.core.filters import (
    ISO_CODE,
    UNMATCHED,
    BooleanFilter,
    ChangeFilterSet,
    ReferenceField,
    ReferenceFilter,
    _by_id,
)
from platform_app.directory.models import FocalPoint, Organization
from platform_app.structure.filters import _language, _theme


class CountryCodeField(ReferenceField):
    """A Member State by ISO 3166 alpha-2 or alpha-3 code, in any case ("ke", "KEN")."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        code = self.value_field.clean(value).upper()
        lookup = "iso_alpha2" if len(code) == 2 else "iso_alpha3"
        return self.queryset.filter(**{lookup: code}).first() or UNMATCHED


def _member_states(request):
    # Every user may see which Member States exist.
    return Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE)


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


class OrganizationFilterSet(ChangeFilterSet):
    kind = filters.ChoiceFilter(choices=Organization.Kind.choices)
    compact_status = filters.ChoiceFilter(choices=Organization.CompactStatus.choices)
    acronym = filters.CharFilter(
        lookup_expr="iexact", max_length=32, strip=False, label="Acronym, case-insensitive (UNODC, AU…)."
    )
    region = filters.ChoiceFilter(choices=Organization.Region.choices)

    class Meta:
        model = Organization
        fields = ["kind", "compact_status", "acronym", "region"]


class FocalPointFilterSet(ChangeFilterSet):
    organization = _organization("organization", "Organization id.")
    kind = filters.ChoiceFilter(
        field_name="organization__kind", choices=Organization.Kind.choices, label="Kind of organization."
    )
    expertise = _theme("expertise", "Thematic area slug of expertise.")
    language = _language("languages")
    country = CountryCodeFilter(field_name="organization")
    is_primary = BooleanFilter(label="true: only the main focal point of each organization; false: the others.")

    class Meta:
        model = FocalPoint
        fields = ["organization", "kind", "expertise", "language", "country", "is_primary"]
