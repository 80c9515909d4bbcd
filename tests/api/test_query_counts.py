"""Every list costs the same number of queries for one row as for two hundred: nothing per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsletters.models import NewsletterIssue
from platform_app.countries.models import EntryAttachment
from platform_app.structure.models import Language, Pillar, ThematicArea
from platform_app.support.models import SupportStep
from tests import scenario as sc
from tests.factories import (
    AppealProjectFactory,
    CountryEntryFactory,
    CountryPageFactory,
    DocumentFactory,
    EventFactory,
    FocalPointFactory,
    MeetingFactory,
    NewsletterIssueFactory,
    ProjectFactory,
    RecommendationFactory,
    SupportOfferFactory,
    SupportRequestFactory,
    reference_group,
    reference_org,
)

from .test_access import LISTS

# Authentication (token and user), the viewer's role, the ETag's validator (platform_app/core/api/conditional.py),
# COUNT, the page, and the prefetches of the serializer stay under this whatever the page size.
MAX_QUERIES = 9
# Projects print five relations (partners, beneficiary States, pillars, themes, the recommendations
# they respond to): one query each, so the Secretariat, whose role is one more query, reaches 10. Requests for
# support print five too (the recommendations they cite, among those the caller may see; working groups,
# routings, offers, steps), one of which (actor and organization of each step) is joined: 12 at most.
OVER_BUDGET = {"project-list": 10, "support-request-list": 12}


def add_rich_rows(people, world):
    """Several rows of every list besides the scenario's, with every relation a serializer prints filled."""
    themes = list(ThematicArea.objects.order_by("slug")[:3])
    pillars = list(Pillar.objects.all()[:2])
    states = [reference_org("KE"), reference_org("NO")]
    entities = [reference_org("UNODC"), reference_org("UNOCT")]
    french = Language.objects.get(code="fr")
    for i in range(3):
        DocumentFactory(themes=themes, pillars=pillars, language=french, working_group=reference_group("PCVE"))
        EventFactory(themes=themes, organizers=entities, countries=states)
        project = ProjectFactory(themes=themes, partners=entities, beneficiary_states=states, lead_entity=entities[0])
        project.pillars.set(pillars)
        AppealProjectFactory(project=project, appeal=world.objects["appeals"]["appeal"])
        AppealProjectFactory()
        RecommendationFactory(
            assessment=world.objects["assessments"]["norway_shared"], number=10 + i
        ).responding_projects.set([project])
        FocalPointFactory(organization=entities[i % 2], expertise=themes, languages=[french])
        meeting = MeetingFactory(working_group=reference_group("BMLE"))
        meeting.documents.set([world.objects["documents"]["platform"], world.objects["documents"]["bmle"]])
        NewsletterIssueFactory(status=NewsletterIssue.Status.PUBLISHED, published_at="2030-01-01T00:00:00Z")
        # Pages, entries (for named organizations, CTED among them, with files), and requests routed to
        # BMLE (CTED is its chair) with CTED's offers and a step each.
        page = CountryPageFactory(member_state=states[i % 2])
        entry = CountryEntryFactory(
            page=page,
            audience="named",
            allowed_organizations=[*entities, reference_org("CTED")],
            pillar=pillars[0],
            thematic_area=themes[0],
        )
        EntryAttachment.objects.create(entry=entry, file=f"countries/t/{i}.pdf", original_filename="brief.pdf", size=9)
        request = SupportRequestFactory(
            recommendations=[world.objects["recommendations"]["kenya"]],
            working_groups=[reference_group("BMLE"), reference_group("PCVE")],
            routed_to=[reference_group("BMLE"), entities[0]],
        )
        SupportOfferFactory(request=request, organization=reference_org("CTED"))
        SupportStep.objects.create(
            request=request, action="filed", status="routed", actor=people.state, organization=states[0]
        )


# Every test reads the scenario and these rows; they are built once for the module.
pytestmark = pytest.mark.shared_world(add=add_rich_rows)


AUDIT_WRITE = 'INSERT INTO "platform_app_auditevent"'
# A list of confidential records writes one audit event per kind it holds (platform_app.core.audit.note_shown).
MAX_AUDIT_WRITES = 1


def count_queries(api, url, **params):
    """The queries a request makes, leaving out its audit event, whose presence depends on which rows
    the page holds, not on how many (and is bounded apart)."""
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url, params)
    assert response.status_code == 200, response.content[:300]
    sql = [q["sql"] for q in captured.captured_queries]
    audit = [q for q in sql if q.startswith(AUDIT_WRITE)]
    assert len(audit) <= MAX_AUDIT_WRITES, audit
    return len(sql) - len(audit), response.json(), sql


@pytest.mark.parametrize("role", ["cted", "state", "secretariat"])
@pytest.mark.parametrize(("name", "resource"), LISTS)
def test_a_list_costs_the_same_for_one_row_and_for_two_hundred(api, people, world, role, name, resource):
    api.as_user(people.roles()[role])
    url = reverse(f"api:{name}")
    api.get(url)  # the first request of a token records its last use; measure the steady state
    one, small, _ = count_queries(api, url, page_size=1)
    many, large, sql = count_queries(api, url, page_size=200)
    assert len(small["results"]) == min(1, large["count"])
    if role == "cted":
        assert len(large["results"]) > 1, "this list needs several visible rows for the test to mean something"
    printed = "\n".join(sql)
    assert one == many, f"{name}: {one} queries for one row, {many} for {len(large['results'])}:\n{printed}"
    assert many <= OVER_BUDGET.get(name, MAX_QUERIES), f"{name}: {many} queries:\n{printed}"


def test_a_filtered_search_costs_no_more(api, people, world):
    api.as_user(people.entity)
    url = reverse("api:document-list")
    api.get(url)  # records the token's last use
    one, _, _ = count_queries(api, url, page_size=1, search=sc.MARKER, document_type="report")
    many, _, _ = count_queries(api, url, page_size=200, search=sc.MARKER, document_type="report")
    assert one == many <= MAX_QUERIES
