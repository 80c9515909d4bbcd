"""Member States' pages in the demo data: a handful of States have a page with an overview and entries of
every kind and audience, written as the State's focal point would have: Kenya and Norway always (in
English), and one State writing in each of the five other official languages, in its language."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from . import languages, vocabulary
from .base import REQUIRED_STATES, Org, SeedContext, sample_ids, weighted
from .support import DEMO_ENTITY, KENYA, NORWAY_ENTITY, _at, demo_user_by_org

PAGE_STATES = len(REQUIRED_STATES) + len(languages.TONGUES)
# Entries speak of the three and a half years before the demo's day.
ENTRY_DAYS = 3 * 365 + 180
ENTRY_TITLES = {
    "priority": (
        "National priority: {topic}",
        "Strengthening national capacities on {topic}",
        "A national strategy on {topic}",
    ),
    "challenge": ("Gaps in {topic}", "Limited resources for {topic}", "Coordination challenges in {topic}"),
    "good_practice": (
        "Good practice in {topic}",
        "Lessons learned on {topic}",
        "A whole-of-society approach to {topic}",
    ),
}


OVERVIEW = (
    "{state} has adopted a national counter-terrorism strategy and an action plan that brings together "
    "its ministries, law enforcement and civil society."
)


# -- country pages --------------------------------------------------------------------------------


def page_states(ctx: SeedContext) -> list[Org]:
    ref = ctx.ref
    rng = ctx.rng("country-page-states")
    required = [ref.by_iso2[code] for code in REQUIRED_STATES if code in ref.by_iso2]
    picked = []
    for code in languages.TONGUES:
        writers = [s for s in ref.engaged_states if languages.state_language(s.iso2) == code]
        if writers:
            picked.append(rng.choice(writers))
    return required + sorted(picked, key=lambda o: o.iso2)


def pages_present(ctx: SeedContext) -> bool:
    from platform_app.countries.models import CountryPage

    states = page_states(ctx)
    return not states or CountryPage.objects.filter(member_state_id=states[0].id).exists()


def seed_pages(ctx: SeedContext, progress) -> Counter:
    from platform_app.countries.models import CountryEntry, CountryPage

    rng = ctx.rng("country-pages")
    ref = ctx.ref
    written: Counter = Counter()
    kinds = [k for k, _ in CountryEntry.Kind.choices]
    audiences = [a for a, _ in CountryEntry.Audience.choices]
    named_pool = ref.entities + ref.regional
    demo_users = demo_user_by_org(ctx)
    for state in page_states(ctx):
        users = ctx.users_by_org.get(state.id, [])
        author = demo_users.get(state.id) or (users[0] if users else None)
        code = languages.state_language(state.iso2)
        words = languages.tongue(code)
        if words:
            overview = [words.overview, words.paragraph(rng, 3, rng.choice(vocabulary.TOPICS))]
        else:
            overview = [OVERVIEW.format(state=state.name), vocabulary.paragraph(rng, 3)]
        page = CountryPage.objects.create(
            member_state_id=state.id, overview="\n\n".join(overview), updated_by_id=author
        )
        written[CountryPage._meta.label] += 1
        required = state.iso2 in REQUIRED_STATES
        count = 6 if required else rng.randint(3, 5)
        entries, named = [], []
        for i in range(count):
            # Kenya's and Norway's pages carry every kind and every audience.
            kind = kinds[i % 3] if required else rng.choice(kinds)
            audience = (
                audiences[(i + i // 3) % 3] if required else weighted(rng, {"platform": 6, "entities": 2, "named": 2})
            )
            theme, topic = ref.subject(rng)
            if words:
                title, text = words.entry_title(rng, kind, topic), words.paragraph(rng, 2, topic)
            else:
                title = vocabulary.fill(rng, rng.choice(ENTRY_TITLES[kind]), topic=topic)
                text = vocabulary.paragraph(rng, 2, topic=topic)
            entry = CountryEntry(
                page=page,
                kind=kind,
                title=title,
                text=text,
                language=code,
                dated_on=ctx.today - timedelta(days=rng.randint(1, ENTRY_DAYS)),
                pillar_id=rng.choice(ref.pillars) if ref.pillars and rng.random() < 0.7 else None,
                # Tagged with the theme its title was drawn for, or left untagged.
                thematic_area_id=theme.id if rng.random() < 0.7 else None,
                audience=audience,
                created_by_id=author,
            )
            entries.append(entry)
            if audience == "named":
                allowed = sample_ids(rng, named_pool, 1, 3)
                demo = ref.by_acronym.get(DEMO_ENTITY if state.iso2 == KENYA else NORWAY_ENTITY)
                if demo and demo.id not in allowed and state.iso2 in REQUIRED_STATES:
                    allowed.append(demo.id)
                named.append((entry, allowed))
        CountryEntry.objects.bulk_create(entries, batch_size=ctx.batch_size)
        through = CountryEntry.allowed_organizations.through
        through.objects.bulk_create(
            [through(countryentry_id=entry.pk, organization_id=org) for entry, allowed in named for org in allowed]
        )
        written[CountryEntry._meta.label] += len(entries)
        written[through._meta.label] += sum(len(allowed) for _, allowed in named)
        # Written as of a fixed day rather than the day of the run.
        stamp = _at(max(e.dated_on for e in entries), 0)
        CountryEntry.objects.filter(page=page).update(created_at=stamp, updated_at=stamp)
        CountryPage.objects.filter(pk=page.pk).update(created_at=stamp, updated_at=stamp)
        progress(1)
    return written
