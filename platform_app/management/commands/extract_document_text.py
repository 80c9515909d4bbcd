from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from platform_app.library.models import Document, DocumentText, DocumentVersion
from platform_app.library.texts import StorageUnavailable, extract_version


class Command(BaseCommand):
    help = (
        "Reads the text of the library's document versions, here rather than in a worker, and prints how many "
        "ended in each status. By default only versions whose text was never read (or is still pending); with "
        "--all every version again, changed or not; with --document the versions of one document."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", dest="again", help="Read every version again, even unchanged ones."
        )
        parser.add_argument("--document", type=int, metavar="ID", help="Only the versions of this document.")

    def handle(self, *args, again=False, document=None, **options):
        versions = DocumentVersion.objects.order_by("pk")
        if document is not None:
            if not Document.objects.filter(pk=document).exists():
                raise CommandError(f"--document: no document has the id {document}.")
            versions = versions.filter(document_id=document)
        if not again:
            versions = versions.exclude(pk__in=DocumentText.objects.finished().values("version_id"))
        counts = Counter()
        for version_id in versions.values_list("pk", flat=True).iterator():
            try:
                text = extract_version(version_id, again=again)
            except StorageUnavailable as fault:
                self.stderr.write(f"Version {version_id}: {fault}")
                counts["storage did not answer (still pending)"] += 1
                continue
            counts[text.status if text else "deleted meanwhile"] += 1
        total = sum(counts.values())
        self.stdout.write(f"Read {total:,} version(s).")
        labels = dict(DocumentText.Status.choices)
        for status, count in sorted(counts.items()):
            self.stdout.write(f"  {labels.get(status, status)}: {count:,}")
