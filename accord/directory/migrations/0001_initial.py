"""The directory and cooperation protocols arrive from referrals without touching the data
(docs/decisions/0085).

The four tables were created by referrals' 0001 and keep their names (`db_table`): this
migration creates the models in the migration state only, on those tables; referrals' 0006
removes them from referrals' state, also without a database operation. On a fresh database the
tables come from referrals' 0001 as before; on an existing one every row stays where it is.

The content types of the four models are renamed from the app label `referrals` to `directory`,
so that their admin permissions (and whoever holds them) stay attached. Audit events are not
touched: they name a record by its label as a string inside the hash chain, so events written
before the move keep `referrals.protocol` and the like (the audit selectors read both labels).
"""

import accord.core.fields
import django.core.validators
import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models

MOVED = ["directoryentry", "protocol", "protocolparty", "protocolflow"]


def _relabel(apps, old: str, new: str) -> None:
    content_types = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        # A row under the new label can only exist if content types were created in between;
        # then the old row is the stale one and keeps its label for `remove_stale_contenttypes`.
        if not content_types.objects.filter(app_label=new, model=model).exists():
            content_types.objects.filter(app_label=old, model=model).update(app_label=new)


def content_types_to_directory(apps, schema_editor) -> None:
    _relabel(apps, "referrals", "directory")


def content_types_to_referrals(apps, schema_editor) -> None:
    _relabel(apps, "directory", "referrals")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0006_organisation_retention'),
        ('contenttypes', '0002_remove_content_type_name'),
        # The tables exist once referrals' last migration before the move has run.
        ('referrals', '0005_merge_case_notices_and_reads'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='DirectoryEntry',
                    fields=[
                        ('service', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='directory_entry', serialize=False, to='accounts.service', verbose_name='service')),
                        ('offers', models.JSONField(blank=True, default=list, verbose_name='offers')),
                        ('languages', models.JSONField(blank=True, default=list, help_text='Language codes, e.g. es, en.', verbose_name='languages')),
                        ('accessibility', models.TextField(blank=True, help_text='Step-free access, hearing loop, sign language…', max_length=2000, verbose_name='accessibility')),
                        ('catchment', models.CharField(blank=True, help_text='The area the service covers.', max_length=200, verbose_name='catchment')),
                        ('how_to_refer', models.TextField(blank=True, max_length=2000, verbose_name='how to refer')),
                        ('accepts_self_referrals', models.BooleanField(default=False, verbose_name='accepts self-referrals')),
                        ('accepted_case_kinds', models.JSONField(blank=True, default=list, verbose_name='case kinds a referral may open')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                    ],
                    options={
                        'verbose_name': 'directory entry',
                        'verbose_name_plural': 'directory entries',
                        'db_table': 'referrals_directoryentry',
                    },
                ),
                migrations.CreateModel(
                    name='Protocol',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='unique id')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('active', 'Active')], default='draft', max_length=16, verbose_name='status')),
                        ('valid_from', models.DateField(blank=True, null=True, verbose_name='valid from')),
                        ('valid_to', models.DateField(blank=True, help_text='The last day the protocol is in force; empty while it runs on.', null=True, verbose_name='valid to')),
                        ('response_working_days', models.PositiveSmallIntegerField(default=2, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='days to answer a referral (working days)')),
                        ('document', accord.core.fields.EncryptedTextField(blank=True, null=True, verbose_name='signed document')),
                        ('document_name', models.CharField(blank=True, max_length=200, verbose_name='document file name')),
                        ('document_content_type', models.CharField(blank=True, max_length=100, verbose_name='document content type')),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'cooperation protocol',
                        'verbose_name_plural': 'cooperation protocols',
                        'db_table': 'referrals_protocol',
                        'ordering': ['title', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ProtocolFlow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('categories', models.JSONField(default=list, verbose_name='data categories')),
                        ('from_organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation', verbose_name='from')),
                        ('protocol', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='flows', to='directory.protocol', verbose_name='protocol')),
                        ('to_organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation', verbose_name='to')),
                    ],
                    options={
                        'verbose_name': 'protocol data flow',
                        'verbose_name_plural': 'protocol data flows',
                        'db_table': 'referrals_protocolflow',
                        'ordering': ['from_organisation__name', 'to_organisation__name'],
                    },
                ),
                migrations.CreateModel(
                    name='ProtocolParty',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('signatory_name', models.CharField(blank=True, max_length=200, verbose_name='signatory')),
                        ('signatory_role', models.CharField(blank=True, max_length=200, verbose_name="signatory's role")),
                        ('signed_on', models.DateField(blank=True, null=True, verbose_name='signed on')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='protocol_parties', to='accounts.organisation', verbose_name='organisation')),
                        ('protocol', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parties', to='directory.protocol', verbose_name='protocol')),
                    ],
                    options={
                        'verbose_name': 'protocol party',
                        'verbose_name_plural': 'protocol parties',
                        'db_table': 'referrals_protocolparty',
                        'ordering': ['organisation__name'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='protocol',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'active'])), name='protocol_status_valid'),
                ),
                migrations.AddConstraint(
                    model_name='protocol',
                    constraint=models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), models.Q(('valid_from__isnull', False), ('valid_to__gte', models.F('valid_from'))), _connector='OR'), name='protocol_valid_to_after_from'),
                ),
                migrations.AddConstraint(
                    model_name='protocol',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'active'), _negated=True), ('valid_from__isnull', False), _connector='OR'), name='protocol_active_has_valid_from'),
                ),
                migrations.AddIndex(
                    model_name='protocolflow',
                    index=models.Index(fields=['from_organisation', 'to_organisation'], name='protocol_flow_direction'),
                ),
                migrations.AddConstraint(
                    model_name='protocolflow',
                    constraint=models.UniqueConstraint(fields=('protocol', 'from_organisation', 'to_organisation'), name='protocol_flow_unique_direction'),
                ),
                migrations.AddConstraint(
                    model_name='protocolflow',
                    constraint=models.CheckConstraint(condition=models.Q(('from_organisation', models.F('to_organisation')), _negated=True), name='protocol_flow_between_two'),
                ),
                migrations.AddConstraint(
                    model_name='protocolparty',
                    constraint=models.UniqueConstraint(fields=('protocol', 'organisation'), name='protocol_party_unique'),
                ),
                migrations.AddConstraint(
                    model_name='protocolparty',
                    constraint=models.CheckConstraint(condition=models.Q(('signed_on__isnull', True), models.Q(('signatory_name', ''), _negated=True), _connector='OR'), name='protocol_party_signed_by_someone'),
                ),
            ],
        ),
        migrations.RunPython(content_types_to_directory, content_types_to_referrals),
    ]
