"""The demo's texts in the five official languages besides English, and who writes in which.

fr.py, es.py, ru.py, zh_hans.py and ar.py each hold one language's words, written for the demo: the subjects
of topics.py (keyed by their English wording, so that a text and the themes it is tagged with agree in every
language), titles of documents, posts and Member States' entries, sentences, recommendations. A topic is
written to sit after the prepositions of its own language's templates (French and Spanish with their
article, Russian and Arabic in the genitive), which is why each language has templates of its own rather
than translations of vocabulary.py's.

Who writes in which language: a Member State mostly in its own (a francophone State in French, a member of
the League of Arab States in Arabic, a Latin American State in Spanish, a State of the Commonwealth of
Independent States in Russian, China in Chinese), in English otherwise; a regional organization at times in
its other working languages; the Compact's entities mostly in English, some in French and Spanish, a few in
Arabic, Chinese and Russian (their publications come out in all six).

Codes are the records' (`en fr es ru zh-hans ar`); the library's catalogue of languages names Chinese `zh`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from types import ModuleType

from .. import topics as _topics
from . import ar, es, fr, ru, zh_hans

ENGLISH = "en"
CATALOGUE_CODES = {"zh-hans": "zh"}


def _writing(language: str, codes: str) -> dict[str, str]:
    return dict.fromkeys(codes.split(), language)


# Member States that write in a language besides English, by ISO 3166 alpha-2 code.
STATE_LANGUAGES = {
    # Members of the League of Arab States.
    **_writing("ar", "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM QA SA SO SD SY TN AE YE"),
    # States of la Francophonie whose administration works in French.
    **_writing("fr", "FR BE LU MC SN ML NE BF TD CI CM GN BJ TG GA CG CD CF MG HT BI"),
    # Spain, Equatorial Guinea and the Spanish-speaking States of Latin America.
    **_writing("es", "ES MX GT HN SV NI CR PA CU DO CO VE EC PE BO CL AR PY UY GQ"),
    # States of the Commonwealth of Independent States that work in Russian.
    **_writing("ru", "RU BY KZ KG TJ UZ"),
    "CN": "zh-hans",
}
# How often such a State writes a document in its own language rather than in English.
STATE_SHARE = 0.8
# Regional organizations that write in a working language besides English, and how often (out of 100).
REGIONAL_WEIGHTS = {
    "LAS": {"ar": 80},
    "GCC": {"ar": 60},
    "OIC": {"ar": 30, "fr": 15},
    "AU": {"fr": 25, "ar": 5},
    "OAS": {"es": 45},
    "OSCE": {"ru": 15, "fr": 5},
    "OSCE PA": {"ru": 15, "fr": 5},
    "PAM": {"fr": 20, "ar": 15},
    "EU": {"fr": 15},
}
ENTITY_WEIGHTS = {ENGLISH: 86, "fr": 6, "es": 4, "ru": 1.4, "ar": 1.3, "zh-hans": 1.3}
# Threads of the working groups' spaces, written by the entities' focal points who speak the language.
THREAD_WEIGHTS = {ENGLISH: 70, "fr": 8, "es": 6, "ru": 5.5, "ar": 5.5, "zh-hans": 5}


@dataclass(frozen=True)
class Tongue:
    """One language's words for the demo and how they are put together."""

    code: str
    joiner: str
    topics: dict[str, str]
    document_titles: dict[str, tuple[str, ...]]
    sentences: tuple[str, ...]
    post_titles: tuple[str, ...]
    reply_openings: tuple[str, ...]
    entry_titles: dict[str, tuple[str, ...]]
    overview: str
    recommendations: tuple[str, ...]
    progress_notes: tuple[str, ...]
    version_notes: tuple[str, ...]

    @classmethod
    def of(cls, code: str, module: ModuleType) -> Tongue:
        return cls(
            code=code,
            joiner=module.JOINER,
            topics=module.TOPICS,
            document_titles=module.DOCUMENT_TITLES,
            sentences=module.SENTENCES,
            post_titles=module.POST_TITLES,
            reply_openings=module.REPLY_OPENINGS,
            entry_titles=module.ENTRY_TITLES,
            overview=module.OVERVIEW,
            recommendations=module.RECOMMENDATIONS,
            progress_notes=module.PROGRESS_NOTES,
            version_notes=module.VERSION_NOTES,
        )

    @property
    def catalogue_code(self) -> str:
        return CATALOGUE_CODES.get(self.code, self.code)

    def fill(self, template: str, topic: str) -> str:
        """template with the topic (an English topic of topics.py) in this language, capitalized."""
        text = template.format(topic=self.topics[topic])
        return text[:1].upper() + text[1:]

    def document_title(self, rng: random.Random, document_type: str, topic: str) -> str:
        templates = self.document_titles.get(document_type, self.document_titles["other"])
        return self.fill(rng.choice(templates), topic)

    def paragraph(self, rng: random.Random, sentences: int, topic: str) -> str:
        """Sentences on one topic, no two alike."""
        chosen = rng.sample(self.sentences, min(sentences, len(self.sentences)))
        return self.joiner.join(self.fill(sentence, topic) for sentence in chosen)

    def post_title(self, rng: random.Random, topic: str) -> str:
        return self.fill(rng.choice(self.post_titles), topic)

    def reply(self, rng: random.Random, topic: str) -> str:
        return self.joiner.join((rng.choice(self.reply_openings), self.paragraph(rng, 1, topic)))

    def entry_title(self, rng: random.Random, kind: str, topic: str) -> str:
        return self.fill(rng.choice(self.entry_titles[kind]), topic)

    def recommendation(self, theme: str, action: int) -> str:
        """Recommendation `action` (an index into vocabulary.RECOMMENDATION_ACTIONS) on the thematic area
        named theme, which it speaks of through the area's first topic: distinct themes, distinct texts."""
        return self.fill(self.recommendations[action], _topics.THEME_TOPICS[theme][0])


