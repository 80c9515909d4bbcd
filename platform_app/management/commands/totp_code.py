from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from platform_app.demo.accounts import demo_authenticator


class Command(BaseCommand):
    help = (
        "Prints the code the authenticator of a demo staff account (secretariat, cted.analyst) shows now, "
        "to get past the second factor of a demo without an authenticator app. Only for the demo accounts "
        "seed_demo creates. A code is accepted once: for another sign-in, wait for the next one (every 30 s)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="A demo staff account: secretariat or cted.analyst.")

    def handle(self, *args, **options):
        try:
            device = demo_authenticator(options["username"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        if device is None:
            raise CommandError(f"{options['username']} has no authenticator yet: run `manage.py seed_demo` first.")
        generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{generator.token():0{device.digits}d}")
