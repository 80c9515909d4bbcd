"""Forms people can use: long lists of choices become searchable pickers, the organizations of a
restricted audience show only for that audience, pillars carry their names, a form with errors opens
with a summary linking to each field, and a page with several forms never repeats an id."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from tablib import Dataset

from platform_app.accounts.forms import ProfileForm
from platform_app.calendar.forms import EventForm
from platform_app.calendar.models import Event
from platform_app.core.forms import CHECKBOXES_AT_MOST, SearchableSelectMultiple
from platform_app.countries.forms import EntryForm
from platform_app.cted.models import Recommendation
from platform_app.cted.responses import ProjectResponsesForm
from platform_app.library.forms import DocumentUploadForm
from platform_app.library.models import Document
from platform_app.projects.models import Project
from platform_app.projects.resources import ProjectResource, pillars_text
from platform_app.structure.models import Pillar, WorkingGroup
from platform_app.support.forms import RequestForm, RouteForm
from platform_app.templatetags.form_errors import error_summary
from tests.factories import (
    SAMPLE_PDF,
    PostFactory,
    ProjectFactory,
    RecommendationFactory,
    ShowcaseRequestFactory,
    reference_group,
    reference_org,
)
from workinggroups.forms import MeetingForm

pytestmark = [pytest.mark.django_db, pytest.mark.shared_world]


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def repeated_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return sorted(name for name, count in parser.ids.items() if count > 1)


def _page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- unique ids on pages with several forms ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "request_name"),
    [
        ("secretariat", "kenya_to_unodc"),  # routing and closing: each with a note
        ("secretariat", "kenya_submitted"),
        ("entity", "kenya_to_unodc"),  # making an offer
        ("state", "kenya_to_unodc"),  # deciding on the offer, closing
    ],
)
def test_a_support_request_page_repeats_no_id(client, people, world, role, request_name):
    item = world.objects["support-requests"][request_name]
    html = _page(client, people.roles()[role], reverse("support:request", args=[item.pk]))
    assert html.count("<form") >= 2
    assert repeated_ids(html) == []


def test_the_support_request_page_labels_each_note_for_its_own_form(client, people, world):
    item = world.objects["support-requests"]["kenya_to_unodc"]
    html = _page(client, people.secretariat, reverse("support:request", args=[item.pk]))
    notes = [value for value in _ids_of(html) if value.endswith("note")]
    assert len(notes) >= 2
    for note in notes:
        assert f'for="{note}"' in html


def _ids_of(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return list(parser.ids)


def _threads_url(short_name: str) -> str:
    # The threads with their reply forms: the group's discussion page, or its main page where it has none.
    try:
        return reverse("workinggroups:discussion", args=[short_name])
    except NoReverseMatch:
        return reverse("workinggroups:detail", args=[short_name])


@pytest.mark.parametrize("role", ["entity", "secretariat"])
def test_a_working_group_page_with_several_reply_forms_repeats_no_id(client, people, world, role):
    bmle = reference_group("BMLE")
    for title in ("First thread", "Second thread"):
        PostFactory(working_group=bmle, title=title, author=people.entity)
    html = _page(client, people.roles()[role], _threads_url("BMLE"))
    assert html.count('class="wg-reply"') >= 2
    assert repeated_ids(html) == []


def test_the_showcase_decision_page_repeats_no_id(client, people, world):
    showcase = ShowcaseRequestFactory()
    url = reverse("workinggroups:showcase_decide", args=["BMLE", showcase.pk])
    html = _page(client, people.secretariat, url)
    assert html.count("<form") >= 2
    assert repeated_ids(html) == []


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("entity", lambda world: reverse("library:document", args=[world.objects["documents"]["bmle"].pk])),
        ("secretariat", lambda world: reverse("library:document", args=[world.objects["documents"]["bmle"].pk])),
        ("entity", lambda world: reverse("account:profile")),
        ("entity", lambda world: reverse("calendar:month")),
        ("state", lambda world: reverse("cted:assessment", args=[world.objects["assessments"]["kenya"].pk])),
        ("entity", lambda world: reverse("support:index")),
    ],
)
def test_other_pages_with_forms_repeat_no_id(client, people, world, role, url):
    html = _page(client, people.roles()[role], url(world))
    assert repeated_ids(html) == []


def test_the_id_check_finds_a_repeated_id():
    assert repeated_ids('<p id="a"></p><input id="a"><b id="b">') == ["a"]


# --- long lists of choices are searchable --------------------------------------------------------------


def _searchable_fields(people):
    bmle = reference_group("BMLE")
    kenya = reference_org("KE")
    return [
        (DocumentUploadForm(user=people.entity, working_groups=WorkingGroup.objects.all()), "themes"),
        (DocumentUploadForm(user=people.entity, working_groups=WorkingGroup.objects.all()), "allowed_organizations"),
        (EventForm(user=people.entity), "themes"),
        (EventForm(user=people.entity), "countries"),
        (EventForm(user=people.entity), "allowed_organizations"),
        (RequestForm(state=kenya), "recommendations"),
        (RouteForm(), "organizations"),
        (EntryForm(), "allowed_organizations"),
        (ProfileForm(focal_point=people.entity.focal_point), "expertise"),
        (MeetingForm(documents=Document.objects.filter(working_group=bmle)), "documents"),
        (ProjectResponsesForm(visible=Recommendation.objects.all()), "recommendations"),
    ]


def test_themes_organizations_and_recommendations_are_searchable_lists(people):
    for form, name in _searchable_fields(people):
        assert isinstance(form.fields[name].widget, SearchableSelectMultiple), (type(form).__name__, name)
        html = str(form[name])
        select = re.search(r"<select [^>]*>", html).group(0)
        assert "multiple" in select and "data-searchable" in select, select
        widget_id = re.search(r' id="([^"]+)"', select).group(1)
        # Without JavaScript, a line says how to choose several; the picker's line waits, hidden.
        assert f'id="{widget_id}_howto"' in html
        assert "Hold Ctrl (or Cmd on a Mac) to choose several." in html
        assert re.search(r"<span data-with-js hidden>[^<]+</span>", html)
        described = re.search(r'aria-describedby="([^"]+)"', select).group(1).split()
        assert f"{widget_id}_howto" in described


def test_the_lines_under_a_list_are_in_the_readers_language(people):
    from django.utils import translation

    with translation.override("fr"):
        html = str(RouteForm()["organizations"])
    assert "Maintenez la touche Ctrl" in html
    assert "data-placeholder=" in html and "data-remove-label=" in html and "data-no-results=" in html


FORM_PAGES = [
    ("entity", lambda world: reverse("library:upload")),
    ("secretariat", lambda world: reverse("library:upload")),
    ("entity", lambda world: reverse("calendar:add")),
    ("state", lambda world: reverse("support:create")),
    (
        "secretariat",
        lambda world: reverse("support:request", args=[world.objects["support-requests"]["kenya_to_unodc"].pk]),
    ),
    ("state", lambda world: reverse("countries:entry_create", args=["KEN"])),
    ("entity", lambda world: reverse("account:profile")),
    ("entity", lambda world: reverse("workinggroups:meeting_create", args=["BMLE"])),
]


class _Checkboxes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.by_name: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "checkbox":
            self.by_name[attrs.get("name")] += 1


@pytest.mark.parametrize(("role", "url"), FORM_PAGES)
def test_no_form_offers_a_long_column_of_checkboxes(client, people, world, role, url):
    _many_recommendations(world)
    html = _page(client, people.roles()[role], url(world))
    parser = _Checkboxes()
    parser.feed(html)
    assert {name: count for name, count in parser.by_name.items() if count > CHECKBOXES_AT_MOST} == {}


def _many_recommendations(world):
    # Kenya's request form lists its recommendations: enough of them to be a long list.
    assessment = world.objects["assessments"]["kenya"]
    for number in range(2, 2 + CHECKBOXES_AT_MOST + 2):
        RecommendationFactory(assessment=assessment, number=number)


def test_the_pages_mark_their_long_lists_searchable(client, people, world):
    upload = _page(client, people.entity, reverse("library:upload"))
    for name in ("themes", "allowed_organizations"):
        assert re.search(rf'<select name="{name}"[^>]*data-searchable', upload), name
    assert '<label for="id_themes">' in upload
    request = world.objects["support-requests"]["kenya_to_unodc"]
    routing = _page(client, people.secretariat, reverse("support:request", args=[request.pk]))
    assert re.search(r'<select name="organizations"[^>]*data-searchable', routing)
    assert '<label for="route-organizations">' in routing


# --- the organizations of a restricted audience ------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "url", "controller", "value"),
    [
        ("entity", lambda: reverse("library:upload"), "visibility", "restricted"),
        ("secretariat", lambda: reverse("library:upload"), "visibility", "restricted"),
        ("entity", lambda: reverse("calendar:add"), "visibility", "restricted"),
        ("state", lambda: reverse("countries:entry_create", args=["KEN"]), "audience", "named"),
    ],
)
def test_the_organizations_field_says_which_audience_it_belongs_to(client, people, role, url, controller, value):
    html = _page(client, people.roles()[role], url())
    select = re.search(r'<select name="allowed_organizations"[^>]*>', html).group(0)
    assert f'data-shown-when="{controller}"' in select and f'data-shown-value="{value}"' in select
    # The answer it depends on is a control of the same form, with that value among its choices.
    assert re.search(rf'<input type="radio" name="{controller}" value="{value}"', html)
    # Without JavaScript nothing is hidden: the field is in the page as any other.
    field = html[: html.index(select)].rsplit('<div class="field', 1)[1]
    assert "hidden" not in field.split(">", 1)[0]


def test_organizations_named_for_another_audience_are_ignored_on_a_document(client, people):
    client.force_login(people.entity)
    data = {
        "title": "Guidance on border screening",
        "document_type": "guidance",
        "language": "en",
        "published_on": "2025-04-01",
        "working_group": reference_group("BMLE").pk,
        "visibility": "platform",
        "allowed_organizations": [reference_org("KE").pk],
        "file": SimpleUploadedFile("brief.pdf", SAMPLE_PDF, content_type="application/pdf"),
    }
    assert client.post(reverse("library:upload"), data).status_code == 302
    document = Document.objects.get(title="Guidance on border screening")
    assert document.visibility == "platform" and list(document.allowed_organizations.all()) == []


def test_organizations_named_for_another_audience_are_ignored_on_an_event(client, people):
    client.force_login(people.entity)
    data = {
        "title": "Border screening workshop",
        "kind": "workshop",
        "starts_at": "2026-05-04T10:00",
        "ends_at": "2026-05-04T12:30",
        "time_zone": "Europe/Vienna",
        "working_group": str(reference_group("BMLE").pk),
        "visibility": "platform",
        "allowed_organizations": [str(reference_org("KE").pk)],
    }
    assert client.post(reverse("calendar:add"), data).status_code == 302
    event = Event.objects.get(title="Border screening workshop")
    assert event.visibility == "platform" and list(event.allowed_organizations.all()) == []


# --- pillars with their names ---------------------------------------------------------------------------


def _option_labels(field) -> list[str]:
    return [str(label) for value, label in field.choices if value != ""]


def test_every_pillar_choice_names_the_pillar(people):
    names = {pillar.number: pillar.name for pillar in Pillar.objects.all()}
    expected = [f"Pillar {roman} — {names[number]}" for number, roman in enumerate(("I", "II", "III", "IV"), 1)]
    fields = [
        DocumentUploadForm(user=people.entity, working_groups=WorkingGroup.objects.all()).fields["pillars"],
        EventForm(user=people.entity).fields["pillars"],
        RequestForm(state=reference_org("KE")).fields["pillar"],
        EntryForm().fields["pillar"],
    ]
    for field in fields:
        assert _option_labels(field) == expected


def test_the_pillar_names_are_on_the_forms_and_in_the_filters(client, people):
    third = Pillar.objects.get(number=3)
    label = f"Pillar III — {third.name}"
    for url in (reverse("library:upload"), reverse("calendar:add"), reverse("calendar:list")):
        html = _page(client, people.entity, url)
        assert label.replace("'", "&#x27;") in html, url


def test_the_pillar_label_is_translated(people):
    from django.utils import translation

    with translation.override("fr"):
        labels = _option_labels(EntryForm().fields["pillar"])
    assert labels[0].startswith("Pilier I — ")


# --- the projects' spreadsheet names the pillars ---------------------------------------------------------


def test_the_project_spreadsheet_names_each_pillar_and_reads_it_back(people):
    project = ProjectFactory(code="P-PILLARS", lead_entity=reference_org("UNODC"))
    project.pillars.set(Pillar.objects.filter(number__in=(2, 4)))
    dataset = ProjectResource().export(queryset=Project.objects.filter(pk=project.pk))
    cell = dataset["pillars"][0]
    second, fourth = Pillar.objects.get(number=2), Pillar.objects.get(number=4)
    assert cell == f"Pillar II — {second.name}; Pillar IV — {fourth.name}"
    assert cell == pillars_text([fourth, second])

    result = ProjectResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert (result.totals["update"], result.totals["skip"]) == (0, 1)


@pytest.mark.parametrize(
    ("cell", "numbers"),
    [
        ("2; 4", {2, 4}),
        ("II; IV", {2, 4}),
        ("Pillar iii", {3}),
        ("Pilier III — Building States' capacity and strengthening the role of the United Nations", {3}),
        ("Preventing and combating terrorism", {2}),
        ("", set()),
    ],
)
def test_a_project_file_names_pillars_in_any_readable_way(people, cell, numbers):
    project = ProjectFactory(code="P-READ", lead_entity=reference_org("UNODC"))
    dataset = ProjectResource().export(queryset=Project.objects.filter(pk=project.pk))
    row = list(dataset[0])
    row[dataset.headers.index("pillars")] = cell
    edited = Dataset(row, headers=dataset.headers)
    result = ProjectResource().import_data(edited, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    assert set(Project.objects.get(pk=project.pk).pillars.values_list("number", flat=True)) == numbers


@pytest.mark.parametrize("cell", ["Pillar V", "7", "Pillar II — Ensuring human rights and the rule of law", "Border"])
def test_a_project_file_with_a_pillar_that_is_not_one_is_refused_with_the_cell(people, cell):
    project = ProjectFactory(code="P-BAD", lead_entity=reference_org("UNODC"))
    dataset = ProjectResource().export(queryset=Project.objects.filter(pk=project.pk))
    row = list(dataset[0])
    row[dataset.headers.index("pillars")] = cell
    result = ProjectResource().import_data(Dataset(row, headers=dataset.headers), dry_run=True)
    (invalid,) = result.invalid_rows
    assert cell in str(invalid.error_dict)


# --- the summary of errors -----------------------------------------------------------------------------


def _summary_links(html: str) -> list[str]:
    summary = re.search(
        r'<div class="error-summary" role="alert" tabindex="-1" data-error-summary>(.*?)</div>', html, re.S
    )
    assert summary, "no summary of errors"
    return re.findall(r'href="#([^"]+)"', summary.group(1))


def _assert_links_reach_controls(html: str, expected: set[str]) -> None:
    links = _summary_links(html)
    assert expected <= set(links), links
    for anchor in links:
        assert re.search(rf'<(input|select|textarea)[^>]* id="{re.escape(anchor)}"', html), anchor


def test_a_document_with_errors_opens_with_a_summary_linking_to_each_field(client, people):
    client.force_login(people.entity)
    data = {"title": "", "visibility": "nobody", "themes": ["999999"], "document_type": "report", "language": "en"}
    response = client.post(reverse("library:upload"), data)
    assert response.status_code == 200
    html = response.content.decode()
    _assert_links_reach_controls(html, {"id_file", "id_title", "id_visibility_0", "id_themes", "id_published_on"})
    assert "Files are not kept: choose the file again." in html


def test_an_event_with_errors_opens_with_a_summary(client, people):
    client.force_login(people.entity)
    response = client.post(reverse("calendar:add"), {"title": "", "visibility": "restricted", "themes": ["999999"]})
    assert response.status_code == 200
    _assert_links_reach_controls(response.content.decode(), {"id_title", "id_starts_at", "id_themes"})


def test_a_services_refusal_is_in_the_summary_linking_to_its_field(client, people):
    client.force_login(people.entity)
    data = {
        "title": "Closed consultation",
        "kind": "meeting",
        "starts_at": "2026-05-04T10:00",
        "ends_at": "2026-05-04T12:30",
        "time_zone": "Europe/Vienna",
        "working_group": str(reference_group("BMLE").pk),
        "visibility": "restricted",
    }
    response = client.post(reverse("calendar:add"), data)
    assert response.status_code == 200 and not Event.objects.filter(title="Closed consultation").exists()
    _assert_links_reach_controls(response.content.decode(), {"id_allowed_organizations"})


def test_a_support_request_with_errors_opens_with_a_summary(client, people):
    client.force_login(people.state)
    response = client.post(reverse("support:create"), {"title": "", "recommendations": ["999999"]})
    assert response.status_code == 200
    _assert_links_reach_controls(response.content.decode(), {"id_title", "id_needs", "id_recommendations"})


def test_the_summary_says_the_whole_forms_error_without_a_link(client, people, world):
    item = world.objects["support-requests"]["kenya_submitted"]
    client.force_login(people.secretariat)
    response = client.post(reverse("support:route", args=[item.pk]), {"note": "For whoever can help."})
    assert response.status_code == 400
    html = response.content.decode()
    summary = re.search(r"<div class=\"error-summary\"[^>]*data-error-summary>(.*?)</div>", html, re.S).group(1)
    assert "Choose at least one working group or entity." in summary and "href=" not in summary


def test_a_working_group_form_with_errors_opens_with_a_summary(client, people):
    client.force_login(people.entity)
    url = reverse("workinggroups:meeting_create", args=["BMLE"])
    response = client.post(url, {"title": "", "documents": ["999999"]})
    assert response.status_code in (200, 400)
    _assert_links_reach_controls(response.content.decode(), {"id_title", "id_starts_at", "id_documents"})


def test_a_form_without_errors_has_no_summary(client, people):
    html = _page(client, people.entity, reverse("library:upload"))
    assert "data-error-summary" not in html


def test_a_list_pages_filters_keep_their_own_report():
    class Filters(forms.Form):
        page = True  # as core.filters.ListFilterSet marks the form of a list's page
        year = forms.IntegerField(required=False)

        def clean(self):
            raise forms.ValidationError("Two filters contradict each other.")

    form = Filters({"year": "soon"})
    summary = error_summary(form)
    assert [entry.message for entry in summary.entries] == ["Two filters contradict each other."]
    assert summary.focus is False
    html = render_to_string("includes/form_errors.html", {"form": form})
    assert "data-error-summary" not in html and "href=" not in html


def test_a_field_with_two_errors_has_one_error_id():
    class Twice(forms.Form):
        name = forms.CharField(help_text="Your name.")

    form = Twice({"name": "x"})
    form.add_error("name", "First problem.")
    form.add_error("name", "Second problem.")
    html = render_to_string("includes/form.html", {"form": form})
    assert repeated_ids(html) == []
    assert html.count('id="id_name_error"') == 1
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert _summary_links(html) == ["id_name", "id_name"]


def test_a_group_of_choices_is_described_by_its_help_and_errors():
    class Choice(forms.Form):
        colour = forms.ChoiceField(choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect, help_text="Pick.")

    html = render_to_string("includes/form.html", {"form": Choice({})})
    assert '<fieldset aria-describedby="id_colour_helptext id_colour_error">' in html
    assert _summary_links(html) == ["id_colour_0"]
