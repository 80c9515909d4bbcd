"""The floors of bench/run.py: for each key read, a minimal view returning the same rows with `.values()` and
JsonResponse, under the same middleware and session. What the stack itself costs to fetch those rows is the
measure each read is compared with.

A floor asks the same visibility (`visible_to`), the same filters, search and ordering as its read, and the
same page of rows; it leaves out what only the read does: model instances, serializers, templates, the
rules deciding what to show of a row. The API lists are checked to return the same ids as their floors.

`urlpatterns` (the site's own after the floors') is the URLconf of the measuring process and of the gunicorn
run (bench/floor_wsgi.py).
"""

from __future__ import annotations

import json
from itertools import islice
from operator import itemgetter
from types import SimpleNamespace

from django.db.models import Model, Value
from django.http import JsonResponse, StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from rest_framework.utils.encoders import JSONEncoder

# Columns a floor never reads: the search vectors and the trigger-maintained search text are not shown.
NOT_SHOWN = {"search_vector", "search_text"}


def shown_fields(model: type[Model], *, exclude: tuple[str, ...] = ()) -> list[str]:
    """The concrete columns of `model` a page may show (foreign keys as their ids)."""
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.attname not in NOT_SHOWN and field.name not in exclude
    ]


def capped_count(rows, *, searching: bool = False) -> int:
    """How many of `rows` its read says it found: counted up to the list's limit and one more (whether there
    are more), as every list counts (platform_app/core/paging.py), so a floor answers the count its read
    answers."""
    from platform_app.core.paging import count_limit, count_up_to

    limit = count_limit(searching=searching)
    return min(count_up_to(rows, limit), limit)


DOCUMENT_FIELDS = (
    "id",
    "title",
    "description",
    "document_type",
    "language__code",
    "working_group_id",
    "working_group__number",
    "working_group__short_name",
    "organization_id",
    "organization__acronym",
    "organization__name",
    "visibility",
    "published_on",
    "created_at",
    "updated_at",
)


def _with_nested(rows: list[dict]) -> list[dict]:
    """Documents as DocumentSerializer gives them, fetched flat: `rows` (the documents with their language,
    group and organization) each with its themes, pillars and current version, read one query each."""
    from platform_app.library.models import Document, DocumentVersion

    ids = [row["id"] for row in rows]
    nested = {pk: {"themes": [], "pillars": [], "current_version": None} for pk in ids}
    themes = Document.themes.through.objects.filter(document_id__in=ids).values(
        "document_id", "thematicarea_id", "thematicarea__slug", "thematicarea__name"
    )
    for theme in themes:
        nested[theme["document_id"]]["themes"].append(theme)
    pillars = Document.pillars.through.objects.filter(document_id__in=ids).values(
        "document_id", "pillar__number", "pillar__name"
    )
    for pillar in pillars:
        nested[pillar["document_id"]]["pillars"].append(pillar)
    versions = (
        DocumentVersion.objects.filter(document_id__in=ids)
        .order_by("document_id", "-number")
        .distinct("document_id")
        .values("document_id", "number", "original_filename", "content_type", "size", "sha256", "note", "created_at")
    )
    for version in versions:
        nested[version["document_id"]]["current_version"] = version
    return [{**row, **nested[row["id"]]} for row in rows]


def _documents_page(rows) -> dict:
    """A page of documents as the API's list gives it."""
    return {"results": _with_nested(list(rows.values(*DOCUMENT_FIELDS)[:50]))}


def documents(request):
    from platform_app.core.search import search
    from platform_app.library.models import Document
    from platform_app.library.selectors import NEWEST

    rows = Document.objects.visible_to(request.user)
    if request.GET.get("updated_after"):
        rows = rows.filter(updated_at__gte=request.GET["updated_after"])
    # The API's order: the best matches first when searching (core.search.search), then the newest.
    text = request.GET.get("search", "")
    rows = search(rows, text, NEWEST)
    page = _documents_page(rows)
    page["count"] = capped_count(rows, searching=bool(text))
    if text:
        # A searched page quotes each hit's passage, as the API's does (library.selectors.snippets), whether
        # the words were found in the title or only in the file.
        from platform_app.library.selectors import snippets

        found = snippets([SimpleNamespace(pk=row["id"]) for row in page["results"]], text)
        page["snippets"] = {pk: str(passage) for pk, passage in found.items()}
    return JsonResponse(page)


