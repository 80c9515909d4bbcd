"""In Chromium: the admin's change page of a working group shows its name in a tab per official language,
built by the platform's own scripts under its Content-Security-Policy, and saves what a tab holds."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from platform_app.accounts.models import User
from platform_app.accounts.roles import SECRETARIAT
from platform_app.structure.models import WorkingGroup

from .conftest import DESKTOP, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "fr", "es", "ru", "zh-hans", "ar"]


def test_the_name_is_edited_in_a_tab_per_language_under_the_policy(live_server, reference, browser):
    user = User.objects.create_superuser("tabs.secretariat", "tabs.secretariat@example.org", "unused-password-2026")
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    signed_in = Client()
    signed_in.force_login(user)  # with a confirmed authenticator, as the root conftest has it
    group = WorkingGroup.objects.get(short_name="GENDER")
    url = live_server.url + reverse("admin:platform_app_workinggroup_change", args=[group.pk])

    context = browser().new_context(viewport=DESKTOP)
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url + "/"}])
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: refused.append(str(error)))
    page.goto(url)

    tabs = page.locator(".ui-tabs-nav").first.locator("li")
    tabs.first.wait_for()
    assert tabs.count() == len(LANGUAGES)
    labels = [label.strip().lower() for label in tabs.all_inner_texts()]
    assert labels == LANGUAGES
    # One panel shows at a time: English first; the Spanish tab shows the Spanish name.
    assert page.locator("#id_name_en").is_visible() and not page.locator("#id_name_es").is_visible()
    tabs.nth(LANGUAGES.index("es")).click()
    spanish = page.locator("#id_name_es")
    assert spanish.is_visible() and not page.locator("#id_name_en").is_visible()
    spanish.fill("Grupo de Trabajo sobre la Adopción de un Enfoque de Género")
    screenshot(page, "admin-working-group-language-tabs")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".messagelist .success").count() == 1
    # Read back from the page saved and shown again (Django refuses database calls while Playwright's loop
    # runs in this thread).
    assert page.locator("#id_name_es").input_value() == "Grupo de Trabajo sobre la Adopción de un Enfoque de Género"
    assert page.locator(".ui-tabs-nav").first.locator("li").count() == len(LANGUAGES)
    assert not refused, "\n".join(refused)
