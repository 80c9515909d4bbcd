"""Member States' requests for tailored support, with the whole thread of each request.

Requests come from States with CTED assessments and cite only their own recommendations. Each
request's history is drawn first (filed, routed, offers, decisions, closing) and then written as it would
have been: the request with its status and dates at the end, its routings, offers and one SupportStep per
move, each step carrying the status the request had after it. Nothing goes through the services, so no
news is sent.

The demo accounts find their own cases: Kenya has a request routed to UNODC and one still submitted, and
an offer of UNODC's awaiting its answer; Norway's requests reach only entities other than UNODC and no
working group, so neither Kenya nor UNODC learns of them.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from . import vocabulary
from .base import REQUIRED_STATES, Org, SeedContext, bulk_create, chunked, sample_ids, weighted

# Requests filed over the two and a half years before the demo's day; a thread that would run past the
# day is moved back whole, so that it ends before it.
FILED_DAYS = 30 * 30
KENYA, NORWAY = REQUIRED_STATES
# Whom Kenya's demo requests reach, and the entity whose focal point the demo shows them to.
DEMO_ENTITY, NORWAY_ENTITY = "UNODC", "UNOCT"
FINAL_WEIGHTS = {"submitted": 14, "routed": 20, "offered": 20, "accepted": 22, "closed": 14, "withdrawn": 10}
URGENCY_WEIGHTS = {"routine": 60, "priority": 30, "urgent": 10}
NEEDS = (
    "Technical assistance on {topic}",
    "Capacity-building on {topic}",
    "Legislative drafting support on {topic}",
    "Training of trainers on {topic}",
    "Expert advice on {topic}",
    "Specialized equipment and training for {topic}",
)
DECISION_NOTES = ("", "", "Thank you; this matches our needs.", "The timeline does not suit us.")


def _at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(8), tzinfo=UTC) + timedelta(minutes=minutes)


# -- the States and what they may cite ------------------------------------------------------------


def assessed_states(ctx: SeedContext) -> list[Org]:
    """States with a CTED assessment, by ISO code."""
    from platform_app.cted.models import CountryAssessment

    ids = set(CountryAssessment.objects.values_list("member_state_id", flat=True))
    return [s for s in ctx.ref.member_states if s.id in ids]


def recommendations_by_state() -> dict[int, list[tuple[int, int]]]:
    """(recommendation id, thematic area id) of each State, in the order they were written."""
    from platform_app.cted.models import Recommendation

    pool: dict[int, list[tuple[int, int]]] = defaultdict(list)
    rows = Recommendation.objects.order_by("assessment_id", "number").values_list(
        "assessment__member_state_id", "id", "thematic_area_id"
    )
    for state_id, rec_id, theme_id in rows.iterator(chunk_size=5000):
        pool[state_id].append((rec_id, theme_id))
    return pool


def demo_user_by_org(ctx: SeedContext) -> dict[int, int]:
    """The demo account acting for each organization that has one (Kenya, Norway, UNODC, the AU...)."""
    from .accounts import DEMO_ACCOUNTS

    ref = ctx.ref
    found = {}
    for account in DEMO_ACCOUNTS:
        if account.organization is None or account.username not in ctx.demo_users:
            continue
        kind, value = account.organization
        org = ref.by_acronym.get(value) if kind == "acronym" else ref.by_iso2.get(value)
        if org is not None:
            found.setdefault(org.id, ctx.demo_users[account.username])
    return found


# -- requests for tailored support ------------------------------------------------------------------


@dataclass
class Step:
    action: str
    status: str
    at: datetime
    actor: int | None
    organization: int | None
    offer: int | None = None  # index into the request's offers
    note: str = ""
    routes: list[tuple[str, int]] = field(default_factory=list)  # ("group" | "entity", id)


@dataclass
class Offer:
    organization: int
    offered_by: int | None
    at: datetime
    description: str
    project: int | None
    status: str = "offered"
    decided_by: int | None = None
    decided_at: datetime | None = None
    decision_note: str = ""


@dataclass
class Story:
    state: Org
    title: str
    needs: str
    theme: int
    pillar: int
    urgency: str
    recommendations: list[int]
    groups: list[int]
    filed_by: int | None
    filed_at: datetime
    status: str = "submitted"
    first_offer_at: datetime | None = None
    closed_at: datetime | None = None
    offers: list[Offer] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)


class Tellers:
    """What drawing a request's history needs: the pools, users and rules of who may be reached."""

    def __init__(self, ctx: SeedContext) -> None:
        from platform_app.projects.models import Project
        from platform_app.structure.models import MEMBER_ROLES

        ref = ctx.ref
        self.ctx = ctx
        self.entity_ids = {e.id for e in ref.entities}
        self.demo_entity = ref.by_acronym.get(DEMO_ENTITY)
        self.norway_entity = ref.by_acronym.get(NORWAY_ENTITY)
        self.secretariat = ctx.demo_users.get("secretariat")
        self.demo_users = demo_user_by_org(ctx)
        self.recommendations = recommendations_by_state()
        self.projects: dict[int, list[int]] = defaultdict(list)
        for lead, project in Project.objects.order_by("code").values_list("lead_entity_id", "id"):
            self.projects[lead].append(project)
        # A request routed to a group reaches its entity members, not its observers.
        self.group_entities = {
            g.id: [o for o, role in g.memberships if o in self.entity_ids and role in MEMBER_ROLES] for g in ref.groups
        }
        self.groups = [g for g in ref.groups if self.group_entities[g.id]]
        self.theme_names = {theme.id: theme.name for theme in ref.themes}

    def user(self, rng: random.Random, org_id: int) -> int | None:
        demo = self.demo_users.get(org_id)
        if demo and rng.random() < 0.7:
            return demo
        return self.ctx.user_of(rng, org_id) or demo

    def has_user(self, org_id: int) -> bool:
        """Someone can act for the organization: every step names who took it."""
        return bool(self.demo_users.get(org_id) or self.ctx.users_by_org.get(org_id))

    def reachable(self, story: Story) -> list[int]:
        """Entities the request has reached so far, directly or through a group, in a fixed order."""
        seen: list[int] = []
        for step in story.steps:
            for kind, target in step.routes:
                for org in [target] if kind == "entity" else self.group_entities.get(target, []):
                    if org not in seen:
                        seen.append(org)
        return seen


