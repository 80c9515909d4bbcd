from importlib import import_module

from django.apps import AppConfig


class PlatformAppConfig(AppConfig):
    name = "platform_app"
    verbose_name = "Coordination Platform"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db.models.signals import post_delete, post_save, pre_save

        from platform_app.accounts import security
        from platform_app.accounts.access import (
            after_focal_point_deleted,
            after_focal_point_saved,
            after_user_saved,
            before_focal_point_saved,
            before_user_saved,
            on_locked_out,
            on_sign_in,
            on_sign_in_failed,
            on_sign_out,
        )
        from platform_app.accounts.models import User
        from platform_app.calendar import signals as _calendar_signals  # noqa: F401
        from platform_app.core import sync

        # CTED adds to the projects' pages and API the recommendations a project responds to.
        from platform_app.cted import api as _cted_api  # noqa: F401
        from platform_app.cted import views as _cted_views  # noqa: F401
        from platform_app.directory import signals as _directory_signals  # noqa: F401
        from platform_app.directory.models import FocalPoint
        from platform_app.library import signals as _library_signals  # noqa: F401
        from platform_app.metrics import signals as _metrics_signals  # noqa: F401
        from platform_app.structure import signals as _structure_signals  # noqa: F401

        sync.connect()
        # Registers every task under its name, for the code that queues them by name.
        import_module("platform_app.tasks")

        user_logged_in.connect(security.record_sign_in, dispatch_uid="platform_app.record_sign_in")
        user_logged_in.connect(on_sign_in, dispatch_uid="platform_app.audit_sign_in")
        user_logged_out.connect(on_sign_out, dispatch_uid="platform_app.audit_sign_out")
        user_login_failed.connect(on_sign_in_failed, dispatch_uid="platform_app.audit_sign_in_failed")
        user_locked_out.connect(on_locked_out, dispatch_uid="platform_app.audit_locked_out")
        pre_save.connect(before_user_saved, sender=User, dispatch_uid="platform_app.user_closing")
        post_save.connect(after_user_saved, sender=User, dispatch_uid="platform_app.user_closed")
        pre_save.connect(before_focal_point_saved, sender=FocalPoint, dispatch_uid="platform_app.nomination_ending")
        post_save.connect(after_focal_point_saved, sender=FocalPoint, dispatch_uid="platform_app.nomination_ended")
        post_delete.connect(
            after_focal_point_deleted, sender=FocalPoint, dispatch_uid="platform_app.nomination_deleted"
        )
