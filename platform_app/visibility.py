"""Who sees what: the one place that turns the access matrix into querysets.

Every model a user can reach has a queryset with `visible_to(user)`. Pages, the API, search, counts,
exports and downloads all start from it, so a rule changes here or nowhere. Rules are written as
filters with subqueries (never lists of ids fetched first), so each costs no query of its own and
the planner can use the indexes.

The viewer's role is resolved once per request and kept on the user object (`viewer_for`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.db import connections, models
from django.db.models import Q

from .roles import CTED, CTED_ACRONYM, SECRETARIAT

ENTITY = "entity"
MEMBER_STATE = "member_state"
REGIONAL_ORG = "regional_org"
# Roles that may write in a working group's space; observers read.
WRITING_ROLES = ("chair", "co_chair", "vice_chair", "member")
# The organizations a group counts as its members: every role but observer (an observer follows the work).
MEMBER_ROLES = WRITING_ROLES


@dataclass(frozen=True)
class Viewer:
    """What the visibility rules need to know about the person asking."""

    user_id: int | None
    is_secretariat: bool = False
    is_cted: bool = False
    organization_id: int | None = None
    organization_kind: str | None = None

    @property
    def is_platform_user(self) -> bool:
        """Signed in and either the Secretariat or an active focal point of an organization."""
        return self.is_secretariat or self.organization_id is not None

    @property
    def sees_all_cted(self) -> bool:
        return self.is_secretariat or self.is_cted

    def speaks_for_state(self, state_id: int) -> bool:
        """A focal point of this Member State: the one who decides on its own CTED records."""
        return self.organization_kind == MEMBER_STATE and self.organization_id == state_id


NOBODY = Viewer(user_id=None)

# No row has this id (ids start at 1), so nothing is shared with, named for or made by the reader below.
_NO_ROW = -1
# Any platform user at all: a focal point of an organization that belongs to no working group, is named by
# nothing and shared nothing, whose person added nothing. What it may see, every platform user may see.
EVERY_FOCAL_POINT = Viewer(user_id=_NO_ROW, organization_id=_NO_ROW)


def viewer_for(user) -> Viewer:
    """The viewer of a user, resolved at most once per user object (so once per request). A Viewer given
    instead of a user is its own viewer: the rules can be asked for a reader who is no one in particular."""
    if isinstance(user, Viewer):
        return user
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, "_compact_viewer", None)
    if cached is not None:
        return cached
    group_names: set[str] = set()
    if user.is_staff and not user.is_superuser:
        group_names = set(user.groups.values_list("name", flat=True))
    FocalPoint = apps.get_model("platform_app", "FocalPoint")
    try:
        focal_point = user.focal_point  # cached when the authentication selected it
    except FocalPoint.DoesNotExist:
        focal_point = None
    organization = focal_point.organization if focal_point is not None and focal_point.is_active else None
    viewer = Viewer(
        user_id=user.pk,
        is_secretariat=user.is_superuser or SECRETARIAT in group_names,
        is_cted=CTED in group_names or (organization is not None and _is_cted(organization)),
        organization_id=organization.pk if organization else None,
        organization_kind=organization.kind if organization else None,
    )
    user._compact_viewer = viewer
    return viewer


def _is_cted(organization) -> bool:
    return organization.acronym == CTED_ACRONYM


def organization_viewer(organization, user_id: int = _NO_ROW) -> Viewer:
    """A focal point of `organization` (the person `user_id`, or one who added nothing): what the rules let
    its focal points see, asked for the organization rather than for one of them."""
    return Viewer(
        user_id=user_id,
        is_cted=_is_cted(organization),
        organization_id=organization.pk,
        organization_kind=organization.kind,
    )


def kind_viewer(kind: str) -> Viewer:
    """A focal point of an organization of this kind that nothing names: what every focal point of an
    organization of that kind may see."""
    return Viewer(user_id=_NO_ROW, organization_id=_NO_ROW, organization_kind=kind)


def may_see(user, obj) -> bool:
    """Whether `user` (or a Viewer) may open `obj`, by the `visible_to` of its model."""
    return type(obj)._default_manager.visible_to(user).filter(pk=obj.pk).exists()


def who_may_see(obj, people) -> list:
    """Those of `people` (users) who may open `obj`: whom news of it may reach.

    One question per person, to the same rule as the pages ask; `people` is narrowed first to those the
    news concerns (select their focal point and organization, which `viewer_for` reads)."""
    return [person for person in people if may_see(person, obj)]


def _membership_groups(viewer: Viewer, roles: tuple[str, ...] | None = None):
    """Subquery: the working groups the viewer's organization belongs to (any role unless given)."""
    memberships = apps.get_model("workinggroups", "WorkingGroupMembership").objects.filter(
        organization_id=viewer.organization_id
    )
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("working_group_id")


