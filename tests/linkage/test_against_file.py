"""`ansinh dedup run --against FILE`: the rows of an import file linked against the registry in
link-only mode (each row against registry persons, never rows with each other), within the user's
scope, writing nothing."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ansinh.core.text import fold
from ansinh.linkage.models import CandidatePair, LinkageRun
from ansinh.linkage.services import link_file
from ansinh.registry.models import Person
from tests.registry.test_imports import _csv, _row

pytestmark = pytest.mark.django_db


def _dmy(date) -> str:
    return date.strftime("%d/%m/%Y")


def _file(persons, commune_a) -> bytes:
    """Row 2: a registered person typed again without diacritics, no ID; row 3: the same with the ID;
    row 4: someone new; row 5: a row without a birth date or year; row 6: another registered person."""
    first, other = persons[21], persons[33]
    rows = [
        _row(commune_a, fold(first.full_name).title(), birth=_dmy(first.birth_date),
             sex="Nam" if first.sex == "M" else "Nữ"),
        _row(commune_a, first.full_name, pid_=first.personal_id, birth=_dmy(first.birth_date),
             sex="Nam" if first.sex == "M" else "Nữ"),
        _row(commune_a, "Thào A Chứ", birth="03/03/1999"),
        _row(commune_a, "Vừ Thị Dua", birth="", year=""),
        _row(commune_a, other.full_name, birth=_dmy(other.birth_date),
             sex="Nam" if other.sex == "M" else "Nữ"),
    ]  # fmt: skip
    return _csv(rows)


def test_each_row_gets_the_registry_persons_it_probably_is(planted, province_officer, commune_a):
    persons, _truth = planted
    before = Person.objects.count()
    found = link_file(actor=province_officer, filename="rows.csv", content=_file(persons, commune_a))
    by_row: dict[int, list[int]] = {}
    for link in found.links:
        by_row.setdefault(link.row, []).append(link.person_id)
        assert link.match_probability >= 0.9 and set(link.levels) >= {"given", "dob", "pid"}
    assert by_row[2][0] == persons[21].pk and by_row[3][0] == persons[21].pk
    assert by_row[6][0] == persons[33].pk
    assert 4 not in by_row  # nobody like the new person
    assert found.skipped == [5] and (found.rows, found.compared) == (5, 4)
    assert found.registry == before
    # Link-only: never a row with another row (rows 2 and 3 are the same human being).
    assert all(link.person_id in {p.pk for p in Person.objects.all()} for link in found.links)
    assert Person.objects.count() == before and not CandidatePair.objects.exists()
    assert not LinkageRun.objects.exists()


def test_persons_outside_the_users_scope_are_not_compared(
    planted, commune_officer, other_commune_officer, commune_a, commune_b
):
    persons, _truth = planted
    content = _file(persons, commune_a)
    ours = link_file(actor=commune_officer, filename="rows.csv", content=content)
    theirs = link_file(actor=other_commune_officer, filename="rows.csv", content=content)
    assert ours.registry + theirs.registry == Person.objects.count()
    # persons[21] lives in commune_a (odd index), persons[33] too: only the commune's officer finds them.
    assert {link.person_id for link in ours.links} >= {persons[21].pk, persons[33].pk}
    assert not {persons[21].pk, persons[33].pk} & {link.person_id for link in theirs.links}
    assert all(p.commune_id == commune_b.pk for p in Person.objects.filter(pk__in=[
        link.person_id for link in theirs.links]))  # fmt: skip


def test_the_command_prints_the_matches_per_row(planted, province_officer, commune_a, tmp_path):
    persons, _truth = planted
    path = tmp_path / "rows.csv"
    path.write_bytes(_file(persons, commune_a))
    out = StringIO()
    call_command("dedup", "run", "--against", str(path), "--as", province_officer.username, "--json",
                 stdout=out)  # fmt: skip
    summary = json.loads(out.getvalue())
    assert summary["rows"] == 5 and summary["skipped"] == [5]
    first = next(m for m in summary["matches"] if m["row"] == 2)
    assert first["person"] == persons[21].pk and first["full_name"] == persons[21].full_name
    text = StringIO()
    call_command("dedup", "run", "--against", str(path), "--lang", "vi", stdout=text)
    assert f"Dòng 2: có thể là người số {persons[21].pk}" in text.getvalue()


def test_bad_files_and_options_exit_2(province_officer, tmp_path):
    missing = tmp_path / "none.csv"
    with pytest.raises(CommandError) as caught:
        call_command("dedup", "run", "--against", str(missing))
    assert caught.value.returncode == 2
    wrong = tmp_path / "rows.pdf"
    wrong.write_bytes(b"%PDF")
    with pytest.raises(CommandError) as caught:
        call_command("dedup", "run", "--against", str(wrong))
    assert caught.value.returncode == 2
    with pytest.raises(CommandError) as caught:
        call_command("dedup", "run", "--against", str(wrong), "--engine", "spark")
    assert caught.value.returncode == 2
    with pytest.raises(CommandError) as caught:
        call_command("dedup", "run", "--as", province_officer.username)
    assert caught.value.returncode == 2


def test_the_prior_is_estimated_from_the_rows_already_registered():
    import datetime as dt

    import duckdb

    from ansinh.linkage import engine, prepare

    def record(pk, name, pid=None, birth=dt.date(1980, 5, 6)):
        return prepare.RawRecord(pk, name, birth, birth.year, "M", pid, "c1", "c1", "11", "")

    registry = prepare.table(
        [record(100 + n, f"Lò Văn {g}", pid=f"0110800{n:05d}") for n, g in enumerate("ABCDEFGHIK")]
    )

    def prior(rows):
        con = duckdb.connect()
        try:
            return engine.file_prior(con, prepare.table(rows), registry)
        finally:
            con.close()

    # Four rows, none registered: the floor, one row in the file.
    new = [record(n, f"Thào A {g}", birth=dt.date(1999, 1, 2)) for n, g in enumerate("PQRS", start=2)]
    assert prior(new) == pytest.approx(1 / (4 * 10))
    # One row by its personal ID, one by its name typed given name first and its birth date: 2 / 0.7.
    known = [*new[:2], record(4, "X Y", pid="011080000003"), record(5, "B Lò Văn")]
    assert prior(known) == pytest.approx((2 / engine.DETERMINISTIC_RECALL) / (4 * 10))
    # Every row registered: at most one person per row, 1 / registry size.
    every = [record(n, f"Lò Văn {g}", pid=f"0110800{n - 2:05d}") for n, g in enumerate("ABCD", start=2)]
    assert prior(every) == pytest.approx(1 / 10)
