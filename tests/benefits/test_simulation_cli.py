"""`ansinh simulate`: the printed tables (Vietnamese by default), JSON, and exit code 2 for bad input."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.benefits.test_simulation import world  # noqa: F401 (the fixture)


def simulate(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("simulate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_figures(world):  # noqa: F811
    out, _err = simulate(
        "social-assistance", "--standard", "650000", "--from", "2027-01-01",
        "--coefficient", "5a=1.8", "--coefficient", "6.severe=1.2", "--json",
    )  # fmt: skip
    data = json.loads(out)
    assert data["total"]["baseline_monthly"] == 2_700_000 and data["total"]["scenario_monthly"] == 3_250_000
    assert data["total"]["difference_yearly"] == 6_600_000
    assert (data["total"]["gaining"], data["total"]["losing"]) == (2, 1)
    assert {row["province_code"]: row["persons"] for row in data["by_province"]} == {"01": 1, "11": 2}


def test_table_in_vietnamese_number_format(world):  # noqa: F811
    out, _err = simulate(
        "social-assistance", "--standard", "650000", "--from", "2027-01", "--coefficient", "5a=1.8"
    )
    # Before 2.700.000; after 1.170.000 + 975.000 + 1.300.000 = 3.445.000 a month.
    assert "2.700.000" in out and "3.445.000" in out and "+745.000" in out
    assert "Điện Biên" in out and "01/2027" in out


def test_english_and_one_province(world):  # noqa: F811
    out, _err = simulate("social-assistance", "--standard", "650000", "--from", "2027-01", "--province", "01",
                         "--lang", "en")  # fmt: skip
    assert "1,080,000" in out and "1,300,000" in out and "Điện Biên" not in out
    assert "Clause 4" in out


def test_a_cut_warns(world):  # noqa: F811
    out, err = simulate("social-pension", "--standard", "400000", "--from", "2027-01", "--lang", "en")
    assert "lower than the level in force" in err
    assert "-140,000" in out  # one pensioner: 540.000 → 400.000


@pytest.mark.parametrize(
    "args",
    [
        ["social-assistance", "--standard", "650000", "--from", "2027-13-01"],
        ["social-assistance", "--standard", "650000", "--from", "next year"],
        ["social-assistance", "--standard", "-650000", "--from", "2027-01"],
        ["social-assistance", "--standard", "0", "--from", "2027-01"],
        ["social-assistance", "--standard", "650000", "--from", "2027-01", "--coefficient", "9=1.5"],
        ["social-assistance", "--standard", "650000", "--from", "2027-01", "--coefficient", "5a"],
        ["social-assistance", "--standard", "650000", "--from", "2027-01", "--coefficient", "5a=x"],
        ["social-pension", "--standard", "650000", "--from", "2027-01", "--coefficient", "5a=2"],
        ["social-assistance", "--from", "2027-01"],
        ["social-assistance", "--standard", "650000", "--from", "2027-01", "--province", "99"],
    ],
)
def test_bad_input_exits_2(world, args):  # noqa: F811
    with pytest.raises(CommandError) as exc:
        simulate(*args, "--lang", "en")
    assert exc.value.returncode == 2
    assert str(exc.value)


def test_unknown_clause_message_lists_the_keys(world):  # noqa: F811
    with pytest.raises(CommandError) as exc:
        simulate("social-assistance", "--from", "2027-01", "--coefficient", "9=2", "--lang", "en")
    assert "Unknown coefficient 9" in str(exc.value) and "5a.from80" in str(exc.value)


def test_command_line_exit_code(world, capfd):  # noqa: F811
    """Through the real entry point, the way an operator runs it."""
    from ansinh.__main__ import main

    with pytest.raises(SystemExit) as exc:
        main(["simulate", "social-assistance", "--standard", "abc", "--from", "2027-01"])
    assert exc.value.code == 2
