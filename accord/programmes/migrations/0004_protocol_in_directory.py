"""A compliance report's protocol is now directory.Protocol (docs/decisions/0085): the same
table and column, so the state changes and the database does not (no table rebuild on
SQLite, no constraint dropped and recreated on PostgreSQL)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0001_initial'),
        ('programmes', '0003_partner_contact_outlives_his_record'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='compliancereport',
                    name='protocol',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.protocol', verbose_name='under the protocol'),
                ),
            ],
        ),
    ]
