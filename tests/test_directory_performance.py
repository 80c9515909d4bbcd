"""The directory's page at a bounded cost: its rows, options and filter fields written in Python exactly as
its templates wrote them, the names it shows read from the cache (and never another reader's), forgotten
when they change, and a number of queries that does not grow with the rows."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.models import Q
from django.forms.renderers import get_default_renderer
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from platform_app.core.addresses import by_pk
from platform_app.core.formhtml import FormInPython
from platform_app.core.querysets import ReferenceQuerySet
from platform_app.core.viewer import viewer_for
from platform_app.directory import markup, views
from platform_app.directory.models import FocalPoint, Organization
from platform_app.directory.selectors import (
    Option,
    for_rows,
    organization_options,
    people_of,
    shared_names,
    with_names,
)
from platform_app.structure.models import Language, ThematicArea
from tests.factories import FocalPointFactory, OrganizationFactory, UserFactory, reference_org

# Every test reads the same people; they are built once for the module.
pytestmark = pytest.mark.shared_world

INDEX = reverse("directory:index")

# The templates the Python replaced, as they were: what it must keep writing.
ROWS_TEMPLATE = """{% load i18n %}{% for person in people %}{% with contact=person.contact %}
    <tr>
      <th scope="row">
        <a href="{% url 'directory:person' person.pk %}">{% if person.title %}<bdi>{{ person.title }}</bdi> {% endif %}<bdi>{{ person.user.get_full_name|default:person.user.username }}</bdi></a>
        {% if person.is_primary %}<span class="tag">{% translate "Main focal point" %}</span>{% endif %}
        {% if not person.is_active or not person.user.is_active %}<span class="tag status-deactivated">{% translate "Deactivated" %}</span>{% endif %}
      </th>
      <td data-label="{% translate 'Job title' %}"><bdi>{{ person.job_title }}</bdi>{% if person.department %}<br><span class="muted"><bdi>{{ person.department }}</bdi></span>{% endif %}</td>
      {% if show_organization %}<td data-label="{% translate 'Organization' %}"><a href="{% url 'directory:organization' person.organization_id %}"><bdi>{{ person.organization.display_name }}</bdi></a></td>
      <td class="optional" data-label="{% translate 'Kind' %}">{{ person.organization.get_kind_display }}</td>{% endif %}
      <td data-label="{% translate 'Email' %}">{% if contact.email %}<a href="mailto:{{ contact.email }}">{{ contact.email }}</a>{% if contact.email_hidden %} <span class="tag">{% translate "Hidden from others" %}</span>{% endif %}{% else %}<span class="muted">{% translate "Not listed" %}</span>{% endif %}</td>
      <td data-label="{% translate 'Phone' %}">{% if contact.phone or contact.mobile %}{% if contact.phone %}<a href="tel:{{ contact.phone|cut:' ' }}">{{ contact.phone }}</a>{% endif %}{% if contact.phone and contact.mobile %}<br>{% endif %}{% if contact.mobile %}{% blocktranslate with number=contact.mobile %}Mobile: {{ number }}{% endblocktranslate %}{% endif %}{% if contact.phone_hidden %} <span class="tag">{% translate "Hidden from others" %}</span>{% endif %}{% else %}<span class="muted">{% translate "Not listed" %}</span>{% endif %}</td>
      <td class="optional" data-label="{% translate 'Expertise' %}">{% for theme in person.expertise.all %}<bdi>{{ theme.name }}</bdi>{% if not forloop.last %}, {% endif %}{% endfor %}</td>
      <td class="optional" data-label="{% translate 'Languages' %}">{% for language in person.languages.all %}<bdi>{{ language.name }}</bdi>{% if not forloop.last %}, {% endif %}{% endfor %}</td>
    </tr>
    {% endwith %}{% endfor %}"""  # noqa: E501

OPTIONS_TEMPLATE = (
    '{% for option in options %}<option value="{{ option.value }}"{% if option.selected %} selected{% endif %}>'
    "{{ option.label }}</option>{% endfor %}"
)
GROUPS_TEMPLATE = (
    '{% for group, options in groups %}<optgroup label="{{ group }}">{% for option in options %}'
    '<option value="{{ option.value }}"{% if option.selected %} selected{% endif %}>{{ option.label }}</option>'
    "{% endfor %}</optgroup>{% endfor %}"
)

LANGUAGES = ["en", "fr", "ar"]
AWKWARD = 'O\'Brien & <Sons> "quoted"'


def _marked_people(organization: Organization) -> list[FocalPoint]:
    """People of every shape a row takes: titled or not, with a department, main focal point, contact
    details hidden or missing, phone and mobile, several themes and languages, awkward characters."""
    themes = list(ThematicArea.objects.order_by("slug")[:3])
    languages = list(Language.objects.order_by("code")[:3])
    common = {"organization": organization, "job_title": "Rows compared"}
    return [
        FocalPointFactory(
            **common,
            title="Dr.",
            department=AWKWARD,
            is_primary=True,
            phone="+254 20 555 0100",
            mobile="+254 700 555 0101",
            expertise=themes,
            languages=languages,
        ),
        FocalPointFactory(
            **common,
            title="",
            user=UserFactory(first_name=AWKWARD, last_name="Kamau"),
            hide_email=True,
            hide_phone=True,
        ),
        FocalPointFactory(**common, email="", phone="", mobile="+254 700 555 0199", expertise=themes[1:2]),
        FocalPointFactory(
            **common, phone="", mobile="", languages=languages[2:], user=UserFactory(first_name="", last_name="")
        ),
        FocalPointFactory(**common, is_active=False, title="Ms.", hide_phone=True, phone="+254 20 555 0102"),
    ]


def _readers(people):
    # The Secretariat reads hidden details, marked, and the people no longer in office; the others neither.
    return [people.secretariat, people.state, people.entity]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rows_are_written_as_the_template_wrote_them(language, people):
    organization = reference_org("KE")
    _marked_people(organization)
    with translation.override(language):
        for reader in _readers(people):
            viewer = viewer_for(reader)
            rows = people_of(reader).filter(job_title="Rows compared")
            expected_people = views.with_contacts(viewer, rows)
            assert len(expected_people) >= 4
            for show_organization in (True, False):
                expected = Template(ROWS_TEMPLATE).render(
                    Context({"people": expected_people, "show_organization": show_organization})
                )
                # As the directory reads them (names from the shared names) and as another page's
                # prefetched people come.
                read = with_names(views.with_contacts(viewer, for_rows(rows)))
                assert markup.people_rows_html(read, show_organization) == expected
                prefetched = views.with_contacts(viewer, rows)
                assert markup.people_rows_html(prefetched, show_organization) == expected


def test_options_are_written_as_the_template_wrote_them():
    options = [Option("1", AWKWARD, False), Option("2<", "Plain", True), Option("", "", False)]
    assert markup.options_html(options) == Template(OPTIONS_TEMPLATE).render(Context({"options": options}))
    groups = [(AWKWARD, options), ("Second", options[:1])]
    assert markup.grouped_options_html(groups) == Template(GROUPS_TEMPLATE).render(Context({"groups": groups}))


def _form(reader, query: str, prepared: bool):
    request = RequestFactory().get(INDEX + query)
    request.user = reader
    form = views.filtered_people(request).form
    if prepared:
        views.prepare_sidebar(form, shared_names())
    else:
        # As Django draws it, every choice read from the database by the field itself.
        form.renderer = get_default_renderer()
    return form


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "query",
    [
        "",
        f"?q={AWKWARD}&kind=entity&expertise=border-management&language=fr",
        "?kind=planet&expertise=nope&language=xx&q=" + "x" * 201,
        "?status=inactive&country=KEN",
    ],
)
def test_the_filter_fields_are_written_as_django_writes_them(language, query, people):
    with translation.override(language):
        for reader in (people.secretariat, people.state):
            django_form = _form(reader, query, prepared=False)
            form = _form(reader, query, prepared=True)
            assert isinstance(form.renderer, FormInPython)
            for name in form.fields:
                assert str(form[name]) == str(django_form[name]), name
                assert form[name].label_tag() == django_form[name].label_tag(), name
                assert form[name].errors == django_form[name].errors


def test_addresses_of_rows_are_those_reverse_gives():
    for name in ("directory:person", "directory:organization"):
        url = by_pk(name)
        for pk in (1, 7, 250, 123456789):
            assert url(pk) == reverse(name, kwargs={"pk": pk})


def _sidebar(client, reader, query=None) -> str:
    client.force_login(reader)
    text = client.get(INDEX, query or {}).content.decode()
    return text[text.index('<aside class="card facets"') : text.index("</aside>")]


def _tables(captured) -> set[str]:
    return {table for query in captured for table in re.findall(r'FROM "(\w+)"', query["sql"])}


def test_the_lists_of_the_filters_are_read_once_then_from_the_cache(people, client):
    client.force_login(people.state)
    client.get(INDEX)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(INDEX, {"q": "officer"})
    assert response.status_code == 200
    read = _tables(captured)
    assert not read & {"platform_app_organization", "platform_app_thematicarea", "platform_app_language"}, read


def test_the_queries_do_not_grow_with_the_rows_or_their_names(people, client, django_assert_max_num_queries):
    themes = list(ThematicArea.objects.all())
    languages = list(Language.objects.all())
    client.force_login(people.secretariat)
    FocalPointFactory(organization=reference_org("KE"), job_title="Grown list", expertise=themes[:1])
    client.get(INDEX, {"q": "Grown list"})
    with CaptureQueriesContext(connection) as few:
        assert client.get(INDEX, {"q": "Grown list"}).status_code == 200
    for index in range(30):
        FocalPointFactory(
            organization=OrganizationFactory(),
            job_title="Grown list",
            expertise=themes[index % 5 : index % 5 + 3],
            languages=languages[: index % 4],
            is_active=index % 7 != 0,
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(INDEX, {"q": "Grown list"})
    assert len(response.context["page"].object_list) == 25


def test_a_renamed_organization_theme_or_language_is_shown_by_its_new_name(
    people, client, django_capture_on_commit_callbacks
):
    unodc = reference_org("UNODC")
    theme = ThematicArea.objects.order_by("slug").first()
    french = Language.objects.get(code="fr")
    FocalPointFactory(organization=unodc, job_title="Renamed things", expertise=[theme], languages=[french])
    before = _sidebar(client, people.state)
    assert f">{unodc.display_name}</option>" in before
    with django_capture_on_commit_callbacks(execute=True):
        unodc.name = "An office renamed for a test"
        unodc.save()
        theme.name = "A theme renamed for a test"
        theme.save()
        french.name = "A language renamed for a test"
        french.save()
    text = client.get(INDEX, {"q": "Renamed things"}).content.decode()
    assert "An office renamed for a test (UNODC)</option>" in text
    assert ">A theme renamed for a test</option>" in text
    assert ">A language renamed for a test</option>" in text
    row = text[text.index("Renamed things") :]
    assert "<bdi>An office renamed for a test (UNODC)</bdi>" in row
    assert "<bdi>A theme renamed for a test</bdi>" in row and "<bdi>A language renamed for a test</bdi>" in row


def test_a_new_organization_is_offered_at_once(people, client, django_capture_on_commit_callbacks):
    _sidebar(client, people.state)
    with django_capture_on_commit_callbacks(execute=True):
        made = OrganizationFactory(name="An organization made for a test")
    assert f'<option value="{made.pk}">An organization made for a test' in _sidebar(client, people.state)


def test_no_reader_is_offered_organizations_only_another_may_see(people, client, monkeypatch):
    """Were a reader's view of organizations narrowed, the cached list (everyone's) would never reach them,
    whichever of the two readers came first."""
    original = ReferenceQuerySet._visible_filter

    def narrowed(self, viewer):
        if self.model is Organization and viewer.organization_kind == Organization.Kind.MEMBER_STATE:
            return Q(kind=Organization.Kind.ENTITY)
        return original(self, viewer)

    monkeypatch.setattr(ReferenceQuerySet, "_visible_filter", narrowed)
    african_union = Organization.objects.get(kind=Organization.Kind.REGIONAL_ORG, acronym="AU")
    unodc = reference_org("UNODC")
    for first, second in ((people.entity, people.state), (people.state, people.entity)):
        for reader in (first, second):
            text = _sidebar(client, reader)
            assert f'<option value="{unodc.pk}">' in text
            sees_all = reader == people.entity
            assert (f'<option value="{african_union.pk}">' in text) == sees_all
            assert ('<option value="KEN">' in text) == sees_all


def test_the_names_of_the_rows_follow_the_reader_language_with_english_where_none_is_given(people):
    theme = ThematicArea.objects.order_by("slug").first()
    theme.name_fr = ""
    theme.save()
    person = FocalPointFactory(
        organization=reference_org("KE"),
        expertise=list(ThematicArea.objects.all()),
        languages=list(Language.objects.all()),
    )
    rows = people_of(people.state).filter(pk=person.pk)
    for language in LANGUAGES:
        with translation.override(language):
            expected = next(iter(rows.all()))
            (named,) = with_names(list(for_rows(rows)))
            assert named.expertise_names == [area.name for area in expected.expertise.all()]
            assert named.language_names == [spoken.name for spoken in expected.languages.all()]
            assert named.organization_name == expected.organization.display_name
            assert theme.name_en in named.expertise_names or language != "fr"


def test_the_organization_select_offers_what_it_offered(people):
    """By kind and name, Member States only when one is chosen, as the select always did."""
    kenya = reference_org("KE")
    for chosen in (None, kenya, reference_org("UNODC")):
        groups = dict(organization_options(people.state, chosen))
        listed = [option.value for options in groups.values() for option in options]
        visible = Organization.objects.visible_to(people.state)
        expected = visible.exclude(kind=Organization.Kind.MEMBER_STATE)
        if chosen is not None:
            expected = visible.filter(Q(pk=chosen.pk) | ~Q(kind=Organization.Kind.MEMBER_STATE))
        assert sorted(listed) == sorted(str(pk) for pk in expected.values_list("pk", flat=True))
        assert [option.value for options in groups.values() for option in options if option.selected] == (
            [] if chosen is None else [str(chosen.pk)]
        )