def _invited_groups(viewer: Viewer):
    """Subquery: the working groups whose space the viewer's organization is invited to read."""
    guests = apps.get_model("workinggroups", "WorkingGroupGuest").objects.filter(organization_id=viewer.organization_id)
    guests = guests.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=date.today()))
    return guests.values("working_group_id")


def readable_group_spaces(viewer: Viewer) -> Q:
    """A filter on `working_group_id` for the spaces (meetings, workplan, posts) the viewer reads.

    Entities read every space; others read the groups they belong to or are invited to.
    """
    if viewer.is_secretariat or viewer.organization_kind == ENTITY:
        return Q()
    return Q(working_group_id__in=_membership_groups(viewer)) | Q(working_group_id__in=_invited_groups(viewer))


def can_write_in_group(user, working_group_id: int | None) -> bool:
    """Members (not observers) write in their groups' spaces; the Secretariat everywhere."""
    viewer = viewer_for(user)
    if viewer.is_secretariat:
        return True
    if working_group_id is None or viewer.organization_id is None:
        return False
    Membership = apps.get_model("workinggroups", "WorkingGroupMembership")
    return Membership.objects.filter(
        working_group_id=working_group_id, organization_id=viewer.organization_id, role__in=WRITING_ROLES
    ).exists()


def writable_groups(user):
    """The working groups `user` may add to (the rule of `can_write_in_group`, as a queryset)."""
    viewer = viewer_for(user)
    groups = apps.get_model("workinggroups", "WorkingGroup").objects.order_by("number")
    if viewer.is_secretariat:
        return groups
    if viewer.organization_id is None:
        return groups.none()
    return groups.filter(memberships__organization_id=viewer.organization_id, memberships__role__in=WRITING_ROLES)


class VisibleQuerySet(models.QuerySet):
    """Base: the Secretariat sees everything, platform users what `_visible_filter` allows, others nothing."""

    def visible_to(self, user):
        viewer = viewer_for(user)
        if viewer.is_secretariat:
            return self
        if not viewer.is_platform_user:
            return self.none()
        condition = self._visible_filter(viewer)
        return self if condition is None else self.filter(condition)

    def _visible_filter(self, viewer: Viewer) -> Q | None:
        """None means every row, for any platform user."""
        return None


class ReferenceQuerySet(VisibleQuerySet):
    """Organizations, working groups, memberships, projects, appeals: the Compact's shared structure."""


class FocalPointQuerySet(VisibleQuerySet):
    def _visible_filter(self, viewer: Viewer) -> Q:
        # The directory lists people who may use the platform; deactivated ones only for the Secretariat.
        return Q(is_active=True, user__is_active=True)


class SharedObjectQuerySet(VisibleQuerySet):
    """Documents and events: platform-wide, for a working group's members and observers, or restricted.

    Whoever shared the object (its owning or organizing organization, and the uploader) keeps seeing it.
    """

    creator_field: str

    def _visible_filter(self, viewer: Viewer) -> Q:
        named = self.model.allowed_organizations.through.objects.filter(organization_id=viewer.organization_id)
        return (
            Q(visibility="platform")
            | Q(visibility="working_group", working_group_id__in=_membership_groups(viewer))
            | Q(visibility="restricted", pk__in=named.values(self.model._meta.model_name + "_id"))
            | self._sharer_filter(viewer)
            | Q(**{self.creator_field: viewer.user_id})
        )

    def _sharer_filter(self, viewer: Viewer) -> Q:
        raise NotImplementedError


