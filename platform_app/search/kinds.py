"""The platform's kinds of records in the site search: people, organizations, documents, events, projects,
CTED recommendations and Member States' entries. Each starts from its model's `visible_to(user)`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platform_app.calendar.models import Event
from platform_app.core.highlight import excerpt, holds, marked
from platform_app.core.l10n import date_text
from platform_app.countries.models import CountryEntry
from platform_app.cted.models import Recommendation
from platform_app.directory.models import FocalPoint, Organization
from platform_app.directory.selectors import DIRECTORY_ORDER, organizations_listed
from platform_app.library.models import Document
from platform_app.library.selectors import NEWEST, snippets
from platform_app.projects.models import Project
from platform_app.search.registry import Hit, Refine, SearchKind, register


def day(value: date | datetime | None) -> str:
    """A date as the pages write it ("3 March 2026"), a time by its day in the reader's zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return date_text(value, "date")


# --- people and organizations ---------------------------------------------------------------------------


def _people(user):
    return (
        FocalPoint.objects.visible_to(user)
        .select_related("user", "organization")
        .prefetch_related("expertise", "languages")
    )


def _person(person: FocalPoint, words: Sequence[str]) -> Hit:
    # Contact details are left to the person's page, which applies the rule on hidden ones: a hit shows
    # what the directory's search reads (name, job title, organization, expertise and languages).
    name = " ".join(part for part in (person.title, person.user.get_full_name() or person.user.username) if part)
    themes = ", ".join(theme.name for theme in person.expertise.all())
    languages = ", ".join(language.name for language in person.languages.all())
    lists = [
        (_("Expertise: %(themes)s"), "themes", themes),
        (_("Languages: %(languages)s"), "languages", languages),
    ]
    lists = [each for each in lists if each[2]]
    shown = next((each for each in lists if holds(each[2], words)), lists[0] if lists else None)
    facts = [marked(person.job_title, words), marked(person.organization.display_name, words)]
    if not (person.is_active and person.user.is_active):
        # Only the Secretariat finds people no longer in office (FocalPoint.objects.visible_to).
        facts.append(_("No longer in office"))
    return Hit(
        title=marked(name, words),
        url=reverse("directory:person", args=[person.pk]),
        context=_named_list(*shown, words) if shown else mark_safe(""),
        facts=tuple(facts),
    )


def _named_list(label: str, key: str, names: str, words: Sequence[str]) -> SafeString:
    """`label` with the list of `names` (a person's expertise, say) in its place, whole rather than cut
    around the word; the names in <bdi>, so that in a right-to-left page a list of names written left to
    right keeps its order and its commas."""
    return mark_safe(escape(label) % {key: format_html("<bdi>{}</bdi>", marked(names, words))})  # noqa: S308


def _organizations(user):
    return organizations_listed().visible_to(user)


def _organization(organization: Organization, words: Sequence[str]) -> Hit:
    if organization.kind == Organization.Kind.MEMBER_STATE:
        # A Member State's page is its profile, which gathers everything about it.
        url = reverse("countries:profile", args=[organization.iso_alpha3])
    else:
        url = reverse("directory:organization", args=[organization.pk])
    facts = [organization.get_kind_display()]
    if organization.compact_status:
        facts.append(organization.get_compact_status_display())
    return Hit(
        title=marked(organization.display_name, words),
        url=url,
        context=excerpt([organization.description], words),
        facts=tuple(facts),
    )


# --- documents, events, projects --------------------------------------------------------------------------


def _documents(user):
    return Document.objects.visible_to(user).select_related("organization").defer("search_vector")


def _document(document: Document, words: Sequence[str]) -> Hit:
    facts = [document.get_document_type_display(), day(document.published_on), str(document.organization)]
    if document.visibility != "platform":
        facts.append(document.get_visibility_display())
    return Hit(
        title=marked(document.title, words),
        url=reverse("library:document", args=[document.pk]),
        context=excerpt([document.description], words),
        facts=tuple(facts),
    )


def _events(user):
    return Event.objects.visible_to(user).defer("search_vector")


