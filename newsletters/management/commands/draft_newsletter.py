from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from newsletters.services import Period, draft


class Command(BaseCommand):
    help = (
        'Composes a draft of "Counter-Terrorism Compact in Review" for a two-month period from what the '
        "platform holds: the period's events by kind, the working group meetings with their summaries, new "
        "reports and publications, and the figures of the snapshot at the period's end. The Secretariat then "
        "edits, previews and publishes it in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="Two months, e.g. 2026-09/2026-10.")
        parser.add_argument("--replace", action="store_true", help="Compose again a draft that exists for the period.")

    def handle(self, *args, period, replace=False, **options):
        try:
            issue = draft(Period.parse(period), replace=replace)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        counts = ", ".join(
            f"{section.get_kind_display()} {section.items.count()}" for section in issue.sections.order_by("position")
        )
        self.stdout.write(f"Drafted “{issue.title}” (id {issue.pk}): {counts}.")
