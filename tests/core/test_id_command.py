"""`ansinh id check`: exit codes through the real executable, output through call_command."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ANSINH = Path(sys.executable).with_name("ansinh")
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ANSINH), "id", "check", *args], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )


# Each run starts Django (~1.5 s), so the executable sees one case per exit status and path;
# the other malformed options go through call_command below.
@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["001090012345"], 0),
        (["001 090 012345", "--sex", "M", "--birth-year", "1990", "--json"], 0),
        (["099090012345"], 1),
        (["001090012345", "--sex", "F", "--json", "--lang", "en"], 1),
        (["001090012345", "--birth-year", "90"], 2),
        (["001090012345", "--birth-year", "1990", "--birth-date", "1990-01-01"], 2),
    ],
)
def test_exit_status(args: list[str], status: int) -> None:
    assert run(*args).returncode == status


def test_a_malformed_option_is_named() -> None:
    result = run("001090012345", "--birth-date", "1990-13-01", "--json")
    assert result.returncode == 2
    assert "--birth-date" in result.stderr and "1990-13-01" in result.stderr
    assert result.stdout == ""


def test_json_on_the_command_line_is_one_object_in_vietnamese() -> None:
    result = run("099090012345", "--json")
    assert json.loads(result.stdout) == {
        "valid": False,
        "errors": [
            {
                "code": "personal_id.unknown_province",
                "message": "Mã tỉnh nơi đăng ký khai sinh 099 không có trong danh mục.",
            }
        ],
    }


def check(*args: str) -> str:
    out = StringIO()
    call_command("id", "check", *args, stdout=out)
    return out.getvalue()


def check_invalid(*args: str) -> str:
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("id", "check", *args, stdout=out)
    assert caught.value.returncode == 1
    return out.getvalue()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["001090012345"],
            {
                "valid": True,
                "province_of_birth": {"code": "001", "name": "Hà Nội"},
                "sex": "M",
                "birth_year": 1990,
            },
        ),
        (
            ["079-305-123456", "--sex", "F", "--birth-year", "2005"],
            {
                "valid": True,
                "province_of_birth": {"code": "079", "name": "TP Hồ Chí Minh"},
                "sex": "F",
                "birth_year": 2005,
            },
        ),
    ],
)
def test_valid_json(args: list[str], expected: dict) -> None:
    assert json.loads(check(*args, "--json")) == expected


def test_json_keeps_vietnamese_letters() -> None:
    assert "Hà Nội" in check("001090012345", "--json")


def test_invalid_json_lists_every_error() -> None:
    result = json.loads(check_invalid("099490012345", "--sex", "F", "--birth-year", "1985", "--json"))
    assert result["valid"] is False
    assert [e["code"] for e in result["errors"]] == [
        "personal_id.unknown_province",
        "personal_id.bad_century",
        "personal_id.sex_mismatch",
        "personal_id.birth_year_mismatch",
    ]
    assert all(set(e) == {"code", "message"} for e in result["errors"])
    assert result["errors"][2]["message"] == (
        "Chữ số thứ 4 (thế kỷ và giới tính) là 4, ứng với giới tính nam, nhưng giới tính đã nhập là nữ."
    )


def test_lang_en() -> None:
    result = json.loads(check_invalid("099090012345", "--json", "--lang", "en"))
    assert result["errors"][0]["message"] == "Birth-registration province code 099 is not on the list."


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "vi",
            [
                "Số định danh cá nhân hợp lệ.",
                "Nơi đăng ký khai sinh: 001 Hà Nội",
                "Giới tính: Nữ",
                "Năm sinh: 1990",
            ],
        ),
        (
            "en",
            [
                "Valid personal ID number.",
                "Birth registered in: 001 Hà Nội",
                "Sex: Female",
                "Birth year: 1990",
            ],
        ),
    ],
)
def test_readable_output(lang: str, lines: list[str]) -> None:
    assert check("001190012345", "--lang", lang).splitlines() == lines


def test_readable_output_for_an_invalid_number() -> None:
    lines = check_invalid("001090012345", "--birth-year", "1991").splitlines()
    assert lines == [
        "Số định danh cá nhân không hợp lệ:",
        "- Chữ số thứ 4 đến 6 (thế kỷ và năm sinh) cho năm sinh 1990, nhưng năm sinh đã nhập là 1991."
        " [personal_id.birth_year_mismatch]",
    ]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--birth-date", "1990-02-30"], "--birth-date"),
        (["--birth-date", "30/06/1990"], "--birth-date"),
        (["--birth-year", "199O"], "--birth-year"),
        (["--sex", "X"], "--sex"),
        (["--lang", "fr"], "--lang"),
    ],
)
def test_a_malformed_option_through_call_command_is_named(args: list[str], option: str) -> None:
    # A parser error (exit 2 on the command line), not the "invalid number" of exit 1.
    with pytest.raises(CommandError, match=f"^Error: argument {option}"):
        call_command("id", "check", "001090012345", *args)


def test_sex_is_case_insensitive_and_birth_date_checked() -> None:
    assert json.loads(check("001190012345", "--sex", "f", "--birth-date", "1990-06-30", "--json"))["valid"]
    assert "personal_id.birth_year_mismatch" in check_invalid("001190012345", "--birth-date", "1991-06-30")


def test_a_subcommand_is_required() -> None:
    with pytest.raises(CommandError):
        call_command("id")
