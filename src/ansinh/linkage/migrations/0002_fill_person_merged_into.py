"""Mark the persons merged before `registry.Person.merged_into` existed: every live merge (undone_at null)
sets its merged person's `merged_into` to the kept one. The registry holds the column; the linkage, which
owns the merges, fills it (linkage depends on the registry, never the reverse)."""

from django.db import migrations


def fill(apps, schema_editor):
    Merge = apps.get_model("linkage", "Merge")
    Person = apps.get_model("registry", "Person")
    live = Merge.objects.filter(undone_at__isnull=True).order_by("pk").values_list("merged_id", "kept_id")
    for merged_id, kept_id in live.iterator(chunk_size=5_000):
        Person.objects.filter(pk=merged_id).update(merged_into_id=kept_id)


def clear(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    Person.objects.filter(merged_into__isnull=False).update(merged_into=None)


class Migration(migrations.Migration):
    dependencies = [
        ("linkage", "0001_initial"),
        ("registry", "0005_person_merged_into"),
    ]

    operations = [migrations.RunPython(fill, clear)]
