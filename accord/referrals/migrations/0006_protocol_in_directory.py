"""The directory and protocols leave referrals' state for the directory app (docs/decisions/0085).

State only: the tables stay (directory.DirectoryEntry and the protocol models use them under
their old names), `Referral.protocol` points at directory.Protocol on the same column, and the
four models are removed from referrals' state without a database operation. It runs after
directory's 0001 has taken the models over and after programmes' key has followed them, so no
state ever holds a key to a model that is gone.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0001_initial'),
        ('programmes', '0004_protocol_in_directory'),
        ('referrals', '0005_merge_case_notices_and_reads'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='directoryentry',
                    name='service',
                ),
                migrations.RemoveField(
                    model_name='directoryentry',
                    name='updated_by',
                ),
                migrations.RemoveConstraint(
                    model_name='protocol',
                    name='protocol_status_valid',
                ),
                migrations.RemoveConstraint(
                    model_name='protocol',
                    name='protocol_valid_to_after_from',
                ),
                migrations.RemoveConstraint(
                    model_name='protocol',
                    name='protocol_active_has_valid_from',
                ),
                migrations.AlterField(
                    model_name='referral',
                    name='protocol',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='referrals', to='directory.protocol', verbose_name='protocol'),
                ),
                migrations.RemoveIndex(
                    model_name='protocolflow',
                    name='protocol_flow_direction',
                ),
                migrations.RemoveConstraint(
                    model_name='protocolflow',
                    name='protocol_flow_unique_direction',
                ),
                migrations.RemoveConstraint(
                    model_name='protocolflow',
                    name='protocol_flow_between_two',
                ),
                migrations.RemoveConstraint(
                    model_name='protocolparty',
                    name='protocol_party_unique',
                ),
                migrations.RemoveConstraint(
                    model_name='protocolparty',
                    name='protocol_party_signed_by_someone',
                ),
                migrations.DeleteModel(
                    name='DirectoryEntry',
                ),
                migrations.RemoveField(
                    model_name='protocol',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='protocolparty',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='protocolparty',
                    name='protocol',
                ),
                migrations.DeleteModel(
                    name='ProtocolFlow',
                ),
                migrations.DeleteModel(
                    name='Protocol',
                ),
                migrations.DeleteModel(
                    name='ProtocolParty',
                ),
            ],
        ),
    ]
