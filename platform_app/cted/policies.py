"""Who may edit CTED's assessments and recommendations, decide on sharing them, record progress, read
the gaps, and link a project to the recommendations it responds to."""

from __future__ import annotations

from django.utils.translation import gettext as _

from platform_app.core.policies import Decision, allow_if
from platform_app.core.viewer import ENTITY, viewer_for
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.projects.models import Project


def may_edit_cted(user) -> Decision:
    """CTED and the Secretariat write assessments and recommendations."""
    return allow_if(
        viewer_for(user).sees_all_cted, _("Only CTED and the Secretariat edit assessments and recommendations.")
    )


def may_set_sharing(user, assessment: CountryAssessment) -> Decision:
    """The assessed State and CTED (or the Secretariat) decide whether Compact entities may see it."""
    viewer = viewer_for(user)
    return allow_if(
        viewer.speaks_for_state(assessment.member_state_id) or viewer.sees_all_cted,
        _("Only the assessed State and CTED decide whether an assessment is shared."),
    )


def may_record_progress(user, recommendation: Recommendation) -> Decision:
    viewer = viewer_for(user)
    return allow_if(
        viewer.speaks_for_state(recommendation.assessment.member_state_id) or viewer.sees_all_cted,
        _("Only the assessed State and CTED record progress on a recommendation."),
    )


def may_see_gaps(user) -> Decision:
    """The gaps page is for those who respond to recommendations: entities, and CTED and the Secretariat."""
    viewer = viewer_for(user)
    return allow_if(
        viewer.sees_all_cted or viewer.organization_kind == ENTITY,
        _("This page is for Compact entities, CTED and the Secretariat."),
    )


def may_set_responses(user, project: Project) -> Decision:
    """The lead entity (or the Secretariat) says which recommendations its project responds to."""
    viewer = viewer_for(user)
    return allow_if(
        viewer.is_secretariat or viewer.organization_id == project.lead_entity_id,
        _("Only the lead entity links its project to recommendations."),
    )


def assessment_may_set_sharing(user, assessment: CountryAssessment) -> bool:
    return bool(may_set_sharing(user, assessment))


def recommendation_may_record_progress(user, recommendation: Recommendation) -> bool:
    return bool(may_record_progress(user, recommendation))


def project_may_set_responses(user, project: Project) -> bool:
    return bool(may_set_responses(user, project))