def library(request):
    """The library's page: its first page of documents as its list finds them (the same filters, search and
    ranking), the count, each facet's counts and, when searching, the passages."""
    from platform_app.library.selectors import library_search, snippets
    from platform_app.library.views import PER_PAGE

    found = library_search(request)
    rows = list(found.results.values(*DOCUMENT_FIELDS)[:PER_PAGE])
    count = capped_count(found.results, searching=found.searching)
    facets = {facet.name: [(entry.value, entry.count) for entry in facet.values] for facet in found.facets}
    passages = snippets([SimpleNamespace(pk=row["id"]) for row in rows], found.found.text)
    return JsonResponse(
        {"results": rows, "count": count, "facets": facets, "snippets": {pk: str(p) for pk, p in passages.items()}}
    )


def documents_export(request):
    """The whole resource as NDJSON, streamed as the API's export streams it: CHUNK_SIZE rows at a time, each
    chunk with its documents' themes, pillars and current versions."""
    from platform_app.core.api.exports import CHUNK_SIZE
    from platform_app.library.models import Document

    rows = (
        Document.objects.visible_to(request.user)
        .order_by("-published_on", "-id")
        .values(*DOCUMENT_FIELDS)
        .iterator(chunk_size=CHUNK_SIZE)
    )

    def lines():
        while chunk := list(islice(rows, CHUNK_SIZE)):
            for row in _with_nested(chunk):
                yield json.dumps(row, cls=JSONEncoder, ensure_ascii=False) + "\n"

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson")


def recommendations(request):
    """A page of recommendations as the API gives them: their columns, State and thematic area, and the
    projects responding to each, read through the link table."""
    from platform_app.cted.models import Recommendation

    found = Recommendation.objects.visible_to(request.user).filter(
        assessment__member_state__iso_alpha2=request.GET["country"], status=request.GET["status"]
    )
    rows = list(
        found.order_by("assessment_id", "number", "id").values(
            *shown_fields(Recommendation),
            "assessment__member_state__acronym",
            "assessment__member_state__name",
            "thematic_area__slug",
            "thematic_area__name",
        )[:50]
    )
    projects = {row["id"]: [] for row in rows}
    links = Recommendation.responding_projects.through.objects.filter(recommendation_id__in=list(projects)).values(
        "recommendation_id", "project_id", "project__code", "project__title"
    )
    for link in links:
        projects[link["recommendation_id"]].append(link)
    for row in rows:
        row["responding_projects"] = projects[row["id"]]
    return JsonResponse({"results": rows, "count": capped_count(found)}, encoder=JSONEncoder)


def _people(people, limit: int) -> list[dict]:
    """The first `limit` of `people` (focal points, in order) as the table of people shows them: each
    person's columns, name, organization, expertise and languages (the last two through their link tables,
    both in one query, as the pages read them)."""
    from platform_app.directory.models import FocalPoint

    rows = list(
        people.values(
            *shown_fields(FocalPoint),
            "user__first_name",
            "user__last_name",
            "user__email",
            "organization__kind",
            "organization__name",
            "organization__acronym",
        )[:limit]
    )
    by_id = {row["id"]: row for row in rows}
    for row in rows:
        row["expertise"], row["languages"] = [], []
    expertise = (
        FocalPoint.expertise.through.objects.filter(focalpoint_id__in=list(by_id))
        .annotate(kind=Value("expertise"))
        .values_list("focalpoint_id", "kind", "thematicarea__name")
    )
    languages = (
        FocalPoint.languages.through.objects.filter(focalpoint_id__in=list(by_id))
        .annotate(kind=Value("languages"))
        .values_list("focalpoint_id", "kind", "language__name")
    )
    for person, kind, name in expertise.union(languages, all=True):
        by_id[person][kind].append(name)
    return rows


