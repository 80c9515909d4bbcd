"""factory_boy factories for the platform's models, for tests.

Organizations, working groups, thematic areas and languages come from the reference data (the
`reference` fixture of the root conftest.py); `reference_org("UNODC")` or `reference_org("KE")`
fetches one. New organizations can still be made with the Organization factories. Titles come from
the same vocabulary as the demo data (platform_app/demo/vocabulary.py).

Every title, name and text a factory makes up starts with a tag of its own, "[17] ", from one counter
for all the factories of the process (usernames end in "-test" to the same end): no made-up text (nor
its first sentence) equals another or is part of another, so a test may assert that a title is absent
from a page without a coin toss on the vocabulary or on how many objects the tests before it made
(tests/test_factories.py).
"""

from __future__ import annotations

import hashlib
import itertools
import random
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from string import ascii_uppercase

import factory
from django_otp.oath import TOTP
from factory.django import DjangoModelFactory

from newsletters.models import NewsletterIssue, Subscription
from platform_app.accounts.models import User
from platform_app.calendar.models import Event
from platform_app.countries.models import CountryEntry, CountryPage
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.demo import vocabulary
from platform_app.demo.files import pdf_bytes
from platform_app.directory.models import FocalPoint, Organization
from platform_app.library.models import Document, DocumentVersion
from platform_app.metrics.models import DailyVisitTotal
from platform_app.projects.models import Appeal, AppealProject, Project
from platform_app.structure.models import Language, Pillar, ThematicArea, WorkingGroup, WorkingGroupGuest
from platform_app.support.models import SupportOffer, SupportRequest, SupportRouting
from workinggroups.models import Meeting, Post, WorkplanActivity

TEST_PASSWORD = "test-password-2026"


def code_for(device, steps: int = 0) -> str:
    """The code a TOTP device (django-otp) shows now, or `steps` time steps from now, as its owner would
    type it."""
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits)
    generator.time = time.time() + steps * device.step
    return f"{generator.token():0{device.digits}d}"


def wrong_code_for(device) -> str:
    """A code the device refuses now: none of the codes it would take within its tolerance and drift,
    even if the clock passes a step boundary meanwhile."""
    reach = device.tolerance + abs(device.drift) + 1
    taken = {code_for(device, steps) for steps in range(-reach, reach + 1)}
    candidate = int(code_for(device))
    while f"{candidate:0{device.digits}d}" in taken:
        candidate = (candidate + 1) % 10**device.digits
    return f"{candidate:0{device.digits}d}"


SAMPLE_PDF = pdf_bytes("Test document")
# ISO 3166 reserves these alpha-2 codes for user assignment, so they never clash with a real State.
USER_ASSIGNED_ALPHA2 = [f"Q{c}" for c in "MNOPQRSTUVWXYZ"] + [f"X{c}" for c in ascii_uppercase]


def reference_org(key: str) -> Organization:
    """A reference organization by acronym ("UNODC", "AU") or else a Member State by ISO alpha-2 ("KE").

    The acronym wins: "AU" is the African Union, not Australia (whose alpha-2 code it also is).
    """
    by_acronym = Organization.objects.filter(acronym=key).first()
    if by_acronym is not None:
        return by_acronym
    return Organization.objects.get(kind=Organization.Kind.MEMBER_STATE, iso_alpha2=key)


def reference_group(short_name: str = "PCVE") -> WorkingGroup:
    return WorkingGroup.objects.get(short_name=short_name)


_tags = itertools.count(1)


def tagged(text: str, tag: int | None = None) -> str:
    """`text` behind a tag no other made-up text has: "[17] text"."""
    return f"[{next(_tags) if tag is None else tag}] {text}"


def _words(kind):
    """Text drawn from the demo vocabulary, tagged; the same text for the same tag."""

    def make():
        tag = next(_tags)
        return tagged(kind(random.Random(tag)), tag)

    return factory.LazyFunction(make)


def _label(text: str):
    """A tagged label, e.g. "[17] Priority"."""
    return factory.LazyFunction(lambda: tagged(text))


