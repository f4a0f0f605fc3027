"""`ansinh geo …` and `ansinh load-units`: in process with call_command, and as processes for exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ANSINH = Path(sys.executable).with_name("ansinh")


def _call(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# --- in process --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_json(units):
    rows = json.loads(
        _call("geo", "list", "--level", "district", "--on", "2025-06-30", "--parent", "44", "--json")
    )
    assert {"code": "450", "name": "Thành phố Đồng Hới", "level": "district", "parent_code": "44",
            "valid_from": None, "valid_to": "2025-06-30"} in rows  # fmt: skip
    assert len(rows) == 8
    assert json.loads(_call("geo", "list", "--level", "district", "--on", "2025-07-01", "--json")) == []


@pytest.mark.django_db
def test_list_defaults_to_today_and_prints_a_table(units):
    rows = json.loads(_call("geo", "list", "--level", "province", "--json"))
    assert len(rows) == 34 and {row["valid_from"] for row in rows} == {"2025-07-01"}
    table = _call("geo", "list", "--level", "province")
    assert "Tỉnh Quảng Trị" in table and "Tỉnh Quảng Bình" not in table


@pytest.mark.django_db
def test_list_unknown_parent_is_a_usage_error(units):
    with pytest.raises(CommandError) as error:
        _call("geo", "list", "--level", "commune", "--parent", "999")
    assert error.value.returncode == 2
    assert "--parent" in str(error.value)


@pytest.mark.parametrize(
    ("args", "option"),
    [(["--level", "village"], "--level"), (["--level", "commune", "--on", "2025-02-30"], "--on")],
)
def test_list_bad_option_values_name_the_option(args, option):
    with pytest.raises(CommandError) as error:
        _call("geo", "list", *args)
    assert option in str(error.value)


@pytest.mark.django_db
def test_convert_json(units):
    result = json.loads(_call("geo", "convert", "bao ninh, dong hoi, quang binh", "--json"))
    assert result["new"]["commune"] == {"code": "18880", "name": "Phường Đồng Hới"}
    assert result["input"] == "bao ninh, dong hoi, quang binh"


@pytest.mark.django_db
def test_convert_failure_prints_the_error_and_exits_1(units, english):
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("geo", "convert", "Xã Không Có, Đồng Hới, Quảng Bình", "--json", stdout=out)
    assert error.value.returncode == 1
    assert json.loads(out.getvalue()) == {
        "error": {
            "code": "address.commune_not_found",
            "message": "Commune not found in Thành phố Đồng Hới: “Xã Không Có”.",
        }
    }


@pytest.mark.django_db
def test_successors_and_predecessors(units):
    data = json.loads(_call("geo", "successors", "--level", "commune", "--code", "18796", "--json"))
    assert data["unit"]["name"] == "Xã Kỳ Lợi"
    assert [row["is_default"] for row in data["successors"]].count(True) == 1
    assert len(data["successors"]) >= 2
    data = json.loads(_call("geo", "predecessors", "--level", "province", "--code", "44", "--json"))
    assert {row["code"] for row in data["predecessors"]} == {"44", "45"}
    text = _call("geo", "successors", "--level", "province", "--code", "44")
    assert "Tỉnh Quảng Trị" in text
    with pytest.raises(CommandError) as error:
        _call("geo", "successors", "--level", "district", "--code", "450", "--on", "2025-07-01")
    assert error.value.returncode == 2 and "--code" in str(error.value)


@pytest.mark.django_db
def test_load_units_command_reports_unchanged(units):
    summary = json.loads(_call("load-units", "--json"))
    assert summary["status"] == "unchanged"
    assert summary["counts"]["legacy"]["district"] == 696
    assert "14149" in _call("load-units").replace(".", "").replace(",", "")


# --- as processes ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """Run `ansinh` against its own SQLite database, migrated and loaded through the CLI itself.

    The test database is not visible to another process (SQLite in memory), so the exit-code tests get
    a database of their own; building it also exercises `load-units` end to end.
    """
    home = tmp_path_factory.mktemp("ansinh")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{home}/cli.sqlite3", "ANSINH_VAR": str(home)}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(ANSINH), *args], env=env, cwd=home, capture_output=True, timeout=120, check=False
        )

    assert run("migrate", "--skip-checks", "-v0").returncode == 0
    loaded = run("load-units", "--skip-checks", "--json")
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["status"] == "created"
    return run


def test_cli_second_load_is_unchanged(cli):
    again = cli("load-units", "--skip-checks", "--json")
    assert json.loads(again.stdout)["status"] == "unchanged"


def test_cli_convert_ok_prints_utf8_json(cli):
    done = cli("geo", "convert", "Xã Bảo Ninh, Thành phố Đồng Hới, Tỉnh Quảng Bình", "--json")
    assert done.returncode == 0, done.stderr
    assert "Phường Đồng Hới".encode() in done.stdout  # not \\u-escaped
    assert json.loads(done.stdout)["new"]["province"]["code"] == "44"


def test_cli_convert_unresolved_exits_1_with_json_error(cli):
    done = cli("geo", "convert", "bao ninh, dong hoi, atlantis", "--json")
    assert done.returncode == 1
    assert json.loads(done.stdout)["error"]["code"] == "address.province_not_found"
    human = cli("geo", "convert", "bao ninh, dong hoi, atlantis")
    assert human.returncode == 1
    assert human.stdout == b"" and "Atlantis".lower().encode() in human.stderr.lower()


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--level", "village"], b"--level"),
        (["--level", "commune", "--on", "30/06/2025"], b"--on"),
        (["--level", "commune", "--parent", "999"], b"--parent"),
    ],
)
def test_cli_bad_options_exit_2_naming_the_option(cli, args, option):
    done = cli("geo", "list", *args)
    assert done.returncode == 2
    assert option in done.stderr
