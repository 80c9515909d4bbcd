"""The platform's roles and the admin permissions each one holds.

Visibility of objects (who sees what) follows the user's focal point organization; what a user may
edit in the admin follows these groups. `ensure_role_groups()` is idempotent and runs with the
reference loader.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

SECRETARIAT = "Secretariat"
CTED = "CTED"
CTED_ACRONYM = "CTED"

# The Secretariat edits everything of the platform's own apps and the Celery schedules.
SECRETARIAT_APPS = ("platform_app", "workinggroups", "newsletters", "django_celery_beat")
# CTED edits its assessments and recommendations and reads what they refer to.
CTED_EDITS = ("countryassessment", "recommendation")
CTED_READS = ("organization", "thematicarea", "project")


def ensure_role_groups() -> dict[str, Group]:
    secretariat, _ = Group.objects.get_or_create(name=SECRETARIAT)
    secretariat.permissions.set(Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS))
    cted, _ = Group.objects.get_or_create(name=CTED)
    cted.permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label="platform_app")
            & (
                Q(content_type__model__in=CTED_EDITS, codename__regex=r"^(view|add|change)_")
                | Q(content_type__model__in=CTED_READS, codename__startswith="view_")
            )
        )
    )
    return {SECRETARIAT: secretariat, CTED: cted}


def is_secretariat(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.groups.filter(name=SECRETARIAT).exists()))


def is_cted(user) -> bool:
    if not user.is_authenticated:
        return False
    focal_point = getattr(user, "focal_point", None)
    return bool(focal_point and focal_point.organization.acronym == CTED_ACRONYM)
