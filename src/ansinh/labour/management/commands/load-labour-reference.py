"""`ansinh load-labour-reference`: copy the occupation classification, synonyms and VSIC into the database.

Also runs after every `migrate`; running it again changes nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ansinh.labour.reference.loader import load_labour_reference


class Command(BaseCommand):
    help = "Load the Vietnam occupation classification (VSCO 2020), job-title synonyms and VSIC sections."

    def handle(self, *args, **options):
        counts = load_labour_reference()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['occupations']} occupation groups, {counts['synonyms']} job-title synonyms, "
                f"{counts['industries']} VSIC sections."
            )
        )
