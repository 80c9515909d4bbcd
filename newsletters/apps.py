from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = "Compact in Review newsletters"
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        super().import_models()
        # Registers the issues among the records other systems copy as soon as the models load: the
        # platform, whose ready() runs before this app's, connects the receivers and builds the deletions'
        # filter from that list.
        from newsletters import sync  # noqa: F401

    def ready(self):
        # The profile page shows and saves the person's subscription among their preferences.
        from newsletters.subscriptions import PROFILE_PREFERENCE
        from platform_app.accounts.preferences import register

        register(PROFILE_PREFERENCE)
