"""django-filter filter sets of the platform's lists: one per list, read by its API and by its page.

Every filter set of a list of records derives from `ChangeFilterSet`: `updated_after` gives the records
changed since a time, which is how the systems that copy them stay in step (platform_app.core.sync).
A list that has a page too derives from `ListFilterSet`, which says what its sidebar offers; the page
reads its query string through `read_page` (what a value the page cannot use does, and the search).

Filters by related objects take ids, except themes (slug), pillars (number), languages (code) and
countries (ISO 3166 alpha-2 or alpha-3 code), which people know by those names. Filters on a
many-to-many relation take one value, so they never duplicate rows and need no DISTINCT.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EMPTY_VALUES
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField, ModelChoiceField
from rest_framework.exceptions import ValidationError as SearchValidationError

from platform_app.core.formhtml import FormInPython, label_options, options_read_at_once
from platform_app.core.models import Deletion
from platform_app.core.search import SEARCH_MAX_LENGTH, Reached, searched
from platform_app.core.sync import SYNCED

ISO_CODE = re.compile(r"^[A-Za-z]{2,3}$")


# A Member State's ISO 3166 alpha-3 code, in any case, as the pages' addresses name it.
ISO_ALPHA3 = re.compile(r"[A-Za-z]{3}")


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
    """The form field of ReferenceFilter: a malformed value is an error, an unknown one is UNMATCHED.
    `option_label`, a field's name, labels a sidebar's options as rows (core.formhtml.label_options)."""

    def __init__(self, *args, value_field: forms.Field, option_label: str | None = None, **kwargs):
        self.value_field = value_field
        super().__init__(*args, **kwargs)
        if option_label is not None:
            label_options(self, option_label)

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


def search_field(label, help_text="") -> forms.CharField:
    """The words to search a list for (`core.search`), as a page's `q`."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=help_text,
    )


@dataclass(frozen=True)
class Offer:
    """A filter as a list's page offers it in its sidebar: its label, the message shown when its value
    is malformed or names nothing (the page leaves it out; without one, the field's own messages say
    what is wrong), and the filter's name in the filter set when the page's query string calls it
    otherwise (projects' `country` is the API's `beneficiary_country`)."""

    label: str
    unknown: str = ""
    filter: str = ""


class ListFilterSet(ChangeFilterSet):
    """The filters of a list that has a page as well as an API. The API reads every filter, with its own
    rules (a malformed value is a 400, a well-formed one naming nothing gives an empty list); the page
    reads the ones its sidebar offers (`sidebar`, by query-string name, in the sidebar's order) and the
    search box, through `read_page`."""

    sidebar: dict[str, Offer] = {}
    search_label = _("Search")
    search_help = ""

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        request=None,
        prefix=None,
        page: bool = False,
        sidebar: dict[str, Offer] | None = None,
        search_label: str | None = None,
    ):
        # A second page of the same list offers a sidebar of its own (the list of Member States is the
        # list of organizations, the gaps page the recommendations): the same filters, another offer.
        if sidebar is not None:
            self.sidebar = sidebar
        if search_label is not None:
            self.search_label = search_label
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.page = page
        if page:
            self.filters = {name: self.filters[offer.filter or name] for name, offer in self.sidebar.items()}
            for name, offer in self.sidebar.items():
                _offer(self.filters[name], offer)

    def get_form_class(self):
        form_class = super().get_form_class()
        if not self.page:
            return form_class
        attributes = {
            "q": search_field(self.search_label, self.search_help),
            "field_order": ["q"],
            "page": True,
            "unknown": {name: offer.unknown for name, offer in self.sidebar.items() if offer.unknown},
            "_clean_fields": _clean_offered_fields,
        }
        return type(f"{type(self).__name__}PageForm", (form_class,), attributes)

    @property
    def form(self):
        if self.page and not hasattr(self, "_form"):
            self._form = super().form
            # The sidebar's labels, text boxes and selects written in Python, as Django's templates write
            # them: drawn by templates, a select's options took most of a list page's time.
            self._form.renderer = FormInPython(self._form.renderer)
            self.prepare_page_form(self._form)
            # Its selects of objects read their options in one query (the last: a queryset set after it
            # would give a select Django's iterator again).
            options_read_at_once(self._form)
        return super().form

    def prepare_page_form(self, form: forms.Form) -> None:
        """How the sidebar draws its fields beyond their labels (a select's option labels, say): a page's
        filter set overrides this; it runs once, when the page's form is made."""


def _clean_offered_fields(form: forms.Form) -> None:
    """Cleans each field of a page's form; a value its field refuses (malformed, out of range, not among the
    choices) is reported with the sidebar's message for that filter. What the form's `clean()` says of
    several fields together comes after, in its own words."""
    forms.Form._clean_fields(form)
    for name in list(form._errors):
        if name in form.unknown:
            form._errors[name] = form.error_class([form.unknown[name]])


def _offer(filter_: filters.Filter, offer: Offer) -> None:
    """Labels a filter (this filter set's own copy) as the sidebar offers it; its select's empty choice
    reads "Any" rather than django-filter's row of dashes."""
    filter_.label = offer.label
    if isinstance(filter_, filters.ChoiceFilter | filters.ModelChoiceFilter):
        filter_.extra["empty_label"] = _("Any")
    # The form field is built once, from the label and extra: build it again from these.
    filter_.__dict__.pop("_field", None)


@dataclass
class PageFilters:
    """A list's query string as its page read it: the sidebar's form (with the errors of the values left
    out), the valid values by name, the search that applied, the rows, and the filter set that read them
    (whose `filters[name].filter` applies one of them again, as the library's facets do), and the matches the
    search picked (`core.search.searched`), which what else the page counts over the same filters reads
    rather than searching again (None without a search, or where the backend does not rank)."""

    form: forms.Form
    values: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    rows: QuerySet | None = None
    filterset: ListFilterSet | None = None
    reached: Reached | None = None

    @property
    def filtered(self) -> bool:
        return bool(self.text or self.values)


def read_page(
    filterset_class: Callable[..., ListFilterSet], request, queryset: QuerySet, ordering: Sequence[str]
) -> PageFilters:
    """The rows of `queryset` a list's page shows for its query string, in the list's filter set
    (`filterset_class`: the class, or a function making it as a page wants it, with its own sidebar or
    defaults).

    Unlike the API, the page answers whatever the query string holds: a value that is malformed or names
    nothing is reported on the form (with the sidebar's message) and left out, and so is a search the
    engine refuses; the other filters and the search apply. Rows come best match first when searched
    (`core.search.search`), then in `ordering`, as in the API.
    """
    filterset = filterset_class(request.GET, queryset, request=request, page=True)
    form = filterset.form
    form.is_valid()
    values = {}
    for name, value in list(form.cleaned_data.items()):
        if name == "q" or value in EMPTY_VALUES:
            continue
        if value is UNMATCHED:
            field_message = form.fields[name].error_messages.get("invalid_choice", "")
            form.add_error(name, filterset.sidebar[name].unknown or field_message)
            continue
        values[name] = value
    rows = queryset
    for name, value in values.items():
        rows = filterset.filters[name].filter(rows, value)
    text = (form.cleaned_data.get("q") or "").strip()
    try:
        rows, matches = searched(rows, text, ordering)
    except SearchValidationError as exc:
        form.add_error("q", [str(message) for message in exc.detail.get("search", [])] or _("Invalid search."))
        text, rows, matches = "", rows.order_by(*ordering), None
    return PageFilters(form, values, text, rows, filterset, matches)


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
