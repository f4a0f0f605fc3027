"""Matching for an actor, from the database: scope, permissions, both engines, the CLI."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied
from ansinh.labour.matching import selectors
from ansinh.labour.matching.selectors import matches_for_seeker, matches_for_vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_cold_indexes():
    selectors.clear_indexes()
    with translation.override("en"):
        yield
    selectors.clear_indexes()


@pytest.fixture
def welders(make_seeker, commune_a, commune_b):
    """Two welders in Điện Biên (commune A, commune B) and a cook in commune A."""
    return {
        "a": make_seeker(commune=commune_a, title="Thợ hàn", occupation_codes=["7212"], skills="Hàn MIG"),
        "b": make_seeker(
            commune=commune_b, title="Thợ hàn điện", occupation_codes=["7212"], wage_min=9_000_000
        ),
        "cook": make_seeker(commune=commune_a, title="Đầu bếp", occupation_codes=["5120"], skills="Nấu ăn"),
    }


@pytest.fixture
def hanoi_welder(make_seeker, other_counsellor, ha_noi_commune):
    return make_seeker(
        actor=other_counsellor,
        commune=ha_noi_commune,
        title="Thợ hàn",
        occupation_codes=["7212"],
        desired_provinces=["01"],
        willing_to_move=True,
    )


@pytest.fixture
def welding_job(make_vacancy, make_employer, commune_a):
    employer = make_employer(commune=commune_a)
    return make_vacancy(
        employer=employer,
        title="Thợ hàn",
        occupation_code="7212",
        skills="Hàn MIG",
        wage_min=8_000_000,
        wage_max=11_000_000,
        min_general_education=0,
    )


def test_a_counsellor_sees_only_the_seekers_of_their_province(counsellor, welders, hanoi_welder, welding_job):
    found = matches_for_vacancy(actor=counsellor, vacancy_id=welding_job.pk)
    ids = [m.id for m in found]
    assert set(ids) == {welders["a"].pk, welders["b"].pk}
    assert ids[0] == welders["a"].pk  # same commune, the skill asked for
    assert hanoi_welder.pk not in ids


def test_a_nationwide_analyst_sees_every_province(analyst, welders, hanoi_welder, welding_job):
    found = matches_for_vacancy(actor=analyst, vacancy_id=welding_job.pk, top=20)
    assert hanoi_welder.pk in [m.id for m in found]


def test_an_open_vacancy_of_another_province_is_public(other_counsellor, hanoi_welder, welding_job):
    found = matches_for_vacancy(actor=other_counsellor, vacancy_id=welding_job.pk)
    assert [m.id for m in found] == [hanoi_welder.pk]  # the Hanoi centre's own seeker only
    assert found.widened == ["nation"]  # 300 km away: proposed only because willing to move
    assert "widened: the whole country (the seeker is willing to move)" in found.items[0].reasons


def test_a_closed_vacancy_of_another_province_is_not_found(
    other_counsellor, counsellor, analyst, welding_job
):
    from ansinh.labour.registration import services

    services.vacancy_close(actor=counsellor, vacancy_id=welding_job.pk, reason="filled")
    with pytest.raises(NotFound):
        matches_for_vacancy(actor=other_counsellor, vacancy_id=welding_job.pk)
    assert matches_for_vacancy(actor=counsellor, vacancy_id=welding_job.pk) is not None  # own scope: allowed
    assert matches_for_vacancy(actor=analyst, vacancy_id=welding_job.pk) is not None  # the nation is a scope


def test_a_seeker_out_of_scope_looks_missing(other_counsellor, welders):
    with pytest.raises(NotFound) as out_of_scope:
        matches_for_seeker(actor=other_counsellor, seeker_id=welders["a"].pk)
    with pytest.raises(NotFound) as missing:
        matches_for_seeker(actor=other_counsellor, seeker_id=10**9)
    assert out_of_scope.value.as_dict() == missing.value.as_dict()


def test_roles_without_labour_view_are_refused(commune_officer, welders):
    with pytest.raises(PermissionDenied):
        matches_for_seeker(actor=commune_officer, seeker_id=welders["a"].pk)


def test_vacancies_for_a_seeker_come_from_the_whole_country_with_reasons(
    counsellor, welders, welding_job, make_vacancy, make_employer, ha_noi_commune, other_counsellor
):
    hanoi_job = make_vacancy(
        actor=other_counsellor,
        employer=make_employer(actor=other_counsellor, commune=ha_noi_commune),
        title="Thợ hàn",
        occupation_code="7212",
    )
    found = matches_for_seeker(actor=counsellor, seeker_id=welders["a"].pk)
    by_id = {m.id: m for m in found}
    assert (
        welding_job.pk in by_id and hanoi_job.pk not in by_id
    )  # far away, not willing to move: not proposed
    best = by_id[welding_job.pk]
    assert "same occupation 7212" in best.reasons
    assert "same commune" in best.reasons
    willing = matches_for_seeker(actor=counsellor, seeker_id=welders["a"].pk, province="01")
    assert willing.items == []  # the filter leaves only Hanoi, which is out of reach


def test_both_engines_agree(counsellor, welders, hanoi_welder, welding_job):
    sql = matches_for_vacancy(actor=counsellor, vacancy_id=welding_job.pk, engine="sql")
    memory = matches_for_vacancy(actor=counsellor, vacancy_id=welding_job.pk, engine="memory")
    assert memory.engine == "memory" and sql.engine == "sql"
    assert [(m.id, round(m.score, 6)) for m in memory] == [(m.id, round(m.score, 6)) for m in sql]
    auto = matches_for_vacancy(actor=counsellor, vacancy_id=welding_job.pk, engine="auto")
    assert auto.engine == "memory"  # the seeker index is warm now


def test_memory_engine_never_shows_a_row_closed_since_the_index_was_built(counsellor, welders, welding_job):
    from ansinh.labour.registration import services

    selectors.warm_indexes()
    services.seeker_close(actor=counsellor, seeker_id=welders["a"].pk, reason="withdrawn")
    found = matches_for_vacancy(actor=counsellor, vacancy_id=welding_job.pk, engine="memory")
    assert welders["a"].pk not in [m.id for m in found]


def test_top_is_bounded(counsellor, welders):
    with pytest.raises(ApplicationError) as error:
        matches_for_seeker(actor=counsellor, seeker_id=welders["a"].pk, top=0)
    assert error.value.code == "top.out_of_range"


def test_cli_prints_id_score_reasons(counsellor, welders, welding_job, capsys):
    call_command(
        "match",
        "vacancy",
        str(welding_job.pk),
        "--top",
        "10",
        "--json",
        "--as",
        counsellor.username,
        "--lang",
        "en",
    )
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == [welders["a"].pk, welders["b"].pk]
    assert {"id", "score", "reasons"} <= set(rows[0])
    assert "same occupation 7212" in rows[0]["reasons"]
    assert all(isinstance(reason, str) for reason in rows[0]["reasons"])


def test_cli_seeker_side_and_errors(welders, welding_job, capsys):
    call_command("match", "seeker", str(welders["a"].pk), "--json", "--lang", "en")
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["id"] == welding_job.pk
    with pytest.raises(CommandError):
        call_command("match", "seeker", "999999999", "--json")
    with pytest.raises(CommandError):
        call_command("match", "seeker", str(welders["a"].pk), "--as", "nobody")


def test_cli_announces_widening(welders, make_vacancy, make_employer, commune_b, capsys):
    make_vacancy(
        employer=make_employer(commune=commune_b), title="Thợ gò kim loại tấm", occupation_code="7213"
    )
    call_command("match", "seeker", str(welders["a"].pk), "--lang", "en")
    captured = capsys.readouterr()
    assert "widened" in captured.err.lower() or "related occupations" in captured.err
    assert "widened: related occupations" in captured.out


def test_both_engines_find_a_vacancy_miscoded_at_import(counsellor, make_seeker, make_employer, commune_a):
    """A vacancy whose code came from an uncertain title (here: wrong) is found by its title on both the
    cold SQL path and the in-memory engine, in the same order."""
    from ansinh.labour.models import Vacancy

    seeker = make_seeker(commune=commune_a, title="Công nhân nuôi tôm", occupation_codes=["6221"])
    employer = make_employer(commune=commune_a)
    right = Vacancy.objects.create(
        employer=employer, title="Công nhân nuôi tôm", title_accented="công nhân nuôi tôm",
        title_folded="cong nhan nuoi tom", occupation_code="6221", commune=commune_a,
        province_code=commune_a.province_code, opened_on=employer.created_at.date(),
    )  # fmt: skip
    miscoded = Vacancy.objects.create(
        employer=employer, title="Nuôi tôm thẻ chân trắng", title_accented="nuôi tôm thẻ chân trắng",
        title_folded="nuoi tom the chan trang", occupation_code="9329", occupation_confirmed=False,
        occupation_candidates="9329:0.40", commune=commune_a, province_code=commune_a.province_code,
        opened_on=employer.created_at.date(),
    )  # fmt: skip
    sql = matches_for_seeker(actor=counsellor, seeker_id=seeker.pk, engine="sql")
    memory = matches_for_seeker(actor=counsellor, seeker_id=seeker.pk, engine="memory")
    assert [m.id for m in sql][:2] == [right.pk, miscoded.pk]
    assert [(m.id, round(m.score, 6)) for m in memory] == [(m.id, round(m.score, 6)) for m in sql]
    assert any("not yet confirmed" in r for r in next(m for m in sql if m.id == miscoded.pk).reasons)
