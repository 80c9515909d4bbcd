"""The API's token endpoint checks a staff member's code by the sign-in page's rule
(platform_app.accounts.two_factor): a right code is taken at once whenever no pause runs, wrong codes
count down the same attempts, and the pause after them holds on the page and the API alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_app.accounts.models import ApiToken
from platform_app.core.models import AuditEvent
from tests.factories import TEST_PASSWORD, code_for, wrong_code_for

pytestmark = pytest.mark.real_second_factor


def obtain(api, user, otp: str):
    return api.post(reverse("api:token-obtain"), {"username": user.username, "password": TEST_PASSWORD, "otp": otp})


@pytest.fixture
def device(people):
    return TOTPDevice.objects.create(user=people.secretariat, name="Phone", confirmed=True)


def paused(device, *, failures: int, ago: timedelta) -> None:
    device.throttling_failure_count = failures
    device.throttling_failure_timestamp = timezone.now() - ago
    device.save()


def test_a_right_code_right_after_a_wrong_one_is_accepted(api, people, device):
    refused = obtain(api, people.secretariat, wrong_code_for(device))
    assert refused.status_code == 401 and refused.json()["code"] == "otp_invalid"
    # The wrong code as if typed just now, whatever the first request took (django-otp's delay is 1 s).
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now())
    issued = obtain(api, people.secretariat, code_for(device))
    assert issued.status_code == 201
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_wrong_codes_count_down_the_attempts_then_pause_for_fifteen_minutes(api, people, device):
    for left in (4, 3, 2, 1):
        response = obtain(api, people.secretariat, wrong_code_for(device))
        assert response.status_code == 401 and response.json()["code"] == "otp_invalid"
        assert f"{left} attempt{'s' if left > 1 else ''} left" in response.json()["detail"]
    fifth = obtain(api, people.secretariat, wrong_code_for(device))
    assert fifth.status_code == 429 and fifth.json()["code"] == "otp_throttled"
    assert int(fifth["Retry-After"]) == 15 * 60
    assert "Too many wrong codes. You can try again in 15\xa0minutes, at " in fifth.json()["detail"]
    # Even the right code waits for the pause to end.
    refused = obtain(api, people.secretariat, code_for(device))
    assert refused.status_code == 429 and refused.json()["code"] == "otp_throttled"
    assert 14 * 60 < int(refused["Retry-After"]) <= 15 * 60
    assert not ApiToken.objects.filter(user=people.secretariat).exists()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SECOND_FACTOR_FAILED).count() == 6


def test_a_pause_begun_on_the_page_holds_for_the_api_and_ends_for_both(api, people, device):
    # Five wrong codes a minute ago: django-otp's own delay (16 s) would be over; the page's pause is not.
    paused(device, failures=5, ago=timedelta(minutes=1))
    response = obtain(api, people.secretariat, code_for(device))
    assert response.status_code == 429 and response.json()["code"] == "otp_throttled"
    assert 13 * 60 < int(response["Retry-After"]) <= 14 * 60
    paused(device, failures=5, ago=timedelta(minutes=15, seconds=1))
    assert obtain(api, people.secretariat, code_for(device)).status_code == 201


def test_wrong_codes_on_the_page_and_the_api_count_together(api, client, people, device):
    client.force_login(people.secretariat)
    for _ in range(3):
        assert client.post(reverse("two_factor"), {"code": wrong_code_for(device)}).status_code == 400
    response = obtain(api, people.secretariat, wrong_code_for(device))
    assert "1 attempt left" in response.json()["detail"]
    page = client.post(reverse("two_factor"), {"code": wrong_code_for(device)})
    assert page.status_code == 429
