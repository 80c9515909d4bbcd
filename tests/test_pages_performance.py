"""What a Member State's profile, the list of requests for tailored support and the notification centre cost
per row: the same queries and the same route lookups however many rows they show, each list's addresses
reversed once for the list, and a select of objects read in one plain query. The pages' HTML is what it
was (tests/portal/test_countries.py, test_support.py and test_notifications.py check what they show)."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.forms.models import ModelChoiceField
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.urls.resolvers import URLResolver
from django.utils import timezone, translation
from django.utils.text import Truncator

from platform_app.calendar.models import Event
from platform_app.core.addresses import by_pk
from platform_app.countries.markup import RecommendationRows, excerpt
from platform_app.countries.models import CountryEntry, EntryAttachment
from platform_app.countries.selectors import EVENTS, country_profile
from platform_app.cted.models import Recommendation
from platform_app.mail.services import record_notices
from platform_app.support.filters import SupportRequestFilterSet
from platform_app.support.models import SupportRequest
from platform_app.support.selectors import listed
from tests.factories import (
    CountryAssessmentFactory,
    CountryEntryFactory,
    DocumentFactory,
    EventFactory,
    ProjectFactory,
    RecommendationFactory,
    SupportRequestFactory,
    reference_org,
)

pytestmark = pytest.mark.django_db

PROFILE = reverse("countries:profile", kwargs={"iso3": "KEN"})
SUPPORT = reverse("support:index")
NOTIFICATIONS = reverse("notifications:index")


@contextmanager
def reversals():
    """Counts the routes reversed in the block, by `{% url %}` and `reverse` alike."""
    count = {"n": 0}
    original = URLResolver._reverse_with_prefix

    def counting(self, *args, **kwargs):
        count["n"] += 1
        return original(self, *args, **kwargs)

    with mock.patch.object(URLResolver, "_reverse_with_prefix", counting):
        yield count


def _cost(client, url: str) -> tuple[int, int, str]:
    """The queries and the route lookups of one request for `url` (after a first one, which writes the
    day's visit and fills the caches), and its HTML."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries, reversals() as reversed_routes:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), reversed_routes["n"], response.content.decode()


# --- the addresses of a list --------------------------------------------------------------------------------


def test_an_address_by_pk_is_the_one_reverse_gives():
    address = by_pk("cted:recommendation")
    for pk in (1, 7, 2147483647, 9_000_000_001):
        assert address(pk) == reverse("cted:recommendation", kwargs={"pk": pk})


def test_an_unknown_route_has_no_address_as_url_as_gives():
    assert by_pk("cted:no-such-page")(3) == ""


def test_a_list_reverses_its_route_once():
    with reversals() as count:
        address = by_pk("library:document")
        addresses = [address(pk) for pk in range(1, 101)]
    assert count["n"] == 1
    assert addresses[41] == reverse("library:document", args=[42])


# --- a Member State's profile -------------------------------------------------------------------------------


def _kenya_rows(n: int, start: int, author) -> None:
    """`n` rows more of each part of Kenya's profile: recommendations (in one more assessment), entries with a
    file each, projects, events and documents."""
    kenya = reference_org("KE")
    assessment = CountryAssessmentFactory(member_state=kenya)
    for number in range(start, start + n):
        RecommendationFactory(assessment=assessment, number=number)
    for i in range(n):
        entry = CountryEntryFactory(
            kind=CountryEntry.Kind.values[i % 3],
            title=f"Entry {start + i}",
            audience=CountryEntry.Audience.PLATFORM,
            created_by=author,
        )
        EntryAttachment.objects.create(entry=entry, file=f"countries/t/{start + i}.pdf", original_filename="n.pdf")
    ProjectFactory.create_batch(n, beneficiary_states=[kenya])
    soon = timezone.now() + timedelta(days=3)
    EventFactory.create_batch(n, countries=[kenya], starts_at=soon, ends_at=soon + timedelta(hours=2))
    DocumentFactory.create_batch(n, organization=kenya, version=None)


@pytest.mark.parametrize("role", ["secretariat", "state"])
def test_a_profile_costs_the_same_queries_and_route_lookups_for_21_rows_a_part_as_for_1(role, people, client):
    """The Secretariat sees every moderation link, Kenya's focal point every link to change an entry. (Up to 25
    rows a part: past that a part links to the rest of its list, one address more.)"""
    client.force_login(getattr(people, role))
    _kenya_rows(1, 1, people.state)
    few_queries, few_reversals, _html = _cost(client, PROFILE)
    _kenya_rows(20, 100, people.state)
    queries, reversed_routes, html = _cost(client, PROFILE)
    assert (queries, reversed_routes) == (few_queries, few_reversals)
    assert html.count('href="/cted/recommendations/') == 21
    assert html.count('href="/countries/attachments/') == 21
    change = "edit" if role == "state" else "moderate"
    assert len(re.findall(rf'href="/countries/entries/\d+/{change}/"', html)) == 21


def test_a_recommendations_row_reads_as_the_catalogue_writes_it(people, client):
    kenya = reference_org("KE")
    assessment = CountryAssessmentFactory(member_state=kenya)
    found = RecommendationFactory(assessment=assessment, number=12, text=" ".join(["word"] * 50))
    client.force_login(people.state)
    with translation.override("fr"):
        html = client.get(PROFILE, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        address = reverse("cted:recommendation", args=[found.pk])
        priority, status = found.get_priority_display(), found.get_status_display()
        heading = translation.gettext("Recommendation %(number)s") % {"number": 12}
    assert heading != "Recommendation 12"  # the French catalogue answers
    assert f'<th scope="row"><a href="{address}">{heading}</a></th>' in html
    assert f"<bdi>{' '.join(['word'] * 40)} …</bdi>" in html
    assert f'<td data-label="Priorité">{priority}</td>' in html
    assert f'<span class="tag status-{found.status}">{status}</span>' in html


# The loop of countries/profile.html that countries/markup.py replaced, as it was: what it must keep writing.
RECOMMENDATIONS_TEMPLATE = """{% load i18n %}{% for recommendation in recommendations %}
        {% url 'cted:recommendation' pk=recommendation.pk as recommendation_url %}
        <tr>
          <th scope="row">{% if recommendation_url %}<a href="{{ recommendation_url }}">{% blocktranslate with number=recommendation.number %}Recommendation {{ number }}{% endblocktranslate %}</a>{% else %}{{ recommendation.number }}{% endif %}</th>
          <td data-label="{% translate 'Recommendation' %}"><bdi>{{ recommendation.text|truncatewords:40 }}</bdi></td>
          <td data-label="{% translate 'Thematic area' %}"><bdi>{{ recommendation.thematic_area.name }}</bdi></td>
          <td data-label="{% translate 'Priority' %}">{{ recommendation.get_priority_display }}</td>
          <td data-label="{% translate 'Status' %}"><span class="tag status-{{ recommendation.status }}">{{ recommendation.get_status_display }}</span></td>
        </tr>
        {% endfor %}"""  # noqa: E501


def _normalized(html: str) -> str:
    """The loop wrote a blank line (its `{% url %}`) before each row: the same HTML, but for that."""
    return re.sub(r"\n\s*\n", "\n", html)


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_rows_of_recommendations_are_those_the_template_wrote(language, reference):
    assessment = CountryAssessmentFactory(member_state=reference_org("KE"))
    texts = [
        "Short & <plain>.",
        " ".join(f"word{i}" for i in range(55)),
        "Forty words and an ellipsis: " + " ".join(["w"] * 33) + " …",
        " ".join(["x"] * 39) + "\n\n tail  words",
    ]
    for number, text in enumerate(texts, start=1):
        RecommendationFactory(assessment=assessment, number=number * 499, text=text)
    rows = list(Recommendation.objects.filter(assessment=assessment).select_related("thematic_area"))
    with translation.override(language):
        expected = Template(RECOMMENDATIONS_TEMPLATE).render(Context({"recommendations": rows}))
        written = RecommendationRows()(rows)
    assert written.count("<tr>") == len(texts)
    assert _normalized(written) == _normalized(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "one",
        "  spaced\tout\nwords  ",
        " ".join(["w"] * 40),
        " ".join(["w"] * 41),
        " ".join(["w"] * 39 + ["…", "z"]),
    ],
)
def test_an_excerpt_is_cut_as_truncatewords_cuts(text):
    assert excerpt(text) == Truncator(text).words(40, truncate=" …")


def test_a_profile_shows_the_next_and_the_last_events_the_reader_may_see(people):
    """The events' one query keeps what two did: the EVENTS next by start (then by id), the EVENTS last
    ended latest first, an event under way among the next, none the reader may not see."""
    kenya = reference_org("KE")
    now = timezone.now()
    for days in [*range(1, 14), 5, 5]:  # 13 to come, two more starting on a day some others start on
        EventFactory(
            countries=[kenya], starts_at=now + timedelta(days=days), ends_at=now + timedelta(days=days, hours=1)
        )
    for days in [*range(1, 14), 2]:
        EventFactory(
            countries=[kenya],
            starts_at=now - timedelta(days=days),
            ends_at=now - timedelta(days=days) + timedelta(hours=1),
        )
    EventFactory(countries=[kenya], starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))  # under way
    EventFactory(countries=[reference_org("NO")], starts_at=now + timedelta(hours=2), ends_at=now + timedelta(hours=3))
    hidden = EventFactory(
        countries=[kenya],
        starts_at=now + timedelta(minutes=30),
        ends_at=now + timedelta(hours=1),
        visibility="restricted",
        allowed_organizations=[reference_org("UNODC")],
    )
    shown = country_profile(people.state, kenya)
    events = Event.objects.visible_to(people.state).filter(countries=kenya)
    soonest = list(events.filter(ends_at__gte=now).order_by("starts_at", "pk")[:EVENTS])
    latest = list(events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:EVENTS])

    def page(event) -> str:  # the events are read as calendar entries, each naming its page
        return reverse("calendar:event", args=[event.pk])

    assert [entry.url for entry in shown.upcoming_events] == [page(event) for event in soonest]
    assert [entry.url for entry in shown.past_events] == [page(event) for event in latest]
    assert len(shown.upcoming_events) == len(shown.past_events) == EVENTS
    assert page(hidden) not in [entry.url for entry in shown.upcoming_events]
    assert shown.upcoming_events[0].starts_at < now  # the one under way comes first


