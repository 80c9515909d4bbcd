"""The Secretariat's admin: every registered model opens cheaply, inlines, roles, spreadsheets, history."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms import MultiWidget
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from import_export.formats import base_formats
from tablib import Dataset

from newsletters.models import (
    Delivery,
    FrozenFigure,
    NewsletterIssue,
    NewsletterItem,
    NewsletterSection,
    Subscription,
)
from platform_app.accounts.models import ApiToken, User, UserSession
from platform_app.accounts.roles import check_account_change
from platform_app.accounts.tokens import token_create
from platform_app.calendar.models import Event
from platform_app.core.models import AuditEvent, Deletion, DeletionReader, TaskFailure
from platform_app.core.viewer import CTED, SECRETARIAT
from platform_app.countries.models import CountryEntry, CountryPage, EntryAttachment
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.cted.resources import RecommendationResource
from platform_app.directory.models import FocalPoint, Organization
from platform_app.directory.resources import FocalPointResource, OrganizationResource
from platform_app.library.models import Document, DocumentText, DocumentVersion
from platform_app.mail.models import EmailDelivery, Notification
from platform_app.metrics.models import DailyVisitor, DailyVisitTotal, MetricSnapshot
from platform_app.projects.models import Appeal, AppealProject, Project
from platform_app.projects.resources import ProjectResource
from platform_app.structure.models import (
    Language,
    Pillar,
    ThematicArea,
    WorkingGroup,
    WorkingGroupGuest,
    WorkingGroupMembership,
)
from platform_app.support.models import SupportOffer, SupportRequest, SupportRouting, SupportStep
from workinggroups.models import (
    AgendaItem,
    CoordinationCommittee,
    CoordinationCommitteeMeeting,
    Meeting,
    Post,
    ShowcaseRequest,
    WorkplanActivity,
)

pytestmark = pytest.mark.django_db

# Any admin page of the platform fits in this many queries, however many rows there are.
QUERY_BOUND = 25
# More rows than the bound, so a query per row cannot hide under it.
ROWS = 30
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OUR_APPS = ("platform_app", "workinggroups", "newsletters")
REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def add_document(client, file):
    """The admin's page for a new document, "Annual report" of UNOCT, sent with one version holding `file`."""
    return client.post(
        url(Document, "add"),
        {
            "title": "Annual report",
            "document_type": "report",
            "language": "en",
            "published_on": "2026-01-05",
            "organization": Organization.objects.get(acronym="UNOCT").pk,
            "visibility": "platform",
            "versions-TOTAL_FORMS": "1",
            "versions-INITIAL_FORMS": "0",
            "versions-MIN_NUM_FORMS": "0",
            "versions-MAX_NUM_FORMS": "1000",
            "versions-0-number": "1",
            "versions-0-file": file,
        },
    )


@pytest.fixture
def secretariat(reference):
    user = User.objects.create_superuser("secretariat.test", "secretariat.test@example.org", "unused-password-2026")
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    return user


@pytest.fixture
def cted_analyst(reference):
    user = User.objects.create_user(
        "cted.test", "cted.test@example.org", "unused-password-2026", is_staff=True, first_name="Chidi"
    )
    user.groups.add(Group.objects.get(name=CTED))
    FocalPoint.objects.create(user=user, organization=Organization.objects.get(acronym="CTED"))
    return user


