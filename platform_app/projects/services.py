from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from platform_app.core.viewer import viewer_for
from platform_app.cted.models import Recommendation
from platform_app.projects.models import Project


def project_may_set_responses(user, project: Project) -> bool:
    viewer = viewer_for(user)
    return viewer.is_secretariat or viewer.organization_id == project.lead_entity_id


@transaction.atomic
def project_set_responses(*, user, project: Project, recommendations: Iterable[Recommendation]) -> Project:
    """The lead entity says which recommendations its project responds to.

    The caller replaces only the links it can see: links to recommendations hidden from it (another
    State's, not shared) are kept as they are.
    """
    if not project_may_set_responses(user, project):
        raise PermissionDenied("Only the lead entity links its project to recommendations.")
    visible = Recommendation.objects.visible_to(user)
    chosen = {rec.pk for rec in recommendations}
    not_visible = chosen - set(visible.filter(pk__in=chosen).values_list("pk", flat=True))
    if not_visible:
        raise ValidationError({"responds_to": [_("Unknown recommendation: %(id)s.") % {"id": min(not_visible)}]})
    hidden_links = set(
        project.responds_to.exclude(pk__in=visible.filter(responding_projects=project).values("pk")).values_list(
            "pk", flat=True
        )
    )
    project.responds_to.set(chosen | hidden_links)
    return project
