from django.apps import AppConfig


class WorkingGroupsConfig(AppConfig):
    name = "workinggroups"
    verbose_name = "Working groups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the announcement of new meetings and registers how their news is told; registers the
        # working groups' part of the reference data, of the figures and of the site search.
        from workinggroups import plugins, search, signals  # noqa: F401
