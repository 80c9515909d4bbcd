"""What the demo's sample files say: a title and a few paragraphs each, in the six official languages.

The text is the demo's own, drawn from its words (vocabulary.py in English, languages/ in the others) from a
stream of its own, so that it is the same at every run. Each file speaks of a subject of its own first and of
subjects of the same thematic area after it, so that files share the words of their subjects; and each names
the city it was prepared in, which no other file names, so that every file also has words no other holds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import languages, places, vocabulary
from .base import SEED

# The kind of each file of a language, with the type of document it reads as: PDF most, as in the library.
KINDS = (
    ("pdf", "report"),
    ("pdf", "publication"),
    ("pdf", "meeting_summary"),
    ("docx", "guidance"),
    ("docx", "concept_note"),
    ("odt", "policy"),
    ("pptx", "presentation"),
)
PARAGRAPHS = 5
# Sentences in a paragraph, at least and at most.
SENTENCES = (5, 7)
YEARS = (2022, 2023, 2024, 2025)

# The line naming where a file was prepared, in each language; the city keeps its English name.
PREPARED_IN = {
    "en": "Prepared in {city}, {year}.",
    "fr": "Document établi à {city}, {year}.",
    "es": "Documento elaborado en {city}, {year}.",
    "ru": "Место подготовки: {city}, {year} год.",
    "zh-hans": "编写地点：{city}，{year}年。",  # noqa: RUF001 - Chinese punctuation
    "ar": "أُعدّت هذه الوثيقة في {city}، {year}.",
}


@dataclass(frozen=True)
class Prose:
    """The text of one sample file: its language (a record's code), kind, title and paragraphs; the first
    paragraph is the line naming its city."""

    language: str
    extension: str
    title: str
    paragraphs: tuple[str, ...]
    city: str


def sample_prose() -> list[Prose]:
    """The text of every sample file, language by language in the order of languages.CODES."""
    rng = random.Random(f"{SEED}-sample-prose")
    cities = iter(_cities(rng))
    found = []
    for code in languages.CODES:
        subjects = rng.sample(vocabulary.TOPICS, len(KINDS))
        for (extension, document_type), topic in zip(KINDS, subjects, strict=True):
            found.append(_prose(rng, code, extension, document_type, topic, next(cities)))
    return found


def _prose(rng: random.Random, code: str, extension: str, document_type: str, topic: str, city: str) -> Prose:
    words = languages.tongue(code)
    year = rng.choice(YEARS)
    region = rng.choice(vocabulary.REGIONS)
    if words:
        title = words.document_title(rng, document_type, topic)
    else:
        title = vocabulary.document_title(rng, document_type, topic=topic, region=region, year=year - 1)
    paragraphs = [PREPARED_IN[code].format(city=city, year=year)]
    for subject in _subjects(rng, topic):
        sentences = rng.randint(*SENTENCES)
        if words:
            paragraphs.append(words.paragraph(rng, sentences, subject))
        else:
            paragraphs.append(vocabulary.paragraph(rng, sentences, topic=subject, region=region))
    return Prose(code, extension, title, tuple(paragraphs), city)


def _subjects(rng: random.Random, topic: str) -> list[str]:
    """The file's own topic first, then others of its thematic area, then any others."""
    kin = [t for t in vocabulary.THEME_TOPICS[vocabulary.THEME_OF_TOPIC[topic]] if t != topic]
    others = [t for t in vocabulary.TOPICS if t != topic and t not in kin]
    chosen = rng.sample(kin, min(len(kin), 2))
    return [topic, *chosen, *rng.sample(others, PARAGRAPHS - 1 - len(chosen))]


def _cities(rng: random.Random) -> list[str]:
    """Cities in a drawn order, each once: a file names the next one not yet named."""
    names = sorted({name for cities in places.CITIES.values() for name, _ in cities})
    rng.shuffle(names)
    return names
