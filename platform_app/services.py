"""Writes of the platform's records, with the role rules they carry. Views validate input, then call these.

Each service is atomic: it checks who may act, validates the whole object with `full_clean()`, and
writes; on any error nothing is left half-written. Permission failures raise PermissionDenied.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    CountryAssessment,
    Document,
    DocumentVersion,
    Event,
    Language,
    Organization,
    Project,
    Recommendation,
    ThematicArea,
)
from .uploads import check_upload
from .visibility import MEMBER_STATE, can_write_in_group, viewer_for, writable_groups


class EditConflict(Exception):
    """Someone saved the record after the editor read it: their change would be overwritten unseen."""

    def __init__(self, record, expected: int):
        self.record = record
        self.expected = expected
        self.current = record.revision
        super().__init__(
            _(
                "Someone else changed this record since you opened it (revision %(current)s; yours was "
                "%(expected)s). Reload it, look at their change, then make yours again."
            )
            % {"current": self.current, "expected": expected}
        )


class StateConflict(ValidationError):
    """The record is no longer in a state that allows the change (a request already closed, an offer
    already answered): what was sent is not at fault, the record has moved on. A ValidationError, so
    that forms show its message as any other; the API answers 409 rather than 400."""


def check_revision(record, expected: int | None) -> None:
    """Raises EditConflict when the editor started from another revision than the stored one.

    `record` must have been read under a row lock (select_for_update) in the current transaction, so
    that no save can come between this check and the editor's own."""
    if expected is not None and expected != record.revision:
        raise EditConflict(record, expected)


def _acting_organization(user, organization: Organization | None) -> Organization:
    """Focal points act for their own organization; the Secretariat names one."""
    viewer = viewer_for(user)
    if viewer.is_secretariat and organization is not None:
        return organization
    if viewer.organization_id is None:
        raise ValidationError({"organization": [_("Name the organization this is shared on behalf of.")]})
    if organization is not None and organization.pk != viewer.organization_id:
        raise PermissionDenied(_("You can share only on behalf of your own organization."))
    return Organization.objects.get(pk=viewer.organization_id)


def _check_group_and_visibility(
    user, working_group, visibility: str, allowed_organizations, *, group_required: bool
) -> None:
    viewer = viewer_for(user)
    if working_group is None and group_required and not viewer.is_secretariat:
        raise ValidationError({"working_group": [_("Choose one of the working groups your organization belongs to.")]})
    if working_group is not None and not can_write_in_group(user, working_group.pk):
        raise PermissionDenied(_("Only members of this working group may add to it."))
    if visibility == "working_group" and working_group is None:
        raise ValidationError({"visibility": [_("A working group must be chosen for working-group visibility.")]})
    if visibility == "restricted" and not allowed_organizations:
        raise ValidationError({"allowed_organizations": [_("Name at least one organization for restricted sharing.")]})