def _route(t: Tellers, rng: random.Random, story: Story, at: datetime, *, targets=None) -> None:
    if targets is None:
        routed = {target for step in story.steps for target in step.routes}
        if story.state.iso2 == NORWAY:
            # Norway's requests go to entities neither Kenya nor UNODC reads of.
            pool = [e for e in t.ctx.ref.entities if t.demo_entity is None or e.id != t.demo_entity.id]
            targets = [("entity", i) for i in sample_ids(rng, pool, 1, 2)]
        else:
            groups = [("group", i) for i in sample_ids(rng, t.groups, 0, 2)]
            entities = [("entity", i) for i in sample_ids(rng, t.ctx.ref.entities, 0 if groups else 1, 2)]
            if t.demo_entity and rng.random() < 0.3:
                entities.append(("entity", t.demo_entity.id))
            targets = groups + entities
        targets = [x for i, x in enumerate(targets) if x not in routed and x not in targets[:i]]
        if not targets:
            return
    if story.status == "submitted":
        story.status = "routed"
    names = []
    for kind, target in targets:
        if kind == "group":
            names.append(next(g.short_name for g in t.ctx.ref.groups if g.id == target))
        else:
            names.append(t.ctx.ref.by_id[target].label)
    story.steps.append(
        Step("routed", story.status, at, t.secretariat, None, note=", ".join(names), routes=list(targets))
    )


