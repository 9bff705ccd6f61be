from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_clinic_time_zone")]

    operations = [
        migrations.AddField(
            model_name="clinic",
            name="tax_id",
            field=models.CharField(blank=True, max_length=30, verbose_name="tax id"),
        ),
        migrations.AddField(
            model_name="practitioner",
            name="npi",
            field=models.CharField(blank=True, max_length=10, verbose_name="NPI"),
        ),
    ]
