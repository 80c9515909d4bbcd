"""Writes of CTED's records: assessments, recommendations, sharing decisions and progress."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_app.core.revisions import check_revision, write_record
from platform_app.core.viewer import MEMBER_STATE
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.cted.policies import may_edit_cted, may_record_progress, may_set_sharing


@transaction.atomic
def assessment_save(*, user, assessment: CountryAssessment | None = None, **fields) -> CountryAssessment:
    """CTED creates or edits an assessment. Changing the consent flag records who decided and when."""
    may_edit_cted(user).check()
    assessment = assessment or CountryAssessment()
    sharing_before = assessment.shared_with_entities if assessment.pk else None
    for name, value in fields.items():
        setattr(assessment, name, value)
    if assessment.member_state_id and assessment.member_state.kind != MEMBER_STATE:
        raise ValidationError({"member_state": [_("Assessments are of Member States.")]})
    if sharing_before is None or sharing_before != assessment.shared_with_entities:
        assessment.sharing_decided_by = user
        assessment.sharing_decided_at = timezone.now()
    return write_record(assessment)


@transaction.atomic
def assessment_set_sharing(*, user, assessment: CountryAssessment, shared: bool) -> CountryAssessment:
    """The assessed State (or CTED) decides whether Compact entities may see the assessment."""
    may_set_sharing(user, assessment).check()
    assessment = CountryAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.shared_with_entities != shared:
        assessment.shared_with_entities = shared
        assessment.sharing_decided_by = user
        assessment.sharing_decided_at = timezone.now()
        assessment.save(
            update_fields=["shared_with_entities", "sharing_decided_by", "sharing_decided_at", "updated_at"]
        )
    return assessment


@transaction.atomic
def recommendation_save(
    *, user, recommendation: Recommendation | None = None, expected_revision: int | None = None, **fields
) -> Recommendation:
    """CTED records a recommendation, or changes the given fields of one (on the stored row, locked,
    so that fields changed meanwhile by others are kept)."""
    may_edit_cted(user).check()
    projects = fields.pop("responding_projects", None)
    if recommendation is None:
        recommendation = Recommendation()
    else:
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        check_revision(recommendation, expected_revision)
    return write_record(recommendation, fields, relations={"responding_projects": projects})


@transaction.atomic
def recommendation_record_progress(
    *,
    user,
    recommendation: Recommendation,
    status: str | None = None,
    progress_note: str | None = None,
    expected_revision: int | None = None,
) -> Recommendation:
    """The assessed State records where it stands on one of its recommendations."""
    may_record_progress(user, recommendation).check()
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    check_revision(recommendation, expected_revision)
    changed = []
    if status is not None and status != recommendation.status:
        recommendation.status = status
        changed.append("status")
    if progress_note is not None and progress_note != recommendation.progress_note:
        recommendation.progress_note = progress_note
        changed.append("progress_note")
    if changed:
        write_record(recommendation, update_fields=[*changed, "updated_at"])
    return recommendation
