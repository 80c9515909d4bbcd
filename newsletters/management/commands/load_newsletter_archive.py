from django.core.management.base import BaseCommand

from newsletters.services import load_archive


class Command(BaseCommand):
    help = (
        "Loads the issues of Counter-Terrorism Compact in Review published before the platform "
        "(newsletters/archive/*.json) as published, public issues with their figures and items. Idempotent."
    )

    def handle(self, *args, **options):
        loaded = load_archive()
        if loaded:
            self.stdout.write("Loaded: " + "; ".join(issue.title for issue in loaded) + ".")
        else:
            self.stdout.write("The archive is already loaded; nothing changed.")
