"""A pair (and a merge) whose two records sit in two provinces belongs to both: `other_province_code` holds
the second province. Existing rows are filled from the persons' provinces."""

from django.db import migrations, models


def fill(apps, schema_editor):
    CandidatePair = apps.get_model("linkage", "CandidatePair")
    Merge = apps.get_model("linkage", "Merge")
    pairs = (
        CandidatePair.objects.filter(commune__isnull=True)
        .exclude(right__province_code=models.F("province_code"))
        .values_list("pk", "right__province_code")
    )
    for pk, province in pairs.iterator(chunk_size=5_000):
        CandidatePair.objects.filter(pk=pk).update(other_province_code=province)
    merges = (
        Merge.objects.filter(commune__isnull=True)
        .exclude(merged__province_code=models.F("province_code"))
        .values_list("pk", "merged__province_code")
    )
    for pk, province in merges.iterator(chunk_size=5_000):
        Merge.objects.filter(pk=pk).update(other_province_code=province)


class Migration(migrations.Migration):
    dependencies = [
        ("linkage", "0002_fill_person_merged_into"),
    ]

    operations = [
        migrations.AddField(
            model_name="candidatepair",
            name="other_province_code",
            field=models.CharField(blank=True, db_index=True, default="", max_length=4),
        ),
        migrations.AddField(
            model_name="merge",
            name="other_province_code",
            field=models.CharField(blank=True, db_index=True, default="", max_length=4),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
