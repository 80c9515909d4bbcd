"""Free-text search of the API lists (platform_app.core.search).

The tests without a marker run on whichever database is configured and expect the same rows on
SQLite (substring matching) and PostgreSQL (stored search vectors), since they search whole words.
"""

import re
from datetime import date

import pytest
from django.db import connection
from rest_framework.exceptions import ValidationError

from newsletters.models import NewsletterIssue
from platform_app.calendar.models import Event
from platform_app.core.search import SEARCH_MAX_LENGTH, apply_search
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.directory.models import FocalPoint, Organization
from platform_app.library.models import Document, DocumentVersion
from platform_app.projects.models import Appeal, Project
from platform_app.structure.models import Language, WorkingGroup
from tests.factories import (
    DocumentFactory,
    EventFactory,
    FocalPointFactory,
    ProjectFactory,
    RecommendationFactory,
    UserFactory,
    reference_org,
)
from workinggroups.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(reference):
    """Three documents whose words overlap: "border" in two, "management" in two, both only in one."""
    return {
        "sahel": DocumentFactory(
            title="Border management in the Sahel",
            description="Joint patrols at crossing points.",
            version=None,
        ),
        "finance": DocumentFactory(
            title="Countering the financing of terrorism",
            description="Border cooperation between financial intelligence units.",
            version=None,
        ),
        "prisons": DocumentFactory(
            title="Management of prisons",
            description="Rehabilitation and reintegration programmes.",
            version=None,
        ),
    }


def found(library, text):
    """The keys of the library documents that a search for `text` returns."""
    by_pk = {doc.pk: key for key, doc in library.items()}
    pks = apply_search(Document.objects.all(), text).values_list("pk", flat=True)
    return {by_pk[pk] for pk in pks if pk in by_pk}


def vector_of(model, pk):
    return model.objects.filter(pk=pk).values_list("search_vector", flat=True).get()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("border", {"sahel", "finance"}),
        ("Sahel", {"sahel"}),
        ("MANAGEMENT", {"sahel", "prisons"}),
        ("rehabilitation", {"prisons"}),
        ("intelligence", {"finance"}),
    ],
)
def test_single_words_match_titles_and_descriptions(library, text, expected):
    assert found(library, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("border management", {"sahel"}),
        ("management border Sahel", {"sahel"}),
        ("  Border,   management!  ", {"sahel"}),
        ("border cooperation", {"finance"}),
        ("border prisons", set()),
        ("management patrols", {"sahel"}),
    ],
)
def test_every_word_must_match(library, text, expected):
    assert found(library, text) == expected


@pytest.mark.parametrize("text", ["!!!", "--", "“…”", "+ - *"])
def test_text_without_word_characters_matches_nothing(library, text, django_assert_num_queries):
    result = apply_search(Document.objects.all(), text)
    with django_assert_num_queries(0):
        assert list(result) == []


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_text_leaves_the_queryset_unchanged(library, text):
    queryset = Document.objects.all()
    assert apply_search(queryset, text) is queryset


@pytest.mark.parametrize("text", ["border\x00", "\x00", "border \x00 management"])
def test_nul_characters_are_rejected(text):
    with pytest.raises(ValidationError) as excinfo:
        apply_search(Document.objects.all(), text)
    assert set(excinfo.value.detail) == {"search"}
    assert "NUL" in str(excinfo.value.detail["search"][0])


def test_over_long_text_is_rejected(library):
    with pytest.raises(ValidationError) as excinfo:
        apply_search(Document.objects.all(), "a" * (SEARCH_MAX_LENGTH + 1))
    assert set(excinfo.value.detail) == {"search"}
    assert str(SEARCH_MAX_LENGTH) in str(excinfo.value.detail["search"][0])


def test_the_length_limit_applies_after_stripping(library):
    assert list(apply_search(Document.objects.all(), "a" * SEARCH_MAX_LENGTH)) == []
    padded = " " * SEARCH_MAX_LENGTH + "Sahel" + " " * SEARCH_MAX_LENGTH
    assert found(library, padded) == {"sahel"}


@pytest.mark.parametrize("model", [Language, DocumentVersion])
def test_models_without_search_fields_cannot_be_searched(reference, model):
    with pytest.raises(ValidationError) as excinfo:
        apply_search(model.objects.all(), "anything")
    assert excinfo.value.detail == {"search": ["This list cannot be searched."]}


