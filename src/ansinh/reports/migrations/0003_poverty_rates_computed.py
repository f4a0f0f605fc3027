"""The poverty rates are computed from the approved lists from now on, no longer entered.

The packaged catalogue says so for a new database; this turns the two lines of an existing catalogue from
entered to computed (unless an administrator already changed their source). The new poverty indicators are
added by the seeding after migrate, as every packaged indicator is.
"""

from django.db import migrations

NOTES = {
    "POV.POOR_RATE": (
        "Số hộ có trạng thái hộ nghèo theo quyết định công nhận tại ngày cuối kỳ / tổng số hộ trong cơ sở dữ "
        "liệu hộ gia đình của đơn vị."
    ),
    "POV.NEAR_POOR_RATE": (
        "Số hộ có trạng thái hộ cận nghèo theo quyết định công nhận tại ngày cuối kỳ / tổng số hộ trong cơ sở "
        "dữ liệu hộ gia đình của đơn vị."
    ),
}


def computed(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    for code, note in NOTES.items():
        Indicator.objects.using(schema_editor.connection.alias).filter(code=code, source="entered").update(
            source="computed", note=note
        )


def entered(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    Indicator.objects.using(schema_editor.connection.alias).filter(code__in=list(NOTES)).update(
        source="entered"
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_submission_checks")]

    operations = [migrations.RunPython(computed, entered)]
