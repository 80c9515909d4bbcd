from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from platform_app.management.archives import contents
from platform_app.ops.archives import BackupError, human_size, quiet
from platform_app.ops.backups import create_backup


class Command(BaseCommand):
    help = (
        "Writes the database and the uploaded files (the media storage: MEDIA_ROOT or the S3 bucket) to one "
        "archive, with a manifest of every table's row count and checksum and every file's sha256, for the "
        "restore command to check. By default the archive is backup-<UTC time>.tar in BACKUP_DIR, or else in "
        "the current folder."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="The archive to write, or the folder to write it in. An existing file is never replaced."
        )

    def handle(self, *args, output=None, verbosity=1, **options):
        try:
            result = create_backup(Path(output) if output else None, progress=self.stdout.write if verbosity else quiet)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Wrote {result.path} ({human_size(result.path.stat().st_size)}) in {result.seconds:.1f}s: "
            f"{contents(result.manifest)}."
        )