def _set_m2m(name: str):
    """A post-generation hook: FooFactory(themes=[...]) sets the many-to-many field after saving."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            getattr(obj, name).set(extracted)

    hook.__name__ = name
    return factory.PostGeneration(hook)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}-test")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(TEST_PASSWORD)


class OrganizationFactory(DjangoModelFactory):
    """A new Compact entity (the reference has the real ones)."""

    class Meta:
        model = Organization

    kind = Organization.Kind.ENTITY
    name = _label("Test entity")
    acronym = factory.Sequence(lambda n: f"TE{n}")
    compact_status = Organization.CompactStatus.MEMBER


class MemberStateFactory(OrganizationFactory):
    kind = Organization.Kind.MEMBER_STATE
    name = _label("Testland")
    acronym = ""
    compact_status = ""
    iso_alpha2 = factory.Sequence(lambda n: USER_ASSIGNED_ALPHA2[n % len(USER_ASSIGNED_ALPHA2)])
    iso_alpha3 = factory.Sequence(lambda n: f"X{ascii_uppercase[n // 26 % 26]}{ascii_uppercase[n % 26]}")
    region = Organization.Region.AFRICA


class RegionalOrganizationFactory(OrganizationFactory):
    kind = Organization.Kind.REGIONAL_ORG
    name = _label("Test regional organization")
    acronym = factory.Sequence(lambda n: f"TRO{n}")
    compact_status = ""


class FocalPointFactory(DjangoModelFactory):
    class Meta:
        model = FocalPoint
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organization = factory.LazyFunction(lambda: reference_org("UNOCT"))
    title = "Ms."
    job_title = _words(lambda rng: rng.choice(vocabulary.JOB_TITLES_ENTITY))
    email = factory.LazyAttribute(lambda o: o.user.email)
    phone = "+1 212 555 0100"
    expertise = _set_m2m("expertise")
    languages = _set_m2m("languages")


class DocumentVersionFactory(DjangoModelFactory):
    class Meta:
        model = DocumentVersion

    document = factory.SubFactory("tests.factories.DocumentFactory", version=None)
    number = factory.LazyAttribute(lambda o: o.document.versions.count() + 1)
    file = factory.django.FileField(filename="document.pdf", data=SAMPLE_PDF)
    original_filename = "document.pdf"
    content_type = "application/pdf"
    size = len(SAMPLE_PDF)
    sha256 = hashlib.sha256(SAMPLE_PDF).hexdigest()
    uploaded_by = factory.LazyAttribute(lambda o: o.document.uploaded_by)


class DocumentFactory(DjangoModelFactory):
    """A document with one version (pass version=None for none). Traits: in_working_group, restricted."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    class Params:
        in_working_group = factory.Trait(
            visibility="working_group", working_group=factory.LazyFunction(lambda: reference_group("PCVE"))
        )
        restricted = factory.Trait(visibility="restricted")

    title = _words(lambda rng: vocabulary.document_title(rng, "report"))
    # Words of no topic: the library searches descriptions, and a sentence of the vocabulary ("border
    # security and management") would make a document match what a test searches for by its title.
    description = _label("A document made for a test.")
    document_type = Document.Type.REPORT
    language = factory.LazyFunction(lambda: Language.objects.get(code="en"))
    organization = factory.LazyFunction(lambda: reference_org("UNOCT"))
    visibility = "platform"
    published_on = factory.Sequence(lambda n: date(2025, 1, 1) + timedelta(days=n % 365))
    version = factory.RelatedFactory(DocumentVersionFactory, factory_related_name="document")
    themes = _set_m2m("themes")
    pillars = _set_m2m("pillars")
    allowed_organizations = _set_m2m("allowed_organizations")


