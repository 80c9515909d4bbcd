"""The demo data speaks the six official languages: documents, working-group posts, Member States' entries and
CTED recommendations in each, written by those who would write in it, each record naming the language its
text is in."""

import random

import pytest
from django.core.management import call_command

from platform_app.core.languages import detect_language
from platform_app.countries.models import CountryEntry
from platform_app.cted.models import Recommendation
from platform_app.demo import languages, topics, vocabulary
from platform_app.library.models import Document
from workinggroups.models import Post

SIX = ("en", "fr", "es", "ru", "zh-hans", "ar")


def test_every_language_has_words_for_every_subject_and_kind_of_text():
    assert languages.CODES == SIX
    for code, words in languages.TONGUES.items():
        assert set(words.topics) == set(topics.TOPICS), code
        assert set(words.document_titles) == set(vocabulary.DOCUMENT_TITLES), code
        assert set(words.entry_titles) == {"priority", "challenge", "good_practice"}, code
        assert len(words.recommendations) == len(vocabulary.RECOMMENDATION_ACTIONS), code
        assert len(words.progress_notes) == len(vocabulary.PROGRESS_NOTES), code
        templates = [
            *(t for ts in words.document_titles.values() for t in ts),
            *(t for ts in words.entry_titles.values() for t in ts),
            *words.post_titles,
            *words.sentences,
            *words.recommendations,
        ]
        assert all("{topic}" in template for template in templates), code
        # No subject's wording holds another's, so that the subject of a text is told by its words alone.
        wordings = list(words.topics.values())
        assert not [(a, b) for a in wordings for b in wordings if a != b and a in b], code


def test_a_text_in_each_language_is_read_as_that_language_and_speaks_of_its_subject():
    rng = random.Random(7)
    for code, words in languages.TONGUES.items():
        for topic in topics.TOPICS:
            for text in (
                words.document_title(rng, rng.choice(list(vocabulary.DOCUMENT_TITLES)), topic),
                words.post_title(rng, topic),
                words.entry_title(rng, rng.choice(["priority", "challenge", "good_practice"]), topic),
                words.paragraph(rng, 2, topic),
                words.reply(rng, topic),
            ):
                assert detect_language(text) == code, text
                assert languages.topic_in(text) == topic, text
                assert text == text.strip() and "  " not in text and text[:1] == text[:1].upper(), text


def test_recommendations_of_one_report_differ_in_every_language():
    themes = list(topics.THEME_TOPICS)
    for words in languages.TONGUES.values():
        texts = [words.recommendation(theme, action) for theme in themes for action in range(10)]
        assert len(set(texts)) == len(texts)


def test_each_member_state_writes_in_one_language_and_china_in_chinese():
    assert languages.state_language("CN") == "zh-hans"
    assert languages.state_language("SN") == "fr"
    assert languages.state_language("EG") == "ar"
    assert languages.state_language("MX") == "es"
    assert languages.state_language("KZ") == "ru"
    assert languages.state_language("KE") == languages.state_language("NO") == "en"
    rng = random.Random(1)
    drawn = {languages.document_language(rng, "entity", "UNODC", "") for _ in range(2000)}
    assert drawn == set(SIX)
    assert {languages.document_language(rng, "member_state", "", "NO") for _ in range(50)} == {"en"}
    assert {languages.document_language(rng, "regional_org", "LAS", "") for _ in range(200)} == {"en", "ar"}


@pytest.fixture
def scale_one(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", scale="1", quiet=True)


def test_scale_one_has_documents_posts_entries_and_recommendations_in_each_language(scale_one):
    counts = {
        code: (
            Document.objects.filter(language_id=languages.catalogue_code(code)).count(),
            Post.objects.filter(language=code).count(),
            CountryEntry.objects.filter(language=code).count(),
            Recommendation.objects.filter(language=code).count(),
        )
        for code in SIX
    }
    for code, (documents, posts, entries, recommendations) in counts.items():
        # A dozen documents, several posts and entries, a few recommendations.
        assert documents >= 12 and posts >= 3 and entries >= 3 and recommendations >= 3, (code, counts[code])
    # Most of the library is still in English.
    assert counts["en"][0] > Document.objects.count() / 2

    # Each record names the language its text is written in.
    for model, fields, language, named in (
        (Document, ("title", "description"), "language_id", languages.catalogue_code),
        (Post, ("title", "body"), "language", str),
        (CountryEntry, ("title", "text"), "language", str),
        (Recommendation, ("text",), "language", str),
    ):
        for *texts, code in model.objects.values_list(*fields, language):
            assert named(detect_language("\n".join(texts))) == code, (model.__name__, texts)

    # Written by those who would write in that language.
    for iso2, code in Document.objects.filter(organization__kind="member_state").values_list(
        "organization__iso_alpha2", "language_id"
    ):
        assert code in ("en", languages.catalogue_code(languages.state_language(iso2))), (iso2, code)
    for model, state in (
        (CountryEntry, "page__member_state__iso_alpha2"),
        (Recommendation, "assessment__member_state__iso_alpha2"),
    ):
        for iso2, code in model.objects.values_list(state, "language"):
            assert code == languages.state_language(iso2), (model.__name__, iso2, code)
    spoken = languages.spoken_by_users()
    for author, code in Post.objects.filter(parent=None).exclude(language="en").values_list("author_id", "language"):
        assert code in spoken[author]
    for code, parent_code in Post.objects.exclude(parent=None).values_list("language", "parent__language"):
        assert code == parent_code
