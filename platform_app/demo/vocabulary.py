"""Words the demo data is made of, shared by the seed generators and the test factories.

Every helper takes the caller's `random.Random`, so the same seed gives the same text.
"""

from __future__ import annotations

import functools
import random
import re
import string
import unicodedata

from .topics import GROUP_THEMES, THEME_TOPICS, TOPICS
from .topics import THEME_OF_TOPIC as THEME_OF_TOPIC

REGIONS = (
    "in East Africa",
    "in the Sahel",
    "in the Lake Chad Basin",
    "in West Africa",
    "in the Horn of Africa",
    "in North Africa",
    "in Southern Africa",
    "in Central Asia",
    "in South Asia",
    "in South-East Asia",
    "in the Middle East",
    "in the Western Balkans",
    "in Europe",
    "in Latin America",
    "in the Caribbean",
    "in the Pacific",
)

DOCUMENT_TITLES = {
    "report": (
        "Report on {topic} {region}",
        "Annual report {year}: {topic}",
        "Mapping of {topic} {region}",
        "Gap analysis: {topic}",
        "Progress report on {topic}",
    ),
    "publication": (
        "Handbook on {topic}",
        "Compendium of good practices on {topic}",
        "Study on {topic} {region}",
        "Trends in {topic} {region}",
    ),
    "guidance": (
        "Guidance note on {topic}",
        "Technical guide to {topic}",
        "Toolkit on {topic}",
        "Model legislative provisions on {topic}",
        "Checklist for {topic}",
    ),
    "policy": (
        "Policy brief: {topic}",
        "Position paper on {topic}",
        "Policy options for {topic} {region}",
    ),
    "meeting_summary": (
        "Summary of the expert group meeting on {topic}",
        "Chair's summary: consultation on {topic}",
        "Outcome of the regional workshop on {topic} {region}",
    ),
    "concept_note": (
        "Concept note: regional workshop on {topic} {region}",
        "Agenda of the expert meeting on {topic}",
        "Concept note: high-level conference on {topic}",
    ),
    "presentation": (
        "Presentation: {topic}",
        "Briefing slides on {topic} {region}",
    ),
    "statement": (
        "Statement on {topic}",
        "Opening remarks: conference on {topic}",
        "Joint statement on {topic} {region}",
    ),
    "training": (
        "Training manual on {topic}",
        "E-learning module: {topic}",
        "Trainer's guide on {topic}",
    ),
    "other": (
        "Information note on {topic}",
        "Fact sheet: {topic}",
        "Frequently asked questions on {topic}",
    ),
}

# A title with {country} is for an event about one State, with {region} for one about the States of a
# region; the others suit any event. event_title draws among those the values given allow.
EVENT_TITLES = {
    "high_level": (
        "High-level conference on {topic}",
        "High-level dialogue on {topic} {region}",
        "Ministerial meeting on {topic}",
    ),
    "meeting": (
        "Expert group meeting on {topic}",
        "Coordination meeting on {topic} {region}",
        "National coordination meeting on {topic} in {country}",
    ),
    "conference": ("International conference on {topic}", "Regional conference on {topic} {region}"),
    "workshop": (
        "Regional workshop on {topic} {region}",
        "Training course on {topic}",
        "National workshop on {topic} in {country}",
    ),
    "webinar": ("Webinar: {topic}", "Online briefing on {topic}"),
    "side_event": ("Side event on {topic}", "General Assembly side event: {topic}"),
    "visit": (
        "Technical assistance mission to {country} on {topic}",
        "Scoping visit to {country} on {topic}",
        "Joint assessment mission {region} on {topic}",
    ),
    "member_state_engagement": (
        "Briefing to Member States on {topic}",
        "Informal consultation with Member States on {topic}",
        "Consultation with the authorities of {country} on {topic}",
    ),
    "civil_society": (
        "Dialogue with civil society on {topic}",
        "Roundtable with academia and the private sector on {topic}",
    ),
    "other": ("Launch of the report on {topic}", "Exhibition on {topic}"),
}

PROJECT_TITLES = (
    "Strengthening capacities for {topic} {region}",
    "Global programme on {topic}",
    "Enhancing cooperation on {topic} {region}",
    "Support to Member States on {topic}",
    "Integrated assistance on {topic} {region}",
    "Regional initiative on {topic} {region}",
)

ACTIVITIES = (
    "Develop a joint guidance note on {topic}",
    "Organize an expert meeting on {topic}",
    "Map existing initiatives on {topic}",
    "Compile good practices on {topic}",
    "Prepare a joint briefing to Member States on {topic}",
    "Update the online knowledge hub on {topic}",
    "Design a joint project proposal on {topic}",
    "Review the implementation of recommendations on {topic}",
)

POST_TITLES = (
    "Call for inputs: {topic}",
    "Comments welcome on the draft note on {topic}",
    "Upcoming webinar on {topic}",
    "Request for information: {topic}",
    "New guidance on {topic}",
    "Good practices wanted: {topic}",
)