# Where the events and meetings a test does not date begin: a Monday, 14:00 UTC.
DEFAULT_PAST = datetime(2000, 1, 3, 14, 0, tzinfo=UTC)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = _words(lambda rng: vocabulary.event_title(rng, "meeting"))
    kind = Event.Kind.MEETING
    # A day each, in order of making, long past: after thousands made in one process (more than the suite makes),
    # one the test does not date stays out of what is upcoming, this month or in the feed (tests/test_factories.py).
    starts_at = factory.Sequence(lambda n: DEFAULT_PAST + timedelta(days=n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    time_zone = "America/New_York"
    location = "New York"
    visibility = "platform"
    organizers = _set_m2m("organizers")
    countries = _set_m2m("countries")
    themes = _set_m2m("themes")
    allowed_organizations = _set_m2m("allowed_organizations")


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"TEST-{n:05d}")
    title = _words(vocabulary.project_title)
    lead_entity = factory.LazyFunction(lambda: reference_org("UNOCT"))
    budget = Decimal("1000000.00")
    status = Project.Status.ONGOING
    start_date = date(2024, 1, 1)
    end_date = date(2026, 12, 31)
    partners = _set_m2m("partners")
    beneficiary_states = _set_m2m("beneficiary_states")
    themes = _set_m2m("themes")


class AppealFactory(DjangoModelFactory):
    class Meta:
        model = Appeal

    title = _label("Test Multi-Year Appeal")
    start_year = factory.Sequence(lambda n: 2100 + 2 * n)
    end_year = factory.LazyAttribute(lambda o: o.start_year + 1)


class AppealProjectFactory(DjangoModelFactory):
    class Meta:
        model = AppealProject

    appeal = factory.SubFactory(AppealFactory)
    project = factory.SubFactory(ProjectFactory)
    requirement = Decimal("500000.00")
    funds_received = Decimal("125000.00")


class CountryAssessmentFactory(DjangoModelFactory):
    """An assessment of Kenya by default, not shared with entities (trait: shared)."""

    class Meta:
        model = CountryAssessment

    class Params:
        shared = factory.Trait(shared_with_entities=True)

    member_state = factory.LazyFunction(lambda: reference_org("KE"))
    kind = CountryAssessment.Kind.COMPREHENSIVE
    title = factory.LazyAttribute(lambda o: f"Comprehensive assessment visit to {o.member_state.name} (2024)")
    visit_start = date(2024, 3, 4)
    visit_end = date(2024, 3, 8)
    adopted_on = date(2024, 9, 2)
    summary = _words(lambda rng: vocabulary.paragraph(rng, 2))
    shared_with_entities = False


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    assessment = factory.SubFactory(CountryAssessmentFactory)
    number = factory.Sequence(lambda n: n + 1)
    thematic_area = factory.LazyFunction(lambda: ThematicArea.objects.order_by("slug").first())
    text = factory.LazyAttribute(
        lambda o: tagged(vocabulary.recommendation_text(random.Random(o.number), o.thematic_area.name))
    )
    priority = Recommendation.Priority.MEDIUM
    status = Recommendation.Status.OPEN
    responding_projects = _set_m2m("responding_projects")


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    working_group = factory.LazyFunction(lambda: reference_group("PCVE"))
    title = factory.Sequence(lambda n: tagged(f"{vocabulary.ordinal(n + 1)} test meeting"))
    starts_at = factory.Sequence(lambda n: DEFAULT_PAST + timedelta(days=7 * n))  # a week each, long past
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    online_url = "https://meet.example.org/test"
    summary = _words(lambda rng: vocabulary.paragraph(rng, 3))
    documents = _set_m2m("documents")


class WorkplanActivityFactory(DjangoModelFactory):
    class Meta:
        model = WorkplanActivity

    working_group = factory.LazyFunction(lambda: reference_group("PCVE"))
    title = _words(vocabulary.activity_title)
    position = factory.Sequence(lambda n: n + 1)
    due_on = date(2026, 12, 31)


class PostFactory(DjangoModelFactory):
    """A thread; pass parent=<post> for a reply (title may then be empty)."""

    class Meta:
        model = Post

    working_group = factory.LazyFunction(lambda: reference_group("PCVE"))
    author = factory.SubFactory(UserFactory)
    title = _words(vocabulary.post_title)
    body = _words(lambda rng: vocabulary.paragraph(rng, 2))


class WorkingGroupGuestFactory(DjangoModelFactory):
    class Meta:
        model = WorkingGroupGuest

    working_group = factory.LazyFunction(lambda: reference_group("PCVE"))
    organization = factory.LazyFunction(lambda: reference_org("KE"))


class SubscriptionFactory(DjangoModelFactory):
    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"subscriber{n}@example.org")