# --- the requests for tailored support ----------------------------------------------------------------------


def test_the_list_of_requests_costs_the_same_for_25_rows_as_for_2(people, client):
    client.force_login(people.secretariat)
    SupportRequestFactory.create_batch(2)
    few = _cost(client, SUPPORT)
    SupportRequestFactory.create_batch(30, urgency=SupportRequest.Urgency.URGENT)
    queries, reversed_routes, html = _cost(client, SUPPORT)
    assert (queries, reversed_routes) == few[:2]
    assert html.count('<td class="stack-title"><a href="/support/') == 25


@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_a_requests_row_shows_what_the_templates_filters_wrote(language, reference):
    SupportRequestFactory(urgency=SupportRequest.Urgency.URGENT)
    SupportRequestFactory.create_batch(2, member_state=reference_org("NO"))
    written = Template("{% load figures %}{{ item.created_at|date:'c' }}|{{ item.created_at|local_date }}")
    requests = SupportRequest.objects.select_related("member_state", "thematic_area")
    with translation.override(language), timezone.override("Asia/Tokyo"):
        for row in listed(requests):
            assert f"{row.filed_at}|{row.filed_on}" == written.render(Context({"item": row}))
            assert (row.state_name, row.theme_name) == (row.member_state.name, row.thematic_area.name)
            assert (row.urgency_label, row.status_label) == (row.get_urgency_display(), row.get_status_display())
            assert row.url == reverse("support:request", args=[row.pk])