TONGUES = {
    code: Tongue.of(code, module)
    for code, module in (("fr", fr), ("es", es), ("ru", ru), ("zh-hans", zh_hans), ("ar", ar))
}
# The six languages, English first.
CODES = (ENGLISH, *TONGUES)


def tongue(code: str) -> Tongue | None:
    """The words of language code; None for English, whose words are vocabulary.py's."""
    return TONGUES.get(code)


def catalogue_code(code: str) -> str:
    """The code of the library's catalogue of languages (structure.Language) for a record's language."""
    return CATALOGUE_CODES.get(code, code)


def state_language(iso2: str) -> str:
    """The language a Member State writes in when it does not write in English."""
    return STATE_LANGUAGES.get(iso2, ENGLISH)


def document_language(rng: random.Random, kind: str, acronym: str, iso2: str) -> str:
    """The language an organization (its kind, acronym and ISO code) writes a document in."""
    if kind == "member_state":
        own = state_language(iso2)
        return own if own != ENGLISH and rng.random() < STATE_SHARE else ENGLISH
    weights = ENTITY_WEIGHTS if kind == "entity" else REGIONAL_WEIGHTS.get(acronym, {})
    if kind != "entity":
        weights = {ENGLISH: 100 - sum(weights.values()), **weights}
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def thread_language(rng: random.Random) -> str:
    return rng.choices(list(THREAD_WEIGHTS), weights=list(THREAD_WEIGHTS.values()))[0]


def with_every_language(picked: list, others: list) -> list:
    """picked Member States (base.Org), with one writing in each of the demo's languages: where the draw left a
    language without one (China alone writes in Chinese), the first of others writing in it takes the place of
    the last State drawn that writes in English, so that the other States and the order of the draw stay."""
    picked = list(picked)
    for code in TONGUES:
        if any(state_language(s.iso2) == code for s in picked):
            continue
        writer = next((s for s in others if state_language(s.iso2) == code), None)
        english = [i for i, s in enumerate(picked) if state_language(s.iso2) == ENGLISH]
        if writer is not None and english:
            picked[english[-1]] = writer
    return picked


def spoken_by_users() -> dict[int, set[str]]:
    """The languages (records' codes) each focal point's user speaks."""
    from platform_app.directory.models import FocalPoint

    record_code = {kept: code for code, kept in CATALOGUE_CODES.items()}
    spoken: dict[int, set[str]] = {}
    for user_id, code in FocalPoint.languages.through.objects.values_list("focalpoint__user_id", "language_id"):
        spoken.setdefault(user_id, set()).add(record_code.get(code, code))
    return spoken


def topic_in(text: str) -> str | None:
    """The English topic whose wording in one of the five languages the text holds (the longest one)."""
    found = [(len(words), topic) for t in TONGUES.values() for topic, words in t.topics.items() if words in text]
    return max(found)[1] if found else None
