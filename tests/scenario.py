"""A small world in which each role should see a known set of objects, written out by hand.

The expectations below are the access matrix ("who sees what") applied to these objects by a
person, not computed by `visible_to`, so the tests compare the code against the rules rather than
against itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.core.files.base import ContentFile

from newsletters.models import NewsletterIssue
from platform_app.countries.models import EntryAttachment
from platform_app.library.models import DocumentText
from platform_app.metrics.models import MetricSnapshot
from tests.factories import (
    SAMPLE_PDF,
    AppealProjectFactory,
    CountryAssessmentFactory,
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
    WorkingGroupGuestFactory,
    reference_group,
    reference_org,
)
from tests.people import People, african_union

PLATFORM = {"secretariat", "cted", "entity", "state", "other_state", "regional"}
# The picture of a document's first page: a PNG of one white pixel.
FIRST_PAGE = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478da63f8ffff3f0005fe02fe"
    "a7d6a4a00000000049454e44ae426082"
)


# A word only the scenario's texts contain, to search for them all at once.
MARKER = "zephyrine"


@dataclass
class Scenario:
    objects: dict[str, dict[str, object]] = field(default_factory=dict)  # resource -> name -> object
    visible: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # resource -> name -> roles

    def add(self, resource: str, name: str, obj, roles: set[str]) -> None:
        self.objects.setdefault(resource, {})[name] = obj
        self.visible.setdefault(resource, {})[name] = set(roles)

    def expected_ids(self, resource: str, role: str) -> set[int]:
        return {self.objects[resource][name].pk for name, roles in self.visible[resource].items() if role in roles}

    def all_ids(self, resource: str) -> set[int]:
        return {obj.pk for obj in self.objects[resource].values()}


def build(people: People) -> Scenario:
    s = Scenario()
    # BMLE: UNODC (the entity) and CTED are members; Kenya is invited to read its space; the African
    # Union's invitation has expired. Nobody of Norway or the AU belongs to it.
    bmle = reference_group("BMLE")
    WorkingGroupGuestFactory(working_group=bmle, organization=reference_org("KE"))
    WorkingGroupGuestFactory(working_group=bmle, organization=african_union(), expires_on=date(2020, 1, 1))
    unoct, unodc = reference_org("UNOCT"), reference_org("UNODC")
    kenya, norway, au = reference_org("KE"), reference_org("NO"), african_union()

    def doc(title, **kwargs):
        document = DocumentFactory(title=f"{title} {MARKER}", **kwargs)
        # As its file was read: its counts and the picture of its first page, which follow its visibility.
        text = DocumentText(version=document.versions.get(), status=DocumentText.Status.DONE, pages=1, words=3)
        text.thumbnail.save("first-page.png", ContentFile(FIRST_PAGE), save=False)
        text.save()
        return document

    s.add("documents", "platform", doc("Platform guidance"), PLATFORM)
    s.add(
        "documents",
        "bmle",
        doc("Border note", visibility="working_group", working_group=bmle),
        {"secretariat", "cted", "entity"},  # members only: Kenya is a guest of the space, not of its documents
    )
    s.add(
        "documents",
        "for_kenya",
        doc("Restricted brief", visibility="restricted", allowed_organizations=[kenya]),
        {"secretariat", "state"},
    )
    s.add(
        "documents",
        "unodc_for_au",
        doc("Owner's restricted brief", visibility="restricted", organization=unodc, allowed_organizations=[au]),
        {"secretariat", "entity", "regional"},  # the owner keeps seeing what it shared
    )

    def event(title, **kwargs):
        return EventFactory(title=f"{title} {MARKER}", **kwargs)

    s.add("events", "platform", event("Open webinar", organizers=[unoct]), PLATFORM)
    s.add(
        "events",
        "bmle",
        event("BMLE meeting", visibility="working_group", working_group=bmle, organizers=[unoct]),
        {"secretariat", "cted", "entity"},
    )
    s.add(
        "events",
        "for_norway",
        event("Bilateral consultation", visibility="restricted", organizers=[unoct], allowed_organizations=[norway]),
        {"secretariat", "other_state"},
    )

    s.add(
        "meetings",
        "bmle",
        MeetingFactory(working_group=bmle, title=f"BMLE plenary {MARKER}"),
        {"secretariat", "cted", "entity", "state"},  # entities read every space; Kenya is invited
    )
    s.add(
        "meetings",
        "pcve",
        MeetingFactory(working_group=reference_group("PCVE"), title=f"PCVE plenary {MARKER}"),
        {"secretariat", "cted", "entity"},
    )

    kenya_assessment = CountryAssessmentFactory(member_state=kenya, title=f"Kenya assessment {MARKER}")
    norway_assessment = CountryAssessmentFactory(
        member_state=norway, shared_with_entities=True, title=f"Norway assessment {MARKER}"
    )
    s.add("assessments", "kenya", kenya_assessment, {"secretariat", "cted", "state"})
    s.add("assessments", "norway_shared", norway_assessment, {"secretariat", "cted", "other_state", "entity"})
    kenya_rec = RecommendationFactory(assessment=kenya_assessment, number=1, text=f"Kenya should {MARKER}")
    norway_rec = RecommendationFactory(assessment=norway_assessment, number=1, text=f"Norway should {MARKER}")
    s.add("recommendations", "kenya", kenya_rec, {"secretariat", "cted", "state"})
    s.add("recommendations", "norway_shared", norway_rec, {"secretariat", "cted", "other_state", "entity"})

    unodc_project = ProjectFactory(lead_entity=unodc, title=f"UNODC project {MARKER}")
    unoct_project = ProjectFactory(lead_entity=unoct, title=f"UNOCT project {MARKER}")
    unodc_project.responds_to.set([kenya_rec, norway_rec])
    s.add("projects", "unodc", unodc_project, PLATFORM)
    s.add("projects", "unoct", unoct_project, PLATFORM)
    appeal_project = AppealProjectFactory(project=unoct_project, appeal__title=f"Multi-Year Appeal {MARKER}")
    s.add("appeals", "appeal", appeal_project.appeal, PLATFORM)

    hidden = FocalPointFactory(organization=norway, hide_email=True, hide_phone=True, job_title=f"Adviser {MARKER}")
    former = FocalPointFactory(organization=unoct, is_active=False, job_title=f"Former officer {MARKER}")
    s.add("focal-points", "hidden_contact", hidden, PLATFORM)
    s.add("focal-points", "deactivated", former, {"secretariat"})

    s.add("organizations", "kenya", kenya, PLATFORM)
    s.add("working-groups", "bmle", bmle, PLATFORM)

    published = NewsletterIssueFactory(
        title=f"Compact in Review {MARKER}",
        status=NewsletterIssue.Status.PUBLISHED,
        published_at=datetime(2030, 3, 1, tzinfo=UTC),
    )
    draft = NewsletterIssueFactory(title=f"Draft issue {MARKER}")
    s.add("newsletters", "published", published, PLATFORM)
    s.add("newsletters", "draft", draft, {"secretariat"})

    # Kenya's page: every focal point reads its page and its open entries; the audience of each other entry
    # narrows who else reads it; an entry the Secretariat hid is left to Kenya (and the Secretariat).
    kenya_page = CountryPageFactory(member_state=kenya, overview=f"Kenya's efforts {MARKER}")
    s.add("country-pages", "kenya", kenya_page, PLATFORM)

    def entry(title, **kwargs):
        return CountryEntryFactory(page=kenya_page, title=f"{title} {MARKER}", **kwargs)

    s.add("country-entries", "platform", entry("Open priority"), PLATFORM)
    s.add(
        "country-entries",
        "entities",
        entry("Challenge for entities", kind="challenge", audience="entities"),
        {"secretariat", "state", "cted", "entity"},  # CTED is a Compact entity
    )
    s.add(
        "country-entries",
        "for_au",
        entry("Practice for the AU", kind="good_practice", audience="named", allowed_organizations=[au]),
        {"secretariat", "state", "regional"},
    )
    s.add("country-entries", "hidden", entry("Hidden priority", is_hidden=True), {"secretariat", "state"})
    for_entities = s.objects["country-entries"]["entities"]
    attachment = EntryAttachment(entry=for_entities, original_filename="brief.pdf", content_type="application/pdf")
    attachment.file.save("brief.pdf", ContentFile(SAMPLE_PDF), save=True)
    s.add("entry-attachments", "for_entities", attachment, s.visible["country-entries"]["entities"])

    # Requests for tailored support: the State, the Secretariat and the entities a request was routed to,
    # directly or as entity members of a working group it was routed to (UNODC and CTED are in BMLE).
    def request(title, **kwargs):
        return SupportRequestFactory(title=f"{title} {MARKER}", **kwargs)

    to_unodc = request("Forensics training", recommendations=[kenya_rec], routed_to=[unodc])
    s.add("support-requests", "kenya_to_unodc", to_unodc, {"secretariat", "state", "entity"})
    s.add("support-requests", "kenya_submitted", request("Not yet routed"), {"secretariat", "state"})
    s.add(
        "support-requests",
        "kenya_to_bmle",
        request("Border screening", routed_to=[bmle]),
        {"secretariat", "state", "entity", "cted"},
    )
    to_unoct = request("Prison management", member_state=norway, routed_to=[unoct])
    s.add("support-requests", "norway_to_unoct", to_unoct, {"secretariat", "other_state"})
    s.add(
        "support-offers",
        "unodc_to_kenya",
        SupportOfferFactory(request=to_unodc, organization=unodc, description=f"Mentoring {MARKER}"),
        {"secretariat", "state", "entity"},
    )
    s.add(
        "support-offers",
        "unoct_to_norway",
        SupportOfferFactory(request=to_unoct, organization=unoct, description=f"Advice {MARKER}"),
        {"secretariat", "other_state"},
    )

    snapshot = MetricSnapshot.objects.create(as_of=datetime.now(UTC) + timedelta(days=1), entities=46)
    s.add("metrics-history", "computed", snapshot, PLATFORM)
    return s
