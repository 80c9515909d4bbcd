"""django-filter filter sets of the platform's lists (API now, portal pages later).

Every filter set of a list of records derives from `ChangeFilterSet`: `updated_after` gives the records
changed since a time, which is how the systems that copy them stay in step (platform_app.core.sync).

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

from platform_app.core.models import Deletion
from platform_app.core.sync import SYNCED

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