@pytest.mark.parametrize(
    "model",
    [
        Document,
        Event,
        Project,
        Recommendation,
        Organization,
        FocalPoint,
        CountryAssessment,
        Appeal,
        WorkingGroup,
        Meeting,
        NewsletterIssue,
    ],
)
def test_every_search_field_is_a_valid_lookup(reference, model):
    assert model.SEARCH_FIELDS
    # Evaluating the query resolves each lookup, including those across relations.
    assert list(apply_search(model.objects.all(), "zzyzx qwv")) == []


def test_events_are_found_by_location(reference):
    workshop = EventFactory(title="Regional workshop on aviation security", description="", location="Nairobi")
    EventFactory(title="Regional workshop on maritime security", description="", location="Dakar")
    result = apply_search(Event.objects.all(), "aviation Nairobi")
    assert list(result.values_list("pk", flat=True)) == [workshop.pk]


def test_projects_are_found_by_code_and_text(reference):
    maritime = ProjectFactory(code="GLO-2024-017", title="Maritime security programme", description="Port checks.")
    ProjectFactory(code="GLO-2024-018", title="Aviation security programme", description="Airport checks.")
    assert list(apply_search(Project.objects.all(), "GLO-2024-017").values_list("pk", flat=True)) == [maritime.pk]
    assert list(apply_search(Project.objects.all(), "maritime port").values_list("pk", flat=True)) == [maritime.pk]


def test_recommendations_are_found_by_text_and_progress_note(reference):
    screening = RecommendationFactory(
        text="Strengthen the screening of travellers at land crossings.", progress_note="Biometric kiosks installed."
    )
    RecommendationFactory(text="Adopt a national strategy.", progress_note="")
    result = apply_search(Recommendation.objects.all(), "biometric screening")
    assert list(result.values_list("pk", flat=True)) == [screening.pk]


def test_focal_points_are_found_across_user_and_organization_without_duplicates(reference):
    unodc = reference_org("UNODC")
    amina = FocalPointFactory(
        user=UserFactory(first_name="Amina", last_name="Okonkwo"), organization=unodc, job_title="Programme officer"
    )
    FocalPointFactory(user=UserFactory(first_name="Amina", last_name="Haddad"), organization=reference_org("UNOCT"))
    FocalPointFactory(user=UserFactory(first_name="Jonas", last_name="Berg"), organization=unodc)

    result = apply_search(FocalPoint.objects.all(), "amina UNODC")
    assert list(result.values_list("pk", flat=True)) == [amina.pk]
    everyone_at_unodc = apply_search(FocalPoint.objects.all(), "UNODC")
    pks = list(everyone_at_unodc.values_list("pk", flat=True))
    assert len(pks) == len(set(pks)) == FocalPoint.objects.filter(organization=unodc).count()


@pytest.mark.postgres
def test_postgres_matches_english_stems(library):
    assert connection.vendor == "postgresql"
    assert found(library, "borders") == {"sahel", "finance"}
    assert found(library, "managing borders") == {"sahel"}
    assert found(library, "prison") == {"prisons"}


@pytest.mark.postgres
def test_postgres_trigger_fills_the_vector_on_create_and_bulk_create(reference):
    doc = DocumentFactory(title="Border management in the Sahel", description="Joint patrols.", version=None)
    vector = vector_of(Document, doc.pk)
    assert vector is not None
    # The title is weighted A and the description B.
    assert re.search(r"'sahel':\d+A", vector)
    assert re.search(r"'patrol':\d+B", vector)

    bulk = Document.objects.bulk_create(
        [
            Document(
                title=f"Aviation security note {n}",
                language=Language.objects.get(code="en"),
                organization=reference_org("UNOCT"),
                published_on=date(2025, 5, 1),
            )
            for n in range(3)
        ]
    )
    for created in bulk:
        assert re.search(r"'aviat':\d+A", vector_of(Document, created.pk))
    assert set(apply_search(Document.objects.all(), "aviation").values_list("pk", flat=True)) == {d.pk for d in bulk}


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("factory", "kwargs", "word"),
    [
        (EventFactory, {"title": "Workshop", "location": "Nairobi"}, "'nairobi':"),
        (ProjectFactory, {"code": "GLO-2024-017", "description": "Port checks."}, "'glo':1A"),
        (RecommendationFactory, {"text": "Adopt a strategy.", "progress_note": "Drafted."}, "'draft':"),
    ],
)
def test_postgres_trigger_covers_every_searchable_table(reference, factory, kwargs, word):
    obj = factory(**kwargs)
    assert word in vector_of(type(obj), obj.pk)


