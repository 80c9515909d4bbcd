import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Working groups get the `updated_at` that every other record of the API has, for the systems that
    copy them. Existing groups start from now: nothing says when they last changed."""

    dependencies = [
        ("workinggroups", "0003_showcases"),
    ]

    operations = [
        migrations.AddField(
            model_name="workinggroup",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, db_index=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalworkinggroup",
            name="updated_at",
            field=models.DateTimeField(blank=True, db_index=True, default=django.utils.timezone.now, editable=False),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["updated_at", "id"], name="meeting_updated"),
        ),
    ]