@pytest.fixture
def populated(reference, secretariat):
    """At least ROWS rows of every model the reference data leaves short, with their relations set."""
    entities = list(Organization.objects.filter(kind="entity").order_by("acronym"))
    states = list(Organization.objects.filter(kind="member_state").order_by("iso_alpha3"))
    groups = list(WorkingGroup.objects.order_by("number"))
    themes = list(ThematicArea.objects.order_by("name"))
    english = Language.objects.get(code="en")
    pick = lambda items, i: items[i % len(items)]  # noqa: E731

    users = User.objects.bulk_create(
        User(username=f"person{i}", email=f"person{i}@example.org", first_name=f"First{i}", last_name=f"Last{i}")
        for i in range(ROWS)
    )
    focal_points = FocalPoint.objects.bulk_create(
        FocalPoint(user=user, organization=(entities + states)[i], job_title="Officer", email=user.email)
        for i, user in enumerate(users)
    )
    for focal_point in focal_points[:5]:
        focal_point.expertise.add(pick(themes, focal_point.pk), pick(themes, focal_point.pk + 1))
        focal_point.languages.add(english)
    FocalPoint.objects.filter(pk__in=[fp.pk for fp in focal_points[:10]]).update(
        confirmed_at=START + timedelta(microseconds=123456)
    )
    documents = Document.objects.bulk_create(
        Document(
            title=f"Report {i}",
            language=english,
            organization=pick(entities, i),
            working_group=pick(groups, i) if i % 2 else None,
            uploaded_by=pick(users, i),
            published_on=date(2025, 1, 1) + timedelta(days=i),
        )
        for i in range(ROWS)
    )
    versions = DocumentVersion.objects.bulk_create(
        DocumentVersion(
            document=document,
            number=1,
            file=f"documents/00/{document.pk}.pdf",
            original_filename=f"report-{document.pk}.pdf",
            size=1000 + document.pk,
            uploaded_by=document.uploaded_by,
        )
        for document in documents
    )
    DocumentText.objects.bulk_create(
        DocumentText(version=version, status=DocumentText.Status.DONE, content=f"Text {i}", words=2)
        for i, version in enumerate(versions)
    )
    events = Event.objects.bulk_create(
        Event(
            title=f"Meeting {i}",
            starts_at=START + timedelta(days=i),
            ends_at=START + timedelta(days=i, hours=2),
            working_group=pick(groups, i) if i % 3 else None,
            created_by=pick(users, i),
        )
        for i in range(ROWS)
    )
    projects = Project.objects.bulk_create(
        Project(
            code=f"P-{i:03}",
            title=f"Project {i}",
            lead_entity=pick(entities, i),
            budget=Decimal(1000 * i) + Decimal("0.50"),
            start_date=date(2025, 1, 1) + timedelta(days=i),
            end_date=date(2027, 1, 1),
        )
        for i in range(ROWS)
    )
    appeals = Appeal.objects.bulk_create(
        Appeal(title=f"Appeal {1990 + i}", start_year=1990 + i, end_year=1993 + i) for i in range(ROWS)
    )
    AppealProject.objects.bulk_create(
        AppealProject(appeal=pick(appeals, i), project=project, requirement=Decimal(5000))
        for i, project in enumerate(projects)
    )
    for project in projects[:5]:
        project.partners.add(*entities[:3], states[0])
        project.beneficiary_states.add(*states[:2])
        project.themes.add(*themes[:2])
        project.pillars.add(*Pillar.objects.all()[:2])
    assessments = CountryAssessment.objects.bulk_create(
        CountryAssessment(
            member_state=state, visit_start=date(2024, 1, 1) + timedelta(days=i), sharing_decided_by=users[0]
        )
        for i, state in enumerate(states[:ROWS])
    )
    Recommendation.objects.bulk_create(
        Recommendation(assessment=assessment, number=n, thematic_area=pick(themes, i + n), text=f"Do {n}")
        for i, assessment in enumerate(assessments)
        for n in (1, 2)
    )
    for recommendation in Recommendation.objects.filter(number=1)[:5]:
        recommendation.responding_projects.add(*projects[:2])
    DailyVisitTotal.objects.bulk_create(
        DailyVisitTotal(date=date(2026, 1, 1) + timedelta(days=i), visits=10 + i, unique_visitors=5)
        for i in range(ROWS)
    )
    visitor = User.objects.order_by("pk").first()
    DailyVisitor.objects.bulk_create(
        DailyVisitor(date=date(2026, 1, 1) + timedelta(days=i), user=visitor, visits=3) for i in range(ROWS)
    )
    MetricSnapshot.objects.bulk_create(
        MetricSnapshot(as_of=START + timedelta(days=i), entities=46, member_states=137) for i in range(ROWS)
    )
    deliveries = EmailDelivery.objects.bulk_create(
        EmailDelivery(
            key=f"admin-test:{i}",
            kind="digest",
            recipient=pick(users, i),
            address=f"person{i}@example.org",
            subject=f"Digest {i}",
            body_text="News",
        )
        for i in range(ROWS)
    )
    Notification.objects.bulk_create(
        Notification(
            user=pick(users, i),
            kind="document",
            object_id=i,
            working_group=pick(groups, i),
            title=f"Item {i}",
            path="/",
            delivery=pick(deliveries, i),
        )
        for i in range(ROWS)
    )
    TaskFailure.objects.bulk_create(
        TaskFailure(task_name="platform_app.tasks.send_digests", exception=f"Error {i}") for i in range(ROWS)
    )

    WorkingGroupGuest.objects.bulk_create(
        WorkingGroupGuest(working_group=pick(groups, i), organization=state, invited_by=pick(users, i))
        for i, state in enumerate(states[:ROWS])
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            working_group=pick(groups, i),
            title=f"WG meeting {i}",
            starts_at=START + timedelta(days=i),
            ends_at=START + timedelta(days=i, hours=3),
            created_by=pick(users, i),
        )
        for i in range(ROWS)
    )
    WorkplanActivity.objects.bulk_create(
        WorkplanActivity(working_group=pick(groups, i), title=f"Activity {i}", lead_organization=pick(entities, i))
        for i in range(ROWS)
    )
    threads = Post.objects.bulk_create(
        Post(working_group=pick(groups, i), author=pick(users, i), title=f"Thread {i}", body="Hello")
        for i in range(ROWS)
    )
    Post.objects.bulk_create(
        Post(working_group=thread.working_group, author=pick(users, i + 1), parent=thread, body="Reply")
        for i, thread in enumerate(threads)
    )
    committee = CoordinationCommittee.objects.get()
    CoordinationCommitteeMeeting.objects.bulk_create(
        CoordinationCommitteeMeeting(
            committee=committee,
            number=100 + i,
            title=f"Meeting {100 + i}",
            held_on=date(2020, 1, 1) + timedelta(days=i),
        )
        for i in range(ROWS)
    )

    issues = NewsletterIssue.objects.bulk_create(
        NewsletterIssue(
            title=f"Compact in Review {i}",
            slug=f"issue-{i}",
            period_start=date(2010, 1, 1) + timedelta(days=61 * i),
            period_end=date(2010, 2, 28) + timedelta(days=61 * i),
            published_by=users[0],
        )
        for i in range(ROWS)
    )
    sections = NewsletterSection.objects.bulk_create(
        NewsletterSection(issue=issue, kind=NewsletterSection.Kind.WHATS_NEW) for issue in issues
    )
    NewsletterItem.objects.bulk_create(
        NewsletterItem(
            section=section,
            text=f"Item {i}",
            event=pick(events, i),
            meeting=pick(meetings, i),
            document=pick(documents, i),
        )
        for i, section in enumerate(sections)
    )
    FrozenFigure.objects.bulk_create(
        FrozenFigure(issue=issue, key="entities", label="Compact entities", value=46) for issue in issues
    )
    subscriptions = Subscription.objects.bulk_create(
        Subscription(email=user.email, user=user, unsubscribe_token=f"token-{user.pk}") for user in users
    )
    Delivery.objects.bulk_create(
        Delivery(issue=pick(issues, i), subscription=subscription) for i, subscription in enumerate(subscriptions)
    )
    for user in users:
        token_create(user=user, name=f"System of {user.username}", created_by=secretariat)
    UserSession.objects.bulk_create(UserSession(user=user, session_key=f"session-{user.pk}") for user in users)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            kind=pick(AuditEvent.Kind.values, i),
            user=user,
            username=user.username,
            ip_address=f"192.0.2.{i + 1}",
            path=f"/library/{i}/",
            status=200,
            object_type="platform_app.document",
            object_id=str(pick(documents, i).pk),
            object_repr=pick(documents, i).title,
        )
        for i, user in enumerate(users)
    )

    pages = CountryPage.objects.bulk_create(
        CountryPage(member_state=state, overview=f"Overview {i}", updated_by=users[0])
        for i, state in enumerate(states[:ROWS])
    )
    entries = CountryEntry.objects.bulk_create(
        CountryEntry(
            page=page,
            kind=pick(CountryEntry.Kind.values, i),
            title=f"Entry {i}",
            text="Text",
            dated_on=date(2026, 1, 1) + timedelta(days=i),
            thematic_area=pick(themes, i),
            created_by=pick(users, i),
        )
        for i, page in enumerate(pages)
    )
    EntryAttachment.objects.bulk_create(
        EntryAttachment(entry=entry, file=f"countries/00/{entry.pk}.pdf", original_filename="note.pdf", size=10)
        for entry in entries
    )
    pillars = list(Pillar.objects.all())
    support_requests = SupportRequest.objects.bulk_create(
        SupportRequest(
            member_state=state,
            title=f"Request {i}",
            needs="Training",
            thematic_area=pick(themes, i),
            pillar=pick(pillars, i),
            filed_by=pick(users, i),
        )
        for i, state in enumerate(states[:ROWS])
    )
    for support_request in support_requests[:5]:
        support_request.recommendations.add(
            *Recommendation.objects.filter(assessment__member_state=support_request.member_state)
        )
        support_request.working_groups.add(*groups[:2])
    steps = SupportStep.objects.bulk_create(
        SupportStep(request=r, action="routed", status="routed", actor=secretariat, note="Routed")
        for r in support_requests
    )
    SupportRouting.objects.bulk_create(
        SupportRouting(request=step.request, organization=pick(entities, i), routed_by=secretariat, step=step)
        for i, step in enumerate(steps)
    )
    offers = SupportOffer.objects.bulk_create(
        SupportOffer(request=r, organization=pick(entities, i), description="Help", project=pick(projects, i))
        for i, r in enumerate(support_requests)
    )
    SupportStep.objects.bulk_create(
        SupportStep(request=offer.request, offer=offer, action="offered", status="offered", actor=pick(users, i))
        for i, offer in enumerate(offers)
    )
    agenda_items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=1, title=f"Showcase {i}", presenter=pick(states, i), duration_minutes=20)
        for i, meeting in enumerate(meetings)
    )
    ShowcaseRequest.objects.bulk_create(
        ShowcaseRequest(
            member_state=state,
            working_group=pick(groups, i),
            title=f"Showcase {i}",
            summary="Our efforts",
            requested_by=pick(users, i),
            **(
                {"status": "scheduled", "agenda_item": agenda_items[i], "decided_by": secretariat, "decided_at": START}
                if i % 2
                else {}
            ),
        )
        for i, state in enumerate(states[:ROWS])
    )
    deletions = Deletion.objects.bulk_create(Deletion(kind="documents", object_id=1000 + i) for i in range(ROWS))
    DeletionReader.objects.bulk_create(
        DeletionReader(deletion=deletion, organization_id=pick(states, i).pk) for i, deletion in enumerate(deletions)
    )


