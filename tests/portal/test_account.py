"""The person's own account: profile, API tokens, calendar feed address, invitation, password reset."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Subscription
from platform_app.accounts.models import ApiToken, User
from platform_app.calendar.feeds import feed_token_for
from platform_app.directory.invitations import invitation_tokens
from platform_app.directory.models import FocalPoint
from platform_app.structure.models import Language, ThematicArea
from tests.factories import FocalPointFactory, reference_org

PROFILE = reverse("account:profile")


def profile_data(**overrides) -> dict:
    data = {
        "first_name": "Amina",
        "last_name": "Otieno",
        "time_zone": "Africa/Nairobi",
        "preferred_language": "fr",
        "notification_frequency": "weekly",
        "event_reminders": "",
        "newsletter": "on",
        "title": "Dr.",
        "job_title": "Counsellor",
        "department": "Political affairs",
        "email": "a.otieno@example.org",
        "phone": "+254 20 000 0000",
        "mobile": "",
        "city": "Nairobi",
        "hide_email": "",
        "hide_phone": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


def test_a_focal_point_saves_details_and_preferences(client, people):
    client.force_login(people.state)
    theme = ThematicArea.objects.order_by("pk").first()
    french = Language.objects.get(code="fr")
    response = client.post(PROFILE, {**profile_data(), "expertise": [theme.pk], "languages": [french.pk]})
    assert response.status_code == 302
    user = User.objects.get(pk=people.state.pk)
    assert (user.first_name, user.time_zone, user.preferred_language) == ("Amina", "Africa/Nairobi", "fr")
    assert user.notification_frequency == "weekly" and user.event_reminders is False
    focal_point = FocalPoint.objects.get(user=user)
    assert (focal_point.job_title, focal_point.hide_phone, focal_point.hide_email) == ("Counsellor", True, False)
    assert list(focal_point.expertise.all()) == [theme]
    assert list(focal_point.languages.all()) == [french]
    assert Subscription.objects.get(user=user).is_active
    assert response.cookies["django_language"].value == "fr"

    # Unsubscribing keeps the record, marked inactive.
    client.post(PROFILE, profile_data(newsletter=""))
    subscription = Subscription.objects.get(user=user)
    assert not subscription.is_active and subscription.unsubscribed_at is not None


def test_the_profile_gives_no_admin_rights(client, people):
    from django.core.exceptions import PermissionDenied

    from platform_app.accounts.services import profile_update

    client.force_login(people.state)
    crafted = {**profile_data(), "is_staff": "on", "is_superuser": "on", "groups": ["1"]}
    assert client.post(PROFILE, crafted).status_code == 302
    # The service behind the page refuses the change too, whatever form calls it.
    for fields in ({"is_staff": True}, {"is_superuser": True}, {"first_name": "Amina", "is_staff": True}):
        with pytest.raises(PermissionDenied):
            profile_update(user=people.state, user_fields=fields, focal_point_fields={})
    user = User.objects.get(pk=people.state.pk)
    assert not (user.is_staff or user.is_superuser or user.groups.exists())


@pytest.mark.parametrize(
    "field, value",
    [("time_zone", "Mars/Olympus"), ("phone", "call me maybe"), ("first_name", "A\x00B"), ("email", "not-an-address")],
)
def test_bad_profile_input_is_refused_with_the_typed_values_kept(client, people, field, value):
    client.force_login(people.state)
    before = User.objects.get(pk=people.state.pk)
    response = client.post(PROFILE, profile_data(**{field: value, "job_title": "Kept as typed"}))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert "Kept as typed" in response.content.decode()
    after = User.objects.get(pk=people.state.pk)
    assert (after.first_name, after.time_zone) == (before.first_name, before.time_zone)
    assert FocalPoint.objects.get(user=after).job_title != "Kept as typed"


def test_the_secretariat_without_a_focal_point_record_has_no_directory_fields(client, people):
    client.force_login(people.secretariat)
    response = client.get(PROFILE)
    assert response.status_code == 200
    assert "job_title" not in response.context["form"].fields
    response = client.post(PROFILE, profile_data(first_name="Sam"))
    assert response.status_code == 302
    assert User.objects.get(pk=people.secretariat.pk).first_name == "Sam"


def test_an_api_token_is_shown_once_works_and_can_be_revoked(client, people):
    client.force_login(people.state)
    response = client.post(reverse("account:token_create"), {"name": "Ministry system", "days": 30})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    key = re.search(r"ccp_[A-Za-z0-9_-]+", response.content.decode()).group(0)
    token = ApiToken.objects.get(user=people.state)
    assert token.name == "Ministry system"
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    api = reverse("api:organization-list")
    assert client.get(api, headers={"Authorization": f"Token {key}"}).status_code == 200
    # Not shown again.
    assert key not in client.get(PROFILE).content.decode()

    assert client.post(reverse("account:token_revoke", kwargs={"pk": token.pk})).status_code == 302
    client.logout()
    assert client.get(api, headers={"Authorization": f"Token {key}"}).status_code == 401


def test_nobody_revokes_someone_elses_token(client, people):
    client.force_login(people.state)
    client.post(reverse("account:token_create"), {"name": "Kenya", "days": 30})
    token = ApiToken.objects.get(user=people.state)
    client.force_login(people.other_state)
    assert client.post(reverse("account:token_revoke", kwargs={"pk": token.pk})).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("days", ["0", "100000", "-1", "ten", "9" * 40])
def test_a_token_with_a_bad_lifetime_is_refused(client, people, days):
    client.force_login(people.state)
    response = client.post(reverse("account:token_create"), {"name": "x", "days": days})
    assert response.status_code == 400
    assert response.context["token_form"].errors["days"]
    assert not ApiToken.objects.filter(user=people.state).exists()


def test_resetting_the_calendar_feed_ends_the_old_address(client, people):
    client.force_login(people.state)
    response = client.get(PROFILE)
    user = User.objects.get(pk=people.state.pk)
    old = reverse("calendar:feed", kwargs={"token": feed_token_for(user)})
    assert old in response.content.decode()
    client.logout()
    assert client.get(old).status_code == 200
    client.force_login(user)
    assert client.post(reverse("account:calendar_feed_reset")).status_code == 302
    client.logout()
    user.refresh_from_db()
    new = reverse("calendar:feed", kwargs={"token": feed_token_for(user)})
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


# --- invitation ---------------------------------------------------------------------------------


@pytest.fixture
def invited(reference):
    user = User.objects.create_user("new.focal", "new.focal@example.org", first_name="Lea")
    assert not user.has_usable_password()
    return FocalPointFactory(user=user, organization=reference_org("NO"))


def invite(admin_client, focal_point, capture) -> str:
    mail.outbox.clear()
    with capture(execute=True):
        response = admin_client.post(
            reverse("admin:platform_app_focalpoint_changelist"),
            {"action": "send_invitations", "_selected_action": [focal_point.pk]},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.focal@example.org"]
    return re.search(r"http://testserver(/accounts/invitation/\S+/)", mail.outbox[0].body).group(1)


@pytest.fixture
def admin_client(client, people):
    client.force_login(people.secretariat)
    people.secretariat.is_superuser = True
    people.secretariat.save()
    return client


def test_an_invited_focal_point_sets_a_password_and_is_signed_in(
    admin_client, invited, django_capture_on_commit_callbacks
):
    link = invite(admin_client, invited, django_capture_on_commit_callbacks)
    admin_client.logout()
    response = admin_client.get(link, follow=True)
    assert response.status_code == 200 and response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    password = "a-long-enough-password-2026"
    response = admin_client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302 and response["Location"] == PROFILE
    assert admin_client.get(PROFILE).status_code == 200  # signed in
    assert User.objects.get(pk=invited.user_id).check_password(password)
    # The link is spent.
    admin_client.logout()
    assert not admin_client.get(link, follow=True).context["validlink"]


def test_a_new_invitation_ends_the_earlier_link(admin_client, invited, django_capture_on_commit_callbacks):
    first = invite(admin_client, invited, django_capture_on_commit_callbacks)
    second = invite(admin_client, invited, django_capture_on_commit_callbacks)
    assert first != second
    admin_client.logout()
    assert not admin_client.get(first, follow=True).context["validlink"]
    assert admin_client.get(second, follow=True).context["validlink"]


def test_an_invitation_expires(invited, monkeypatch):
    user = User.objects.get(pk=invited.user_id)
    user.invited_at = timezone.now()
    token = invitation_tokens.make_token(user)
    assert invitation_tokens.check_token(user, token)
    later = invitation_tokens._now() + timedelta(days=15)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: later)
    assert not invitation_tokens.check_token(user, token)


def test_adding_a_focal_point_without_a_password_invites_them(
    admin_client, reference, django_capture_on_commit_callbacks
):
    user = User.objects.create_user("added.focal", "added.focal@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:platform_app_focalpoint_add"),
            {"user": user.pk, "organization": reference_org("KE").pk, "is_active": "on"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [m.to for m in mail.outbox] == [["added.focal@example.org"]]


def test_password_reset_by_email(client, people):
    mail.outbox.clear()
    response = client.post(reverse("account:password_reset"), {"email": people.state.email})
    assert response.status_code == 302
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    password = "another-long-password-2026"
    assert client.post(form_url, {"new_password1": password, "new_password2": password}).status_code == 302
    assert User.objects.get(pk=people.state.pk).check_password(password)


def test_password_reset_does_not_say_whether_an_address_exists(client, db):
    mail.outbox.clear()
    response = client.post(reverse("account:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("account:password_reset_done")
    assert mail.outbox == []


def test_the_signed_in_user_page_needs_an_account(client, db):
    response = client.get(PROFILE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
