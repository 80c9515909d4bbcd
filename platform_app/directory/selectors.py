"""Reads of the directory that other pages and the figures share: the people a reader may see, who is in
office, which organizations are listed, which have nominated someone; and the choices of the directory's
organization and Member State selects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import BooleanField, CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as translated_language

from platform_app.core import caching
from platform_app.directory.models import FocalPoint, Organization
from platform_app.structure.models import Language, ThematicArea, WorkingGroupMembership

# In office: the nomination and the account are both active.
IN_OFFICE = Q(is_active=True, user__is_active=True)


# The directory's order, on its page, in its CSV export and in the API (without `ordering=`).
DIRECTORY_ORDER = ("user__last_name", "user__first_name", "pk")


def active_focal_points():
    """Focal points in office: their nomination and their account are both active."""
    return FocalPoint.objects.filter(IN_OFFICE)


def organizations_listed():
    """The organizations of the Compact as the organizations list shows them: active ones."""
    return Organization.objects.filter(is_active=True)


def has_focal_point_in_office() -> Exists:
    """The condition on organizations of having nominated at least one focal point in office."""
    return Exists(active_focal_points().filter(organization_id=OuterRef("pk")))


def nominated(organizations):
    """Organizations that have nominated at least one focal point in office."""
    return organizations.filter(has_focal_point_in_office())


def people_of(user) -> QuerySet:
    """The focal points `user` may see, with what the directory shows of them, in a stable order."""
    return (
        FocalPoint.objects.visible_to(user)
        .select_related("user", "organization")
        .prefetch_related("expertise", "languages")
        .order_by(*DIRECTORY_ORDER)
    )


def _in_every_language(*paths: str) -> tuple[str, ...]:
    """The column of each language of translated fields (`organization__name` → `organization__name_en`…):
    what modeltranslation reads, in the reader's language or in English."""
    return tuple(
        f"{path.rpartition('__')[0]}__{build_localized_fieldname(path.rpartition('__')[2], language)}"
        for path in paths
        for language in mt_settings.AVAILABLE_LANGUAGES
    )


# What a row of the directory's table of people reads (directory.markup.people_rows_html, views.contact_for).
ROW_FIELDS = (
    "id",
    "title",
    "job_title",
    "department",
    "email",
    "phone",
    "mobile",
    "hide_email",
    "hide_phone",
    "is_primary",
    "is_active",
    "user__id",
    "user__username",
    "user__first_name",
    "user__last_name",
    "user__email",
    "user__is_active",
    "organization__id",
    "organization__kind",
    *_in_every_language("organization__name", "organization__acronym"),
)


def for_rows(people: QuerySet) -> QuerySet:
    """`people` (`people_of`) reading only what a row of the table of people shows, without their expertise
    and languages: `with_names` reads those once the page is cut."""
    return people.prefetch_related(None).only(*ROW_FIELDS)


def memberships_of(user, organization: Organization) -> QuerySet:
    """The working groups `organization` belongs to, with its role, as `user` may see them, by group number:
    an organization's page and each of its focal points' pages."""
    return (
        WorkingGroupMembership.objects.visible_to(user)
        .filter(organization=organization)
        .select_related("working_group")
        .order_by("working_group__number")
    )


def colleagues_of(user, person: FocalPoint, limit: int) -> tuple[list[FocalPoint], bool]:
    """Up to `limit` other focal points of `person`'s organization that `user` may see, in the directory's
    order, and whether there are more."""
    others = (
        FocalPoint.objects.visible_to(user)
        .filter(organization_id=person.organization_id)
        .exclude(pk=person.pk)
        .select_related("user")
        .order_by(*DIRECTORY_ORDER)
    )
    shown = list(others[: limit + 1])
    return shown[:limit], len(shown) > limit


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


class OrganizationChoice(NamedTuple):
    """What the directory's selects show of one organization, in the reader's language."""

    pk: int
    kind: str
    label: str  # its display name: the organization select
    name: str  # the country select
    iso_alpha3: str


class SharedNames(NamedTuple):
    """What the directory's page names that is the same for every reader, in the reader's language and
    order: every organization (for whoever may see them all), every thematic area and every language (the
    filters' choices and the names in the rows)."""

    organizations: list[OrganizationChoice]
    themes: list[tuple[int, str, str]]  # pk, slug, name
    languages: list[tuple[str, str]]  # code, name


def shared_names_key(language: str) -> str:
    return f"compact:directory:shared-names:{language}"


def forget_shared_names() -> None:
    """Drops the shared names of every language (once the current transaction commits): an organization,
    a thematic area or a language changed (directory.signals)."""
    caching.forget(*(shared_names_key(language) for language in mt_settings.AVAILABLE_LANGUAGES))


def _organization_choices(organizations: QuerySet) -> list[OrganizationChoice]:
    return [
        OrganizationChoice(org.pk, org.kind, org.display_name, org.name, org.iso_alpha3)
        for org in organizations.order_by("name")
    ]