def test_every_model_of_the_platform_is_registered():
    for app_label in OUR_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical"):
                assert model not in admin.site._registry, f"{model._meta.label} is history, not edited directly"
            else:
                assert model in admin.site._registry, f"{model._meta.label} has no admin"


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_changelist_and_add_page_stay_within_a_fixed_number_of_queries(
    client, populated, secretariat, model, model_admin, monkeypatch, django_assert_max_num_queries
):
    client.force_login(secretariat)
    client.get(url(model, "changelist"))  # warms per-process caches (content types)

    monkeypatch.setattr(model_admin, "list_per_page", 1)
    with CaptureQueriesContext(connection) as first_row_only:
        assert client.get(url(model, "changelist")).status_code == 200
    one_row = len(first_row_only)

    monkeypatch.setattr(model_admin, "list_per_page", 100)
    with django_assert_max_num_queries(QUERY_BOUND) as captured:
        response = client.get(url(model, "changelist"))
    assert response.status_code == 200
    shown = len(response.context_data["cl"].result_list)
    # A page of many rows costs what a page of one row costs: nothing is fetched per row.
    assert len(captured) == one_row, (
        f"{model._meta.label}: {one_row} queries for one row, {len(captured)} for {shown}:\n"
        + "\n".join(query["sql"] for query in captured.captured_queries)
    )
    if model._meta.app_label in OUR_APPS and model is not CoordinationCommittee:
        assert shown > 1, f"{model._meta.label}: the changelist should show several rows for this test to mean much"

    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(url(model, "add"))
    # Records the platform writes by itself (deliveries, failures) are never typed in.
    assert response.status_code == (200 if model_admin.has_add_permission(response.wsgi_request) else 403)


