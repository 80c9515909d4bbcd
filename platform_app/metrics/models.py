"""Snapshots of the Compact in numbers, and visit counts by day."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platform_app.core.querysets import ReferenceQuerySet

# The "Compact in numbers" figures, in the order the newsletters print them.
FIGURES = (
    ("entities", _("Compact entities")),
    ("member_states", _("Member States")),
    ("regional_organizations", _("International/regional organizations")),
    ("focal_points", _("Total focal points")),
    ("documents", _("Documents shared")),
    ("visits", _("Virtual visits to the CT Platform")),
    ("cted_recommendations", _("CTED TA recommendations")),
    ("country_assessments", _("CTED country assessments")),
)


class DailyVisitTotal(models.Model):
    """Authenticated page views of one day, folded in from the fast counter."""

    date = models.DateField(unique=True)
    visits = models.PositiveIntegerField(default=0)
    unique_visitors = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(condition=Q(unique_visitors__lte=models.F("visits")), name="visits_unique_le_total"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.visits}"


class MetricSnapshot(models.Model):
    """One reading of the "Compact in numbers" figures: computed by the platform or published earlier.

    Figures a publication did not give stay empty rather than zero.
    """

    class Source(models.TextChoices):
        COMPUTED = "computed", _("Computed by the platform")
        PUBLISHED = "published", _("Published in a newsletter or brochure")

    as_of = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.COMPUTED)
    label = models.CharField(max_length=255, blank=True)
    reference = models.CharField(max_length=255, blank=True, help_text="The document the figures come from.")
    entities = models.PositiveIntegerField(null=True, blank=True)
    member_states = models.PositiveIntegerField(null=True, blank=True)
    regional_organizations = models.PositiveIntegerField(null=True, blank=True)
    focal_points = models.PositiveIntegerField(null=True, blank=True)
    documents = models.PositiveIntegerField(null=True, blank=True)
    visits = models.PositiveBigIntegerField(null=True, blank=True)
    cted_recommendations = models.PositiveIntegerField(null=True, blank=True)
    country_assessments = models.PositiveIntegerField(null=True, blank=True)
    breakdowns = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of"]
        get_latest_by = "as_of"
        constraints = [
            # A rerun for the same moment replaces the snapshot instead of adding a second one.
            models.UniqueConstraint(fields=["as_of", "source"], name="metric_snapshot_moment_unique"),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.get_source_display()} {self.as_of:%Y-%m-%d %H:%M}"

    def figures(self) -> list[tuple[str, str, int | None]]:
        return [(key, label, getattr(self, key)) for key, label in FIGURES]


class DailyVisitor(models.Model):
    """Who visited on a day: the database's own counter, used only when there is no Redis."""

    date = models.DateField()
    user = models.ForeignKey("platform_app.User", on_delete=models.CASCADE, related_name="+")
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["date", "user"], name="daily_visitor_once_per_day")]

    def __str__(self) -> str:
        return f"{self.date}: {self.user_id}"
