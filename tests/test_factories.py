"""The text the factories make up is unique: no made-up text, nor its first sentence, is part of another.

Tests assert that a title or a summary is absent from a page a role may not see; with text drawn from a
small vocabulary (or numbered "Priority 1", "Priority 12"), another object on the page could carry the same
words and the assertion would fail by chance, depending on how many objects the tests before it made.
"""

from __future__ import annotations

import pytest

from platform_app.directory.models import Organization
from tests import factories as f

# Each factory with the text fields it makes up when the test does not give them.
MADE_UP = [
    (f.UserFactory, ("username",)),
    (f.OrganizationFactory, ("name",)),
    (f.MemberStateFactory, ("name",)),
    (f.RegionalOrganizationFactory, ("name",)),
    (f.FocalPointFactory, ("job_title",)),
    (f.DocumentFactory, ("title", "description")),
    (f.EventFactory, ("title",)),
    (f.ProjectFactory, ("title",)),
    (f.AppealFactory, ("title",)),
    (f.CountryAssessmentFactory, ("summary",)),
    (f.RecommendationFactory, ("text",)),
    (f.MeetingFactory, ("title", "summary")),
    (f.WorkplanActivityFactory, ("title",)),
    (f.PostFactory, ("title", "body")),
    (f.CountryEntryFactory, ("title", "text")),
    (f.SupportRequestFactory, ("title", "needs")),
    (f.SupportOfferFactory, ("description",)),
    (f.AgendaItemFactory, ("title",)),
    (f.ShowcaseRequestFactory, ("title", "summary")),
]
# What a factory needs to make several objects in a row: one pending showcase per State and group.
EXTRA = {f.ShowcaseRequestFactory: lambda i: {"member_state": Organization.objects.filter(kind="member_state")[i]}}
PER_FACTORY = 14  # more than the twelve ordinals spelled out, and past "1" to "11" and "12"


@pytest.mark.django_db
def test_no_made_up_text_nor_its_first_sentence_is_part_of_another(reference):
    texts: list[tuple[str, str]] = []
    for factory, fields in MADE_UP:
        for i in range(PER_FACTORY):
            obj = factory(**EXTRA[factory](i) if factory in EXTRA else {})
            texts += [(f"{factory.__name__}.{name}", getattr(obj, name)) for name in fields]
    assert all(text for _, text in texts), "every made-up field has a text"
    clashes = [
        (where, text, other_where, other)
        for i, (where, text) in enumerate(texts)
        for j, (other_where, other) in enumerate(texts)
        if i != j and text.split(".")[0] in other
    ]
    assert clashes == [], f"{len(clashes)} made-up texts found in others, e.g. {clashes[:3]}"


@pytest.mark.parametrize(("factory", "made", "step"), [(f.EventFactory, 9000, 1), (f.MeetingFactory, 1250, 7)])
def test_what_a_test_does_not_date_stays_out_of_the_calendars_windows(factory, made, step, people):
    """Events and meetings made without a date are dated in order of making, a day (a week for meetings)
    apart. After thousands made before them in one process (more than the whole suite makes), they are still
    more than 180 days in the past: out of what is upcoming, of the current month and of the feed, which a test
    counting those would otherwise find them in, depending on how many the tests before it made."""
    from datetime import timedelta

    from django.utils import timezone

    factory.reset_sequence(made)
    try:
        first, second = factory(), factory()
    finally:
        factory.reset_sequence(0)
    assert second.starts_at - first.starts_at == timedelta(days=step)
    assert second.ends_at < timezone.now() - timedelta(days=180)
