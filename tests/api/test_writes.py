"""Writes through the API, role by role: who may add documents and events, who edits CTED records,
what a Member State may change on its own assessments, and what an entity links to its projects."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from platform_app.calendar.models import Event
from platform_app.core.uploads import ALLOWED
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.library.models import Document, DocumentVersion
from tests import scenario as sc
from tests.factories import SAMPLE_PDF, DocumentFactory, reference_group, reference_org
from tests.files import DOCX, HTML_PAGE, ODF_TYPES, odf, ooxml, zipped

from .openapi import openapi_schema

# Every test reads the same people and scenario; they are built once for the module.
pytestmark = pytest.mark.shared_world

ALL_ROLES = ["outsider", *sorted(sc.PLATFORM)]


def pdf(name="brief.pdf", data=SAMPLE_PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def document_form(**overrides):
    form = {
        "title": "Lessons from border management",
        "language": "en",
        "published_on": "2026-10-01",
        "working_group": reference_group("BMLE").pk,
        "visibility": "working_group",
        "document_type": "report",
        "file": pdf(),
    }
    form.update(overrides)
    return form


# BMLE: UNODC is vice-chair and CTED chair, so both write; nobody of Kenya, Norway or the AU belongs.
DOCUMENT_POST = {
    "outsider": 403,
    "secretariat": 201,
    "cted": 201,
    "entity": 201,
    "state": 403,
    "other_state": 403,
    "regional": 403,
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_add_a_document_to_a_working_group(api, people, world, role):
    api.as_user(people.roles()[role])
    form = document_form()
    if role == "secretariat":
        form["organization"] = reference_org("UNOCT").pk  # the Secretariat names on whose behalf
    before = Document.objects.count()
    response = api.post(reverse("api:document-list"), form, format="multipart")
    assert response.status_code == DOCUMENT_POST[role], response.content[:300]
    assert Document.objects.count() == before + (1 if response.status_code == 201 else 0)


@pytest.mark.usefixtures("media_storage")
def test_an_uploaded_document_is_stored_hashed_and_downloadable_by_members_only(api, people, world):
    response = api.as_user(people.entity).post(reverse("api:document-list"), document_form(), format="multipart")
    assert response.status_code == 201
    body = response.json()
    assert body["organization"]["acronym"] == "UNODC"
    assert body["current_version"]["original_filename"] == "brief.pdf"
    assert body["current_version"]["size"] == len(SAMPLE_PDF)
    version = DocumentVersion.objects.get(document_id=body["id"])
    assert "brief" not in version.file.name  # the storage name is the server's own
    download = reverse("api:document-download", kwargs={"pk": body["id"]})
    got = api.get(download)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == SAMPLE_PDF
    assert got["Content-Disposition"].startswith("attachment")
    assert got["X-Content-Type-Options"] == "nosniff"
    assert api.as_user(people.state).get(download).status_code == 404


def test_a_focal_point_shares_only_for_its_own_organization(api, people, world):
    form = document_form(organization=reference_org("UNOCT").pk)
    response = api.as_user(people.entity).post(reverse("api:document-list"), form, format="multipart")
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream"), "not accepted"),
        (SimpleUploadedFile("report.pdf", b"MZ\x90\x00 pretending", content_type="application/pdf"), "does not match"),
        (SimpleUploadedFile("notes.txt", b"text\x00with a NUL", content_type="text/plain"), "not text"),
        (SimpleUploadedFile("notes.txt", HTML_PAGE, content_type="text/plain"), "markup"),
        (SimpleUploadedFile("report.docx", zipped({"readme.txt": "hello"}), content_type=DOCX), "not a .docx document"),
        (SimpleUploadedFile("notes.odt", odf(ODF_TYPES[".ods"])), "not a .odt document"),
    ],
    ids=["exe", "exe-as-pdf", "nul-in-txt", "html-as-txt", "zip-as-docx", "ods-as-odt"],
)
def test_a_disguised_or_forbidden_file_is_refused_and_nothing_is_written(api, people, world, upload, message):
    before = (Document.objects.count(), DocumentVersion.objects.count())
    response = api.as_user(people.entity).post(
        reverse("api:document-list"), document_form(file=upload), format="multipart"
    )
    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    assert message in response.json()["detail"]
    assert (Document.objects.count(), DocumentVersion.objects.count()) == before


def test_the_type_stored_and_served_is_the_checked_one_not_the_clients(api, people, world):
    claimed = SimpleUploadedFile("brief.docx", ooxml(".docx"), content_type="text/html")
    response = api.as_user(people.entity).post(
        reverse("api:document-list"), document_form(file=claimed), format="multipart"
    )
    assert response.status_code == 201, response.content[:300]
    assert response.json()["current_version"]["content_type"] == DOCX
    got = api.get(reverse("api:document-download", kwargs={"pk": response.json()["id"]}))
    assert got["Content-Type"] == DOCX

    # A record written before the check (its type the client's) is still served as its file's checked type.
    legacy = world.objects["documents"]["unodc_for_au"]
    DocumentVersion.objects.filter(document=legacy, original_filename__endswith=".pdf").update(content_type="text/html")
    got = api.get(reverse("api:document-download", kwargs={"pk": legacy.pk}))
    assert got.status_code == 200
    assert got["Content-Type"] == "application/pdf"


def test_the_download_documents_the_types_a_file_is_served_as_and_its_errors_as_json():
    operation = openapi_schema()["paths"]["/api/v1/documents/{id}/download/"]["get"]
    served = {kind.content_type for kind in ALLOWED.values()} | {"application/octet-stream"}
    files = operation["responses"]["200"]["content"]
    assert set(files) == served
    assert all(body["schema"] == {"type": "string", "format": "binary"} for body in files.values())
    errors = {code: set(answer["content"]) for code, answer in operation["responses"].items() if code != "200"}
    assert {"400", "401", "403", "404", "429"} <= set(errors)
    assert all(types == {"application/json"} for types in errors.values()), errors
    # No ?format=: the file comes in its own type and an error in JSON, whatever the client asks.
    assert [parameter["name"] for parameter in operation["parameters"]] == ["id", "version"]


@pytest.mark.parametrize("accept", [None, "*/*", "application/pdf", "application/json", "text/html"])
@pytest.mark.parametrize("format_asked", [None, "json", "file", "xml"])
def test_a_download_is_the_file_in_its_own_type_and_an_error_json_whatever_is_asked(
    api, people, world, accept, format_asked
):
    api.as_user(people.state)
    url = reverse("api:document-download", kwargs={"pk": world.objects["documents"]["platform"].pk})
    query = {} if format_asked is None else {"format": format_asked}
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    got = api.get(url, query, **headers)
    assert got.status_code == 200
    assert got["Content-Type"] == "application/pdf"
    assert b"".join(got.streaming_content) == SAMPLE_PDF
    for wrong, status in [({"version": "99"}, 404), ({"version": "two"}, 400)]:
        refused = api.get(url, query | wrong, **headers)
        assert refused.status_code == status
        assert refused["Content-Type"] == "application/json"
        assert "version" in refused.json()["detail"].lower()


def test_a_file_over_the_size_limit_is_refused(api, people, world, settings):
    settings.API_MAX_UPLOAD_BYTES = 1000
    response = api.as_user(people.entity).post(
        reverse("api:document-list"), document_form(file=pdf(data=SAMPLE_PDF + b" " * 2000)), format="multipart"
    )
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]["file"][0]


def event_body(**overrides):
    body = {
        "title": "Border security workshop",
        "kind": "workshop",
        "starts_at": "2026-12-01T08:00:00Z",
        "ends_at": "2026-12-01T16:00:00Z",
        "time_zone": "Africa/Nairobi",
        "working_group": reference_group("BMLE").pk,
        "visibility": "working_group",
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_add_an_event_to_a_working_group(api, people, world, role):
    api.as_user(people.roles()[role])
    body = event_body()
    if role == "secretariat":
        body["organization"] = reference_org("UNOCT").pk
    before = Event.objects.count()
    response = api.post(reverse("api:event-list"), body)
    assert response.status_code == DOCUMENT_POST[role], response.content[:300]
    assert Event.objects.count() == before + (1 if response.status_code == 201 else 0)


def test_an_event_that_ends_before_it_starts_or_in_no_zone_is_refused(api, people, world):
    api.as_user(people.entity)
    assert "ends_at" in api.post(reverse("api:event-list"), event_body(ends_at="2026-11-30T08:00:00Z")).json()["errors"]
    assert "time_zone" in api.post(reverse("api:event-list"), event_body(time_zone="Mars/Olympus")).json()["errors"]


def test_an_event_may_name_any_iana_zone_the_server_knows(api, people, world):
    # GMT0 shares its zone with GMT+0 and GMT-0: a name of its own all the same.
    response = api.as_user(people.entity).post(reverse("api:event-list"), event_body(time_zone="GMT0"))
    assert response.status_code == 201, response.content[:300]
    assert response.json()["time_zone"] == "GMT0"
    assert Event.objects.get(pk=response.json()["id"]).time_zone == "GMT0"


def assessment_body(**overrides):
    body = {"member_state": reference_org("KE").pk, "kind": "follow_up", "title": "Follow-up visit to Kenya"}
    body.update(overrides)
    return body


CTED_ONLY = {
    "outsider": 403,
    "secretariat": 201,
    "cted": 201,
    "entity": 403,
    "state": 403,
    "other_state": 403,
    "regional": 403,
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_cted_and_the_secretariat_create_assessments(api, people, world, role):
    response = api.as_user(people.roles()[role]).post(reverse("api:assessment-list"), assessment_body())
    assert response.status_code == CTED_ONLY[role]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_cted_and_the_secretariat_create_recommendations(api, people, world, role):
    body = {
        "assessment": world.objects["assessments"]["kenya"].pk,
        "number": 2,
        "thematic_area": "border-management",
        "text": "Strengthen the collection of advance passenger information.",
    }
    response = api.as_user(people.roles()[role]).post(reverse("api:recommendation-list"), body)
    expected = CTED_ONLY[role]
    if expected == 201 and response.status_code == 400:
        pytest.fail(f"valid recommendation refused: {response.json()}")
    assert response.status_code == expected


# PATCH of Kenya's (unshared) assessment and of its recommendations: CTED edits, Kenya sets consent and records
# progress, others do not see them at all.
KENYA_PATCH = {
    "outsider": 403,
    "secretariat": 200,
    "cted": 200,
    "entity": 404,
    "state": 200,
    "other_state": 404,
    "regional": 404,
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_change_the_consent_of_an_assessment(api, people, world, role):
    assessment = world.objects["assessments"]["kenya"]
    url = reverse("api:assessment-detail", kwargs={"pk": assessment.pk})
    response = api.as_user(people.roles()[role]).patch(url, {"shared_with_entities": True})
    assert response.status_code == KENYA_PATCH[role]
    assessment.refresh_from_db()
    assert assessment.shared_with_entities is (response.status_code == 200)
    if response.status_code == 200:
        assert assessment.sharing_decided_by == people.roles()[role]
        assert assessment.sharing_decided_at is not None


def test_a_state_changes_nothing_but_consent_and_an_entity_cannot_change_a_shared_one(api, people, world):
    kenya = world.objects["assessments"]["kenya"]
    url = reverse("api:assessment-detail", kwargs={"pk": kenya.pk})
    response = api.as_user(people.state).patch(url, {"summary": "Rewritten by the State", "shared_with_entities": True})
    assert response.status_code == 400
    assert "summary" in response.json()["errors"]
    kenya.refresh_from_db()
    assert kenya.shared_with_entities is False  # nothing half-written
    norway = world.objects["assessments"]["norway_shared"]
    response = api.as_user(people.entity).patch(
        reverse("api:assessment-detail", kwargs={"pk": norway.pk}), {"shared_with_entities": False}
    )
    assert response.status_code == 403


def test_once_kenya_consents_entities_see_its_assessment(api, people, world):
    kenya = world.objects["assessments"]["kenya"]
    url = reverse("api:assessment-detail", kwargs={"pk": kenya.pk})
    assert api.as_user(people.entity).get(url).status_code == 404
    api.as_user(people.state).patch(url, {"shared_with_entities": True})
    assert api.as_user(people.entity).get(url).status_code == 200
    assert api.as_user(people.regional).get(url).status_code == 404


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_record_progress_on_a_recommendation(api, people, world, role):
    recommendation = world.objects["recommendations"]["kenya"]
    url = reverse("api:recommendation-detail", kwargs={"pk": recommendation.pk})
    response = api.as_user(people.roles()[role]).patch(url, {"status": "in_progress", "progress_note": "Law drafted."})
    assert response.status_code == KENYA_PATCH[role]
    recommendation.refresh_from_db()
    changed = response.status_code == 200
    assert (recommendation.status == "in_progress") is changed
    assert (recommendation.progress_note == "Law drafted.") is changed


def test_a_state_may_not_rewrite_the_recommendation_text(api, people, world):
    recommendation = world.objects["recommendations"]["kenya"]
    url = reverse("api:recommendation-detail", kwargs={"pk": recommendation.pk})
    response = api.as_user(people.state).patch(url, {"text": "Nothing to do."})
    assert response.status_code == 400
    assert Recommendation.objects.get(pk=recommendation.pk).text == recommendation.text


def test_cted_edits_a_recommendation_and_a_duplicate_number_is_refused(api, people, world):
    kenya = world.objects["assessments"]["kenya"]
    api.as_user(people.cted)
    created = api.post(
        reverse("api:recommendation-list"),
        {"assessment": kenya.pk, "number": 7, "thematic_area": "border-management", "text": "Do more."},
    )
    assert created.status_code == 201
    again = api.post(
        reverse("api:recommendation-list"),
        {"assessment": kenya.pk, "number": 7, "thematic_area": "border-management", "text": "Do it again."},
    )
    assert again.status_code == 400
    assert "number" in again.json()["errors"]
    assert Recommendation.objects.filter(assessment=kenya, number=7).count() == 1


PROJECT_PATCH = {
    "outsider": 403,
    "secretariat": 200,
    "cted": 403,
    "entity": 200,
    "state": 403,
    "other_state": 403,
    "regional": 403,
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_lead_entity_links_its_project_to_recommendations(api, people, world, role):
    project = world.objects["projects"]["unodc"]
    norway_rec = world.objects["recommendations"]["norway_shared"]
    url = reverse("api:project-detail", kwargs={"pk": project.pk})
    response = api.as_user(people.roles()[role]).patch(url, {"responds_to": [norway_rec.pk]})
    assert response.status_code == PROJECT_PATCH[role]


def test_an_entity_keeps_links_it_cannot_see_and_cannot_link_what_it_cannot_see(api, people, world):
    project = world.objects["projects"]["unodc"]
    kenya_rec = world.objects["recommendations"]["kenya"]  # not shared: UNODC cannot see it
    norway_rec = world.objects["recommendations"]["norway_shared"]
    url = reverse("api:project-detail", kwargs={"pk": project.pk})
    api.as_user(people.entity)
    response = api.patch(url, {"responds_to": []})
    assert response.status_code == 200
    assert response.json()["responds_to"] == []
    assert set(project.responds_to.values_list("pk", flat=True)) == {kenya_rec.pk}  # hidden link kept
    refused = api.patch(url, {"responds_to": [kenya_rec.pk, norway_rec.pk]})
    missing = api.patch(url, {"responds_to": [999_999]})
    assert refused.status_code == missing.status_code == 400
    assert refused.json()["errors"]["responds_to"][0].replace(str(kenya_rec.pk), "N") == missing.json()["errors"][
        "responds_to"
    ][0].replace("999999", "N")


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("organization-detail", "patch"),
        ("organization-detail", "delete"),
        ("document-detail", "delete"),
        ("document-detail", "put"),
        ("working-group-detail", "patch"),
        ("meeting-list", "post"),
        ("newsletter-list", "post"),
        ("focal-point-detail", "patch"),
        ("assessment-detail", "delete"),
    ],
)
def test_everything_else_is_read_only(api, people, world, name, method):
    resource = {
        "organization-detail": world.objects["organizations"]["kenya"],
        "document-detail": world.objects["documents"]["platform"],
        "working-group-detail": world.objects["working-groups"]["bmle"],
        "focal-point-detail": world.objects["focal-points"]["hidden_contact"],
        "assessment-detail": world.objects["assessments"]["kenya"],
    }.get(name)
    url = reverse(f"api:{name}", kwargs={"pk": resource.pk} if resource else {})
    response = getattr(api.as_user(people.secretariat), method)(url, {})
    assert response.status_code == 405
    assert CountryAssessment.objects.filter(pk=world.objects["assessments"]["kenya"].pk).exists()


@pytest.mark.usefixtures("media_storage")
def test_a_download_is_served_as_the_pages_and_a_file_missing_from_storage_is_a_json_404(api, people):
    document = DocumentFactory(visibility="platform")
    version = document.versions.get()
    url = reverse("api:document-download", kwargs={"pk": document.pk})
    got = api.as_user(people.state).get(url)
    assert got.status_code == 200
    for header, value in {
        "Content-Type": "application/pdf",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }.items():
        assert got[header] == value, header
    assert got["Content-Disposition"].startswith("attachment;")
    b"".join(got.streaming_content)

    version.file.storage.delete(version.file.name)
    missing = api.get(url)
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert missing.json()["detail"] == "The file of this version is missing from storage."