def directory(request):
    """A page of the directory's search: each person's columns, name, organization, expertise and
    languages (the last two through their link tables), and the count."""
    from platform_app.core.search import apply_search
    from platform_app.directory.models import FocalPoint
    from platform_app.directory.selectors import DIRECTORY_ORDER

    text = request.GET.get("q", "")
    found = apply_search(FocalPoint.objects.visible_to(request.user), text)
    rows = _people(found.order_by(*DIRECTORY_ORDER), 25)
    return JsonResponse({"results": rows, "count": capped_count(found, searching=bool(text))})


def working_group(request, short_name):
    """A group's overview: its pillars, members and current guests, and the latest few (`LATEST`) of each
    section of its space: meetings, documents, discussions, events and workplan activities."""
    from platform_app.calendar.models import Event
    from platform_app.library.models import Document
    from platform_app.structure.models import WorkingGroup, WorkingGroupGuest, WorkingGroupMembership
    from workinggroups.models import Meeting, Post, WorkplanActivity
    from workinggroups.sections import LATEST

    user = request.user
    group = WorkingGroup.objects.filter(short_name=short_name).values("id", "name", "short_name").get()
    gid = group["id"]
    body = {
        "group": group,
        "pillars": list(WorkingGroup.pillars.through.objects.filter(workinggroup_id=gid).values("pillar__number")),
        "members": list(
            WorkingGroupMembership.objects.filter(working_group_id=gid).values(
                "role", "organization__acronym", "organization__name"
            )
        ),
        "guests": list(
            WorkingGroupGuest.objects.current()
            .filter(working_group_id=gid)
            .values("expires_on", "organization__acronym", "organization__name")
        ),
        "meetings": list(
            Meeting.objects.visible_to(user)
            .filter(working_group_id=gid)
            .order_by("-starts_at", "-id")
            .values("id", "title", "starts_at", "ends_at")[:LATEST]
        ),
        "documents": list(
            Document.objects.visible_to(user)
            .filter(working_group_id=gid)
            .order_by("-published_on", "-id")
            .values("id", "title", "published_on", "organization__acronym")[:LATEST]
        ),
        "threads": list(
            Post.objects.visible_to(user)
            .filter(working_group_id=gid, parent__isnull=True)
            .order_by("-created_at", "-id")
            .values("id", "title", "created_at", "author__first_name", "author__last_name")[:LATEST]
        ),
        # The calendar's own query for what is under way or coming (an index walk), as the page asks it.
        "events": [
            {"id": event.pk, "title": event.title, "starts_at": event.starts_at, "ends_at": event.ends_at}
            for event in Event.objects.visible_to(user)
            .filter(working_group_id=gid)
            .only("title", "starts_at", "ends_at")
            .next_ones(timezone.now(), LATEST)
        ],
        "workplan": list(
            WorkplanActivity.objects.visible_to(user)
            .filter(working_group_id=gid)
            .order_by("position", "id")
            .values("id", "title", "status")[:LATEST]
        ),
    }
    return JsonResponse(body)


def working_group_documents(request, short_name):
    """A section of a group's space: its documents, 25 to a page."""
    from platform_app.library.models import Document
    from platform_app.structure.models import WorkingGroup

    group = WorkingGroup.objects.filter(short_name=short_name).values("id", "name", "short_name").get()
    rows = (
        Document.objects.visible_to(request.user)
        .filter(working_group_id=group["id"])
        .order_by("-published_on", "-id")
        .values("id", "title", "document_type", "published_on", "visibility", "organization__acronym")
    )
    return JsonResponse({"group": group, "results": list(rows[:25]), "count": capped_count(rows)})


