from django.core.management.base import BaseCommand, CommandError

from platform_app.ops.archives import counted
from platform_app.ops.sweep import SweepError, sweep_stored_files


class Command(BaseCommand):
    help = (
        "Lists the stored files under the upload folders that no row names (the live rows or their history) and "
        "that are older than STORED_FILES_SWEEP_GRACE_HOURS: files left by a process that stopped between storing "
        "an upload and committing its row. A dry run unless --delete is given, which deletes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Delete the files found; by default none is.")

    def handle(self, *args, delete=False, **options):
        try:
            result = sweep_stored_files(delete=delete)
        except SweepError as exc:
            raise CommandError(str(exc)) from exc
        hours = result.grace.total_seconds() / 3600
        folders = ", ".join(f"{folder}/" for folder in result.folders)
        self.stdout.write(f"Examined {counted(result.examined, 'stored file')} under {folders}.")
        self.stdout.write(f"  named by a row: {result.named:,}")
        self.stdout.write(f"  no row names them, stored in the last {hours:g} hours (kept): {result.too_young:,}")
        self.stdout.write(f"  time in storage unreadable (kept): {len(result.unreadable):,}")
        self.stdout.write(f"  no row names them, older: {len(result.orphans):,}")
        for name in result.unreadable:
            self.stdout.write(f"    unreadable: {name}")
        if not delete:
            for name in result.orphans:
                self.stdout.write(f"    to delete: {name}")
            self.stdout.write("Dry run: nothing was deleted. Run again with --delete to delete them.")
            return
        for name in result.deleted:
            self.stdout.write(f"    deleted: {name}")
        for name in result.failed:
            self.stderr.write(f"    could not delete: {name}")
        deleted = counted(len(result.deleted), "file")
        self.stdout.write(f"Deleted {deleted}; {len(result.failed):,} could not be deleted.")
