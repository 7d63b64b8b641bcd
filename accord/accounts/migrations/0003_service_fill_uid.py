import uuid

from django.db import migrations


def fill_uids(apps, schema_editor):
    Service = apps.get_model("accounts", "Service")
    for service in Service.objects.only("pk").iterator():
        Service.objects.filter(pk=service.pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_service_uid_confidential_address"),
    ]

    operations = [
        migrations.RunPython(fill_uids, migrations.RunPython.noop, elidable=True),
    ]