@pytest.mark.parametrize(("model", "expected_rows"), [(Organization, 100), (WorkingGroupMembership, 100)])
def test_big_reference_tables_page_by_hundred_with_few_queries(
    client, secretariat, model, expected_rows, django_assert_max_num_queries
):
    client.force_login(secretariat)
    client.get(url(model, "changelist"))
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(url(model, "changelist"))
    changelist = response.context_data["cl"]
    assert changelist.result_count > expected_rows
    assert len(changelist.result_list) == expected_rows


def test_the_working_group_page_edits_its_memberships_and_guests(client, secretariat):
    client.force_login(secretariat)
    group = WorkingGroup.objects.get(short_name="BMLE")
    response = client.get(url(WorkingGroup, "change", group.pk))
    assert response.status_code == 200
    formsets = {inline.formset.model: inline.formset for inline in response.context["inline_admin_formsets"]}
    assert set(formsets) == {WorkingGroupMembership, WorkingGroupGuest}
    assert len(formsets[WorkingGroupMembership].forms) == group.memberships.count() > 0
    page = response.content.decode()
    assert "memberships-TOTAL_FORMS" in page and "UNODC" in page


def test_the_assessment_page_edits_its_recommendations(client, secretariat, populated):
    client.force_login(secretariat)
    assessment = CountryAssessment.objects.first()
    response = client.get(url(CountryAssessment, "change", assessment.pk))
    assert response.status_code == 200
    (inline,) = response.context["inline_admin_formsets"]
    assert inline.formset.model is Recommendation
    assert len(inline.formset.forms) == assessment.recommendations.count() == 2
    assert "recommendations-TOTAL_FORMS" in response.content.decode()


@pytest.mark.parametrize(
    ("model", "inline_models"),
    [
        (Document, {DocumentVersion}),
        (Appeal, {AppealProject}),
        (NewsletterIssue, {NewsletterSection, FrozenFigure}),
        (NewsletterSection, {NewsletterItem}),
        (CoordinationCommittee, {CoordinationCommitteeMeeting}),
        (Organization, {FocalPoint}),
    ],
)
def test_other_pages_edit_their_parts_together(client, secretariat, populated, model, inline_models):
    client.force_login(secretariat)
    obj = (
        model.objects.filter(pk__in=FocalPoint.objects.values("organization")).first()
        if model is Organization
        else model.objects.first()
    )
    response = client.get(url(model, "change", obj.pk))
    assert response.status_code == 200
    assert {inline.formset.model for inline in response.context["inline_admin_formsets"]} == inline_models
    assert all(len(inline.formset.forms) > 0 for inline in response.context["inline_admin_formsets"])


def test_a_cted_analyst_edits_assessments_and_nothing_else(client, cted_analyst, populated):
    client.force_login(cted_analyst)
    assert client.get(url(CountryAssessment, "changelist")).status_code == 200
    assert client.get(url(Recommendation, "add")).status_code == 200
    assert client.get(url(Organization, "changelist")).status_code == 200  # read-only
    assert client.get(url(Document, "changelist")).status_code == 403
    assert client.get(url(Organization, "add")).status_code == 403
    assert client.get(url(FocalPoint, "changelist")).status_code == 403
    # Import writes, so reading organizations is not enough; nor is the "revert" of the history view.
    assert client.get(url(Organization, "import")).status_code == 403
    kenya = Organization.objects.get(iso_alpha3="KEN")
    version = kenya.history.latest()
    response = client.post(url(Organization, "simple_history", kenya.pk, version.pk), {"name": "Renamed"})
    assert response.status_code == 403
    kenya.refresh_from_db()
    assert kenya.name == "Kenya"
    assert client.get(url(FocalPoint, "export")).status_code == 403


