"""Copy the packaged labour classifications (`labour/data/`) into their tables, for joins and reports.
Run after every migrate and by `ansinh load-labour-reference`."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ansinh.core.text import normalize, search_key
from ansinh.labour.models import Industry, Occupation, OccupationSynonym
from ansinh.labour.reference.classifications import industries, occupations, read_tsv


@transaction.atomic
def load_labour_reference(using: str = "default") -> dict[str, Any]:
    """Copy the packaged classifications into their tables. Running it again changes nothing."""
    occupation_rows = [
        Occupation(
            code=row.code,
            level=row.level,
            parent_code=row.parent_code,
            name=row.name,
            name_en=row.name_en,
            name_folded=search_key(row.name),
            provisional=row.provisional,
        )
        for row in occupations().values()
    ]
    Occupation.objects.using(using).bulk_create(
        occupation_rows,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["level", "parent_code", "name", "name_en", "name_folded", "provisional"],
    )
    Occupation.objects.using(using).exclude(code__in=occupations().keys()).delete()

    wanted = {(search_key(row["term"]), row["code"]): normalize(row["term"])
              for row in read_tsv("occupation_synonyms.tsv")}  # fmt: skip
    existing = set(OccupationSynonym.objects.using(using).values_list("term_folded", "occupation_id"))
    stale = existing - wanted.keys()
    for term_folded, code in stale:
        OccupationSynonym.objects.using(using).filter(term_folded=term_folded, occupation_id=code).delete()
    OccupationSynonym.objects.using(using).bulk_create(
        [
            OccupationSynonym(term=term, term_folded=key[0], occupation_id=key[1])
            for key, term in wanted.items()
            if key not in existing
        ]
    )

    Industry.objects.using(using).bulk_create(
        [
            Industry(
                version=r.version, code=r.code, name=r.name, name_en=r.name_en, provisional=r.provisional
            )
            for r in industries().values()
        ],
        update_conflicts=True,
        unique_fields=["version", "code"],
        update_fields=["name", "name_en", "provisional"],
    )
    return {
        "occupations": len(occupation_rows),
        "synonyms": len(wanted),
        "industries": len(industries()),
    }
