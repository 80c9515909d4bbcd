from django.apps import AppConfig


class WorkingGroupsConfig(AppConfig):
    name = "workinggroups"
    verbose_name = "Working groups"
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        super().import_models()
        # Registers the meetings among the records other systems copy as soon as the models load: the
        # platform, whose ready() runs before this app's, connects the receivers and builds the deletions'
        # filter from that list.
        from workinggroups import sync  # noqa: F401

    def ready(self):
        # Connects the announcement of new meetings and registers how their news is told; registers the
        # working groups' part of the reference data, of the figures and of the site search.
        from workinggroups import plugins, search, signals  # noqa: F401
