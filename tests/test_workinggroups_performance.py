"""A working group's overview and its documents section at a bounded cost: one query for each list they
show, the group's pillars, members and guests read from the cache (and never another reader's), dropped as
soon as what they show changes; each row written once in Python exactly as the templates wrote it, with
addresses reversed once for a whole list; and as many queries and reversed addresses however many rows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.db.models import Q
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.urls.resolvers import URLResolver
from django.utils import timezone, translation
from django.utils.html import escape

from platform_app.core.addresses import by_pk
from platform_app.core.querysets import ReferenceQuerySet
from platform_app.directory.models import Organization
from platform_app.structure.models import Pillar, Role, WorkingGroupGuest, WorkingGroupMembership
from tests.factories import (
    DocumentFactory,
    EventFactory,
    MeetingFactory,
    MemberStateFactory,
    OrganizationFactory,
    PostFactory,
    WorkingGroupGuestFactory,
    WorkplanActivityFactory,
    reference_group,
    reference_org,
)
from workinggroups import sections
from workinggroups.links import section_url

# Every test reads the same people and scenario; they are built once for the module.
pytestmark = pytest.mark.shared_world

AWKWARD = 'O\'Brien & <Sons> "quoted"'
LANGUAGES = ["en", "fr", "ar"]
REGIONAL = Organization.Kind.REGIONAL_ORG
# The tables of what the cache keeps: no page that finds them there reads them.
KEPT = {"workinggroups_pillar", "workinggroups_workinggroup_pillars", "workinggroups_workinggroupguest"}

# The markup the Python replaced, as the templates wrote it: what the pages must keep writing.
OLD_DOCUMENT_ROWS = """{% load figures i18n %}{% for document in page %}
        <tr id="document-{{ document.pk }}">
          <td class="stack-title">{% url 'library:document' document.pk as document_url %}{% if document_url %}<a href="{{ document_url }}"><bdi>{{ document.title }}</bdi></a>{% else %}<bdi>{{ document.title }}</bdi>{% endif %}</td>
          <td data-label="{% translate 'Organization' %}"><bdi>{{ document.organization }}</bdi></td>
          <td data-label="{% translate 'Published' %}"><time datetime="{{ document.published_on|date:'Y-m-d' }}">{{ document.published_on|local_date }}</time></td>
        </tr>
        {% endfor %}"""  # noqa: E501
OLD_RECENT_DOCUMENTS = """{% load figures %}<ul class="wg-list">{% for document in documents %}<li>{% url 'library:document' document.pk as document_url %}{% if document_url %}<a href="{{ document_url }}"><bdi>{{ document.title }}</bdi></a>{% else %}<bdi>{{ document.title }}</bdi>{% endif %} <span class="muted"><bdi>{{ document.organization }}</bdi>, <time datetime="{{ document.published_on|date:'Y-m-d' }}">{{ document.published_on|local_date }}</time></span></li>{% endfor %}</ul>"""  # noqa: E501
OLD_MEMBERS = """<ul class="wg-columns">
        {% for m in roles.chair %}<li>{% include "workinggroups/_org.html" with organization=m.organization %} <span class="tag">{{ m.get_role_display }}</span></li>{% endfor %}
        {% for m in roles.co_chair %}<li>{% include "workinggroups/_org.html" with organization=m.organization %} <span class="tag">{{ m.get_role_display }}</span></li>{% endfor %}
        {% for m in roles.vice_chair %}<li>{% include "workinggroups/_org.html" with organization=m.organization %} <span class="tag">{{ m.get_role_display }}</span></li>{% endfor %}
        {% for m in roles.member %}<li>{% include "workinggroups/_org.html" with organization=m.organization %}</li>{% endfor %}
      </ul>"""  # noqa: E501
OLD_OBSERVERS = """<ul>{% for m in roles.observer %}<li>{% include "workinggroups/_org.html" with organization=m.organization %}</li>{% endfor %}</ul>"""  # noqa: E501
OLD_LEADERSHIP = """{% load i18n %}<dl class="details">
  <dt>{% translate "Chair" %}</dt>
  <dd>{% for m in roles.chair %}{% include "workinggroups/_org.html" with organization=m.organization %}{% if not forloop.last %}, {% endif %}{% empty %}<span class="muted">{% translate "None recorded" %}</span>{% endfor %}</dd>
  {% if roles.co_chair %}<dt>{% translate "Co-Chairs" %}</dt>
  <dd>{% for m in roles.co_chair %}{% include "workinggroups/_org.html" with organization=m.organization %}{% if not forloop.last %}, {% endif %}{% endfor %}</dd>{% endif %}
  {% if roles.vice_chair %}<dt>{% translate "Vice-Chairs" %}</dt>
  <dd>{% for m in roles.vice_chair %}{% include "workinggroups/_org.html" with organization=m.organization %}{% if not forloop.last %}, {% endif %}{% endfor %}</dd>{% endif %}
