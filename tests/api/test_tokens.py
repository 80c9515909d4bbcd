"""API tokens: issued for a password, hashed at rest, expiring, revocable, several per person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_app.accounts.models import ApiToken, hash_key
from platform_app.accounts.tokens import token_create
from platform_app.core.api.throttling import SignInRateThrottle, TokenRateThrottle
from platform_app.core.models import AuditEvent
from tests.factories import TEST_PASSWORD, code_for, wrong_code_for


def obtain(api, username, password=TEST_PASSWORD, **extra):
    return api.post(reverse("api:token-obtain"), {"username": username, "password": password, **extra})


def test_a_token_for_a_username_or_an_email_and_only_its_hash_is_stored(api, people):
    user = people.state
    by_name = obtain(api, user.username)
    by_email = obtain(api, user.email.upper())
    assert by_name.status_code == by_email.status_code == 201
    key = by_name.json()["token"]
    assert key.startswith("ccp_") and len(key) > 40
    assert by_name.json()["prefix"] == key[:12]
    stored = ApiToken.objects.get(pk=by_name.json()["id"])
    assert stored.key_hash == hash_key(key) and key not in (stored.key_hash, stored.lookup)
    assert user.api_tokens.count() == 2  # several tokens per person
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api:organization-list")).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"username": "kenya.api", "password": "wrong-password"},
        {"username": "nobody.at.all", "password": TEST_PASSWORD},
    ],
)
def test_a_wrong_password_or_unknown_person_gets_a_401_and_no_token(api, people, body):
    before = ApiToken.objects.count()
    response = api.post(reverse("api:token-obtain"), body)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert ApiToken.objects.count() == before


def test_a_deactivated_account_gets_no_token_and_its_tokens_stop_working(api, people):
    key = obtain(api, people.entity.username).json()["token"]
    people.entity.is_active = False
    people.entity.save()
    assert obtain(api, people.entity.username).status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api:organization-list")).status_code == 401


def test_an_expired_token_is_refused_with_a_message(api, people):
    key = obtain(api, people.entity.username, expires_in_days=1).json()["token"]
    ApiToken.objects.filter(key_hash=hash_key(key)).update(expires_at=timezone.now() - timedelta(seconds=1))
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get(reverse("api:organization-list"))
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_lifetime_beyond_the_ceiling_is_refused(api, people, settings):
    response = obtain(api, people.entity.username, expires_in_days=settings.API_TOKEN_MAX_DAYS + 1)
    assert response.status_code == 400
    assert "expires_in_days" in response.json()["errors"]


def test_revoking_ends_a_token_at_once_and_only_the_owner_may(api, people):
    first = obtain(api, people.entity.username).json()
    second = obtain(api, people.entity.username).json()
    other = obtain(api, people.state.username).json()
    api.credentials(HTTP_AUTHORIZATION=f"Token {second['token']}")
    listed = api.get(reverse("api:token-list")).json()["results"]
    assert {t["id"] for t in listed} == {first["id"], second["id"]}  # one's own tokens only
    assert "token" not in listed[0]  # the key is never shown again
    assert api.delete(reverse("api:token-detail", kwargs={"pk": other["id"]})).status_code == 404
    assert api.delete(reverse("api:token-detail", kwargs={"pk": first["id"]})).status_code == 204
    api.credentials(HTTP_AUTHORIZATION=f"Token {first['token']}")
    assert api.get(reverse("api:organization-list")).status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {other['token']}")
    assert api.get(reverse("api:organization-list")).status_code == 200


def test_a_signed_in_user_creates_another_token_for_themselves(api, people):
    api.as_user(people.regional)
    response = api.post(reverse("api:token-list"), {"name": "Reporting system", "expires_in_days": 30})
    assert response.status_code == 201
    token = ApiToken.objects.get(pk=response.json()["id"])
    assert token.user == people.regional and token.name == "Reporting system"
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)


def test_last_use_is_recorded_without_a_write_per_request(api, people, django_assert_num_queries):
    key = obtain(api, people.state.username).json()["token"]
    token = ApiToken.objects.get(key_hash=hash_key(key))
    assert token.last_used_at is None
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    url = reverse("api:working-group-list")
    api.get(url)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    api.get(url)
    token.refresh_from_db()
    assert token.last_used_at == first_use  # within a minute: not written again


def test_the_secretariat_issues_a_token_in_the_admin_and_sees_the_key_once(client, people):
    client.force_login(people.secretariat)
    people.secretariat.is_superuser = True
    people.secretariat.save()
    response = client.post(
        reverse("admin:platform_app_apitoken_add"),
        {"user": people.state.pk, "name": "Kenya's reporting system", "days": 60},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=people.state, name="Kenya's reporting system")
    shown = [str(m) for m in response.context["messages"]]
    key = next(word for message in shown for word in message.split() if word.startswith("ccp_"))
    assert hash_key(key) == token.key_hash
    assert token.created_by == people.secretariat
    client.post(
        reverse("admin:platform_app_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_token_endpoint_is_throttled_per_address(api, people, monkeypatch):
    monkeypatch.setattr(SignInRateThrottle, "rate", "3/minute", raising=False)
    statuses = [obtain(api, people.state.username, password="wrong").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    throttled = obtain(api, people.state.username)
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forged_forwarded_for_does_not_reset_the_sign_in_throttle(api, people, monkeypatch, settings, proxies):
    # Each attempt claims another address in X-Forwarded-For. Without a proxy the header is the client's own
    # text and the address is REMOTE_ADDR; behind one, only the entry the proxy appended (the last) is believed.
    settings.TRUSTED_PROXY_COUNT = proxies
    monkeypatch.setattr(SignInRateThrottle, "rate", "3/minute", raising=False)

    def attempt(forged: str, client_address: str):
        forwarded = forged if proxies == 0 else f"{forged}, {client_address}"
        remote = client_address if proxies == 0 else "10.0.0.1"  # behind the proxy, every request comes from it
        body = {"username": people.state.username, "password": "wrong"}
        return api.post(reverse("api:token-obtain"), body, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)

    statuses = [attempt(f"198.51.100.{n}", "203.0.113.7").status_code for n in range(4)]
    assert statuses == [401, 401, 401, 429]
    assert attempt("198.51.100.9", "203.0.113.8").status_code == 401  # another client is counted apart


@pytest.mark.parametrize("throttle_class", [SignInRateThrottle, TokenRateThrottle])
def test_every_rate_limit_counts_by_the_client_address_of_the_security_settings(throttle_class, settings):
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from platform_app.core.http import client_ip

    def key(forwarded: str) -> str:
        request = Request(
            APIRequestFactory().post("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.1"),
        )
        request.user, request.auth = AnonymousUser(), None
        assert throttle_class().get_ident(request) == client_ip(request)
        return throttle_class().get_cache_key(request, None)

    settings.TRUSTED_PROXY_COUNT = 0
    assert key("198.51.100.1") == key("198.51.100.2")
    assert key("198.51.100.1").endswith("10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 1
    assert key("198.51.100.1, 203.0.113.7") == key("198.51.100.2, 203.0.113.7")
    assert key("198.51.100.1, 203.0.113.7") != key("198.51.100.1, 203.0.113.8")


def test_requests_are_throttled_per_token(api, people, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "rate", "2/minute", raising=False)
    first = obtain(api, people.state.username).json()["token"]
    second = obtain(api, people.state.username).json()["token"]
    url = reverse("api:organization-list")
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 429]
    api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api.get(url).status_code == 200  # the limit is per token


# --- staff: the second factor, and tokens made with tokens ------------------------------------------------


def authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


@pytest.mark.real_second_factor
def test_staff_get_a_token_only_with_the_code_their_authenticator_shows(api, people):
    staff = people.secretariat
    device = authenticator(staff)

    missing = obtain(api, staff.username)
    assert missing.status_code == 401
    assert missing.json()["code"] == "otp_required" and "(otp)" in missing.json()["detail"]

    wrong = obtain(api, staff.username, otp=wrong_code_for(device))
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "otp_invalid"
    # Counted as on the sign-in page: in the audit log, and among the attempts before a pause
    # (tests/api/test_token_second_factor.py); the right code is taken at once.
    failed = AuditEvent.objects.get(kind=AuditEvent.Kind.SECOND_FACTOR_FAILED)
    assert (failed.user, failed.via_api) == (staff, True)
    assert not ApiToken.objects.filter(user=staff).exists()

    used = code_for(device)
    issued = obtain(api, staff.username, otp=used)
    assert issued.status_code == 201
    assert ApiToken.objects.get(pk=issued.json()["id"]).user == staff
    # A code is good once.
    device.refresh_from_db()
    assert obtain(api, staff.username, otp=used).json()["code"] == "otp_invalid"


@pytest.mark.real_second_factor
def test_staff_without_a_confirmed_authenticator_get_no_token(api, people):
    staff = people.secretariat
    pending = TOTPDevice.objects.create(user=staff, name="Not yet confirmed", confirmed=False)
    for otp in ({}, {"otp": code_for(pending)}):
        response = obtain(api, staff.username, **otp)
        assert response.status_code == 401
        assert response.json()["code"] == "otp_setup_required"
    assert not ApiToken.objects.filter(user=staff).exists()


def test_focal_points_need_no_second_factor_for_a_token(api, people):
    assert obtain(api, people.state.username).status_code == 201


@pytest.mark.real_second_factor
def test_a_staff_session_creates_a_token_only_after_the_second_factor(client, people):
    staff = people.secretariat
    device = authenticator(staff)
    client.force_login(staff)  # the password, without the code
    refused = client.post(reverse("api:token-list"), {"name": "x"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "second_factor"
    page = client.post(reverse("account:token_create"), {"name": "x", "days": 30})
    assert page.status_code == 302 and page["Location"].startswith(reverse("two_factor"))
    assert not ApiToken.objects.filter(user=staff).exists()

    assert client.post(reverse("two_factor"), {"code": code_for(device)}).status_code == 302
    created = client.post(reverse("api:token-list"), {"name": "x"}, content_type="application/json")
    assert created.status_code == 201


def test_a_token_makes_tokens_that_end_no_later_than_itself(api, people):
    parent, key = token_create(user=people.state, name="short-lived", days=3)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    child = api.post(reverse("api:token-list"), {"name": "child", "expires_in_days": 200})
    assert child.status_code == 201
    assert ApiToken.objects.get(pk=child.json()["id"]).expires_at == parent.expires_at
    shorter = api.post(reverse("api:token-list"), {"name": "shorter", "expires_in_days": 1})
    assert timedelta(hours=23) < ApiToken.objects.get(pk=shorter.json()["id"]).expires_at - timezone.now()
    assert ApiToken.objects.get(pk=shorter.json()["id"]).expires_at < parent.expires_at


def test_a_token_makes_no_token_for_another_person(people):
    theirs, _ = token_create(user=people.state, name="theirs")
    with pytest.raises(PermissionDenied):
        token_create(user=people.entity, name="someone else's", via=theirs)
    theirs.revoked_at = timezone.now()
    with pytest.raises(PermissionDenied):
        token_create(user=people.state, name="from a revoked token", via=theirs)
    assert not ApiToken.objects.filter(user=people.entity).exists()
