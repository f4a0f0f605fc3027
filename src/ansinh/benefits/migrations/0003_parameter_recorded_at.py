import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def recorded_when_created(apps, schema_editor):
    # Rows that exist already were recorded when they were created, not now: otherwise every month
    # already paid would look as if its law had changed since.
    LegalParameter = apps.get_model("benefits", "LegalParameter")
    LegalParameter.objects.using(schema_editor.connection.alias).update(recorded_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0002_enrolment_end_decision"),
    ]

    operations = [
        migrations.AddField(
            model_name="legalparameter",
            name="recorded_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(recorded_when_created, migrations.RunPython.noop),
    ]