</dl>"""  # noqa: E501
OLD_GUESTS = """{% load figures i18n %}<ul>{% for guest in guests %}<li>{% include "workinggroups/_org.html" with organization=guest.organization %}{% if guest.expires_on %} <span class="muted">{% blocktranslate with date=guest.expires_on|local_date %}(until {{ date }}){% endblocktranslate %}</span>{% endif %}</li>{% endfor %}</ul>"""  # noqa: E501
OLD_PILLARS = """{% load i18n %}{% for pillar in group.pillars.all %}<span class="tag" title="{{ pillar.name }}">{% blocktranslate with number=pillar.roman %}Pillar {{ number }}{% endblocktranslate %}<span class="visually-hidden">: <bdi>{{ pillar.name }}</bdi></span></span>{% endfor %}"""  # noqa: E501


def url(name: str, group: str = "BMLE", **kwargs) -> str:
    return reverse(f"workinggroups:{name}", kwargs={"short_name": group, **kwargs})


def page(client, user, name: str = "detail", language: str = "en"):
    """The page `name` of BMLE as `user` reads it (signed in once for the client)."""
    if client.session.get("_auth_user_id") != str(user.pk):
        client.force_login(user)
    response = client.get(url(name), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response


def _old(template: str, response, language: str) -> str:
    """`template` written over what the page's own template was given, in `language`."""
    with translation.override(language):
        return Template(template).render(Context(response.context[0].flatten()))


# What every page asks besides its own queries: the session, the person, the day's visit (in the database
# when there is no Redis).
SIGN_IN = {"django_session", "platform_app_user", "platform_app_dailyvisitor"}


def _read(captured) -> list[str]:
    """The table each of the page's own queries reads (not those of its joins and subqueries)."""
    tables = [
        re.search(r'FROM \(?"(\w+)"', query["sql"]) for query in captured if query["sql"].startswith(("SELECT", "("))
    ]
    return [table.group(1) for table in tables if table and table.group(1) not in SIGN_IN]


def _awkward_rows(group) -> None:
    """Rows of every shape the lists show, with names that must be escaped: a member, an observer and a
    guest of awkward names (one with an acronym, one without), a document of an awkward title and owner,
    a document shared with named organizations only."""
    owner = OrganizationFactory(name=AWKWARD, acronym="A&B")
    WorkingGroupMembership.objects.create(working_group=group, organization=owner, role=Role.MEMBER)
    observer = OrganizationFactory(name=f"{AWKWARD} observer", acronym="")
    WorkingGroupMembership.objects.create(working_group=group, organization=observer, role=Role.OBSERVER)
    guest = MemberStateFactory(name=f"{AWKWARD} State")
    WorkingGroupGuestFactory(working_group=group, organization=guest, expires_on=dt.date(2099, 12, 31))
    DocumentFactory(working_group=group, title=AWKWARD, organization=owner, published_on=dt.date(2099, 1, 2))
    DocumentFactory(
        working_group=group,
        title="Shared <narrowly>",
        organization=reference_org("UNODC"),
        restricted=True,
        published_on=dt.date(2099, 1, 1),
    )