def joined_values(rows, limit: int) -> list[dict]:
    """The first `limit` of `rows` as dicts of what their page reads of them: the model's columns, those of
    every row it selects with them (`select_related`), and its annotations."""
    columns = shown_fields(rows.model)
    related = rows.query.select_related

    def walk(model, paths: dict, prefix: str) -> None:
        for name, deeper in paths.items():
            target = model._meta.get_field(name).related_model
            columns.extend(f"{prefix}{name}__{column}" for column in shown_fields(target))
            walk(target, deeper, f"{prefix}{name}__")

    if isinstance(related, dict):
        walk(rows.model, related, "")
    return list(rows.values(*columns, *rows.query.annotations)[:limit])


def dashboard(request):
    """What the home page reads: the person's groups, every part of their queue and news (the records each
    part reads, `part.records`, and their count), the events and meetings of the coming weeks, the latest
    documents and the figures."""
    from platform_app.calendar.models import Event
    from platform_app.core import caching
    from platform_app.core.viewer import viewer_for
    from platform_app.dashboard import shared
    from platform_app.dashboard.queue import COMING, QUEUE_PARTS, SHOWN, app_parts, reader_for, with_total
    from platform_app.dashboard.views import RECENT_DOCUMENTS, UPCOMING
    from platform_app.library.models import Document
    from platform_app.metrics.aggregation import latest_snapshots
    from platform_app.structure.models import WorkingGroup, WorkingGroupGuest, WorkingGroupMembership
    from workinggroups.models import Meeting

    user = request.user
    viewer = viewer_for(user)
    now = timezone.now()
    end = now + COMING
    if viewer.is_secretariat:
        groups = list(WorkingGroup.objects.visible_to(user).order_by("number").values("id", "short_name", "name"))
    else:
        groups = list(
            WorkingGroupMembership.objects.filter(organization_id=viewer.organization_id)
            .order_by("working_group__number")
            .values("working_group_id", "role", "working_group__short_name", "working_group__name")
        )
        groups += list(
            WorkingGroupGuest.objects.current()
            .filter(organization_id=viewer.organization_id)
            .order_by("working_group__number")
            .values("working_group_id", "working_group__short_name", "working_group__name")
        )
    group_ids = None if viewer.is_secretariat else tuple({row["working_group_id"] for row in groups})
    reader = reader_for(user, now, group_ids)
    parts = {}
    for function in (*QUEUE_PARTS, *app_parts("QUEUE_PARTS"), *app_parts("NEWS_PARTS")):
        records = function.records(reader)
        if records is not None:
            rows = joined_values(with_total(records), SHOWN)
            parts[function.__name__] = {"count": rows[0]["total_rows"] if rows else 0, "rows": rows}
    events = list(
        Event.objects.visible_to(user)
        .filter(starts_at__lt=end)
        .values(*shown_fields(Event), "working_group__short_name")
        .next_ones(now, UPCOMING)
    )
    meetings = Meeting.objects.visible_to(user).filter(ends_at__gte=now, starts_at__lt=end)
    if group_ids is not None:
        meetings = meetings.filter(working_group_id__in=group_ids)
    meetings = meetings.order_by("starts_at", "id").values(
        "id", "title", "starts_at", "ends_at", "location", "online_url", "working_group__short_name"
    )
    documents = joined_values(
        Document.objects.visible_to(user).select_related("organization").order_by("-published_on", "-id"),
        RECENT_DOCUMENTS,
    )
    history = shared.found_or_kept(shared.read([caching.SNAPSHOTS]), caching.SNAPSHOTS, latest_snapshots)
    figures = [snapshot.figures() for snapshot in history]
    return JsonResponse(
        {
            "groups": groups,
            "parts": parts,
            "events": events,
            "meetings": list(meetings[:UPCOMING]),
            "documents": documents,
            "figures": figures,
        },
        encoder=JSONEncoder,
    )


def metrics(request):
    from platform_app.metrics.models import MetricSnapshot

    latest = MetricSnapshot.objects.order_by("-as_of", "-id").values().first()
    return JsonResponse({"latest": latest})