def change_form_data(response) -> dict:
    """What the browser would post back unchanged from an admin change page."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if isinstance(bound.field.widget, MultiWidget):  # date and time posted as two inputs
                for index, part in enumerate(bound.field.widget.decompress(value)):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else part
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif value is not None:
                data[bound.html_name] = value
    return data


def test_an_admin_change_shows_in_the_history_page(client, secretariat):
    client.force_login(secretariat)
    unodc = Organization.objects.get(acronym="UNODC")
    data = change_form_data(client.get(url(Organization, "change", unodc.pk)))
    data["description"] = "Custodian of the counter-terrorism conventions."
    response = client.post(url(Organization, "change", unodc.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    unodc.refresh_from_db()
    assert unodc.description == "Custodian of the counter-terrorism conventions."

    history = client.get(url(Organization, "history", unodc.pk))
    assert history.status_code == 200
    page = history.content.decode()
    assert "Custodian of the counter-terrorism conventions." in page
    assert str(secretariat) in page
    latest = unodc.history.latest()
    assert latest.history_user == secretariat and latest.history_type == "~"


def test_organizations_exported_then_reimported_change_nothing(client, secretariat):
    client.force_login(secretariat)
    export_page = client.get(url(Organization, "export"))
    form = export_page.context["form"]
    csv_index = next(index for index, title in form.fields["format"].choices if title.lower() == "csv")
    choices = {name: "on" for name in form.fields if name.startswith("organizationresource_")}
    exported = client.post(url(Organization, "export"), {"format": csv_index, "resource": "0", **choices})
    assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
    content = exported.content
    assert b"iso_alpha3" in content and b"UNODC" in content and b"KEN" in content

    organizations, versions = Organization.objects.count(), Organization.history.count()
    upload = SimpleUploadedFile("organizations.csv", content, content_type="text/csv")
    preview = client.post(url(Organization, "import"), {"format": csv_index, "resource": "0", "import_file": upload})
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == organizations
    assert result.totals["new"] == result.totals["update"] == 0

    confirm = preview.context["confirm_form"]
    done = client.post(url(Organization, "process_import"), confirm.initial)
    assert done.status_code == 302
    assert Organization.objects.count() == organizations
    assert Organization.history.count() == versions


def test_an_edited_organization_file_updates_in_place(secretariat):
    dataset = OrganizationResource().export()
    row = next(i for i, acronym in enumerate(dataset["acronym"]) if acronym == "IOM")
    values = list(dataset[row])
    values[dataset.headers.index("website")] = "https://www.iom.int/"
    values[dataset.headers.index("aliases")] = "International Organization for Migration; OIM"
    edited = Dataset(values, headers=dataset.headers)
    state = next(i for i, code in enumerate(dataset["iso_alpha3"]) if code == "NOR")
    edited.append(dataset[state])

    result = OrganizationResource().import_data(edited, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 1, 1)
    iom = Organization.objects.get(acronym="IOM")
    assert iom.website == "https://www.iom.int/"
    assert iom.aliases == ["International Organization for Migration", "OIM"]


PROJECT_CSV = (
    "code,title,lead_entity,partners,beneficiary_states,pillars,themes,budget,status,start_date,end_date\n"
    "UNOCT-2026-001,Border security in the Sahel,UNOCT,UNODC; IOM,ner; KEN,2; 4,"
    '"border management; Countering the financing of terrorism",1500000,ongoing,2026-01-01,2027-12-31\n'
)


def import_through_admin(client, model, filename: str, content: bytes):
    upload = SimpleUploadedFile(filename, content, content_type="text/csv")
    csv_index = next(
        str(index)
        for index, fmt in enumerate(admin.site._registry[model].get_import_formats())
        if fmt is base_formats.CSV
    )
    preview = client.post(url(model, "import"), {"format": csv_index, "resource": "0", "import_file": upload})
    assert preview.status_code == 200
    result = preview.context["result"]
    if result.has_errors() or result.has_validation_errors():
        return result, None
    return result, client.post(url(model, "process_import"), preview.context["confirm_form"].initial)


def test_a_project_file_names_organizations_by_acronym_and_states_by_code(client, secretariat):
    client.force_login(secretariat)
    result, done = import_through_admin(client, Project, "projects.csv", PROJECT_CSV.encode())
    assert result.totals["new"] == 1, [row.errors for row in result.rows] + list(result.invalid_rows)
    assert done.status_code == 302

    project = Project.objects.get(code="UNOCT-2026-001")
    assert project.lead_entity.acronym == "UNOCT"
    assert set(project.partners.values_list("acronym", flat=True)) == {"UNODC", "IOM"}
    assert set(project.beneficiary_states.values_list("iso_alpha3", flat=True)) == {"NER", "KEN"}
    assert set(project.pillars.values_list("number", flat=True)) == {2, 4}
    assert set(project.themes.values_list("name", flat=True)) == {
        "Border management",
        "Countering the financing of terrorism",
    }
    assert project.budget == Decimal("1500000")
    assert project.history.latest().history_user == secretariat

    again, _ = import_through_admin(client, Project, "projects.csv", PROJECT_CSV.encode())
    assert (again.totals["new"], again.totals["update"], again.totals["skip"]) == (0, 0, 1)
    assert Project.objects.filter(code="UNOCT-2026-001").count() == 1


def test_a_project_file_with_an_unknown_acronym_is_refused_with_the_reason(client, secretariat):
    client.force_login(secretariat)
    bad = PROJECT_CSV.replace("UNODC; IOM", "UNODC; NOPE").replace(",UNOCT,", ",KEN,")
    result, done = import_through_admin(client, Project, "projects.csv", bad.encode())
    assert done is None
    (invalid,) = result.invalid_rows
    messages = str(invalid.error_dict)
    assert "NOPE" in messages and "KEN" in messages  # a Member State cannot lead a project
    assert not Project.objects.filter(code="UNOCT-2026-001").exists()


def test_recommendations_are_keyed_by_assessment_and_number(secretariat, populated):
    assessment = CountryAssessment.objects.first()
    dataset = RecommendationResource().export(queryset=Recommendation.objects.filter(assessment=assessment))
    assert dataset.headers[:3] == ["assessment", "member_state", "number"]
    assert dataset["member_state"][0] == assessment.member_state.name
    rows = dataset.dict
    rows[0]["status"] = "in_progress"
    rows.append({**rows[1], "number": "3", "text": "A new one", "thematic_area": "victims of terrorism"})
    edited = Dataset(headers=dataset.headers)
    for row in rows:
        edited.append([row[header] for header in dataset.headers])

    result = RecommendationResource().import_data(edited, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), list(result.invalid_rows)
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (1, 1, 1)
    assert assessment.recommendations.get(number=1).status == "in_progress"
    assert assessment.recommendations.get(number=3).thematic_area.name == "Victims of terrorism"


def test_focal_points_are_keyed_by_user_and_organization(secretariat, populated):
    focal_point = FocalPoint.objects.select_related("user").filter(user__username="person3").get()
    dataset = FocalPointResource().export(queryset=FocalPoint.objects.filter(pk=focal_point.pk))
    row = dataset.dict[0]
    assert row["user"] == "person3" and row["organization"] == focal_point.organization.acronym
    assert FocalPointResource().import_data(dataset, dry_run=False).totals["skip"] == 1  # round trip

    row.update(user="PERSON3@example.org", organization="KEN", job_title="Counsellor", languages="fr; EN")
    edited = Dataset([row[h] for h in dataset.headers], headers=dataset.headers)
    result = FocalPointResource().import_data(edited, dry_run=False)
    assert result.totals["update"] == 1, list(result.invalid_rows)
    focal_point.refresh_from_db()
    assert (focal_point.organization.iso_alpha3, focal_point.job_title) == ("KEN", "Counsellor")
    assert set(focal_point.languages.values_list("code", flat=True)) == {"fr", "en"}


def test_the_changelist_shows_both_import_export_and_history_works(client, secretariat):
    client.force_login(secretariat)
    page = client.get(url(Project, "changelist")).content.decode()
    assert url(Project, "import") in page and url(Project, "export") in page
    unodc = Organization.objects.get(acronym="UNODC")
    change_page = client.get(url(Organization, "change", unodc.pk)).content.decode()
    assert url(Organization, "history", unodc.pk) in change_page


@pytest.mark.parametrize(
    ("resource_class", "model"),
    [
        (OrganizationResource, Organization),
        (FocalPointResource, FocalPoint),
        (ProjectResource, Project),
        (RecommendationResource, Recommendation),
    ],
)
@pytest.mark.parametrize("file_format", [base_formats.CSV, base_formats.XLSX], ids=["csv", "xlsx"])
def test_every_export_reimports_unchanged(secretariat, populated, resource_class, model, file_format):
    fmt = file_format()
    exported = fmt.export_data(resource_class().export(force_native_type=fmt.is_binary()))
    rows, versions = model.objects.count(), model.history.count()

    result = resource_class().import_data(fmt.create_dataset(exported), dry_run=False)
    assert not result.has_errors(), [error.error for row in result.row_errors() for error in row[1]]
    assert not result.has_validation_errors(), [row.error_dict for row in result.invalid_rows]
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, rows)
    assert model.history.count() == versions


def test_admin_actions_keep_history_and_need_change_permission(client, secretariat, cted_analyst, populated):
    focal_points = list(FocalPoint.objects.filter(confirmed_at__isnull=True)[:3])
    client.force_login(secretariat)
    response = client.post(
        url(FocalPoint, "changelist"),
        {"action": "confirm_nominations", "_selected_action": [fp.pk for fp in focal_points]},
    )
    assert response.status_code == 302
    for focal_point in focal_points:
        focal_point.refresh_from_db()
        assert focal_point.confirmed_at is not None
        assert focal_point.history.latest().history_user == secretariat

    # CTED may change recommendations, so it has their action; it may only read projects, so no actions there.
    client.force_login(cted_analyst)
    actions = client.get(url(Recommendation, "changelist")).context_data["action_form"].fields["action"].choices
    assert "mark_implemented" in dict(actions)
    assert client.get(url(Project, "changelist")).context_data["action_form"] is None


def test_the_secretariat_creates_an_account_and_sets_its_preferences(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        url(User, "add"),
        {
            "username": "new.focal",
            "email": "New.Focal@example.org",
            "first_name": "Nadia",
            "last_name": "Haddad",
            "usable_password": "false",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="new.focal")
    assert (user.email, user.has_usable_password()) == ("New.Focal@example.org", False)

    # The same email in another case is the same sign-in name, so a second account is refused.
    clash = client.post(
        url(User, "add"), {"username": "other", "email": "new.focal@EXAMPLE.org", "usable_password": "false"}
    )
    assert clash.status_code == 200 and not User.objects.filter(username="other").exists()

    page = client.get(url(User, "change", user.pk))
    assert '<option value="Africa/Nairobi">' in page.content.decode()
    data = change_form_data(page)
    data.update(time_zone="Africa/Nairobi", preferred_language="fr")
    assert client.post(url(User, "change", user.pk), data).status_code == 302
    user.refresh_from_db()
    assert (user.time_zone, user.preferred_language) == ("Africa/Nairobi", "fr")
    # Refused, form shown again: an unknown zone, and the machine's own setting, which names no place.
    for zone in ("Mars/Olympus_Mons", "localtime"):
        data["time_zone"] = zone
        assert client.post(url(User, "change", user.pk), data).status_code == 200, zone
    user.refresh_from_db()
    assert user.time_zone == "Africa/Nairobi"


# --- who gives admin rights -------------------------------------------------------------------------------

PRIVILEGES = {"is_superuser", "is_staff", "groups", "user_permissions"}


@pytest.fixture
def colleague(reference):
    """A member of the Secretariat who is not a superuser (signing in confirms their second factor)."""
    user = User.objects.create_user(
        "colleague.test", "colleague.test@example.org", "unused-password-2026", is_staff=True
    )
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    return user


def everything_posted(data: dict) -> dict:
    """A change form's data with every right a crafted request could ask for."""
    return {
        **data,
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [str(pk) for pk in Group.objects.values_list("pk", flat=True)],
        "user_permissions": [str(pk) for pk in Permission.objects.values_list("pk", flat=True)],
    }


