"""Demo households loaded before the one household-code format (`registry.codes`) had codes of another
shape, HH-{province}-{seed}-{n}; they take the format every other household has, H{commune}-S…."""

import re

from django.db import migrations

from ansinh.registry import codes

_OLD_DEMO = re.compile(r"HH-\d{2}-(\d+)-(\d+)")
BATCH = 2000


def forwards(apps, schema_editor):
    Household = apps.get_model("registry", "Household")
    old = Household.objects.filter(code__startswith="HH-").select_related("commune").order_by("pk")
    batch = []
    for household in old.iterator(chunk_size=BATCH):
        match = _OLD_DEMO.fullmatch(household.code)
        if match is None:
            continue
        seed, number = int(match.group(1)), int(match.group(2))
        household.code = codes.household_code(household.commune.code, codes.demo_serial(seed, number))
        batch.append(household)
        if len(batch) == BATCH:
            Household.objects.bulk_update(batch, ["code"])
            batch = []
    Household.objects.bulk_update(batch, ["code"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_person_search_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