def calendar_feed(request, token):
    from platform_app.calendar.feeds import user_for_feed_token
    from platform_app.calendar.models import Event
    from platform_app.calendar.views import FEED_DAYS_BACK, FEED_MAX_EVENTS

    owner = user_for_feed_token(token)
    rows = (
        Event.objects.visible_to(owner)
        .values("id", "title", "starts_at", "ends_at", "location")
        .for_feed(timezone.now(), FEED_MAX_EVENTS, FEED_DAYS_BACK)
    )
    return JsonResponse({"events": rows})


def site_search(request):
    """Each kind's first hits and, when there are more, its count up to the search limit: the rows the
    page shows, through each kind's `visible_to` and the lists' search."""
    from platform_app.core.paging import count_limit, count_up_to
    from platform_app.core.search import search
    from platform_app.search.registry import kinds
    from platform_app.search.views import OVERVIEW_COUNT_LIMIT, PER_KIND

    text = request.GET.get("q", "")
    limit = min(OVERVIEW_COUNT_LIMIT, count_limit(searching=True))
    groups = {}
    for kind in kinds():
        found = search(kind.rows(request.user), text, kind.ordering, reach=limit + 1)
        rows = list(found.values(*shown_fields(found.model))[:PER_KIND])
        count = len(rows)
        if count == PER_KIND:
            count = count_up_to(found, limit)
        groups[kind.name] = {"count": count, "hits": rows}
    return JsonResponse(groups)


def notifications(request):
    from platform_app.mail.models import Notification
    from platform_app.mail.selectors import notices_of, unread_count

    rows = notices_of(request.user)
    return JsonResponse(
        {
            "results": list(rows.values(*shown_fields(Notification), "working_group__short_name")[:25]),
            "count": capped_count(rows),
            "unread": unread_count(request.user),
        }
    )


def country_profile(request, iso3):
    """The rows of a Member State's profile (platform_app.countries.selectors.country_profile), flat."""
    from platform_app.core.viewer import viewer_for
    from platform_app.countries.models import CountryEntry, CountryPage, EntryAttachment
    from platform_app.countries.selectors import (
        ASSESSMENTS,
        DOCUMENTS,
        FOCAL_POINTS,
        PROJECTS,
        events_around,
        projects_for,
    )
    from platform_app.cted.models import CountryAssessment, Recommendation
    from platform_app.directory.models import FocalPoint, Organization
    from platform_app.directory.selectors import DIRECTORY_ORDER
    from platform_app.library.models import Document
    from platform_app.structure.models import WorkingGroup, WorkingGroupGuest, WorkingGroupMembership
    from platform_app.structure.policies import readable_group_spaces

    user = request.user
    states = Organization.objects.visible_to(user).filter(kind="member_state", iso_alpha3=iso3)
    state = states.values("id", "name").get()
    sid = state["id"]
    now = timezone.now()
    # The events and projects named by their ids from the link tables, in the page's own queries: joined to
    # the link table, PostgreSQL reads the whole calendar and every project (tens of milliseconds).
    around = events_around(user, Organization(pk=sid), now)
    events = [] if around is None else list(around.values("id", "title", "starts_at", "ends_at"))
    assessments = list(
        CountryAssessment.objects.visible_to(user)
        .filter(member_state_id=sid)
        .order_by("-visit_start", "-pk")
        .values(*shown_fields(CountryAssessment))[: ASSESSMENTS + 1]
    )[:ASSESSMENTS]
    body = {
        "focal_points": _people(
            FocalPoint.objects.visible_to(user).filter(organization_id=sid).order_by(*DIRECTORY_ORDER), FOCAL_POINTS + 1
        ),
        "assessments": assessments,
        "recommendations": list(
            Recommendation.objects.visible_to(user)
            .filter(assessment_id__in=[a["id"] for a in assessments])
            .order_by("number")
            .values("id", "assessment_id", "number", "text", "status", "priority", "thematic_area__name")
        ),
        "projects": list(
            projects_for(user, Organization(pk=sid)).values(
                "id", "code", "title", "start_date", "lead_entity__acronym"
            )[: PROJECTS + 1]
        ),
        "upcoming": sorted((e for e in events if e["ends_at"] >= now), key=itemgetter("starts_at", "id")),
        "past": sorted((e for e in events if e["ends_at"] < now), key=itemgetter("starts_at", "id"), reverse=True),
        "documents": list(
            Document.objects.visible_to(user)
            .filter(organization_id=sid)
            .order_by("-published_on", "-id")
            .values("id", "title", "published_on", "language__code")[: DOCUMENTS + 1]
        ),
        "memberships": list(
            WorkingGroupMembership.objects.visible_to(user)
            .filter(organization_id=sid)
            .order_by("working_group__number")
            .values("role", "working_group__short_name", "working_group__name")
        ),
        # Invitations to the spaces of groups the reader may read, as the page shows them.
        "invitations": list(
            WorkingGroupGuest.objects.current()
            .filter(organization_id=sid)
            .filter(readable_group_spaces(viewer_for(user)), working_group__in=WorkingGroup.objects.visible_to(user))
            .order_by("working_group__number")
            .values("expires_on", "working_group__short_name", "working_group__name")
        ),
        "page": CountryPage.objects.filter(member_state_id=sid).values().first(),
        "entries": list(
            CountryEntry.objects.visible_to(user)
            .filter(page__member_state_id=sid)
            .order_by("-dated_on", "-id")
            .values(*shown_fields(CountryEntry), "pillar__number", "thematic_area__name")
        ),
        "attachments": list(
            EntryAttachment.objects.filter(entry__page__member_state_id=sid).order_by("id").values("id", "entry_id")
        ),
    }
    return JsonResponse(body)