def test_a_secretariat_member_cannot_make_themselves_or_anyone_superuser(client, colleague):
    client.force_login(colleague)
    new = {"username": "focal.test", "email": "focal.test@example.org", "usable_password": "false"}
    assert client.post(url(User, "add"), everything_posted(new)).status_code == 302
    focal = User.objects.get(username="focal.test")
    for account, name in ((colleague, "Ambitious"), (focal, "Promoted")):
        page = client.get(url(User, "change", account.pk))
        assert page.status_code == 200
        assert not PRIVILEGES & set(page.context["adminform"].form.fields)  # shown, not editable
        response = client.post(url(User, "change", account.pk), everything_posted(change_form_data(page)))
        assert response.status_code == 302
        account.refresh_from_db()
        assert account.first_name == "" and not account.is_superuser
        data = change_form_data(client.get(url(User, "change", account.pk)))
        client.post(url(User, "change", account.pk), everything_posted({**data, "first_name": name}))
        account.refresh_from_db()
        assert account.first_name == name  # the rest of the form is saved
        assert not account.is_superuser and not account.user_permissions.exists()
    assert (colleague.is_staff, list(colleague.groups.values_list("name", flat=True))) == (True, [SECRETARIAT])
    assert not focal.is_staff and not focal.groups.exists()


