from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_remove_practitioner_licence_fields")]

    operations = [
        migrations.AddField(
            model_name="clinic",
            name="time_zone",
            field=models.CharField(
                default="UTC", help_text="IANA time zone, e.g. America/Toronto.", max_length=64
            ),
        ),
    ]
