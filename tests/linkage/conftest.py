"""A small registry with planted duplicates: distinct persons in two communes of Điện Biên, and copies
of some of them typed again the way duplicates arise (no diacritics, given name first, day and month
swapped, year only, no personal ID, ID with a wrong digit, another commune)."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import shutil

import pytest

from ansinh.core.text import fold, normalize_name

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Âu", "Lò", "Quàng", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hữu", "Ngọc", "Xuân"]
GIVEN = [
    "Dũng",
    "Hòa",
    "Thủy",
    "An",
    "Bình",
    "Cường",
    "Hà",
    "Linh",
    "Mai",
    "Nam",
    "Phương",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
    "Hùng",
    "Khoa",
    "Lan",
    "Long",
    "Nga",
    "Oanh",
]
_ids = itertools.count(10_000_000)

# CI installs Java (.ci/run), so there a missing Java fails the Spark test instead of skipping it.
_IN_CI = bool(os.environ.get("CI") or os.environ.get("ANSINH_REQUIRE_POSTGRES"))
requires_java = pytest.mark.skipif(
    shutil.which("java") is None and not _IN_CI,
    reason="Spark needs Java (apt-get install openjdk-17-jre-headless)",
)


def make_person(commune, *, name, birth_date=None, birth_year=None, personal_id=None, phone="", sex="M"):
    from ansinh.registry.models import Person

    year = birth_year or birth_date.year
    return Person.objects.create(
        commune=commune,
        province_code=commune.province_code,
        personal_id=personal_id,
        full_name=normalize_name(name),
        name_folded=fold(name),
        birth_date=birth_date,
        birth_year=year,
        birth_date_precision="day" if birth_date else "year",
        sex=sex,
        ethnicity="01",
        phone=phone,
    )


def new_id(year: int = 1960) -> str:
    return f"011{'0' if year < 2000 else '2'}{year % 100:02d}{next(_ids) % 1_000_000:06d}"


def variants(rng: random.Random):
    """How a copy differs from the original: each a function (name, birth, pid, commune) → changed."""

    def no_diacritics(n, b, p, c):
        return fold(n).title(), b, None, c

    def given_first(n, b, p, c):
        w = n.split()
        return " ".join([*w[1:], w[0]]), b, None, c

    def swapped(n, b, p, c):
        return n, (b.replace(day=b.month, month=b.day) if b.day <= 12 else b), None, c

    def year_only(n, b, p, c):
        return n, None, None, c

    def wrong_digit(n, b, p, c):
        return n, b, p[:-1] + str((int(p[-1]) + 1) % 10), c

    return [no_diacritics, given_first, swapped, year_only, wrong_digit]


@pytest.fixture
def planted(commune_a, commune_b):
    """60 persons and 10 planted copies; returns (persons, {(low id, high id)} of true duplicates)."""
    rng = random.Random(7)
    persons, truth = [], set()
    used = set()
    for n in range(60):
        while True:
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            birth = dt.date(1945 + rng.randrange(60), rng.randrange(1, 13), rng.randrange(1, 29))
            if (name, birth.year) not in used:
                used.add((name, birth.year))
                break
        commune = commune_a if n % 2 else commune_b
        persons.append(
            make_person(
                commune,
                name=name,
                birth_date=birth,
                personal_id=new_id(birth.year),
                phone=f"09{rng.randrange(10**8):08d}",
            )
        )
    changes = variants(rng)
    for n, original in enumerate(persons[:10]):
        change = changes[n % len(changes)]
        name, birth, pid, commune = change(
            original.full_name, original.birth_date, original.personal_id, original.commune
        )
        copy = make_person(
            commune, name=name, birth_date=birth, birth_year=original.birth_year, personal_id=pid
        )
        truth.add((original.pk, copy.pk))
    return persons, truth