REPLY_OPENINGS = (
    "Thank you for sharing.",
    "Many thanks, this is very useful.",
    "Please find our comments below.",
    "Our team would be glad to contribute.",
    "We support this proposal.",
)

SENTENCES = (
    "The discussion focused on {topic}.",
    "Participants exchanged national and regional experiences on {topic}.",
    "The meeting identified gaps and priorities for {topic}.",
    "Follow-up actions include a joint mapping of {topic}.",
    "The group agreed to share good practices on {topic} before the next meeting.",
    "Member States requested further technical assistance on {topic}.",
    "It draws on lessons learned {region}.",
    "It is intended for policymakers and practitioners working on {topic}.",
    "Entities were invited to contribute to the joint work on {topic}.",
    "A short survey on {topic} will be circulated to focal points.",
)

RECOMMENDATION_ACTIONS = (
    "Consider strengthening the legal framework for {theme}.",
    "Establish an inter-agency coordination mechanism for {theme}.",
    "Develop specialized training for practitioners on {theme}.",
    "Enhance international and regional cooperation on {theme}.",
    "Adopt a comprehensive national strategy covering {theme}.",
    "Ensure that measures on {theme} comply with international human rights law.",
    "Allocate adequate resources to the authorities responsible for {theme}.",
    "Strengthen the collection and analysis of data on {theme}.",
    "Engage civil society in the design of policies on {theme}.",
    "Conduct a risk assessment on {theme} and update it regularly.",
)

# Why a workplan activity past its due date is not completed (the workplan has no field of its own for it).
DELAY_REASONS = (
    "Delayed: the expert meeting it depends on was postponed.",
    "Delayed: inputs from Member States are still awaited.",
    "Delayed: funding for this activity is being mobilized.",
    "Deferred to the next workplan at the request of the members.",
    "Delayed: the lead entity asked for more time to consult partners.",
)

PROGRESS_NOTES = (
    "A draft law is before Parliament.",
    "Training of the relevant officials started this year.",
    "An inter-ministerial working group has been set up.",
    "Implemented through a national action plan adopted recently.",
    "Technical assistance has been requested from Compact entities.",
)

JOB_TITLES_ENTITY = (
    "Programme Officer",
    "Programme Management Officer",
    "Political Affairs Officer",
    "Legal Officer",
    "Human Rights Officer",
    "Senior Policy Adviser",
    "Counter-Terrorism Adviser",
    "Head of Unit",
    "Coordination Officer",
    "Knowledge Management Officer",
    "Associate Expert",
    "Chief of Section",
)
JOB_TITLES_STATE = (
    "First Secretary",
    "Second Secretary",
    "Counsellor",
    "Minister Counsellor",
    "Police Attaché",
    "Director, Counter-Terrorism Department",
    "Legal Adviser",
    "Desk Officer, Counter-Terrorism",
    "Head of International Cooperation",
)
JOB_TITLES_REGIONAL = (
    "Counter-Terrorism Coordinator",
    "Senior Adviser",
    "Programme Manager",
    "Liaison Officer",
    "Head of Department",
)
DEPARTMENTS_STATE = (
    "Permanent Mission to the United Nations",
    "Ministry of Foreign Affairs",
    "Ministry of the Interior",
    "Ministry of Justice",
    "National Counter-Terrorism Centre",
    "Financial Intelligence Unit",
    "National Police",
)
DEPARTMENTS_INTERNATIONAL = (
    "Policy and Coordination",
    "Programme Management",
    "Capacity-Building",
    "Legal Affairs",
    "Human Rights",
    "Partnerships and Resource Mobilization",
    "Executive Office",
)

# Where international officials sit, with the zone their calendar is shown in.
DUTY_STATIONS = (
    ("New York", "America/New_York"),
    ("New York", "America/New_York"),
    ("Vienna", "Europe/Vienna"),
    ("Geneva", "Europe/Zurich"),
    ("Nairobi", "Africa/Nairobi"),
    ("Paris", "Europe/Paris"),
    ("Rome", "Europe/Rome"),
    ("The Hague", "Europe/Amsterdam"),
    ("Lyon", "Europe/Paris"),
    ("Brussels", "Europe/Brussels"),
    ("Turin", "Europe/Rome"),
    ("Doha", "Asia/Qatar"),
    ("Bangkok", "Asia/Bangkok"),
    ("Dakar", "Africa/Dakar"),
)

