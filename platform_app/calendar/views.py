"""The joint calendar: a month grid, a list of upcoming events, event pages, iCalendar downloads,
the personal feed calendar programs subscribe to, and adding an event.

Every list starts from `Event.objects.visible_to(user)`; beside the events, the month grid, the list and
the feed show the entries of the sources other apps register (the working groups' meetings: see
platform_app.calendar.entries), each read by its source through its own `visible_to(user)`. The filters
apply to those entries where they can: a working group, a kind (a source's own), the days and the search;
a pillar or a Member State, which only events carry, leaves them out. Days are cut in the viewer's zone
(the middleware activates it); all-day entries keep the days at their venue, whatever the viewer's zone.
"""

from __future__ import annotations

import calendar as pycalendar
import heapq
import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from operator import itemgetter

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from platform_app.calendar import ical
from platform_app.calendar.entries import (
    CalendarEntry,
    EntryFilters,
    JointRows,
    entries_for,
    event_entries,
    page_filters,
    with_limit,
)
from platform_app.calendar.feeds import user_for_feed_token
from platform_app.calendar.filters import EventFilterSet, start_of, start_of_next
from platform_app.calendar.forms import MAX_YEAR, MIN_YEAR, EventForm
from platform_app.calendar.markup import weeks_html
from platform_app.calendar.models import Event
from platform_app.calendar.policies import may_add_event, may_add_events
from platform_app.calendar.services import event_create
from platform_app.calendar.when import entry_days
from platform_app.core.addresses import by_pk
from platform_app.core.filters import read_page
from platform_app.core.paging import count_limit
from platform_app.core.portal import (
    as_file,
    page_or_fragment,
    paginate,
    platform_page,
    post_form,
    visible_or_404,
    wants_fragment,
)
from platform_app.core.querysets import still_going_on
from platform_app.core.viewer import viewer_for

MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")


FEED_DAYS_BACK = 180


# What a calendar program is given at most: the events under way and to come, soonest first, then the past
# ones of FEED_DAYS_BACK, latest first, while there is room. A bounded answer, however full the calendar.
FEED_MAX_EVENTS = 1000


PER_PAGE = 25


# The grid's order: all-day events first, then by time; the list's, by start (the API's too).
GRID_ORDER = ("all_day", "starts_at", "id")


# How many entries a day of the month grid names: however full the day, its cell names its first ones and
# links to the list of that day for the rest ("3 more").
DAY_SHOWN = 4


LIST_ORDER = ("starts_at", "id")


