"""django-filter filter sets of the platform's lists (API now, portal pages later).

Every filter set of a list of records derives from `ChangeFilterSet`: `updated_after` gives the records
changed since a time, which is how the systems that copy them stay in step (platform_app.sync).

Filters by related objects take ids, except themes (slug), pillars (number), languages (code) and
countries (ISO 3166 alpha-2 or alpha-3 code), which people know by those names. Filters on a
many-to-many relation take one value, so they never duplicate rows and need no DISTINCT.
"""

from __future__ import annotations

import datetime
import re

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField, ModelChoiceField

from workinggroups.models import Pillar, WorkingGroup

from .models import (
    Appeal,
    CountryAssessment,
    Deletion,
    Document,
    Event,
    FocalPoint,
    Language,
    MetricSnapshot,
    Organization,
    Project,
    Recommendation,
    ThematicArea,
)
from .sync import SYNCED

ISO_CODE = re.compile(r"^[A-Za-z]{2,3}$")
# The largest primary key (bigint). A larger id is malformed, not merely unknown.
MAX_ID = 2**63 - 1
# What the OpenAPI schema says of a filter's value; the server enforces the same (see `schema_constraints`).
NO_NUL = r"^[^\u0000]*$"
# The characters Python's str.strip() removes (and so DRF and the search), named one by one: the \s of other
# regex engines differs (Rust's and JavaScript's leave out U+001C to U+001F, JavaScript's U+0085 too and adds
# U+FEFF), and the schema's patterns must mean the same to the clients that validate with them.
SPACE = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SLUG = r"^[-a-zA-Z0-9_]+$"

# A well-formed value naming no object.
UNMATCHED = object()


class ReferenceField(ModelChoiceField):
    """The form field of ReferenceFilter: a malformed value is an error, an unknown one is UNMATCHED."""

    def __init__(self, *args, value_field: forms.Field, **kwargs):
        self.value_field = value_field
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.value_field.clean(value)
        try:
            return self.queryset.get(**{self.to_field_name or "pk": key})
        except self.queryset.model.DoesNotExist:
            return UNMATCHED


class ReferenceFilter(filters.ModelChoiceFilter):
    """An object by id, slug or code. A well-formed value that names no object matches nothing (an empty
    page), as a search would: the schema can say what an id looks like but not which ids exist, so
    "Select a valid choice" would refuse requests the schema calls valid. A malformed value (not a whole
    number, out of range, not a slug) is still a 400 naming the filter."""

    field_class = ReferenceField

    def __init__(self, *args, value_field: forms.Field, **kwargs):
        super().__init__(*args, value_field=value_field, **kwargs)

    @property
    def schema_constraints(self) -> dict:
        field = self.extra["value_field"]
        if isinstance(field, forms.IntegerField):
            return {"type": "integer", "minimum": field.min_value, "maximum": field.max_value}
        return {"type": "string", "pattern": SLUG, "maxLength": field.max_length}

    def filter(self, qs, value):
        return qs.none() if value is UNMATCHED else super().filter(qs, value)


def _by_id():
    return forms.IntegerField(min_value=1, max_value=MAX_ID)


def _theme(field_name: str, label: str = "Thematic area slug."):
    return ReferenceFilter(
        field_name=field_name,
        to_field_name="slug",
        queryset=ThematicArea.objects.all(),
        value_field=forms.SlugField(max_length=ThematicArea._meta.get_field("slug").max_length),
        distinct=False,
        label=label,
    )


def _language(field_name: str):
    return ReferenceFilter(
        field_name=field_name,
        queryset=Language.objects.all(),
        value_field=forms.SlugField(max_length=Language._meta.get_field("code").max_length),
        distinct=False,
        label="Language code (en, fr, ar…).",
    )


class UtcIsoDateTimeField(IsoDateTimeField):
    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            # ISO 8601 allows UTC offsets up to ±23:59, PostgreSQL only to ±15:59 ("time zone displacement out
            # of range", which was a 400 naming no field): the same instant in UTC is always fine.
            return value.astimezone(datetime.UTC)
        except OverflowError:
            # In UTC the time falls before year 1 or after 9999: for a comparison, the earliest or latest
            # time there is says the same.
            limit = datetime.datetime.min if value.year == 1 else datetime.datetime.max
            return limit.replace(tzinfo=datetime.UTC)


class IsoDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 time, compared in UTC."""

    field_class = UtcIsoDateTimeField


class ZonedIsoDateTimeField(UtcIsoDateTimeField):
    default_error_messages = {
        "no_time_zone": _("Give the time with its time zone, e.g. 2025-03-01T09:00:00Z."),
    }

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None:
            parsed = _parsed(value)
            # Read without a zone, the time would be taken in the zone of the account (or UTC): a copy
            # asking for what changed since its last visit would miss or repeat hours.
            if parsed is None or parsed.tzinfo is None:
                raise ValidationError(self.error_messages["no_time_zone"], code="no_time_zone")
        return result


def _parsed(value) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return value
    try:
        return parse_datetime(str(value).strip())
    except ValueError:
        return None


class ZonedIsoDateTimeFilter(IsoDateTimeFilter):
    """An ISO 8601 time with its time zone (Z or an offset), as the schema's date-time format says."""

    field_class = ZonedIsoDateTimeField


class ChangeFilterSet(filters.FilterSet):
    """The base of the filter sets of the API's lists of records: what changed since a time."""

    updated_after = ZonedIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Changed at or after this time (ISO 8601 with its time zone, e.g. 2025-03-01T09:00:00Z).",
    )


class StrictBooleanField(forms.Field):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if value in ("true", "false"):
            return value == "true"
        # django-filter's own field reads anything else ("null", "yes", a typo) as "no filter" and answers
        # with everything, where the schema says boolean.
        raise ValidationError("Use true or false.", code="invalid")


class BooleanFilter(filters.BooleanFilter):
    """true or false, as JSON and the schema spell them."""

    field_class = StrictBooleanField


class IntegerFilter(filters.NumberFilter):
    """A whole number. NumberFilter takes decimals, which an integer column would quietly truncate."""

    field_class = forms.IntegerField


def pillar_filter(field_name: str = "pillars"):
    # The four pillars always exist (a check constraint keeps their numbers 1-4), so 1-4 is the schema.
    pillar = filters.ModelChoiceFilter(
        field_name=field_name,
        to_field_name="number",
        queryset=Pillar.objects.all(),
        distinct=False,
        label="Pillar number, 1-4.",
    )
    pillar.schema_constraints = {"type": "integer", "minimum": 1, "maximum": 4}
    return pillar


def _organization(field_name: str, label: str, **kwargs):
    return ReferenceFilter(
        field_name=field_name,
        queryset=Organization.objects.all(),
        value_field=_by_id(),
        distinct=False,
        label=label,
        **kwargs,
    )


def working_group_filter():
    return ReferenceFilter(
        field_name="working_group", queryset=WorkingGroup.objects.all(), value_field=_by_id(), label="Working group id."
    )


def schema_constraints(filter_field) -> dict:
    """The JSON Schema keywords of a filter's OpenAPI parameter that its form field enforces."""
    constraints = {}
    extra = filter_field.extra
    if isinstance(filter_field, IntegerFilter):
        constraints["type"] = "integer"
    if extra.get("min_value") is not None:
        constraints["minimum"] = extra["min_value"]
    if extra.get("max_value") is not None:
        constraints["maximum"] = extra["max_value"]
    if isinstance(filter_field, filters.CharFilter):
        # Django's CharField refuses NUL characters. (Text filters are declared with strip=False: Django
        # would count max_length after stripping spaces, the schema's maxLength counts them.)
        constraints["pattern"] = NO_NUL
        if extra.get("max_length") is not None:
            constraints["maxLength"] = extra["max_length"]
    constraints.update(getattr(filter_field, "schema_constraints", {}))
    return constraints


class CountryCodeFilter(filters.CharFilter):
    """A Member State by ISO 3166 alpha-2 or alpha-3 code, case-insensitive."""

    schema_constraints = {"type": "string", "pattern": r"^([A-Za-z]{2,3})?$", "maxLength": 3}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Member State ISO 3166 code, alpha-2 or alpha-3 (KE or KEN).")
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("strip", False)
        kwargs.setdefault("validators", [RegexValidator(ISO_CODE, "Use an ISO 3166 code of two or three letters.")])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        code = value.upper()
        lookup = "iso_alpha2" if len(code) == 2 else "iso_alpha3"
        return qs.filter(**{f"{self.field_name}__{lookup}": code})


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


class DocumentFilterSet(ChangeFilterSet):
    theme = _theme("themes")
    pillar = pillar_filter()
    working_group = working_group_filter()
    organization = _organization("organization", "Owning organization id.")
    document_type = filters.ChoiceFilter(choices=Document.Type.choices)
    language = _language("language")
    visibility = filters.ChoiceFilter(choices=Document._meta.get_field("visibility").choices)
    published_after = filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label="On or after (YYYY-MM-DD)."
    )
    published_before = filters.DateFilter(
        field_name="published_on", lookup_expr="lte", label="On or before (YYYY-MM-DD)."
    )

    class Meta:
        model = Document
        fields = ["theme", "pillar", "working_group", "organization", "document_type", "language", "visibility"]