def support_requests(request):
    """The first page of the requests with their State and thematic area, the count, and the thematic areas
    the filter offers."""
    from platform_app.structure.models import ThematicArea
    from platform_app.support.models import SupportRequest

    rows = SupportRequest.objects.visible_to(request.user).order_by("-created_at", "-id")
    return JsonResponse(
        {
            "results": list(
                rows.values(*shown_fields(SupportRequest), "member_state__name", "thematic_area__name")[:25]
            ),
            "count": capped_count(rows),
            "thematic_areas": list(ThematicArea.objects.values("slug", "name")),
        }
    )


def _calendar_options(user) -> dict:
    """The choices the calendar's sidebar offers besides its fixed ones: groups, pillars and Member States."""
    from platform_app.directory.models import Organization
    from platform_app.structure.models import Pillar, WorkingGroup

    return {
        "working_groups": list(WorkingGroup.objects.visible_to(user).order_by("number").values("id", "short_name")),
        "pillars": list(Pillar.objects.order_by("number").values("number", "name")),
        "countries": list(
            Organization.objects.visible_to(user)
            .filter(kind=Organization.Kind.MEMBER_STATE)
            .order_by("name")
            .values("iso_alpha2", "name")
        ),
    }


MEETING_COLUMNS = ("id", "title", "starts_at", "ends_at", "location", "online_url", "working_group__short_name")


def calendar_month(request):
    """The month grid's rows: the events and the groups' meetings going on in its weeks (the whole weeks,
    and a day more each side), and the sidebar's choices."""
    import calendar
    from datetime import date, timedelta

    from platform_app.calendar.entries import ENTRY_FIELDS
    from platform_app.calendar.filters import start_of
    from platform_app.calendar.models import Event
    from platform_app.calendar.views import GRID_ORDER
    from platform_app.core.querysets import still_going_on
    from workinggroups.models import Meeting

    user = request.user
    year, month = (int(part) for part in request.GET["month"].split("-"))
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start, end = start_of(weeks[0][0] - timedelta(days=1)), start_of(weeks[-1][-1] + timedelta(days=2))
    events = still_going_on(Event.objects.visible_to(user), start).filter(starts_at__lt=end)
    meetings = still_going_on(Meeting.objects.visible_to(user), start).filter(starts_at__lt=end)
    return JsonResponse(
        {
            "first": date(year, month, 1).isoformat(),
            "events": list(events.order_by(*GRID_ORDER).values(*ENTRY_FIELDS)),
            "meetings": list(meetings.order_by("starts_at", "id").values(*MEETING_COLUMNS)),
            **_calendar_options(user),
        }
    )


