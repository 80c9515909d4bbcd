from django.core.management.base import BaseCommand, CommandError

from platform_app.demo import MAX_SCALE, DemoDataConflict, Plan, ScaleError, parse_scale, seed_demo
from platform_app.demo.accounts import demo_authenticator_keys
from platform_app.structure.models import WorkingGroup


class Command(BaseCommand):
    help = (
        "Seeds deterministic synthetic demo data and the demo accounts (password DEMO_PASSWORD). "
        "Scale 1 is the real platform's size: 1,050 focal points, 3,670 documents, 600 events, 250 projects, "
        "a Multi-Year Appeal with 52 projects, 28 CTED assessments with 861 recommendations, 165 working group "
        "meetings, 120 workplan activities, 400 posts, 400,000 visits over three years of days, newsletter "
        "subscriptions for 40 percent of the focal points, pages of six Member States (Kenya and Norway always), "
        "40 requests for tailored support with their routings, offers and threads. "
        "Counts scale linearly; the reference data (organizations, "
        "working groups) and the calendar days of the visit totals do not. Up to 193 assessments go to distinct "
        "Member States (Kenya and Norway always); beyond that States get further, later assessments. "
        "Idempotent: a second run with the same scale changes nothing. A database seeded with another scale "
        "is refused, not extended: flush it and load the reference data again. "
        "Needs the reference data (load_compact_reference)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            default="1",
            help=f"Size relative to the real platform, greater than 0 and at most {MAX_SCALE} (e.g. 0.05, 1, 100).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")
        parser.add_argument("--quiet", action="store_true", help="No progress bars and no summary.")

    def handle(self, *args, **options):
        try:
            scale = parse_scale(options["scale"])
        except ScaleError as exc:
            raise CommandError(f"{exc} Nothing was written.") from exc
        if not WorkingGroup.objects.exists():
            raise CommandError(
                "The reference data is missing: run `python manage.py load_compact_reference` first. "
                "Nothing was written."
            )
        quiet = options["quiet"] or options["verbosity"] == 0
        try:
            report = seed_demo(scale, progress=not (quiet or options["no_progress"]))
        except DemoDataConflict as exc:
            raise CommandError(str(exc)) from exc
        if quiet:
            return
        if not report.changed:
            self.stdout.write(f"Demo data for --scale {scale:g} is already present; nothing changed.")
        else:
            self.stdout.write(self.style.SUCCESS(self._summary(report.plan, report)))
        self.stdout.write(self._authenticators())

    @staticmethod
    def _authenticators() -> str:
        lines = [
            "The demo staff accounts confirm a code from an authenticator app after their password. "
            "Add the key to an app, or print the code it shows now with `python manage.py totp_code USERNAME`:"
        ]
        lines += [f"  {username:<14} {key}" for username, key in demo_authenticator_keys().items()]
        return "\n".join(lines)

    def _summary(self, plan: Plan, report) -> str:
        lines = [f"Seeded demo data for --scale {plan.scale:g} in {report.seconds:.1f}s ({', '.join(report.seeded)}):"]
        for label, count in sorted(report.written.items()):
            lines.append(f"  {count:>12,}  {label}")
        if report.skipped:
            lines.append(f"Already present: {', '.join(report.skipped)}.")
        return "\n".join(lines)
