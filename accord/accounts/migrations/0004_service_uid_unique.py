import uuid

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_service_fill_uid"),
    ]

    operations = [
        migrations.AlterField(
            model_name="service",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="unique id"),
        ),
    ]
