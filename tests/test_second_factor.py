"""The staff's second factor on its page: attempts left, the pause after too many wrong codes, a page
without the site's navigation, and the demo staff accounts' authenticators (seed_demo, totp_code)."""

from __future__ import annotations

import re
from base64 import b32encode
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_app.core.models import AuditEvent
from platform_app.demo import DEMO_ACCOUNTS
from tests.factories import UserFactory, code_for, wrong_code_for

pytestmark = [pytest.mark.django_db, pytest.mark.real_second_factor]

DEMO_STAFF = [account.username for account in DEMO_ACCOUNTS if account.is_staff]


@pytest.fixture
def staff(client):
    """A staff member signed in with their password, whose authenticator is set up."""
    user = UserFactory(is_staff=True, time_zone="UTC")
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    client.force_login(user)
    return device


def confirm(client, code: str):
    return client.post(reverse("two_factor"), {"code": code, "next": "/admin/"})


def error(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def paused(device, *, failures: int, ago: timedelta) -> None:
    """The device as django-otp leaves it after `failures` wrong codes in a row, the last `ago`."""
    device.throttling_failure_count = failures
    device.throttling_failure_timestamp = timezone.now() - ago
    device.save()


def test_each_wrong_code_says_how_many_attempts_are_left_and_the_last_when_to_try_again(client, staff):
    for left in (4, 3, 2):
        response = confirm(client, wrong_code_for(staff))
        assert response.status_code == 400
        assert f"Wrong code; {left} attempts left." in error(response)
        assert "Too many" not in error(response)
    assert "Wrong code; 1 attempt left." in error(confirm(client, wrong_code_for(staff)))

    fifth = confirm(client, wrong_code_for(staff))
    assert fifth.status_code == 429
    assert "Too many wrong codes. You can try again in 15 minutes, at " in error(fifth)
    assert int(fifth["Retry-After"]) == 15 * 60
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SECOND_FACTOR_FAILED).count() == 5
    # Even the right code waits for the pause to end, and the page says so on a new visit too.
    refused = confirm(client, code_for(staff))
    assert refused.status_code == 429
    assert "Too many wrong codes. You can try again in 15 minutes" in error(refused)
    assert "Too many wrong codes. You can try again in 15 minutes" in error(client.get(reverse("two_factor")))
    assert client.get("/admin/").status_code == 302


def test_a_right_code_right_after_a_wrong_one_is_accepted(client, staff):
    assert confirm(client, wrong_code_for(staff)).status_code == 400
    accepted = confirm(client, code_for(staff))
    assert accepted.status_code == 302 and accepted["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    staff.refresh_from_db()
    assert staff.throttling_failure_count == 0


def test_the_pause_ends_when_the_message_says(client, staff):
    paused(staff, failures=5, ago=timedelta(minutes=14, seconds=30))
    response = client.get(reverse("two_factor"))
    assert "You can try again in 1 minute, at " in error(response)
    stamp = timezone.localtime(staff.throttling_failure_timestamp + timedelta(minutes=15))
    assert f"at {stamp + timedelta(seconds=59, microseconds=999_999):%H:%M}." in error(response)
    assert confirm(client, code_for(staff)).status_code == 429

    paused(staff, failures=5, ago=timedelta(minutes=15, seconds=1))
    assert "Too many" not in error(client.get(reverse("two_factor")))
    assert confirm(client, code_for(staff)).status_code == 302


def test_after_a_pause_five_more_attempts_and_then_a_pause_twice_as_long(client, staff):
    paused(staff, failures=5, ago=timedelta(minutes=16))
    assert "Wrong code; 4 attempts left." in error(confirm(client, wrong_code_for(staff)))
    paused(staff, failures=10, ago=timedelta(minutes=20))
    response = confirm(client, code_for(staff))
    assert response.status_code == 429
    assert "You can try again in 10 minutes" in error(response)
    # However many rounds, the pause is a day at most.
    paused(staff, failures=5 * 1000, ago=timedelta(hours=23, minutes=30))
    assert "You can try again in 30 minutes" in error(confirm(client, code_for(staff)))
    paused(staff, failures=10, ago=timedelta(minutes=30, seconds=1))
    assert confirm(client, code_for(staff)).status_code == 302


def test_the_set_up_counts_attempts_as_well(client):
    client.force_login(UserFactory(is_staff=True))
    client.get(reverse("two_factor"))
    pending = TOTPDevice.objects.get(confirmed=False)
    assert "Wrong code; 4 attempts left." in error(confirm(client, wrong_code_for(pending)))
    assert confirm(client, code_for(pending)).status_code == 302
    pending.refresh_from_db()
    assert pending.confirmed


@pytest.mark.parametrize("set_up", [True, False], ids=["set-up", "code"])
def test_the_page_shows_no_navigation_only_a_way_to_sign_out(client, set_up):
    user = UserFactory(is_staff=True, first_name="Dana", last_name="Ortiz")
    if not set_up:
        TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    client.force_login(user)
    page = client.get(reverse("two_factor")).content.decode()
    assert 'class="main-nav"' not in page
    for name in ("directory:index", "library:index", "account:profile", "admin:index"):
        assert f'href="{reverse(name)}"' not in page
    assert f'action="{reverse("logout")}"' in page
    assert "Sign out" in page and "Signed in as <bdi>Dana Ortiz</bdi>" in page
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("two_factor")).status_code == 302  # signed out: to the sign-in page


