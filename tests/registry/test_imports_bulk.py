"""The registry import's set-based checks on files longer than one lookup chunk: refusals anywhere in the
file (existing personal IDs in and out of scope, a probable duplicate of a registered person, the same
person or number twice), all listed and nothing written; the screening query; the name normalisation and
the bulk insert it relies on."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ansinh.core import text
from ansinh.core.bulk import BulkInsert
from ansinh.core.models import AuditEvent
from ansinh.core.tabular import ImportRefused
from ansinh.registry import candidates, imports
from ansinh.registry.models import Household, HouseholdMember, Person
from tests.registry.test_imports import _csv, _id, _row

pytestmark = pytest.mark.django_db

ROWS = 4_500  # more than two chunks of the duplicate screening (`candidates._CHUNK`)
FAMILY = ["Lò", "Quàng", "Cà", "Lường", "Vì", "Điêu", "Tòng", "Mùa", "Giàng", "Sùng", "Thào", "Vừ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Hữu", "Xuân", "Kim"]
GIVEN = ["Thắng", "Pọm", "Bình", "Cường", "Lan", "Mai", "Nga", "Phong", "Quý", "Sơn", "Tâm", "Uyên",
         "Vinh", "Yến", "Chính", "Giang", "Hải", "Khải", "Linh", "Nam"]  # fmt: skip


def _big_file(commune) -> list[list[str]]:
    """ROWS distinct persons in households of three, each with a personal ID (Lai Châu, 012)."""
    rng = random.Random(4500)
    names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
    rng.shuffle(names)
    rows, numbers = [], set()
    for i in range(ROWS):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 60))
        sex = "M" if i % 2 else "F"
        number = pid_for(sex, born.year, rng, numbers)
        rows.append(
            _row(commune, names[i % len(names)] + ["", " A", " Ba"][i // len(names)], key=f"H{i // 3}",
                 rel="Chủ hộ" if i % 3 == 0 else "Con", pid_=number, birth=born.strftime("%d/%m/%Y"),
                 sex="Nam" if sex == "M" else "Nữ")
        )  # fmt: skip
    return rows


def pid_for(sex: str, year: int, rng: random.Random, taken: set[str]) -> str:
    from ansinh.core.identifiers import personal_id as pid

    while True:
        number = pid.generate(province_code="012", sex=sex, birth_year=year, rng=rng)  # type: ignore[arg-type]
        if number not in taken:
            taken.add(number)
            return number


def _with(row: list[str], **changes: str) -> list[str]:
    fields = ["key", "rel", "name", "pid", "birth", "year", "sex", "ethnicity", "commune", "phone", "bank",
              "account", "link", "reason"]  # fmt: skip
    out = list(row)
    for name, value in changes.items():
        out[fields.index(name)] = value
    return out


def test_refusals_anywhere_in_a_long_file_are_all_listed_and_nothing_is_written(
    province_officer, other_province_officer, commune_a, ha_noi_commune, make_person
):
    ours = make_person(full_name="Trần Thị Mai", birth_date="1980-01-01", personal_id=_id("F", 1980, 5))
    theirs = make_person(
        actor=other_province_officer, commune_id=ha_noi_commune.pk, full_name="Phạm Văn Khải",
        birth_date="1970-01-01", sex="M", personal_id=_id("M", 1970, 77), phone="",
    )  # fmt: skip
    known = make_person(full_name="Âu Đức Dũng", birth_date="1990-04-12", sex="M", personal_id="", phone="")
    persons_before = Person.objects.count()
    rows = _big_file(commune_a)
    # Row numbers as the spreadsheet counts them: the header is row 1, rows[i] is row i + 2.
    rows[10] = _with(rows[10], name="Trần Thị Mai", pid=ours.personal_id, birth="01/01/1980", sex="Nữ")
    rows[2_600] = _with(rows[2_600], name="Đinh Văn Cường", pid=theirs.personal_id, birth="01/01/1970",
                        sex="Nam")  # fmt: skip
    rows[4_300] = _with(rows[4_300], name="Au Duc Dung", pid="", birth="12/04/1990", sex="Nam")
    rows[4_400] = _with(rows[4_400], pid=rows[20][3], birth=rows[20][4], sex=rows[20][6])  # a number twice
    rows[4_401] = _with(rows[4_401], name=rows[3_000][2], birth=rows[3_000][4], pid="")  # a person twice
    rows[3_333] = _with(rows[3_333], birth="31/02/1990")
    with pytest.raises(ImportRefused) as caught:
        imports.import_file(actor=province_officer, filename="big.csv", content=_csv(rows))
    refused = {(e.row, e.code) for e in caught.value.rows}
    assert refused == {
        (12, "personal_id.duplicate"),
        (12, "person.possible_duplicate"),  # the registered person is also found by name and birth
        (2_602, "personal_id.registered_elsewhere"),
        (4_302, "person.possible_duplicate"),
        (4_402, "personal_id.repeated"),
        (4_403, "person.repeated"),
        (3_335, "field.bad_date"),
    }
    by_row = {e.row: e for e in caught.value.rows}
    assert "Phạm" not in by_row[2_602].message  # another province's person is not revealed
    assert str(known.pk) in by_row[4_302].message and "22" in by_row[4_402].message
    assert caught.value.total == ROWS
    assert Person.objects.count() == persons_before and not Household.objects.exists()


def test_a_long_file_imports_with_its_households_links_and_audit(province_officer, commune_a, make_person):
    known = make_person(full_name="Âu Đức Dũng", birth_date="1990-04-12", sex="M", personal_id="", phone="")
    rows = _big_file(commune_a)
    rows[3_001] = _with(rows[3_001], name="Au Duc Dung", pid="", birth="12/04/1990", sex="Nam",
                        link=str(known.pk))  # fmt: skip
    rows[4_200] = _with(rows[4_200], name="Âu Đức Dũng", pid="", birth="12/04/1990", sex="Nam",
                        reason="Cùng tên, khác cha mẹ")  # fmt: skip
    events_before = AuditEvent.objects.count()
    result = imports.import_file(actor=province_officer, filename="big.csv", content=_csv(rows))
    assert (result.created, result.linked, result.households) == (ROWS - 1, 1, ROWS // 3)
    assert HouseholdMember.objects.count() == ROWS
    assert HouseholdMember.objects.get(person=known).relationship == "child"
    created = Person.objects.filter(pk__in=result.ids)
    assert created.count() == ROWS - 1 and not created.filter(name_folded="").exists()
    assert created.filter(name_folded="au duc dung").count() == 1
    assert AuditEvent.objects.count() - events_before == (ROWS - 1) + ROWS // 3 + 1
    confirmed = AuditEvent.objects.get(object_type="registry.person", after__entry_check__isnull=False)
    assert confirmed.after["entry_check"] == {"confirmed_new": "Cùng tên, khác cha mẹ"}
    summary = AuditEvent.objects.get(object_type="registry.import")
    assert summary.after["rows"] == ROWS and summary.after["created"] == ROWS - 1


def test_bulk_screening_finds_the_same_candidates_as_one_probe_at_a_time(commune_a, make_person):
    """Chunks with and without registry matches: each probe gets what it gets alone by name and year."""
    known = make_person(full_name="Âu Đức Dũng", birth_date="1990-04-12", sex="M", personal_id="", phone="")
    probes = [
        candidates.Probe(full_name=f"Lò Văn Số {i}", birth_year=1950 + i % 50, commune_id=commune_a.pk)
        for i in range(4_100)
    ]
    probes[3] = probes[4_050] = candidates.Probe(
        full_name="Au Duc Dung", birth_year=1990, birth_date=dt.date(1990, 4, 12), sex="M"
    )
    found = candidates.find(probes)
    assert [i for i, c in enumerate(found) if c] == [3, 4_050]
    assert [c.person_id for c in found[4_050]] == [c.person_id for c in candidates.find_one(probes[4_050])]
    assert found[3][0].person_id == known.pk and "full_name" in found[3][0].agrees


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_screening_looks_names_up_by_the_name_index_on_sqlite(units):
    probes = [candidates.Probe(full_name="Lò Văn Thắng", birth_year=1980, phone="0912345678")]
    sql, params = candidates._blocks(probes * 2, single=False)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "registry_person_name_idx" in plan and "registry_person_byear_idx" not in plan


def test_name_normalisation_part_by_part_equals_the_whole_name():
    """`normalize_name` works per space-separated part (cached); it must equal capitalising each word of
    `normalize` of the whole text."""
    rng = random.Random(7)
    pieces = list("aăâeêioôơuưyđĐÐAEIOUYbcdghklmnpqrstvx '-.0\u0301\u0300\u0303\u0309\u0323\u200b\u00ad\téüç")
    pieces += ["Nguyễn", "thị", "HOÀ", "H'Hen", "Y-Moan", "khuỷu", "QUÝ", "gìn", "  "]
    for _ in range(20_000):
        name = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        whole = text._WORD.sub(lambda m: m.group()[:1].upper() + m.group()[1:].lower(), text.normalize(name))
        assert text.normalize_name(name) == whole, name


def test_bulk_insert_raises_djangos_integrity_error(units, commune_a, province_officer):
    columns = ["code", "commune_id", "province_code", "head_id", "address_detail", "created_by_id",
               "updated_by_id"]  # fmt: skip
    row = ("HH-TWICE", commune_a.pk, "11", None, "", province_officer.pk, province_officer.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        BulkInsert(Household, columns, timezone.now()).run([row, row])
