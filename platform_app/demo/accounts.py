"""The demo accounts: one per kind of user, each signing in with its username or email.

Passwords are set when an account is created (or when it has none), never reset afterwards, so a
second run changes nothing and a password someone changed on a demo machine stays changed.

The demo staff accounts also get an authenticator (a TOTP device with a random key, not yet
confirmed), which their first sign-in sets up as a real account's would: seed_demo prints its key
and `manage.py totp_code USERNAME` the code it shows now, for a demo without an authenticator app.
"""

from __future__ import annotations

from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from . import clock

DEMO_EMAIL_DOMAIN = "compact.example.org"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    # ("acronym", "CTED") or ("iso2", "KE"); None for the Secretariat, who works for no focal point.
    organization: tuple[str, str] | None = None
    job_title: str = ""
    city: str = ""
    time_zone: str = "UTC"
    is_staff: bool = False
    is_superuser: bool = False
    group: str = ""

    @property
    def email(self) -> str:
        return f"{self.username}@{DEMO_EMAIL_DOMAIN}"


DEMO_ACCOUNTS = (
    DemoAccount(
        "secretariat",
        "Alex",
        "Morgan",
        job_title="Knowledge Management Officer",
        city="New York",
        time_zone="America/New_York",
        is_staff=True,
        is_superuser=True,
        group="Secretariat",
    ),
    DemoAccount(
        "cted.analyst",
        "Priya",
        "Raman",
        ("acronym", "CTED"),
        "Legal Officer, Assessment Section",
        "New York",
        "America/New_York",
        is_staff=True,
        group="CTED",
    ),
    DemoAccount("unodc.focal", "Lukas", "Weber", ("acronym", "UNODC"), "Programme Officer", "Vienna", "Europe/Vienna"),
    DemoAccount("kenya.focal", "Wanjiru", "Kamau", ("iso2", "KE"), "First Secretary", "Nairobi", "Africa/Nairobi"),
    DemoAccount("norway.focal", "Ingrid", "Haugen", ("iso2", "NO"), "Counsellor", "Oslo", "Europe/Oslo"),
    DemoAccount(
        "au.focal", "Amara", "Diallo", ("acronym", "AU"), "Senior Adviser", "Addis Ababa", "Africa/Addis_Ababa"
    ),
)
DEMO_FOCAL_POINTS = sum(1 for account in DEMO_ACCOUNTS if account.organization)
DEMO_STAFF = tuple(account for account in DEMO_ACCOUNTS if account.is_staff)
DEMO_DEVICE_NAME = "Demo authenticator"


def _organization(key: tuple[str, str]):
    from platform_app.directory.models import Organization

    field, value = key
    lookup = {"acronym": value} if field == "acronym" else {"kind": Organization.Kind.MEMBER_STATE, "iso_alpha2": value}
    organization = Organization.objects.filter(**lookup).first()
    if organization is None:
        raise LookupError(f"Organization {value} is missing: run `manage.py load_compact_reference` first.")
    return organization


@transaction.atomic
def ensure_demo_accounts(password: str | None = None) -> dict:
    """Creates or completes the demo accounts; returns them by username. Idempotent."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from platform_app.accounts.models import User
    from platform_app.accounts.roles import ensure_role_groups
    from platform_app.directory.models import FocalPoint
    from platform_app.structure.models import Language

    password = settings.DEMO_PASSWORD if password is None else password
    groups = ensure_role_groups()
    english = Language.objects.filter(code="en").first()
    accounts = {}
    for account in DEMO_ACCOUNTS:
        organization = _organization(account.organization) if account.organization else None
        wanted = {
            "email": account.email,
            "first_name": account.first_name,
            "last_name": account.last_name,
            "is_staff": account.is_staff,
            "is_superuser": account.is_superuser,
            "is_active": True,
        }
        user = User.objects.filter(username=account.username).first()
        if user is None:
            # The day of the first run, which the demo data is drawn around (base.demo_day).
            user = User(username=account.username, time_zone=account.time_zone, date_joined=clock.now(), **wanted)
            user.set_password(password)
            user.full_clean()
            user.save()
        else:
            changed = [name for name, value in wanted.items() if getattr(user, name) != value]
            for name in changed:
                setattr(user, name, wanted[name])
            if not user.has_usable_password():
                user.set_password(password)
                changed.append("password")
            if changed:
                user.save(update_fields=changed)
        if account.group and not user.groups.filter(name=account.group).exists():
            user.groups.add(groups[account.group])
        if organization is not None:
            focal_point = FocalPoint.objects.filter(user=user).first()
            if focal_point is None:
                focal_point = FocalPoint.objects.create(
                    user=user,
                    organization=organization,
                    job_title=account.job_title,
                    email=account.email,
                    city=account.city,
                    confirmed_at=None,
                )
                if english:
                    focal_point.languages.add(english)
            elif focal_point.organization_id != organization.id:
                focal_point.organization = organization
                focal_point.save(update_fields=["organization", "updated_at"])
        if account.is_staff and not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, confirmed=False)
        accounts[account.username] = user
    return accounts


def demo_authenticator(username: str):
    """The TOTP device a demo staff account's second-factor page checks codes with: the confirmed one,
    else the one being set up. None before seed_demo; LookupError for any other account."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from platform_app.accounts.models import User
    from platform_app.accounts.security import second_factor_device

    account = next((account for account in DEMO_STAFF if account.username == username), None)
    user = User.objects.filter(username=username, email=account.email).first() if account else None
    if user is None:
        names = ", ".join(account.username for account in DEMO_STAFF)
        raise LookupError(f"{username!r} is not one of the demo staff accounts ({names}) that seed_demo creates.")
    return second_factor_device(user) or TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()


def demo_authenticator_keys() -> dict[str, str]:
    """The key (base32, as an authenticator app takes it) of each demo staff account's authenticator."""
    keys = {}
    for account in DEMO_STAFF:
        try:
            device = demo_authenticator(account.username)
        except LookupError:
            continue
        if device is not None:
            keys[account.username] = b32encode(device.bin_key).decode("ascii")
    return keys
