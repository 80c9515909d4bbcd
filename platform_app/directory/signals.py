"""The names the directory's page keeps in the cache are forgotten when an organization, a thematic area or a
language changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from platform_app.directory.models import Organization
from platform_app.directory.selectors import forget_shared_names
from platform_app.structure.models import Language, ThematicArea


@receiver(post_save, sender=Organization, dispatch_uid="directory_names_organization_saved")
@receiver(post_delete, sender=Organization, dispatch_uid="directory_names_organization_deleted")
@receiver(post_save, sender=ThematicArea, dispatch_uid="directory_names_theme_saved")
@receiver(post_delete, sender=ThematicArea, dispatch_uid="directory_names_theme_deleted")
@receiver(post_save, sender=Language, dispatch_uid="directory_names_language_saved")
@receiver(post_delete, sender=Language, dispatch_uid="directory_names_language_deleted")
def _names_changed(sender, **kwargs):
    forget_shared_names()
