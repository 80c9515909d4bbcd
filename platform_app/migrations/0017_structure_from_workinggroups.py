"""Pillars, working groups, memberships and guests join platform_app's structure domain. Their tables keep
their names: nothing changes in the database but the content types' app label."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = (
    "pillar", "historicalpillar", "workinggroup", "historicalworkinggroup",
    "workinggroupmembership", "historicalworkinggroupmembership", "workinggroupguest", "historicalworkinggroupguest",
)


def _relabel(apps, old, new):
    """Content types follow the models, so that permissions, the admin's log and history keep pointing at them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, "workinggroups", "platform_app")


def backwards(apps, schema_editor):
    _relabel(apps, "platform_app", "workinggroups")


class Migration(migrations.Migration):

    dependencies = [
        ('platform_app', '0016_sync_deletions'),
        ('workinggroups', '0004_working_group_updated_at'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalPillar',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(db_index=True)),
                        ('name', models.CharField(db_index=True, max_length=255)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical pillar',
                        'verbose_name_plural': 'historical pillars',
                        'db_table': 'workinggroups_historicalpillar',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalWorkingGroup',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(db_index=True)),
                        ('short_name', models.CharField(db_index=True, max_length=32)),
                        ('name', models.CharField(db_index=True, max_length=255)),
                        ('objective', models.TextField()),
                        ('is_active', models.BooleanField(default=True)),
                        ('source', models.CharField(blank=True, max_length=255)),
                        ('updated_at', models.DateTimeField(blank=True, db_index=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical working group',
                        'verbose_name_plural': 'historical working groups',
                        'db_table': 'workinggroups_historicalworkinggroup',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Pillar',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(unique=True)),
                        ('name', models.CharField(max_length=255, unique=True)),
                    ],
                    options={
                        'db_table': 'workinggroups_pillar',
                        'ordering': ['number'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('number__gte', 1), ('number__lte', 4)), name='pillar_number_1_to_4')],
                    },
                ),
                migrations.AlterField(
                    model_name='countryentry',
                    name='pillar',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='country_entries', to='platform_app.pillar'),
                ),
                migrations.AlterField(
                    model_name='document',
                    name='pillars',
                    field=models.ManyToManyField(blank=True, related_name='documents', to='platform_app.pillar'),
                ),
                migrations.AlterField(
                    model_name='event',
                    name='pillars',
                    field=models.ManyToManyField(blank=True, related_name='events', to='platform_app.pillar'),
                ),
                migrations.AlterField(
                    model_name='historicalcountryentry',
                    name='pillar',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='platform_app.pillar'),
                ),
                migrations.AlterField(
                    model_name='historicalsupportrequest',
                    name='pillar',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='platform_app.pillar'),
                ),
                migrations.AlterField(
                    model_name='project',
                    name='pillars',
                    field=models.ManyToManyField(blank=True, related_name='projects', to='platform_app.pillar'),
                ),
                migrations.AlterField(
                    model_name='supportrequest',
                    name='pillar',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='support_requests', to='platform_app.pillar'),
                ),
                migrations.CreateModel(
                    name='WorkingGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(unique=True)),
                        ('short_name', models.CharField(max_length=32, unique=True)),
                        ('name', models.CharField(max_length=255, unique=True)),
                        ('objective', models.TextField()),
                        ('is_active', models.BooleanField(default=True)),
                        ('source', models.CharField(blank=True, max_length=255)),
                        ('updated_at', models.DateTimeField(auto_now=True, db_index=True)),
                        ('pillars', models.ManyToManyField(blank=True, db_table='workinggroups_workinggroup_pillars', related_name='working_groups', to='platform_app.pillar')),
                    ],
                    options={
                        'db_table': 'workinggroups_workinggroup',
                        'ordering': ['number'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalWorkingGroupMembership',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('role', models.CharField(choices=[('chair', 'Chair'), ('co_chair', 'Co-Chair'), ('vice_chair', 'Vice-Chair'), ('member', 'Member'), ('observer', 'Observer')], db_index=True, default='member', max_length=16)),
                        ('since', models.DateField(blank=True, null=True)),
                        ('source', models.CharField(blank=True, help_text='Where this membership is recorded.', max_length=255)),
                        ('note', models.TextField(blank=True)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='platform_app.organization')),
                        ('working_group', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='platform_app.workinggroup')),
                    ],
                    options={
                        'verbose_name': 'historical working group membership',
                        'verbose_name_plural': 'historical working group memberships',
                        'db_table': 'workinggroups_historicalworkinggroupmembership',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalWorkingGroupGuest',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('invited_at', models.DateTimeField(blank=True, editable=False)),
                        ('expires_on', models.DateField(blank=True, null=True)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('invited_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='platform_app.organization')),
                        ('working_group', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='platform_app.workinggroup')),
                    ],
                    options={
                        'verbose_name': 'historical working group guest',
                        'verbose_name_plural': 'historical working group guests',
                        'db_table': 'workinggroups_historicalworkinggroupguest',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AlterField(
                    model_name='document',
                    name='working_group',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='documents', to='platform_app.workinggroup'),
                ),
                migrations.AlterField(
                    model_name='event',
                    name='working_group',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='events', to='platform_app.workinggroup'),
                ),
                migrations.AlterField(
                    model_name='historicaldocument',
                    name='working_group',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='platform_app.workinggroup'),
                ),
                migrations.AlterField(
                    model_name='historicalevent',
                    name='working_group',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='platform_app.workinggroup'),
                ),
                migrations.AlterField(
                    model_name='historicalsupportrequest_working_groups',
                    name='workinggroup',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='platform_app.workinggroup'),
                ),
                migrations.AlterField(
                    model_name='notification',
                    name='working_group',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='platform_app.workinggroup'),
                ),
                migrations.AlterField(
                    model_name='supportrequest',
                    name='working_groups',
                    field=models.ManyToManyField(blank=True, help_text='The groups it concerns.', related_name='support_requests', to='platform_app.workinggroup'),
                ),
                migrations.AlterField(
                    model_name='supportrouting',
                    name='working_group',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='platform_app.workinggroup'),
                ),
                migrations.CreateModel(
                    name='WorkingGroupMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('chair', 'Chair'), ('co_chair', 'Co-Chair'), ('vice_chair', 'Vice-Chair'), ('member', 'Member'), ('observer', 'Observer')], db_index=True, default='member', max_length=16)),
                        ('since', models.DateField(blank=True, null=True)),
                        ('source', models.CharField(blank=True, help_text='Where this membership is recorded.', max_length=255)),
                        ('note', models.TextField(blank=True)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='platform_app.organization')),
                        ('working_group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='platform_app.workinggroup')),
                    ],
                    options={
                        'db_table': 'workinggroups_workinggroupmembership',
                        'ordering': ['working_group', 'role', 'organization__acronym'],
                    },
                ),
                migrations.AddField(
                    model_name='workinggroup',
                    name='organizations',
                    field=models.ManyToManyField(related_name='working_groups', through='platform_app.WorkingGroupMembership', to='platform_app.organization'),
                ),
                migrations.CreateModel(
                    name='WorkingGroupGuest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('invited_at', models.DateTimeField(auto_now_add=True)),
                        ('expires_on', models.DateField(blank=True, null=True)),
                        ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='working_group_invitations', to='platform_app.organization')),
                        ('working_group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='guests', to='platform_app.workinggroup')),
                    ],
                    options={
                        'db_table': 'workinggroups_workinggroupguest',
                        'ordering': ['working_group', 'organization__name'],
                        'constraints': [models.UniqueConstraint(fields=('working_group', 'organization'), name='guest_once_per_group')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='workinggroupmembership',
                    constraint=models.UniqueConstraint(fields=('working_group', 'organization'), name='membership_one_role_per_org'),
                ),
                migrations.AddConstraint(
                    model_name='workinggroupmembership',
                    constraint=models.UniqueConstraint(condition=models.Q(('role', 'chair')), fields=('working_group',), name='membership_one_chair_per_group'),
                ),
                migrations.AddConstraint(
                    model_name='workinggroup',
                    constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='working_group_number_positive'),
                ),
            ],
        ),
    ]
