"""The default schedules of the background tasks, written once; the Secretariat edits them in the
admin (Periodic tasks) afterwards, and a schedule it changed or removed is left as it is."""

import json

from django.db import migrations

# name: (task, schedule, kwargs). Interval schedules are (every, period); crontab ones are
# (minute, hour, day_of_week, day_of_month), in UTC.
DEFAULTS = {
    "Fold the visit counts into the daily totals": ("platform_app.tasks.fold_visits", ("interval", 5, "minutes"), {}),
    "Compute Compact in numbers": ("platform_app.tasks.aggregate_metrics", ("crontab", "5", "*", "*", "*"), {}),
    "Daily digests of working group news": (
        "platform_app.tasks.send_digests",
        ("crontab", "0", "6", "*", "*"),
        {"frequency": "daily"},
    ),
    "Weekly digests of working group news": (
        "platform_app.tasks.send_digests",
        ("crontab", "0", "6", "1", "*"),
        {"frequency": "weekly"},
    ),
    "Event reminders (events of the next 24 hours)": (
        "platform_app.tasks.send_event_reminders",
        ("crontab", "15", "*", "*", "*"),
        {"hours": 24},
    ),
    "Focal point reconfirmation round": (
        "platform_app.tasks.reconfirmation_round",
        ("crontab", "0", "8", "*", "1"),
        {"months": 6},
    ),
}


def create(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    for name, (task, schedule, kwargs) in DEFAULTS.items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        fields = {"name": name, "task": task, "kwargs": json.dumps(kwargs), "enabled": True}
        if schedule[0] == "interval":
            fields["interval"], _ = IntervalSchedule.objects.get_or_create(every=schedule[1], period=schedule[2])
        else:
            minute, hour, day_of_week, day_of_month = schedule[1:]
            fields["crontab"], _ = CrontabSchedule.objects.get_or_create(
                minute=minute,
                hour=hour,
                day_of_week=day_of_week,
                day_of_month=day_of_month,
                month_of_year="*",
                timezone="UTC",
            )
        PeriodicTask.objects.create(**fields)


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=DEFAULTS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("platform_app", "0006_background_work"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
