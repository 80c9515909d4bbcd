"""The weekly sweep of stored files no row names, scheduled once, as 0007 scheduled the other tasks: the
Secretariat edits or disables it in the admin (Periodic tasks) afterwards, and a schedule it changed is left."""

from django.db import migrations

NAME = "Sweep the stored files no row names"
TASK = "platform_app.tasks.sweep_stored_files"


def create(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    # Sundays at 03:30 UTC (day 0 of Celery's crontab).
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="3", day_of_week="0", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.create(name=NAME, task=TASK, kwargs="{}", crontab=crontab, enabled=True)


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("platform_app", "0024_document_content_search"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
