"""Signing out says it happened: the portal's sign-out and the administration's both land on a page that
says so, in the reader's language, with a way to sign in again."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse


def signed_out() -> str:
    return reverse("account:signed_out")


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.parametrize("sign_out", ["logout", "admin:logout"])
def test_signing_out_lands_on_a_page_that_says_so_with_a_way_back_in(client, people, sign_out):
    user = people.secretariat if sign_out == "admin:logout" else people.state
    client.force_login(user)
    response = client.post(reverse(sign_out))
    assert response.status_code == 302 and response["Location"] == signed_out()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "You have signed out." in text(page)
    assert f'href="{reverse("login")}"' in page.content.decode()
    assert "Sign in again" in text(page)
    # Signed out indeed: the portal's pages ask to sign in.
    assert client.get(reverse("directory:index"))["Location"].startswith(reverse("login"))


def test_the_page_is_in_the_language_the_person_read_the_site_in(client, people):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.force_login(people.state)
    assert 'lang="fr"' in client.get(reverse("home")).content.decode()
    page = client.post(reverse("logout"), follow=True)
    assert page.request["PATH_INFO"] == signed_out()
    assert '<html lang="fr"' in page.content.decode()


def test_someone_signed_in_is_not_told_they_signed_out(client, people):
    client.force_login(people.state)
    response = client.get(signed_out())
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_session_that_ended_by_itself_still_says_so_on_the_sign_in_page(client, people):
    """An expired session is not a sign-out: its own message, on the sign-in page (accounts.security)."""
    from platform_app.accounts.security import LAST_SEEN_AT, SIGNED_IN_AT

    client.force_login(people.state)
    session = client.session
    session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = 0
    session.save()
    response = client.get(reverse("directory:index"), follow=True)
    assert response.request["PATH_INFO"] == reverse("login")
    assert "Your session has ended. Please sign in again." in text(response)
    assert "You have signed out." not in text(response)
