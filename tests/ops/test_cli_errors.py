"""One CLI error convention: input and file errors exit 2 with one line in Vietnamese (English with
--lang en), no traceback; `user create` never hangs or crashes without a terminal."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, load_command_class

from ansinh.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


class _Pipe(io.StringIO):
    def isatty(self) -> bool:
        return False


def _run_from_argv(monkeypatch, capsys, argv: list[str], stdin: str = "") -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", _Pipe(stdin))
    command = load_command_class(*_app_and_name(argv[1]))
    with pytest.raises(SystemExit) as exited:
        command.run_from_argv(["ansinh", *argv[1:]])
    return exited.value.code, capsys.readouterr().err


def _app_and_name(name: str) -> tuple[str, str]:
    from django.core.management import get_commands

    return get_commands()[name], name


def test_user_create_without_a_terminal_fails_cleanly(monkeypatch, capsys, units):
    monkeypatch.delenv("ANSINH_PASSWORD", raising=False)
    code, err = _run_from_argv(monkeypatch, capsys, ["ansinh", "user", "create", "nv1", "--role", "auditor"])
    assert code == 2
    assert "Traceback" not in err and "CommandError" not in err
    assert err.startswith("Lỗi: ") and "--password-stdin" in err and "ANSINH_PASSWORD" in err
    # (run_from_argv closes the database connections on its way out: no query after it here)


def test_messages_follow_lang(monkeypatch, capsys, units):
    monkeypatch.delenv("ANSINH_PASSWORD", raising=False)
    argv = ["ansinh", "user", "create", "nv1", "--role", "auditor", "--lang", "en"]
    code, err = _run_from_argv(monkeypatch, capsys, argv)
    assert code == 2 and err.startswith("Error: password: No terminal")


def test_user_create_reads_the_password_from_stdin_or_the_environment(monkeypatch, units):
    monkeypatch.setattr("sys.stdin", _Pipe(PASSWORD + "\n"))
    call_command("user", "create", "nv2", "--role", "auditor", "--password-stdin", stdout=StringIO())
    assert User.objects.get(username="nv2").check_password(PASSWORD)
    monkeypatch.setattr("sys.stdin", _Pipe(""))
    monkeypatch.setenv("ANSINH_PASSWORD", PASSWORD)
    call_command("user", "create", "nv3", "--role", "auditor", stdout=StringIO())
    assert User.objects.get(username="nv3").check_password(PASSWORD)


def test_user_create_with_a_weak_password_is_bad_input(monkeypatch, units):
    monkeypatch.setattr("sys.stdin", _Pipe("123\n"))
    with pytest.raises(CommandError) as failed:
        call_command("user", "create", "nv4", "--role", "auditor", "--password-stdin")
    assert failed.value.returncode == 2 and str(failed.value).startswith("password: ")


def test_missing_file_and_directory_are_bad_input_not_tracebacks(monkeypatch, capsys, tmp_path):
    from ansinh.core.cli import AnsinhCommand

    class Reader(AnsinhCommand):
        def add_arguments(self, parser):
            parser.add_argument("file")

        def handle(self, *args, file, **options):
            with open(file, encoding="utf-8") as handle:
                handle.read()

    with pytest.raises(CommandError) as missing:
        call_command(Reader(), str(tmp_path / "nope.csv"))
    assert missing.value.returncode == 2
    assert str(missing.value) == f"{tmp_path / 'nope.csv'}: không có tệp hoặc thư mục này."
    with pytest.raises(CommandError) as directory:
        call_command(Reader(), str(tmp_path))
    assert directory.value.returncode == 2 and "là một thư mục" in str(directory.value)
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError) as undecodable:
        call_command(Reader(), str(binary))
    assert undecodable.value.returncode == 2 and "UTF-8" in str(undecodable.value)