def _event(event: Event, words: Sequence[str]) -> Hit:
    facts = [event.get_kind_display(), day(event.starts_at)]
    if event.location:
        facts.append(event.location)
    return Hit(
        title=marked(event.title, words),
        url=reverse("calendar:event", args=[event.pk]),
        context=excerpt([event.description, event.location], words),
        facts=tuple(facts),
    )


def _projects(user):
    return Project.objects.visible_to(user).select_related("lead_entity").defer("search_vector")


def _project(project: Project, words: Sequence[str]) -> Hit:
    return Hit(
        title=marked(f"{project.code} {project.title}", words),
        url=reverse("projects:project", args=[project.pk]),
        context=excerpt([project.description], words),
        facts=(str(project.lead_entity), project.get_status_display()),
    )


# --- CTED recommendations and Member States' entries ------------------------------------------------------


def _recommendations(user):
    return (
        Recommendation.objects.visible_to(user)
        .select_related("assessment__member_state", "thematic_area")
        .defer("search_vector")
    )


def _recommendation(recommendation: Recommendation, words: Sequence[str]) -> Hit:
    title = _("Recommendation %(number)s to %(state)s") % {
        "number": recommendation.number,
        "state": recommendation.assessment.member_state.name,
    }
    return Hit(
        title=marked(title, words),
        url=reverse("cted:recommendation", args=[recommendation.pk]),
        context=excerpt([recommendation.text, recommendation.progress_note], words),
        facts=(recommendation.thematic_area.name, recommendation.get_status_display()),
    )


def _entries(user):
    return CountryEntry.objects.visible_to(user).select_related("page__member_state").defer("search_vector")


def _entry(entry: CountryEntry, words: Sequence[str]) -> Hit:
    state = entry.page.member_state
    return Hit(
        title=marked(entry.title, words),
        url=f"{reverse('countries:profile', args=[state.iso_alpha3])}#entry-{entry.pk}",
        context=excerpt([entry.text], words),
        facts=(state.name, entry.get_kind_display(), day(entry.dated_on)),
    )


register(
    SearchKind(
        name="person",
        label=gettext_lazy("People"),
        position=10,
        rows=_people,
        ordering=DIRECTORY_ORDER,
        hit=_person,
        refine=Refine("directory:index", gettext_lazy("Filter these people in the directory")),
    )
)
register(
    SearchKind(
        name="organization",
        label=gettext_lazy("Organizations"),
        position=20,
        rows=_organizations,
        ordering=("name", "pk"),
        hit=_organization,
        refine=Refine("directory:organizations", gettext_lazy("Filter these in the list of organizations")),
    )
)
register(
    SearchKind(
        name="document",
        label=gettext_lazy("Documents"),
        position=30,
        rows=_documents,
        ordering=NEWEST,
        hit=_document,
        refine=Refine("library:index", gettext_lazy("Filter these documents in the library")),
        # Where the words were found: in the text of the current file, else the description (as the library).
        passages=snippets,
    )
)
register(
    SearchKind(
        name="event",
        label=gettext_lazy("Events"),
        position=40,
        rows=_events,
        # The latest first: a search looks back as much as ahead, unlike the calendar's list of what is to come.
        ordering=("-starts_at", "-id"),
        hit=_event,
    )
)
register(
    SearchKind(
        name="project",
        label=gettext_lazy("Projects"),
        position=70,
        rows=_projects,
        ordering=("code", "pk"),
        hit=_project,
        refine=Refine("projects:index", gettext_lazy("Filter these projects in the Matrix")),
    )
)
register(
    SearchKind(
        name="recommendation",
        label=gettext_lazy("CTED recommendations"),
        position=80,
        rows=_recommendations,
        ordering=("assessment__member_state__name", "assessment_id", "number", "pk"),
        hit=_recommendation,
    )
)
register(
    SearchKind(
        name="country",
        label=gettext_lazy("Member States' entries"),
        position=90,
        rows=_entries,
        ordering=("-dated_on", "-id"),
        hit=_entry,
    )
)
