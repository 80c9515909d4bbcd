"""Sign-in protection, session lifetimes, closing accounts, the staff's second factor, security headers
and the audit log."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from tablib import Dataset

from platform_app.accounts.models import ApiToken, User, UserSession
from platform_app.accounts.security import LAST_SEEN_AT, SIGNED_IN_AT
from platform_app.accounts.tokens import token_create
from platform_app.core.models import AuditEvent
from platform_app.directory.invitations import invitation_path
from platform_app.directory.models import FocalPoint
from platform_app.directory.resources import FocalPointResource
from tests.factories import (
    CountryAssessmentFactory,
    DocumentFactory,
    FocalPointFactory,
    UserFactory,
    code_for,
    reference_org,
    wrong_code_for,
)

PASSWORD = "a-long-enough-password-2026"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def person(reference):
    user = User.objects.create_user("lock.person", "lock.person@example.org", PASSWORD)
    FocalPoint.objects.create(user=user, organization=reference_org("NO"))
    return user


def sign_in(client: Client, login: str, password: str, address: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": login, "password": password}, REMOTE_ADDR=address)


def ask_token(client: Client, login: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/api/v1/auth/token/",
        {"username": login, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


# --- lockout ---------------------------------------------------------------------------------------------


def test_five_failures_lock_the_account_from_that_address_for_fifteen_minutes(client, person):
    # The username and the email name one account: alternating them does not double the attempts.
    for attempt, login in enumerate(["lock.person", "LOCK.PERSON@example.org"] * 2):
        response = sign_in(client, login, f"wrong-{attempt}")
        assert response.status_code == 200, attempt
        assert "did not match" in response.content.decode()
    assert sign_in(client, "lock.person", "wrong-5").status_code == 429

    refused = sign_in(client, "lock.person", PASSWORD)
    assert refused.status_code == 429
    assert "Try again in 15 minutes" in refused.content.decode()
    assert refused["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session

    # Another address is not locked out; the pair is.
    assert sign_in(Client(), "lock.person", PASSWORD, address="10.0.0.2").status_code == 302

    # After the cool-off the right password works again from the first address.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "lock.person", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_the_token_endpoint_locks_out_the_same_way(client, person):
    for attempt in range(4):
        response = ask_token(client, "lock.person", f"wrong-{attempt}")
        assert response.status_code == 401, attempt
    locked = ask_token(client, "lock.person", "wrong-4")
    assert locked.status_code == 429
    refused = ask_token(client, "lock.person", PASSWORD)
    assert refused.status_code == 429
    assert refused.json()["code"] == "locked_out"
    assert "15 minutes" in refused.json()["detail"]
    assert not ApiToken.objects.filter(user=person).exists()
    # The sign-in page shares the count: the account is locked there too, from that address.
    assert sign_in(client, "lock.person", PASSWORD).status_code == 429
    assert ask_token(client, "lock.person", PASSWORD, address="10.0.0.9").status_code == 201


def test_the_api_answers_while_the_rate_counter_is_unreachable(client, person, caplog):
    # A cache at a port nobody listens on: the rate limits let requests through and say so in the log,
    # and the sign-in lockout, counted in the database, still holds.
    dead = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}
    with override_settings(CACHES=dead):
        issued = ask_token(client, "lock.person", PASSWORD)
        assert issued.status_code == 201
        token = issued.json()["token"]
        listed = client.get("/api/v1/documents/", HTTP_AUTHORIZATION=f"Token {token}")
        assert listed.status_code == 200
        for attempt in range(5):
            ask_token(client, "lock.person", f"wrong-{attempt}")
        assert ask_token(client, "lock.person", PASSWORD).status_code == 429
    assert "the rate counter (token) is unreachable" in caplog.text
    assert "the rate counter (sign_in) is unreachable" in caplog.text


def test_failed_sign_ins_and_the_lockout_are_in_the_audit_log(client, person):
    for attempt in range(5):
        sign_in(client, "lock.person", f"wrong-{attempt}", address="192.0.2.7")
    sign_in(client, "nobody.here", "wrong", address="192.0.2.8")
    failed = AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN_FAILED, username="lock.person")
    assert failed.count() == 5
    assert {event.user_id for event in failed} == {person.pk}
    assert {event.ip_address for event in failed} == {"192.0.2.7"}
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOCKED_OUT, username="lock.person").exists()
    unknown = AuditEvent.objects.get(kind=AuditEvent.Kind.SIGN_IN_FAILED, username="nobody.here")
    assert unknown.user is None


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forged_forwarded_for_neither_escapes_the_lockout_nor_enters_the_audit_log(client, person, settings, proxies):
    # The lockout and the audit log take the address the rate limits take (platform_app.core.http.client_ip):
    # REMOTE_ADDR without a proxy; behind one, the last X-Forwarded-For entry, which the proxy appended.
    settings.TRUSTED_PROXY_COUNT = proxies
    for attempt in range(5):
        forwarded = f"198.51.100.{attempt}" if proxies == 0 else f"198.51.100.{attempt}, 192.0.2.7"
        remote = "192.0.2.7" if proxies == 0 else "10.0.0.1"
        response = client.post(
            reverse("login"),
            {"username": "lock.person", "password": f"wrong-{attempt}"},
            HTTP_X_FORWARDED_FOR=forwarded,
            REMOTE_ADDR=remote,
        )
    assert response.status_code == 429
    failed = AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN_FAILED, username="lock.person")
    assert {event.ip_address for event in failed} == {"192.0.2.7"}
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.7"}


def test_passwords_need_twelve_characters_and_must_not_be_common(person):
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Xk7#pQ2!vR9", person)
    with pytest.raises(ValidationError, match="too common"):
        validate_password("liverpool123", person)
    validate_password("Xk7#pQ2!vR9m", person)


# --- sessions --------------------------------------------------------------------------------------------


def shift_session(client: Client, *, signed_in_ago: int, seen_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[SIGNED_IN_AT] = now - signed_in_ago
    session[LAST_SEEN_AT] = now - seen_ago
    session.save()


def test_a_session_idle_for_thirty_minutes_ends(client, person):
    assert sign_in(client, "lock.person", PASSWORD).status_code == 302
    key = client.session.session_key
    shift_session(client, signed_in_ago=40 * 60, seen_ago=31 * 60)
    response = client.get(reverse("directory:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("account:profile")).status_code == 302


def test_a_session_in_use_lives_on_and_its_last_request_is_noted(client, person):
    sign_in(client, "lock.person", PASSWORD)
    shift_session(client, signed_in_ago=3 * 3600, seen_ago=29 * 60)
    assert client.get(reverse("directory:index")).status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN_AT] < 5


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(client, person):
    sign_in(client, "lock.person", PASSWORD)
    shift_session(client, signed_in_ago=12 * 3600 + 60, seen_ago=10)
    assert client.get(reverse("directory:index")).status_code == 302
    # Through the API the same session answers 401 in JSON.
    sign_in(client, "lock.person", PASSWORD)
    shift_session(client, signed_in_ago=12 * 3600 + 60, seen_ago=10)
    response = client.get("/api/v1/organizations/")
    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"


def test_deactivating_an_account_ends_all_its_sessions_and_tokens_at_once(client, person):
    other = Client()
    sign_in(client, "lock.person", PASSWORD)
    sign_in(other, "lock.person@example.org", PASSWORD, address="10.0.0.3")
    keys = set(UserSession.objects.filter(user=person).values_list("session_key", flat=True))
    assert len(keys) == 2
    _, key = token_create(user=person, name="script", days=30)
    assert client.get("/api/v1/organizations/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    person.is_active = False
    person.save()

    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not ApiToken.objects.filter(user=person, revoked_at__isnull=True).exists()
    assert client.get("/api/v1/organizations/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert other.get(reverse("directory:index")).status_code == 302
    # Reactivating the account does not bring the old sessions or tokens back.
    person.is_active = True
    person.save()
    assert other.get(reverse("directory:index")).status_code == 302
    assert client.get("/api/v1/organizations/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    closed = AuditEvent.objects.get(kind=AuditEvent.Kind.ACCOUNT_DEACTIVATED, user=person)
    assert closed.object_repr == "2 sessions ended, 1 tokens revoked"


def test_the_secretariat_signs_a_person_out_of_one_session_in_the_admin(client, person, people):
    laptop, phone = Client(), Client()
    sign_in(laptop, "lock.person", PASSWORD)
    sign_in(phone, "lock.person", PASSWORD, address="10.0.0.4")
    first, second = UserSession.objects.filter(user=person).order_by("pk")
    client.force_login(people.secretariat)
    listing = client.get(reverse("admin:platform_app_usersession_changelist"))
    assert listing.status_code == 200 and b"lock.person" in listing.content
    assert first.session_key.encode() not in listing.content  # the key is the credential

    response = client.post(
        reverse("admin:platform_app_usersession_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=first.session_key).exists()
    assert Session.objects.filter(session_key=second.session_key).exists()
    assert laptop.get(reverse("directory:index")).status_code == 302
    assert phone.get(reverse("directory:index")).status_code == 200


# --- what ends tokens and sessions: a new password, a closed account, a nomination that ends --------------

NEW_PASSWORD = "another-long-password-2027"


def api_status(key: str) -> int:
    return Client().get("/api/v1/organizations/", HTTP_AUTHORIZATION=f"Token {key}").status_code


def in_use(user: User) -> tuple[Client, set[str], str]:
    """A browser signed in as `user`, the keys of their sessions, and a token of theirs: all working."""
    browser = Client()
    browser.force_login(user)
    _, key = token_create(user=user, name="script", days=30)
    assert browser.get(reverse("account:profile")).status_code == 200
    assert api_status(key) == 200
    return browser, set(UserSession.objects.filter(user=user).values_list("session_key", flat=True)), key


def assert_access_ended(user: User, browser: Client, sessions: set[str], key: str) -> None:
    assert sessions and not Session.objects.filter(session_key__in=sessions).exists()
    assert not UserSession.objects.filter(user=user).exists()
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert api_status(key) == 401
    assert browser.get(reverse("account:profile")).status_code == 302


def test_changing_ones_password_ends_every_token_and_the_other_sessions(client, person):
    laptop, _, key = in_use(person)
    client.force_login(person)
    response = client.post(
        reverse("account:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert api_status(key) == 401
    assert laptop.get(reverse("account:profile")).status_code == 302
    assert client.get(reverse("account:profile")).status_code == 200  # the session it was changed in goes on
    assert ask_token(client, "lock.person", NEW_PASSWORD).status_code == 201


def test_a_password_reset_by_mail_ends_every_token_and_session(client, person):
    laptop, _, key = in_use(person)
    mail.outbox.clear()
    client.post(reverse("account:password_reset"), {"email": person.email})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    assert client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status_code == 302
    assert api_status(key) == 401
    assert laptop.get(reverse("account:profile")).status_code == 302


def test_the_first_password_chosen_from_an_invitation_ends_earlier_tokens(client, reference):
    user = User.objects.create_user("invited.person", "invited.person@example.org")
    FocalPoint.objects.create(user=user, organization=reference_org("NO"))
    _, key = token_create(user=user, name="issued by the Secretariat", days=30)
    form_url = client.get(invitation_path(user), follow=True).redirect_chain[-1][0]
    assert client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status_code == 302
    assert client.get(reverse("account:profile")).status_code == 200  # signed in by the invitation
    assert api_status(key) == 401


@pytest.mark.parametrize("form", ["new password", "no password"])
def test_the_secretariat_setting_a_password_in_the_admin_ends_every_token(client, people, person, form):
    laptop, _, key = in_use(person)
    client.force_login(people.secretariat)
    people.secretariat.is_superuser = True
    people.secretariat.save()
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    if form == "no password":
        data = {"usable_password": "false", "unset-password": "Disable password-based authentication"}
    response = client.post(reverse("admin:auth_user_password_change", args=[person.pk]), data)
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).has_usable_password() is (form == "new password")
    assert api_status(key) == 401
    assert laptop.get(reverse("account:profile")).status_code == 302


def test_a_stronger_hash_of_the_same_password_at_sign_in_keeps_the_tokens(client, person, settings):
    _, key = token_create(user=person, name="script", days=30)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher", *settings.PASSWORD_HASHERS]
    old_hash = person.password
    assert sign_in(client, "lock.person", PASSWORD).status_code == 302
    person.refresh_from_db()
    assert person.password != old_hash and person.password.startswith("pbkdf2_")
    assert api_status(key) == 200


def test_closing_an_account_in_the_admin_ends_its_sessions_and_tokens(client, people, person):
    from tests.test_admin import change_form_data

    browser, sessions, key = in_use(person)
    client.force_login(people.secretariat)
    people.secretariat.is_superuser = True
    people.secretariat.save()
    page = reverse("admin:platform_app_user_change", args=[person.pk])
    data = change_form_data(client.get(page))
    data.pop("is_active")
    assert client.post(page, data).status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert_access_ended(person, browser, sessions, key)


def test_deactivating_focal_points_in_the_admin_closes_their_accounts(client, people, person):
    browser, sessions, key = in_use(person)
    client.force_login(people.secretariat)
    response = client.post(
        reverse("admin:platform_app_focalpoint_changelist"),
        {"action": "deactivate", "_selected_action": [person.focal_point.pk]},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.focal_point.is_active and not person.is_active
    assert person.focal_point.history.latest().history_user == people.secretariat
    assert_access_ended(person, browser, sessions, key)


def test_unticking_active_on_a_focal_points_page_closes_the_account(client, people, person):
    from tests.test_admin import change_form_data

    browser, sessions, key = in_use(person)
    client.force_login(people.secretariat)
    page = reverse("admin:platform_app_focalpoint_change", args=[person.focal_point.pk])
    data = change_form_data(client.get(page))
    data.pop("is_active")
    assert client.post(page, data).status_code == 302
    person.refresh_from_db()
    assert not person.focal_point.is_active and not person.is_active
    assert_access_ended(person, browser, sessions, key)


def test_a_focal_point_file_that_deactivates_someone_closes_the_account(person):
    browser, sessions, key = in_use(person)
    exported = FocalPointResource().export(queryset=FocalPoint.objects.filter(user=person))
    row = exported.dict[0]
    row["is_active"] = False
    edited = Dataset([row[h] for h in exported.headers], headers=exported.headers)
    result = FocalPointResource().import_data(edited, dry_run=False)
    assert result.totals["update"] == 1, list(result.invalid_rows)
    person.refresh_from_db()
    assert not person.focal_point.is_active and not person.is_active
    assert_access_ended(person, browser, sessions, key)


def test_deleting_a_focal_point_closes_the_account(client, people, person):
    browser, sessions, key = in_use(person)
    client.force_login(people.secretariat)
    page = reverse("admin:platform_app_focalpoint_delete", args=[person.focal_point.pk])
    assert client.post(page, {"post": "yes"}).status_code == 302
    person.refresh_from_db()
    assert not FocalPoint.objects.filter(user=person).exists() and not person.is_active
    assert_access_ended(person, browser, sessions, key)


def test_deleting_an_account_deletes_its_focal_point_without_closing_it_first(client, people, person):
    token_create(user=person, name="script", days=30)
    client.force_login(people.secretariat)
    people.secretariat.is_superuser = True
    people.secretariat.save()
    response = client.post(
        reverse("admin:platform_app_user_changelist"),
        {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert not FocalPoint.objects.filter(user_id=person.pk).exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCOUNT_DEACTIVATED).exists()


def test_a_colleague_the_main_focal_point_says_has_left_loses_access(client, person):
    long_ago = timezone.now() - timedelta(days=400)
    primary = FocalPointFactory(organization=person.focal_point.organization, is_primary=True)
    browser, sessions, key = in_use(person)
    User.objects.filter(pk=person.pk).update(last_login=long_ago, date_joined=long_ago)
    client.force_login(primary.user)
    response = client.post(reverse("account:reconfirm"), {"action": "leave", "person": [person.focal_point.pk]})
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.focal_point.is_active and not person.is_active
    assert_access_ended(person, browser, sessions, key)


def test_a_staff_member_whose_nomination_ends_keeps_the_account_but_not_its_sessions(client, people, reference):
    staff = FocalPointFactory(organization=reference_org("UNOCT"), user__is_staff=True).user
    browser, sessions, key = in_use(staff)
    client.force_login(people.secretariat)
    client.post(
        reverse("admin:platform_app_focalpoint_changelist"),
        {"action": "deactivate", "_selected_action": [staff.focal_point.pk]},
    )
    staff.refresh_from_db()
    assert staff.is_active and not staff.focal_point.is_active  # the Secretariat closes staff accounts itself
    assert_access_ended(staff, browser, sessions, key)


# --- the staff's second factor ---------------------------------------------------------------------------


@pytest.mark.real_second_factor
def test_staff_set_up_and_then_confirm_a_code_before_anything_else(client, db):
    UserFactory(username="staff.person", is_staff=True, password=PASSWORD)
    assert sign_in(client, "staff.person", PASSWORD).status_code == 302

    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"].startswith(reverse("two_factor"))
    assert client.get(reverse("directory:index")).status_code == 302
    api = client.get("/api/v1/organizations/")
    assert api.status_code == 403
    assert api.json()["code"] == "second_factor"

    setup = client.get(admin["Location"])
    page = setup.content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    assert "<svg" in page
    device = TOTPDevice.objects.get(user__username="staff.person")
    assert not device.confirmed
    assert secret.rstrip("=") in page

    wrong = client.post(reverse("two_factor"), {"code": wrong_code_for(device)})
    assert wrong.status_code == 400
    assert client.get("/admin/").status_code == 302

    # A wrong code is in the audit log and counts down the attempts; the right one is taken at once.
    assert "Wrong code; 4 attempts left." in wrong.content.decode()
    failures = AuditEvent.objects.filter(kind=AuditEvent.Kind.SECOND_FACTOR_FAILED, username="staff.person")
    assert failures.count() == 1
    used = code_for(device)
    confirmed = client.post(reverse("two_factor"), {"code": used, "next": "/admin/"})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    # The next sign-in asks for a code only, and a code is not accepted twice.
    client.post(reverse("logout"))
    sign_in(client, "staff.person", PASSWORD)
    again = client.get(reverse("two_factor"))
    assert "totp-secret" not in again.content.decode()
    assert client.post(reverse("two_factor"), {"code": used}).status_code == 400
    time.sleep(1.1)
    assert client.post(reverse("two_factor"), {"code": code_for(device, steps=1)}).status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.real_second_factor
def test_focal_points_are_not_asked_for_a_second_factor(client, person):
    sign_in(client, "lock.person", PASSWORD)
    assert client.get(reverse("directory:index")).status_code == 200
    assert client.get(reverse("two_factor")).status_code == 302


# --- headers ---------------------------------------------------------------------------------------------


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_the_api_docs_inline_style_runs_by_the_responses_nonce(client):
    response = client.get("/api/v1/docs/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert "<script>" not in response.content.decode()


# --- uploads ---------------------------------------------------------------------------------------------


def test_stored_files_have_server_made_names_and_no_public_address(client, people):
    version = DocumentFactory(version__original_filename="../../Annual report.pdf").versions.get()
    assert re.fullmatch(r"documents/[0-9a-f]{2}/[0-9a-f]{32}\.pdf", version.file.name)
    client.force_login(people.secretariat)
    assert client.get(f"/media/{version.file.name}").status_code == 404
    assert client.get(f"/{version.file.name}").status_code == 404
    download = client.get(reverse("library:download", args=[version.document_id]))
    assert download["Content-Disposition"] == 'attachment; filename="Annual report.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"


# --- the audit log -------------------------------------------------------------------------------------


def test_reads_of_assessments_and_restricted_documents_are_recorded(client, people):
    assessment = CountryAssessmentFactory()
    restricted = DocumentFactory(restricted=True, allowed_organizations=[reference_org("KE")])
    platform = DocumentFactory()
    client.force_login(people.state)

    assert client.get(reverse("cted:assessment", args=[assessment.pk]), REMOTE_ADDR="198.51.100.4").status_code == 200
    assert client.get(reverse("library:document", args=[restricted.pk])).status_code == 200
    assert client.get(reverse("library:download", args=[restricted.pk])).status_code == 200
    assert client.get(reverse("library:document", args=[platform.pk])).status_code == 200
    _, key = token_create(user=people.state, name="audit", days=1)
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(f"/api/v1/assessments/{assessment.pk}/").status_code == 200
    assert api.get(f"/api/v1/documents/{restricted.pk}/download/").status_code == 200

    events = AuditEvent.objects.filter(user=people.state).exclude(kind=AuditEvent.Kind.SIGN_IN).order_by("pk")
    assert [(event.kind, event.object_id, event.via_api) for event in events] == [
        (AuditEvent.Kind.ASSESSMENT_READ, str(assessment.pk), False),
        (AuditEvent.Kind.DOCUMENT_READ, str(restricted.pk), False),
        (AuditEvent.Kind.DOCUMENT_DOWNLOAD, str(restricted.pk), False),
        (AuditEvent.Kind.ASSESSMENT_READ, str(assessment.pk), True),
        (AuditEvent.Kind.DOCUMENT_DOWNLOAD, str(restricted.pk), True),
    ]
    first = events[0]
    assert first.ip_address == "198.51.100.4"
    assert first.path == reverse("cted:assessment", args=[assessment.pk])
    assert first.object_repr == str(assessment)


def test_a_refused_request_is_recorded(client, people):
    client.force_login(people.state)
    response = client.get(reverse("library:upload"), REMOTE_ADDR="203.0.113.5")
    if response.status_code != 403:  # the State may upload: take a page it may not open instead
        response = client.get("/admin/", REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 302
        response = client.post("/api/v1/assessments/", {}, content_type="application/json", REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 403
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ACCESS_REFUSED)
    assert (event.user, event.ip_address, event.status) == (people.state, "203.0.113.5", 403)


def test_the_secretariat_searches_and_exports_the_audit_log_and_cannot_change_it(client, people, person):
    sign_in(Client(), "lock.person", "wrong", address="192.0.2.99")
    sign_in(Client(), "lock.person", PASSWORD, address="192.0.2.99")
    client.force_login(people.secretariat)
    listing = client.get(reverse("admin:platform_app_auditevent_changelist"), {"q": "192.0.2.99"})
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 2
    assert client.get(reverse("admin:platform_app_auditevent_add")).status_code == 403
    event = AuditEvent.objects.filter(username="lock.person").first()
    change = client.post(reverse("admin:platform_app_auditevent_change", args=[event.pk]), {"username": "x"})
    assert change.status_code == 403
    assert client.post(reverse("admin:platform_app_auditevent_delete", args=[event.pk])).status_code == 403

    export = client.post(
        reverse("admin:platform_app_auditevent_export") + "?q=192.0.2.99",
        {"format": "0", "resource": "0", "export_items": []},
    )
    if export.status_code == 200 and export.get("Content-Disposition") is None:
        # django-import-export asks which columns to export: take them all.
        form = export.context["form"]
        data = {"format": "0", "resource": "0"}
        data.update({name: "on" for name in form.fields if name not in ("format", "resource", "export_items")})
        export = client.post(reverse("admin:platform_app_auditevent_export") + "?q=192.0.2.99", data)
    assert export.status_code == 200
    assert "attachment" in export["Content-Disposition"]
    text = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    lines = text.strip().splitlines()
    assert lines[0].split(",")[:3] == ["at", "what", "username"]
    assert len(lines) == 3
    assert "Failed sign-in" in text
    assert "192.0.2.99" in text
