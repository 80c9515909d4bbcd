"""The Compact's structure: languages, thematic areas, the four pillars of the Global Strategy, the working
groups, the organizations' places in them (roles) and the organizations invited to read their spaces."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_app.core.querysets import ReferenceQuerySet


class Language(models.Model):
    code = models.CharField(max_length=8, primary_key=True)
    name = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ThematicArea(models.Model):
    """A counter-terrorism theme used to tag documents, events, projects and recommendations."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Pillar(models.Model):
    """One of the four pillars of the United Nations Global Counter-Terrorism Strategy."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=255, unique=True)

    history = HistoricalRecords(table_name="workinggroups_historicalpillar")

    class Meta:
        # Tables keep the names they had in the working groups app, where these models began.
        db_table = "workinggroups_pillar"
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=4), name="pillar_number_1_to_4"),
        ]

    def __str__(self) -> str:
        return gettext("Pillar %(roman)s") % {"roman": self.roman}

    @property
    def roman(self) -> str:
        return ("I", "II", "III", "IV")[self.number - 1]


class Role(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-Chair")
    VICE_CHAIR = "vice_chair", _("Vice-Chair")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


# Roles that lead a working group: they decide on the State showcases asked of it.
LEADERSHIP_ROLES = (Role.CHAIR, Role.CO_CHAIR, Role.VICE_CHAIR)
# Roles that may write in a working group's space; observers read.
WRITING_ROLES = (*LEADERSHIP_ROLES, Role.MEMBER)
# The organizations a group counts as its members: every role but observer (an observer follows the work).
MEMBER_ROLES = WRITING_ROLES


class WorkingGroup(models.Model):
    """One of the Compact's thematic inter-agency working groups."""

    number = models.PositiveSmallIntegerField(unique=True)
    short_name = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=255, unique=True)
    objective = models.TextField()
    pillars = models.ManyToManyField(
        Pillar, blank=True, related_name="working_groups", db_table="workinggroups_workinggroup_pillars"
    )
    is_active = models.BooleanField(default=True)
    source = models.CharField(max_length=255, blank=True)
    # Moves with the group and with its memberships (platform_app.core.sync), for the systems that copy it.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    organizations = models.ManyToManyField(
        "platform_app.Organization", through="WorkingGroupMembership", related_name="working_groups"
    )

    SEARCH_FIELDS = ("name", "short_name", "objective")

    objects = ReferenceQuerySet.as_manager()

    history = HistoricalRecords(table_name="workinggroups_historicalworkinggroup")

    class Meta:
        # Tables keep the names they had in the working groups app, where these models began.
        db_table = "workinggroups_workinggroup"
        ordering = ["number"]
        constraints = [models.CheckConstraint(condition=Q(number__gte=1), name="working_group_number_positive")]

    def __str__(self) -> str:
        # Translators: a working group's short name (BMLE) with the abbreviation of "working group".
        return gettext("%(short_name)s WG") % {"short_name": self.short_name}

    def leadership(self):
        return self.memberships.filter(role__in=LEADERSHIP_ROLES).select_related("organization")


class WorkingGroupMembership(models.Model):
    """An organization's place in a working group. One role per organization and group."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey("platform_app.Organization", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER, db_index=True)
    since = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=255, blank=True, help_text="Where this membership is recorded.")
    note = models.TextField(blank=True)

    objects = ReferenceQuerySet.as_manager()

    history = HistoricalRecords(table_name="workinggroups_historicalworkinggroupmembership")

    class Meta:
        # Tables keep the names they had in the working groups app, where these models began.
        db_table = "workinggroups_workinggroupmembership"
        ordering = ["working_group", "role", "organization__acronym"]
        constraints = [
            models.UniqueConstraint(fields=["working_group", "organization"], name="membership_one_role_per_org"),
            models.UniqueConstraint(
                fields=["working_group"], condition=Q(role="chair"), name="membership_one_chair_per_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_role_display()}, {self.working_group}"


class WorkingGroupGuestQuerySet(models.QuerySet):
    def current(self):
        """Invitations still running: without an end, or ending today or later by the platform's calendar
        (the default time zone, whoever asks), so that every page and rule counts the same day."""
        today = timezone.localdate(timezone=timezone.get_default_timezone())
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))


class WorkingGroupGuest(models.Model):
    """An organization outside the group (a Member State, a regional organization) invited to read its space."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="guests")
    organization = models.ForeignKey(
        "platform_app.Organization", on_delete=models.CASCADE, related_name="working_group_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField(null=True, blank=True)

    objects = WorkingGroupGuestQuerySet.as_manager()

    history = HistoricalRecords(table_name="workinggroups_historicalworkinggroupguest")

    class Meta:
        # Tables keep the names they had in the working groups app, where these models began.
        db_table = "workinggroups_workinggroupguest"
        ordering = ["working_group", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["working_group", "organization"], name="guest_once_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} invited to {self.working_group}"