def _offer(t: Tellers, rng: random.Random, story: Story, at: datetime, entity: int) -> None:
    projects = t.projects.get(entity, [])
    offer = Offer(
        organization=entity,
        offered_by=t.user(rng, entity),
        at=at,
        description=vocabulary.paragraph(rng, 2),
        project=rng.choice(projects) if projects and rng.random() < 0.5 else None,
    )
    story.offers.append(offer)
    if story.first_offer_at is None:
        story.first_offer_at = at
    if story.status in ("submitted", "routed"):
        story.status = "offered"
    story.steps.append(Step("offered", story.status, at, offer.offered_by, entity, offer=len(story.offers) - 1))


def _decide(t: Tellers, rng: random.Random, story: Story, at: datetime, index: int, accept: bool) -> None:
    offer = story.offers[index]
    offer.status = "accepted" if accept else "declined"
    offer.decided_by = story.filed_by
    offer.decided_at = at
    offer.decision_note = rng.choice(DECISION_NOTES)
    if accept:
        story.status = "accepted"
    story.steps.append(
        Step(offer.status, story.status, at, story.filed_by, story.state.id, offer=index, note=offer.decision_note)
    )


def _later(rng: random.Random, at: datetime, low: int, high: int) -> datetime:
    return at + timedelta(days=rng.randint(low, high), minutes=rng.randrange(8 * 60))


def tell(t: Tellers, rng: random.Random, state: Org, final: str, *, filed_by=None, script=None) -> Story:
    """One request's history, ending in `final`."""
    ref = t.ctx.ref
    own = t.recommendations.get(state.id, [])
    cited = rng.sample(own, min(len(own), rng.randint(0, 3)))
    theme = cited[0][1] if cited else rng.choice(ref.themes).id
    topic = vocabulary.topic_for(rng, t.theme_names.get(theme, ""))
    filed_by = filed_by or t.user(rng, state.id)
    day = t.ctx.today - timedelta(days=rng.randint(1, FILED_DAYS))
    story = Story(
        state=state,
        title=vocabulary.fill(rng, rng.choice(NEEDS), topic=topic),
        needs=vocabulary.paragraph(rng, 3, topic=topic),
        theme=theme,
        pillar=rng.choice(ref.pillars),
        urgency=weighted(rng, URGENCY_WEIGHTS),
        recommendations=[rec for rec, _ in cited],
        groups=sample_ids(rng, t.groups, 0, 2) if state.iso2 != NORWAY else [],
        filed_by=filed_by,
        filed_at=_at(day, rng.randrange(8 * 60)),
    )
    story.steps.append(Step("filed", "submitted", story.filed_at, filed_by, state.id))
    if script is not None:
        script(story)
        return _before(story, t.ctx.now)
    at = story.filed_at
    reached = final in ("routed", "offered", "accepted", "closed") or (final == "withdrawn" and rng.random() < 0.6)
    if reached:
        at = _later(rng, at, 1, 10)
        _route(t, rng, story, at)
        if rng.random() < 0.2:
            at = _later(rng, at, 3, 20)
            _route(t, rng, story, at)
    offers = {"offered": (1, 3), "accepted": (1, 3), "closed": (0, 2), "withdrawn": (0, 1)}.get(final, (0, 0))
    entities = [org for org in t.reachable(story) if t.has_user(org)]
    for entity in rng.sample(entities, min(len(entities), rng.randint(*offers))) if reached else []:
        at = _later(rng, at, 2, 30)
        _offer(t, rng, story, at, entity)
    pending = list(range(len(story.offers)))
    if final in ("accepted", "closed") and pending:
        chosen = rng.choice(pending)
        for index in pending:
            at = _later(rng, at, 1, 14)
            _decide(t, rng, story, at, index, accept=index == chosen)
    elif final == "offered" and len(pending) > 1:
        # Some offers declined, at least one still awaiting the State's answer.
        for index in pending[:-1]:
            if rng.random() < 0.5:
                at = _later(rng, at, 1, 14)
                _decide(t, rng, story, at, index, accept=False)
    if final in ("closed", "withdrawn"):
        at = _later(rng, at, 5, 60)
        story.status = final
        story.closed_at = at
        by_state = final == "withdrawn" or rng.random() < 0.6
        actor, org = (story.filed_by, state.id) if by_state else (t.secretariat, None)
        story.steps.append(Step(final, final, at, actor, org, note=vocabulary.paragraph(rng, 1)))
    return _before(story, t.ctx.now)


