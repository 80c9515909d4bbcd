"""Who sees what: the one place that turns the access matrix into querysets.

Every model a user can reach has a queryset with `visible_to(user)`. Pages, the API, search, counts,
exports and downloads all start from it, so a rule changes here or nowhere. Rules are written as
filters with subqueries (never lists of ids fetched first), so each costs no query of its own and
the planner can use the indexes.

The viewer's role is resolved once per request and kept on the user object (`viewer_for`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

ENTITY = "entity"


MEMBER_STATE = "member_state"


REGIONAL_ORG = "regional_org"


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
    try:
        focal_point = user.focal_point  # cached when the authentication selected it
    except ObjectDoesNotExist:
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
    # The English acronym, the one the platform knows CTED by: `acronym` reads in the reader's (DECT in French).
    return organization.acronym_en == CTED_ACRONYM


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


SECRETARIAT = "Secretariat"


CTED = "CTED"


CTED_ACRONYM = "CTED"
