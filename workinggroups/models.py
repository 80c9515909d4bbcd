from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from platform_app.core.languages import DetectsLanguage, language_field
from platform_app.core.querysets import VisibleQuerySet
from platform_app.core.viewer import Viewer
from platform_app.directory.models import Organization
from platform_app.library.models import Document
from platform_app.structure.models import LEADERSHIP_ROLES, WorkingGroup, WorkingGroupMembership
from platform_app.structure.policies import led_groups, readable_group_spaces


class GroupSpaceQuerySet(VisibleQuerySet):
    """Meetings, workplan activities and posts of working groups."""

    def _visible_filter(self, viewer: Viewer) -> Q:
        return readable_group_spaces(viewer)


class AgendaItemQuerySet(VisibleQuerySet):
    """Items of meetings' agendas: read as their meeting is, by the rule of `readable_group_spaces`."""

    def _visible_filter(self, viewer: Viewer) -> Q | None:
        condition = readable_group_spaces(viewer)
        if not condition:
            return None
        meetings = Meeting._base_manager.filter(condition)
        return Q(meeting_id__in=meetings.values("pk"))


class ShowcaseQuerySet(VisibleQuerySet):
    """Member States' requests to showcase their efforts to a working group: the requesting State, the
    organizations leading that group (chair, co-chairs, vice-chairs) and the Secretariat."""

    def _visible_filter(self, viewer: Viewer) -> Q:
        return Q(member_state_id=viewer.organization_id) | Q(working_group_id__in=led_groups(viewer))


class Meeting(models.Model):
    """A meeting of a working group, with its summary and documents."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=500)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=255, blank=True)
    online_url = models.URLField(blank=True, max_length=500)
    agenda = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="meetings")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SEARCH_FIELDS = ("title", "agenda", "summary")

    objects = GroupSpaceQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[documents])

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["working_group", "-starts_at"]),
            models.Index(fields=["updated_at", "id"], name="meeting_updated"),
            # What is under way and to come (the calendar's entries, the personal feed): ends after now.
            models.Index(fields=["ends_at", "starts_at"], name="meeting_ends_starts"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.working_group.short_name}: {self.title}"


class WorkplanActivity(models.Model):
    """An activity of a working group's workplan (joint planning and prioritization)."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("workplan activity", "Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", pgettext_lazy("workplan activity", "Completed")
        DEFERRED = "deferred", pgettext_lazy("workplan activity", "Deferred")

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    lead_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="led_activities"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    due_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order within the workplan.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GroupSpaceQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["working_group", "position", "id"]
        verbose_name_plural = "workplan activities"

    def __str__(self) -> str:
        return self.title


class Post(DetectsLanguage, models.Model):
    """A message in a working group's discussion space; replies point to the post they answer."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    title = models.CharField(max_length=255, blank=True)
    body = models.TextField()
    language = language_field()
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    search_vector = SearchVectorField(null=True, editable=False)

    SEARCH_FIELDS = ("title", "body")

    objects = GroupSpaceQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # A group's threads, newest first: the discussion's first page without sorting them all.
            models.Index(
                fields=["working_group", "-created_at", "-id"], condition=Q(parent__isnull=True), name="post_threads"
            ),
            # The posts of the last days, threads and replies, in any group: the home page's news of the groups.
            models.Index(fields=["created_at"], name="post_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="post_body_not_empty"),
            models.CheckConstraint(condition=Q(parent__isnull=False) | ~Q(title=""), name="post_thread_has_title"),
        ]

    def __str__(self) -> str:
        return self.title or f"Reply by {self.author}"


class CoordinationCommittee(models.Model):
    """The Compact's Coordination Committee.

    Its members are not stored: they are every Compact entity and the chairs and vice-chairs of
    the working groups, so they follow the memberships as they change.
    """

    name = models.CharField(max_length=255, unique=True)
    chair_title = models.CharField(max_length=255)
    chair_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    composition = models.TextField(blank=True)
    source = models.CharField(max_length=255, blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.name

    def member_organizations(self):
        leaders = WorkingGroupMembership.objects.filter(role__in=LEADERSHIP_ROLES).values("organization")
        return Organization.objects.filter(Q(kind=Organization.Kind.ENTITY) | Q(pk__in=leaders)).distinct()


class CoordinationCommitteeMeeting(models.Model):
    committee = models.ForeignKey(CoordinationCommittee, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveIntegerField(null=True, blank=True, help_text="E.g. 8 for the Eighth Meeting.")
    title = models.CharField(max_length=500)
    held_on = models.DateField()
    location = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="committee_meetings")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"],
                condition=Q(number__isnull=False),
                name="committee_meeting_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """An item of a meeting's agenda, in order, with the organization presenting it (a showcase, for one)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0, help_text="Order within the agenda.")
    title = models.CharField(max_length=500)
    presenter = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgendaItemQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="agenda_item_title_not_empty"),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gte=1),
                name="agenda_item_duration_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ShowcaseRequest(models.Model):
    """A Member State's request to present its counter-terrorism efforts at a meeting of a working group.

    Seen by the Secretariat, the requesting State and the organizations leading the group; a leader (or the
    Secretariat) schedules it as an agenda item of one of the group's meetings, or declines it.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SCHEDULED = "scheduled", _("Scheduled")
        DECLINED = "declined", pgettext_lazy("showcase request", "Declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("showcase request", "Withdrawn")

    member_state = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="showcase_requests",
        limit_choices_to={"kind": Organization.Kind.MEMBER_STATE},
    )
    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="showcase_requests")
    title = models.CharField(max_length=255)
    summary = models.TextField()
    preferred_period = models.CharField(
        max_length=255, blank=True, help_text="When the State would like to present, in its own words."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # A scheduled showcase holds its agenda item: the item (or its meeting) cannot be deleted under it.
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="showcase_request"
    )

    objects = ShowcaseQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["working_group", "status"], name="showcase_group_status")]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="showcase_title_not_empty"),
            models.CheckConstraint(condition=~Q(summary=""), name="showcase_summary_not_empty"),
            models.CheckConstraint(
                condition=(Q(status="scheduled") & Q(agenda_item__isnull=False))
                | (~Q(status="scheduled") & Q(agenda_item__isnull=True)),
                name="showcase_scheduled_has_agenda_item",
            ),
            models.UniqueConstraint(
                fields=["member_state", "working_group"],
                condition=Q(status="requested"),
                name="showcase_one_open_request_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_state}: {self.title}"