@transaction.atomic
def document_create(
    *,
    user,
    title: str,
    file,
    language: Language,
    published_on: date,
    document_type: str = Document.Type.OTHER,
    description: str = "",
    themes: Iterable[ThematicArea] = (),
    pillars: Iterable = (),
    working_group=None,
    organization: Organization | None = None,
    visibility: str = "platform",
    allowed_organizations: Iterable[Organization] = (),
    version_note: str = "",
) -> Document:
    allowed_organizations = list(allowed_organizations)
    _check_group_and_visibility(user, working_group, visibility, allowed_organizations, group_required=False)
    owner = _acting_organization(user, organization)
    try:
        checked = check_upload(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    document = Document(
        title=title,
        description=description,
        document_type=document_type,
        language=language,
        working_group=working_group,
        organization=owner,
        uploaded_by=user,
        visibility=visibility,
        published_on=published_on,
    )
    document.full_clean()
    document.save()
    document.themes.set(themes)
    document.pillars.set(pillars)
    if visibility == "restricted":
        document.allowed_organizations.set(allowed_organizations)
    version = DocumentVersion(
        document=document,
        number=1,
        original_filename=checked.original_filename,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        note=version_note,
        uploaded_by=user,
    )
    version.file.save(checked.original_filename, file, save=False)
    # Should the database refuse the row, the stored file must not be left behind.
    try:
        version.save()
    except Exception:
        version.file.delete(save=False)
        raise
    return document


@transaction.atomic
def event_create(
    *,
    user,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    kind: str = Event.Kind.MEETING,
    description: str = "",
    time_zone: str = "UTC",
    all_day: bool = False,
    location: str = "",
    online_url: str = "",
    working_group=None,
    countries: Iterable[Organization] = (),
    themes: Iterable[ThematicArea] = (),
    pillars: Iterable = (),
    visibility: str = "platform",
    allowed_organizations: Iterable[Organization] = (),
    organization: Organization | None = None,
) -> Event:
    allowed_organizations = list(allowed_organizations)
    _check_group_and_visibility(user, working_group, visibility, allowed_organizations, group_required=True)
    organizer = _acting_organization(user, organization)
    if ends_at < starts_at:
        raise ValidationError({"ends_at": [_("The event cannot end before it starts.")]})
    event = Event(
        title=title,
        description=description,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        all_day=all_day,
        location=location,
        online_url=online_url,
        working_group=working_group,
        visibility=visibility,
        created_by=user,
    )
    event.full_clean()
    event.save()
    event.organizers.set([organizer])
    event.countries.set(countries)
    event.themes.set(themes)
    event.pillars.set(pillars)
    if visibility == "restricted":
        event.allowed_organizations.set(allowed_organizations)
    return event


def require_cted(user) -> None:
    if not viewer_for(user).sees_all_cted:
        raise PermissionDenied("Only CTED and the Secretariat edit assessments and recommendations.")


@transaction.atomic
def assessment_save(*, user, assessment: CountryAssessment | None = None, **fields) -> CountryAssessment:
    """CTED creates or edits an assessment. Changing the consent flag records who decided and when."""
    require_cted(user)
    assessment = assessment or CountryAssessment()
    sharing_before = assessment.shared_with_entities if assessment.pk else None
    for name, value in fields.items():
        setattr(assessment, name, value)
    if assessment.member_state_id and assessment.member_state.kind != MEMBER_STATE:
        raise ValidationError({"member_state": [_("Assessments are of Member States.")]})
    if sharing_before is None or sharing_before != assessment.shared_with_entities:
        assessment.sharing_decided_by = user
        assessment.sharing_decided_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    return assessment


def assessment_may_set_sharing(user, assessment: CountryAssessment) -> bool:
    """The assessed State and CTED (or the Secretariat) decide whether entities may see it."""
    viewer = viewer_for(user)
    return viewer.speaks_for_state(assessment.member_state_id) or viewer.sees_all_cted


def recommendation_may_record_progress(user, recommendation: Recommendation) -> bool:
    viewer = viewer_for(user)
    return viewer.speaks_for_state(recommendation.assessment.member_state_id) or viewer.sees_all_cted


@transaction.atomic
def assessment_set_sharing(*, user, assessment: CountryAssessment, shared: bool) -> CountryAssessment:
    """The assessed State (or CTED) decides whether Compact entities may see the assessment."""
    if not assessment_may_set_sharing(user, assessment):
        raise PermissionDenied("Only the assessed State and CTED decide whether an assessment is shared.")
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
    require_cted(user)
    projects = fields.pop("responding_projects", None)
    if recommendation is None:
        recommendation = Recommendation()
    else:
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        check_revision(recommendation, expected_revision)
    for name, value in fields.items():
        setattr(recommendation, name, value)
    recommendation.full_clean()
    recommendation.save()
    if projects is not None:
        recommendation.responding_projects.set(projects)
    return recommendation


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
    if not recommendation_may_record_progress(user, recommendation):
        raise PermissionDenied("Only the assessed State and CTED record progress on a recommendation.")
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
        recommendation.full_clean()
        recommendation.save(update_fields=[*changed, "updated_at"])
    return recommendation


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


def document_upload_groups(user) -> QuerySet:
    """The working groups `user` may share documents with (observers read only)."""
    return writable_groups(user)


def document_may_upload(user) -> bool:
    """Whether `user` may add documents to the library at all (the rule of `document_create`).

    Every focal point may share a document of its organization with all focal points or with named
    organizations; sharing it with a working group takes a writing role in that group.
    """
    return viewer_for(user).is_platform_user


def document_may_add_version(user, document: Document) -> bool:
    """The owning organization's focal points and the Secretariat replace a document's file."""
    viewer = viewer_for(user)
    return viewer.is_secretariat or (
        viewer.organization_id is not None and viewer.organization_id == document.organization_id
    )


@transaction.atomic
def document_add_version(*, user, document: Document, file, note: str = "") -> DocumentVersion:
    """Store `file` as the document's next version, numbered after the highest one so far."""
    if not document_may_add_version(user, document):
        raise PermissionDenied(_("Only the owning organization and the Secretariat add versions of a document."))
    try:
        checked = check_upload(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    # The lock on the document row makes concurrent uploads wait, so two never take the same number.
    document = Document.objects.select_for_update().get(pk=document.pk)
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = DocumentVersion(
        document=document,
        number=last + 1,
        original_filename=checked.original_filename,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        note=note,
        uploaded_by=user,
    )
    version.file.save(checked.original_filename, file, save=False)
    # Should validation or the database refuse the row, the stored file must not be left behind.
    try:
        version.full_clean()
        version.save()
    except Exception:
        version.file.delete(save=False)
        raise
    # The document changed when its file did.
    document.save(update_fields=["updated_at"])
    return version
