"""CTED's country assessments and their recommendations, with who may see them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_app.core.languages import DetectsLanguage, language_field
from platform_app.core.models import AuditEvent, RevisionedModel, TimeStampedModel
from platform_app.core.querysets import VisibleQuerySet
from platform_app.core.viewer import ENTITY, MEMBER_STATE, viewer_for
from platform_app.directory.models import Organization
from platform_app.projects.models import Project
from platform_app.structure.models import ThematicArea


class AssessmentQuerySet(VisibleQuerySet):
    """CTED assessments: a State sees its own, entities those shared with them, CTED and the Secretariat all."""

    state_field = "member_state_id"
    shared_field = "shared_with_entities"

    def visible_to(self, user):
        viewer = viewer_for(user)
        if viewer.sees_all_cted:
            return self
        if viewer.organization_kind == MEMBER_STATE:
            return self.filter(**{self.state_field: viewer.organization_id})
        if viewer.organization_kind == ENTITY:
            return self.filter(**{self.shared_field: True})
        return self.none()


class RecommendationQuerySet(AssessmentQuerySet):
    state_field = "assessment__member_state_id"
    shared_field = "assessment__shared_with_entities"


class CountryAssessment(TimeStampedModel):
    """A CTED assessment of a Member State. Confidential to that State and CTED unless it consents."""

    class Kind(models.TextChoices):
        COMPREHENSIVE = "comprehensive", _("Comprehensive assessment visit")
        FOLLOW_UP = "follow_up", _("Follow-up assessment visit")
        FOCUSED = "focused", _("Focused assessment visit")
        DESK_REVIEW = "desk_review", _("Desk review")

    member_state = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="country_assessments",
        limit_choices_to={"kind": Organization.Kind.MEMBER_STATE},
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.COMPREHENSIVE)
    title = models.CharField(max_length=255, blank=True)
    visit_start = models.DateField(null=True, blank=True)
    visit_end = models.DateField(null=True, blank=True)
    adopted_on = models.DateField(null=True, blank=True, help_text="Adoption by the Counter-Terrorism Committee.")
    summary = models.TextField(blank=True)
    shared_with_entities = models.BooleanField(
        default=False, help_text="The assessed State consents to share this assessment with Compact entities."
    )
    sharing_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sharing_decided_at = models.DateTimeField(null=True, blank=True)

    SEARCH_FIELDS = ("title", "summary", "member_state__name")

    # Lists showing these are counted in the audit log too (platform_app.core.audit.note_shown).
    AUDIT_LISTS = True

    objects = AssessmentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["member_state__name", "-visit_start"]
        indexes = [
            # A country's assessments in id order: its recommendations by assessment without a scan of all.
            models.Index(fields=["member_state", "id"], name="assessment_state_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(visit_start__isnull=True) | Q(visit_end__isnull=True) | Q(visit_end__gte=F("visit_start")),
                name="assessment_visit_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(adopted_on__isnull=True)
                | Q(visit_start__isnull=True)
                | Q(adopted_on__gte=F("visit_start")),
                name="assessment_adopted_after_visit",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.member_state.name}: {self.get_kind_display()}"

    def audit_read_kind(self, *, download: bool = False) -> str | None:
        """Every read of an assessment is in the audit log (platform_app.core.audit.confidential_kind)."""
        return AuditEvent.Kind.ASSESSMENT_READ


class Recommendation(DetectsLanguage, RevisionedModel):
    """A technical assistance recommendation of a CTED country assessment."""

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")
        NO_LONGER_RELEVANT = "no_longer_relevant", _("No longer relevant")

    assessment = models.ForeignKey(CountryAssessment, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveIntegerField(help_text="Order within the assessment.")
    thematic_area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField()
    language = language_field()
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.MEDIUM, db_index=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.OPEN, db_index=True)
    progress_note = models.TextField(blank=True, help_text="Progress recorded by the assessed State.")
    responding_projects = models.ManyToManyField(Project, blank=True, related_name="responds_to")

    search_vector = SearchVectorField(null=True, editable=False)

    SEARCH_FIELDS = ("text", "progress_note")

    # Lists showing these are counted in the audit log too (platform_app.core.audit.note_shown).
    AUDIT_LISTS = True

    objects = RecommendationQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[responding_projects], excluded_fields=["search_vector"])

    class Meta:
        ordering = ["assessment", "number"]
        indexes = [
            models.Index(fields=["status", "priority"]),
            models.Index(fields=["updated_at", "id"], name="recommendation_updated"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="recommendation_number_unique"),
            models.CheckConstraint(condition=~Q(text=""), name="recommendation_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment.member_state} #{self.number}"

    def audit_read_kind(self, *, download: bool = False) -> str | None:
        """Every read of a recommendation is in the audit log (platform_app.core.audit.confidential_kind)."""
        return AuditEvent.Kind.RECOMMENDATION_READ
