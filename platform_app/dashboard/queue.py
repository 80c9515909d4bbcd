"""What waits for the person on the home page, before any figure: their queue, and the news of their groups.

The queue is made of parts, one function each, `(reader) -> Part | None`: the requests the Secretariat
routes, the entries it moderates; a State's offers to answer and its open recommendations; the requests
that reached an entity. A part is written as two functions joined by `@part(records)`: `records(reader)`,
the queryset of what waits, in order (None when the step is not the person's at all), and the decorated
one, which makes the Part of its first rows and their count (or None, to leave the part out). The records
are read through `visible_to` and ask the same policy as the page the part links to (the set-wide forms of
the policies, e.g. `support.policies.requests_to_route`), so a part never names a record its reader could
not open, and it costs one query whatever the number of records (`first_and_count`).

Apps above the platform add their own parts: an installed app with a `home` module lists them in its
QUEUE_PARTS and NEWS_PARTS (workinggroups/home.py: showcases to schedule, workplan activities due, the
groups' new posts). The module is imported the first time a home page asks for the parts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, wraps
from importlib import import_module

from django.apps import apps
from django.db.models import Case, Count, IntegerField, QuerySet, When, Window
from django.urls import reverse
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

from platform_app.core.viewer import Viewer, viewer_for
from platform_app.countries.models import CountryEntry
from platform_app.countries.policies import may_moderate, speaks_for
from platform_app.cted.models import Recommendation
from platform_app.support.policies import offers_to_decide, requests_to_offer, requests_to_route

# How many records a part names; its count and its link give the rest.
SHOWN = 5
# "New": added in the last two weeks. "Coming": in the next four.
RECENT = dt.timedelta(days=14)
COMING = dt.timedelta(days=28)


@dataclass(frozen=True)
class Reader:
    """Who the home page is for, and when: what every part reads."""

    user: object
    viewer: Viewer
    now: dt.datetime
    # The working groups the person's organization belongs to or is invited to; None for the Secretariat,
    # who follows every group.
    group_ids: tuple[int, ...] | None

    @property
    def today(self) -> dt.date:
        return self.now.date()


@dataclass(frozen=True)
class Entry:
    """One record of a part: what it is, where to open it, and the date that matters (filed, due, posted)."""

    label: str
    url: str
    when: dt.date | dt.datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class Part:
    """A part of the queue or of the news: how many records wait, the first few, and the list of them all."""

    key: str
    heading: str
    count: int
    entries: tuple[Entry, ...]
    url: str = ""
    link: str = ""  # the text of the link to the whole list
    empty: str = ""  # what the part says when nothing waits
    dated: str = ""  # what its entries' dates are: "Filed on", "Due on", "Posted on"
    # The records named, for the audit log of confidential records shown in lists (core.audit.note_shown).
    rows: tuple = field(default=(), compare=False, repr=False)


PartFunction = Callable[[Reader], "Part | None"]
Records = Callable[[Reader], "QuerySet | None"]


def with_total(queryset: QuerySet) -> QuerySet:
    """`queryset` with how many rows it has in all on each row (`total_rows`, a window count)."""
    return queryset.annotate(total_rows=Window(Count("pk")))


def first_and_count(queryset: QuerySet, shown: int = SHOWN) -> tuple[list, int]:
    """The first `shown` rows of `queryset` and how many there are in all, in one query."""
    rows = list(with_total(queryset)[:shown])
    return rows, (rows[0].total_rows if rows else 0)


def part(records: Records) -> Callable[[Callable[[Reader, list, int], Part | None]], PartFunction]:
    """Makes a part function of `make(reader, rows, count)`: it reads the first rows of `records(reader)` and
    their count, and answers None, without a query, when `records` does; `records` stays on the function
    (`.records`) for whatever needs the same rows (bench/floors.py's home page)."""

    def decorate(make: Callable[[Reader, list, int], Part | None]) -> PartFunction:
        @wraps(make)
        def read(reader: Reader) -> Part | None:
            found = records(reader)
            if found is None:
                return None
            rows, count = first_and_count(found)
            return make(reader, rows, count)

        read.records = records
        return read

    return decorate


def _requests(waiting: QuerySet | None) -> QuerySet | None:
    """Requests for support waiting, oldest first, with their State."""
    return None if waiting is None else waiting.select_related("member_state").order_by("created_at", "id")


def _request_entries(rows: list) -> tuple[Entry, ...]:
    return tuple(
        Entry(row.title, reverse("support:request", args=[row.pk]), row.created_at, str(row.member_state))
        for row in rows
    )


@part(lambda reader: _requests(requests_to_route(reader.user)))
def requests_to_route_part(reader: Reader, rows: list, count: int) -> Part:
    return Part(
        "requests_to_route",
        _("Requests for support to route"),
        count,
        _request_entries(rows),
        url=reverse("support:index") + "?status=submitted",
        link=_("All requests waiting to be routed"),
        empty=_("No request is waiting to be routed."),
        dated=_("Filed on"),
        rows=tuple(rows),
    )


def entries_to_moderate(reader: Reader) -> QuerySet | None:
    """Entries the Member States added to their pages in the last two weeks that the Secretariat has not
    moderated: it reads each and hides what should not be shown."""
    if not may_moderate(reader.user):
        return None
    return (
        CountryEntry.objects.visible_to(reader.user)
        .filter(created_at__gte=reader.now - RECENT, moderated_at__isnull=True)
        .select_related("page__member_state")
        .order_by("-created_at", "-id")
    )


@part(entries_to_moderate)
def entries_to_moderate_part(reader: Reader, rows: list, count: int) -> Part:
    return Part(
        "entries_to_moderate",
        _("New entries on Member States' pages to review"),
        count,
        tuple(
            Entry(row.title, reverse("countries:entry_moderate", args=[row.pk]), row.created_at, str(row.page))
            for row in rows
        ),
        url=reverse("countries:index"),
        link=_("Member States' pages"),
        empty=_("No new entry in the last two weeks."),
        dated=_("Added on"),
        rows=tuple(rows),
    )


def offers_to_answer(reader: Reader) -> QuerySet | None:
    offers = offers_to_decide(reader.user)
    return None if offers is None else offers.select_related("organization", "request").order_by("created_at", "id")


@part(offers_to_answer)
def offers_to_answer_part(reader: Reader, rows: list, count: int) -> Part:
    return Part(
        "offers_to_answer",
        _("Offers of support awaiting your answer"),
        count,
        tuple(
            Entry(
                row.request.title,
                reverse("support:request", args=[row.request_id]) + f"#offer-{row.pk}",
                row.created_at,
                str(row.organization),
            )
            for row in rows
        ),
        url=reverse("support:index") + "?status=offered",
        link=_("Our requests with offers"),
        empty=_("No offer is waiting for your answer."),
        dated=_("Offered on"),
        rows=tuple(rows),
    )


PRIORITY_ORDER = Case(
    *(When(priority=value, then=rank) for rank, value in enumerate(Recommendation.Priority.values)),
    output_field=IntegerField(),
)


def open_recommendations(reader: Reader) -> QuerySet | None:
    """The State's own CTED recommendations still open or in progress, on which it records its progress."""
    state_id = reader.viewer.organization_id
    if state_id is None or not speaks_for(reader.user, state_id):
        return None
    return (
        Recommendation.objects.visible_to(reader.user)
        .filter(
            assessment__member_state_id=state_id,
            status__in=[Recommendation.Status.OPEN, Recommendation.Status.IN_PROGRESS],
        )
        .select_related("assessment__member_state")
        .order_by(PRIORITY_ORDER, "assessment", "number")
    )


@part(open_recommendations)
def open_recommendations_part(reader: Reader, rows: list, count: int) -> Part:
    first = rows[0].assessment.member_state if rows else None
    return Part(
        "open_recommendations",
        _("Our open CTED recommendations"),
        count,
        tuple(
            Entry(
                f"#{row.number} {row.text}",
                reverse("cted:recommendation", args=[row.pk]),
                None,
                f"{row.get_status_display()} · {row.get_priority_display()}",
            )
            for row in rows
        ),
        url=reverse("cted:country", args=[first.iso_alpha3]) if first and first.iso_alpha3 else reverse("cted:index"),
        link=_("Our assessments and recommendations"),
        empty=_("No open recommendation."),
        rows=tuple(rows),
    )


@part(lambda reader: _requests(requests_to_offer(reader.user)))
def requests_to_offer_part(reader: Reader, rows: list, count: int) -> Part:
    return Part(
        "requests_to_offer",
        _("Requests for support routed to you"),
        count,
        _request_entries(rows),
        url=reverse("support:index"),
        link=_("All requests that reached you"),
        empty=_("No request is waiting for your offer."),
        dated=_("Filed on"),
        rows=tuple(rows),
    )


QUEUE_PARTS: tuple[PartFunction, ...] = (
    requests_to_route_part,
    entries_to_moderate_part,
    offers_to_answer_part,
    open_recommendations_part,
    requests_to_offer_part,
)


@cache
def app_parts(name: str) -> tuple[PartFunction, ...]:
    """`name` (QUEUE_PARTS or NEWS_PARTS) of every installed app's `home` module, in INSTALLED_APPS order."""
    found: list[PartFunction] = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "home"):
            found.extend(getattr(import_module(f"{config.name}.home"), name, ()))
    return tuple(found)


def _run(functions: Sequence[PartFunction], reader: Reader) -> list[Part]:
    return [part for function in functions if (part := function(reader)) is not None]


def queue(reader: Reader) -> list[Part]:
    """The parts of the person's queue, the platform's first."""
    return _run((*QUEUE_PARTS, *app_parts("QUEUE_PARTS")), reader)


def news(reader: Reader) -> list[Part]:
    """What is new in the person's groups (the other apps' NEWS_PARTS)."""
    return _run(app_parts("NEWS_PARTS"), reader)


def reader_for(user, now: dt.datetime, group_ids: tuple[int, ...] | None) -> Reader:
    return Reader(user=user, viewer=viewer_for(user), now=now, group_ids=group_ids)