def _before(story: Story, limit: datetime) -> Story:
    """The story moved back whole, when its last step would come at or after limit: a thread in the past."""
    late = story.steps[-1].at - limit
    if late < timedelta(0):
        return story
    shift = timedelta(days=late.days + 1)
    story.filed_at -= shift
    for step in story.steps:
        step.at -= shift
    for offer in story.offers:
        offer.at -= shift
        offer.decided_at = offer.decided_at - shift if offer.decided_at else None
    story.first_offer_at = story.first_offer_at - shift if story.first_offer_at else None
    story.closed_at = story.closed_at - shift if story.closed_at else None
    return story


def demo_stories(t: Tellers, rng: random.Random) -> list[Story]:
    """The demo accounts' own requests, always written first and the same at every scale."""
    ref = t.ctx.ref
    kenya, norway = ref.by_iso2.get(KENYA), ref.by_iso2.get(NORWAY)
    kenya_user, norway_user = t.ctx.demo_users.get("kenya.focal"), t.ctx.demo_users.get("norway.focal")
    stories: list[Story] = []
    unodc_id = t.demo_entity.id if t.demo_entity else None
    if kenya is not None and t.demo_entity is not None:
        unodc = t.demo_entity.id

        def routed_to_unodc(story: Story) -> None:
            _route(t, rng, story, _later(rng, story.filed_at, 2, 6), targets=[("entity", unodc)])

        def offered_by_unodc(story: Story) -> None:
            at = _later(rng, story.filed_at, 1, 4)
            _route(t, rng, story, at, targets=[("entity", unodc)])
            _offer(t, rng, story, _later(rng, at, 3, 12), unodc)

        stories.append(tell(t, rng, kenya, "routed", filed_by=kenya_user, script=routed_to_unodc))
        stories.append(tell(t, rng, kenya, "offered", filed_by=kenya_user, script=offered_by_unodc))
        stories.append(tell(t, rng, kenya, "submitted", filed_by=kenya_user, script=lambda story: None))
    if norway is not None and t.norway_entity is not None:
        other = t.norway_entity.id
        if not t.has_user(other):
            staffed = [e.id for e in ref.entities if e.id != unodc_id and t.has_user(e.id)]
            other = staffed[0] if staffed else other

        def accepted_from_unoct(story: Story) -> None:
            at = _later(rng, story.filed_at, 1, 5)
            _route(t, rng, story, at, targets=[("entity", other)])
            if not t.has_user(other):
                return  # nobody at the entity to answer yet
            at = _later(rng, at, 4, 15)
            _offer(t, rng, story, at, other)
            _decide(t, rng, story, _later(rng, at, 1, 7), 0, accept=True)

        stories.append(tell(t, rng, norway, "accepted", filed_by=norway_user, script=accepted_from_unoct))
        stories.append(tell(t, rng, norway, "submitted", filed_by=norway_user, script=lambda story: None))
    return stories


def stories(ctx: SeedContext):
    """Every request's history, the demo accounts' first, in the order they are written."""
    rng = ctx.rng("support-requests")
    t = Tellers(ctx)
    assessed = assessed_states(ctx)
    states = [s for s in assessed if t.has_user(s.id)] or assessed
    made = 0
    for story in demo_stories(t, rng):
        made += 1
        yield story
    for _ in range(max(0, ctx.plan.support_requests - made)):
        if not states:
            return
        state = rng.choice(states)
        yield tell(t, rng, state, weighted(rng, FINAL_WEIGHTS))


