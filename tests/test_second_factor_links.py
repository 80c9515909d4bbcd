"""The second-factor page leads nowhere but out: every other page sends an unconfirmed staff member back
to it, so a link there (the header's brand to the home page) would only reload it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.real_second_factor]


@pytest.mark.parametrize("set_up", [True, False], ids=["set-up", "code"])
def test_the_page_has_no_link_and_the_brand_is_plain_text(client, set_up):
    user = UserFactory(is_staff=True)
    if not set_up:
        TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    client.force_login(user)
    html = client.get(reverse("two_factor")).content.decode()
    header = html[html.index('<header class="site-header"') : html.index("</header>")]
    assert "Compact Coordination Platform" in header
    # Only the skip link, to this page's own content, is an <a>; signing out is a form.
    assert re.findall(r"<a\b[^>]*>", html) == ['<a class="skip-link" href="#main">']
    assert f'action="{reverse("logout")}"' in header
    # The home page would only send them back here.
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor"))


def test_other_pages_keep_the_brand_as_a_link_home(client, people):
    client.force_login(people.state)
    html = client.get(reverse("directory:index")).content.decode()
    assert f'<a class="brand" href="{reverse("home")}">' in html