def test_the_admin_refuses_a_change_of_rights_even_if_its_form_offered_one(client, colleague, monkeypatch):
    # The form leaves the fields out; the save refuses them as well, should a form ever carry them.
    model_admin = admin.site._registry[User]
    monkeypatch.setattr(type(model_admin), "get_readonly_fields", lambda self, request, obj=None: ())
    client.force_login(colleague)
    data = change_form_data(client.get(url(User, "change", colleague.pk)))
    assert client.post(url(User, "change", colleague.pk), everything_posted(data)).status_code == 403
    colleague.refresh_from_db()
    assert not colleague.is_superuser and not colleague.user_permissions.exists()


def test_a_superuser_gives_and_takes_admin_rights(client, secretariat, colleague):
    client.force_login(secretariat)
    page = client.get(url(User, "change", colleague.pk))
    assert set(page.context["adminform"].form.fields) >= PRIVILEGES
    data = change_form_data(page)
    data.update(groups=[str(Group.objects.get(name=CTED).pk)], is_superuser="on")
    assert client.post(url(User, "change", colleague.pk), data).status_code == 302
    colleague.refresh_from_db()
    assert colleague.is_superuser and list(colleague.groups.values_list("name", flat=True)) == [CTED]


def test_a_superusers_account_is_changed_only_by_a_superuser(client, secretariat, colleague):
    # Its email or password set by someone else would let them take it over.
    client.force_login(colleague)
    page = client.get(url(User, "change", secretariat.pk))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    taken = {"username": secretariat.username, "email": "colleague.test+admin@example.org"}
    assert client.post(url(User, "change", secretariat.pk), taken).status_code == 403
    password_page = reverse("admin:auth_user_password_change", args=[secretariat.pk])
    new_password = {"password1": "a-password-of-my-choosing-2026", "password2": "a-password-of-my-choosing-2026"}
    assert client.post(password_page, new_password).status_code == 403
    assert client.post(url(User, "delete", secretariat.pk), {"post": "yes"}).status_code == 403
    selected = {"action": "delete_selected", "_selected_action": [secretariat.pk], "post": "yes"}
    client.post(url(User, "changelist"), selected)
    secretariat.refresh_from_db()
    assert secretariat.email == "secretariat.test@example.org"
    assert secretariat.check_password("unused-password-2026")


def test_only_a_superuser_changes_rights_whatever_the_way_in(secretariat, colleague):
    focal = User.objects.create_user("focal.test", "focal.test@example.org", "unused-password-2026")
    check_account_change(colleague, focal, ["first_name", "email", "is_active"])
    refused = [
        (User(username="new.test", is_staff=True), []),
        (User(username="new.test", is_superuser=True), []),
        (focal, ["groups"]),
        (focal, ["user_permissions"]),
        (secretariat, ["email"]),
        (secretariat, ["password"]),
    ]
    for account, fields in refused:
        with pytest.raises(PermissionDenied):
            check_account_change(colleague, account, fields)
    focal.is_staff = True  # set in code, not named as changed: compared with the stored account
    with pytest.raises(PermissionDenied):
        check_account_change(colleague, focal, [])
    check_account_change(secretariat, focal, ["is_staff", "groups"])


def test_only_a_superuser_changes_what_a_group_may_do(client, secretariat, colleague):
    # Even holding the auth app's group permissions (only a superuser could give them), a member of the
    # Secretariat does not widen a group's permissions or make a new group.
    colleague.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", codename__endswith="group")
    )
    group = Group.objects.get(name=SECRETARIAT)
    before = set(group.permissions.values_list("pk", flat=True))
    every = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]
    client.force_login(colleague)
    assert client.get(url(Group, "change", group.pk)).status_code == 200
    assert client.post(url(Group, "change", group.pk), {"name": SECRETARIAT, "permissions": every}).status_code == 403
    assert client.post(url(Group, "add"), {"name": "Everything", "permissions": every}).status_code == 403
    assert client.post(url(Group, "delete", group.pk), {"post": "yes"}).status_code == 403
    assert set(group.permissions.values_list("pk", flat=True)) == before
    assert not Group.objects.filter(name="Everything").exists()

    client.force_login(secretariat)
    assert client.post(url(Group, "add"), {"name": "Everything", "permissions": every}).status_code == 302


