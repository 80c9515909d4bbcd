"""The two storages the file tests run against: the local disk (MEDIA_ROOT) and a bucket of a real S3-protocol
server (moto_server in CI, at S3_TEST_ENDPOINT_URL), configured as MEDIA_STORAGE=s3 configures production."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import boto3
from django.core.files import File

from compact.settings.media import media_storage
from platform_app.core.storage import stored_names

ENDPOINT_VARIABLE = "S3_TEST_ENDPOINT_URL"


# The test server takes any credentials; these are not secrets.
TEST_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "compact-test", "AWS_SECRET_ACCESS_KEY": "compact-test-secret"}


REGION = "us-east-1"


def endpoint() -> str:
    return os.environ.get(ENDPOINT_VARIABLE, "")


def s3_environment(bucket: str) -> dict[str, str]:
    """The environment of a deployment whose files live in `bucket` of the test server."""
    return {
        "MEDIA_STORAGE": "s3",
        "S3_ENDPOINT_URL": endpoint(),
        "S3_BUCKET": bucket,
        "S3_REGION": REGION,
        **TEST_CREDENTIALS,
    }


def s3_client():
    return boto3.client(
        "s3",
        endpoint_url=endpoint(),
        region_name=REGION,
        aws_access_key_id=TEST_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=TEST_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def new_bucket() -> str:
    name = f"compact-test-{uuid.uuid4().hex}"
    s3_client().create_bucket(Bucket=name)
    return name


def bucket_keys(bucket: str) -> list[str]:
    """Every object's key in `bucket`, read from the server itself rather than through the storage."""
    pages = s3_client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return sorted(entry["Key"] for page in pages for entry in page.get("Contents", ()))


def remove_bucket(bucket: str) -> None:
    client = s3_client()
    for key in bucket_keys(bucket):
        client.delete_object(Bucket=bucket, Key=key)
    client.delete_bucket(Bucket=bucket)


def media_storage_settings(bucket: str) -> dict:
    return media_storage(s3_environment(bucket))


def copy_folder(folder: Path, storage) -> None:
    """Saves every file under a local folder into a storage under the same relative name."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as stream:
                storage.save(path.relative_to(folder).as_posix(), File(stream))


def stored(storage) -> list[str]:
    """The names of every file in a storage."""
    return list(stored_names(storage))