def requests_present(ctx: SeedContext) -> bool:
    from platform_app.support.models import SupportRequest

    first = next(iter(stories(ctx)), None)
    return first is None or SupportRequest.objects.filter(member_state_id=first.state.id, title=first.title).exists()


def _write(chunk: list[Story], batch_size: int, written: Counter) -> None:
    """The chunk's requests with their threads, each row with the time it has in the story."""
    from platform_app.support.models import SupportOffer, SupportRequest, SupportRouting, SupportStep

    requests = [
        SupportRequest(
            member_state_id=s.state.id,
            title=s.title,
            needs=s.needs,
            thematic_area_id=s.theme,
            pillar_id=s.pillar,
            urgency=s.urgency,
            status=s.status,
            filed_by_id=s.filed_by,
            first_offer_at=s.first_offer_at,
            closed_at=s.closed_at,
            revision=1,
            created_at=s.filed_at,
            updated_at=s.steps[-1].at,
        )
        for s in chunk
    ]
    bulk_create(SupportRequest, requests, batch_size)
    cites, concerns = SupportRequest.recommendations.through, SupportRequest.working_groups.through
    cite_rows = [
        cites(supportrequest_id=r.pk, recommendation_id=rec)
        for r, s in zip(requests, chunk, strict=True)
        for rec in s.recommendations
    ]
    group_rows = [
        concerns(supportrequest_id=r.pk, workinggroup_id=g)
        for r, s in zip(requests, chunk, strict=True)
        for g in s.groups
    ]
    cites.objects.bulk_create(cite_rows, batch_size=batch_size)
    concerns.objects.bulk_create(group_rows, batch_size=batch_size)

    offers = []
    for request, story in zip(requests, chunk, strict=True):
        for o in story.offers:
            offers.append(
                SupportOffer(
                    request_id=request.pk,
                    organization_id=o.organization,
                    offered_by_id=o.offered_by,
                    description=o.description,
                    project_id=o.project,
                    status=o.status,
                    decided_by_id=o.decided_by,
                    decided_at=o.decided_at,
                    decision_note=o.decision_note,
                    created_at=o.at,
                    updated_at=o.decided_at or o.at,
                )
            )
    bulk_create(SupportOffer, offers, batch_size)

    steps, routings, offer_at = [], [], iter(offers)
    for request, story in zip(requests, chunk, strict=True):
        own_offers = [next(offer_at) for _ in story.offers]
        for st in story.steps:
            step = SupportStep(
                request_id=request.pk,
                offer_id=own_offers[st.offer].pk if st.offer is not None else None,
                action=st.action,
                status=st.status,
                actor_id=st.actor,
                organization_id=st.organization,
                note=st.note,
                at=st.at,
            )
            steps.append((step, st))
    bulk_create(SupportStep, [step for step, _ in steps], batch_size)
    for step, st in steps:
        for kind, target in st.routes:
            routings.append(
                SupportRouting(
                    request_id=step.request_id,
                    working_group_id=target if kind == "group" else None,
                    organization_id=target if kind == "entity" else None,
                    routed_by_id=st.actor,
                    step_id=step.pk,
                    routed_at=st.at,
                )
            )
    bulk_create(SupportRouting, routings, batch_size)

    for model, rows in (
        (SupportRequest, requests),
        (cites, cite_rows),
        (concerns, group_rows),
        (SupportOffer, offers),
        (SupportStep, steps),
        (SupportRouting, routings),
    ):
        written[model._meta.label] += len(rows)


def seed_requests(ctx: SeedContext, progress) -> Counter:
    written: Counter = Counter()
    # A request brings about five more rows, so a chunk holds fewer requests than a batch holds rows.
    for chunk in chunked(stories(ctx), max(1, ctx.batch_size // 5)):
        _write(chunk, ctx.batch_size, written)
        progress(len(chunk))
    return written
