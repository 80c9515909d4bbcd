"""Database rules reject what a form or a careless script would let through."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from platform_app.accounts.models import User
from platform_app.calendar.models import Event
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.directory.models import FocalPoint, Organization
from platform_app.library.models import Document
from platform_app.projects.models import Project
from platform_app.structure.models import Language, Pillar, ThematicArea, WorkingGroup, WorkingGroupMembership

pytestmark = pytest.mark.django_db

START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


def rejected(make):
    """The database itself refuses the row (not only Django validation)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_an_organization_holds_one_role_per_working_group(reference):
    bmle = WorkingGroup.objects.get(short_name="BMLE")
    unodc = Organization.objects.get(acronym="UNODC")
    assert WorkingGroupMembership.objects.filter(working_group=bmle, organization=unodc, role="vice_chair").exists()
    rejected(lambda: WorkingGroupMembership.objects.create(working_group=bmle, organization=unodc, role="member"))
    duplicate = WorkingGroupMembership(working_group=bmle, organization=unodc, role="member")
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_a_working_group_has_one_chair(reference):
    bmle = WorkingGroup.objects.get(short_name="BMLE")
    ipu = Organization.objects.get(acronym="IPU")
    rejected(lambda: WorkingGroupMembership.objects.create(working_group=bmle, organization=ipu, role="chair"))


def test_an_event_cannot_end_before_it_starts(reference):
    rejected(lambda: Event.objects.create(title="Backwards", starts_at=START, ends_at=START - timedelta(hours=1)))
    Event.objects.create(title="Instant", starts_at=START, ends_at=START)  # zero length is allowed


def test_working_group_visibility_needs_a_group(reference):
    english = Language.objects.get(code="en")
    unoct = Organization.objects.get(acronym="UNOCT")
    rejected(
        lambda: Document.objects.create(
            title="Orphan",
            language=english,
            organization=unoct,
            visibility="working_group",
            published_on=date(2026, 1, 1),
        )
    )
    rejected(lambda: Event.objects.create(title="Orphan", starts_at=START, ends_at=START, visibility="working_group"))


def test_a_recommendation_needs_an_assessment(reference):
    theme = ThematicArea.objects.first()
    rejected(lambda: Recommendation.objects.create(number=1, thematic_area=theme, text="Adopt a law."))


def test_recommendation_numbers_are_unique_within_an_assessment(reference):
    kenya = Organization.objects.get(iso_alpha2="KE")
    theme = ThematicArea.objects.first()
    assessment = CountryAssessment.objects.create(member_state=kenya, kind="comprehensive")
    Recommendation.objects.create(assessment=assessment, number=1, thematic_area=theme, text="Adopt a law.")
    rejected(lambda: Recommendation.objects.create(assessment=assessment, number=1, thematic_area=theme, text="x"))
    rejected(lambda: Recommendation.objects.create(assessment=assessment, number=2, thematic_area=theme, text=""))


def test_assessment_visit_dates_are_ordered(reference):
    kenya = Organization.objects.get(iso_alpha2="KE")
    rejected(
        lambda: CountryAssessment.objects.create(
            member_state=kenya, visit_start=date(2026, 5, 10), visit_end=date(2026, 5, 1)
        )
    )


def test_organization_kind_rules(reference):
    rejected(lambda: Organization.objects.create(kind="entity", name="No status"))
    rejected(lambda: Organization.objects.create(kind="member_state", name="Atlantis"))  # no ISO codes
    rejected(
        lambda: Organization.objects.create(
            kind="regional_org", name="Not a State", acronym="NAS", iso_alpha2="NS", iso_alpha3="NAS"
        )
    )
    rejected(lambda: Organization.objects.create(kind="regional_org", name="Second AU", acronym="AU"))
    rejected(
        lambda: Organization.objects.create(
            kind="member_state", name="Second Kenya", iso_alpha2="KE", iso_alpha3="KEX", region="africa"
        )
    )


def test_one_primary_focal_point_per_organization(reference):
    au = Organization.objects.get(acronym="AU")
    first = User.objects.create(username="first")
    second = User.objects.create(username="second")
    FocalPoint.objects.create(user=first, organization=au, is_primary=True)
    rejected(lambda: FocalPoint.objects.create(user=second, organization=au, is_primary=True))
    FocalPoint.objects.create(user=second, organization=au, is_primary=False)


def test_emails_are_unique_whatever_their_case(db):
    User.objects.create(username="a", email="Focal.Point@example.org")
    rejected(lambda: User.objects.create(username="b", email="focal.point@EXAMPLE.org"))
    User.objects.create(username="c", email="")
    User.objects.create(username="d", email="")  # many accounts may have no email


def test_project_budget_and_dates(reference):
    unoct = Organization.objects.get(acronym="UNOCT")
    rejected(lambda: Project.objects.create(code="P-1", title="x", lead_entity=unoct, budget=-1))
    rejected(
        lambda: Project.objects.create(
            code="P-2", title="x", lead_entity=unoct, start_date=date(2026, 1, 2), end_date=date(2026, 1, 1)
        )
    )


def test_pillars_are_numbered_one_to_four(reference):
    rejected(lambda: Pillar.objects.create(number=5, name="Fifth"))
