from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from platform_app.management.archives import contents
from platform_app.ops.archives import BackupError, quiet
from platform_app.ops.restores import restore_backup


class Command(BaseCommand):
    help = (
        "Restores an archive written by the backup command into the configured database and media storage "
        "(MEDIA_ROOT or the S3 bucket), or into the database named by --database-url and the folder --media-root. "
        "The archive is checked before anything is touched; a database with tables or a media storage with files "
        "is refused unless --force is given. "
        "Afterwards every table's row count and checksum and every file's sha256 are compared with the backup's."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive written by the backup command.")
        parser.add_argument(
            "--database-url",
            help="The database to restore into, written like DATABASE_URL; default: the configured database.",
        )
        parser.add_argument(
            "--media-root", help="A folder to restore the media files into; default: the configured media storage."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the content of a database that has tables, and overwrite files in the media folder.",
        )

    def handle(self, *args, archive, database_url=None, media_root=None, force=False, verbosity=1, **options):
        try:
            result = restore_backup(
                Path(archive),
                database_url=database_url,
                media_root=Path(media_root) if media_root else None,
                force=force,
                progress=self.stdout.write if verbosity else quiet,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        self.stdout.write(
            f"Restored the backup of {manifest.created_at} into the {result.target} and {result.media} "
            f"in {result.seconds:.1f}s: {contents(manifest)}. Every row count, table checksum and file checksum "
            "matches the backup."
        )
