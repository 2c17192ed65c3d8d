import secrets

from django.db import migrations, models

import applications.models


def one_key_per_firm(apps, schema_editor):
    # The field's default was computed once for every existing row: each firm gets its own secret.
    Firm = apps.get_model("applications", "Firm")
    for firm in Firm.objects.all():
        firm.intake_key = secrets.token_urlsafe(24)
        firm.save(update_fields=["intake_key"])


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0007_desk"),
    ]

    operations = [
        migrations.AddField(
            model_name="firm",
            name="intake_key",
            field=models.CharField(default=applications.models.new_intake_key, max_length=64),
        ),
        migrations.RunPython(one_key_per_firm, migrations.RunPython.noop),
    ]
