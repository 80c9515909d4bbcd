"""A document's page in Chromium with the picture of its file's first page and its counts: the picture loads,
sits beside the details on a desktop and within the window on a phone, in English and in Arabic."""

from __future__ import annotations

import hashlib

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from weasyprint import HTML

from platform_app.accounts.models import User
from platform_app.library import texts
from platform_app.library.models import Document, DocumentVersion
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe, fit_problems, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def read_pdf_version(document: Document) -> DocumentVersion:
    """A new version of `document`: a three-page PDF, read as the task reads it."""
    pages = "".join(
        f'<h1 style="page-break-before: always">Chapter {n}</h1><p>{"Border management and data sharing. " * 40}</p>'
        for n in (1, 2, 3)
    )
    data = HTML(string=f"<html><body>{pages}</body></html>").write_pdf()
    number = document.versions.count() + 1
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        file=ContentFile(data, name="brief.pdf"),
        original_filename="brief.pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    texts.extract_version(version.pk)
    return version


def test_the_first_page_and_the_counts_hold_on_a_desktop_and_a_phone(live_server, browser, demo):
    user = User.objects.get(username="kenya.focal")
    document = Document.objects.visible_to(user).order_by("-published_on", "pk").first()
    read = read_pdf_version(document).text
    assert read.thumbnail and read.pages == 3
    base = live_server.url
    chromium = browser()
    context = chromium.new_context(viewport=DESKTOP)
    page = sign_in(context, base, "kenya.focal")
    problems = []
    for language in ("en", "ar"):
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
        page.set_viewport_size(DESKTOP)
        page.goto(f"{base}/library/{document.pk}/")
        picture = page.locator(".library-thumbnail img")
        picture.wait_for()
        assert page.evaluate("document.querySelector('.library-thumbnail img').naturalWidth") > 0
        for viewport, name in ((DESKTOP, "desktop"), (PHONE, "phone"), ({"width": 320, "height": 700}, "320")):
            page.set_viewport_size(viewport)
            where = f"{language} {viewport['width']}px"
            problems += fit_problems(page, where)
            box = picture.bounding_box()
            if box["x"] < 0 or box["x"] + box["width"] > viewport["width"]:
                problems.append(f"{where}: the picture lies outside the window ({box})")
            if name in ("desktop", "phone"):
                violations = axe_violations(page)
                if violations:
                    problems.append(f"{where}: axe-core: {describe(violations)}")
            screenshot(page, f"document-first-page-{language}-{name}")
        page.set_viewport_size(DESKTOP)
        details, box = page.locator(".library-overview dl").bounding_box(), picture.bounding_box()
        # Beside the details on a desktop: on their right in English, on their left in Arabic.
        if language == "en":
            beside = box["x"] >= details["x"] + details["width"]
        else:
            beside = box["x"] + box["width"] <= details["x"]
        if not beside:
            problems.append(f"{language}: the picture is not beside the details ({box} / {details})")
    context.close()
    assert not problems, "\n".join(problems)