def _parse_month(value: str | None) -> date | None:
    """The first day of a `YYYY-MM` month, or None when the text is not one."""
    match = MONTH.match(value or "")
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def _month_value(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _shift_month(first: date, months: int) -> dict | None:
    """The month `months` away, as its first day and its `YYYY-MM` value; None past the limits."""
    index = first.year * 12 + first.month - 1 + months
    year, month = divmod(index, 12)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    day = date(year, month + 1, 1)
    return {"date": day, "value": _month_value(day)}


@platform_page
@require_safe
def month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    requested = request.GET.get("month")
    first = _parse_month(requested)
    if first is None:
        if requested and not wants_fragment(request):
            messages.warning(request, _("That month could not be read; here is the current month."))
        first = today.replace(day=1)
    found = read_page(partial(EventFilterSet, month=True), request, Event.objects.visible_to(request.user), GRID_ORDER)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    grid_first, grid_last = weeks[0][0], weeks[-1][-1]
    # A day more each side: all-day events are placed by the days at their venue, which may be a
    # day off the viewer's; the exact placing is done below.
    window = start_of(grid_first - timedelta(days=1)), start_of(grid_last + timedelta(days=2))
    entries = event_entries(still_going_on(found.rows, window[0]).filter(starts_at__lt=window[1]))
    entries += entries_for(request.user, *window, page_filters(found.values, found.text))
    by_day: dict[date, list] = defaultdict(list)
    zone = timezone.get_current_timezone()
    for entry in entries:
        first_day, last_day = entry_days(entry, zone)
        day = max(first_day, grid_first)
        while day <= min(last_day, grid_last):
            by_day[day].append((entry, day == first_day))
            day += timedelta(days=1)
    day_list = _day_list(request)
    cells = [
        [
            {"in_month": day.month == first.month, "today": day == today, **_cell(day, by_day[day], day_list)}
            for day in week
        ]
        for week in weeks
    ]
    context = {
        "form": found.form,
        "filtered": found.filtered,
        "first": first,
        "month_value": _month_value(first),
        "previous_month": _shift_month(first, -1),
        "next_month": _shift_month(first, 1),
        "this_month": _month_value(today),
        "weekdays": [(WEEKDAYS[i], WEEKDAYS_ABBR[i]) for i in range(7)],
        "weeks": cells,
        "weeks_html": weeks_html(cells),  # the grid's rows, written in Python (calendar.markup)
        "can_add": may_add_events(request.user),
    }
    return page_or_fragment(
        request, "platform_app/calendar/month.html", "platform_app/calendar/_month_grid.html", context
    )


def _by_time(placed: tuple[CalendarEntry, bool]) -> tuple:
    # All-day entries first, then by time.
    entry = placed[0]
    return (not entry.all_day, entry.starts_at, entry.uid)


def _cell(day: date, placed: list[tuple[CalendarEntry, bool]], day_list: Callable[[date], str]) -> dict:
    """What the cell of `day` shows of the entries placed on it (each with whether it starts that day): the
    first DAY_SHOWN, and how many more there are, with the address of the list of them all."""
    first = heapq.nsmallest(DAY_SHOWN, placed, key=_by_time)
    more = len(placed) - len(first)
    return {
        "date": day,
        "items": [{"entry": entry, "starts_here": starts_here} for entry, starts_here in first],
        "more": more,
        "more_url": day_list(day) if more else "",
    }


def _day_list(request: HttpRequest) -> Callable[[date], str]:
    """The address of the list of one day's entries, with the grid's filters and search (its month aside)."""
    query = request.GET.copy()
    for name in ("month", "page", "from", "to"):
        query.pop(name, None)
    base = reverse("calendar:list")

    def address(day: date) -> str:
        query["from"] = query["to"] = day.isoformat()
        return f"{base}?{query.urlencode()}"

    return address


@platform_page
@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    found = read_page(EventFilterSet, request, Event.objects.visible_to(request.user), LIST_ORDER)
    # In order of start, even when searched: the events and the other entries make one agenda.
    events = found.rows.order_by(*LIST_ORDER)
    first, last = found.values.get("from"), found.values.get("to")
    if first is None:
        # Upcoming: from today, as the filter `from` would say.
        first = timezone.localdate()
        events = still_going_on(events, start_of(first))
    limit = count_limit(searching=bool(request.GET.get("q", "").strip()))
    others = entries_for(
        request.user,
        start_of(first),
        start_of_next(last) if last else None,
        with_limit(page_filters(found.values, found.text), limit + 1),
    )
    rows = JointRows(events, others, limit, partial(event_entries, organizers=True))
    page = paginate(request, rows, PER_PAGE)
    context = {"form": found.form, "page": page, "first": first, "last": last, "can_add": may_add_events(request.user)}
    return page_or_fragment(
        request, "platform_app/calendar/list.html", "platform_app/calendar/_list_results.html", context
    )


def _event_or_404(request: HttpRequest, pk: int) -> Event:
    return visible_or_404(Event.objects.select_related("working_group"), request.user, pk=pk)


@platform_page
@require_safe
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Event.objects.select_related("working_group").prefetch_related(
        "organizers", "countries", "pillars", "themes"
    )
    event = visible_or_404(queryset, request.user, pk=pk)
    viewer_zone = timezone.get_current_timezone()
    event_zone = ical.zone_of(event.time_zone)
    if event_zone is not None and getattr(event_zone, "key", None) == getattr(viewer_zone, "key", None):
        event_zone = None  # the same zone: one set of times is enough
    event.first_day, event.last_day = entry_days(event, viewer_zone)
    context = {
        "event": event,
        "viewer_zone": getattr(viewer_zone, "key", str(viewer_zone)),
        "event_zone": event_zone,
    }
    return render(request, "platform_app/calendar/event.html", context)


def _event_url(request: HttpRequest, event: Event) -> str:
    return request.build_absolute_uri(reverse("calendar:event", kwargs={"pk": event.pk}))


def ics_download(body: bytes, filename: str) -> HttpResponse:
    """An .ics file to save (`filename`: ASCII letters, digits, dashes and dots only)."""
    return as_file(HttpResponse(body, content_type=ical.CONTENT_TYPE), filename)


@platform_page
@require_safe
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    return ics_download(ical.single_event(event, _event_url(request, event)), f"event-{event.pk}.ics")


def _feed_items(user, events: list[dict], now) -> list[dict | CalendarEntry]:
    """The feed's events (`Event...for_feed`, as rows: `ical.event_rows`) and the other sources' entries,
    FEED_MAX_EVENTS at most in all: what is under way and to come, soonest first, then what ended in the last
    FEED_DAYS_BACK days, latest first, while there is room. In order of start, then of uid."""
    # Each item with its keys (start, uid, end), worked out once rather than at each comparison.
    keyed = [(event["starts_at"], ical.uid_of_event(event["id"]), event["ends_at"], event) for event in events]
    upcoming = entries_for(user, now, None, with_limit(EntryFilters(), FEED_MAX_EVENTS))
    soon = [item for item in keyed if item[2] >= now]
    soon += [(entry.starts_at, entry.uid, entry.ends_at, entry) for entry in upcoming]
    soon.sort(key=_BY_START)
    if len(soon) >= FEED_MAX_EVENTS:
        # No room left for the past: the sources are not asked for it.
        return [item[3] for item in soon[:FEED_MAX_EVENTS]]
    recent = entries_for(
        user, now - timedelta(days=FEED_DAYS_BACK), now, with_limit(EntryFilters(), FEED_MAX_EVENTS, latest_first=True)
    )
    past = [item for item in keyed if item[2] < now]
    past += [(entry.starts_at, entry.uid, entry.ends_at, entry) for entry in recent if entry.ends_at < now]
    past.sort(key=_BY_END, reverse=True)
    chosen = soon + past[: FEED_MAX_EVENTS - len(soon)]
    chosen.sort(key=_BY_START)
    return [item[3] for item in chosen]


_BY_START = itemgetter(0, 1)


_BY_END = itemgetter(2, 1)


def _event_urls(request: HttpRequest) -> Callable[[int], str]:
    """The absolute address of an event's page from its id, as _event_url writes it: the route reversed once
    (core.addresses.by_pk) and the site's origin found once, since the addresses differ by the id alone."""
    path = by_pk("calendar:event")
    origin = request.build_absolute_uri("/")[:-1]
    return lambda pk: origin + path(pk)


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed. The token alone says whose it is: the session (if any) plays no part.

    An unknown, forged, outdated or malformed token, a deactivated account and an account that is
    no longer a platform user all get the same 404.
    """
    user = user_for_feed_token(token)
    if user is None or not viewer_for(user).is_platform_user:
        # Calendar programs read this address, not people: a plain answer, the same byte for byte
        # whatever the token (the site's 404 page carries a fresh form token each time).
        return HttpResponseNotFound("Not found.\n", content_type="text/plain; charset=utf-8")
    now = timezone.now()
    # The columns the feed writes, as rows: a thousand model instances would cost more than the query.
    events = ical.event_rows(Event.objects.visible_to(user)).for_feed(now, FEED_MAX_EVENTS, FEED_DAYS_BACK)
    items = _feed_items(user, events, now)
    # In the subscriber's language: calendar programs send no useful Accept-Language.
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        body = ical.feed(
            items,
            _event_urls(request),
            request.build_absolute_uri,
            name=_("Compact Coordination Platform calendar"),
        )
    response = as_file(HttpResponse(body, content_type=ical.CONTENT_TYPE), "compact-calendar.ics", inline=True)
    response["Cache-Control"] = "private, max-age=900"
    return response


@platform_page
@require_http_methods(["GET", "HEAD", "POST"])
def add(request: HttpRequest) -> HttpResponse:
    may_add_event(request.user).check()
    form = EventForm(request.POST if request.method == "POST" else None, user=request.user)

    def form_page(form: EventForm) -> HttpResponse:
        return render(request, "platform_app/calendar/add.html", {"form": form})

    def create(data: dict) -> Event:
        try:
            return event_create(user=request.user, **form.service_arguments())
        except PermissionDenied as exc:
            refusal = _("Only members of this working group may add events to it.")
            raise ValidationError({"working_group": [refusal]}) from exc

    if request.method != "POST":
        return form_page(form)
    return post_form(
        request,
        form,
        create,
        success=_("The event was added to the calendar."),
        then=lambda event: reverse("calendar:event", args=[event.pk]),
        invalid=form_page,
    )
