"""`ansinh report build`: files that open, scope through --as, exit 2 with a clear message."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from ansinh.core.models import AuditAction, AuditEvent
from ansinh.documents.models import IssuedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(put, commune_a, commune_b):
    put("LM.NEW_JOBS", commune_a, "2025H1", value=120)
    put("LM.NEW_JOBS", commune_b, "2025H1", value=80)
    put("LM.NEW_JOBS", commune_a, "2024H1", value=100)


def _run(*args: str) -> str:
    err = io.StringIO()
    call_command("report", "build", *args, stderr=err)
    return err.getvalue()


def test_xlsx_for_a_province_as_its_officer(tmp_path, province_officer, figures):
    out = tmp_path / "dien-bien.xlsx"
    said = _run(
        "--period", "2025H1", "--unit", "11", "--format", "xlsx", "--out", str(out), "--as", "so_dienbien"
    )
    assert str(out) in said
    book = CalamineWorkbook.from_path(str(out))
    rows = book.get_sheet_by_name("Số liệu").to_python()
    assert rows[1][0] == "Đơn vị: Tỉnh Điện Biên"
    new_jobs = next(row for row in rows if row[0] == "LM.NEW_JOBS")
    assert new_jobs[3] == 200 and new_jobs[6] == 100 and new_jobs[7] == 100  # +100%
    children = book.get_sheet_by_name("Đơn vị trực thuộc").to_python()
    assert len(children) == 1 + 45  # the communes of Điện Biên
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == province_officer and event.object_id == "11:2025H1"


def test_json_for_the_nation_in_english(tmp_path, units, figures):
    out = tmp_path / "nation.json"
    _run("--period", "2025H1", "--format", "json", "--out", str(out), "--lang", "en", "--group", "LM")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["language"] == "en" and data["period"]["code"] == "2025H1"
    assert data["unit"]["level"] == "nation" and len(data["children"]) == 34
    assert {info["group"] for info in data["indicators"]} == {"LM"}
    assert data["unit"]["figures"]["LM.NEW_JOBS"]["value"] == "200"  # a decimal string, not a float
    assert data["summary"].startswith("First six months of 2025: results nationwide.")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor is None and event.actor_label == "system"


def test_pdf_default_file_name(tmp_path, monkeypatch, units):
    monkeypatch.chdir(tmp_path)
    _run("--period", "2025", "--unit", "11", "--format", "pdf")
    assert (tmp_path / "bao-cao_11_2025.pdf").read_bytes().startswith(b"%PDF-")
    assert not IssuedDocument.objects.exists()  # a draft: the number is given only with --issue


def test_pdf_issue_takes_the_number_once(tmp_path, monkeypatch, units):
    monkeypatch.chdir(tmp_path)
    for _twice in range(2):
        _run("--period", "2025", "--unit", "11", "--format", "pdf", "--issue")
    issued = IssuedDocument.objects.get()
    assert (issued.number, issued.subject_id) == (1, "11:2025")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2025H3"], "2025H3"),
        (["--period", "2025H1", "--format", "docx"], "docx"),
        (["--period", "2025H1", "--group", "XX"], "XX"),
        (["--period", "2025H1", "--unit", "99999"], "99999"),
        (
            ["--period", "2025H1", "--unit", "01", "--as", "so_dienbien"],
            "so_dienbien",
        ),  # Hà Nội: out of scope
        (["--period", "2025H1", "--as", "nobody"], "nobody"),
        (["--period", "2025H1", "--as", "quantri"], "quantri"),  # a role without reports.view
    ],
)
def test_errors_exit_2_with_a_message(tmp_path, province_officer, admin_user, args, message):
    with pytest.raises(CommandError) as caught:
        _run(*args, "--out", str(tmp_path / "x"))
    assert caught.value.returncode == 2
    assert message in str(caught.value)
    assert not (tmp_path / "x").exists()


def test_json_to_standard_output(capfdbinary, units):
    _run("--period", "2025Q3", "--unit", "11", "--format", "json", "--out", "-", "--group", "SI")
    data = json.loads(capfdbinary.readouterr().out)
    assert data["period"]["code"] == "2025Q3" and data["unit"]["code"] == "11"
    assert {info["group"] for info in data["indicators"]} == {"SI"}
