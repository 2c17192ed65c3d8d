from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("streams", "0002_savedanswers"),
    ]

    operations = [
        migrations.AddField(
            model_name="savedanswers",
            name="pages",
            field=models.JSONField(default=list),
        ),
    ]
