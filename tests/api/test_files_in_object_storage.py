"""End to end with MEDIA_STORAGE=s3: a document shared through the API is stored in the bucket of a real S3
server (moto_server in CI), private and nowhere on the local disk, and comes back byte for byte through the
API's download, which keeps its permission check."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from platform_app.library.models import DocumentVersion
from tests.api.test_writes import document_form, pdf
from tests.storage import bucket_keys, media_storage_settings, new_bucket, remove_bucket, s3_client

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

PUBLIC_GROUPS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@pytest.fixture
def bucket(settings):
    """A fresh bucket, configured as MEDIA_STORAGE=s3 with its variables configures the platform."""
    name = new_bucket()
    try:
        settings.STORAGES = {**settings.STORAGES, "default": media_storage_settings(name)}
        yield name
    finally:
        remove_bucket(name)


def test_a_document_shared_through_the_api_lives_in_the_bucket_and_downloads_unchanged(
    api, people, reference, bucket, settings
):
    data = b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"
    response = api.as_user(people.entity).post(
        reverse("api:document-list"), document_form(file=pdf("annual report.pdf", data)), format="multipart"
    )
    assert response.status_code == 201, response.content[:300]
    document_id = response.json()["id"]
    version = DocumentVersion.objects.get(document_id=document_id)
    assert default_storage.bucket_name == bucket

    # The object is the version's, under the server's own name, private, and the local disk holds nothing.
    assert bucket_keys(bucket) == [version.file.name]
    assert "annual" not in version.file.name
    grants = s3_client().get_object_acl(Bucket=bucket, Key=version.file.name)["Grants"]
    assert not [grant for grant in grants if grant["Grantee"].get("URI") in PUBLIC_GROUPS]
    assert "Signature" not in default_storage.url(version.file.name)  # no URL that opens the object by itself
    media_root = Path(settings.MEDIA_ROOT)
    assert not media_root.exists() or not [path for path in media_root.rglob("*") if path.is_file()]

    download = reverse("api:document-download", kwargs={"pk": document_id})
    got = api.get(download)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == data
    assert got["Content-Type"] == "application/pdf" and got["Content-Disposition"].startswith("attachment")
    assert got["Cache-Control"] == "private, no-store" and got["X-Content-Type-Options"] == "nosniff"
    # Kenya's focal point belongs to no group the document was shared with: the bucket does not change that.
    assert api.as_user(people.state).get(download).status_code == 404


def test_an_object_gone_from_the_bucket_is_a_json_404(api, people, reference, bucket):
    response = api.as_user(people.entity).post(reverse("api:document-list"), document_form(), format="multipart")
    assert response.status_code == 201
    version = DocumentVersion.objects.get(document_id=response.json()["id"])
    s3_client().delete_object(Bucket=bucket, Key=version.file.name)
    got = api.get(reverse("api:document-download", kwargs={"pk": version.document_id}))
    assert got.status_code == 404 and got["Content-Type"].startswith("application/json")
