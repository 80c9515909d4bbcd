"""The thematic resource library: documents with themes, pillars and 1-3 versions each.

Documents were published over the eight years before the demo's day, and put on the platform in the
weeks after; each title is drawn for the document's first theme (a working group's document, for one
of the group's themes). A share is written in another official language than English, the one its
organization writes in (languages.py), drawn from a stream of its own, so that who publishes what, when
and for whom is drawn the same whatever the language.

Each version points at a sample file written in its document's language (in English where a language has
none, files.py), drawn from a stream of its own too, and comes with its text as the library's extractor reads
it from that file, so that the library's search finds the demo's documents by what their files say.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

from django.db.models import Q
from django.utils.text import slugify

from platform_app.library.extraction import Extracted

from . import languages, vocabulary
from .base import Row, SeedContext, WeightedPool, at_work, before, sample_ids, weighted
from .files import SampleFile, sample_files, sample_texts

TYPE_WEIGHTS = {
    "report": 18,
    "publication": 12,
    "guidance": 10,
    "policy": 8,
    "meeting_summary": 14,
    "concept_note": 12,
    "presentation": 10,
    "statement": 6,
    "training": 6,
    "other": 4,
}
VISIBILITY_WEIGHTS = {"platform": 80, "working_group": 12, "restricted": 8}
OWNER_KIND_WEIGHTS = {"entity": 72, "member_state": 16, "regional_org": 12}
VERSION_NOTES = (
    "Revised after comments from Member States.",
    "Updated figures.",
    "Final version.",
    "Corrected annex.",
    "Translation added.",
)
PUBLISHED_DAYS = 8 * 365


def document_rows(ctx: SeedContext) -> Iterator[Row]:
    from platform_app.library.models import Document, DocumentVersion

    files = files_by_language()
    texts = sample_texts()
    files_rng = ctx.rng("document-files")
    rng = ctx.rng("documents")
    ref = ctx.ref
    owners = {"entity": ref.entities, "member_state": ref.engaged_states, "regional_org": ref.regional}
    sharing_pool = ref.entities + ref.engaged_states + ref.regional
    last_day = ctx.today - timedelta(days=1)
    words_rng = ctx.rng("document-languages")
    for _ in range(ctx.plan.documents):
        org = rng.choice(owners[weighted(rng, OWNER_KIND_WEIGHTS)])
        document_type = weighted(rng, TYPE_WEIGHTS)
        visibility = weighted(rng, VISIBILITY_WEIGHTS)
        group = None
        if visibility == "working_group" or rng.random() < 0.08:
            group = rng.choice(ref.groups_of(org.id) or ref.groups)
        theme, topic = ref.subject(rng, group)
        region = rng.choice(vocabulary.REGIONS) if rng.random() < 0.6 else ""
        published = last_day - timedelta(days=rng.randrange(PUBLISHED_DAYS))
        # An annual report covers the year before it came out.
        title = vocabulary.document_title(rng, document_type, topic=topic, region=region, year=published.year - 1)
        allowed = []
        if visibility == "restricted":
            allowed = [org.id, *sample_ids(rng, sharing_pool, 1, 4, exclude=[org.id])]
        uploader = ctx.user_of(rng, org.id)
        uploaded = before(
            rng,
            at_work(rng, published + timedelta(days=rng.randint(0, 30))),
            ctx.now,
            after=datetime.combine(published, time(0), tzinfo=UTC),
        )
        description = vocabulary.paragraph(rng, rng.randint(1, 3), topic=topic, region=region)
        code = languages.document_language(words_rng, org.kind, org.acronym, org.iso2)
        words = languages.tongue(code)
        if words:
            title = words.document_title(words_rng, document_type, topic)
            description = words.paragraph(words_rng, words_rng.randint(1, 3), topic)
        document = Document(
            title=title,
            description=description,
            document_type=document_type,
            language_id=languages.catalogue_code(code),
            working_group_id=group.id if group else None,
            organization_id=org.id,
            uploaded_by_id=uploader,
            visibility=visibility,
            published_on=published,
            created_at=uploaded,
        )
        m2m = {
            "themes": ref.tags(rng, theme),
            "pillars": sample_ids(rng, ref.pillars, 0, 2),
            "allowed_organizations": allowed,
        }
        stem = slugify(title)[:80] or "document"
        versions = []
        revised = uploaded
        for number in range(1, weighted(rng, {1: 55, 2: 30, 3: 15}) + 1):
            # The file is drawn from a stream of its own; this stream draws once in its place, so that the dates
            # and notes drawn after it stay what they are whatever the pool of files holds.
            rng.random()
            sample = files.get(code, files[languages.ENGLISH]).draw(files_rng)
            if number > 1:
                revised = before(
                    rng,
                    revised + timedelta(days=rng.randint(3, 90), minutes=rng.randrange(600)),
                    ctx.now,
                    after=revised,
                )
            version = DocumentVersion(
                number=number,
                file=sample.name,
                original_filename=f"{stem}-v{number}.{sample.extension}",
                content_type=sample.content_type,
                size=sample.size,
                sha256=sample.sha256,
                note=version_note(rng, words) if number > 1 else "",
                uploaded_by_id=uploader,
                created_at=revised,
            )
            text = version_text(texts[sample.name], sample, read_at=revised)
            versions.append(("document_id", Row(version, children=[("version_id", Row(text))])))
        document.updated_at = revised
        yield Row(document, m2m=m2m, children=versions)


def files_by_language() -> dict[str, WeightedPool]:
    """The sample files of each language (a record's code), PDF three times as likely as each other kind."""
    found: dict[str, list[SampleFile]] = {}
    for sample in sample_files():
        found.setdefault(sample.language, []).append(sample)
    return {
        code: WeightedPool(samples, [3 if s.extension == "pdf" else 1 for s in samples])
        for code, samples in found.items()
    }


def version_text(extracted: Extracted, sample: SampleFile, *, read_at: datetime | None):
    """The text of a version pointing at `sample`, as the library keeps what its extractor read (`extracted`),
    read as the version was uploaded."""
    from platform_app.library.models import DocumentText

    return DocumentText(
        status=extracted.status,
        reason=extracted.reason[:1000],
        content=extracted.text,
        pages=extracted.pages,
        words=extracted.words,
        sha256=sample.sha256,
        extracted_at=read_at,
    )


def realign_versions(samples: list[SampleFile]) -> int:
    """Brings the versions pointing at a sample file that is no longer what they recorded (a new WeasyPrint or
    other fonts lay a PDF out anew) in line with it: their size, type and digest, and their text as read from
    it. Answers how many sample files had such versions."""
    from platform_app.library.models import DocumentText, DocumentVersion

    stale = Q()
    for sample in samples:
        stale |= Q(file=sample.name) & ~Q(sha256=sample.sha256)
    changed = set(DocumentVersion.objects.filter(stale).values_list("file", flat=True).distinct())
    texts = sample_texts()
    for sample in samples:
        if sample.name not in changed:
            continue
        DocumentVersion.objects.filter(file=sample.name).update(
            size=sample.size, sha256=sample.sha256, content_type=sample.content_type
        )
        text = version_text(texts[sample.name], sample, read_at=None)
        DocumentText.objects.filter(version__file=sample.name).update(
            status=text.status,
            reason=text.reason,
            content=text.content,
            pages=text.pages,
            words=text.words,
            sha256=text.sha256,
        )
    return len(changed)


def version_note(rng, words: languages.Tongue | None) -> str:
    note = rng.randrange(len(VERSION_NOTES))
    return (words.version_notes if words else VERSION_NOTES)[note]


def document_key(document) -> dict:
    """The fields a document is found by."""
    return {
        "title": document.title,
        "organization_id": document.organization_id,
        "published_on": document.published_on,
        "document_type": document.document_type,
    }
