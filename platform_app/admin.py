"""The Secretariat's admin: each domain registers its models in its own `admin.py`; Django's admin
discovery imports this module, which imports them."""

from platform_app.accounts import admin as accounts_admin
from platform_app.calendar import admin as calendar_admin
from platform_app.core import admin as core_admin
from platform_app.countries import admin as countries_admin
from platform_app.cted import admin as cted_admin
from platform_app.directory import admin as directory_admin
from platform_app.library import admin as library_admin
from platform_app.mail import admin as mail_admin
from platform_app.metrics import admin as metrics_admin
from platform_app.ops import admin as ops_admin
from platform_app.projects import admin as projects_admin
from platform_app.structure import admin as structure_admin
from platform_app.support import admin as support_admin

__all__ = [
    "accounts_admin",
    "calendar_admin",
    "core_admin",
    "countries_admin",
    "cted_admin",
    "directory_admin",
    "library_admin",
    "mail_admin",
    "metrics_admin",
    "ops_admin",
    "projects_admin",
    "structure_admin",
    "support_admin",
]