# --- what the pages write ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_documents_section_writes_its_rows_as_the_template_wrote_them(client, people, language):
    _awkward_rows(reference_group("BMLE"))
    response = page(client, people.entity, "documents", language)
    html = response.content.decode()
    assert AWKWARD not in html and "O&#x27;Brien &amp; &lt;Sons&gt;" in html
    assert _old(OLD_DOCUMENT_ROWS, response, language) in html
    assert _old(OLD_PILLARS, response, language) in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_overview_writes_its_lists_as_the_templates_wrote_them(client, people, language):
    group = reference_group("BMLE")
    group.pillars.set(Pillar.objects.filter(number__in=[2, 4]))
    _awkward_rows(group)
    page(client, people.state, "detail", "en")  # what another reader of another language had kept
    response = page(client, people.entity, "detail", language)
    html = response.content.decode()
    assert "&quot;quoted&quot; (A&amp;B)" in html and "2099" in html
    for old in (OLD_RECENT_DOCUMENTS, OLD_MEMBERS, OLD_OBSERVERS, OLD_LEADERSHIP, OLD_GUESTS):
        assert _old(old, response, language) in html, old[:60]
    pillars = _old(OLD_PILLARS, response, language)
    assert pillars.count('class="tag"') == 2 and pillars in html


def test_the_index_writes_the_leadership_as_its_template_wrote_it(client, people):
    client.force_login(people.other_state)
    response = client.get(reverse("workinggroups:index"))
    html = response.content.decode()
    for group in response.context["my_groups"] + response.context["other_groups"]:
        context = Context({"roles": group.roles, "group": group})
        assert Template(OLD_LEADERSHIP).render(context) in html
        assert Template(OLD_PILLARS).render(context) in html


def test_the_links_of_the_overview_lists_are_those_reverse_gives(client, people):
    bmle = reference_group("BMLE")
    MeetingFactory(working_group=bmle, title="A meeting to come", starts_at=timezone.now() + dt.timedelta(days=2))
    EventFactory(working_group=bmle, starts_at=timezone.now() + dt.timedelta(days=3))
    PostFactory(working_group=bmle, author=people.cted)
    WorkplanActivityFactory(working_group=bmle)
    response = page(client, people.entity)
    html = response.content.decode()
    meetings = response.context["upcoming_meetings"] + response.context["past_meetings"]
    assert meetings and response.context["events"] and response.context["threads"] and response.context["activities"]
    for meeting in meetings:
        assert f'<a href="{reverse("workinggroups:meeting", args=["BMLE", meeting.pk])}"><bdi>' in html
    for event in response.context["events"]:
        assert f'<a href="{reverse("calendar:event", args=[event.pk])}"><bdi>' in html
    for thread in response.context["threads"]:
        assert f'<a href="{url("discussion")}?post={thread.pk}#post-{thread.pk}"><bdi>' in html
    for activity in response.context["activities"]:
        assert f'<a href="{url("workplan")}?activity={activity.pk}#activity-{activity.pk}"><bdi>' in html


def test_addresses_of_rows_are_those_reverse_gives():
    for name, args in (("library:document", []), ("calendar:event", []), ("directory:organization", [])):
        address = by_pk(name, *args)
        for pk in (1, 7, 250, 123456789):
            assert address(pk) == reverse(name, args=[*args, pk])
    for short_name in ("BMLE", "CJLR-CFT", "HRRoL-VoT"):
        address = by_pk("workinggroups:meeting", short_name)
        for pk in (1, 90, 2**40):
            assert address(pk) == reverse("workinggroups:meeting", args=[short_name, pk])


def test_the_section_links_are_those_section_url_gives(people):
    request = RequestFactory().get("/")
    request.user = people.entity
    for short_name in ("BMLE", "HRRoL-VoT"):
        group = reference_group(short_name)
        for current, _label in sections.SECTIONS:
            links = sections._context(request, group, current)["sections"]
            assert [link["url"] for link in links] == [section_url(short_name, key) for key, _ in sections.SECTIONS]
            assert [link["key"] for link in links if link["current"]] == [current]


