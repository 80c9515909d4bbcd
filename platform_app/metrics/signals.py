"""The dashboard's cached figures are forgotten when a snapshot is written."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from platform_app.core import caching
from platform_app.metrics.models import MetricSnapshot


@receiver(post_save, sender=MetricSnapshot, dispatch_uid="cache_snapshot_saved")
@receiver(post_delete, sender=MetricSnapshot, dispatch_uid="cache_snapshot_deleted")
def _snapshots_changed(sender, **kwargs):
    caching.forget(caching.SNAPSHOTS)
