"""Signing in with a username or an email, signing out, and the minimal home page."""

import pytest
from django.urls import reverse

from platform_app.accounts.models import User
from platform_app.directory.models import FocalPoint, Organization

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-password-2026"


@pytest.fixture
def kenya_user(reference):
    user = User.objects.create_user("kenya.person", "Kenya.Person@example.org", PASSWORD, first_name="Amani")
    FocalPoint.objects.create(user=user, organization=Organization.objects.get(iso_alpha2="KE"))
    return user


@pytest.mark.parametrize("login", ["kenya.person", "Kenya.Person@example.org", "kenya.person@EXAMPLE.ORG"])
def test_sign_in_with_username_or_email(client, kenya_user, login):
    response = client.post(reverse("login"), {"username": login, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Kenya" in home.content.decode() and "Member State" in home.content.decode()


@pytest.mark.parametrize(
    ("login", "password"),
    [("kenya.person", "wrong-password"), ("nobody", PASSWORD), ("nobody@example.org", PASSWORD), ("", "")],
)
def test_wrong_credentials_are_refused_without_saying_which(client, kenya_user, login, password):
    response = client.post(reverse("login"), {"username": login, "password": password})
    assert response.status_code == 200
    assert "did not match" in response.content.decode() or not login
    assert "_auth_user_id" not in client.session


def test_inactive_users_cannot_sign_in(client, kenya_user):
    kenya_user.is_active = False
    kenya_user.save()
    client.post(reverse("login"), {"username": "kenya.person", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_home_is_the_public_landing_page_until_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "platform_app/landing.html"
    assert reverse("login") in response.content.decode()
    assert client.get(reverse("directory:index")).status_code == 302  # the platform itself needs sign-in


def test_sign_out_is_a_post(client, kenya_user):
    client.force_login(kenya_user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("directory:index")).status_code == 302
    assert next(t.name for t in client.get(reverse("home")).templates) == "platform_app/landing.html"


def test_login_page_names_the_fields_for_assistive_technology(client, db):
    page = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">' in page and '<label for="id_password">' in page
    assert 'lang="en"' in page


def test_login_page_in_arabic_is_right_to_left(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in page and 'lang="ar"' in page


def test_login_page_in_french(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'lang="fr"' in page and "Se connecter" in page


def test_the_language_switch_remembers_the_choice(client, kenya_user):
    client.force_login(kenya_user)
    response = client.post(reverse("set_language"), {"language": "ar", "next": reverse("home")})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert "تسجيل الخروج" in page  # "Sign out"
