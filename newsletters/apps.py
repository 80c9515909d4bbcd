from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = "Compact in Review newsletters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The profile page shows and saves the person's subscription among their preferences.
        from newsletters.subscriptions import PROFILE_PREFERENCE
        from platform_app.accounts.preferences import register

        register(PROFILE_PREFERENCE)
