"""What a Member State shares of itself, and the support it asks of the Compact.

A State's page carries dated entries (its counter-terrorism priorities, challenges and good practices),
each seen by the audience its authors chose. A request for tailored support goes from the State to the
Secretariat, who routes it to working groups and entities; entities answer with offers the State accepts
or declines. Each of those steps is written down as a SupportStep: what happened, when, who did it, and the
request's status afterwards, so the State reads the whole thread.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..uploads import validate_upload
from ..visibility import CountryEntryQuerySet, EntryAttachmentQuerySet, ReferenceQuerySet, SupportQuerySet
from .common import RevisionedModel, TimeStampedModel
from .cted import Recommendation
from .organizations import Organization, ThematicArea
from .projects import AppealProject, Project


class CountryPage(TimeStampedModel):
    """A Member State's own page: an overview its focal points write, and the entries below it."""

    member_state = models.OneToOneField(
        Organization,
        on_delete=models.PROTECT,
        related_name="country_page",
        limit_choices_to={"kind": Organization.Kind.MEMBER_STATE},
    )
    overview = models.TextField(blank=True, help_text="The State's counter-terrorism efforts in a few paragraphs.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReferenceQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["member_state__name"]

    def __str__(self) -> str:
        return str(self.member_state.name)


class CountryEntry(RevisionedModel):
    """One dated priority, challenge or good practice of a State, seen by the audience chosen for it.

    The Secretariat may hide an entry, giving its reason; the State keeps seeing it with the reason, and
    the history keeps every hiding and restoring with who did it.
    """

    class Kind(models.TextChoices):
        PRIORITY = "priority", _("Priority")
        CHALLENGE = "challenge", _("Challenge")
        GOOD_PRACTICE = "good_practice", _("Good practice")

    class Audience(models.TextChoices):
        PLATFORM = "platform", _("Every focal point")
        ENTITIES = "entities", _("Compact entities only")
        NAMED = "named", _("Named organizations only")

    page = models.ForeignKey(CountryPage, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=255)
    text = models.TextField()
    dated_on = models.DateField(help_text="The date the entry speaks of.")
    pillar = models.ForeignKey(
        "workinggroups.Pillar", on_delete=models.PROTECT, null=True, blank=True, related_name="country_entries"
    )
    thematic_area = models.ForeignKey(
        ThematicArea, on_delete=models.PROTECT, null=True, blank=True, related_name="country_entries"
    )
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.PLATFORM)
    allowed_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="country_entries_shared", help_text="For named organizations only."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_hidden = models.BooleanField(default=False, help_text="Hidden by the Secretariat from all but the State.")
    moderation_reason = models.TextField(blank=True, help_text="Why the entry was hidden or restored.")
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    SEARCH_FIELDS = ("title", "text")

    objects = CountryEntryQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[allowed_organizations])

    class Meta:
        ordering = ["-dated_on", "-id"]
        verbose_name_plural = "country entries"
        indexes = [
            models.Index(fields=["page", "-dated_on", "-id"], name="country_entry_page_date"),
            models.Index(fields=["updated_at", "id"], name="country_entry_updated"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="country_entry_title_not_empty"),
            models.CheckConstraint(
                condition=Q(is_hidden=False) | ~Q(moderation_reason=""), name="country_entry_hidden_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def member_state_id(self) -> int:
        return self.page.member_state_id


def entry_file_path(instance: "EntryAttachment", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"countries/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class EntryAttachment(models.Model):
    """A file attached to a country entry, seen by whoever sees the entry."""

    entry = models.ForeignKey(CountryEntry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=entry_file_path, max_length=255, validators=[validate_upload])
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EntryAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "id"]

    def __str__(self) -> str:
        return self.original_filename


class SupportRequest(RevisionedModel):
    """A Member State's request for tailored support, confidential to the State, the Secretariat and the
    entities it is routed to (directly, or as entity members of a working group it is routed to)."""

    class Urgency(models.TextChoices):
        ROUTINE = "routine", _("Routine")
        PRIORITY = "priority", _("Priority")
        URGENT = "urgent", _("Urgent")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ROUTED = "routed", _("Routed")
        OFFERED = "offered", _("Offers received")
        ACCEPTED = "accepted", _("Offer accepted")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # A request in one of these takes no more changes, routes or offers.
    FINAL_STATUSES = (Status.CLOSED, Status.WITHDRAWN)

    member_state = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="support_requests",
        limit_choices_to={"kind": Organization.Kind.MEMBER_STATE},
    )
    title = models.CharField(max_length=255)
    needs = models.TextField(help_text="What support is needed, for what, and by when.")
    thematic_area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="support_requests")
    pillar = models.ForeignKey("workinggroups.Pillar", on_delete=models.PROTECT, related_name="support_requests")
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.ROUTINE)
    recommendations = models.ManyToManyField(
        Recommendation, blank=True, related_name="support_requests", help_text="The State's own recommendations."
    )
    working_groups = models.ManyToManyField(
        "workinggroups.WorkingGroup", blank=True, related_name="support_requests", help_text="The groups it concerns."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_offer_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    SEARCH_FIELDS = ("title", "needs")

    objects = SupportQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[recommendations, working_groups])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["member_state", "-created_at"], name="support_request_state_date"),
            models.Index(fields=["updated_at", "id"], name="support_request_updated"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="support_request_title_not_empty"),
            models.CheckConstraint(condition=~Q(needs=""), name="support_request_needs_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL_STATUSES


class SupportRouting(models.Model):
    """The Secretariat sent a request to one working group or one entity."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="routings")
    working_group = models.ForeignKey(
        "workinggroups.WorkingGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_routings",
        limit_choices_to={"kind": Organization.Kind.ENTITY},
    )
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    routed_at = models.DateTimeField(auto_now_add=True)
    step = models.ForeignKey(
        "SupportStep", on_delete=models.SET_NULL, null=True, blank=True, related_name="routings", editable=False
    )

    objects = SupportQuerySet.as_manager()

    class Meta:
        ordering = ["request", "routed_at", "id"]
        indexes = [
            models.Index(fields=["organization", "request"], name="support_routing_org"),
            models.Index(fields=["working_group", "request"], name="support_routing_group"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(working_group__isnull=True, organization__isnull=False)
                | Q(working_group__isnull=False, organization__isnull=True),
                name="support_routing_one_target",
            ),
            models.UniqueConstraint(
                fields=["request", "working_group"],
                condition=Q(working_group__isnull=False),
                name="support_routing_group_once",
            ),
            models.UniqueConstraint(
                fields=["request", "organization"],
                condition=Q(organization__isnull=False),
                name="support_routing_org_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.working_group or self.organization}"


class SupportOffer(RevisionedModel):
    """What an entity can provide in answer to a request, possibly through one of its projects."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="offers")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="support_offers",
        limit_choices_to={"kind": Organization.Kind.ENTITY},
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.TextField(help_text="What the entity can provide, how and when.")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, blank=True, related_name="support_offers")
    appeal_project = models.ForeignKey(
        AppealProject, on_delete=models.PROTECT, null=True, blank=True, related_name="support_offers"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OFFERED, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    objects = SupportQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "created_at", "id"]
        indexes = [models.Index(fields=["updated_at", "id"], name="support_offer_updated")]
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="support_offer_description_not_empty"),
            models.CheckConstraint(
                condition=Q(status="offered") | Q(decided_at__isnull=False), name="support_offer_decision_dated"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.request}"


class SupportStep(models.Model):
    """One step of a request's thread: what happened, when, by whom, and the request's status after it."""

    class Action(models.TextChoices):
        FILED = "filed", _("Filed")
        EDITED = "edited", _("Edited")
        ROUTED = "routed", _("Routed")
        OFFERED = "offered", _("Offer made")
        ACCEPTED = "accepted", _("Offer accepted")
        DECLINED = "declined", _("Offer declined")
        OFFER_WITHDRAWN = "offer_withdrawn", _("Offer withdrawn")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="steps")
    offer = models.ForeignKey(SupportOffer, on_delete=models.CASCADE, null=True, blank=True, related_name="steps")
    action = models.CharField(max_length=16, choices=Action.choices)
    status = models.CharField(
        max_length=16, choices=SupportRequest.Status.choices, help_text="The request's status after this step."
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="The actor's."
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    objects = SupportQuerySet.as_manager()

    class Meta:
        ordering = ["request", "at", "id"]

    def __str__(self) -> str:
        return f"{self.request}: {self.get_action_display()}"