@pytest.mark.postgres
def test_postgres_vector_follows_text_changes_only(reference):
    doc = DocumentFactory(title="Border management in the Sahel", description="Joint patrols.", version=None)

    Document.objects.filter(pk=doc.pk).update(title="Aviation security in the Sahel")
    vector = vector_of(Document, doc.pk)
    assert re.search(r"'aviat':\d+A", vector)
    assert "'border'" not in vector
    assert list(apply_search(Document.objects.all(), "aviation Sahel").values_list("pk", flat=True)) == [doc.pk]
    assert not apply_search(Document.objects.all(), "border").filter(pk=doc.pk).exists()

    # The instance in memory still holds no vector; saving it must not wipe the stored one.
    doc.refresh_from_db(fields=["title"])
    doc.published_on = date(2020, 1, 1)
    doc.save()
    assert vector_of(Document, doc.pk) == vector

    loaded = Document.objects.get(pk=doc.pk)
    loaded.description = "Airport screening."
    loaded.save()
    assert re.search(r"'airport':\d+B", vector_of(Document, doc.pk))

    Document.objects.filter(pk=doc.pk).update(published_on=date(2021, 1, 1))
    assert re.search(r"'airport':\d+B", vector_of(Document, doc.pk))


@pytest.mark.postgres
@pytest.mark.parametrize("model", [Document, Event, Project, Recommendation])
def test_postgres_search_vectors_have_a_gin_index(db, model):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE %s",
            [model._meta.db_table, "%USING gin (search_vector)%"],
        )
        rows = cursor.fetchall()
    assert len(rows) == 1


def search_text_of(person):
    return FocalPoint.objects.filter(pk=person.pk).values_list("search_text", flat=True).get()


@pytest.mark.postgres
def test_postgres_focal_point_search_text_follows_the_person_user_and_organization(reference):
    unodc = reference_org("UNODC")
    amina = FocalPointFactory(
        user=UserFactory(first_name="Amina", last_name="Okonkwo"), organization=unodc, job_title="Programme officer"
    )
    assert search_text_of(amina).splitlines() == ["Amina", "Okonkwo", "Programme officer", unodc.name, "UNODC"]

    # A stale instance saved again does not wipe the column (the trigger owns it).
    amina.job_title = "Legal adviser"
    amina.save()
    assert "Legal adviser" in search_text_of(amina)
    assert list(apply_search(FocalPoint.objects.all(), "okonk advis").values_list("pk", flat=True)) == [amina.pk]
    assert not apply_search(FocalPoint.objects.all(), "amina programme").exists()

    amina.user.last_name = "Haddad"
    amina.user.save()
    assert list(apply_search(FocalPoint.objects.all(), "haddad unodc").values_list("pk", flat=True)) == [amina.pk]
    assert not apply_search(FocalPoint.objects.all(), "okonkwo").exists()

    unodc.acronym = "UNODCX"
    unodc.save()
    assert "UNODCX" in search_text_of(amina).splitlines()
    Organization.objects.filter(pk=unodc.pk).update(name="Office on Drugs and Crime")
    assert search_text_of(amina).splitlines()[-2:] == ["Office on Drugs and Crime", "UNODCX"]

    moved = FocalPoint.objects.get(pk=amina.pk)
    moved.organization = reference_org("UNOCT")
    moved.save()
    assert apply_search(FocalPoint.objects.all(), "amina unoct").filter(pk=amina.pk).exists()
    assert not apply_search(FocalPoint.objects.all(), "unodcx").filter(pk=amina.pk).exists()


@pytest.mark.postgres
def test_postgres_focal_point_search_text_is_filled_by_bulk_create(reference):
    user = UserFactory(first_name="Jonas", last_name="Berg")
    (person,) = FocalPoint.objects.bulk_create([FocalPoint(user=user, organization=reference_org("UNOCT"))])
    assert search_text_of(person).startswith("Jonas\nBerg\n")
