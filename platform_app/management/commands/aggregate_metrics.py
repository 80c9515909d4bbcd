from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from platform_app.metrics.aggregation import aggregate


class Command(BaseCommand):
    help = (
        'Computes the "Compact in numbers" figures and their breakdowns and writes them as one snapshot. '
        "A rerun for the same moment (the hour, by default) replaces that snapshot. With --queue the work "
        "goes to a Celery worker instead. With --if-stale it runs only when a scheduled run fell due since the "
        "newest computed snapshot (as `make run` does before serving, where no beat runs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="The moment the snapshot stands for (ISO 8601); default: this hour.")
        parser.add_argument(
            "--queue", action="store_true", help="Send the task to a worker instead of running it here."
        )
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="Compute only when the newest computed snapshot is older than its schedule says.",
        )

    def handle(self, *args, as_of=None, queue=False, if_stale=False, **options):
        if if_stale:
            from django.utils import timezone

            from platform_app.metrics.freshness import is_stale, newest_computed

            if not is_stale(timezone.now()):
                self.stdout.write(f"The snapshot of {newest_computed().as_of:%Y-%m-%d %H:%M %Z} is current.")
                return
        moment = None
        if as_of:
            moment = parse_datetime(as_of)
            if moment is None:
                raise CommandError(f"--as-of: not an ISO 8601 date and time: {as_of!r}")
        if queue:
            from platform_app.metrics.tasks import aggregate_metrics

            result = aggregate_metrics.delay(moment.isoformat() if moment else None)
            self.stdout.write(f"Queued as task {result.id}.")
            return
        if moment is not None and moment.tzinfo is None:
            from django.utils import timezone

            moment = timezone.make_aware(moment)
        result = aggregate(moment)
        snapshot = result.snapshot
        verb = "Wrote" if result.created else "Replaced"
        self.stdout.write(
            f"{verb} the snapshot of {snapshot.as_of:%Y-%m-%d %H:%M %Z} in {result.seconds:.2f}s: "
            + ", ".join(
                f"{key} {getattr(snapshot, key):,}"
                for key in (
                    "entities",
                    "member_states",
                    "regional_organizations",
                    "focal_points",
                    "documents",
                    "visits",
                    "cted_recommendations",
                    "country_assessments",
                )
            )
        )
