from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from platform_app.reference.loader import DEFAULT_FIXTURE, DEFAULT_TRANSLATIONS, ReferenceDataError, load_reference


class Command(BaseCommand):
    help = (
        "Loads the Compact's public structure (pillars, entities, Member States, regional organizations, "
        "working groups and their memberships, the Coordination Committee, published figures). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fixture", type=Path, default=DEFAULT_FIXTURE, help="Fixture file to load.")
        parser.add_argument(
            "--translations",
            type=Path,
            default=DEFAULT_TRANSLATIONS,
            help="The names of the fixture's bodies in the other official languages (read when it exists).",
        )

    def handle(self, *args, **options):
        try:
            report = load_reference(options["fixture"], options["translations"])
        except ReferenceDataError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        if not report.changed:
            self.stdout.write("Reference data already up to date; nothing changed.")
            return
        for label, counts in (("created", report.created), ("updated", report.updated)):
            if counts:
                summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
                self.stdout.write(self.style.SUCCESS(f"{label.capitalize()}: {summary}."))