def _sidebar(query: dict, faster: bool) -> str:
    form = SupportRequestFilterSet(query, SupportRequest.objects.all(), page=True).form
    form.is_valid()
    if not faster:  # the options as Django's own iterator reads them
        for field in form.fields.values():
            if isinstance(field, ModelChoiceField):
                field.widget.choices = field.choices
    return "".join(str(form[name]) for name in form.fields)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"thematic_area": "border-management", "status": "routed"},
        {"thematic_area": "no-such-theme", "urgency": "x"},
    ],
)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_sidebars_options_are_those_its_fields_draw(query, language, reference):
    with translation.override(language):
        assert _sidebar(query, faster=True) == _sidebar(query, faster=False)


def test_the_sidebars_options_take_one_query(reference):
    form = SupportRequestFilterSet({}, SupportRequest.objects.all(), page=True).form
    with CaptureQueriesContext(connection) as queries:
        html = str(form["thematic_area"])
        assert str(form["thematic_area"]) == html  # drawn again: read once
    assert len(queries) == 1
    assert "DECLARE" not in queries[0]["sql"]
    assert html.count("<option") == 1 + form.fields["thematic_area"].queryset.count()


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="server-side cursors are PostgreSQL's"
)
def test_the_list_of_requests_opens_no_server_side_cursor(people, client):
    client.force_login(people.state)
    SupportRequestFactory.create_batch(2)
    client.get(SUPPORT)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SUPPORT).status_code == 200
    assert not [query for query in queries if "DECLARE" in query["sql"]]


# --- the notification centre --------------------------------------------------------------------------------


def _notices(user, count: int) -> None:
    """`count` notifications of each kind the centre shows: documents, events, support requests, and a
    reconfirmation round (which links to the person's organization)."""
    kenya = reference_org("KE")
    for _ in range(count):
        document = DocumentFactory()
        record_notices([user], kind="document", object_id=document.pk, title=document.title, path="/library/")
        event = EventFactory()
        record_notices([user], kind="reminder", object_id=event.pk, title=event.title, path="/calendar/")
        request = SupportRequestFactory()
        record_notices(
            [user], kind="support", object_id=request.pk, occasion="step:1", action="filed", title="R", path="/"
        )
        record_notices(
            [user], kind="reconfirmation", object_id=kenya.pk, occasion=f"round:{request.pk}", title="K", path="/"
        )


def test_the_centre_costs_the_same_for_24_notifications_as_for_4(people, client):
    client.force_login(people.state)
    _notices(people.state, 1)
    few = _cost(client, NOTIFICATIONS)
    _notices(people.state, 5)
    queries, reversed_routes, html = _cost(client, NOTIFICATIONS)
    assert (queries, reversed_routes) == few[:2]
    assert html.count('class="notice-read"') == 24
    assert len(re.findall(r'href="/notifications/\d+/open/"', html)) == 24
