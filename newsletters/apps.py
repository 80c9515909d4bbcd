from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = "Compact in Review newsletters"
    default_auto_field = "django.db.models.BigAutoField"
