"""Account services: the person's own profile, saved with the preferences other apps keep for them."""

from __future__ import annotations

from django.db import transaction

from platform_app.accounts.models import User
from platform_app.accounts.preferences import preference_save
from platform_app.accounts.roles import check_account_change
from platform_app.core.revisions import write_record
from platform_app.directory.models import FocalPoint


@transaction.atomic
def profile_update(*, user: User, user_fields: dict, focal_point_fields: dict, preferences: dict | None = None) -> User:
    """Saves the person's own details and preferences together, or nothing at all. Admin rights are not
    among them: only a superuser changes those (platform_app.accounts.roles)."""
    check_account_change(user, user, user_fields)
    write_record(user, user_fields, update_fields=list(user_fields), exclude=["password", "username"])
    focal_point = FocalPoint.objects.filter(user=user).first()
    if focal_point is not None and focal_point_fields:
        many = {name: focal_point_fields.pop(name) for name in ("expertise", "languages") if name in focal_point_fields}
        write_record(focal_point, focal_point_fields, relations=many)
    for name, value in (preferences or {}).items():
        preference_save(user, name, value)
    return user