def test_only_a_superuser_manages_the_second_factor_of_staff(client, secretariat, colleague, cted_analyst):
    colleague.user_permissions.add(*Permission.objects.filter(content_type__app_label="otp_totp"))
    lost = TOTPDevice.objects.create(user=cted_analyst, name="Lost phone", confirmed=True)
    focal = User.objects.create_user("focal.test", "focal.test@example.org", "unused-password-2026")
    leftover = TOTPDevice.objects.create(user=focal, name="Leftover", confirmed=True)
    client.force_login(colleague)

    # The key of a device is shown to nobody once it exists.
    page = client.get(url(TOTPDevice, "change", lost.pk))
    assert page.status_code == 200 and lost.key not in page.content.decode()
    assert client.get(reverse("admin:otp_totp_totpdevice_config", args=[lost.pk])).status_code == 403

    # Another staff member's device: not changed, not deleted, none added for them.
    assert client.post(url(TOTPDevice, "change", lost.pk), {"user": cted_analyst.pk, "name": "Mine"}).status_code == 403
    assert client.post(url(TOTPDevice, "delete", lost.pk), {"post": "yes"}).status_code == 403
    selected = {"action": "delete_selected", "_selected_action": [lost.pk], "post": "yes"}
    client.post(url(TOTPDevice, "changelist"), selected)
    planted = {
        "user": cted_analyst.pk,
        "name": "Planted",
        "confirmed": "on",
        "key": "3132333435363738393031323334353637383930",
        "step": 30,
        "t0": 0,
        "digits": 6,
        "tolerance": 1,
        "drift": 0,
        "throttling_failure_count": 0,
    }
    assert client.post(url(TOTPDevice, "add"), planted).status_code == 200  # refused, form shown again
    assert client.post(url(TOTPDevice, "add"), {**planted, "user": colleague.pk}).status_code == 200
    assert set(TOTPDevice.objects.filter(user=cted_analyst).values_list("name", flat=True)) == {"Lost phone"}
    assert not TOTPDevice.objects.filter(name="Planted").exists()

    # A device left on an account that is not staff may go.
    assert client.post(url(TOTPDevice, "delete", leftover.pk), {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=leftover.pk).exists()

    # A superuser resets a staff member's lost phone.
    client.force_login(secretariat)
    assert client.post(url(TOTPDevice, "delete", lost.pk), {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()


def test_a_version_uploaded_in_the_document_page_keeps_its_file_facts(client, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretariat)
    content = b"%PDF-1.7 annual report"
    response = add_document(client, SimpleUploadedFile("Annual report.PDF", content, content_type="application/pdf"))
    assert response.status_code == 302, response.context and response.context["errors"]
    version = DocumentVersion.objects.get(document__title="Annual report")
    assert (version.original_filename, version.size, version.content_type) == (
        "Annual report.PDF",
        len(content),
        "application/pdf",
    )
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert version.uploaded_by == secretariat and version.document.uploaded_by == secretariat
    assert version.file.name.startswith("documents/") and version.file.name.endswith(".pdf")
    assert version.file.read() == content


def test_only_a_superuser_issues_a_token_for_another_staff_account(client, colleague, people):
    """A token for someone else's staff account would act as them without their second factor."""
    client.force_login(colleague)
    for owner, status in ((people.secretariat, 403), (people.state, 302)):
        response = client.post(url(ApiToken, "add"), {"user": owner.pk, "name": "Script", "days": 5})
        assert response.status_code == status, owner
        assert ApiToken.objects.filter(user=owner).exists() is (status == 302)
    superuser = User.objects.create_superuser("root.test", "root.test@example.org", "unused-password-2026")
    client.force_login(superuser)
    response = client.post(url(ApiToken, "add"), {"user": people.secretariat.pk, "name": "Script", "days": 5})
    assert response.status_code == 302
    assert ApiToken.objects.filter(user=people.secretariat, created_by=superuser).count() == 1


def test_every_time_zone_picker_offers_the_zones_the_api_accepts(rf, secretariat):
    from platform_app.accounts.forms import time_zone_choices as profile_zones
    from platform_app.calendar.forms import zone_choices
    from platform_app.core.timezones import KNOWN_TIME_ZONES

    request = rf.get("/admin/")
    request.user = secretariat
    offered = {
        "user admin": admin.site._registry[User].get_form(request, secretariat)().fields["time_zone"].choices,
        "event admin": admin.site._registry[Event].get_form(request)().fields["time_zone"].choices,
        "profile": profile_zones(),
        "calendar": [choice for _, group in zone_choices() for choice in group],
    }
    for where, choices in offered.items():
        zones = {value for value, _ in choices}
        assert "UTC" in zones and "Africa/Nairobi" in zones, where
        assert zones <= KNOWN_TIME_ZONES, (where, zones - KNOWN_TIME_ZONES)
    assert {value for value, _ in offered["event admin"]} == KNOWN_TIME_ZONES


def test_a_document_page_whose_save_fails_after_its_file_is_stored_leaves_no_file(
    client, secretariat, settings, tmp_path, monkeypatch
):
    """The admin saves a version's file before its transaction ends; should the transaction then fail, the file
    goes with it (core.storage.files_atomic, around every admin form)."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretariat)

    def refuse(*args, **kwargs):
        raise RuntimeError("the page fails once the version and its file are written")

    # Called by the document page once the version's row and file are saved.
    monkeypatch.setattr("platform_app.library.admin.queue_extraction", refuse)
    upload = SimpleUploadedFile("Annual report.pdf", b"%PDF-1.7 report", content_type="application/pdf")
    with pytest.raises(RuntimeError):
        add_document(client, upload)
    assert not DocumentVersion.objects.filter(document__title="Annual report").exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