# Event venues and their zones; "Online" events are shown in UTC.
VENUES = (
    ("New York", "America/New_York"),
    ("New York", "America/New_York"),
    ("Vienna", "Europe/Vienna"),
    ("Geneva", "Europe/Zurich"),
    ("Nairobi", "Africa/Nairobi"),
    ("Abuja", "Africa/Lagos"),
    ("Addis Ababa", "Africa/Addis_Ababa"),
    ("Rabat", "Africa/Casablanca"),
    ("Doha", "Asia/Qatar"),
    ("Dushanbe", "Asia/Dushanbe"),
    ("Bangkok", "Asia/Bangkok"),
    ("Madrid", "Europe/Madrid"),
    ("Brussels", "Europe/Brussels"),
    ("Panama City", "America/Panama"),
    ("Online", "UTC"),
    ("Online", "UTC"),
)

ORDINALS = (
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
)


def ordinal(n: int) -> str:
    if 1 <= n <= len(ORDINALS):
        return ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def fill(rng: random.Random, template: str, **values: object) -> str:
    """A template with {topic}, {region} and {year} drawn when the caller does not give them.

    A value may be empty (no region): the words around it close up, so that no space is left before
    a full stop or a comma ("lessons learned." rather than "lessons learned .").
    """
    if "{topic}" in template and "topic" not in values:
        values["topic"] = rng.choice(TOPICS)
    if "{region}" in template and "region" not in values:
        values["region"] = rng.choice(REGIONS) if rng.random() < 0.6 else ""
    if "{year}" in template and "year" not in values:
        values["year"] = rng.randint(2018, 2025)
    text = " ".join(template.format(**values).split())
    return capitalize(_SPACE_BEFORE_PUNCTUATION.sub("", text))


_SPACE_BEFORE_PUNCTUATION = re.compile(r" +(?=[.,;:!?)])")


def topic_for(rng: random.Random, theme: str) -> str:
    """A subject of the thematic area named theme (one of the reference data's names)."""
    return rng.choice(THEME_TOPICS.get(theme) or (theme[:1].lower() + theme[1:],))


def related_themes(theme: str) -> tuple[str, ...]:
    """The other themes of the working groups whose space speaks of theme: what a text on it may also be
    tagged with."""
    return tuple(other for themes in GROUP_THEMES.values() if theme in themes for other in themes if other != theme)


@functools.cache
def _fields(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def document_title(rng: random.Random, document_type: str = "other", **values: object) -> str:
    return fill(rng, rng.choice(DOCUMENT_TITLES.get(document_type, DOCUMENT_TITLES["other"])), **values)


def event_title(rng: random.Random, kind: str = "meeting", **values: object) -> str:
    """A title of an event of kind; one naming a country or a region only when the caller gives it."""
    given = {"topic", "year"} | {name for name, value in values.items() if value}
    templates = [t for t in EVENT_TITLES.get(kind, EVENT_TITLES["other"]) if _fields(t) <= given]
    templates = templates or [t for t in EVENT_TITLES["other"] if _fields(t) <= given]
    return fill(rng, rng.choice(templates), **values)


def project_title(rng: random.Random, **values: object) -> str:
    return fill(rng, rng.choice(PROJECT_TITLES), **values)


def activity_title(rng: random.Random, **values: object) -> str:
    return fill(rng, rng.choice(ACTIVITIES), **values)


def post_title(rng: random.Random, **values: object) -> str:
    return fill(rng, rng.choice(POST_TITLES), **values)


def paragraph(rng: random.Random, sentences: int = 2, **values: object) -> str:
    """Sentences on one subject, no two alike."""
    chosen = rng.sample(SENTENCES, min(sentences, len(SENTENCES)))
    return " ".join(fill(rng, sentence, **values) for sentence in chosen)


def recommendation_text(rng: random.Random, theme: str, action: int | None = None) -> str:
    """A recommendation on theme; action (an index into RECOMMENDATION_ACTIONS) is drawn when not given."""
    template = RECOMMENDATION_ACTIONS[action] if action is not None else rng.choice(RECOMMENDATION_ACTIONS)
    return fill(rng, template, theme=theme[:1].lower() + theme[1:])


# Names of Member States that take "the" in running text ("a mission to the Philippines").
_WITH_ARTICLE = {
    "Bahamas",
    "Central African Republic",
    "Comoros",
    "Congo",
    "Dominican Republic",
    "Gambia",
    "Maldives",
    "Marshall Islands",
    "Netherlands (Kingdom of the)",
    "Niger",
    "Philippines",
    "Russian Federation",
    "Solomon Islands",
    "Sudan",
    "Syrian Arab Republic",
}
_WITH_ARTICLE_PREFIXES = ("Democratic ", "Lao ", "Republic of ", "United ")


def in_text(country: str) -> str:
    """A Member State's name as it reads inside a sentence: "the Philippines", "Kenya"."""
    if country in _WITH_ARTICLE or country.startswith(_WITH_ARTICLE_PREFIXES):
        return f"the {country}"
    return country


def ascii_slug(text: str, separator: str = "") -> str:
    """Lower-case ASCII letters only: usernames and email local parts built from names."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = ["".join(ch for ch in word if ch.isalpha()) for word in plain.lower().split()]
    return separator.join(word for word in words if word)