def calendar_list(request):
    """The list's first page: the events still going on from today, in order of start, with their
    organizers (through the link table), their count, and the groups' meetings to come (as many as the list
    counts); and the sidebar's choices."""
    from platform_app.calendar.entries import ENTRY_FIELDS
    from platform_app.calendar.filters import start_of
    from platform_app.calendar.models import Event
    from platform_app.calendar.views import LIST_ORDER, PER_PAGE
    from platform_app.core.paging import count_limit
    from platform_app.core.querysets import still_going_on
    from workinggroups.models import Meeting

    user = request.user
    start = start_of(timezone.localdate())
    events = still_going_on(Event.objects.visible_to(user), start).order_by(*LIST_ORDER)
    rows = list(events.values(*ENTRY_FIELDS, "description")[:PER_PAGE])
    organizers = {row["id"]: [] for row in rows}
    links = Event.organizers.through.objects.filter(event_id__in=list(organizers)).values(
        "event_id", "organization__name", "organization__acronym"
    )
    for link in links:
        organizers[link["event_id"]].append(link)
    for row in rows:
        row["organizers"] = organizers[row["id"]]
    meetings = still_going_on(Meeting.objects.visible_to(user), start).order_by("starts_at", "id")
    return JsonResponse(
        {
            "results": rows,
            "count": capped_count(events),
            "meetings": list(meetings.values(*MEETING_COLUMNS)[: count_limit() + 1]),
            **_calendar_options(user),
        }
    )


def token_or_session(view):
    """The floor of an API read, signed in as the API signs its reader in: by `Authorization: Token` when the
    request has one (the gunicorn run's, whose floor would otherwise answer an anonymous reader, who sees
    nothing), through the API's own authentication class (its query and its check), else by the session."""
    from functools import wraps

    @wraps(view)
    def signed_in(request, *args, **kwargs):
        from rest_framework.exceptions import AuthenticationFailed

        from platform_app.accounts.authentication import TokenAuthentication

        try:
            found = TokenAuthentication().authenticate(request)
        except AuthenticationFailed:
            return JsonResponse({"detail": "Invalid token."}, status=401)
        if found is not None:
            request.user = found[0]
        return view(request, *args, **kwargs)

    return signed_in


urlpatterns = [
    path("bench-floor/documents/", token_or_session(documents)),
    path("bench-floor/documents/export/", token_or_session(documents_export)),
    path("bench-floor/library/", library),
    path("bench-floor/recommendations/", token_or_session(recommendations)),
    path("bench-floor/directory/", directory),
    path("bench-floor/working-groups/<slug:short_name>/", working_group),
    path("bench-floor/working-groups/<slug:short_name>/documents/", working_group_documents),
    path("bench-floor/dashboard/", dashboard),
    path("bench-floor/metrics/", metrics),
    path("bench-floor/calendar/<str:token>.ics", calendar_feed),
    path("bench-floor/search/", site_search),
    path("bench-floor/notifications/", notifications),
    path("bench-floor/countries/<str:iso3>/", country_profile),
    path("bench-floor/support/", support_requests),
    path("bench-floor/calendar/month/", calendar_month),
    path("bench-floor/calendar/list/", calendar_list),
]


def install() -> None:
    """The floors' URLs, then the site's, as this process's URLconf."""
    import sys

    from django.conf import settings
    from django.urls import clear_url_caches

    import compact.urls

    module = sys.modules[__name__]
    if not getattr(module, "_installed", False):
        module.urlpatterns = [*urlpatterns, *compact.urls.urlpatterns]
        module._installed = True
    settings.ROOT_URLCONF = __name__
    clear_url_caches()