def assert_prints_the_current_code(username: str, device: TOTPDevice) -> None:
    """`totp_code` prints the code of the moment it runs (either side of a step boundary), corrected by the
    drift the device has learnt from the codes it accepted."""
    before = code_for(device, steps=device.drift)
    out = StringIO()
    call_command("totp_code", username, stdout=out)
    assert out.getvalue().strip() in {before, code_for(device, steps=device.drift)}


@pytest.fixture
def demo_database(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = StringIO()
    call_command("seed_demo", scale="0.02", no_progress=True, stdout=out)
    return out.getvalue()


def test_seed_demo_prints_the_demo_staff_secrets_and_totp_code_prints_their_codes(client, demo_database):
    for username in DEMO_STAFF:
        device = TOTPDevice.objects.get(user__username=username)
        assert not device.confirmed  # set up on the first sign-in, as a real account is
        secret = b32encode(device.bin_key).decode()
        assert re.search(rf"{re.escape(username)}\s+{secret}", demo_database), demo_database
        assert_prints_the_current_code(username, device)

    # A second run changes nothing and prints the same secrets.
    again = StringIO()
    call_command("seed_demo", scale="0.02", no_progress=True, stdout=again)
    assert "nothing changed" in again.getvalue()
    for device in TOTPDevice.objects.filter(user__username__in=DEMO_STAFF):
        assert b32encode(device.bin_key).decode() in again.getvalue()
    assert TOTPDevice.objects.filter(user__username__in=DEMO_STAFF).count() == len(DEMO_STAFF)

    # The page shows the printed secret, and the printed code signs the Secretariat in.
    from platform_app.accounts.models import User

    secretariat = User.objects.get(username="secretariat")
    device = TOTPDevice.objects.get(user=secretariat)
    client.force_login(secretariat)
    assert b32encode(device.bin_key).decode() in client.get(reverse("two_factor")).content.decode()
    out = StringIO()
    call_command("totp_code", "secretariat", stdout=out)
    assert confirm(client, out.getvalue().strip()).status_code == 302
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    # The confirmed device still has its code printed.
    assert_prints_the_current_code("secretariat", device)


def test_totp_code_is_for_the_demo_staff_accounts_only(demo_database):
    staff = UserFactory(username="real.staff", is_staff=True)
    TOTPDevice.objects.create(user=staff, name="Phone", confirmed=True)
    for username in ("real.staff", "kenya.focal", "nobody"):
        with pytest.raises(CommandError, match="demo staff accounts"):
            call_command("totp_code", username, stdout=StringIO())