class NewsletterIssueFactory(DjangoModelFactory):
    """A draft issue covering two months; consecutive issues cover consecutive periods. `published=True`:
    published on the day after its period."""

    class Meta:
        model = NewsletterIssue

    class Params:
        published = factory.Trait(
            status=NewsletterIssue.Status.PUBLISHED,
            published_at=factory.LazyAttribute(
                lambda o: datetime.combine(o.period_end + timedelta(days=1), datetime.min.time(), UTC)
            ),
        )

    title = factory.LazyAttribute(lambda o: f"Counter-Terrorism Compact in Review, {o.period_start:%B %Y}")
    slug = factory.Sequence(lambda n: f"test-issue-{n}")
    period_start = factory.Sequence(lambda n: date(2030 + n // 6, 1 + 2 * (n % 6), 1))
    period_end = factory.LazyAttribute(
        lambda o: (
            (date(o.period_start.year + (o.period_start.month + 1) // 12, (o.period_start.month + 1) % 12 + 1, 1))
            - timedelta(days=1)
        )
    )


class DailyVisitTotalFactory(DjangoModelFactory):
    class Meta:
        model = DailyVisitTotal

    date = factory.Sequence(lambda n: date(2030, 1, 1) + timedelta(days=n))
    visits = 120
    unique_visitors = 45


class CountryPageFactory(DjangoModelFactory):
    class Meta:
        model = CountryPage
        django_get_or_create = ("member_state",)

    member_state = factory.LazyFunction(lambda: reference_org("KE"))


class CountryEntryFactory(DjangoModelFactory):
    """A priority on Kenya's page, for every focal point (audience, allowed_organizations and is_hidden vary)."""

    class Meta:
        model = CountryEntry
        skip_postgeneration_save = True

    page = factory.SubFactory(CountryPageFactory)
    kind = CountryEntry.Kind.PRIORITY
    title = _label("Priority")
    text = _words(lambda rng: vocabulary.paragraph(rng, 2))
    dated_on = date(2026, 6, 1)
    audience = CountryEntry.Audience.PLATFORM
    moderation_reason = factory.LazyAttribute(lambda o: "Hidden in a test" if o.is_hidden else "")
    is_hidden = False
    allowed_organizations = _set_m2m("allowed_organizations")


class SupportRequestFactory(DjangoModelFactory):
    """Kenya's request, submitted; `routed_to=[organization or working group, ...]` routes it."""

    class Meta:
        model = SupportRequest
        skip_postgeneration_save = True

    member_state = factory.LazyFunction(lambda: reference_org("KE"))
    title = _label("Request for support")
    needs = _words(lambda rng: vocabulary.paragraph(rng, 2))
    thematic_area = factory.LazyFunction(lambda: ThematicArea.objects.order_by("slug").first())
    pillar = factory.LazyFunction(lambda: Pillar.objects.get(number=2))
    urgency = SupportRequest.Urgency.ROUTINE
    status = SupportRequest.Status.SUBMITTED
    recommendations = _set_m2m("recommendations")
    working_groups = _set_m2m("working_groups")

    @factory.post_generation
    def routed_to(obj, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for target in extracted:
            if isinstance(target, WorkingGroup):
                SupportRouting.objects.create(request=obj, working_group=target)
            else:
                SupportRouting.objects.create(request=obj, organization=target)
        if obj.status == SupportRequest.Status.SUBMITTED:
            obj.status = SupportRequest.Status.ROUTED
            obj.save(update_fields=["status"])


class SupportOfferFactory(DjangoModelFactory):
    class Meta:
        model = SupportOffer

    request = factory.SubFactory(SupportRequestFactory)
    organization = factory.LazyFunction(lambda: reference_org("UNODC"))
    description = _words(lambda rng: vocabulary.paragraph(rng, 1))


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = "workinggroups.AgendaItem"

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = _label("Agenda item")


class ShowcaseRequestFactory(DjangoModelFactory):
    """Kenya's request to showcase its efforts to BMLE, waiting for a decision."""

    class Meta:
        model = "workinggroups.ShowcaseRequest"

    member_state = factory.LazyFunction(lambda: reference_org("KE"))
    working_group = factory.LazyFunction(lambda: reference_group("BMLE"))
    title = _label("Showcase")
    summary = _words(lambda rng: vocabulary.paragraph(rng, 2))
    preferred_period = "Next year"
