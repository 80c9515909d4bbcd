"""The text of each document version, which the library searches, and the picture of its first page: read
from the version's file through the storage (whichever it is) within the extraction's limits, and kept as the
version's DocumentText. The picture is stored beside the file (`thumbnails/`) and deleted with its text.

Every new file of a version, however it came in (the portal, the API, the admin), goes through
`queue_extraction`: its text is marked pending in the same transaction and read by the
`extract_version_text` task once the transaction commits. Reading a version again whose file has not changed
since its text was read does nothing, unless asked to (`again`).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from pathlib import PurePath
from tempfile import NamedTemporaryFile

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from platform_app.core.storage import delete_after_commit, files_atomic, store
from platform_app.core.tasks import queue_after_commit
from platform_app.library.extraction import LIMITS, Extracted, Limits, Status, extract_file
from platform_app.library.extraction.pictures import first_page_picture
from platform_app.library.models import DocumentText, DocumentVersion

logger = logging.getLogger(__name__)


TASK = "platform_app.tasks.extract_version_text"


class StorageUnavailable(ConnectionError):
    """The storage did not give the file: a transient fault, which the task retries."""


class Unreadable(Exception):
    """The stored file cannot be read as it is (missing, too large); the message says why."""


def queue_extraction(version: DocumentVersion, *, again: bool = False) -> None:
    """Marks the version's text pending, without the picture of an earlier file, and has it read once the
    current transaction commits. A broker that does not answer is logged, never a failed upload: the text
    stays pending for `extract_document_text`."""
    kept = DocumentText.objects.filter(version=version).exclude(thumbnail="").values_list("thumbnail", flat=True)
    delete_after_commit(*(DocumentText(thumbnail=name).thumbnail for name in kept))
    DocumentText.objects.update_or_create(
        version=version,
        defaults={
            "status": Status.PENDING,
            "reason": "",
            "content": "",
            "pages": None,
            "words": 0,
            "sha256": "",
            "thumbnail": "",
        },
    )
    queue_after_commit(TASK, version.pk, again)


def read_of(version: DocumentVersion | None) -> DocumentText | None:
    """What was read from the version's file (its status, counts and picture), without its text; None for no
    version, or one never read."""
    if version is None:
        return None
    return DocumentText.objects.defer("content").filter(version=version).first()


def thumbnail_of(version: DocumentVersion) -> FieldFile | None:
    """The stored picture of the first page of the version's file; None when it has none (yet)."""
    read = read_of(version)
    return read.thumbnail if read is not None and read.thumbnail else None


def extract_version(version_id: int, *, again: bool = False, limits: Limits = LIMITS) -> DocumentText | None:
    """Reads the text of the version's file and keeps it; None when the version is gone. Without `again`, a
    version whose text was read from the same file is left as it is."""
    version = DocumentVersion.objects.filter(pk=version_id).first()
    if version is None:
        return None
    kept = DocumentText.objects.filter(version=version).first()
    if not again and kept is not None and kept.finished and version.sha256 and kept.sha256 == version.sha256:
        return kept
    extension = PurePath(version.original_filename or version.file.name).suffix.lower()
    picture = None
    with NamedTemporaryFile(prefix="extract-", suffix=extension) as copy:
        try:
            digest = copy_file(version, copy, limits)
        except Unreadable as refusal:
            outcome, digest = Extracted(Status.FAILED, reason=str(refusal)), version.sha256
        else:
            outcome = extract_file(copy.name, extension, limits)
            picture = first_page_picture(copy.name, extension, limits)
    return keep(version, outcome, version.sha256 or digest, picture)


def copy_file(version: DocumentVersion, target, limits: Limits) -> str:
    """Copies the stored file into `target`, up to the size limit, and answers its SHA-256 digest."""
    if not version.file:
        raise Unreadable("The version has no file.")
    digest = hashlib.sha256()
    size = 0
    try:
        with version.file.open("rb") as stored:
            for chunk in stored.chunks():
                size += len(chunk)
                if size > limits.max_bytes:
                    raise Unreadable(f"The file is larger than {limits.max_bytes:,} bytes.")
                digest.update(chunk)
                target.write(chunk)
    except FileNotFoundError:
        raise Unreadable("The file is missing from storage.") from None
    except Unreadable:
        raise
    except Exception as exc:
        # Whatever else the storage raises (a network error of an object store, a disk that does not answer)
        # is its fault, not the file's: the task tries again later.
        raise StorageUnavailable(f"The storage did not give the file: {exc}") from exc
    target.flush()
    return digest.hexdigest()


def keep(
    version: DocumentVersion, outcome: Extracted, digest: str, picture: bytes | None = None
) -> DocumentText | None:
    """Writes the outcome as the version's text, with the picture of its first page (replacing the one kept
    before), unless the version is gone or its file changed meanwhile (the file's own extraction is then
    queued and writes its text)."""
    with files_atomic():
        current = DocumentVersion.objects.select_for_update().filter(pk=version.pk).values("file", "sha256").first()
        if current is None or current["file"] != version.file.name or current["sha256"] != version.sha256:
            return None
        text, _ = DocumentText.objects.select_for_update().get_or_create(version_id=version.pk)
        replaced = text.thumbnail
        text.status = outcome.status
        text.reason = outcome.reason[:1000]
        text.content = outcome.text
        text.pages = outcome.pages
        text.words = outcome.words
        text.sha256 = digest
        text.extracted_at = timezone.now()
        text.thumbnail = None
        if picture:
            # A name of its own, never that of the picture it replaces, which goes after the commit.
            store(text.thumbnail, f"{version.pk}-{uuid.uuid4().hex[:12]}.png", ContentFile(picture))
        text.save()
        delete_after_commit(replaced)
    return text


def record_failure(version_id: int, reason: str) -> DocumentText | None:
    """Records that the version's text could not be read, for a reason outside its file (the task's time)."""
    version = DocumentVersion.objects.filter(pk=version_id).first()
    if version is None:
        return None
    return keep(version, Extracted(Status.FAILED, reason=reason), version.sha256)
