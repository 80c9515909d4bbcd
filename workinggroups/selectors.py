"""What every page of a working group shows of the group itself, kept in the cache: its pillars, its members
and observers, and the organizations it invites (platform_app.core.caching).

They are the same for everyone who sees them: the pillars and the memberships for every platform user (the
memberships while `visible_to` narrows no reader's view of them), the guests for every reader of the group's
space. Kept once for all, they spare each page of the group the queries that read them.

A kept value is named by the group, its `updated_at` and the day, so that a change never shows an old one:
- the group's `updated_at` moves whenever the group, its pillars or its memberships change, whichever way
  (platform_app.core.sync, bulk writes included);
- the guests are those invited on the day (`WorkingGroupGuest.objects.current()`), read again the next day;
- what else they show is dropped when it changes (workinggroups.signals): the names of the organizations
  and of the pillars, and the invitations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from platform_app.core import caching
from platform_app.structure.models import Pillar, WorkingGroup, WorkingGroupGuest, WorkingGroupMembership

# The columns an organization's name is written from (`display_name`, `str()`): its name and acronym in
# every language, so that no reader's language, nor the fallback to English, reads a column left out.
ORGANIZATION_NAME = tuple(
    column
    for field in ("name", "acronym")
    for column in (field, *(build_localized_fieldname(field, language) for language in AVAILABLE_LANGUAGES))
)


def named(*relations: str) -> list[str]:
    """The `only()` columns of the organizations at the end of `relations` ("organization", "author__..."):
    their key and what their name is written from."""
    return [f"{relation}__{column}" for relation in relations for column in ("id", *ORGANIZATION_NAME)]


@dataclass(frozen=True)
class GroupFacts:
    pillars: list[Pillar]
    # Every membership with its organization, by role then acronym (sections.by_role orders them for a page).
    memberships: list[WorkingGroupMembership]
    # The invitations running on the day, with their organizations, by organization name.
    guests: list[WorkingGroupGuest]
    # The display name of each of these organizations in each language of the site, by key, when kept for
    # every reader: written once, as resolving a translated name in a language costs microseconds a time.
    names: dict[str, dict[int, str]]

    def display_names(self) -> dict[int, str] | None:
        """The organizations' display names in the active language (None when not written for it)."""
        return self.names.get(get_language())


def _today() -> str:
    # The day `WorkingGroupGuest.objects.current()` counts by: the platform's, whoever asks.
    return timezone.localdate(timezone=timezone.get_default_timezone()).isoformat()


# The shape of what is kept: another shape of GroupFacts takes another number, so that no process reads a
# value kept by a process of another version.
FACTS_SHAPE = 1


def facts_key(group_id: int, updated_at, day: str) -> str:
    return f"compact:working-group:{group_id}:facts{FACTS_SHAPE}:{updated_at.isoformat()}:{day}"


def group_facts(user, group: WorkingGroup) -> GroupFacts:
    """The pillars, members and guests of `group` as `user` sees them: kept in the cache while `visible_to`
    gives this reader every membership (every such reader then sees the same rows); read from the database
    for a reader whose view of them is narrowed, so that no one is shown a membership another's view let in."""
    visible = WorkingGroupMembership.objects.visible_to(user)

    def read(languages=()) -> GroupFacts:
        memberships = (
            visible.filter(working_group=group)
            .select_related("organization")
            .only("working_group_id", "role", *named("organization"))
            .order_by("role", "organization__acronym")
        )
        guests = (
            WorkingGroupGuest.objects.current()
            .filter(working_group=group)
            .select_related("organization")
            .only("working_group_id", "expires_on", *named("organization"))
            .order_by("organization__name")
        )
        memberships, guests = list(memberships), list(guests)
        organizations = [row.organization for row in (*memberships, *guests)]
        names = {}
        for language in languages:
            with translation.override(language):
                names[language] = {organization.pk: organization.display_name for organization in organizations}
        return GroupFacts(list(group.pillars.all()), memberships, guests, names)

    if visible.query.where:
        return read()
    # Kept for every reader whatever their language: with the names in each language of the site.
    languages = [code for code, _name in settings.LANGUAGES]
    return caching.cached(facts_key(group.pk, group.updated_at, _today()), lambda: read(languages))


def forget_group_facts(group_ids: Iterable[int] | None = None) -> None:
    """Drops the kept facts of these groups (of every group when None) once the current transaction commits:
    the keys are read then, with the groups' `updated_at` of that moment."""

    def drop() -> None:
        groups = WorkingGroup.objects.all() if group_ids is None else WorkingGroup.objects.filter(pk__in=group_ids)
        day = _today()
        keys = [facts_key(pk, updated_at, day) for pk, updated_at in groups.values_list("pk", "updated_at")]
        if keys:
            caching.forget(*keys)

    transaction.on_commit(drop)
