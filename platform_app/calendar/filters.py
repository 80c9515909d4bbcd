"""The filters of the joint calendar's events: the API's list, the month grid and the list of upcoming events.

The pages read the filters through `read_page` (platform_app.core.filters). What only says how a page is
shown, the month of the grid, stays in its view: it is not a filter.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import django_filters as filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from platform_app.calendar.entries import source_kinds
from platform_app.calendar.forms import MAX_YEAR, MIN_YEAR, check_year
from platform_app.calendar.models import Event
from platform_app.core.filters import IsoDateTimeFilter, ListFilterSet, Offer
from platform_app.core.formhtml import label_options
from platform_app.core.querysets import still_going_on
from platform_app.directory.filters import CountryCodeFilter
from platform_app.directory.models import Organization
from platform_app.structure.filters import _theme, pillar_filter, working_group_filter
from platform_app.structure.models import WorkingGroup


def start_of(day: date) -> datetime:
    """Midnight at the start of `day` in the current time zone: the viewer's on the pages, the zone of the
    answer's times in the API (UTC with a token). Before year 1 or after 9999 in UTC, the earliest or latest
    time there is, which says the same in a comparison."""
    try:
        return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone()).astimezone(UTC)
    except OverflowError:
        return (datetime.min if day.year == 1 else datetime.max).replace(tzinfo=UTC)


def start_of_next(day: date) -> datetime:
    """Midnight at the end of `day` (see `start_of`)."""
    return start_of(day + timedelta(days=1)) if day < date.max else datetime.max.replace(tzinfo=UTC)


# What the API says of its days (see `start_of`).
A_DAY = "YYYY-MM-DD, a day in the zone of the answer's times: UTC with a token"


class DayFilter(filters.DateFilter):
    """A day (YYYY-MM-DD), cut in the current time zone (`start_of`): `to_day` compares with the midnight
    that ends it, else with the one that starts it."""

    def __init__(self, *args, to_day: bool = False, **kwargs):
        self.to_day = to_day
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return super().filter(qs, start_of_next(value) if self.to_day else start_of(value))


class GoingOnDayFilter(DayFilter):
    """The events still going on that day or after it (`still_going_on` its first moment)."""

    def filter(self, qs, value):
        return qs if value in EMPTY_VALUES else still_going_on(qs, start_of(value))


class GoingOnFilter(IsoDateTimeFilter):
    """The events still going on at that time or after it (`still_going_on`)."""

    def filter(self, qs, value):
        return qs if value in EMPTY_VALUES else still_going_on(qs, value)


def _years_message() -> str:
    return gettext("Enter a date between the years %(first)s and %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR}


# What the pages say of a day they cannot read, or one outside the years they take (typing mistakes).
UNREADABLE_DAY = lazy(_years_message, str)()


class EventFilterSet(ListFilterSet):
    """The events' filters. The list of upcoming events offers all of its sidebar; the month grid, whose
    month is its range of days, the filters but the days (`month=True`)."""

    sidebar = {
        "working_group": Offer(_("Working group"), _("Unknown working group.")),
        "kind": Offer(_("Kind"), _("Unknown kind of event.")),
        "pillar": Offer(_("Pillar"), _("Unknown pillar.")),
        "country": Offer(_("Member State"), _("Unknown Member State.")),
        "from": Offer(_("From"), UNREADABLE_DAY, filter="from_date"),
        "to": Offer(_("To"), UNREADABLE_DAY, filter="to_date"),
    }
    DAYS = ("from", "to")

    starts_after = GoingOnFilter(field_name="ends_at", lookup_expr="gte", label="Still going on or after this time.")
    starts_before = IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt", label="Starting before this time.")
    from_date = GoingOnDayFilter(
        field_name="ends_at",
        lookup_expr="gte",
        label=f"Still going on this day or after it ({A_DAY}).",
    )
    to_date = DayFilter(
        field_name="starts_at",
        lookup_expr="lt",
        to_day=True,
        label=f"Starting this day or before it ({A_DAY}).",
    )
    working_group = working_group_filter()
    kind = filters.ChoiceFilter(choices=Event.Kind.choices)
    pillar = pillar_filter()
    theme = _theme("themes")
    country = CountryCodeFilter(field_name="countries")

    class Meta:
        model = Event
        fields = ["working_group", "kind", "pillar", "theme", "country"]

    def __init__(self, *args, month: bool = False, **kwargs):
        if month:
            self.sidebar = {name: offer for name, offer in self.sidebar.items() if name not in self.DAYS}
        super().__init__(*args, **kwargs)

    def get_form_class(self):
        form_class = super().get_form_class()
        if self.page and "to" in self.sidebar:
            return type(form_class.__name__, (DayRangeMixin, form_class), {})
        return form_class

    def prepare_page_form(self, form) -> None:
        _as_in_sidebar(form, self.request.user)


class DayRangeMixin:
    """The range of days of the list's page: a range that ends before it starts is reported, and its end
    left out."""

    def clean(self):
        data = super().clean()
        first, last = data.get("from"), data.get("to")
        if first and last and last < first:
            self.add_error("to", _("The end of the range is before its start."))
        return data


def _as_in_sidebar(form: forms.Form, user) -> None:
    """The sidebar's choices: those the viewer may see, named as the pages name them, after "All"."""
    groups = form.fields["working_group"]
    groups.queryset = WorkingGroup.objects.visible_to(user).order_by("number")
    label_options(groups, "short_name")
    countries = form.fields["country"]
    countries.queryset = (
        Organization.objects.visible_to(user).filter(kind=Organization.Kind.MEMBER_STATE).named().order_by("name")
    )
    countries.to_field_name = "iso_alpha2"
    label_options(countries, "name")
    countries.bound_data = _chosen_code(form)
    for name in ("working_group", "pillar", "country"):
        form.fields[name].empty_label = _("All")
    kind = form.fields["kind"]
    kind.empty_label = _("All")
    # The pages show the other sources' entries too (entries.py): their kinds follow the events'. Chosen, such a
    # kind matches no event, and only that source's entries are shown.
    kind.choices = [*Event.Kind.choices, *source_kinds()]
    for name in EventFilterSet.DAYS:
        if name in form.fields:
            form.fields[name].validators.append(check_year)


def _chosen_code(form: forms.Form):
    """What the Member State select shows: the country the filter applies, by the code its options have,
    however it was typed (ke, KEN)."""

    def bound_data(data, initial):
        country = getattr(form, "cleaned_data", {}).get("country")
        return country.iso_alpha2 if isinstance(country, Organization) else data

    return bound_data
