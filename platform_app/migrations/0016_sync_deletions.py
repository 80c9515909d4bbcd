"""Deletions of the API's records, with who could read each, for the systems that copy the records; and
indexes on `updated_at` for the long lists those systems read by change."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('platform_app', '0015_checked_uploads'),
    ]

    operations = [
        migrations.CreateModel(
            name='Deletion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(help_text='The API resource the record belonged to.', max_length=32)),
                ('object_id', models.PositiveBigIntegerField()),
                ('deleted_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            ],
            options={
                'ordering': ['deleted_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='DeletionReader',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('organization_kind', models.CharField(blank=True, db_index=True, max_length=16)),
                ('organization_id', models.PositiveBigIntegerField(blank=True, db_index=True, null=True)),
                ('user_id', models.PositiveBigIntegerField(blank=True, db_index=True, null=True)),
            ],
        ),
        migrations.AddIndex(
            model_name='countryentry',
            index=models.Index(fields=['updated_at', 'id'], name='country_entry_updated'),
        ),
        migrations.AddIndex(
            model_name='document',
            index=models.Index(fields=['updated_at', 'id'], name='document_updated'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['updated_at', 'id'], name='event_updated'),
        ),
        migrations.AddIndex(
            model_name='focalpoint',
            index=models.Index(fields=['updated_at', 'id'], name='focal_point_updated'),
        ),
        migrations.AddIndex(
            model_name='recommendation',
            index=models.Index(fields=['updated_at', 'id'], name='recommendation_updated'),
        ),
        migrations.AddIndex(
            model_name='supportoffer',
            index=models.Index(fields=['updated_at', 'id'], name='support_offer_updated'),
        ),
        migrations.AddIndex(
            model_name='supportrequest',
            index=models.Index(fields=['updated_at', 'id'], name='support_request_updated'),
        ),
        migrations.AddIndex(
            model_name='deletion',
            index=models.Index(fields=['kind', '-deleted_at'], name='deletion_kind_date'),
        ),
        migrations.AddField(
            model_name='deletionreader',
            name='deletion',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='readers', to='platform_app.deletion'),
        ),
        migrations.AddConstraint(
            model_name='deletionreader',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(models.Q(('organization_kind', ''), _negated=True), ('organization_id__isnull', True), ('user_id__isnull', True)), models.Q(('organization_kind', ''), ('organization_id__isnull', False), ('user_id__isnull', True)), models.Q(('organization_kind', ''), ('organization_id__isnull', True), ('user_id__isnull', False)), _connector='OR'), name='deletion_reader_names_one'),
        ),
    ]
