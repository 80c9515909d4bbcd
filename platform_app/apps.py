from django.apps import AppConfig


class PlatformAppConfig(AppConfig):
    name = "platform_app"
    verbose_name = "Coordination Platform"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db.models.signals import post_delete, post_save, pre_save

        from . import audit, security, signals, sync  # noqa: F401  (connects the receivers)
        from .models import FocalPoint, User

        sync.connect()

        user_logged_in.connect(security.record_sign_in, dispatch_uid="platform_app.record_sign_in")
        user_logged_in.connect(audit.on_sign_in, dispatch_uid="platform_app.audit_sign_in")
        user_logged_out.connect(audit.on_sign_out, dispatch_uid="platform_app.audit_sign_out")
        user_login_failed.connect(audit.on_sign_in_failed, dispatch_uid="platform_app.audit_sign_in_failed")
        user_locked_out.connect(audit.on_locked_out, dispatch_uid="platform_app.audit_locked_out")
        pre_save.connect(audit.before_user_saved, sender=User, dispatch_uid="platform_app.user_closing")
        post_save.connect(audit.after_user_saved, sender=User, dispatch_uid="platform_app.user_closed")
        pre_save.connect(
            audit.before_focal_point_saved, sender=FocalPoint, dispatch_uid="platform_app.nomination_ending"
        )
        post_save.connect(
            audit.after_focal_point_saved, sender=FocalPoint, dispatch_uid="platform_app.nomination_ended"
        )
        post_delete.connect(
            audit.after_focal_point_deleted, sender=FocalPoint, dispatch_uid="platform_app.nomination_deleted"
        )
