"""Requests for tailored support, their routings, offers and steps, with who may see them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from platform_app.core.models import AuditEvent, RevisionedModel
from platform_app.core.querysets import VisibleQuerySet
from platform_app.core.viewer import ENTITY, MEMBER_STATE, Viewer
from platform_app.cted.models import Recommendation
from platform_app.directory.models import Organization
from platform_app.projects.models import AppealProject, Project
from platform_app.structure.models import MEMBER_ROLES, ThematicArea
from platform_app.structure.policies import _membership_groups


class SupportQuerySet(VisibleQuerySet):
    """Requests for tailored support and what hangs off them (routings, offers, steps): the requesting
    State, the Secretariat, and entities the request was routed to, directly or as members of a working
    group it was routed to (an observer of the group is not reached). Nobody else, CTED included unless it
    is routed to, learns that a request exists."""

    def _visible_filter(self, viewer: Viewer) -> Q:
        p = "" if self.model._meta.model_name == "supportrequest" else "request__"
        if viewer.organization_kind == MEMBER_STATE:
            return Q(**{f"{p}member_state_id": viewer.organization_id})
        if viewer.organization_kind == ENTITY:
            routings = SupportRouting._base_manager.filter(
                Q(organization_id=viewer.organization_id)
                | Q(working_group_id__in=_membership_groups(viewer, MEMBER_ROLES))
            )
            return Q(**{f"{p}pk__in": routings.values("request_id")})
        return Q(pk__in=[])


class SupportRequest(RevisionedModel):
    """A Member State's request for tailored support, confidential to the State, the Secretariat and the
    entities it is routed to (directly, or as entity members of a working group it is routed to)."""

    class Urgency(models.TextChoices):
        ROUTINE = "routine", _("Routine")
        PRIORITY = "priority", pgettext_lazy("urgency", "Priority")
        URGENT = "urgent", _("Urgent")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ROUTED = "routed", _("Routed")
        OFFERED = "offered", _("Offers received")
        ACCEPTED = "accepted", _("Offer accepted")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", pgettext_lazy("support request", "Withdrawn")

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
    pillar = models.ForeignKey("platform_app.Pillar", on_delete=models.PROTECT, related_name="support_requests")
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.ROUTINE)
    recommendations = models.ManyToManyField(
        Recommendation, blank=True, related_name="support_requests", help_text="The State's own recommendations."
    )
    working_groups = models.ManyToManyField(
        "platform_app.WorkingGroup", blank=True, related_name="support_requests", help_text="The groups it concerns."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_offer_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    SEARCH_FIELDS = ("title", "needs")

    # Lists showing these are counted in the audit log too (platform_app.core.audit.note_shown).
    AUDIT_LISTS = True

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

    def audit_read_kind(self, *, download: bool = False) -> str | None:
        """Every read of a request for tailored support is in the audit log
        (platform_app.core.audit.confidential_kind)."""
        return AuditEvent.Kind.SUPPORT_REQUEST_READ

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL_STATUSES


class SupportRouting(models.Model):
    """The Secretariat sent a request to one working group or one entity."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="routings")
    working_group = models.ForeignKey(
        "platform_app.WorkingGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
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
        DECLINED = "declined", pgettext_lazy("offer", "Declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("offer", "Withdrawn")

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
        WITHDRAWN = "withdrawn", pgettext_lazy("support request", "Withdrawn")

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
