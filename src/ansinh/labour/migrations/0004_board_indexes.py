from django.db import migrations, models

# PostgreSQL: trigram indexes serve the `LIKE '%word%'` searches on the folded text columns (seekers by
# name, title and occupation; vacancies by title; employers by name), which would otherwise scan the
# table. pg_trgm is a trusted extension: the database owner may create it. SQLite has no equivalent and
# needs none at the sizes it is used for.
TRIGRAM = [
    ("labour_jobseeker", "search_folded", "labour_seeker_search_trgm"),
    ("labour_vacancy", "title_folded", "labour_vacancy_title_trgm"),
    ("labour_employer", "name_folded", "labour_employer_name_trgm"),
]


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in TRIGRAM:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in TRIGRAM:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("labour", "0003_fairemployer_fairinterview_fairmatch_fairprovince_and_more"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="vacancy",
            index=models.Index(fields=["status", "-opened_on", "-id"], name="labour_vacancy_open_recent_idx"),
        ),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
    ]