# --- what they ask of the database ------------------------------------------------------------------------


def test_the_overview_asks_one_query_for_each_list_and_reads_the_group_from_the_cache(client, people):
    page(client, people.entity)  # fills the cache; the day's visit is recorded once
    with CaptureQueriesContext(connection) as captured:
        response = page(client, people.entity)
    tables = _read(captured)
    assert not KEPT & set(tables), tables
    # The memberships are only asked whether the reader's organization leads the group (its policy).
    assert tables.count("workinggroups_workinggroupmembership") == 1, tables
    assert response.context["leads"] and response.context["roles"]["vice_chair"]
    assert sorted(tables) == sorted(
        [
            "workinggroups_workinggroup",
            "workinggroups_workinggroupmembership",
            "workinggroups_meeting",
            "platform_app_document",
            "workinggroups_post",
            "platform_app_event",
            "workinggroups_workplanactivity",
        ]
    )


def test_the_documents_section_reads_the_pillars_from_the_cache(client, people):
    page(client, people.entity, "documents")
    with CaptureQueriesContext(connection) as captured:
        page(client, people.entity, "documents")
    tables = _read(captured)
    assert not KEPT & set(tables) and "workinggroups_workinggroupmembership" not in tables, tables
    # The group, then the count of its documents and their page.
    assert tables == ["workinggroups_workinggroup", "platform_app_document", "platform_app_document"]


def _reversed(monkeypatch) -> list[str]:
    """The names reversed from now on, by `reverse()` and by `{% url %}` alike."""
    names: list[str] = []
    original = URLResolver._reverse_with_prefix

    def counted(self, lookup_view, _prefix, *args, **kwargs):
        names.append(str(lookup_view))
        return original(self, lookup_view, _prefix, *args, **kwargs)

    monkeypatch.setattr(URLResolver, "_reverse_with_prefix", counted)
    return names


@pytest.mark.parametrize("role", ["entity", "state", "secretariat"])
def test_queries_and_reversed_addresses_do_not_grow_with_the_rows(client, people, monkeypatch, role):
    group = reference_group("BMLE")
    reader = people.roles()[role]

    def grow(n: int) -> None:
        for _ in range(n):
            DocumentFactory(working_group=group, organization=reference_org("UNODC"))
            DocumentFactory(working_group=group, organization=reference_org("UNODC"), restricted=True)
            WorkingGroupMembership.objects.create(working_group=group, organization=OrganizationFactory())
            WorkingGroupGuestFactory(
                working_group=group, organization=OrganizationFactory(kind=REGIONAL, compact_status="")
            )
            EventFactory(working_group=group, starts_at=timezone.now() + dt.timedelta(days=1))
            MeetingFactory(working_group=group)
            PostFactory(working_group=group, author=people.cted)

    def measure() -> dict[str, tuple[int, int]]:
        found = {}
        for name in ("detail", "documents"):
            page(client, reader, name)
            names = _reversed(monkeypatch)
            with CaptureQueriesContext(connection) as captured:
                page(client, reader, name)
            monkeypatch.undo()
            found[name] = (len(captured), len(names))
        return found

    grow(3)
    few = measure()
    grow(30)
    many = measure()
    assert many == few
    response = page(client, reader, "documents")
    assert len(response.context["page"].object_list) == sections.DOCUMENTS_PER_PAGE


# --- what the cache keeps, and for how long ---------------------------------------------------------------


def _members(client, reader) -> str:
    html = page(client, reader).content.decode()
    return html[html.index('id="members-heading"') : html.index("</section>", html.index('id="members-heading"'))]


def _guests(client, reader) -> str:
    html = page(client, reader).content.decode()
    return html[html.index('id="guests-heading"') : html.index("</section>", html.index('id="guests-heading"'))]


