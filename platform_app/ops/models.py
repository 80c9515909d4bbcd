from django.db import models


class TaskFailure(models.Model):
    """A background task that failed for good, after its retries, for the Secretariat to look at."""

    task_name = models.CharField(max_length=200, db_index=True)
    task_id = models.CharField(max_length=64, blank=True)
    arguments = models.JSONField(default=dict, blank=True)
    exception = models.TextField()
    traceback = models.TextField(blank=True)
    retries = models.PositiveSmallIntegerField(default=0)
    failed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved = models.BooleanField(default=False, help_text="Tick once the cause is dealt with.")

    class Meta:
        ordering = ["-failed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task_name} at {self.failed_at:%Y-%m-%d %H:%M}"
