"""Counter-Terrorism Compact in Review: drafted from the platform, published with frozen figures,
refused with reasons, the archive of published issues, and its pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from celery import current_app
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerError

from newsletters.models import Delivery, NewsletterIssue, NewsletterItem, NewsletterSection, Subscription
from newsletters.sending import send_issue
from newsletters.services import Period, draft, load_archive, publish
from newsletters.tasks import send_newsletter
from platform_app.metrics.models import MetricSnapshot
from tests.factories import DocumentFactory, EventFactory, MeetingFactory, NewsletterIssueFactory, reference_group

PERIOD = Period.parse("2030-09/2030-10")


def at(day: int, month: int = 9) -> datetime:
    return datetime(2030, month, day, 10, tzinfo=UTC)


@pytest.fixture
def activity(reference):
    """What the platform holds for September-October 2030, and around it."""
    group = reference_group("BMLE")
    made = {
        "summit": EventFactory(kind="high_level", title="Summit on borders", starts_at=at(4), ends_at=at(5)),
        "visit": EventFactory(kind="member_state_engagement", title="Visit to Kenya", starts_at=at(12), ends_at=at(12)),
        "workshop": EventFactory(kind="workshop", title="Joint workshop", starts_at=at(3, 10), ends_at=at(3, 10)),
        "ngo": EventFactory(kind="civil_society", title="Civil society forum", starts_at=at(9, 10), ends_at=at(9, 10)),
        "hidden": EventFactory(
            kind="high_level",
            title="Closed session",
            visibility="working_group",
            working_group=group,
            starts_at=at(6),
            ends_at=at(6),
        ),
        "before": EventFactory(kind="high_level", title="Old summit", starts_at=at(30, 8), ends_at=at(30, 8)),
        "meeting": MeetingFactory(
            working_group=group, title="Fifth meeting", summary="Agreed the workplan.", starts_at=at(20), ends_at=at(20)
        ),
        "report": DocumentFactory(document_type="report", title="Annual border report", published_on=date(2030, 10, 2)),
        "guidance": DocumentFactory(document_type="guidance", title="A guidance note", published_on=date(2030, 10, 2)),
    }
    MetricSnapshot.objects.create(as_of=datetime(2030, 10, 31, 12, tzinfo=UTC), focal_points=1200, documents=4000)
    return made


def texts(issue, kind):
    return [item.text for item in NewsletterItem.objects.filter(section__issue=issue, section__kind=kind)]


def with_meetings_written(issue):
    """The issue with the working group meetings told by the Secretariat: no meeting is composed, since not
    every reader may open one."""
    section = issue.sections.get(kind="working_group_meetings")
    NewsletterItem.objects.create(section=section, position=0, text="The working groups met eleven times.")
    return issue


def test_a_draft_puts_the_periods_activity_into_its_sections(activity):
    issue = draft(PERIOD)
    assert (issue.period_start, issue.period_end, issue.status) == (date(2030, 9, 1), date(2030, 10, 31), "draft")
    assert any("Summit on borders" in text for text in texts(issue, "high_level_events"))
    assert any("Visit to Kenya" in text for text in texts(issue, "member_states"))
    assert any("Joint workshop" in text for text in texts(issue, "multi_agency"))
    assert any("Civil society forum" in text for text in texts(issue, "civil_society"))
    assert any("Annual border report" in text for text in texts(issue, "reports"))
    everything = " ".join(NewsletterItem.objects.filter(section__issue=issue).values_list("text", flat=True))
    # Not for every reader (a group's meeting is read by its members), or outside the period, or not a
    # report: left out.
    for absent in ("Closed session", "Fifth meeting", "Agreed the workplan.", "Old summit", "A guidance note"):
        assert absent not in everything
    summit = NewsletterItem.objects.get(section__issue=issue, event=activity["summit"])
    assert summit.date_text == "4-5 September"
    assert issue.snapshot.focal_points == 1200


def test_the_command_drafts_and_refuses_a_malformed_period(activity, capsys):
    call_command("draft_newsletter", "--period", "2030-09/2030-10")
    assert "Drafted" in capsys.readouterr().out
    for bad in ("2030-09", "2030-10/2030-11", "2030-09/2030-12", "september"):
        with pytest.raises(CommandError):
            call_command("draft_newsletter", "--period", bad)
    with pytest.raises(CommandError, match="exists"):
        call_command("draft_newsletter", "--period", "2030-09/2030-10")
    assert NewsletterIssue.objects.count() == 1


def test_publication_freezes_the_figures(activity, people):
    issue = publish(with_meetings_written(draft(PERIOD)), user=people.secretariat)
    assert issue.status == "published" and issue.published_by == people.secretariat
    frozen = {figure.key: figure.value for figure in issue.figures.all()}
    assert frozen["focal_points"] == 1200
    MetricSnapshot.objects.filter(pk=issue.snapshot_id).update(focal_points=9999)
    MetricSnapshot.objects.create(as_of=datetime(2030, 10, 31, 18, tzinfo=UTC), focal_points=5555)
    issue.refresh_from_db()
    assert {figure.key: figure.value for figure in issue.figures.all()}["focal_points"] == 1200
    with pytest.raises(ValidationError, match="already published"):
        publish(issue, user=people.secretariat)


def test_publishing_is_refused_with_the_item_and_the_reason(activity, people):
    issue = draft(PERIOD)
    NewsletterItem.objects.filter(section__issue=issue, section__kind="working_group_meetings").delete()
    restricted = DocumentFactory(visibility="restricted", title="Restricted note")
    reports = issue.sections.get(kind="reports")
    NewsletterItem.objects.create(section=reports, position=5, text="See the restricted note", document=restricted)
    with pytest.raises(ValidationError) as refused:
        publish(issue, user=people.secretariat)
    messages = refused.value.messages
    assert any("Compact working group meetings" in m and "required" in m for m in messages)
    assert any("Reports and publications, item 6" in m and "not every reader" in m for m in messages)
    issue.refresh_from_db()
    assert issue.status == "draft" and not issue.figures.exists()  # nothing half-written


def test_a_period_overlapping_a_published_issue_is_refused(activity, people):
    publish(with_meetings_written(draft(PERIOD)), user=people.secretariat)
    with pytest.raises(ValidationError, match="already published"):
        draft(PERIOD)
    other = NewsletterIssue.objects.create(
        title="Overlap", slug="overlap", period_start=date(2030, 10, 1), period_end=date(2030, 11, 30)
    )
    section = NewsletterSection.objects.create(issue=other, kind="high_level_events")
    NewsletterItem.objects.create(section=section, text="x")
    with pytest.raises(ValidationError, match="overlaps"):
        publish(other, user=people.secretariat)


def test_the_archive_holds_the_published_issues_with_their_figures(reference):
    loaded = load_archive()
    assert load_archive() == []  # idempotent
    issues = {issue.slug: issue for issue in loaded}
    may_june_2025 = issues["2025-05-06"]
    figures = {figure.key: figure.value for figure in may_june_2025.figures.all()}
    assert figures["focal_points"] == 1050
    assert figures["documents"] == 3670
    assert figures["visits"] == 407000
    assert figures["cted_recommendations"] == 861
    assert figures["country_assessments"] == 28
    assert "2023-11-12" in issues
    for issue in loaded:
        assert issue.status == "published" and issue.is_public
        assert NewsletterItem.objects.filter(section__issue=issue).count() > 5
        assert issue.sections.filter(kind="high_level_events").exists()


def test_the_public_archive_and_the_platforms(client, people, reference):
    load_archive()
    private = NewsletterIssueFactory(
        title="For focal points", slug="private", period_start=date(2029, 1, 1), published=True
    )
    draft_issue = NewsletterIssue.objects.create(
        title="Work in progress", slug="wip", period_start=date(2029, 3, 1), period_end=date(2029, 4, 30)
    )
    index = client.get(reverse("newsletters:index")).content.decode()
    assert "May-June 2025" in index and "For focal points" not in index and "Work in progress" not in index
    page = client.get(reverse("newsletters:detail", args=["2025-05-06"]))
    assert page.status_code == 200 and "1,050" in page.content.decode()
    assert client.get(reverse("newsletters:detail", args=[private.slug])).status_code == 404
    client.force_login(people.state)
    assert client.get(reverse("newsletters:detail", args=[private.slug])).status_code == 200
    assert client.get(reverse("newsletters:detail", args=[draft_issue.slug])).status_code == 404
    client.force_login(people.secretariat)
    preview = client.get(reverse("newsletters:detail", args=[draft_issue.slug]))
    assert preview.status_code == 200 and "Draft: not published" in preview.content.decode()


def test_the_structure_part_is_generated_from_the_working_groups(client, reference):
    load_archive()
    body = client.get(reverse("newsletters:detail", args=["2025-05-06"])).content.decode()
    from platform_app.structure.models import WorkingGroup

    for group in WorkingGroup.objects.all():
        assert group.short_name in body
    assert "Chair" in body


def test_the_pdf_holds_every_section(client, people, reference):
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    load_archive()
    client.force_login(people.state)
    response = client.get(reverse("newsletters:pdf", args=["2023-11-12"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    issue = NewsletterIssue.objects.get(slug="2023-11-12")
    for section in issue.sections.exclude(kind__in=["structure", "contact", "numbers"]):
        assert str(section).upper() in flat.upper(), section
    for heading in (
        "Counter-Terrorism Compact in numbers",
        "Counter-Terrorism Compact structure",
        "For more information",
    ):
        assert heading.upper() in flat.upper(), heading
    assert "1,050" in flat


def test_the_secretariat_drafts_publishes_and_cannot_change_a_published_issue_in_the_admin(client, activity, people):
    client.force_login(people.secretariat)
    changelist = reverse("admin:newsletters_newsletterissue_changelist")
    assert reverse("admin:newsletters_newsletterissue_draft") in client.get(changelist).content.decode()
    response = client.post(reverse("admin:newsletters_newsletterissue_draft"), {"period": "2030-09/2030-10"})
    issue = NewsletterIssue.objects.get(period_start=date(2030, 9, 1))
    assert response.status_code == 302 and response.url == reverse(
        "admin:newsletters_newsletterissue_change", args=[issue.pk]
    )
    refused = client.post(reverse("admin:newsletters_newsletterissue_draft"), {"period": "2030-10/2030-11"})
    assert refused.status_code == 200 and "odd month" in refused.content.decode()

    # A required section emptied: the action refuses and says why.
    NewsletterItem.objects.filter(section__issue=issue, section__kind="high_level_events").delete()
    page = client.post(changelist, {"action": "publish_drafts", "_selected_action": [issue.pk]}, follow=True)
    assert "was not published" in page.content.decode() and "Key high-level events" in page.content.decode()
    issue.refresh_from_db()
    assert issue.status == "draft"

    section = issue.sections.get(kind="high_level_events")
    NewsletterItem.objects.create(section=section, text="Summit on borders", date_text="4 September")
    with_meetings_written(issue)
    client.post(changelist, {"action": "publish_drafts", "_selected_action": [issue.pk]})
    issue.refresh_from_db()
    assert issue.status == "published" and issue.figures.exists()
    issue_page = client.get(reverse("admin:newsletters_newsletterissue_change", args=[issue.pk])).content.decode()
    # The sections are shown, not editable, and none can be added.
    assert 'name="sections-0-intro"' not in issue_page and 'name="sections-0-title"' not in issue_page
    assert 'name="sections-MAX_NUM_FORMS" value="0"' in issue_page
    item = NewsletterItem.objects.filter(section__issue=issue).first()
    change_item = client.get(reverse("admin:newsletters_newsletteritem_change", args=[item.pk]))
    assert change_item.status_code == 200 and 'name="_save"' not in change_item.content.decode()  # view only
    delete = client.post(reverse("admin:newsletters_newsletteritem_delete", args=[item.pk]), {"post": "yes"})
    assert delete.status_code == 403 and NewsletterItem.objects.filter(pk=item.pk).exists()
    added = client.post(
        reverse("admin:newsletters_newsletteritem_add"),
        {"section": section.pk, "position": 9, "text": "Slipped in after publication"},
    )
    assert added.status_code == 200 and not NewsletterItem.objects.filter(text__startswith="Slipped").exists()


def test_an_issue_renders_in_its_own_language_whatever_the_thread_served_last(reference):
    from django.utils import translation

    from newsletters.sending import render_issue

    load_archive()
    issue = NewsletterIssue.objects.filter(status="published").order_by("pk").first()
    english = render_issue(issue, "newsletters/email.txt")
    with translation.override("ar"):  # as a worker thread left by a mail to an Arabic reader
        assert render_issue(issue, "newsletters/email.txt") == english
    assert "IN NUMBERS" in english.upper() and "بالأرقام" not in english


# --- every source of an item is read by the issue's reader's rule -------------------------------------

NARS_ONLY = {
    # item kind: (the section it goes in, a source of the period only NARS's members may open)
    "document": (
        "reports",
        lambda: DocumentFactory(
            document_type="report",
            title="NARS threat report",
            visibility="working_group",
            working_group=reference_group("NARS"),
            published_on=date(2030, 9, 15),
        ),
    ),
    "event": (
        "high_level_events",
        lambda: EventFactory(
            kind="high_level",
            title="NARS closed summit",
            visibility="working_group",
            working_group=reference_group("NARS"),
            starts_at=at(15),
            ends_at=at(15),
        ),
    ),
    "meeting": (
        "working_group_meetings",
        lambda: MeetingFactory(
            working_group=reference_group("NARS"),
            title="NARS closed meeting",
            summary="A confidential threat assessment.",
            starts_at=at(15),
            ends_at=at(15),
        ),
    ),
}


def test_every_kind_of_source_an_item_may_have_is_tested_here():
    assert sorted(NARS_ONLY) == sorted(field.name for field in NewsletterItem.source_fields())


def everything(issue) -> str:
    return " ".join(NewsletterItem.objects.filter(section__issue=issue).values_list("text", flat=True))


@pytest.mark.parametrize("kind", sorted(NARS_ONLY))
def test_a_draft_takes_nothing_not_every_reader_may_open(activity, kind):
    source = NARS_ONLY[kind][1]()
    issue = draft(PERIOD)
    assert not NewsletterItem.objects.filter(section__issue=issue, **{kind: source}).exists()
    assert source.title not in everything(issue)


@pytest.mark.parametrize("kind", sorted(NARS_ONLY))
def test_publishing_an_item_taken_from_what_not_every_reader_may_open_is_refused(activity, people, kind):
    section_kind, make = NARS_ONLY[kind]
    source = make()
    issue = with_meetings_written(draft(PERIOD))
    section = issue.sections.get(kind=section_kind)
    NewsletterItem.objects.create(section=section, position=7, text=f"See {source.title}", **{kind: source})
    with pytest.raises(ValidationError) as refused:
        publish(issue, user=people.secretariat)
    (message,) = refused.value.messages
    assert f"{section}, item 8" in message and source.title in message
    assert f"{kind} that not every reader" in message
    issue.refresh_from_db()
    assert issue.status == "draft"


def test_the_admin_action_refuses_to_publish_naming_the_item(client, activity, people):
    meeting = NARS_ONLY["meeting"][1]()
    issue = with_meetings_written(draft(PERIOD))
    section = issue.sections.get(kind="working_group_meetings")
    NewsletterItem.objects.create(section=section, position=3, text=meeting.title, meeting=meeting)
    client.force_login(people.secretariat)
    changelist = reverse("admin:newsletters_newsletterissue_changelist")
    page = client.post(changelist, {"action": "publish_drafts", "_selected_action": [issue.pk]}, follow=True)
    body = page.content.decode()
    assert "was not published" in body and "Compact working group meetings, item 4" in body
    issue.refresh_from_db()
    assert issue.status == "draft"


def test_a_public_issue_takes_and_links_nothing_the_public_may_not_open(activity, people):
    issue = draft(PERIOD)
    issue.is_public = True
    issue.save()
    with pytest.raises(ValidationError) as refused:
        publish(with_meetings_written(issue), user=people.secretariat)
    # Every platform user may open the summit and the report; someone who is not signed in may not.
    messages = " ".join(refused.value.messages)
    assert "Summit on borders" in messages and "Annual border report" in messages
    composed_again = with_meetings_written(draft(PERIOD, replace=True))
    assert (
        not NewsletterItem.objects.filter(section__issue=composed_again)
        .exclude(text__startswith="The working")
        .exists()
    )


def test_a_published_issue_is_made_public_only_if_anyone_may_open_its_sources(client, activity, people):
    issue = publish(with_meetings_written(draft(PERIOD)), user=people.secretariat)
    client.force_login(people.secretariat)
    change = reverse("admin:newsletters_newsletterissue_change", args=[issue.pk])
    page = client.get(change)
    # What the page posts back: only whether the issue is public may still change, and the inlines' counts.
    data = {"is_public": "on"}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management[name].html_name: management[name].value() for name in management.fields}
    response = client.post(change, data)
    assert response.status_code == 200 and "Summit on borders" in response.content.decode()
    issue.refresh_from_db()
    assert issue.is_public is False
    # Its items told without linking what the public may not open, it may be.
    NewsletterItem.objects.filter(section__issue=issue).update(event=None, document=None, meeting=None)
    assert client.post(change, data).status_code == 302
    issue.refresh_from_db()
    assert issue.is_public is True


def test_an_issue_whose_source_was_closed_after_publication_is_not_sent(
    client, activity, people, django_capture_on_commit_callbacks
):
    issue = publish(with_meetings_written(draft(PERIOD)), user=people.secretariat)
    summit = activity["summit"]
    summit.visibility, summit.working_group = "working_group", reference_group("NARS")
    summit.save()
    Subscription.objects.create(email="reader@example.org")
    with pytest.raises(ValidationError) as refused:
        send_issue(issue.pk)
    assert "Summit on borders" in " ".join(refused.value.messages)
    assert not Delivery.objects.exists()
    client.force_login(people.secretariat)
    changelist = reverse("admin:newsletters_newsletterissue_changelist")
    with django_capture_on_commit_callbacks() as queued:
        page = client.post(changelist, {"action": "send_to_subscribers", "_selected_action": [issue.pk]}, follow=True)
    assert queued == [] and "was not sent" in page.content.decode()


def test_sending_an_issue_while_the_broker_is_down_is_logged_not_an_error_page(
    client, activity, people, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    """The action's transaction has committed by the time the task is queued: a refusing broker is logged,
    as for every task queued after a commit (core.tasks.queue_after_commit), not an error page."""
    issue = publish(with_meetings_written(draft(PERIOD)), user=people.secretariat)

    def refused(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(current_app.tasks[send_newsletter.name], "delay", refused)
    client.force_login(people.secretariat)
    changelist = reverse("admin:newsletters_newsletterissue_changelist")
    with django_capture_on_commit_callbacks(execute=True) as queued:
        page = client.post(changelist, {"action": "send_to_subscribers", "_selected_action": [issue.pk]}, follow=True)
    assert page.status_code == 200 and len(queued) == 1
    assert f"could not queue {send_newsletter.name}({issue.pk},)" in caplog.text


def test_the_archive_pages_show_no_title_of_what_not_every_reader_may_open(client, activity, people):
    nars = NARS_ONLY["meeting"][1]()
    issue = publish(with_meetings_written(draft(PERIOD)), user=people.secretariat)
    client.force_login(people.regional)  # the African Union, in no working group
    page = client.get(reverse("newsletters:detail", args=[issue.slug]))
    assert page.status_code == 200 and "Summit on borders" in page.content.decode()
    assert nars.title not in page.content.decode() and nars.summary not in page.content.decode()
    client.logout()

    later = Period.parse("2030-11/2030-12")
    MeetingFactory(
        working_group=reference_group("NARS"), title="NARS December meeting", starts_at=at(2, 12), ends_at=at(2, 12)
    )
    EventFactory(kind="high_level", title="December summit", starts_at=at(3, 12), ends_at=at(3, 12))
    NewsletterIssue.objects.filter(pk=draft(later).pk).update(is_public=True)
    public = with_meetings_written(draft(later, replace=True))
    NewsletterItem.objects.create(section=public.sections.get(kind="high_level_events"), text="A summit was held.")
    publish(public, user=people.secretariat)
    body = client.get(reverse("newsletters:detail", args=[public.slug])).content.decode()
    assert "A summit was held." in body
    assert "NARS December meeting" not in body and "December summit" not in body


def test_an_item_whose_source_was_closed_after_publication_is_left_out_of_the_pages_and_the_api(
    client, activity, people
):
    from rest_framework.test import APIClient

    issue = publish(with_meetings_written(draft(PERIOD)), user=people.secretariat)
    summit = activity["summit"]
    summit.visibility, summit.working_group = "working_group", reference_group("NARS")
    summit.save()
    client.force_login(people.regional)
    page = client.get(reverse("newsletters:detail", args=[issue.slug])).content.decode()
    assert "Visit to Kenya" in page and "Summit on borders" not in page
    api = APIClient()
    api.force_authenticate(people.regional)
    answer = api.get(reverse("api:newsletter-detail", args=[issue.pk]))
    assert answer.status_code == 200
    shown = [item["text"] for section in answer.json()["sections"] for item in section["items"]]
    assert "Visit to Kenya" in shown and "Summit on borders" not in shown
