"""The dashboard's cached figures are forgotten when a snapshot is written, and the names of thematic areas
its breakdowns show when one changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from platform_app.core import caching
from platform_app.metrics.labels import forget_theme_names
from platform_app.metrics.models import MetricSnapshot
from platform_app.structure.models import ThematicArea


@receiver(post_save, sender=MetricSnapshot, dispatch_uid="cache_snapshot_saved")
@receiver(post_delete, sender=MetricSnapshot, dispatch_uid="cache_snapshot_deleted")
def _snapshots_changed(sender, **kwargs):
    caching.forget(caching.SNAPSHOTS)


@receiver(post_save, sender=ThematicArea, dispatch_uid="cache_theme_names_saved")
@receiver(post_delete, sender=ThematicArea, dispatch_uid="cache_theme_names_deleted")
def _themes_changed(sender, **kwargs):
    forget_theme_names()
