"""Events of the Joint Calendar, with who may see them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_app.core.languages import DetectsLanguage, language_field
from platform_app.core.models import TimeStampedModel, Visibility
from platform_app.core.viewer import Viewer
from platform_app.directory.models import Organization
from platform_app.directory.sharing import SharedObjectQuerySet
from platform_app.structure.models import ThematicArea


class EventQuerySet(SharedObjectQuerySet):
    creator_field = "created_by_id"

    def _sharer_filter(self, viewer: Viewer) -> Q:
        organized = self.model.organizers.through.objects.filter(organization_id=viewer.organization_id)
        return Q(pk__in=organized.values("event_id"))

    def next_ones(self, now, count: int):
        """The first `count` events not yet over, by start: those under way, then those to come.

        Asked as one "ends after now" filter, the planner walks the start-time index from the oldest
        event (it cannot know that few events started before now end after it); asked as events under
        way (the ends_at, starts_at index: a handful) plus the next `count` to start, each part reads a
        few rows. SQLite cannot limit a part of a UNION, so there it is the plain filter.
        """
        if not connections[self.db].features.supports_slicing_ordering_in_compound:
            return self.filter(ends_at__gte=now).order_by("starts_at", "id")[:count]
        under_way = self.filter(starts_at__lt=now, ends_at__gte=now).order_by()
        to_come = self.filter(starts_at__gte=now).order_by("starts_at", "id")[:count]
        return under_way.union(to_come, all=True).order_by("starts_at", "id")[:count]

    def for_feed(self, now, count: int, days_back: int) -> list:
        """At most `count` events for a calendar feed: those under way and to come, soonest first, then
        those that ended in the last `days_back` days, latest first, while there is room."""
        events = list(self.next_ones(now, count))
        if len(events) < count:
            past = self.filter(ends_at__gte=now - timedelta(days=days_back), ends_at__lt=now)
            events += past.order_by("-ends_at", "-id")[: count - len(events)]
        return events


class Event(DetectsLanguage, TimeStampedModel):
    """An entry of the joint calendar. Start and end are stored in UTC, shown in the viewer's zone."""

    class Kind(models.TextChoices):
        HIGH_LEVEL = "high_level", _("High-level event")
        MEETING = "meeting", _("Meeting")
        CONFERENCE = "conference", _("Conference")
        WORKSHOP = "workshop", _("Workshop or training")
        WEBINAR = "webinar", _("Webinar")
        SIDE_EVENT = "side_event", _("Side event")
        VISIT = "visit", _("Visit or mission")
        MEMBER_STATE_ENGAGEMENT = "member_state_engagement", _("Engagement with Member States")
        CIVIL_SOCIETY = "civil_society", _("With civil society, academia or the private sector")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    language = language_field()
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.MEETING, db_index=True)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="UTC", help_text="The zone of the place, for display.")
    all_day = models.BooleanField(default=False)
    location = models.CharField(max_length=255, blank=True)
    online_url = models.URLField(blank=True, max_length=500)
    organizers = models.ManyToManyField(Organization, blank=True, related_name="organized_events")
    countries = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="events_concerning",
        limit_choices_to={"kind": Organization.Kind.MEMBER_STATE},
        help_text="Member States the event concerns.",
    )
    working_group = models.ForeignKey(
        "platform_app.WorkingGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    pillars = models.ManyToManyField("platform_app.Pillar", blank=True, related_name="events")
    themes = models.ManyToManyField(ThematicArea, blank=True, related_name="events")
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.PLATFORM)
    allowed_organizations = models.ManyToManyField(Organization, blank=True, related_name="restricted_events")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    search_vector = SearchVectorField(null=True, editable=False)

    SEARCH_FIELDS = ("title", "description", "location")

    objects = EventQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[organizers, allowed_organizations], excluded_fields=["search_vector"])

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["visibility", "starts_at"]),
            # The events under way now (ended after now, started before): a few index entries. With every
            # column the rule of who may see an event reads (core.querysets, `visible_to`), so that a list
            # counts the events still going on that its reader may see from the index alone (PostgreSQL).
            models.Index(
                fields=["ends_at", "starts_at"],
                include=["visibility", "working_group", "created_by", "id"],
                name="event_ends_starts",
            ),
            models.Index(fields=["updated_at", "id"], name="event_updated"),
            # A group's events (its section of the space), counted from this index alone: it holds the columns
            # the section orders by and every other column the rule of who may see an event reads.
            models.Index(
                fields=["working_group", "starts_at"],
                include=["ends_at", "visibility", "created_by", "id"],
                name="event_group_visible",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(visibility="working_group") | Q(working_group__isnull=False),
                name="event_wg_visibility_needs_group",
            ),
        ]

    def __str__(self) -> str:
        return self.title
