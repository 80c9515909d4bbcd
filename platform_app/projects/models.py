"""The projects of the Compact's Matrix and the Multi-Year Appeal with the projects it seeks funds for."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from platform_app.core.languages import DetectsLanguage, language_field
from platform_app.core.models import TimeStampedModel
from platform_app.core.querysets import ReferenceQuerySet
from platform_app.directory.models import Organization
from platform_app.structure.models import ThematicArea


class Project(DetectsLanguage, TimeStampedModel):
    """An entry of the Matrix of UN projects on preventing and countering terrorism."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("project", "Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", pgettext_lazy("project", "Completed")
        SUSPENDED = "suspended", pgettext_lazy("project", "Suspended")

    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    language = language_field()
    lead_entity = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="led_projects",
        limit_choices_to={"kind": Organization.Kind.ENTITY},
    )
    partners = models.ManyToManyField(Organization, blank=True, related_name="partner_projects")
    beneficiary_states = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="beneficiary_projects",
        limit_choices_to={"kind": Organization.Kind.MEMBER_STATE},
    )
    pillars = models.ManyToManyField("platform_app.Pillar", blank=True, related_name="projects")
    themes = models.ManyToManyField(ThematicArea, blank=True, related_name="projects")
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True, help_text="In USD.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED, db_index=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    SEARCH_FIELDS = ("code", "title", "description")

    objects = ReferenceQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[partners, beneficiary_states], excluded_fields=["search_vector"])

    class Meta:
        ordering = ["code"]
        # The API's lists and sync read the newest change first (ETags, `updated_after`).
        indexes = [models.Index(fields=["updated_at", "id"], name="project_updated")]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="project_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="project_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Appeal(TimeStampedModel):
    """A United Nations Multi-Year Appeal for Counter-Terrorism, covering a span of years."""

    title = models.CharField(max_length=255, unique=True)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    launched_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    projects = models.ManyToManyField(Project, through="AppealProject", related_name="appeals")

    SEARCH_FIELDS = ("title", "description")

    objects = ReferenceQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="appeal_period_ordered"),
            models.UniqueConstraint(fields=["start_year", "end_year"], name="appeal_period_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class AppealProject(models.Model):
    """A project of an appeal with what it needs and what donors have given so far (USD)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="appeal_projects")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="appeal_entries")
    requirement = models.DecimalField(max_digits=14, decimal_places=2)
    funds_received = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    objects = ReferenceQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["appeal", "project__code"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "project"], name="appeal_project_unique"),
            models.CheckConstraint(condition=Q(requirement__gte=0), name="appeal_requirement_not_negative"),
            models.CheckConstraint(condition=Q(funds_received__gte=0), name="appeal_funds_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.appeal}: {self.project.code}"
