"""Files pass the upload check whichever way they come in: the file fields carry it as their validator, so
the admin's forms run it too. The records written before kept the type the client claimed; each now keeps
the type of its file's extension, as the check stores it (application/octet-stream for an extension the
check does not accept). Downloads are served as that type in any case."""

import platform_app.core.uploads
import platform_app.countries.models
import platform_app.library.models
from django.db import migrations, models
from django.db.models import Q


# The accepted extensions and their types when this migration was written (platform_app/uploads.py).
TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".rtf": "application/rtf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".csv": "text/csv",
}
UNKNOWN = "application/octet-stream"


def store_checked_types(apps, schema_editor):
    for model_name in ("DocumentVersion", "EntryAttachment"):
        records = apps.get_model("platform_app", model_name).objects
        accepted = Q()
        for extension, content_type in TYPES.items():
            named = Q(original_filename__iendswith=extension)
            records.filter(named).exclude(content_type=content_type).update(content_type=content_type)
            accepted |= named
        records.exclude(accepted).exclude(content_type=UNKNOWN).update(content_type=UNKNOWN)


class Migration(migrations.Migration):
    dependencies = [
        ("platform_app", "0014_country_pages_support"),
    ]

    operations = [
        migrations.AlterField(
            model_name="documentversion",
            name="file",
            field=models.FileField(
                max_length=255,
                upload_to=platform_app.library.models.document_file_path,
                validators=[platform_app.core.uploads.UploadValidator()],
            ),
        ),
        migrations.AlterField(
            model_name="entryattachment",
            name="file",
            field=models.FileField(
                max_length=255,
                upload_to=platform_app.countries.models.entry_file_path,
                validators=[platform_app.core.uploads.UploadValidator()],
            ),
        ),
        migrations.AlterField(
            model_name="historicaldocumentversion",
            name="file",
            field=models.TextField(max_length=255, validators=[platform_app.core.uploads.UploadValidator()]),
        ),
        # The types the clients claimed are not worth restoring: nothing is undone on the way back.
        migrations.RunPython(store_checked_types, migrations.RunPython.noop),
    ]