def _read_shared_names() -> SharedNames:
    return SharedNames(
        _organization_choices(Organization.objects.all()),
        [(theme.pk, theme.slug, theme.name) for theme in ThematicArea.objects.all()],
        [(language.code, language.name) for language in Language.objects.all()],
    )


def shared_names() -> SharedNames:
    """The shared names in the reader's language, kept in the cache (one read for the whole sidebar)."""
    return caching.cached(shared_names_key(translated_language()), _read_shared_names)


def organization_choices(user, shared: SharedNames | None = None) -> list[OrganizationChoice]:
    """The organizations `user` may see, by name in the reader's language, as the selects show them.

    They are the cached ones (`shared`, else `shared_names()`) only while `visible_to` lets this reader see
    every organization. A reader whose view is narrowed gets rows of their own, read from the database:
    no one is ever offered an organization that only another reader's view lets in."""
    visible = Organization.objects.visible_to(user)
    if visible.query.where:
        return _organization_choices(visible)
    return (shared or shared_names()).organizations


def organization_options(
    user, chosen: Organization | None, choices: list[OrganizationChoice] | None = None
) -> list[tuple[str, list[Option]]]:
    """The directory's organization select, by kind, `chosen` selected. Member States have the country
    select of their own, so they are offered here only when one was chosen (from a link, say). `choices`
    are `organization_choices(user)` when the caller has them already."""
    chosen_pk = chosen.pk if chosen is not None else None
    groups: dict[str, list[Option]] = {kind: [] for kind in Organization.Kind.values}
    for choice in organization_choices(user) if choices is None else choices:
        selected = choice.pk == chosen_pk
        if choice.kind != Organization.Kind.MEMBER_STATE or selected:
            groups[choice.kind].append(Option(str(choice.pk), choice.label, selected))
    labels = dict(Organization.Kind.choices)
    return [(labels[kind], options) for kind, options in groups.items() if options]


def country_options(user, chosen: Organization | None, choices: list[OrganizationChoice] | None = None) -> list[Option]:
    """The directory's Member State select, by ISO 3166 alpha-3 code, `chosen` selected. `choices` are
    `organization_choices(user)` when the caller has them already."""
    chosen_pk = chosen.pk if chosen is not None else None
    return [
        Option(choice.iso_alpha3, choice.name, choice.pk == chosen_pk)
        for choice in (organization_choices(user) if choices is None else choices)
        if choice.kind == Organization.Kind.MEMBER_STATE
    ]


def _held(ids: list[int]) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """Which thematic areas (pk) and languages (code) each of the people `ids` holds: the rows of the two
    many-to-many tables in one query, no record made, no translated field read."""
    if not ids:
        return [], []
    themes = FocalPoint.expertise.through.objects.filter(focalpoint_id__in=ids).values_list(
        "focalpoint_id", Cast("thematicarea_id", CharField()), Value(True, output_field=BooleanField())
    )
    languages = FocalPoint.languages.through.objects.filter(focalpoint_id__in=ids).values_list(
        "focalpoint_id", "language_id", Value(False, output_field=BooleanField())
    )
    rows = list(themes.union(languages, all=True))
    return (
        [(person, int(key)) for person, key, is_theme in rows if is_theme],
        [(person, key) for person, key, is_theme in rows if not is_theme],
    )


def with_names(people: list[FocalPoint], shared: SharedNames | None = None) -> list[FocalPoint]:
    """The people, each with the names of their expertise (`expertise_names`) and of their languages
    (`language_names`), in the reader's language and order, and the display name of their organization
    (`organization_name`): which themes and languages they hold is read from the many-to-many tables, what
    each is called from the shared names (`shared`, else `shared_names()`), where a prefetch would make
    records, and a manager and a queryset for every person."""
    themes, languages = _held([person.pk for person in people])
    shared = shared or shared_names()
    known_themes = {pk for pk, _slug, _name in shared.themes}
    known_languages = {code for code, _name in shared.languages}
    if any(pk not in known_themes for _person, pk in themes) or any(
        code not in known_languages for _person, code in languages
    ):
        # One added since the names were cached (a bulk write): read them afresh.
        shared = _read_shared_names()
    expertise = _named(themes, [(pk, name) for pk, _slug, name in shared.themes])
    spoken = _named(languages, shared.languages)
    organizations = {choice.pk: choice.label for choice in shared.organizations}
    for person in people:
        person.expertise_names = expertise.get(person.pk, [])
        person.language_names = spoken.get(person.pk, [])
        person.organization_name = organizations.get(person.organization_id)
    return people


def _named(pairs: list[tuple[int, object]], names: list[tuple[object, str]]) -> dict[int, list[str]]:
    """Each person's names, in the order of `names`."""
    order = {key: index for index, (key, _name) in enumerate(names)}
    by_person: dict[int, list[object]] = {}
    for person, key in pairs:
        by_person.setdefault(person, []).append(key)
    return {
        person: [names[order[key]][1] for key in sorted(keys, key=order.__getitem__)]
        for person, keys in by_person.items()
    }
