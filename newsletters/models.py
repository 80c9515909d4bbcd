import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_app.calendar.models import Event
from platform_app.core.querysets import VisibleQuerySet
from platform_app.core.viewer import Viewer
from platform_app.library.models import Document
from platform_app.mail.outbox import OutboxRecord
from platform_app.metrics.models import MetricSnapshot
from workinggroups.models import Meeting


class NewsletterQuerySet(VisibleQuerySet):
    def _visible_filter(self, viewer: Viewer) -> Q:
        return Q(status="published")


class NewsletterIssue(models.Model):
    """One bi-monthly issue of "Counter-Terrorism Compact in Review"."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=64, unique=True)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    is_public = models.BooleanField(default=False, help_text="Shown on the public archive page.")
    snapshot = models.ForeignKey(
        MetricSnapshot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The snapshot the figures were taken from.",
    )
    contact = models.TextField(blank=True)
    source = models.CharField(max_length=255, blank=True, help_text="For issues loaded from the archive.")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SEARCH_FIELDS = ("title",)

    objects = NewsletterQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="issue_period_ordered"),
            models.UniqueConstraint(fields=["period_start", "period_end"], name="issue_period_unique"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="issue_published_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("newsletters:detail", args=[self.slug])


FROZEN = _("The issue is published: its content is frozen.")


class NewsletterSection(models.Model):
    class Kind(models.TextChoices):
        NUMBERS = "numbers", _("Compact in numbers")
        HIGH_LEVEL_EVENTS = "high_level_events", _("Key high-level events")
        HEADS_OF_ENTITIES = "heads_of_entities", _("Key issues raised by heads of entities")
        MEMBER_STATES = "member_states", _("Engagement with Member States")
        WORKING_GROUP_MEETINGS = "working_group_meetings", _("Compact working group meetings")
        WHATS_NEW = "whats_new", _("What is new")
        REPORTS = "reports", _("Reports and publications")
        MULTI_AGENCY = "multi_agency", _("Multi-agency meetings, programmes")
        REGIONAL_FOCUS = "regional_focus", _("Regional focus")
        CIVIL_SOCIETY = "civil_society", _("Collaboration with civil society, academia and the private sector")
        STRUCTURE = "structure", _("Counter-Terrorism Compact structure")
        CONTACT = "contact", _("For more information")

    # The part of the newsletter each section is printed under.
    PARTS = {
        "numbers": "",
        "high_level_events": _("Leadership, coordination, coherence"),
        "heads_of_entities": _("Leadership, coordination, coherence"),
        "member_states": "",
        "working_group_meetings": _("Guidance, research, analysis"),
        "whats_new": _("Guidance, research, analysis"),
        "reports": _("Guidance, research, analysis"),
        "multi_agency": _("Joint initiatives and capacity-building"),
        "regional_focus": _("Joint initiatives and capacity-building"),
        "civil_society": _("Joint initiatives and capacity-building"),
        "structure": "",
        "contact": "",
    }

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    title = models.CharField(max_length=255, blank=True, help_text="Overrides the default heading.")
    position = models.PositiveSmallIntegerField(default=0)
    intro = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["issue", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["issue", "kind"], name="section_kind_once_per_issue")]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    def clean(self):
        if self.issue_id and self.issue.status == NewsletterIssue.Status.PUBLISHED:
            raise ValidationError(FROZEN)


class NewsletterItem(models.Model):
    section = models.ForeignKey(NewsletterSection, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    date_text = models.CharField(max_length=64, blank=True, help_text='As printed, e.g. "19-20 June".')
    link = models.URLField(blank=True, max_length=500)
    event = models.ForeignKey(Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "position", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="item_text_not_empty")]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self):
        if self.section_id and self.section.issue.status == NewsletterIssue.Status.PUBLISHED:
            raise ValidationError(FROZEN)

    @classmethod
    def source_fields(cls) -> list:
        """The links to what an item is taken from (a document, an event, a meeting...): every foreign key
        but its section. Each source's model answers `visible_to`, which decides who may read the item."""
        return [f for f in cls._meta.concrete_fields if f.many_to_one and f.name != "section"]


class FrozenFigure(models.Model):
    """A "Compact in numbers" figure as printed in an issue; fixed when the issue is published."""

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="figures")
    key = models.CharField(max_length=32)
    label = models.CharField(max_length=100)
    value = models.PositiveBigIntegerField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["issue", "position"]
        constraints = [models.UniqueConstraint(fields=["issue", "key"], name="figure_key_once_per_issue")]

    def __str__(self) -> str:
        return f"{self.label}: {self.value:,}"


def new_unsubscribe_token() -> str:
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    """Someone who receives the newsletter by email; platform users are linked to their account."""

    email = models.EmailField(unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="newsletter_subscription",
    )
    is_active = models.BooleanField(default=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_unsubscribe_token, editable=False)
    subscribed_at = models.DateTimeField(auto_now_add=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


class Delivery(OutboxRecord):
    """One subscriber's copy of one issue. Its uniqueness is what makes sending exactly-once.

    It is sent through the outbox (see platform_app.mail.outbox): a sender claims a pending copy,
    sends it, and marks it sent. A copy left `sending` by a worker that died may have been accepted
    by the mail server: it becomes `unconfirmed` and is not sent again on its own.
    """

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["issue", "subscription__email"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscription"], name="delivery_once_per_subscriber"),
        ]

    def __str__(self) -> str:
        return f"{self.issue} to {self.subscription}"
