"""The newsletter's PDF for print is reachable from the pages: each issue's page and every issue of the
archive link to it, saying it is a PDF."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from newsletters.models import NewsletterIssue
from tests.factories import NewsletterIssueFactory


@pytest.fixture
def issues(db):
    published = NewsletterIssueFactory(
        title="Review of July-August 2031",
        slug="2031-07-08",
        period_start=date(2031, 7, 1),
        published=True,
        is_public=True,
    )
    earlier = NewsletterIssueFactory(
        title="Review of May-June 2031",
        slug="2031-05-06",
        period_start=date(2031, 5, 1),
        published=True,
        is_public=True,
    )
    return [published, earlier]


def pdf_links(html: str, slug: str) -> list[str]:
    """The <a> elements of `html` that lead to the PDF of the issue `slug`."""
    href = reverse("newsletters:pdf", args=[slug])
    return [link for link in re.findall(r"<a\b[^>]*>.*?</a>", html, flags=re.S) if f'href="{href}"' in link]


def test_the_issue_page_links_to_its_pdf(client, issues):
    html = client.get(reverse("newsletters:detail", args=["2031-07-08"])).content.decode()
    (link,) = pdf_links(html, "2031-07-08")
    assert 'type="application/pdf"' in link
    assert "PDF" in re.sub(r"<[^>]+>", " ", link)
    assert client.get(reverse("newsletters:pdf", args=["2031-07-08"])).status_code == 200


def test_every_issue_of_the_archive_links_to_its_pdf(client, people, issues):
    for user in (None, people.state):
        if user is not None:
            client.force_login(user)
        html = client.get(reverse("newsletters:index")).content.decode()
        for issue in issues:
            (link,) = pdf_links(html, issue.slug)
            assert 'type="application/pdf"' in link and "PDF" in link
            # Named for a screen reader: which issue's PDF, not "PDF" several times over.
            assert issue.title in link


def test_no_pdf_link_to_an_issue_the_reader_may_not_open(client, people, issues):
    NewsletterIssue.objects.create(
        title="Not yet out", slug="2031-09-10", period_start=date(2031, 9, 1), period_end=date(2031, 10, 31)
    )
    client.force_login(people.state)
    html = client.get(reverse("newsletters:index")).content.decode()
    assert not pdf_links(html, "2031-09-10")
    assert client.get(reverse("newsletters:pdf", args=["2031-09-10"])).status_code == 404
