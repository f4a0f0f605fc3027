"""Bad import files kept as files (tests/corpus/imports/, listed in its manifest.json): each is refused
whole with its code, naming the row at fault, and nothing is saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ansinh.core.errors import ApplicationError
from ansinh.core.models import AuditEvent
from ansinh.labour.models import ImportRecord, JobSeeker, Vacancy
from ansinh.labour.registration import imports
from ansinh.registry.models import Person
from tests.corpus.imports import generate

pytestmark = pytest.mark.django_db

FOLDER = Path(__file__).parent / "imports"
CASES = json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))["cases"]


def _content(case: dict, commune: str, tax_code: str) -> bytes:
    if case.get("generated"):
        return generate.workbook(case["file"], commune=commune)
    raw = (FOLDER / case["file"]).read_bytes()
    return raw.replace(b"{commune}", commune.encode()).replace(b"{employer_tax_code}", tax_code.encode())


def _saved() -> tuple[int, ...]:
    labour_events = AuditEvent.objects.filter(object_type__startswith="labour.import").count()
    return (Person.objects.count(), JobSeeker.objects.count(), Vacancy.objects.count(),
            ImportRecord.objects.count(), labour_events)  # fmt: skip


def test_every_corpus_file_is_listed_once():
    listed = [case["file"] for case in CASES]
    kept = {p.name for p in FOLDER.iterdir() if p.suffix in {".csv", ".xlsx"}}
    assert len(listed) == len(set(listed))
    assert kept | set(generate.WORKBOOKS) == set(listed)


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_bad_file_is_refused_whole_with_its_code(case, counsellor, commune_a, make_employer):
    employer = make_employer() if case["kind"] == imports.VACANCIES else None
    content = _content(case, commune_a.code, employer.tax_code if employer else "")
    run = lambda: imports.import_file(  # noqa: E731
        actor=counsellor, kind=case["kind"], filename=case["file"], content=content
    )
    if case.get("imported_before"):
        assert run().created > 0
    before = _saved()
    with pytest.raises(ApplicationError) as caught:
        run()
    refused = caught.value
    if isinstance(refused, imports.ImportRefused):
        assert (case["row"], case["code"]) in {(e.row, e.code) for e in refused.rows}, refused.rows
        assert {e.row for e in refused.rows} == {case["row"]}, refused.rows  # the other rows are good
    else:
        assert refused.code == case["code"], refused
        if case["row"] is not None:
            assert f"dòng {case['row']}" in str(refused.message).lower(), refused.message
    assert _saved() == before
