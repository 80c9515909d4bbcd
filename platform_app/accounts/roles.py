"""The platform's roles and the admin permissions each one holds.

Visibility of objects (who sees what) follows the user's focal point organization; what a user may
edit in the admin follows these groups. `ensure_role_groups()` is idempotent and runs with the
reference loader.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext

from platform_app.core.viewer import CTED, CTED_ACRONYM, SECRETARIAT, viewer_for

# The Secretariat edits everything of the platform's own apps and the Celery schedules.
SECRETARIAT_APPS = ("platform_app", "workinggroups", "newsletters", "django_celery_beat")


# CTED edits its assessments and recommendations and reads what they refer to.
CTED_EDITS = ("countryassessment", "recommendation")


CTED_READS = ("organization", "thematicarea", "project")


# What an account may do in the admin. Only a superuser changes these, or the permissions of a group:
# the Secretariat may change accounts, and would otherwise give itself every right.
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


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
    """The Secretariat as the visibility rules know it (`viewer_for`)."""
    return viewer_for(user).is_secretariat


def is_cted(user) -> bool:
    if not user.is_authenticated:
        return False
    focal_point = getattr(user, "focal_point", None)
    # The English acronym: `acronym` reads in the reader's language (DECT in French).
    return bool(focal_point and focal_point.organization.acronym_en == CTED_ACRONYM)


def may_change_privileges(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def may_change_account(user, account) -> bool:
    """A superuser's account (its email, its password, the account itself) is changed only by a superuser:
    whoever could set them could take the account over."""
    return may_change_privileges(user) or not account.is_superuser


def may_change_second_factor(user, owner) -> bool:
    """The second factor of a staff account is added, changed or deleted only by a superuser: a device
    someone else set up gives them the codes too, and deleting it lets a new one be set up at sign-in."""
    return may_change_privileges(user) or not (owner.is_staff or owner.is_superuser)


def may_issue_token(issuer, owner) -> bool:
    """A token for someone else's staff account acts as them without their second factor: only a
    superuser issues one, like any other credential of a staff account."""
    return issuer.pk == owner.pk or may_change_second_factor(issuer, owner)


def check_account_change(user, account, changed: Iterable[str] = ()) -> None:
    """Refuses (PermissionDenied) a change to `account` that only a superuser may make: of its
    PRIVILEGE_FIELDS, or of any kind to a superuser's account.

    `changed` names the fields the change sets (a form's changed_data); is_staff and is_superuser are also
    compared with the stored account, so that they count even when a caller does not name them.
    """
    if may_change_privileges(user):
        return
    stored = None
    if account.pk is not None:
        stored = account._meta.model._default_manager.filter(pk=account.pk).values("is_staff", "is_superuser").first()
    stored = stored or {"is_staff": False, "is_superuser": False}
    if stored["is_superuser"]:
        raise PermissionDenied(gettext("Only a superuser may change a superuser's account."))
    touched = set(changed) & set(PRIVILEGE_FIELDS)
    touched |= {name for name in ("is_staff", "is_superuser") if bool(getattr(account, name)) != stored[name]}
    if touched:
        raise PermissionDenied(
            gettext("Only a superuser may give or take away staff or superuser status, groups or permissions.")
        )


def check_second_factor_change(user, device) -> None:
    """Refuses (PermissionDenied) adding, changing or deleting `device` when it belongs, or belonged
    before this change, to a staff account and `user` is not a superuser."""
    owners = [device.user]
    if device.pk is not None:
        stored = device._meta.model._default_manager.select_related("user").filter(pk=device.pk).first()
        if stored is not None:
            owners.append(stored.user)
    if not all(may_change_second_factor(user, owner) for owner in owners):
        raise PermissionDenied(gettext("Only a superuser may change the second factor of a staff account."))