class DocumentQuerySet(SharedObjectQuerySet):
    creator_field = "uploaded_by_id"

    def _sharer_filter(self, viewer: Viewer) -> Q:
        return Q(organization_id=viewer.organization_id)


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


class DocumentVersionQuerySet(VisibleQuerySet):
    def visible_to(self, user):
        Document = apps.get_model("platform_app", "Document")
        return self.filter(document__in=Document.objects.visible_to(user).values("pk"))


class GroupSpaceQuerySet(VisibleQuerySet):
    """Meetings, workplan activities and posts of working groups."""

    def _visible_filter(self, viewer: Viewer) -> Q:
        return readable_group_spaces(viewer)


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


class NewsletterQuerySet(VisibleQuerySet):
    def _visible_filter(self, viewer: Viewer) -> Q:
        return Q(status="published")


class CountryEntryQuerySet(VisibleQuerySet):
    """A State's entries: all of them to the State itself; to others, those not hidden whose audience
    takes them in (every focal point, Compact entities, or the named organizations)."""

    entry_path = ""

    def _visible_filter(self, viewer: Viewer) -> Q:
        p = self.entry_path
        named = apps.get_model("platform_app", "CountryEntry").allowed_organizations.through.objects.filter(
            organization_id=viewer.organization_id
        )
        audience = Q(**{f"{p}audience": "platform"}) | Q(
            **{f"{p}audience": "named", f"{p}pk__in": named.values("countryentry_id")}
        )
        if viewer.organization_kind == ENTITY:
            audience |= Q(**{f"{p}audience": "entities"})
        return Q(**{f"{p}page__member_state_id": viewer.organization_id}) | (Q(**{f"{p}is_hidden": False}) & audience)


class EntryAttachmentQuerySet(CountryEntryQuerySet):
    entry_path = "entry__"


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
            routings = apps.get_model("platform_app", "SupportRouting")._base_manager.filter(
                Q(organization_id=viewer.organization_id)
                | Q(working_group_id__in=_membership_groups(viewer, MEMBER_ROLES))
            )
            return Q(**{f"{p}pk__in": routings.values("request_id")})
        return Q(pk__in=[])


# Roles that lead a working group: they decide on the State showcases asked of it.
LEADING_ROLES = ("chair", "co_chair", "vice_chair")


class AgendaItemQuerySet(VisibleQuerySet):
    """Items of meetings' agendas: read as their meeting is, by the rule of `readable_group_spaces`."""

    def _visible_filter(self, viewer: Viewer) -> Q | None:
        condition = readable_group_spaces(viewer)
        if not condition:
            return None
        meetings = apps.get_model("workinggroups", "Meeting")._base_manager.filter(condition)
        return Q(meeting_id__in=meetings.values("pk"))


class ShowcaseQuerySet(VisibleQuerySet):
    """Member States' requests to showcase their efforts to a working group: the requesting State, the
    organizations leading that group (chair, co-chairs, vice-chairs) and the Secretariat."""

    def _visible_filter(self, viewer: Viewer) -> Q:
        return Q(member_state_id=viewer.organization_id) | Q(
            working_group_id__in=_membership_groups(viewer, LEADING_ROLES)
        )


class DeletionQuerySet(VisibleQuerySet):
    """Deletions of records: to those who could read the record when it was deleted (DeletionReader:
    focal points of organizations of a kind, of one organization, or one person)."""

    def _visible_filter(self, viewer: Viewer) -> Q:
        named = Q(organization_id=viewer.organization_id) | Q(user_id=viewer.user_id)
        if viewer.organization_kind:
            named |= Q(organization_kind=viewer.organization_kind)
        readers = apps.get_model("platform_app", "DeletionReader")._base_manager.filter(named)
        return Q(pk__in=readers.values("deletion_id"))