def test_a_new_member_or_pillar_shows_at_once(client, people):
    group = reference_group("BMLE")
    group.pillars.clear()
    assert "Pillar II" not in page(client, people.state).content.decode()
    joined = OrganizationFactory(name="An organization joining for a test")
    WorkingGroupMembership.objects.create(working_group=group, organization=joined, role=Role.MEMBER)
    group.pillars.add(Pillar.objects.get(number=2))
    assert "An organization joining for a test" in _members(client, people.state)
    assert "Pillar II" in page(client, people.state, "documents").content.decode()
    WorkingGroupMembership.objects.filter(organization=joined).delete()
    assert "An organization joining for a test" not in _members(client, people.state)


def test_a_renamed_organization_or_pillar_shows_by_its_new_name(client, people, django_capture_on_commit_callbacks):
    group = reference_group("BMLE")
    pillar = Pillar.objects.get(number=3)
    group.pillars.add(pillar)
    unodc, kenya = reference_org("UNODC"), reference_org("KE")
    assert unodc.name in _members(client, people.entity) and kenya.name in _guests(client, people.entity)
    assert escape(pillar.name) in page(client, people.entity, "documents").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        unodc.name = "An office renamed for a test"
        unodc.save()
        kenya.name = "A State renamed for a test"
        kenya.save()
        pillar.name = "A pillar renamed for a test"
        pillar.save()
    assert "An office renamed for a test (UNODC)" in _members(client, people.entity)
    assert "A State renamed for a test" in _guests(client, people.entity)
    assert "A pillar renamed for a test" in page(client, people.entity, "documents").content.decode()


def test_an_invitation_shows_and_goes_at_once(client, people, django_capture_on_commit_callbacks):
    assert "Norway" not in _guests(client, people.entity)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = WorkingGroupGuestFactory(working_group=reference_group("BMLE"), organization=reference_org("NO"))
    assert "Norway" in _guests(client, people.entity)
    with django_capture_on_commit_callbacks(execute=True):
        invitation.delete()
    assert "Norway" not in _guests(client, people.entity)


def test_an_invitation_that_ended_yesterday_is_gone_today_with_nothing_written(client, people, monkeypatch):
    last_day = dt.date(2031, 5, 4)
    WorkingGroupGuestFactory(
        working_group=reference_group("BMLE"), organization=reference_org("NO"), expires_on=last_day
    )
    evening = dt.datetime(2031, 5, 4, 23, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: evening)
    client.logout()
    assert "Norway" in _guests(client, people.entity)
    monkeypatch.setattr(timezone, "now", lambda: evening + dt.timedelta(hours=2))
    client.logout()  # two hours idle: signed in again
    assert "Norway" not in _guests(client, people.entity)
    assert [guest.organization.name for guest in WorkingGroupGuest.objects.current()] == ["Kenya"]


def test_whether_the_reader_leads_the_group_is_asked_of_the_database_not_the_cache(client, people):
    """The members shown may come from the cache; the showcase requests are offered by the policy itself."""
    response = page(client, people.entity)
    assert response.context["leads"] and "Showcase requests" in response.content.decode()
    # A write that sends no signal and moves nothing: the cache would still hold UNODC as a vice-chair.
    WorkingGroupMembership.objects.filter(
        working_group=reference_group("BMLE"), organization=reference_org("UNODC")
    ).update(role=Role.MEMBER)
    response = page(client, people.entity)
    assert not response.context["leads"] and "Showcase requests" not in response.content.decode()


def test_no_reader_is_shown_memberships_only_another_may_see(client, people, monkeypatch):
    """Were a reader's view of memberships narrowed, the cached members (everyone's) would never reach them,
    whichever of the two readers came first."""
    original = ReferenceQuerySet._visible_filter

    def narrowed(self, viewer):
        if self.model is WorkingGroupMembership and viewer.organization_kind == "member_state":
            return Q(role=Role.CHAIR)
        return original(self, viewer)

    monkeypatch.setattr(ReferenceQuerySet, "_visible_filter", narrowed)
    for first, second in ((people.entity, people.state), (people.state, people.entity)):
        for reader in (first, second):
            members = _members(client, reader)
            assert reference_org("CTED").name in members  # the chair
            assert (reference_org("UNODC").name in members) == (reader == people.entity)