class EventFilterSet(ChangeFilterSet):
    starts_after = IsoDateTimeFilter(
        field_name="ends_at", lookup_expr="gte", label="Still going on or after this time."
    )
    starts_before = IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt", label="Starting before this time.")
    working_group = working_group_filter()
    kind = filters.ChoiceFilter(choices=Event.Kind.choices)
    pillar = pillar_filter()
    theme = _theme("themes")
    country = CountryCodeFilter(field_name="countries")

    class Meta:
        model = Event
        fields = ["working_group", "kind", "pillar", "theme", "country"]


class ProjectFilterSet(ChangeFilterSet):
    lead_entity = _organization("lead_entity", "Lead entity id.")
    status = filters.ChoiceFilter(choices=Project.Status.choices)
    pillar = pillar_filter()
    theme = _theme("themes")
    beneficiary_country = CountryCodeFilter(field_name="beneficiary_states")

    class Meta:
        model = Project
        fields = ["lead_entity", "status", "pillar", "theme", "beneficiary_country"]


class AppealFilterSet(ChangeFilterSet):
    year = IntegerFilter(method="covering_year", label="Appeals covering this year.", min_value=1900, max_value=2200)

    class Meta:
        model = Appeal
        fields = ["year"]

    def covering_year(self, qs, name, value):
        return qs.filter(start_year__lte=value, end_year__gte=value)


class AssessmentFilterSet(ChangeFilterSet):
    country = CountryCodeFilter(field_name="member_state")
    kind = filters.ChoiceFilter(choices=CountryAssessment.Kind.choices)
    shared_with_entities = BooleanFilter(label="Whether the assessed State shares it with Compact entities.")

    class Meta:
        model = CountryAssessment
        fields = ["country", "kind", "shared_with_entities"]


class RecommendationFilterSet(ChangeFilterSet):
    country = CountryCodeFilter(field_name="assessment__member_state")
    status = filters.ChoiceFilter(choices=Recommendation.Status.choices)
    priority = filters.ChoiceFilter(choices=Recommendation.Priority.choices)
    thematic_area = _theme("thematic_area")
    assessment = IntegerFilter(field_name="assessment_id", min_value=1, max_value=MAX_ID, label="Assessment id.")

    class Meta:
        model = Recommendation
        fields = ["country", "status", "priority", "thematic_area", "assessment"]


class MetricHistoryFilterSet(filters.FilterSet):
    source = filters.ChoiceFilter(choices=MetricSnapshot.Source.choices)
    since = IsoDateTimeFilter(field_name="as_of", lookup_expr="gte", label="Snapshots as of this time or later.")

    class Meta:
        model = MetricSnapshot
        fields = ["source", "since"]


# --- the Member States' pages and requests for tailored support --------------------------------------

from .models import CountryEntry, CountryPage, SupportOffer, SupportRequest  # noqa: E402


class CountryPageFilterSet(ChangeFilterSet):
    country = CountryCodeFilter(field_name="member_state")

    class Meta:
        model = CountryPage
        fields = ["country"]


class CountryEntryFilterSet(ChangeFilterSet):
    country = CountryCodeFilter(field_name="page__member_state")
    kind = filters.ChoiceFilter(choices=CountryEntry.Kind.choices)
    thematic_area = _theme("thematic_area")

    class Meta:
        model = CountryEntry
        fields = ["country", "kind", "thematic_area"]


class SupportRequestFilterSet(ChangeFilterSet):
    status = filters.ChoiceFilter(choices=SupportRequest.Status.choices)
    country = CountryCodeFilter(field_name="member_state")
    thematic_area = _theme("thematic_area")
    urgency = filters.ChoiceFilter(choices=SupportRequest.Urgency.choices)

    class Meta:
        model = SupportRequest
        fields = ["status", "country", "thematic_area", "urgency"]


class SupportOfferFilterSet(ChangeFilterSet):
    request = IntegerFilter(field_name="request_id", min_value=1, max_value=MAX_ID, label="Support request id.")
    status = filters.ChoiceFilter(choices=SupportOffer.Status.choices)

    class Meta:
        model = SupportOffer
        fields = ["request", "status"]


class DeletionFilterSet(filters.FilterSet):
    since = ZonedIsoDateTimeFilter(
        field_name="deleted_at",
        lookup_expr="gte",
        label="Deleted at or after this time (ISO 8601 with its time zone, e.g. 2025-03-01T09:00:00Z).",
    )
    kind = filters.ChoiceFilter(choices=[(kind, kind) for kind in SYNCED], label="The API resource, e.g. documents.")

    class Meta:
        model = Deletion
        fields = ["since", "kind"]
