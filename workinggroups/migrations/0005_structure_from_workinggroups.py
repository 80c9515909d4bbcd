"""Pillars, working groups, memberships and guests now belong to platform_app (its migration 0017). Their
tables stay as they are: this migration only forgets them here."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('platform_app', '0017_structure_from_workinggroups'),
        ('workinggroups', '0004_working_group_updated_at'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalworkinggroup',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalworkinggroupguest',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalworkinggroupguest',
                    name='invited_by',
                ),
                migrations.RemoveField(
                    model_name='historicalworkinggroupguest',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='historicalworkinggroupguest',
                    name='working_group',
                ),
                migrations.RemoveField(
                    model_name='historicalworkinggroupmembership',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalworkinggroupmembership',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='historicalworkinggroupmembership',
                    name='working_group',
                ),
                migrations.RemoveField(
                    model_name='workinggroup',
                    name='pillars',
                ),
                migrations.RemoveField(
                    model_name='workinggroup',
                    name='organizations',
                ),
                migrations.AlterField(
                    model_name='showcaserequest',
                    name='working_group',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='showcase_requests', to='platform_app.workinggroup'),
                ),
                migrations.AlterField(
                    model_name='historicalworkplanactivity',
                    name='working_group',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='platform_app.workinggroup'),
                ),
                migrations.AlterField(
                    model_name='post',
                    name='working_group',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='posts', to='platform_app.workinggroup'),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='working_group',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='platform_app.workinggroup'),
                ),
                migrations.AlterField(
                    model_name='historicalshowcaserequest',
                    name='working_group',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='platform_app.workinggroup'),
                ),
                migrations.RemoveField(
                    model_name='workinggroupguest',
                    name='working_group',
                ),
                migrations.RemoveField(
                    model_name='workinggroupmembership',
                    name='working_group',
                ),
                migrations.AlterField(
                    model_name='historicalmeeting',
                    name='working_group',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='platform_app.workinggroup'),
                ),
                migrations.AlterField(
                    model_name='workplanactivity',
                    name='working_group',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='activities', to='platform_app.workinggroup'),
                ),
                migrations.AlterField(
                    model_name='historicalpost',
                    name='working_group',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='platform_app.workinggroup'),
                ),
                migrations.RemoveField(
                    model_name='workinggroupguest',
                    name='invited_by',
                ),
                migrations.RemoveField(
                    model_name='workinggroupguest',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='workinggroupmembership',
                    name='organization',
                ),
                migrations.DeleteModel(
                    name='HistoricalPillar',
                ),
                migrations.DeleteModel(
                    name='HistoricalWorkingGroup',
                ),
                migrations.DeleteModel(
                    name='HistoricalWorkingGroupGuest',
                ),
                migrations.DeleteModel(
                    name='HistoricalWorkingGroupMembership',
                ),
                migrations.DeleteModel(
                    name='Pillar',
                ),
                migrations.DeleteModel(
                    name='WorkingGroup',
                ),
                migrations.DeleteModel(
                    name='WorkingGroupGuest',
                ),
                migrations.DeleteModel(
                    name='WorkingGroupMembership',
                ),
            ],
        ),
    ]
