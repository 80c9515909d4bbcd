"""API tokens: issued for a password, hashed at rest, expiring, revocable, several per person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from platform_app.api.throttling import SignInRateThrottle, TokenRateThrottle
from platform_app.models import ApiToken
from platform_app.models.tokens import hash_key
from tests.factories import TEST_PASSWORD


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


def test_requests_are_throttled_per_token(api, people, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "rate", "2/minute", raising=False)
    first = obtain(api, people.state.username).json()["token"]
    second = obtain(api, people.state.username).json()["token"]
    url = reverse("api:organization-list")
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 429]
    api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api.get(url).status_code == 200  # the limit is per token
